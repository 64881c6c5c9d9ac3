//! Tables whose cells are delimited: tab-separated lines and Markdown pipe tables.
//!
//! Every cell is explicit, so every number's column is certain. What has to be worked out is
//! which columns hold subject codes (whole, or split over 类 / 款 / 项), which hold labels, which
//! hold amounts, whether the grid is two tables side by side (收支总表), and the column names
//! from a header of several rows with merged cells.

use super::Line;
use super::spaced::strip_leaf_years;
use crate::model::{
    Certainty, Column, ColumnKind, Doubt, DoubtKind, Layout, Number, Row, Side, SubjectCode, Table,
    Text, is_total_label, same_squeezed, squeeze,
};
use crate::number::{is_amount_shaped, parse_amount};
use crate::source::Span;

/// The characters that part the cells of a delimited row: the ASCII bar of Markdown, pandoc
/// and console tables, and the box-drawing bars of tables drawn with `│` (copied from a
/// spreadsheet, a terminal or a text export).
pub(crate) const BARS: [char; 3] = ['|', '│', '┃'];

/// A rule between the rows of a drawn table: `+------+------+`, `├──────┼──────┤`,
/// `┌──┬──┐`, `+======+`. Only dashes, bars and corners, with a corner or bar among them (a
/// line of dashes alone is a horizontal rule of the text, not of a table).
pub(crate) fn is_rule_line(line: &str) -> bool {
    const CORNERS: &str = "+|┼├┤┌┐└┘┬┴╋╞╡╪╤╧╟╢╫┣┫┳┻│┃";
    const DASHES: &str = "-=─━═";
    let t = line.trim();
    let mut dashes = 0;
    let mut corners = 0;
    for c in t.chars() {
        if DASHES.contains(c) {
            dashes += 1;
        } else if CORNERS.contains(c) {
            corners += 1;
        } else if !matches!(c, ':' | ' ') {
            return false;
        }
    }
    dashes >= 3 && corners >= 1
}

/// Whether a line belongs to a grid table in this layout.
pub(crate) fn is_grid_line(layout: Layout, line: &str) -> bool {
    let t = line.trim();
    match layout {
        Layout::Piped => t.starts_with(BARS) || is_rule_line(t),
        Layout::Tabbed => {
            line.contains('\t') && !t.contains("....") && !t.contains('…') && !t.is_empty()
        }
        _ => false,
    }
}

/// One cell of a grid: its trimmed text and where it starts in the source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub text: String,
    pub start: usize,
    /// Where each piece of the text came from, when the text is not the source bytes from
    /// `start` (an HTML cell: markup left out, entities decoded).
    pub source: Option<Text>,
}

impl Cell {
    fn span(&self) -> Span {
        match &self.source {
            Some(text) => text.span(),
            None => Span::new(self.start, self.start + self.text.len()),
        }
    }

    fn to_text(&self) -> Text {
        match &self.source {
            Some(text) => text.clone(),
            None => Text::from_source(&self.text, self.start),
        }
    }
}

fn split_cells(layout: Layout, line: &Line) -> Vec<Cell> {
    let text = line.text;
    let base = line.span.start;
    let mut cells = Vec::new();
    let (body, offset) = match layout {
        Layout::Piped => {
            let lead = text.len() - text.trim_start().len();
            let t = text.trim();
            let inner = t.strip_prefix(BARS).unwrap_or(t);
            let inner = inner.strip_suffix(BARS).unwrap_or(inner);
            let bar = t.chars().next().filter(|c| BARS.contains(c));
            (inner, lead + bar.map_or(0, char::len_utf8))
        }
        _ => (text, 0),
    };
    let is_sep = |c: char| {
        if layout == Layout::Piped {
            BARS.contains(&c)
        } else {
            c == '\t'
        }
    };
    let mut pos = 0;
    for raw in body.split(is_sep) {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let start = base + offset + pos + lead;
        let cell = match inline_markup(trimmed, start) {
            Some(text) if text.is_empty() => Cell {
                text: String::new(),
                start,
                source: None,
            },
            Some(text) => Cell {
                text: text.text.clone(),
                start,
                source: Some(text),
            },
            None => Cell {
                text: trimmed.to_string(),
                start,
                source: None,
            },
        };
        cells.push(cell);
        // The separator after this cell (bars differ in length: `|` is one byte, `│` three).
        pos += raw.len()
            + body[pos + raw.len()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
    }
    cells
}

/// The tags a Markdown cell written by a PDF or HTML converter carries around its text
/// (pymupdf4llm: `**项目**`, `<sup>一、社会保障和</sup><br>就业支出`): dropped, text kept.
const INLINE_TAGS: [&str; 7] = ["b", "strong", "i", "em", "u", "sup", "sub"];

/// A Markdown cell's text without its inline markup, when it has any: bold markers (`**`,
/// `__`), the tags of [`INLINE_TAGS`], and line breaks (`<br>`, `<br/>`, `<br />`). A line
/// break between two characters that are not ASCII (a name wrapped in its cell:
/// `二、政府性基金预<br>算拨款收入`) joins them; anywhere else it is a space, so two figures
/// stacked in one cell (`1<br>8,044,514.00`, a 行次 and an amount a converter merged) stay two
/// and never read as one number. Each piece keeps where it came from in the source.
pub(crate) fn inline_markup(cell: &str, start: usize) -> Option<Text> {
    if !cell.contains(['<', '*', '_']) {
        return None;
    }
    let markup_at = |i: usize| -> Option<(usize, bool)> {
        let rest = &cell[i..];
        if rest.starts_with("**") || rest.starts_with("__") {
            return Some((2, false));
        }
        let tag = rest.strip_prefix('<')?;
        let close = tag.find('>')?;
        let inner = tag[..close].trim().trim_end_matches('/').trim();
        let name = inner.trim_start_matches('/');
        let is_break = name.eq_ignore_ascii_case("br");
        let known = is_break || INLINE_TAGS.iter().any(|t| name.eq_ignore_ascii_case(t));
        known.then_some((close + 2, is_break))
    };
    let mut text = Text::new();
    let mut piece = 0;
    let mut pending_break = false;
    let mut found = false;
    let mut i = 0;
    while i < cell.len() {
        let Some((len, is_break)) = markup_at(i) else {
            i += cell[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        found = true;
        if push_after_break(&mut text, &cell[piece..i], start + piece, pending_break) {
            pending_break = false;
        }
        pending_break |= is_break;
        i += len;
        piece = i;
    }
    if !found {
        return None;
    }
    push_after_break(&mut text, &cell[piece..], start + piece, pending_break);
    Some(text)
}

/// Append `raw` (source bytes at `at`) trimmed to a cell's text, if anything is left; after a
/// line break, a space first unless the characters on both sides are not ASCII. Whether it
/// appended anything.
fn push_after_break(text: &mut Text, raw: &str, at: usize, after_break: bool) -> bool {
    let piece = raw.trim();
    if piece.is_empty() {
        return false;
    }
    let at = at + raw.len() - raw.trim_start().len();
    let joins = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
    if after_break
        && !text.is_empty()
        && !(joins(text.text.chars().next_back()) && joins(piece.chars().next()))
    {
        text.push_synthetic(" ", at);
    }
    text.push(piece, at);
    true
}

fn is_separator_row(cells: &[Cell]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let t = c.text.trim_matches(':');
            !t.is_empty() && t.chars().all(|ch| ch == '-')
        })
}

fn is_code(text: &str) -> bool {
    (2..=7).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Header names of label columns, never amounts.
const LABEL_HEADERS: &[&str] = &[
    "项目",
    "科目名称",
    "项目名称",
    "单位名称",
    "项目类型",
    "功能分类科目名称",
    "经济分类科目名称",
    "备注",
];

const NOT_APPLICABLE: &[&str] = &["——", "—", "-", "－", "--", "/", "*", "——.——"];

/// An amount, or a cell written like one with too many digits to compute with: it still makes
/// its column an amount column (the other amounts of the column are checked).
fn is_amount_text(text: &str) -> bool {
    is_amount_shaped(text)
}

/// `1 2 3 4 5 6 7` or `栏次 | | 1 | 2 | 3`: a row of column numbers, not data or names.
fn is_ordinal_row(cells: &[Cell]) -> bool {
    let mut filled: Vec<&str> = cells
        .iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    // Once per side in a two-sided 收支总表 (`栏次 | | 1 | 栏次 | | 2`).
    filled.retain(|f| squeeze(f) != "栏次");
    filled.len() >= 2
        && filled
            .iter()
            .enumerate()
            .all(|(i, t)| t.parse::<usize>().ok() == Some(i + 1))
}

fn is_data_row(cells: &[Cell]) -> bool {
    if is_ordinal_row(cells) {
        return false;
    }
    let first = cells
        .iter()
        .map(|c| squeeze(&c.text))
        .find(|t| !t.is_empty());
    let code_lead = cells
        .iter()
        .take(3)
        .any(|c| is_code(&c.text) && c.text.len() >= 3)
        || cells
            .iter()
            .take(3)
            .filter(|c| !c.text.is_empty())
            .all(|c| is_code(&c.text))
            && cells.iter().take(3).any(|c| !c.text.is_empty());
    let amount = cells.iter().any(|c| {
        let t = c.text.as_str();
        (t.contains('.') || t.contains(',')) && is_amount_text(t)
    });
    // `合计 | 因公出国（境）费 | …` is a header row; `合计 | 16,390.41 | …` or a bare `合计` is data.
    let total_row = first.is_some_and(|f| is_total_label(&f))
        && cells
            .iter()
            .filter(|c| !c.text.is_empty())
            .skip(1)
            .all(|c| is_amount_text(&c.text) || NOT_APPLICABLE.contains(&c.text.as_str()));
    code_lead || amount || total_row
}

fn code_like_header(name: &str) -> bool {
    let n = squeeze(name);
    ["类", "款", "项"].contains(&&*n)
        || n.contains("编码")
        || n.contains("代码")
        || n.contains("行次")
        || n.contains("栏次")
        || n.contains("序号")
}

/// Read a grid starting at `lines[start]`; returns the table(s) and the next line index.
///
/// `carry` is the subject-code context (类, 款) left by the grid just above, so a table continued
/// after a page break whose first row is a 项 (`| | | 01 |`) still gets its full code.
pub(crate) fn read(
    layout: Layout,
    lines: &[Line],
    start: usize,
    carry: &mut Vec<String>,
) -> (Vec<Table>, usize) {
    if layout == Layout::Piped
        && let Some(read) = super::drawn::read(lines, start, carry)
    {
        return read;
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut i = start;
    let mut end = lines[start].span;
    while i < lines.len() {
        let line = lines[i];
        if line.is_blank() {
            // Tab tables may have blank lines inside; pipe tables end at one.
            let next = lines[i..].iter().position(|l| !l.is_blank()).map(|k| i + k);
            match next {
                Some(n) if layout == Layout::Tabbed && is_grid_line(layout, lines[n].text) => {
                    i = n;
                    continue;
                }
                _ => break,
            }
        }
        if !is_grid_line(layout, line.text) {
            break;
        }
        if layout == Layout::Piped && is_rule_line(line.text) {
            end = line.span;
            i += 1;
            continue;
        }
        let cells = split_cells(layout, &line);
        if !is_separator_row(&cells) {
            rows.push(cells);
        }
        end = line.span;
        i += 1;
    }
    let span = Span::new(lines[start].span.start, end.end);
    let mut tables = build(layout, rows, span, carry);
    // A drawn table (`+----+` rules) its own reader refused (too large, or rectangles that do
    // not tile) read here by its bars: a row with fewer bars than another has a cell that spans
    // columns, and which column each figure after it stands in is not known.
    let drawn = layout == Layout::Piped && lines[start].text.trim_start().starts_with('+');
    if drawn {
        let bars = |l: &Line| l.text.matches('|').count();
        let mut counts = lines[start..i]
            .iter()
            .filter(|l| !is_rule_line(l.text) && !l.is_blank())
            .map(bars);
        let first = counts.next();
        if counts.any(|n| Some(n) != first) {
            for t in &mut tables {
                t.doubts.push(Doubt {
                    kind: DoubtKind::MisalignedCells,
                    spans: vec![t.span],
                    rows: None,
                });
            }
        }
    }
    (tables, i)
}

/// The table(s) of a grid of cells, one `Vec` per row (merged cells given as their first cell
/// holding the text and empty cells for the rest): shared by the delimited layouts and by
/// HTML tables ([`super::html`]).
pub(crate) fn build(
    layout: Layout,
    mut rows: Vec<Vec<Cell>>,
    span: Span,
    carry: &mut Vec<String>,
) -> Vec<Table> {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize_with(ncols, Cell::default);
    }
    if let Some(width) = repeated_groups(&rows) {
        rows = one_group_per_row(rows, width);
    }
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let first_data = rows
        .iter()
        .position(|r| is_data_row(r))
        .unwrap_or(rows.len());
    let header_rows: Vec<Vec<Cell>> = rows[..first_data]
        .iter()
        .filter(|r| !is_ordinal_row(r))
        .cloned()
        .collect();
    let data: Vec<Vec<Cell>> = rows[first_data..]
        .iter()
        .filter(|r| !is_ordinal_row(r))
        .cloned()
        .collect();
    let header_of = |c: usize| -> Vec<String> {
        header_rows
            .iter()
            .map(|r| squeeze(&r[c].text).into_owned())
            .filter(|t| !t.is_empty())
            .collect()
    };

    // Leading code columns: digits (or a total label written across them), or headed 类 / 款
    // / 项 (a continued table may have no digits in its 款 column).
    let mut code_cols = Vec::new();
    for c in 0..ncols {
        let any_code = data.iter().any(|r| is_code(&r[c].text));
        let headed = header_of(c)
            .iter()
            .any(|h| ["类", "款", "项"].contains(&h.as_str()) || h.contains("编码"));
        // After the first code column, a lone digit is a 款 or 项 that lost its leading zero.
        let lost_zero =
            |t: &str| c > 0 && !code_cols.is_empty() && t.len() == 1 && is_code(&format!("0{t}"));
        let all_ok = data
            .iter()
            .map(|r| r[c].text.as_str())
            .all(|t| t.is_empty() || is_code(t) || lost_zero(t) || is_total_label(&squeeze(t)));
        if (any_code || headed) && all_ok {
            code_cols.push(c);
        } else {
            break;
        }
    }
    // A code column must hold a code somewhere; a header-only run is not enough.
    if !code_cols
        .iter()
        .any(|&c| data.iter().any(|r| is_code(&r[c].text)))
    {
        code_cols.clear();
    }
    // The first column holding text (the labels); amounts stand to its right.
    let first_text_col = (0..ncols).find(|&c| {
        !code_cols.contains(&c)
            && data.iter().any(|r| {
                let t = r[c].text.as_str();
                !t.is_empty() && !is_amount_text(t) && !NOT_APPLICABLE.contains(&t)
            })
    });
    let ordinal_cols: Vec<usize> = (0..ncols)
        .filter(|&c| !code_cols.contains(&c) && counts_lines(&data, c))
        .collect();
    let mut amount_cols = Vec::new();
    for c in 0..ncols {
        if code_cols.contains(&c)
            || ordinal_cols.contains(&c)
            || first_text_col.is_some_and(|f| c <= f)
            || header_of(c).iter().any(|h| code_like_header(h))
        {
            continue;
        }
        let mut any = false;
        let mut all = true;
        for r in &data {
            let t = r[c].text.as_str();
            if t.is_empty() || NOT_APPLICABLE.contains(&t) {
                continue;
            }
            if is_amount_text(t) {
                any = true;
            } else {
                all = false;
                break;
            }
        }
        // An empty column counts when its header names it (a column nobody filled this year).
        let named = header_of(c)
            .last()
            .is_some_and(|h| !LABEL_HEADERS.contains(&h.as_str()));
        if all && (any || named) {
            amount_cols.push(c);
        }
    }

    // Parts: a text column after an amount column starts a second table side by side.
    let mut parts: Vec<(Vec<usize>, Vec<usize>)> = vec![(Vec::new(), Vec::new())];
    for c in 0..ncols {
        if code_cols.contains(&c) || ordinal_cols.contains(&c) {
            continue;
        }
        let is_amount = amount_cols.contains(&c);
        let cur = parts.last_mut().expect("parts start non-empty");
        if !is_amount && !cur.1.is_empty() {
            parts.push((vec![c], Vec::new()));
        } else if is_amount {
            cur.1.push(c);
        } else {
            cur.0.push(c);
        }
    }
    parts.retain(|(_, a)| !a.is_empty());
    if parts.is_empty() {
        parts.push((
            (0..ncols).filter(|c| !code_cols.contains(c)).collect(),
            Vec::new(),
        ));
    }

    let header_texts: Vec<Text> = rows[..first_data]
        .iter()
        .filter_map(|r| {
            let first = r.iter().find(|c| !c.text.is_empty())?;
            let last = r.iter().rev().find(|c| !c.text.is_empty())?;
            let mut t = Text::new();
            for (k, c) in r.iter().filter(|c| !c.text.is_empty()).enumerate() {
                if k > 0 {
                    t.push_synthetic(" ", c.start);
                }
                t.append(&c.to_text());
            }
            let _ = (first, last);
            Some(t)
        })
        .collect();

    let names = column_paths(&header_rows, ncols);
    let misaligned = misaligned_cells(&header_rows, &data, &amount_cols);
    let two_sided = parts.len() >= 2;
    let mut tables = Vec::new();
    for (p, (text_cols, amt_cols)) in parts.iter().enumerate() {
        let columns: Vec<Column> = amt_cols
            .iter()
            .map(|&c| {
                let path = &names[c];
                let leaf = path
                    .last()
                    .cloned()
                    .unwrap_or_else(|| format!("列{}", c + 1));
                let kind = if code_like_header(&leaf) {
                    ColumnKind::Ordinal
                } else {
                    ColumnKind::Amount
                };
                Column {
                    name: path.join("/"),
                    leaf,
                    kind,
                }
            })
            .collect();
        let mut ctx: Vec<String> = vec![String::new(); code_cols.len()];
        if p == 0 && carry.len() == ctx.len() {
            ctx.clone_from(carry);
        }
        let mut out_rows = Vec::new();
        for r in &data {
            let code = if p == 0 {
                assemble_code(r, &code_cols, &mut ctx)
            } else {
                None
            };
            let label_cell = text_cols
                .iter()
                .map(|&c| &r[c])
                .find(|c| !c.text.is_empty())
                .or_else(|| {
                    if p == 0 {
                        code_cols
                            .iter()
                            .map(|&c| &r[c])
                            .find(|c| !c.text.is_empty() && !is_code(&c.text))
                    } else {
                        None
                    }
                });
            let mut values = Vec::new();
            let mut placement = Vec::new();
            let mut not_applicable = Vec::new();
            // Amounts too long to compute with are kept as text, where a rule finds them.
            let mut unreadable = Vec::new();
            let mut row_span: Option<Span> = code.as_ref().map(|c: &SubjectCode| c.span);
            for (k, &c) in amt_cols.iter().enumerate() {
                let cell = &r[c];
                if cell.text.is_empty() {
                    continue;
                }
                row_span = Some(row_span.map_or(cell.span(), |s| s.cover(cell.span())));
                if NOT_APPLICABLE.contains(&cell.text.as_str()) {
                    not_applicable.push(k);
                } else if let Some((value, decimals)) = parse_amount(&cell.text) {
                    values.push(Number {
                        value,
                        decimals,
                        span: cell.span(),
                        unit: None,
                    });
                    placement.push(k);
                } else if is_amount_shaped(&cell.text) {
                    unreadable.push(cell.to_text());
                }
            }
            if let Some(l) = label_cell {
                row_span = Some(row_span.map_or(l.span(), |s| s.cover(l.span())));
            }
            let text_cells: Vec<Text> = code_cols
                .iter()
                .filter(|_| p == 0)
                .chain(text_cols.iter())
                .map(|&c| &r[c])
                .filter(|c| !c.text.is_empty() && !is_code(&c.text))
                .map(Cell::to_text)
                .chain(unreadable)
                .collect();
            for t in &text_cells {
                row_span = Some(row_span.map_or(t.span(), |s| s.cover(t.span())));
            }
            let Some(row_span) = row_span else { continue };
            let label = label_cell.map(Cell::to_text).unwrap_or_default();
            out_rows.push(Row {
                cells: text_cells,
                label,
                code,
                values,
                placement,
                certainty: Certainty::Exact,
                candidates: Vec::new(),
                span: row_span,
                not_applicable,
            });
        }
        if p == 0 {
            carry.clone_from(&ctx);
        }
        // A third part (支出用途 beside 功能分类) is a second expenditure breakdown.
        let side = match (two_sided, p) {
            (true, 0) => Some(Side::Income),
            (true, _) => Some(Side::Expenditure),
            _ => None,
        };
        tables.push(Table {
            title: None,
            form: None,
            unit: None,
            side,
            header: header_texts.clone(),
            columns,
            rows: out_rows,
            span,
            no_data: false,
            doubts: misaligned.clone().into_iter().collect(),
            layout,
        });
    }
    tables
}

/// Whether column `c` numbers the lines (a 行次 or 序号 whose header was lost, as in a table
/// continued on the next page): three or more whole numbers, each one more than the one above.
fn counts_lines(data: &[Vec<Cell>], c: usize) -> bool {
    let mut previous: Option<u64> = None;
    let mut count = 0;
    for row in data {
        let t = row[c].text.trim();
        if t.is_empty() {
            continue;
        }
        let Some(n) = t
            .parse::<u64>()
            .ok()
            .filter(|_| t.bytes().all(|b| b.is_ascii_digit()))
        else {
            return false;
        };
        if previous.is_some_and(|p| p.checked_add(1) != Some(n)) {
            return false;
        }
        previous = Some(n);
        count += 1;
    }
    count >= 3
}

/// Signs that a converter merged or split the cells of a grid (a PDF turned into Markdown
/// keeps the figures but not always their columns), as a doubt on the whole table:
/// - a cell of two or more figures (`1 8,044,514.00`: a 行次 and an amount merged; `2 3`, two
///   栏次 numbers in a header);
/// - a header cell that is a piece of a word cut over cells: digits alone (`2` | `024年预算数`)
///   or a year of fewer than four digits (`024年预算数`);
/// - where the amount columns repeat their names in periods (`合计 | 因公出国（境）费 | … ×2`),
///   a header line naming the periods with a title off a period's first column;
/// - a group title right of the 小计 that leads its group (`合计 | | 基本支出` over
///   `| 小计 | 人员经费`: the title was centred over its columns);
/// - a named column empty on every body line beside an unnamed one that has the figures.
fn misaligned_cells(
    header: &[Vec<Cell>],
    data: &[Vec<Cell>],
    amount_cols: &[usize],
) -> Option<Doubt> {
    let mut spans: Vec<Span> = Vec::new();
    for row in data.iter().chain(header) {
        for cell in row {
            let mut tokens = cell.text.split_whitespace();
            let figures = tokens.clone().count();
            if figures >= 2 && tokens.all(|t| parse_amount(t).is_some()) {
                spans.push(cell.span());
            }
        }
    }
    for row in header {
        let worded = row.iter().any(|c| {
            c.text
                .chars()
                .any(|ch| !ch.is_ascii() && !ch.is_whitespace())
        });
        for cell in row {
            let t = squeeze(&cell.text);
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let cut = (1..=3).contains(&digits)
                && (digits == t.len() && worded || t[digits..].starts_with('年'));
            if cut {
                spans.push(cell.span());
            }
        }
    }
    if let Some(leaf_row) = header.last() {
        let leaf = |c: usize| squeeze(&leaf_row[c].text).into_owned();
        let n = amount_cols.len();
        let period = (2..=n / 2).find(|&p| {
            n % p == 0
                && (0..n - p).all(|i| {
                    let a = leaf(amount_cols[i]);
                    !a.is_empty() && a == leaf(amount_cols[i + p])
                })
        });
        if let Some(p) = period {
            for row in &header[..header.len() - 1] {
                let titled: Vec<usize> = (0..n)
                    .filter(|&i| !row[amount_cols[i]].text.trim().is_empty())
                    .collect();
                if titled.len() == n / p && titled.iter().any(|i| i % p != 0) {
                    spans.extend(titled.iter().map(|&i| row[amount_cols[i]].span()));
                }
            }
        }
        // A 小计 leads its group: a title that starts right of it was moved off its columns.
        for row in &header[..header.len() - 1] {
            for c in 0..leaf_row.len().saturating_sub(1) {
                if leaf(c).starts_with("小计")
                    && row[c].text.trim().is_empty()
                    && !row[c + 1].text.trim().is_empty()
                    && !leaf(c + 1).is_empty()
                {
                    spans.push(row[c + 1].span());
                }
            }
        }
        let figures = |c: usize| {
            data.iter()
                .any(|r| r.get(c).is_some_and(|x| parse_amount(&x.text).is_some()))
        };
        let blank = |c: usize| {
            data.iter()
                .all(|r| r.get(c).is_none_or(|x| x.text.trim().is_empty()))
        };
        let width = leaf_row.len();
        let unheaded = |c: usize| header.iter().all(|r| r[c].text.trim().is_empty());
        for c in 0..width {
            if !unheaded(c) || !figures(c) {
                continue;
            }
            let named_blank = |k: usize| {
                let name = leaf(k);
                !name.is_empty() && !LABEL_HEADERS.contains(&name.as_str()) && blank(k)
            };
            if c.checked_sub(1).is_some_and(named_blank) || (c + 1 < width && named_blank(c + 1)) {
                spans.push(
                    data.iter()
                        .find(|r| !r[c].text.is_empty())
                        .map_or(leaf_row[c].span(), |r| r[c].span()),
                );
            }
        }
    }
    (!spans.is_empty()).then_some(Doubt {
        kind: DoubtKind::MisalignedCells,
        spans,
        rows: None,
    })
}

/// The width of the column groups repeated side by side on each line, if the table is laid out
/// so: (code, name, amount) two or three times across (`301 工资福利支出 4816.14 | 302
/// 商品和服务支出 440.90`), the codes whole or over 类 / 款 columns, the amounts possibly blank.
/// The header's lowest line repeats with the groups, and every group starts with a code column:
/// each group's first cell is a code or empty on every data line, and a code on some.
fn repeated_groups(rows: &[Vec<Cell>]) -> Option<usize> {
    let ncols = rows.first().map(Vec::len)?;
    let first_data = rows.iter().position(|r| is_data_row(r))?;
    let data = &rows[first_data..];
    let header = rows[..first_data]
        .iter()
        .rev()
        .find(|r| r.iter().filter(|c| !c.text.is_empty()).count() >= 4);
    (2..=ncols / 2)
        .rev()
        .filter(|w| ncols % w == 0)
        .find(|&width| {
            let groups = ncols / width;
            let starts_with_codes = (0..groups).all(|g| {
                let first = g * width;
                data.iter()
                    .all(|r| r[first].text.is_empty() || is_code(&r[first].text))
                    && data.iter().any(|r| is_code(&r[first].text))
            });
            let header_repeats = header.is_some_and(|h| {
                (1..groups)
                    .all(|g| (0..width).all(|c| same_squeezed(&h[c].text, &h[g * width + c].text)))
            });
            // A group needs a name and an amount besides its code.
            width >= 3 && starts_with_codes && header_repeats
        })
}

/// Lay the side-by-side groups one under the other: every line's first group, then every
/// line's second, and so on, so each group's list stays in order. Header lines that repeat with
/// the groups keep the first group's cells; the titles above the groups (人员经费 | 公用经费)
/// name no column of a group and are left out.
fn one_group_per_row(rows: Vec<Vec<Cell>>, width: usize) -> Vec<Vec<Cell>> {
    let first_data = rows
        .iter()
        .position(|r| is_data_row(r))
        .unwrap_or(rows.len());
    let groups = rows.first().map_or(0, |r| r.len() / width);
    let repeats = |r: &[Cell]| {
        (1..groups).all(|g| (0..width).all(|c| same_squeezed(&r[c].text, &r[g * width + c].text)))
    };
    let mut out: Vec<Vec<Cell>> = rows[..first_data]
        .iter()
        .filter(|r| repeats(r))
        .map(|r| r[..width].to_vec())
        .collect();
    for g in 0..groups {
        for r in &rows[first_data..] {
            let group = &r[g * width..(g + 1) * width];
            if group.iter().any(|c| !c.text.is_empty()) {
                out.push(group.to_vec());
            }
        }
    }
    out
}

/// A row's subject code from its code columns: whole (`2101501`), or split over 类 / 款 / 项
/// where a 款 row (`| | 05 | |`) continues the 类 above it.
fn assemble_code(r: &[Cell], code_cols: &[usize], ctx: &mut [String]) -> Option<SubjectCode> {
    // A 款 or 项 printed as one digit (`| 301 | 2 |`) lost its leading zero.
    let lost_zero = |k: usize, c: &Cell| {
        k > 0 && code_cols.len() > 1 && c.text.len() == 1 && c.text.as_bytes()[0].is_ascii_digit()
    };
    let filled: Vec<(usize, &Cell)> = code_cols
        .iter()
        .enumerate()
        .map(|(k, &c)| (k, &r[c]))
        .filter(|(k, c)| is_code(&c.text) || lost_zero(*k, c))
        .collect();
    let irregular = filled.iter().any(|(k, c)| lost_zero(*k, c));
    let (first_k, first_cell) = *filled.first()?;
    let last_cell = filled.last().map(|(_, c)| *c).unwrap_or(first_cell);
    if code_cols.len() == 1 {
        return Some(SubjectCode {
            code: first_cell.text.clone(),
            span: first_cell.span(),
            irregular: false,
        });
    }
    for (k, cell) in &filled {
        ctx[*k] = if lost_zero(*k, cell) {
            format!("0{}", cell.text)
        } else {
            cell.text.clone()
        };
    }
    let last_k = filled.last().map(|(k, _)| *k).unwrap_or(first_k);
    for slot in ctx.iter_mut().skip(last_k + 1) {
        slot.clear();
    }
    if ctx[..first_k].iter().any(String::is_empty) {
        return None;
    }
    let code: String = ctx[..=last_k].concat();
    Some(SubjectCode {
        code,
        span: first_cell.span().cover(last_cell.span()),
        irregular,
    })
}

/// Each column's header path, top to bottom, with merged group cells carried right over the
/// columns they span (an empty cell whose left neighbour names a group and whose lower row is
/// named).
fn column_paths(header: &[Vec<Cell>], ncols: usize) -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new(); ncols];
    for (r, row) in header.iter().enumerate() {
        let mut carry: Option<String> = None;
        for c in 0..ncols {
            let own = squeeze(&row[c].text).into_owned();
            if !own.is_empty() {
                carry = Some(own.clone());
                paths[c].push(own);
                continue;
            }
            let below_named = header[r + 1..]
                .iter()
                .any(|lower| !lower[c].text.trim().is_empty());
            match &carry {
                Some(group) if below_named => paths[c].push(group.clone()),
                _ => carry = None,
            }
        }
    }
    // A leaf is named without its year (`2025年合计` → `合计`); a group keeps it, so the
    // 2024 and 2025 halves of a table stay two groups, and so do two leaves the year alone
    // tells apart (`2024年预算数`, `2025年预算数`).
    strip_leaf_years(&mut paths);
    paths
}
