//! Grids of cells written as one line of HTML markup, the way MinerU writes a table.

/// The text of the cell at row `r`, column `c`; empty past the end of its row.
pub fn cell<S: AsRef<str>>(rows: &[Vec<S>], r: usize, c: usize) -> &str {
    rows[r].get(c).map_or("", AsRef::as_ref)
}

/// A cell's text as HTML text: `&` and `<` as entities (`>` may stand as it is).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// `rows` as one `<table>` line. `spans(r, c, covered)` gives the rows and columns the cell at
/// row `r`, column `c` covers (`rowspan`, `colspan`); it is asked for every cell no cell before
/// it covers, with `covered` marking those that are.
pub fn table<S: AsRef<str>>(
    rows: &[Vec<S>],
    spans: impl Fn(usize, usize, &[Vec<bool>]) -> (usize, usize),
) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut covered = vec![vec![false; width]; rows.len()];
    let mut out = String::from("<table>");
    for r in 0..rows.len() {
        out.push_str("<tr>");
        let mut c = 0;
        while c < width {
            if covered[r][c] {
                c += 1;
                continue;
            }
            let (rowspan, colspan) = spans(r, c, &covered);
            for row in covered.iter_mut().skip(r).take(rowspan) {
                for slot in row.iter_mut().skip(c).take(colspan) {
                    *slot = true;
                }
            }
            out.push_str("<td");
            if colspan > 1 {
                out.push_str(&format!(" colspan=\"{colspan}\""));
            }
            if rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{rowspan}\""));
            }
            out.push('>');
            out.push_str(&escape(cell(rows, r, c)));
            out.push_str("</td>");
            c += colspan;
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// A performance form's grid as one line of HTML: a name with empty cells after it spans them
/// (`colspan`); an indicator level name (the first three columns) with empty cells below, and
/// a name beside each of them, spans them down (`rowspan`).
pub fn form_table<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    table(rows, |r, c, covered| {
        let width = covered[r].len();
        let text = cell(rows, r, c);
        let (mut rowspan, mut colspan) = (1, 1);
        if !text.is_empty() && c < 3 {
            while r + rowspan < rows.len()
                && cell(rows, r + rowspan, c).is_empty()
                && !cell(rows, r + rowspan, c + 1).is_empty()
            {
                rowspan += 1;
            }
        }
        if !text.is_empty() && rowspan == 1 {
            while c + colspan < width
                && cell(rows, r, c + colspan).is_empty()
                && !covered[r][c + colspan]
            {
                colspan += 1;
            }
        }
        (rowspan, colspan)
    })
}

/// One line of table markup (from [`table`]) as Word's HTML export and some converters write
/// it: a `<tr>` to a line and each `<td>` on a line of its own, and `>` and the comparators
/// `≥` / `≤` in the cells' text as entities (`&gt;=90%`, `&ge;90%`).
pub fn multiline(table: &str) -> String {
    let mut out = String::new();
    let mut rest = table;
    while let Some(lt) = rest.find('<') {
        out.push_str(
            &rest[..lt]
                .replace('>', "&gt;")
                .replace('≥', "&ge;")
                .replace('≤', "&le;"),
        );
        let gt = rest[lt..].find('>').map_or(rest.len(), |k| lt + k + 1);
        let tag = &rest[lt..gt];
        if tag.starts_with("<tr") || tag == "</table>" {
            out.push('\n');
        } else if tag.starts_with("<td") {
            out.push_str("\n  ");
        }
        out.push_str(tag);
        rest = &rest[gt..];
    }
    out.push_str(rest);
    out
}
