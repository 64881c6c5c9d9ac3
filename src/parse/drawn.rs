//! Tables drawn with rules on every side: pandoc's grid tables (`pandoc -t plain` and
//! `-t markdown` of a Word file), where a cell may span columns (`| 合计 |` over 科目编码 and
//! 科目名称) or rows (a header cell beside a group's `+----+----+` split), and a cell's text may
//! wrap over several lines between two rules.
//!
//! Counting bars, as the pipe reader does, loses the spans: a row whose first cell covers two
//! columns reads one column to the left. Here the table is read as a drawing instead: every
//! cell is the rectangle its corners (`+`), edges (`-`, `=`, `:` along the top and bottom, `|`
//! down the sides) enclose, found the way docutils reads reStructuredText grid tables, with
//! positions in display columns (a Chinese character is two wide, as pandoc draws it). The
//! rectangles must tile the table exactly; when they do not (a hand-drawn table, a line off by
//! a column), [`read`] declines and the pipe reader reads the lines as before.
//!
//! The cells then go through the HTML reader's layout ([`super::html::expand`]: a merged
//! header cell names a group, a merged row name goes in the last label column) and the shared
//! grid builder.

use unicode_width::UnicodeWidthChar;

use super::Line;
use super::grid;
use super::html::{self, RawCell};
use crate::model::{Layout, Table, Text};
use crate::source::Span;

/// A drawn table larger than this (lines × display columns) is left to the pipe reader.
const MAX_AREA: usize = 4_000_000;

/// One display column of a line: the character drawn there and its byte offset in the source
/// (`None` for the second column of a wide character, and past the line's end).
#[derive(Clone, Copy)]
struct Slot {
    c: char,
    at: usize,
}

/// The lines of a drawn table as display columns.
struct Canvas {
    rows: Vec<Vec<Option<Slot>>>,
    /// Steps left for finding cells: a drawing made to send the corner search round in
    /// circles (rows of corners that never close) runs out of them, and the pipe reader reads
    /// it instead, in time linear in its size.
    steps: std::cell::Cell<usize>,
}

impl Canvas {
    fn new(lines: &[Line]) -> Canvas {
        let rows = lines
            .iter()
            .map(|line| {
                let mut slots = Vec::with_capacity(line.text.len());
                for (i, c) in line.text.char_indices() {
                    let at = line.span.start + i;
                    slots.push(Some(Slot { c, at }));
                    // A tab or control character has no width: it cannot be drawn; a wide
                    // character takes a second column.
                    for _ in 1..c.width().unwrap_or(1) {
                        slots.push(None);
                    }
                }
                slots
            })
            .collect::<Vec<Vec<Option<Slot>>>>();
        let area: usize = rows.iter().map(Vec::len).sum();
        Canvas {
            rows,
            steps: std::cell::Cell::new(area.saturating_mul(16).max(4096)),
        }
    }

    /// Spend `n` steps; `false` once they are used up.
    fn spend(&self, n: usize) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(n));
        left >= n
    }

    fn at(&self, y: usize, x: usize) -> char {
        self.rows
            .get(y)
            .and_then(|r| r.get(x))
            .and_then(|s| s.map(|s| s.c))
            .unwrap_or(' ')
    }

    fn is_corner(&self, y: usize, x: usize) -> bool {
        self.at(y, x) == '+'
    }

    /// A piece of a top or bottom edge: a rule character or a corner.
    fn is_across(&self, y: usize, x: usize) -> bool {
        matches!(self.at(y, x), '-' | '=' | ':' | '+')
    }

    /// A piece of a side: a bar or a corner.
    fn is_down(&self, y: usize, x: usize) -> bool {
        matches!(self.at(y, x), '|' | '+')
    }

    /// The cell whose top-left corner is at (`top`, `left`): its bottom and right corners.
    fn cell_from(&self, top: usize, left: usize) -> Option<(usize, usize)> {
        let width = self.rows.get(top)?.len();
        let mut x = left + 1;
        while x < width && self.is_across(top, x) {
            if !self.spend(1) {
                return None;
            }
            if self.is_corner(top, x)
                && self.is_down(top + 1, x)
                && let Some(bottom) = self.down_from(top, left, x)
            {
                return Some((bottom, x));
            }
            x += 1;
        }
        None
    }

    /// Down the right side at `right` from `top`: the first corner where the bottom edge runs
    /// back to `left` and the left side up to `top`.
    fn down_from(&self, top: usize, left: usize, right: usize) -> Option<usize> {
        let mut y = top + 1;
        while y < self.rows.len() && self.is_down(y, right) {
            if !self.spend(1 + right - left + y - top) {
                return None;
            }
            if self.is_corner(y, right)
                && self.is_across(y, right - 1)
                && self.is_corner(y, left)
                && (left + 1..right).all(|x| self.is_across(y, x))
                && (top + 1..y).all(|k| self.is_down(k, left))
            {
                return Some(y);
            }
            y += 1;
        }
        None
    }

    /// The text inside a cell, line by line: the pieces of source between its sides, trimmed,
    /// joined with a space unless both sides of the join are Chinese (a name wrapped in its
    /// cell: `一般公共预算` / `拨款收入`).
    ///
    /// `None` when a bar stands inside: a side off by a column, so the drawing is not what
    /// it seems.
    fn text(&self, top: usize, left: usize, bottom: usize, right: usize) -> Option<(Text, usize)> {
        let mut text = Text::new();
        let mut first_at = None;
        for y in top + 1..bottom {
            let row = &self.rows[y];
            let slots: Vec<Slot> = (left + 1..right)
                .filter_map(|x| row.get(x).copied().flatten())
                .collect();
            first_at.get_or_insert_with(|| slots.first().map_or(0, |s| s.at));
            let Some(from) = slots.iter().position(|s| !s.c.is_whitespace()) else {
                continue;
            };
            let to = slots
                .iter()
                .rposition(|s| !s.c.is_whitespace())
                .unwrap_or(from);
            let start = slots[from].at;
            let last = slots[to];
            let piece_end = last.at + last.c.len_utf8();
            let piece: String = slots[from..=to].iter().map(|s| s.c).collect();
            if piece.contains('|') {
                return None;
            }
            if !text.text.is_empty() {
                let joined_han = text.text.ends_with(|c: char| !c.is_ascii())
                    && piece.starts_with(|c: char| !c.is_ascii());
                if !joined_han {
                    text.push_synthetic(" ", start);
                }
            }
            // The slots are contiguous source bytes: one line, nothing drawn between them.
            if piece.len() == piece_end - start {
                text.push(&piece, start);
            } else {
                text.push_synthetic(&piece, start);
            }
        }
        Some((text, first_at.unwrap_or(0)))
    }
}

/// Read the drawn table whose first line (a rule, `+----+`) is `lines[start]`: the tables and
/// the index of the line after it; `None` when the lines are no grid of rectangles.
pub(crate) fn read(
    lines: &[Line],
    start: usize,
    carry: &mut Vec<String>,
) -> Option<(Vec<Table>, usize)> {
    let first = lines.get(start)?.text.trim_start();
    if !first.starts_with('+') || !first.trim_end().ends_with('+') {
        return None;
    }
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.is_blank() || !grid::is_grid_line(Layout::Piped, l.text))
            .unwrap_or(lines.len() - start);
    let block = &lines[start..end];
    if block.len() < 3 {
        return None;
    }
    let canvas = Canvas::new(block);
    let width = canvas.rows.iter().map(Vec::len).max().unwrap_or(0);
    if block.len().saturating_mul(width) > MAX_AREA {
        return None;
    }
    let left_edge = canvas.rows[0]
        .iter()
        .position(|s| s.is_some_and(|s| s.c == '+'))?;
    // Every corner may be the top left of a cell; keep those that close.
    let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (y, row) in canvas.rows.iter().enumerate() {
        for x in 0..row.len() {
            if canvas.is_corner(y, x)
                && canvas.is_down(y + 1, x)
                && canvas.is_across(y, x + 1)
                && let Some((bottom, right)) = canvas.cell_from(y, x)
            {
                cells.push((y, x, bottom, right));
            }
        }
    }
    if cells.is_empty() {
        return None;
    }
    let mut ys: Vec<usize> = cells.iter().flat_map(|c| [c.0, c.2]).collect();
    let mut xs: Vec<usize> = cells.iter().flat_map(|c| [c.1, c.3]).collect();
    ys.sort_unstable();
    ys.dedup();
    xs.sort_unstable();
    xs.dedup();
    // The cells must tile the drawing: the table's outline, and no gap or overlap.
    let bottom = *ys.last()?;
    if ys[0] != 0 || bottom != block.len() - 1 || xs[0] != left_edge {
        return None;
    }
    let index = |v: &[usize], k: usize| v.binary_search(&k).ok();
    let mut covered = vec![false; (ys.len() - 1) * (xs.len() - 1)];
    let mut rows: Vec<Vec<(usize, RawCell)>> = (0..ys.len() - 1).map(|_| Vec::new()).collect();
    for &(top, left, bottom, right) in &cells {
        let (r0, r1) = (index(&ys, top)?, index(&ys, bottom)?);
        let (c0, c1) = (index(&xs, left)?, index(&xs, right)?);
        for r in r0..r1 {
            for c in c0..c1 {
                let k = r * (xs.len() - 1) + c;
                if std::mem::replace(&mut covered[k], true) {
                    return None;
                }
            }
        }
        let (text, at) = canvas.text(top, left, bottom, right)?;
        rows[r0].push((
            left,
            RawCell {
                text,
                at,
                rowspan: r1 - r0,
                colspan: c1 - c0,
            },
        ));
    }
    if covered.iter().any(|c| !c) || canvas.steps.get() == 0 {
        return None;
    }
    let rows: Vec<Vec<RawCell>> = rows
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|mut r| {
            r.sort_by_key(|(left, _)| *left);
            r.into_iter().map(|(_, c)| c).collect()
        })
        .collect();
    let grid = html::expand(rows)?;
    let span = Span::new(block[0].span.start, block[block.len() - 1].span.end);
    Some((grid::build(Layout::Piped, grid, span, carry), end))
}

#[cfg(test)]
mod tests {
    use crate::model::{Document, Table};
    use crate::source::{SourceEncoding, SourceFile};

    fn document(text: &str) -> Document {
        crate::parse::parse(&SourceFile::new(
            "t.txt".into(),
            text.to_string(),
            SourceEncoding::Utf8,
        ))
    }

    fn columns(table: &Table) -> Vec<String> {
        table.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// The row's name and its amounts by column name.
    fn row(table: &Table, i: usize) -> (String, Vec<(String, String)>) {
        let row = &table.rows[i];
        let cells = (0..table.columns.len())
            .filter_map(|c| {
                let n = row.cell(c).flatten()?;
                Some((table.columns[c].name.clone(), n.value.to_string()))
            })
            .collect();
        (row.name().to_string(), cells)
    }

    /// unseen12 liandu-culture-2025-final (`pandoc -t plain` of a Word file, cut): the `合计`
    /// row's first cell spans 科目编码 and 科目名称, and the header groups 合计 / 基本支出 /
    /// 项目支出 under 决算数 beside two cells spanning both header rows.
    const SPANNING_TOTAL: &str = "一般公共预算财政拨款支出决算表

单位：万元

+---------------------------------------------------+------------+------------+--------------------------------+
| 项目                                              | 年初预算数 | 调整预算数 | 决算数                         |
+----------------+----------------------------------+            |            +----------+----------+----------+
| 科目编码       | 科目名称                         |            |            | 合计     | 基本支出 | 项目支出 |
+================+==================================+===========:+===========:+=========:+=========:+=========:+
| 合计                                              | 1715.50    | 1819.20    | 1777.98  | 933.95   | 844.03   |
+----------------+----------------------------------+------------+------------+----------+----------+----------+
| 207            | 文化旅游体育与传媒支出           | 1480.00    | 1578.00    | 1537.99  | 693.96   | 844.03   |
+----------------+----------------------------------+------------+------------+----------+----------+----------+
| 2070101        | 行政运行                         | 405.00     | 415.00     | 412.36   | 412.36   |          |
+----------------+----------------------------------+------------+------------+----------+----------+----------+
";

    #[test]
    fn a_cell_spanning_columns_keeps_the_row_in_place() {
        let doc = document(SPANNING_TOTAL);
        let tables: Vec<&Table> = doc.tables().collect();
        assert_eq!(tables.len(), 1);
        let t = tables[0];
        assert_eq!(
            columns(t),
            [
                "年初预算数",
                "调整预算数",
                "决算数/合计",
                "决算数/基本支出",
                "决算数/项目支出"
            ]
        );
        let (name, cells) = row(t, 0);
        assert_eq!(name, "合计");
        assert_eq!(cells[2], ("决算数/合计".to_string(), "1777.98".to_string()));
        assert_eq!(cells.len(), 5);
        let (name, cells) = row(t, 2);
        assert_eq!(name, "行政运行");
        assert_eq!(
            t.rows[2].code.as_ref().map(|c| c.code.as_str()),
            Some("2070101")
        );
        assert_eq!(cells.len(), 4, "{cells:?}");
    }

    /// unseen12 liandu (cut): a horizontal 三公 table, 预算数 and 决算数 each over six
    /// columns, 公务用车购置及运行费 over 小计 / 购置费 / 运行费 beside cells spanning two rows.
    #[test]
    fn nested_header_groups_name_their_columns() {
        let doc = document("一般公共预算财政拨款“三公”经费支出决算表

单位：万元

+---------------------------------------------------------------------------+---------------------------------------------------------------------------+
| 预算数                                                                    | 决算数                                                                    |
+:========:+:================:+:========:+:========:+:========:+:==========:+:========:+:================:+:========:+:========:+:========:+:==========:+
| 合计     | 因公出国（境）费 | 公务用车购置及运行费           | 公务接待费 | 合计     | 因公出国（境）费 | 公务用车购置及运行费           | 公务接待费 |
|          |                  +----------+----------+----------+            |          |                  +----------+----------+----------+            |
|          |                  | 小计     | 购置费   | 运行费   |            |          |                  | 小计     | 购置费   | 运行费   |            |
+----------+------------------+----------+----------+----------+------------+----------+------------------+----------+----------+----------+------------+
| 15.00    | 0.00             | 12.00    | 0.00     | 12.00    | 3.00       | 12.43    | 0.00             | 10.56    | 0.00     | 10.56    | 1.87       |
+----------+------------------+----------+----------+----------+------------+----------+------------------+----------+----------+----------+------------+
");
        let t = doc.tables().next().expect("a table");
        let names = columns(t);
        assert_eq!(names.len(), 12, "{names:?}");
        assert_eq!(names[8], "决算数/公务用车购置及运行费/小计");
        assert_eq!(names[11], "决算数/公务接待费");
        let (_, cells) = row(t, 0);
        assert_eq!(cells[8].1, "10.56");
        assert_eq!(cells[11].1, "1.87");
    }

    /// unseen12 fenshui-town-2026-budget (`pandoc -t plain`, cut): beside its grid tables
    /// pandoc writes a table without merged cells as a multiline table (a rule of dashes, the
    /// columns aligned by spaces, rows parted by blank lines). It is read as aligned text up to
    /// its closing rule; the next table's number after it is that table's.
    #[test]
    fn a_multiline_table_among_grid_tables_is_read_as_aligned_text() {
        let doc = document(&format!(
            "{SPANNING_TOTAL}
表7

重庆市万州区分水镇人民政府一般公共预算“三公”经费支出预算表

单位：万元

  -----------------------------------------------------------------------
  项目                                     2025年预算数      2026年预算数
  ----------------------------------- ----------------- -----------------
  合计                                             8.50              7.40

  1.因公出国（境）费                               0.00              0.00

  2.公务用车购置及运行费                           6.00              5.40

  3.公务接待费                                     2.50              2.00
  -----------------------------------------------------------------------

表8

政府性基金预算支出表

单位：万元

+--------+--------+
| 项目   | 金额   |
+========+========+
| 合计   | 1.00   |
+--------+--------+
"
        ));
        let tables: Vec<&Table> = doc.tables().collect();
        assert_eq!(tables.len(), 3);
        let t = tables[1];
        assert_eq!(columns(t), ["2025年预算数", "2026年预算数"]);
        assert_eq!(
            t.rows.len(),
            4,
            "{:?}",
            t.rows.iter().map(|r| r.name()).collect::<Vec<_>>()
        );
        let (name, cells) = row(t, 2);
        assert_eq!(name, "2.公务用车购置及运行费");
        assert_eq!(cells[1].1, "5.40");
        assert_eq!(
            tables[2].form.as_ref().map(|f| f.text.as_str()),
            Some("表8")
        );
    }

    /// A cell's text wrapped over lines is joined (without a space between Chinese
    /// characters), and a grid whose cells do not tile (a bar off by a column) is left to
    /// the pipe reader, which still reads its rows.
    #[test]
    fn wrapped_cells_are_joined_and_broken_drawings_fall_back() {
        let doc = document(
            "收入总表

单位：万元

+----------+--------------+
| 项目     | 一般公共预算 |
|          | 拨款收入     |
+==========+==============+
| 合计     | 12.50        |
+----------+--------------+
| 基本支出 | 12.50        |
+----------+--------------+
",
        );
        let t = doc.tables().next().expect("a table");
        assert_eq!(columns(t), ["一般公共预算拨款收入"]);
        let broken = "收入总表

单位：万元

+----------+--------------+
| 项目     | 金额         |
+==========+==============+
| 合计      | 12.50       |
+----------+--------------+
| 基本支出 | 12.50        |
+----------+--------------+
";
        let doc = document(broken);
        let t = doc.tables().next().expect("a table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(row(t, 0).1[0].1, "12.50");
    }
}
