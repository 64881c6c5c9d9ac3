//! A performance form written as an HTML table on one line (`<table>…</table>`, as MinerU
//! writes Markdown) as the pipe rows it stands for, so the form reader reads it as it reads a
//! pipe grid.
//!
//! Each row is the row's own bytes with the markup blanked and pipes written into it, so every
//! byte of a cell's text stays where it is in the source and the spans the reader takes from
//! the row point at the cell in the markup. A cell spanning columns (`colspan`) is followed by
//! empty cells, and a cell spanning rows (`rowspan`) leaves an empty cell in the rows below:
//! the columns stay where a pipe grid with the merged cells left empty has them.

use crate::source::Span;

/// The pipe rows of a table: each row's span in the source and its text.
pub(super) type Rows = Vec<(Span, String)>;

/// Larger spans are taken as written by mistake.
const MAX_ROWSPAN: usize = 500;
const MAX_COLSPAN: usize = 64;

/// A cell of a row: where its content starts and ends, and how far it reaches.
struct RawCell {
    from: usize,
    to: usize,
    rowspan: usize,
    colspan: usize,
}

struct RawRow {
    start: usize,
    cells: Vec<RawCell>,
}

/// The pipe rows of the HTML table the line holds (`base` is the line's first byte in the
/// source): each row's span in the source and its text. `None` when the line holds no table,
/// or markup that cannot be written as pipe rows of the same length (a nested table, a tag
/// left open, a merged cell with too little markup around it to hold its pipes).
pub(super) fn rows_of(text: &str, base: usize) -> Option<Rows> {
    let start = super::super::html::table_offset(text)?;
    let bytes = text.as_bytes();
    // Tags (and comments) as byte ranges, the table's end, and the rows.
    let mut tags: Vec<(usize, usize)> = Vec::new();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut open: Option<RawCell> = None;
    let mut depth = 0usize;
    let mut pos = start;
    let end = loop {
        let lt = pos + bytes[pos..].iter().position(|&b| b == b'<')?;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            let close = text[lt..].find("-->")? + lt + 3;
            tags.push((lt, close));
            pos = close;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        if !bytes.get(name_at).is_some_and(|b| b.is_ascii_alphabetic()) {
            pos = lt + 1;
            continue;
        }
        let gt = lt + bytes[lt..].iter().position(|&b| b == b'>')? + 1;
        tags.push((lt, gt));
        pos = gt;
        let name_end = bytes[name_at..gt]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(gt, |n| name_at + n);
        let name = text[name_at..name_end].to_ascii_lowercase();
        let attrs = &text[name_end..gt];
        if name == "table" {
            if closing {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break lt;
                }
            } else {
                depth += 1;
                if depth > 1 {
                    return None;
                }
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("tr", false) => {
                close(&mut open, &mut rows, lt, start);
                rows.push(RawRow {
                    start: lt,
                    cells: Vec::new(),
                });
            }
            ("td" | "th", false) => {
                close(&mut open, &mut rows, lt, start);
                open = Some(RawCell {
                    from: gt,
                    to: gt,
                    rowspan: attr(attrs, "rowspan").clamp(1, MAX_ROWSPAN),
                    colspan: attr(attrs, "colspan").clamp(1, MAX_COLSPAN),
                });
            }
            ("td" | "th" | "tr", true) => close(&mut open, &mut rows, lt, start),
            _ => {}
        }
    };
    close(&mut open, &mut rows, end, start);
    if rows.is_empty() {
        return None;
    }
    // Markup is blanked: a byte is kept when a cell holds it and no tag covers it.
    let mut keep = vec![false; end - start];
    for row in &rows {
        for cell in &row.cells {
            keep[cell.from - start..cell.to - start].fill(true);
        }
    }
    for &(from, to) in &tags {
        let (from, to) = (from.max(start).min(end), to.max(start).min(end));
        keep[from - start..to - start].fill(false);
    }
    // Entities decoded in place (`&gt;=90%` reads `   >=90%`); a pipe or a line break in a
    // cell's text would cut it, and is read as a space.
    let mut shown = bytes[..end].to_vec();
    super::super::html::decode_entities(text, &mut shown, start, end, true);
    let mut covered: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let row_start = if r == 0 { start } else { row.start };
        let row_end = rows.get(r + 1).map_or(end, |next| next.start);
        let mut buf: Vec<u8> = (row_start..row_end)
            .map(|i| match shown[i] {
                b'|' | b'\n' | b'\r' => b' ',
                b if keep[i - start] => b,
                _ => b' ',
            })
            .collect();
        let mut col = 0;
        let mut pending = 0;
        let mut gap_from = row_start;
        for cell in &row.cells {
            while covered.get(col).is_some_and(|&n| n > 0) {
                col += 1;
                pending += 1;
            }
            put_pipes(&mut buf, row_start, gap_from, cell.from, pending + 1)?;
            if covered.len() < col + cell.colspan {
                covered.resize(col + cell.colspan, 0);
            }
            // Counted down below, this row included.
            covered[col..col + cell.colspan].fill(cell.rowspan);
            pending = cell.colspan - 1;
            col += cell.colspan;
            gap_from = cell.to;
        }
        pending += covered[col.min(covered.len())..]
            .iter()
            .filter(|&&n| n > 0)
            .count();
        for n in &mut covered {
            *n = n.saturating_sub(1);
        }
        if row.cells.is_empty() {
            continue;
        }
        put_pipes(&mut buf, row_start, gap_from, row_end, pending + 1)?;
        let text = String::from_utf8(buf).ok()?;
        out.push((Span::new(base + row_start, base + row_end), text));
    }
    Some(out)
}

/// Close the open cell at `at` into the last row (a row is opened for a cell without `<tr>`).
fn close(open: &mut Option<RawCell>, rows: &mut Vec<RawRow>, at: usize, start: usize) {
    if let Some(mut cell) = open.take() {
        cell.to = at.max(cell.from);
        if rows.is_empty() {
            rows.push(RawRow {
                start,
                cells: Vec::new(),
            });
        }
        if let Some(row) = rows.last_mut() {
            row.cells.push(cell);
        }
    }
}

/// Write `n` pipes at the start of the blanked markup `from..to` (source offsets) of the row
/// starting at `row_start`; `None` when the markup is too short to hold them.
fn put_pipes(buf: &mut [u8], row_start: usize, from: usize, to: usize, n: usize) -> Option<()> {
    let (from, to) = (from.checked_sub(row_start)?, to.checked_sub(row_start)?);
    if to.saturating_sub(from) < n || to > buf.len() {
        return None;
    }
    let gap = &mut buf[from..from + n];
    // Only markup (blanked) may be overwritten.
    if gap.iter().any(|&b| b != b' ') {
        return None;
    }
    gap.fill(b'|');
    Some(())
}

/// A numeric attribute (`rowspan="2"`), 1 when absent or unreadable.
fn attr(attrs: &str, name: &str) -> usize {
    let lower = attrs.to_ascii_lowercase();
    let Some(at) = lower.find(name) else {
        return 1;
    };
    let rest = lower[at + name.len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return 1;
    };
    let digits: String = rest
        .trim_start()
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .take(4)
        .collect();
    digits.parse().unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::rows_of;

    fn rows(text: &str) -> Vec<String> {
        rows_of(text, 100)
            .expect("rows")
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    fn cells(row: &str) -> Vec<&str> {
        row.split('|').map(str::trim).collect()
    }

    #[test]
    fn merged_cells_leave_empty_cells_where_a_pipe_grid_has_them() {
        let table = "<table><tr><td rowspan=\"2\">产出指标</td><td>数量指标</td><td>人数</td>\
                     <td>=10人</td></tr><tr><td>质量指标</td><td colspan=\"2\">合格率≥95%</td>\
                     </tr></table>";
        let rows = rows(table);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            cells(&rows[0]),
            ["", "产出指标", "数量指标", "人数", "=10人", ""]
        );
        assert_eq!(cells(&rows[1]), ["", "", "质量指标", "合格率≥95%", "", ""]);
        // The text of a cell is where it is in the markup.
        let (span, text) = &rows_of(table, 100).unwrap()[1];
        let at = text.find("质量指标").unwrap();
        assert_eq!(
            &table[span.start - 100 + at..][.."质量指标".len()],
            "质量指标"
        );
    }

    #[test]
    fn markup_that_cannot_be_written_as_rows_is_left_alone() {
        assert!(rows_of("项目名称 | 某项目", 0).is_none());
        assert!(rows_of("<table><tr><td>a</td>", 0).is_none());
        assert!(
            rows_of(
                "<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>",
                0
            )
            .is_none()
        );
        // `<5%` is text, not a tag; inner markup is blanked.
        let rows = rows("<table><tr><td>偏差<5%</td><td>a<br>b</td></tr></table>");
        assert_eq!(cells(&rows[0])[1], "偏差<5%");
        assert_eq!(cells(&rows[0])[2].replace(' ', ""), "ab");
    }

    #[test]
    fn entities_are_decoded_where_they_stand() {
        let table = "<table><tr><td>合格率</td><td>&gt;=95%</td><td>&#8805;90%</td>\
                     <td>A&amp;B</td><td>&#124;x</td></tr></table>";
        let rows = rows(table);
        let squeezed: Vec<String> = cells(&rows[0]).iter().map(|c| c.replace(' ', "")).collect();
        assert_eq!(squeezed, ["", "合格率", ">=95%", "≥90%", "A&B", "x", ""]);
        // The figure after an entity is where it is in the markup.
        let (span, text) = &rows_of(table, 100).unwrap()[0];
        let at = text.find("95%").unwrap();
        assert_eq!(&table[span.start - 100 + at..][..3], "95%");
    }
}
