//! Tables whose body is a stream of single cells.
//!
//! Plain `pdftotext` output (without `-layout`) of many budgets puts every cell of a table on a
//! line of its own, blank lines between, so a row of a coded table arrives as a *stream*: its
//! subject code (whole, `30101`, or split over consecutive lines, `301` / `01`, 类 / 款 / 项),
//! its name (maybe wrapped over two lines), then one line per amount column. This module
//! recognises that shape from the table's own lines (most hold one cell, and there are codes
//! among them), finds how many amount columns there are (the header's column names, or the
//! commonest run of amounts between names) and assembles the rows again. Every other plain
//! table is read by [`super::spaced`].
//!
//! The stream is not always in row order: pdftotext emits some codes away from their names (the
//! 类 code of a row after the row's amounts, the codes of a page's first rows in a block, their
//! 项 in another), some amounts before their row's name or in one run with the next rows', a
//! name away from its amounts, and the header again on every page. What the stream itself
//! settles is put back, and nothing else:
//! - a code right before a name is that name's (an *anchor*); between two anchors, page by
//!   page, the codes met go in order to the rows that have none, when there are as many codes
//!   as rows with amounts and the codes run in the table's order (they increase down a table);
//! - a 类款 printed twice in a row marks a 项 row whose 项 went elsewhere, and the next run of
//!   pieces with no 类 holds those 项s, in order, when it has as many;
//! - amounts without a row next to rows without amounts (only codes between) are theirs when
//!   there are as many of each, in a table of several columns;
//! - a run of amounts longer than a row, in a table whose rows leave some columns empty, is cut
//!   where every row adds up (合计 = the other columns), or all rows but one (a misprint), when
//!   only one cutting does;
//! - a row with fewer amounts than columns is placed only where certain: [`Certainty::Exact`]
//!   with as many amounts as columns, else [`Certainty::Ambiguous`] with every placement.
//!
//! What is left is left visibly: rows without a code, and amounts without a row, which
//! [`super::orphans`] gives back where the sums confirm it and otherwise records as doubts.

use rust_decimal::Decimal;

use super::Line;
use super::lines::{self, is_note, is_table_title};
use super::resolve::ordered_placements;
use super::spaced::strip_year;
use crate::arith::{Verdict, check_sum};
use crate::model::{
    Certainty, Column, ColumnKind, Layout, Number, Row, SubjectCode, Table, Text, Unit,
    is_total_label, squeeze,
};
use crate::number::parse_amount;
use crate::source::Span;

/// Marks for a cell that does not apply (`——`).
const NOT_APPLICABLE: &[&str] = &["——", "—", "-", "－", "--", "/", "——.——"];

/// Header cells that name amount columns in the templates seen (after the year is stripped).
const COLUMN_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "金额",
    "预算数",
    "决算数",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "人员支出",
    "公用支出",
    "日常公用经费",
    "财政拨款",
    "财政拨款收入",
    "一般公共预算",
    "一般公共预算拨款",
    "政府性基金",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "事业收入",
    "事业单位经营收入",
    "事业单位",
    "经营收入",
    "其他收入",
    "单位资金",
    "上年结转",
    "上年结转结余",
    "机关运行经费支出",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    /// An amount written with thousands separators or decimals.
    Amount {
        value: Decimal,
        decimals: u32,
    },
    /// A bare integer: an amount, or a piece of a subject code.
    Digits(Decimal),
    NotApplicable,
}

/// One cell of the stream: usually a whole line.
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    /// The first cell of a page.
    page_start: bool,
    /// The first cell after a page number printed among the rows: what follows is what the
    /// extraction left over at the page's end, not the row above's.
    after_page_number: bool,
}

impl Cell<'_> {
    fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }

    fn is_text(&self) -> bool {
        self.kind == Kind::Text
    }

    /// The number of digits of a bare integer.
    fn digits(&self) -> Option<usize> {
        matches!(self.kind, Kind::Digits(_)).then_some(self.text.len())
    }

    /// A two-digit piece with a leading zero (`05`): only ever part of a split code.
    fn is_code_piece(&self) -> bool {
        self.digits() == Some(2) && self.text.starts_with('0')
    }
}

fn classify(word: &str) -> Kind {
    if NOT_APPLICABLE.contains(&word) {
        return Kind::NotApplicable;
    }
    match parse_amount(word) {
        Some((value, 0)) if word.bytes().all(|b| b.is_ascii_digit()) => Kind::Digits(value),
        Some((value, decimals)) => Kind::Amount { value, decimals },
        None => Kind::Text,
    }
}

/// The cells of one line: its numbers one by one, then the rest as one text cell
/// (`201 05 01 行政运行`, `24,458.43 一、一般公共服务支出`); a line of text is one cell.
fn cells_of<'a>(line: &Line<'a>) -> Vec<Cell<'a>> {
    let text = line.text;
    let mut words: Vec<(usize, &'a str)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '\u{c}' {
            if let Some(s) = start.take() {
                words.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    let cell = |(at, word): (usize, &'a str)| Cell {
        kind: classify(word),
        text: word,
        start: line.span.start + at,
        page_start: false,
        after_page_number: false,
    };
    let numbers = words
        .iter()
        .take_while(|(_, w)| classify(w) != Kind::Text)
        .count();
    if numbers == words.len() {
        return words.into_iter().map(cell).collect();
    }
    let (text_start, _) = words[numbers];
    let text_end = words
        .last()
        .map(|(at, w)| at + w.len())
        .unwrap_or(text_start);
    let mut cells: Vec<Cell<'a>> = words[..numbers].iter().copied().map(cell).collect();
    cells.push(Cell {
        kind: Kind::Text,
        text: &text[text_start..text_end],
        start: line.span.start + text_start,
        page_start: false,
        after_page_number: false,
    });
    cells
}

/// A line that cannot be part of a table's body: the next table's title, form number or unit
/// line, a note, a numbered heading, a sentence.
fn ends_table(t: &str) -> bool {
    ends_statement(t) || lines::numbered_heading_level(t).is_some_and(|level| level <= 2)
}

/// A line that cannot be part of a statement's body ([`ends_table`] but for the numbered
/// lines, which are a 收支总表's rows: `二、政府性基金预算拨款`).
fn ends_statement(t: &str) -> bool {
    lines::unit_line(t).is_some()
        || is_table_title(t)
        || lines::form_prefix(t).is_some()
        || lines::is_form_number(t)
        || lines::is_table_meta(t)
        || is_note(t)
        || t.contains('。')
}

/// A header cell that names the row's code or name column (`功能分类科目编码`, `类`, `项目`).
fn is_label_header(text: &str) -> bool {
    let t = squeeze(text);
    [
        "编码",
        "代码",
        "科目名称",
        "项目名称",
        "单位名称",
        "分类科目",
    ]
    .iter()
    .any(|w| t.contains(w))
        || [
            "项目",
            "类",
            "款",
            "项",
            "科目",
            "功能分类",
            "经济分类",
            "名称",
            "单位",
        ]
        .contains(&&*t)
}

fn is_column_word(text: &str) -> bool {
    COLUMN_WORDS.contains(&strip_year(text).as_str())
}

/// A header cell over several columns (`收入预算`, `一般公共预算基本支出`).
fn is_group_header(text: &str) -> bool {
    let t = squeeze(text);
    t.contains("预算") || t.contains("决算")
}

/// A subject code assembled from one cell or from 类 / 款 / 项 pieces on consecutive lines.
#[derive(Debug, Clone)]
struct CodeGroup {
    code: String,
    span: Span,
    /// A 款 or 项 printed without its leading zero (`301` / `2`).
    irregular: bool,
}

impl CodeGroup {
    fn subject_code(&self) -> SubjectCode {
        SubjectCode {
            code: self.code.clone(),
            span: self.span,
            irregular: self.irregular,
        }
    }
}

/// What the body of the table says, in stream order, once codes and names are recognised.
#[derive(Debug, Clone)]
enum Tok<'a> {
    Code(CodeGroup),
    /// A piece of a split code with no 类 before it: a code emitted out of its place.
    Piece(Cell<'a>),
    Name {
        text: Text,
        total: bool,
    },
    Number(Cell<'a>),
    PageBreak,
    /// A page number among the rows: the row above is over.
    PageNumber,
}

/// A row being assembled: a name (or none, for amounts that belong to no row), its code and
/// its amounts.
#[derive(Debug, Clone, Default)]
struct Draft<'a> {
    name: Option<Text>,
    total: bool,
    code: Option<CodeGroup>,
    /// The code came right before the name.
    anchored: bool,
    amounts: Vec<Cell<'a>>,
    /// Amounts cut from a run that could not be cut with certainty: never given to a row here.
    unsure: bool,
    /// The last amount was given back to the row by its row's sum (see [`sparse_column`]): it
    /// stands in one of the part columns the row's others leave free, which is not known.
    returned: bool,
}

impl Draft<'_> {
    fn is_orphan(&self) -> bool {
        self.name.is_none() && !self.amounts.is_empty()
    }

    fn is_homeless(&self) -> bool {
        self.name.is_some() && self.amounts.is_empty()
    }
}

#[derive(Debug, Clone)]
enum Item<'a> {
    Code(CodeGroup),
    Piece(Cell<'a>),
    Row(Draft<'a>),
    PageBreak,
}

/// The cells of a table's body with the lines they came from.
struct Body<'a> {
    cells: Vec<Cell<'a>>,
    /// Index of the line after the table.
    end: usize,
    /// Furniture met inside the table.
    furniture: Vec<Line<'a>>,
    /// Lines holding one cell, and all lines, of the body.
    single: usize,
    lines: usize,
    last_span: Span,
}

fn body<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Body<'a> {
    body_until(lines, unit_index, is_furniture, ends_table)
}

/// The body of a table whose end `ends` tells.
fn body_until<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
    ends: fn(&str) -> bool,
) -> Body<'a> {
    let mut body = Body {
        cells: Vec::new(),
        end: lines.len(),
        furniture: Vec::new(),
        single: 0,
        lines: 0,
        last_span: lines[unit_index].span,
    };
    // A page break on a blank or furniture line marks the next cell, and so does a page number.
    let mut page_break = false;
    let mut page_number = false;
    // The lines up to here are the head of a page the table goes on after (see
    // [`continuation_head`]).
    let mut head_end = 0;
    for (i, line) in lines.iter().enumerate().skip(unit_index + 1) {
        page_break |= line.page_start;
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let furniture = is_furniture(line);
        if i < head_end || furniture && lines::form_prefix(t).is_none() {
            page_number |= lines::is_page_number(t) || t.bytes().all(|b| b.is_ascii_digit());
            body.furniture.push(*line);
            continue;
        }
        // `公开02表` / `（续表）` / the header again: the table goes on after the page break.
        // A line of one text cell opening the page just before (the report's name, printed
        // too few times to be known as a running header) is the page's head too.
        let opens_page = page_break
            && !body.cells.is_empty()
            && matches!(cells_of(line).as_slice(), [cell] if cell.is_text());
        let head = continuation_head(lines, i, is_furniture).or_else(|| {
            let next = i + 1 + lines[i + 1..].iter().take_while(|l| l.is_blank()).count();
            opens_page
                .then(|| continuation_head(lines, next, is_furniture))
                .flatten()
        });
        if let Some(end) = head {
            head_end = end;
            body.furniture.push(*line);
            continue;
        }
        // `公开 03 表：支出预算总表` at the top of a page is furniture, and the next table's.
        if furniture {
            body.end = i;
            return body;
        }
        // The next table's title, wrapped (`…支出预算` / `表`), or its department line.
        let wrapped_title = lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .map(|l| l.text.trim())
            .is_some_and(|next| next.chars().count() <= 3 && is_table_title(&format!("{t}{next}")));
        if ends(t) || wrapped_title || t.starts_with("部门：") || t.starts_with("部门:") {
            body.end = i;
            return body;
        }
        let mut cells = cells_of(line);
        if let Some(first) = cells.first_mut() {
            first.page_start = std::mem::take(&mut page_break);
            first.after_page_number = std::mem::take(&mut page_number);
        }
        body.lines += 1;
        body.single += usize::from(cells.len() == 1);
        body.cells.extend(cells);
        body.last_span = line.span;
    }
    body
}

/// The most lines (not blank) a page's head takes before the rows go on (see
/// [`continuation_head`]): running header, page number, form number, title, unit, mark.
const MAX_HEAD_LINES: usize = 8;

/// The head of a page that continues a table: its form number, title, unit or department line
/// printed again (`公开02表`, `永春县…收入预算表`), page furniture, and a continuation mark
/// (`（续表）`, `续表`, `表3（续）`) among them. Returns the index of the line after the head,
/// where the header printed again and the rows go on; `None` when the lines from `i` are not
/// such a head (a new table's number and title carry no mark).
fn continuation_head(
    lines: &[Line],
    i: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Option<usize> {
    let mut marked = false;
    let mut end = i;
    // A page's head is a few lines; looking no further keeps a run of such lines linear.
    let head = lines
        .iter()
        .enumerate()
        .skip(i)
        .filter(|(_, l)| !l.is_blank());
    for (j, line) in head.take(MAX_HEAD_LINES) {
        let t = line.text.trim();
        if lines::is_continuation_mark(t) {
            marked = true;
        } else if !(is_furniture(line)
            || lines::is_form_number(t)
            || lines::form_prefix(t).is_some()
            || is_table_title(t)
            || lines::is_table_meta(t))
        {
            break;
        }
        end = j + 1;
    }
    marked.then_some(end)
}

/// Whether a table's body is a stream of cells of coded rows: most lines hold one cell, and
/// there are subject codes and amounts among them. Tables with a 行次 or 栏次 column are not.
fn is_stream(body: &Body) -> bool {
    let codes = body
        .cells
        .iter()
        .filter(|c| {
            matches!(c.digits(), Some(3 | 5 | 7)) && !c.text.starts_with('0') || c.is_code_piece()
        })
        .count();
    let amounts = body
        .cells
        .iter()
        .filter(|c| matches!(c.kind, Kind::Amount { .. }))
        .count();
    // A 栏次 row in the header (`栏次` / `1` / `2` / `3`) numbers the columns; a 行次 column
    // puts a number in every row, which this reader would take for an amount.
    let ordinals = body.cells.iter().any(|c| {
        c.is_text()
            && (c.text.contains("行次")
                || c.text.contains("栏次") && column_numbers(&body.cells).is_none())
    });
    body.lines >= 6 && body.single * 5 >= body.lines * 4 && codes >= 3 && amounts >= 3 && !ordinals
}

/// The 栏次 row of a final account's header: the cell `栏次`, then (after the header cells
/// pdftotext put between) the column numbers `1`, `2`, … `n` (two or more), before any amount.
/// Returns where `栏次` stands, where its numbers start, and `n`.
fn column_numbers(cells: &[Cell]) -> Option<(usize, usize, usize)> {
    let at = cells
        .iter()
        .take_while(|c| !matches!(c.kind, Kind::Amount { .. }))
        .position(|c| c.is_text() && squeeze(c.text) == "栏次")?;
    let first = at + 1 + cells[at + 1..].iter().take_while(|c| c.is_text()).count();
    let n = cells[first..]
        .iter()
        .zip(1u32..)
        .take_while(|(c, i)| !c.is_text() && c.text == i.to_string())
        .count();
    (n >= 2).then_some((at, first, n))
}

/// Whether a 栏次 table of `k` columns is read whole: no lone number `k + 1` among its cells,
/// and every row's first amount the sum of its others.
fn numbered_rows_add_up(cells: &[Cell], items: &[Item], k: usize) -> bool {
    let next = (k + 1).to_string();
    let more_columns = cells.iter().any(|c| c.digits().is_some() && c.text == next);
    !more_columns
        && items.iter().all(|it| match it {
            Item::Row(row) => match row.amounts.as_slice() {
                [] => true,
                [one] => number_of(one, None).is_some_and(|n| n.value.is_zero()),
                all => adds_up(all),
            },
            _ => true,
        })
}

/// The index of the source line holding a byte offset (`lines` in source order).
fn line_index(lines: &[Line], offset: usize) -> Option<usize> {
    let i = lines
        .partition_point(|l| l.span.start <= offset)
        .checked_sub(1)?;
    Some(lines[i].index)
}

/// The names of a 栏次 table's columns: the header cells after the total row's label (`合计`),
/// label cells left out, pieces of one name on consecutive lines joined (`上缴上` / `级支出`);
/// only when there are exactly `n` of them.
fn numbered_column_names(cells: &[Cell], n: usize, lines: &[Line]) -> Option<Vec<String>> {
    let line_of = |offset: usize| line_index(lines, offset);
    let total = cells
        .iter()
        .position(|c| c.is_text() && is_total_label(&squeeze(c.text)))?;
    let mut names: Vec<(String, Option<usize>)> = Vec::new();
    for c in &cells[total + 1..] {
        if !c.is_text() || is_label_header(c.text) {
            return None;
        }
        let line = line_of(c.start);
        let word = squeeze(c.text).into_owned();
        match names.last_mut() {
            Some((name, last)) if last.zip(line).is_some_and(|(a, b)| b == a + 1) => {
                name.push_str(&word);
                *last = line;
            }
            _ => names.push((word, line)),
        }
    }
    (names.len() == n).then(|| names.into_iter().map(|(n, _)| strip_year(&n)).collect())
}

/// The header: cells before the first number, the column names they give, and the name of the
/// first row when pdftotext put it among them.
#[derive(Debug, Default)]
struct Header {
    /// Header cells as written.
    cells: Vec<Text>,
    /// Their squeezed texts, to recognise the header repeated on later pages.
    words: Vec<String>,
    /// The column names, 合计 first, in the order printed.
    columns: Vec<String>,
    /// The column of a one-column table (`金额`).
    single_column: Option<String>,
    /// A total label (`合计`) among the header cells.
    total: Option<Text>,
    /// The first row's name, printed among the header cells.
    first_row: Option<Text>,
    /// The total label among the header cells names the first row: the names after it are the
    /// columns a 栏次 row numbers.
    total_leads: bool,
    /// Columns of a two-row header whose cell spans both rows (`年初预算数` beside `决算数` over
    /// `合计` / `基本支出` / `项目支出`): pdftotext prints such a cell after the upper row and
    /// before the lower, so on which side of the group it stands is not printed (see
    /// [`tall_columns`]).
    tall: Vec<String>,
    /// The header over the columns of [`Header::columns`] in such a header (`决算数`).
    group: Option<String>,
}

fn read_header(cells: &[Cell]) -> Header {
    let mut header = Header::default();
    let mut strays: Vec<&Cell> = Vec::new();
    // A total label ending the header cells, after another, is the first row's name (the
    // total row's `合计` printed right before its amounts), not a column's.
    let names_end = match cells {
        [before @ .., last]
            if is_total_label(&squeeze(last.text))
                && before.iter().any(|c| is_total_label(&squeeze(c.text))) =>
        {
            cells.len() - 1
        }
        _ => cells.len(),
    };
    for (i, cell) in cells.iter().enumerate() {
        let text = Text::from_source(cell.text, cell.start);
        let word = squeeze(cell.text).into_owned();
        if is_total_label(&word) {
            header.total.get_or_insert(text.clone());
            if header.columns.is_empty() && i < names_end {
                header.columns = column_run(&cells[i..names_end]);
                (header.tall, header.group) = tall_cells(&cells[..i]);
            }
        } else if is_column_word(cell.text) {
            header.single_column = Some(strip_year(cell.text));
        } else if !is_label_header(cell.text) && !is_group_header(cell.text) {
            strays.push(cell);
            continue;
        }
        header.cells.push(text);
        header.words.push(word);
    }
    // A name among the header cells (one, or one wrapped over two lines) is the first row's.
    match strays.as_slice() {
        // One character is no row's name: the tail of a header cell wrapped in its box
        // (`政府性基金预算拨款收` / `入`).
        [one] if one.text.trim().chars().count() == 1 => {
            header.cells.push(Text::from_source(one.text, one.start));
            header.words.push(squeeze(one.text).into_owned());
            header.cells.sort_by_key(|t| t.span().start);
        }
        [one] => header.first_row = Some(Text::from_source(one.text, one.start)),
        [a, b] if is_wrap(a.text, b.text) => {
            let mut t = Text::from_source(a.text, a.start);
            t.push(b.text, b.start);
            header.first_row = Some(t);
        }
        _ => {
            for c in strays {
                header.cells.push(Text::from_source(c.text, c.start));
                header.words.push(squeeze(c.text).into_owned());
            }
            header.cells.sort_by_key(|t| t.span().start);
        }
    }
    header
}

/// The cells of a two-row header printed before its lower row's total label that span both
/// rows: after the label headers (`科目编码`, `科目名称`, as tall), each naming one amount column
/// (`年初预算数`), when the upper row's one group cell (`决算数`) was printed before the label
/// headers. Returns their names and the group's.
fn tall_cells(cells: &[Cell]) -> (Vec<String>, Option<String>) {
    let none = (Vec::new(), None);
    let Some(first_label) = cells.iter().position(|c| is_label_header(c.text)) else {
        return none;
    };
    let Some(last_label) = cells.iter().rposition(|c| is_label_header(c.text)) else {
        return none;
    };
    let names_column = |c: &Cell| {
        c.is_text()
            && !is_label_header(c.text)
            && (is_column_word(c.text)
                || is_group_header(c.text) && squeeze(c.text).ends_with('数'))
    };
    let (upper, tall) = (&cells[..first_label], &cells[last_label + 1..]);
    let group = match upper {
        [group] if names_column(group) => strip_year(group.text),
        _ => return none,
    };
    if tall.is_empty() || !tall.iter().all(names_column) {
        return none;
    }
    (
        tall.iter().map(|c| strip_year(c.text)).collect(),
        Some(group),
    )
}

/// The columns of a header with tall cells (see [`Header::tall`]): the lower row's columns in
/// order, 合计 first, and the tall ones on either side of them, in order. The side is the one
/// where every row filling all `k` columns adds up (合计 = the parts) and no other side fits
/// them all; otherwise it is not known, and `None` leaves the columns unnamed.
fn tall_columns(header: &Header, items: &[Item], k: usize) -> Option<Vec<Column>> {
    let (tall, run) = (&header.tall, &header.columns);
    if tall.is_empty() || run.len() < 2 || tall.len() + run.len() != k {
        return None;
    }
    let full: Vec<&[Cell]> = items
        .iter()
        .filter_map(|it| match it {
            Item::Row(d) if d.amounts.len() == k && !d.unsure => Some(d.amounts.as_slice()),
            _ => None,
        })
        .collect();
    let fits = |left: usize| {
        !full.is_empty()
            && full
                .iter()
                .all(|amounts| adds_up(&amounts[left..left + run.len()]))
    };
    let mut sides = (0..=tall.len()).filter(|&left| fits(left));
    let left = sides.next()?;
    if sides.next().is_some() {
        return None;
    }
    let leaf = |name: &String| match &header.group {
        Some(group) => Column {
            name: format!("{group}/{name}"),
            leaf: name.clone(),
            kind: ColumnKind::Amount,
        },
        None => Column::amount(0, Some(name.clone())),
    };
    let single = |name: &String| Column::amount(0, Some(name.clone()));
    Some(
        tall[..left]
            .iter()
            .map(single)
            .chain(run.iter().map(leaf))
            .chain(tall[left..].iter().map(single))
            .collect(),
    )
}

/// Whether `second` continues a name `first` wrapped at the column's width.
fn is_wrap(first: &str, second: &str) -> bool {
    let (a, b) = (first.chars().count(), second.chars().count());
    a >= 10 && b <= 4 && !is_total_label(&squeeze(second)) && !starts_enumerated(second)
}

fn starts_enumerated(text: &str) -> bool {
    let t = text.trim_start();
    let head: String = t
        .chars()
        .take_while(|&c| lines::is_cjk_numeral(c) || c.is_ascii_digit())
        .collect();
    !head.is_empty() && t[head.len()..].starts_with('、') || t.starts_with(['（', '('])
}

/// The lengths of the runs of amounts between other cells, reading bare integers of three
/// digits or more as codes (a first pass, before the number of columns is known).
fn amount_runs(cells: &[Cell]) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut run = 0;
    for c in cells {
        let amount = match c.kind {
            Kind::Amount { .. } | Kind::NotApplicable => true,
            Kind::Digits(_) => c.text.len() <= 2 && !c.is_code_piece(),
            Kind::Text => false,
        };
        if amount {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    if run > 0 {
        runs.push(run);
    }
    runs
}

/// The commonest run length (the smaller on a tie).
fn commonest(runs: &[usize]) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for &r in runs {
        *counts.entry(r).or_insert(0usize) += 1;
    }
    counts
        .iter()
        .max_by_key(|(n, c)| (**c, std::cmp::Reverse(**n)))
        .map(|(n, _)| *n)
        .unwrap_or(0)
}

/// A subject code starting at `cells[i]`: a whole code (`30101`, `2080505`), or a 类 (`301`)
/// followed by its 款 and 项 pieces on the next lines (`01`, or `2` without its leading zero).
/// `waiting`: a row above still lacks amounts and the table writes its amounts as integers, so
/// a bare integer is taken for a code only when what follows shows it is one. Returns the group
/// and how many cells it takes.
fn code_at(cells: &[Cell], i: usize, waiting: bool) -> Option<(CodeGroup, usize)> {
    let first = &cells[i];
    let n = first.digits()?;
    if first.text.starts_with('0') {
        return None;
    }
    let next_is_name = |j: usize| cells.get(j).is_none_or(Cell::is_text);
    match n {
        5 | 7 => (!waiting || next_is_name(i + 1)).then(|| {
            (
                CodeGroup {
                    code: first.text.to_string(),
                    span: first.span(),
                    irregular: false,
                },
                1,
            )
        }),
        3 => {
            let mut pieces: Vec<&Cell> = Vec::new();
            let mut j = i + 1;
            while pieces.len() < 2
                && cells
                    .get(j)
                    .is_some_and(|c| matches!(c.digits(), Some(1 | 2)) && c.text != "0")
            {
                pieces.push(&cells[j]);
                j += 1;
            }
            // A piece must end the code: the name follows, another code, or (after a 款) the
            // pieces of codes emitted out of their place (`201` / `38` / `07` / `02`: 20138,
            // then 项 pieces).
            while !pieces.is_empty() && {
                let next = i + 1 + pieces.len();
                !(next_is_name(next)
                    || cells[next].digits().is_some_and(|d| d >= 3)
                    || pieces.len() == 1 && cells[next].is_code_piece())
            } {
                pieces.pop();
            }
            let sure = pieces.first().is_some_and(|p| p.is_code_piece())
                || !pieces.is_empty() && next_is_name(i + 1 + pieces.len());
            if waiting && !sure {
                return None;
            }
            let mut code = first.text.to_string();
            let mut irregular = false;
            for p in &pieces {
                if p.text.len() == 1 {
                    code.push('0');
                    irregular = true;
                }
                code.push_str(p.text);
            }
            let span = pieces
                .last()
                .map(|p| first.span().cover(p.span()))
                .unwrap_or(first.span());
            Some((
                CodeGroup {
                    code,
                    span,
                    irregular,
                },
                1 + pieces.len(),
            ))
        }
        _ => None,
    }
}

/// Turn the body's cells (header cells removed) into codes, names and numbers.
fn tokens<'a>(cells: &[Cell<'a>], k: usize, first: Vec<Tok<'a>>) -> Vec<Tok<'a>> {
    let mut toks = first;
    // Where amounts are written with decimals, a bare integer of three digits or more is a code.
    let with_decimals = cells
        .iter()
        .filter(|c| matches!(c.kind, Kind::Amount { decimals, .. } if decimals > 0))
        .count();
    let integers = cells
        .iter()
        .filter(|c| matches!(c.kind, Kind::Amount { decimals: 0, .. }))
        .count();
    let integer_amounts = integers >= with_decimals;
    // Amounts the last named row has so far; `None` once a code closed it.
    let mut row_amounts: Option<usize> = toks
        .iter()
        .any(|t| matches!(t, Tok::Name { .. }))
        .then_some(0);
    let mut i = 0;
    while i < cells.len() {
        let c = cells[i];
        if c.page_start {
            toks.push(Tok::PageBreak);
        }
        if c.after_page_number {
            toks.push(Tok::PageNumber);
            row_amounts = None;
        }
        match c.kind {
            Kind::Text => {
                let word = squeeze(c.text);
                toks.push(Tok::Name {
                    text: Text::from_source(c.text, c.start),
                    total: is_total_label(&word),
                });
                row_amounts = Some(0);
                i += 1;
            }
            Kind::Amount { .. } | Kind::NotApplicable => {
                toks.push(Tok::Number(c));
                if let Some(n) = &mut row_amounts {
                    *n += 1;
                }
                i += 1;
            }
            Kind::Digits(_) => {
                let waiting = integer_amounts && row_amounts.is_some_and(|n| n < k);
                if let Some((group, len)) = code_at(cells, i, waiting) {
                    toks.push(Tok::Code(group));
                    row_amounts = None;
                    i += len;
                } else if c.is_code_piece()
                    || !integer_amounts && c.digits().is_some_and(|d| d <= 2) && c.text != "0"
                {
                    // Where amounts have decimals, a bare `11` is a piece of a code too.
                    toks.push(Tok::Piece(c));
                    row_amounts = None;
                    i += 1;
                } else {
                    toks.push(Tok::Number(c));
                    if let Some(n) = &mut row_amounts {
                        *n += 1;
                    }
                    i += 1;
                }
            }
        }
    }
    toks
}

/// Rows from the tokens: a name opens a row, which takes up to `k` amounts; amounts with no row
/// open (after a code, or beyond `k`) make rows without a name.
fn drafts<'a>(toks: Vec<Tok<'a>>, k: usize) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = Vec::new();
    let mut open: Option<usize> = None;
    for tok in toks {
        match tok {
            Tok::Code(g) => {
                items.push(Item::Code(g));
                open = None;
            }
            Tok::PageBreak => items.push(Item::PageBreak),
            Tok::PageNumber => open = None,
            Tok::Piece(cell) => {
                items.push(Item::Piece(cell));
                open = None;
            }
            Tok::Name { text, total } => {
                if let Some(Item::Row(row)) = open.and_then(|i| items.get_mut(i)) {
                    let joins = !total
                        && !row.total
                        && row.amounts.is_empty()
                        && row
                            .name
                            .as_ref()
                            .is_some_and(|n| is_wrap(&n.text, &text.text));
                    if let (true, Some(name)) = (joins, row.name.as_mut()) {
                        name.push(&text.text, text.span().start);
                        continue;
                    }
                }
                items.push(Item::Row(Draft {
                    name: Some(text),
                    total,
                    ..Draft::default()
                }));
                open = Some(items.len() - 1);
            }
            Tok::Number(cell) => {
                if let Some(Item::Row(row)) = open.and_then(|i| items.get_mut(i)) {
                    if row.amounts.len() < k {
                        row.amounts.push(cell);
                        continue;
                    }
                }
                items.push(Item::Row(Draft {
                    amounts: vec![cell],
                    ..Draft::default()
                }));
                open = Some(items.len() - 1);
            }
        }
    }
    items
}

fn number_of(cell: &Cell, unit: Option<Unit>) -> Option<Number> {
    let (value, decimals) = match cell.kind {
        Kind::Amount { value, decimals } => (value, decimals),
        Kind::Digits(value) => (value, 0),
        _ => return None,
    };
    Some(Number {
        value,
        decimals,
        span: cell.span(),
        unit,
    })
}

/// Whether a group of amounts adds up as one row: the first (合计) equals the others.
fn adds_up(group: &[Cell]) -> bool {
    let numbers: Vec<Number> = group.iter().filter_map(|c| number_of(c, None)).collect();
    if numbers.len() != group.len() || numbers.len() < 2 {
        return false;
    }
    let parts: Vec<&Number> = numbers[1..].iter().collect();
    check_sum(Some(&numbers[0]), &parts).verdict != Verdict::Mismatch
}

/// The one way to cut `run` into rows of 2 to `k` amounts (合计 first, then its parts) under
/// which the fewest rows fail to add up, when that is at most one row (a misprinted figure) and
/// no other cutting does as well. `then`: the amounts of a total row right after the run, whose
/// label interrupted them; the run's last piece may be that row's first amounts.
fn cutting(run: &[Cell], k: usize, then: &[Cell]) -> Option<Vec<usize>> {
    struct Search<'r, 'a> {
        run: &'r [Cell<'a>],
        then: &'r [Cell<'a>],
        k: usize,
        found: Vec<(usize, Vec<usize>)>,
        steps: usize,
    }
    impl Search<'_, '_> {
        fn go(&mut self, at: usize, failures: usize, cur: &mut Vec<usize>) {
            self.steps += 1;
            if failures > 1 || self.steps > 100_000 {
                return;
            }
            let rest = self.run.len() - at;
            if rest == 0 {
                self.found.push((failures, cur.clone()));
                return;
            }
            for size in 2..=self.k.min(rest) {
                let fails = usize::from(!adds_up(&self.run[at..at + size]));
                cur.push(size);
                self.go(at + size, failures + fails, cur);
                cur.pop();
            }
            if at > 0 && !self.then.is_empty() && rest + self.then.len() == self.k {
                let group: Vec<Cell> = self.run[at..].iter().chain(self.then).copied().collect();
                cur.push(rest);
                self.found
                    .push((failures + usize::from(!adds_up(&group)), cur.clone()));
                cur.pop();
            }
        }
    }
    let mut search = Search {
        run,
        then,
        k,
        found: Vec::new(),
        steps: 0,
    };
    search.go(0, 0, &mut Vec::new());
    if search.steps > 100_000 {
        return None;
    }
    // A last piece taken as a whole row and as the interrupted total's is one cutting.
    search.found.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    search.found.dedup_by(|later, first| later.1 == first.1);
    let fewest = search.found.iter().map(|(f, _)| *f).min()?;
    let mut best = search.found.into_iter().filter(|(f, _)| *f == fewest);
    match (best.next(), best.next()) {
        (Some((_, sizes)), None) => Some(sizes),
        _ => None,
    }
}

/// Re-cut the runs of amounts longer than one row, in a table whose rows do not all fill every
/// column: by the sums when 合计 is the first column (see [`cutting`]), else the run's amounts
/// are marked unsure (never given to another row here).
fn recut_runs(items: &mut Vec<Item>, k: usize, total_first: bool) {
    let mut i = 0;
    while i < items.len() {
        let Item::Row(row) = &items[i] else {
            i += 1;
            continue;
        };
        if row.amounts.is_empty() {
            i += 1;
            continue;
        }
        // The run: this row and the rows without a name right after it.
        let mut j = i + 1;
        while matches!(items.get(j), Some(Item::Row(r)) if r.is_orphan()) {
            j += 1;
        }
        if j == i + 1 {
            i += 1;
            continue;
        }
        let named = row.name.is_some();
        let run: Vec<Cell> = items[i..j]
            .iter()
            .flat_map(|it| match it {
                Item::Row(r) => r.amounts.clone(),
                _ => Vec::new(),
            })
            .collect();
        // A total row next, whose label cut its amounts in two.
        let then: Vec<Cell> = items[j..]
            .iter()
            .find_map(|it| match it {
                Item::Row(r) => Some(r),
                _ => None,
            })
            .filter(|r| r.total && r.amounts.len() < k)
            .map(|r| r.amounts.clone())
            .unwrap_or_default();
        let cut = if total_first {
            cutting(&run, k, &then)
        } else {
            None
        };
        let mut rows: Vec<Draft> = Vec::new();
        match cut {
            Some(sizes) => {
                let mut at = 0;
                for size in sizes {
                    rows.push(Draft {
                        amounts: run[at..at + size].to_vec(),
                        ..Draft::default()
                    });
                    at += size;
                }
            }
            None => {
                for chunk in run.chunks(k) {
                    rows.push(Draft {
                        amounts: chunk.to_vec(),
                        unsure: true,
                        ..Draft::default()
                    });
                }
            }
        }
        if let (Item::Row(first), Some(new_first)) = (&items[i], rows.first_mut()) {
            new_first.name = first.name.clone();
            new_first.total = first.total;
            new_first.unsure &= !named;
        }
        let n = rows.len();
        items.splice(i..j, rows.into_iter().map(Item::Row));
        i += n;
    }
}

/// A total row whose label interrupted its amounts (`31,214,205.80` / `25,121,091.00` / `合计` /
/// `6,093,114.80`): the amounts just before it, with no row of their own, are its first ones.
fn join_split_totals(items: &mut Vec<Item>, k: usize) {
    let mut i = 0;
    while i < items.len() {
        let is_split_total = matches!(&items[i], Item::Row(r)
            if r.total && !r.amounts.is_empty() && r.amounts.len() < k);
        if is_split_total {
            let before = (0..i)
                .rev()
                .find(|&j| matches!(items[j], Item::Row(_)))
                .filter(|&j| matches!(&items[j], Item::Row(r) if r.is_orphan() && !r.unsure));
            if let Some(j) = before {
                let fits = match (&items[j], &items[i]) {
                    (Item::Row(o), Item::Row(t)) => o.amounts.len() + t.amounts.len() == k,
                    _ => false,
                };
                if fits {
                    let Item::Row(orphan) = items.remove(j) else {
                        unreachable!("checked above")
                    };
                    i -= 1;
                    if let Item::Row(total) = &mut items[i] {
                        let mut amounts = orphan.amounts;
                        amounts.append(&mut total.amounts);
                        total.amounts = amounts;
                    }
                }
            }
        }
        i += 1;
    }
}

/// Amounts printed before their row's name: right before a total label that has none
/// (`1579.38` / `合计`), or between a code and its name (`302` / `1579.38` / `商品和服务支出`).
fn amounts_before_names(items: &mut Vec<Item>) {
    let mut i = 0;
    while i + 1 < items.len() {
        let takes = match (&items[i], &items[i + 1]) {
            (Item::Row(o), Item::Row(h)) if o.is_orphan() && !o.unsure && h.is_homeless() => {
                h.total || i > 0 && matches!(items[i - 1], Item::Code(_))
            }
            _ => false,
        };
        if takes {
            let Item::Row(orphan) = items.remove(i) else {
                unreachable!("checked above")
            };
            if let Item::Row(row) = &mut items[i] {
                row.amounts = orphan.amounts;
            }
        }
        i += 1;
    }
}

/// Amounts without a row and rows without amounts, side by side (only codes between): when
/// there are as many of each, the amounts are the rows', in order. Only where a row has several
/// columns: a lone amount next to a row may as well be the row above's, pushed down by a lag
/// (`…缴费支` / `出` / `256.76` / `580.01`), which [`super::orphans`] weighs with the sums.
fn pair_orphans(items: &mut Vec<Item>, k: usize) {
    if k < 2 {
        return;
    }
    // Amounts before any name are the total's, whose label is among the header cells; they are
    // left to [`super::orphans`].
    let mut i = items
        .iter()
        .position(|it| matches!(it, Item::Row(r) if r.name.is_some()))
        .unwrap_or(items.len());
    while i < items.len() {
        // A stretch of rows each without a name or without amounts, codes between them.
        let mut rows: Vec<usize> = Vec::new();
        let mut j = i;
        while j < items.len() {
            match &items[j] {
                Item::Code(_) | Item::Piece(_) | Item::PageBreak => {}
                Item::Row(r) if (r.is_orphan() && !r.unsure) || r.is_homeless() => rows.push(j),
                Item::Row(_) => break,
            }
            j += 1;
        }
        let orphans: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| matches!(&items[r], Item::Row(d) if d.is_orphan()))
            .collect();
        let homeless: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| matches!(&items[r], Item::Row(d) if d.is_homeless()))
            .collect();
        if !orphans.is_empty() && orphans.len() == homeless.len() {
            for (&o, &h) in orphans.iter().zip(&homeless) {
                let amounts = match &mut items[o] {
                    Item::Row(d) => std::mem::take(&mut d.amounts),
                    _ => Vec::new(),
                };
                if let Item::Row(d) = &mut items[h] {
                    d.amounts = amounts;
                }
            }
            // The emptied rows go.
            let mut k = orphans.len();
            while k > 0 {
                k -= 1;
                items.remove(orphans[k]);
            }
            j -= orphans.len();
        }
        i = j.max(i + 1);
    }
}

/// In a table whose named rows fill every column, a bare `99` or `17` too few for a row, between
/// rows, is a 项 piece emitted out of its place (amounts in 元 are integers, so the reader took it
/// for one).
fn stray_pieces(items: &mut [Item], k: usize) {
    let full = items.iter().all(|it| match it {
        Item::Row(r) => r.name.is_none() || r.amounts.is_empty() || r.amounts.len() == k,
        _ => true,
    });
    if !full {
        return;
    }
    for item in items.iter_mut() {
        let piece = match item {
            Item::Row(r) if r.is_orphan() && r.amounts.len() < k => match r.amounts.as_slice() {
                [one] if one.digits().is_some_and(|d| d <= 2) && one.text != "0" => Some(*one),
                _ => None,
            },
            _ => None,
        };
        if let Some(cell) = piece {
            *item = Item::Piece(cell);
        }
    }
}

/// Give the 项 pieces pdftotext emitted in a block of their own back to their codes. A 类款
/// printed right after the same 类款 (`208` / `07` 就业补助, then `208` / `07` 公益性岗位补贴) is
/// a 项 row whose 项 went elsewhere; the next run of pieces with no 类 before them (`05` …) holds
/// those 项s in order, when it has as many.
fn complete_pieces(items: &mut Vec<Item>) {
    let mut waiting: Vec<usize> = Vec::new();
    let mut last_code: Option<String> = None;
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Code(g) => {
                if g.code.len() == 5 && last_code.as_deref() == Some(g.code.as_str()) {
                    waiting.push(i);
                }
                last_code = Some(g.code.clone());
                i += 1;
            }
            Item::Piece(_) => {
                let run: Vec<usize> = (i..items.len())
                    .take_while(|&j| matches!(items[j], Item::Piece(_)))
                    .collect();
                if run.len() == waiting.len() {
                    for (&w, &p) in waiting.iter().zip(&run) {
                        let Item::Piece(piece) = items[p] else {
                            continue;
                        };
                        if let Item::Code(g) = &mut items[w] {
                            if piece.text.len() == 1 {
                                g.code.push('0');
                                g.irregular = true;
                            }
                            g.code.push_str(piece.text);
                        }
                    }
                    items.drain(run[0]..=run[run.len() - 1]);
                } else {
                    i += run.len();
                }
                waiting.clear();
            }
            Item::Row(_) => i += 1,
            Item::PageBreak => {
                waiting.clear();
                i += 1;
            }
        }
    }
}

/// Whether codes run strictly in the table's order (`201` < `20105` < `2010507` < `20129`).
fn increasing(codes: &[&str]) -> bool {
    codes.windows(2).all(|w| w[0] < w[1])
}

/// Give codes to rows. A single code right before a name is that name's (an anchor). Between
/// two anchors, page by page, the codes met go in order to the rows without one, when there are
/// as many codes as rows with amounts and the codes run in the table's order: pdftotext moves a
/// page's codes in a block, and sometimes a name, but keeps each column's cells in order. A name
/// moved away from its amounts (a row without amounts, amounts without a name) then goes with
/// them, in order, when there are as many of each.
fn attach_codes(items: &mut Vec<Item>) {
    // Anchors: a name right after exactly one code.
    for i in 1..items.len() {
        let single_code_before = matches!(items[i - 1], Item::Code(_))
            && (i < 2 || !matches!(items[i - 2], Item::Code(_) | Item::Piece(_)));
        if !single_code_before {
            continue;
        }
        let code = match &items[i - 1] {
            Item::Code(g) => g.clone(),
            _ => continue,
        };
        if let Item::Row(r) = &mut items[i] {
            if r.name.is_some() && !r.total {
                r.code = Some(code);
                r.anchored = true;
            }
        }
    }
    let code_of = |items: &[Item], i: usize| -> String {
        match &items[i] {
            Item::Row(Draft {
                code: Some(code), ..
            }) => code.code.clone(),
            _ => String::new(),
        }
    };
    let mut bounds: Vec<usize> = (0..items.len())
        .filter(|&i| {
            matches!(&items[i], Item::PageBreak) || matches!(&items[i], Item::Row(r) if r.anchored)
        })
        .collect();
    bounds.push(items.len());
    let mut moved_names: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for to in bounds {
        let mut codes: Vec<CodeGroup> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let (mut orphans, mut homeless) = (Vec::new(), Vec::new());
        let mut pieces = false;
        for (j, item) in items.iter().enumerate().take(to).skip(from) {
            match item {
                Item::Code(g) => {
                    let used = matches!(items.get(j + 1), Some(Item::Row(r)) if r.anchored);
                    if !used {
                        codes.push(g.clone());
                    }
                }
                Item::Piece(_) => pieces = true,
                Item::Row(r) if r.is_homeless() && !r.total && r.code.is_none() => homeless.push(j),
                Item::Row(r) if r.is_orphan() && !r.unsure => {
                    orphans.push(j);
                    rows.push(j);
                }
                Item::Row(r) if !r.total && !r.amounts.is_empty() && r.code.is_none() => {
                    rows.push(j)
                }
                Item::Row(_) | Item::PageBreak => {}
            }
        }
        // The codes around: the last one given above, the next anchor below.
        let before = (0..from)
            .rev()
            .map(|i| code_of(items, i))
            .find(|c| !c.is_empty());
        let after = (to..items.len())
            .find(|&i| matches!(&items[i], Item::Row(r) if r.anchored))
            .map(|i| code_of(items, i));
        let sequence: Vec<&str> = before
            .iter()
            .map(String::as_str)
            .chain(codes.iter().map(|g| g.code.as_str()))
            .chain(after.iter().map(String::as_str))
            .collect();
        if !pieces
            && !rows.is_empty()
            && codes.len() == rows.len()
            && orphans.len() == homeless.len()
            && increasing(&sequence)
        {
            for (g, &n) in codes.iter().zip(&rows) {
                if let Item::Row(r) = &mut items[n] {
                    r.code = Some(g.clone());
                }
            }
            moved_names.extend(orphans.into_iter().zip(homeless));
        }
        from = to + 1;
    }
    // A moved name joins its amounts, which stand where the table put the row.
    for &(orphan, name) in &moved_names {
        let taken = match &mut items[name] {
            Item::Row(r) => r.name.take(),
            _ => None,
        };
        if let Item::Row(r) = &mut items[orphan] {
            r.name = taken;
        }
    }
    items.retain(|it| !matches!(it, Item::Row(r) if r.name.is_none() && r.amounts.is_empty()));
}

/// The columns: the header's names when it lists as many as there are amounts in a row, else
/// unnamed ones (`列1`, …).
/// A column that only some rows fill (事业收入 beside 一般公共预算拨款), read as `k + 1`
/// columns when the sums prove it. Plain text emits such a cell after its row's other amounts,
/// which makes a run one longer than the commonest (`213` / `农林水支出` / `108789.80` /
/// `96789.80` / `12000.00`), or away from its row, after a later row's amounts (the last row's,
/// or the page's). Read with `k` columns, those cells belong to no row.
///
/// The wider reading is taken only when it checks out whole: every row with two amounts or more
/// adds up as 合计 first, then its parts; a run of `k + 1` that does not, but whose first `k`
/// do, ends with a displaced cell; and each displaced cell (and each amount left without a row,
/// several on a line: `23456.00 1200.00` after the last row) goes to the one row it makes add up, short of exactly that amount, no other row being short
/// of it, until no row is short and no amount is left over. Anything else keeps the `k`
/// reading, with its doubts.
fn sparse_column<'a>(
    rest: &[Cell<'a>],
    header: &Header,
    k: usize,
    items: &[Item<'a>],
) -> Option<Vec<Item<'a>>> {
    let orphaned = items
        .iter()
        .any(|it| matches!(it, Item::Row(d) if d.is_orphan()));
    if k < 2 || !orphaned || !amount_runs(rest).contains(&(k + 1)) {
        return None;
    }
    let wide = k + 1;
    let items = rows_of(rest, header, wide, true);
    let value = |c: &Cell| number_of(c, None).map(|n| n.value);
    // Cells without a row, and rows short of their 合计 (by how much).
    let mut displaced: Vec<Cell<'a>> = Vec::new();
    let mut short: Vec<(usize, Decimal)> = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    let mut row_kept = false;
    for item in items {
        let Item::Row(mut draft) = item else {
            kept.push(item);
            continue;
        };
        if draft.is_orphan() && (row_kept || !adds_up(&draft.amounts)) {
            // Amounts before the first row, adding up, are the total's: its name (`合计`) was
            // printed among the header cells ([`super::orphans`] names it).
            if draft.unsure {
                return None;
            }
            displaced.extend(draft.amounts);
            continue;
        }
        if draft.amounts.len() >= 2 && !adds_up(&draft.amounts) {
            if draft.amounts.len() == wide && adds_up(&draft.amounts[..k]) {
                displaced.extend(draft.amounts.pop());
            } else if draft.amounts.len() < wide {
                let first = value(&draft.amounts[0])?;
                let parts: Option<Decimal> = draft.amounts[1..].iter().map(value).sum();
                short.push((kept.len(), first - parts?));
            } else {
                return None;
            }
        }
        kept.push(Item::Row(draft));
        row_kept = true;
    }
    if displaced.len() != short.len() {
        return None;
    }
    // Rows by how much they are short, so that each cell finds its row without a scan.
    let mut by_gap: std::collections::HashMap<Decimal, Vec<usize>> = Default::default();
    for (row, gap) in short {
        by_gap.entry(gap.normalize()).or_default().push(row);
    }
    for cell in displaced {
        let v = value(&cell)?.normalize();
        // The one row short of exactly this amount, not taken by another cell.
        let home = match by_gap.get_mut(&v).map(std::mem::take).as_deref() {
            Some([home]) => *home,
            _ => return None,
        };
        let Some(Item::Row(draft)) = kept.get_mut(home) else {
            return None;
        };
        draft.amounts.push(cell);
        draft.returned = true;
    }
    Some(kept)
}

/// The column names of a table read 合计 first (see [`sparse_column`]): 合计, then the names of
/// amount columns the header prints before the first row (among its cells, or after the first
/// amounts: `122530.50` / `50654.10` / `项目支出` / `71876.40`), when there are exactly as many
/// as part columns. Otherwise which name is whose is not known, and the columns stay unnamed.
fn part_names(header: &Header, rest: &[Cell], left_out: &[Cell], k: usize) -> Option<Vec<String>> {
    let first_row = rest
        .iter()
        .find(|c| c.is_text() || c.digits().is_some_and(|d| d >= 3))?;
    let part = |text: &str| is_column_word(text) && !is_total_label(&squeeze(text));
    let mut names: Vec<String> = header
        .cells
        .iter()
        .map(|t| t.text.as_str())
        .chain(
            left_out
                .iter()
                .filter(|c| c.start < first_row.start)
                .map(|c| c.text),
        )
        .filter(|t| part(t))
        .map(strip_year)
        .collect();
    names.dedup();
    if names.len() + 1 != k {
        return None;
    }
    names.insert(0, "合计".to_string());
    Some(names)
}

/// In a table whose every row adds up 合计 first (see [`sparse_column`]), a row's first amount
/// is its 合计: only the placements that put it in the first column are the row's.
fn total_in_first_column(row: &mut Row) {
    if row.is_settled() || row.values.len() < 2 {
        return;
    }
    row.candidates.retain(|c| c.first() == Some(&0));
    if let [only] = row.candidates.as_slice() {
        row.placement = only.clone();
        row.certainty = Certainty::Exact;
        row.candidates.clear();
    } else if let Some(first) = row.candidates.first() {
        row.placement = first.clone();
    }
}

/// Whether every row of two amounts or more reads as a total first and its parts, and some row
/// does.
fn rows_add_up_total_first(items: &[Item]) -> bool {
    let mut rows = items
        .iter()
        .filter_map(|it| match it {
            Item::Row(d) if d.amounts.len() >= 2 => Some(d),
            _ => None,
        })
        .peekable();
    rows.peek().is_some() && rows.all(|d| !d.unsure && adds_up(&d.amounts))
}

/// The placements of a row whose last amount was given back by its sum (see [`sparse_column`]):
/// its 合计 first, its other amounts in order among the part columns, the amount given back in
/// any part column they leave free.
fn returned_placements(m: usize, k: usize) -> Vec<Vec<usize>> {
    if m < 2 || m > k {
        return ordered_placements(m, k);
    }
    let mut out = Vec::new();
    // The part columns taken, in order: those of the amounts in order and the one given back.
    for parts in ordered_placements(m - 1, k - 1) {
        for back in 0..parts.len() {
            let mut placement = vec![0];
            placement.extend(
                parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != back)
                    .map(|(_, c)| c + 1),
            );
            placement.push(parts[back] + 1);
            out.push(placement);
        }
    }
    out
}

fn columns(header: &Header, k: usize) -> Vec<Column> {
    let names: Option<Vec<String>> = if header.columns.len() == k && k >= 2 {
        Some(header.columns.clone())
    } else if k == 1 {
        header.single_column.clone().map(|n| vec![n])
    } else {
        None
    };
    (0..k)
        .map(|c| Column::amount(c, names.as_ref().map(|n| n[c].clone())))
        .collect()
}

fn build_row(draft: Draft, k: usize, unit: Option<Unit>) -> Row {
    let label = draft.name.unwrap_or_default();
    let mut span: Option<Span> = (!label.is_empty()).then(|| label.span());
    let mut cover = |s: Span| span = Some(span.map_or(s, |x| x.cover(s)));
    if let (true, Some(code)) = (draft.anchored, &draft.code) {
        cover(code.span);
    }
    for c in &draft.amounts {
        cover(c.span());
    }
    let m = draft.amounts.len();
    let (placement, certainty, candidates) = if draft.returned {
        let all = returned_placements(m, k);
        match all.as_slice() {
            [one] => (one.clone(), Certainty::Exact, Vec::new()),
            _ => (
                all.first().cloned().unwrap_or_default(),
                Certainty::Ambiguous,
                all,
            ),
        }
    } else if m == k || m == 0 {
        ((0..m).collect(), Certainty::Exact, Vec::new())
    } else {
        let all = ordered_placements(m, k);
        (
            all.first().cloned().unwrap_or_default(),
            Certainty::Ambiguous,
            all,
        )
    };
    let mut values = Vec::new();
    let mut value_placement = Vec::new();
    let mut not_applicable = Vec::new();
    for (cell, &col) in draft.amounts.iter().zip(&placement) {
        match number_of(cell, unit) {
            Some(n) => {
                values.push(n);
                value_placement.push(col);
            }
            None => not_applicable.push(col),
        }
    }
    // A not-applicable mark in an unplaced row leaves nothing to weigh placements with.
    let candidates = if not_applicable.is_empty() {
        candidates
    } else {
        Vec::new()
    };
    Row {
        cells: if label.is_empty() {
            Vec::new()
        } else {
            vec![label.clone()]
        },
        label,
        code: draft.code.as_ref().map(CodeGroup::subject_code),
        values,
        placement: value_placement,
        certainty,
        candidates,
        span: span.unwrap_or_default(),
        not_applicable,
    }
}

/// The body's cells without the header cells repeated on later pages or interleaved with the
/// rows; and the cells left out, in order. A 合计 among header cells is the column's; after a
/// row's amounts or name it is the total row's label.
fn without_header<'a>(cells: &[Cell<'a>], header: &Header) -> (Vec<Cell<'a>>, Vec<Cell<'a>>) {
    let header_word = |c: &Cell| {
        c.is_text()
            && (is_label_header(c.text) || is_column_word(c.text) || {
                let word = squeeze(c.text);
                header.words.iter().any(|w| **w == *word)
            })
    };
    let mut rest: Vec<Cell> = Vec::with_capacity(cells.len());
    let mut left_out: Vec<Cell> = Vec::new();
    // A page break on a cell left out marks the next cell kept.
    let mut page_break = false;
    for (i, c) in cells.iter().enumerate() {
        let is_header = c.is_text()
            && if is_total_label(&squeeze(c.text)) {
                let before = cells[..i].iter().rev().find(|n| n.digits().is_none());
                let after = cells[i + 1..].iter().find(|n| n.digits().is_none());
                before.is_some_and(&header_word)
                    || before.is_some_and(Cell::is_text) && after.is_some_and(&header_word)
            } else {
                header_word(c)
            };
        if is_header {
            page_break |= c.page_start;
            left_out.push(*c);
        } else {
            let mut c = *c;
            c.page_start |= std::mem::take(&mut page_break);
            rest.push(c);
        }
    }
    (rest, left_out)
}

/// The number of amount columns: the commonest run of amounts, or the header's count when rows
/// leaving some columns empty make the commonest run shorter than the header (some rows must
/// fill them all). A header naming fewer columns than rows fill was not read whole.
///
/// Rows printed one after another without a name between (`38965.20 22882.40 16082.80
/// 16723.90 15802.30 921.60`: the total row, then a row whose code and name plain text put
/// after its amounts) make a run of several rows: it shows the header's count when each of its
/// pieces of that many amounts is a total and its parts (合计 = 基本支出 + 项目支出).
fn amount_columns(rest: &[Cell], named: usize) -> usize {
    let runs = amount_runs(rest);
    let mode = commonest(&runs);
    let filled = named >= 2 && mode >= 2 && named > mode && runs.contains(&named);
    if named >= 2 && (named == mode || filled || named > mode && rows_of_totals(rest, named)) {
        named
    } else {
        mode
    }
}

/// Whether some run of amounts is two or more rows of `k` amounts, each a total and its parts.
fn rows_of_totals(cells: &[Cell], k: usize) -> bool {
    cells
        .split(|c| !matches!(c.kind, Kind::Amount { .. }))
        .filter(|run| run.len() >= 2 * k && run.len() % k == 0)
        .any(|run| {
            run.chunks(k).all(|row| {
                let values: Vec<Decimal> = row
                    .iter()
                    .filter_map(|c| match c.kind {
                        Kind::Amount { value, .. } => Some(value),
                        _ => None,
                    })
                    .collect();
                let parts: Decimal = values[1..].iter().sum();
                values[0] > Decimal::ZERO && values[0] == parts
            })
        })
}

/// The rows of the body, as drafts between the codes and pieces left over: the steps of the
/// module documentation, in order.
fn rows_of<'a>(rest: &[Cell<'a>], header: &Header, k: usize, total_first: bool) -> Vec<Item<'a>> {
    // The first row's name, or (one column) the total's, printed among the header cells.
    let mut first = Vec::new();
    if let Some(name) = header.first_row.clone() {
        first.push(Tok::Name {
            text: name,
            total: false,
        });
    } else if let (true, Some(total)) = (k == 1 || header.total_leads, header.total.clone()) {
        first.push(Tok::Name {
            text: total,
            total: true,
        });
    }
    let toks = tokens(rest, k, first);
    let mut items = drafts(toks, k);
    stray_pieces(&mut items, k);
    let uniform = items.iter().all(|it| match it {
        Item::Row(r) => r.amounts.is_empty() || r.amounts.len() == k,
        _ => true,
    });
    if !uniform {
        recut_runs(&mut items, k, total_first);
    }
    join_split_totals(&mut items, k);
    amounts_before_names(&mut items);
    complete_pieces(&mut items);
    pair_orphans(&mut items, k);
    attach_codes(&mut items);
    items
}

/// The column names printed from a 合计 on: 合计 and the column names right after it (`合计` /
/// `金额` is the total row's label, then the one column). The longest such run when the header
/// is printed several times (in part, where pdftotext moved some of its cells).
fn column_run(cells: &[Cell]) -> Vec<String> {
    let run_at = |at: usize| -> Vec<String> {
        std::iter::once(squeeze(cells[at].text).into_owned())
            .chain(
                cells[at + 1..]
                    .iter()
                    .take_while(|c| {
                        c.is_text() && is_column_word(c.text) && strip_year(c.text) != "金额"
                    })
                    .map(|c| strip_year(c.text)),
            )
            .collect()
    };
    (0..cells.len())
        .filter(|&at| cells[at].is_text() && is_total_label(&squeeze(cells[at].text)))
        .map(run_at)
        .max_by_key(Vec::len)
        .unwrap_or_default()
}

/// Read the table whose unit line is `lines[unit_index]` when its body is a stream of single
/// cells of coded rows; `None` leaves it to the line-oriented reader. Returns the table, the
/// furniture lines met inside, and the index of the line after it.
pub(crate) fn read<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Option<(Vec<Table>, Vec<Line<'a>>, usize)> {
    let unit_line = lines[unit_index];
    let body = body(lines, unit_index, is_furniture);
    let unit = lines::unit_line(unit_line.text);
    if !is_stream(&body) {
        let named = match named::read(lines, unit_index, &body, unit, is_furniture) {
            Some(table) if table.doubts.is_empty() => {
                return Some((vec![table], body.furniture, body.end));
            }
            named => named,
        };
        // A statement whose halves add up is read for certain, where the named reading of the
        // same lines may be in doubt (side labels down the page, names before their amounts).
        let whole = body_until(lines, unit_index, is_furniture, ends_statement);
        if let Some(tables) = statement::read(lines, unit_index, &whole, unit, is_furniture) {
            return Some((tables, whole.furniture, whole.end));
        }
        return named.map(|table| (vec![table], body.furniture, body.end));
    }
    let mut body = body;
    // The 栏次 row gives the number of columns, and its numbers are no amounts.
    let numbered = column_numbers(&body.cells).map(|(at, first, n)| {
        body.cells.drain(first..first + n);
        body.cells.remove(at);
        let names = numbered_column_names(&body.cells[..first - 1], n, lines);
        (n, names)
    });
    let first_number = body.cells.iter().position(|c| !c.is_text())?;
    let mut header = read_header(&body.cells[..first_number]);
    if let Some((_, names)) = &numbered {
        header.columns = names.clone().unwrap_or_default();
        if names.is_some() {
            // The strays after the total label were the column names.
            header.first_row = None;
            header.total_leads = header.total.is_some();
        }
    }
    let (rest, left_out) = without_header(&body.cells[first_number..], &header);
    if header.columns.is_empty() {
        // The column names may be printed only in the header repeated on a later page.
        header.columns = column_run(&left_out);
    }
    let mut k = match &numbered {
        Some((n, _)) => *n,
        None => amount_columns(&rest, header.columns.len() + header.tall.len()),
    };
    if k == 0 {
        return None;
    }
    let named_total_first = |k: usize| {
        k >= 2
            && columns(&header, k)
                .first()
                .is_some_and(|c| is_total_label(&c.leaf) || c.leaf.ends_with("合计"))
    };
    let mut items = rows_of(&rest, &header, k, named_total_first(k));
    let mut total_first = false;
    let mut widened = false;
    if let Some(wider) = sparse_column(&rest, &header, k, &items) {
        items = wider;
        k += 1;
        (total_first, widened) = (true, true);
    } else if named_total_first(k) && rows_add_up_total_first(&items) {
        // The header names 合计 first and every row of two amounts or more is a total and its
        // parts: a row's first amount is its 合计 here too.
        total_first = true;
    }
    // The 栏次 count is taken only when every row proves it: no column number after the last
    // (the numbers of columns pdftotext emitted after the table), and each row's first amount
    // the sum of the others (合计 first). A row short of a cell moved out of the table fails.
    if numbered.is_some() && !numbered_rows_add_up(&rest, &items, k) {
        return None;
    }
    let mut columns = tall_columns(&header, &items, k).unwrap_or_else(|| columns(&header, k));
    if widened && let Some(names) = part_names(&header, &rest, &left_out, k) {
        columns = names
            .into_iter()
            .enumerate()
            .map(|(c, n)| Column::amount(c, Some(n)))
            .collect();
    }
    let mut rows: Vec<Row> = items
        .into_iter()
        .filter_map(|it| match it {
            Item::Row(d) => Some(build_row(d, k, unit)),
            _ => None,
        })
        .collect();
    if total_first {
        rows.iter_mut().for_each(total_in_first_column);
    }
    let mut table = Table {
        title: None,
        form: None,
        unit,
        side: None,
        header: header.cells,
        columns,
        rows,
        span: Span::new(unit_line.span.start, body.last_span.end),
        no_data: false,
        layout: Layout::Plain,
        doubts: Vec::new(),
    };
    join_wrapped_names(&mut table, lines);
    Some((vec![table], body.furniture, body.end))
}

/// A coded row's name wrapped in its cell (`2080505 机关事业单位基本` / `养老保险缴费支出`, on
/// the next line) and read as two rows: the code and the name's head without amounts, then the
/// name's tail with the amounts and no code. Every row of a coded table has a code, so the
/// tail continues the row above; the two are joined when the sums prove it: the families the
/// joined row belongs to (its parent's, its own children's) all add up with it, every row in
/// them placed. Otherwise they stay as read, and in doubt (`codes-missing`).
fn join_wrapped_names(table: &mut Table, lines: &[Line]) {
    let line_of = |offset: usize| line_index(lines, offset);
    // Each wrapped name: its first row and how many rows continue it.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < table.rows.len() {
        match wrapped_tail(&table.rows, i, &line_of) {
            Some(tails) => {
                pairs.push((i, tails));
                i += tails + 1;
            }
            None => i += 1,
        }
    }
    if pairs.is_empty() {
        return;
    }
    let mut trial = table.clone();
    join_rows(&mut trial, &pairs);
    super::resolve::settle_by_arithmetic(&mut trial);
    let families = trial.code_families();
    let mut families_of: Vec<Vec<usize>> = vec![Vec::new(); trial.rows.len()];
    for (f, family) in families.iter().enumerate() {
        for i in std::iter::once(family.total).chain(family.parts.iter().copied()) {
            if let Some(of) = families_of.get_mut(i) {
                of.push(f);
            }
        }
    }
    // After the joins, a wrapped name's row `i` stands at `i` less the tails joined above it.
    let mut joined_above = 0;
    let mut proven: Vec<(usize, usize)> = Vec::new();
    for &(i, tails) in &pairs {
        let adds_up = families_of.get(i - joined_above).is_some_and(|of| {
            !of.is_empty()
                && of
                    .iter()
                    .all(|&f| super::resolve::family_adds_up(&trial, &families[f]))
        });
        if adds_up {
            proven.push((i, tails));
        }
        joined_above += tails;
    }
    join_rows(table, &proven);
}

/// How many rows after `rows[head]` continue its name: `head` is a coded row without amounts,
/// the rows after it have no code, each name starting on the line after the one above ends
/// and opening no row of its own (no ordinal, no total), the last with amounts, the others
/// without (a name wrapped over three lines).
fn wrapped_tail(
    rows: &[Row],
    head: usize,
    line_of: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let first = &rows[head];
    let opens = first.code.is_some()
        && first.values.is_empty()
        && first.not_applicable.is_empty()
        && !first.label.is_empty()
        && !first.is_total();
    if !opens {
        return None;
    }
    let mut above = first;
    for (n, tail) in rows.iter().enumerate().skip(head + 1).take(2) {
        let name = squeeze(&tail.label.text);
        let continues = tail.code.is_none()
            && tail.not_applicable.is_empty()
            && !name.is_empty()
            && !tail.is_total()
            && !super::joined::opens_with_ordinal(&name)
            && line_of(above.label.span().end.saturating_sub(1))
                .zip(line_of(tail.label.span().start))
                .is_some_and(|(a, b)| b == a + 1);
        if !continues {
            return None;
        }
        if !tail.values.is_empty() {
            return Some(n - head);
        }
        above = tail;
    }
    None
}

/// Join each row `i` of `pairs` (ascending) with the `tails` rows after it, which continue its
/// name.
fn join_rows(table: &mut Table, pairs: &[(usize, usize)]) {
    // One pass over the rows (`pairs` ascend by their first row), so a table with many wrapped
    // names is not shifted once per name.
    let count = table.rows.len();
    let mut pairs = pairs
        .iter()
        .copied()
        .filter(|&(i, tails)| i + tails < count)
        .peekable();
    let mut old = std::mem::take(&mut table.rows).into_iter().enumerate();
    let mut rows = Vec::with_capacity(count);
    while let Some((k, mut head)) = old.next() {
        while pairs.next_if(|&(i, _)| i < k).is_some() {}
        let Some((_, tails)) = pairs.next_if(|&(i, _)| i == k) else {
            rows.push(head);
            continue;
        };
        let mut tail_rows = old.by_ref().take(tails).map(|(_, r)| r);
        let Some(mut tail) = tail_rows.next() else {
            rows.push(head);
            continue;
        };
        for next in tail_rows {
            tail.label.append(&next.label);
            tail.values = next.values;
            tail.placement = next.placement;
            tail.certainty = next.certainty;
            tail.candidates = next.candidates;
            tail.not_applicable = next.not_applicable;
            tail.cells.extend(next.cells.into_iter().skip(1));
            tail.span = tail.span.cover(next.span);
        }
        head.label.append(&tail.label);
        head.cells = std::iter::once(head.label.clone())
            .chain(tail.cells.into_iter().skip(1))
            .collect();
        head.values = tail.values;
        head.placement = tail.placement;
        head.certainty = tail.certainty;
        head.candidates = tail.candidates;
        head.not_applicable = tail.not_applicable;
        head.span = head.span.cover(tail.span);
        rows.push(head);
    }
    table.rows = rows;
}

mod named;
mod statement;

#[cfg(test)]
mod tests;
