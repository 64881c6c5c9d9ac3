//! Turning a decoded source into a [`Document`]: one reader per layout, one model for all.
//!
//! The driver walks the lines once. Prose lines are joined into paragraphs across hard wraps,
//! page furniture (page numbers, running headers, watermark fragments) is set aside without
//! breaking the paragraph or table it interrupts, and tables are handed to the reader for the
//! layout: [`grid`] where cells are delimited (tabs, pipes), [`spaced`] where only spaces
//! separate them (plain and `-layout` PDF extractions), [`stream`] where plain text puts every
//! cell of a coded table on a line of its own, with [`header`] reading a table's header (the
//! stacked names of aligned text, the 栏次 row) into its columns and placing values under them
//! by position.

mod drawn;
mod grid;
mod header;
pub(crate) mod html;
mod joined;
pub mod lines;
mod orphans;
pub(crate) mod performance;
pub mod prose;
pub(crate) mod resolve;
mod spaced;
mod stream;

use std::collections::{HashMap, HashSet};

use crate::model::{
    Block, Document, Doubt, DoubtKind, Heading, Layout, Paragraph, Table, Text, same_squeezed,
    squeeze,
};
use crate::source::{SourceFile, Span};

use lines::{
    display_width, is_note, is_page_number, is_table_meta, is_table_title, is_watermark_fragment,
};

/// Guess the layout from the text: pipe tables, tab-separated tables, aligned columns or plain.
///
/// Aligned (`pdftotext -layout`) text pads cells to their columns, so wide runs of spaces follow
/// text; plain extractions separate cells by one space (`47.83 47.83`) and leave wide runs only
/// where empty cells vanished between numbers or at the line end.
pub fn detect_layout(source: &SourceFile) -> Layout {
    let mut pipes = 0;
    let mut tabs = 0;
    let mut aligned = 0;
    let mut plain = 0;
    let mut nonblank = 0;
    let mut html_tables = 0;
    for (_, _, line) in source.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        nonblank += 1;
        html_tables += usize::from(html::starts_table(t));
        if t.starts_with(grid::BARS) && t.ends_with(grid::BARS) && t.len() > 2
            || grid::is_rule_line(t)
        {
            pipes += 1;
        } else if line.contains('\t') {
            tabs += 1;
        } else {
            aligned += usize::from(wide_gap_after_text(t));
            plain += usize::from(single_spaced_numbers(t));
        }
    }
    let nonblank = nonblank.max(1);
    if pipes >= 3 && pipes * 20 >= nonblank {
        Layout::Piped
    } else if tabs >= 3 && tabs * 20 >= nonblank {
        Layout::Tabbed
    } else if html_tables > 0 {
        // Markdown whose tables are HTML markup (MinerU): delimited cells, Markdown prose.
        Layout::Piped
    } else if aligned >= 3 && aligned > plain {
        Layout::Aligned
    } else {
        Layout::Plain
    }
}

/// A run of three or more spaces between a piece of text and the next cell.
fn wide_gap_after_text(line: &str) -> bool {
    // Bytes, not chars: a space and a digit are single bytes, and the last byte of any other
    // character is neither.
    let chars = line.as_bytes();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == b' ' {
            let start = i;
            while i < chars.len() && chars[i] == b' ' {
                i += 1;
            }
            let after_text =
                start > 0 && !chars[start - 1].is_ascii_digit() && chars[start - 1] != b' ';
            if i - start >= 3 && after_text && i < chars.len() {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Two amounts separated by exactly one space (`47.83 47.83`).
fn single_spaced_numbers(line: &str) -> bool {
    let amount = |t: &str| t.contains('.') && crate::number::parse_amount(t).is_some();
    let mut after_amount = false;
    for token in line.split(' ') {
        let is_amount = amount(token);
        if after_amount && is_amount {
            return true;
        }
        after_amount = is_amount;
    }
    false
}

/// Whether the source is a web page or holds tables written as HTML markup.
pub fn reads_html(source: &SourceFile) -> bool {
    html::is_page(source) || source.lines().any(|(_, _, line)| html::starts_table(line))
}

/// One source line as the readers see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub index: usize,
    pub span: Span,
    pub text: &'a str,
    /// The line starts a page (`pdftotext` put a form feed before it).
    pub page_start: bool,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Where the table drawn under `lines[at]` (a unit line) ends, when the first line after it
/// that is not blank is a rule of dashes only (pandoc's multiline table opening): the line after
/// its closing rule, or the end of the lines.
fn dash_ruled_table_after(lines: &[Line], at: usize) -> Option<usize> {
    let rule = |l: &Line, spaced: bool| {
        let t = l.text.trim();
        t.chars().filter(|&c| c == '-').count() >= 10
            && t.chars().all(|c| c == '-' || spaced && c == ' ')
    };
    let top = at + 1 + lines[at + 1..].iter().take(3).position(|l| !l.is_blank())?;
    if !rule(&lines[top], false) {
        return None;
    }
    Some(
        lines[top + 1..]
            .iter()
            .position(|l| rule(l, false))
            .map_or(lines.len(), |k| top + 1 + k + 1),
    )
}

/// Parse a source into the document model.
pub fn parse(source: &SourceFile) -> Document {
    // A web page is read as the text of its elements, its tables left as markup.
    let page = html::is_page(source).then(|| html::page(&source.text));
    let layout = match page {
        Some(_) => Layout::Piped,
        None => detect_layout(source),
    };
    let fenced = fenced_code_lines(source);
    let lines: Vec<Line> = match &page {
        Some(page) => html::page_lines(source, page),
        None => lines_of(source),
    }
    .into_iter()
    // `<!-- budlint-disable … -->` and other HTML comments are directions to tools, not
    // part of the disclosure.
    .filter(|l| !is_comment_line(l.text) && !fenced.contains(&l.index))
    // `pdftotext -layout` aligns by the spaces inside a line; those after its last character
    // say nothing (an editor or a copy may add or strip them).
    .map(|mut l| {
        if layout == Layout::Aligned {
            let trimmed = l.text.trim_end_matches(' ');
            l.span = Span::new(l.span.start, l.span.end - (l.text.len() - trimmed.len()));
            l.text = trimmed;
        }
        l
    })
    .collect();
    let running = running_headers(&lines);
    let page_numbers = page_numbers_by_position(source, &lines);
    let wrap = match layout {
        Layout::Plain | Layout::Aligned => prose::wrap_width(
            &lines
                .iter()
                .map(|l| l.text)
                .filter(|t| !t.contains('\t') && !t.trim().contains("   "))
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    let margins = match layout {
        Layout::Aligned => prose_margins(&lines),
        _ => Vec::new(),
    };
    let mut parser = Parser {
        layout,
        source: &source.text,
        page: page.as_ref(),
        html_extents: None,
        lines: &lines,
        margins,
        running,
        page_numbers,
        wrap,
        blocks: Vec::new(),
        paragraph: None,
        furniture: None,
        code_context: Vec::new(),
    };
    parser.run();
    let mut blocks = parser.blocks;
    blocks.sort_by_key(|b| b.span().start);
    for block in &mut blocks {
        if let Block::Table(table) = block {
            orphans::settle(table);
            orphans::doubt_stray_amounts(table);
            resolve::settle_by_arithmetic(table);
            doubt_unreadable_amounts(table);
            doubt_codes_among_amounts(table);
            joined::doubt_joined_labels(table);
            doubt_label_columns(table);
        }
    }
    joined::doubt_statement_halves(&mut blocks);
    let forms = performance::read(&source.text, &lines, layout);
    Document {
        blocks,
        performance: forms.tables,
        unread_forms: forms.unread,
    }
}

/// An amount column named by the header word of a text column (`项目类别`, `功能分类科目`): in
/// text whose columns lost their alignment the reader may give the names of the label columns
/// to the amount columns in order, and the sums across a row then add the wrong figures. The
/// whole table is in doubt.
fn doubt_label_columns(table: &mut Table) {
    let misnamed = table.columns.iter().any(|c| {
        c.kind == crate::model::ColumnKind::Amount && crate::parse::header::is_label_header(&c.leaf)
    });
    if !misnamed || table.header.is_empty() {
        return;
    }
    table.doubts.push(Doubt {
        kind: DoubtKind::LabelColumns,
        spans: table.header.iter().map(Text::span).collect(),
        rows: None,
    });
}

/// Rows holding an amount too long to compute with (read as text by every reader) cannot be
/// summed: their sums are in doubt, and the `unreadable-amount` rule points at the amounts.
fn doubt_unreadable_amounts(table: &mut Table) {
    let mut spans = Vec::new();
    let mut rows = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let before = spans.len();
        for text in std::iter::once(&row.label).chain(&row.cells) {
            spans.extend(
                crate::number::unrepresentable_amounts(&text.text)
                    .into_iter()
                    .map(|range| text.source_span(range)),
            );
        }
        if spans.len() > before {
            rows.push(i);
        }
    }
    if rows.is_empty() {
        return;
    }
    spans.sort();
    spans.dedup();
    table.doubts.push(Doubt {
        kind: DoubtKind::UnreadableAmounts,
        spans,
        rows: Some(rows),
    });
}

/// An integer of 3, 5 or 7 digits written without separators, among amounts written with
/// decimals, whose first three digits are a 类 of the table's own codes, is a subject code read
/// as an amount: in a table of 科目编码 / 科目名称 / 决算数 groups side by side, a code whose name
/// wrapped above and below its line stands alone before its amount (`302   3,380,630.25`), and
/// the code of the next group follows the previous amount (`128,765.40 30226`). The row that code
/// starts is missing, so the sums of its parents (and of the row it landed in, and the total)
/// are in doubt.
fn doubt_codes_among_amounts(table: &mut Table) {
    let values = || table.rows.iter().flat_map(|r| &r.values);
    let with_decimals = values().filter(|n| n.decimals > 0).count();
    let integers = values().filter(|n| n.decimals == 0).count();
    if with_decimals < 3 || integers >= with_decimals {
        return;
    }
    let lei: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref())
        .filter_map(|c| c.code.get(..3))
        .collect();
    let code_like = |n: &crate::model::Number| -> Option<String> {
        let digits = n.value.to_string();
        (n.decimals == 0
            && matches!(digits.len(), 3 | 5 | 7)
            && digits.bytes().all(|b| b.is_ascii_digit())
            && n.span.end - n.span.start == digits.len()
            && lei.contains(&&digits[..3]))
        .then_some(digits)
    };
    let mut spans = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        for n in &row.values {
            if let Some(code) = code_like(n) {
                spans.push(n.span);
                codes.push(code);
                rows.push(i);
            }
        }
    }
    if spans.is_empty() {
        return;
    }
    // The misread codes' parents, the parents of the rows they landed in, and the totals.
    let landed: Vec<String> = rows
        .iter()
        .filter_map(|&i| table.rows[i].code.as_ref().map(|c| c.code.clone()))
        .collect();
    for (i, row) in table.rows.iter().enumerate() {
        let parent_of = |code: &String| {
            row.code
                .as_ref()
                .is_some_and(|c| code.len() > c.code.len() && code.starts_with(&c.code))
        };
        if row.is_total() || codes.iter().chain(&landed).any(parent_of) {
            rows.push(i);
        }
    }
    rows.sort_unstable();
    rows.dedup();
    table.doubts.push(Doubt {
        kind: DoubtKind::CodesAmongAmounts,
        spans,
        rows: Some(rows),
    });
}

/// The source's lines as the readers see them. A form feed marks a page break in `pdftotext`
/// output; it is not part of the line.
pub(crate) fn lines_of(source: &SourceFile) -> Vec<Line<'_>> {
    source
        .lines()
        .map(|(index, span, text)| {
            let body = text.trim_start_matches('\u{c}');
            let skipped = text.len() - body.len();
            Line {
                index,
                span: Span::new(span.start + skipped, span.end),
                text: body,
                page_start: skipped > 0,
            }
        })
        .collect()
}

/// The 0-based indices of a Markdown file's fenced code lines: code shows text (a watermark, a
/// command, a suppression comment) without saying it, so it is no part of the disclosure.
pub fn fenced_code_lines(source: &SourceFile) -> HashSet<usize> {
    if !is_markdown(source) {
        return HashSet::new();
    }
    prose::fenced_code_lines(source.lines().map(|(_, _, text)| text))
        .into_iter()
        .collect()
}

/// Whether byte `offset` of a line is text, not markup or inline code (`` `…` ``).
pub fn is_line_content(line: &str, offset: usize) -> bool {
    prose::content_ranges(line)
        .iter()
        .any(|&(start, end)| (start..end).contains(&offset))
}

/// A Markdown file, by its extension (`.md`, `.markdown`).
fn is_markdown(source: &SourceFile) -> bool {
    source
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A line holding only an HTML comment.
pub fn is_comment_line(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Page numbers printed as a bare integer (`17`) near the end of a page, before the form feed
/// `pdftotext` puts between pages (plain extraction may still emit a cell that lost its row after
/// it). Such a line inside a table looks like an amount, so it counts as a page number only when
/// the numbers run in step with the pages: value minus page index is the same offset on at least
/// three pages (or on two, when no offset does better). An amount that happens to sit near a page
/// end breaks the step and stays with the table. Once the step is known, the page's number is
/// recognised wherever on the page the extraction put it.
fn page_numbers_by_position(source: &SourceFile, lines: &[Line]) -> HashSet<usize> {
    /// How many non-blank lines at a page's end may hold its number.
    const PAGE_END_LINES: usize = 6;
    let text = source.text.as_str();
    let starts_page = |l: &Line| text[..l.span.start].ends_with('\u{c}');
    // A page is never numbered `0` or `01`: those are amounts and pieces of split codes.
    let bare_integer = |l: &Line| -> Option<i64> {
        let t = l.text.trim();
        if (1..=4).contains(&t.len())
            && t.bytes().all(|b| b.is_ascii_digit())
            && !t.starts_with('0')
        {
            t.parse().ok()
        } else {
            None
        }
    };
    // Per page: (line index, value − page index, near the page's end) of its bare integers.
    let mut pages: Vec<Vec<(usize, i64, bool)>> = Vec::new();
    let mut page_lines: Vec<&Line> = Vec::new();
    let close_page = |page_lines: &mut Vec<&Line>, pages: &mut Vec<Vec<(usize, i64, bool)>>| {
        let index = pages.len() as i64 + 1;
        let tail = page_lines.len().saturating_sub(PAGE_END_LINES);
        pages.push(
            page_lines
                .iter()
                .enumerate()
                // Right after a 类 code (`301` / `2`), a small integer is its 款.
                .filter(|(k, l)| {
                    let after_code = k.checked_sub(1).is_some_and(|j| {
                        page_lines[j].text.trim().len() == 3
                            && bare_integer(page_lines[j]).is_some()
                    });
                    !(after_code && l.text.trim().len() <= 2)
                })
                .filter_map(|(k, l)| bare_integer(l).map(|v| (l.index, v - index, k >= tail)))
                .collect(),
        );
        page_lines.clear();
    };
    for line in lines {
        if starts_page(line) {
            close_page(&mut page_lines, &mut pages);
        }
        if !line.is_blank() {
            page_lines.push(line);
        }
    }
    close_page(&mut page_lines, &mut pages);
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for page in &pages {
        let mut offsets: Vec<i64> = page
            .iter()
            .filter(|(_, _, near_end)| *near_end)
            .map(|(_, o, _)| *o)
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        for o in offsets {
            *counts.entry(o).or_default() += 1;
        }
    }
    let mode = counts.values().copied().max().unwrap_or(0);
    // A document may number its parts separately (the narrative, then the tables): every run of
    // three pages in step counts, and the commonest run when it has two.
    // Once the step is known from the page ends, the number is recognised wherever on its page
    // the extraction put it. Two pages in step are a coincidence when the numbers are far from
    // the pages' own (the 类 codes `302` and `303` ending two pages of a table).
    let page_count = pages.len() as i64;
    let in_step = |o: &i64| {
        counts
            .get(o)
            .is_some_and(|&n| n >= 3 || n == mode && mode >= 2 && o.abs() <= page_count)
    };
    pages
        .into_iter()
        .flatten()
        .filter(|(_, o, _)| in_step(o))
        .map(|(i, _, _)| i)
        .collect()
}

/// Lines repeated on many pages: the report's name printed as a running header.
fn running_headers(lines: &[Line]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut at_page_top: HashMap<String, (usize, usize)> = HashMap::new();
    for line in lines {
        let t = line.text.trim();
        // A running header is a title, never a sentence: a paragraph pasted several times
        // must stay prose.
        if t.is_empty()
            || t.contains(char::is_whitespace)
            || t.chars().count() > 32
            || t.contains(['，', '。', '；', '：', ',', ';'])
        {
            continue;
        }
        if t.contains("报告") || t.contains("公开") || t.contains("预算") || t.contains("决算")
        {
            *counts.entry(t.to_string()).or_default() += 1;
        } else {
            // Any other short line (the department's name) is a running header when it is
            // printed at the top of a page, after the page break, every time it appears.
            let (at_top, all) = at_page_top.entry(t.to_string()).or_default();
            *all += 1;
            *at_top += usize::from(line.page_start);
        }
    }
    counts.extend(
        at_page_top
            .into_iter()
            .filter(|(_, (at_top, all))| at_top == all)
            .map(|(t, (at_top, _))| (t, at_top)),
    );
    counts.retain(|t, n| *n >= 3 && !is_table_title(t) && !crate::model::is_total_label(t));
    counts
}

/// Whether `next` opens with the unit of the amount `prev` ends with (`…资金529.12万` /
/// `元，其中…`): an amount cut from its unit by the wrap, which never starts a paragraph.
fn opens_with_amount_tail(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().last() else {
        return false;
    };
    let unit = match last {
        '万' | '亿' => "元",
        c if c.is_ascii_digit() => {
            return ["万元", "亿元", "元", "%"].iter().any(|unit| {
                next.strip_prefix(unit)
                    .is_some_and(|rest| rest.starts_with(['，', '。', '、', '；', '）']))
            });
        }
        _ => return false,
    };
    next.strip_prefix(unit)
        .is_some_and(|rest| rest.starts_with(['，', '。', '、', '；', '）']))
}

/// The number of spaces a line starts with.
fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The left margin of the prose of every line's page in aligned text (by line index): the
/// smallest indentation that at least a quarter of the page's prose lines (long lines without
/// a column gap) share; pages without prose take the document's.
fn prose_margins(lines: &[Line]) -> Vec<usize> {
    let is_prose = |l: &Line| {
        let t = l.text.trim();
        display_width(t) >= 20 && !t.contains("   ") && !t.contains('\t')
    };
    let margin_of = |indents: &mut Vec<usize>| -> Option<usize> {
        indents.sort_unstable();
        let quorum = indents.len().div_ceil(4);
        let mut run = 0;
        for (k, &n) in indents.iter().enumerate() {
            run = if k > 0 && indents[k - 1] == n {
                run + 1
            } else {
                1
            };
            if run >= quorum {
                return Some(n);
            }
        }
        indents.first().copied()
    };
    let mut pages: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (k, line) in lines.iter().enumerate() {
        if line.page_start && k > start {
            pages.push((start, k));
            start = k;
        }
    }
    pages.push((start, lines.len()));
    let mut all: Vec<usize> = lines
        .iter()
        .filter(|l| is_prose(l))
        .map(|l| leading_spaces(l.text))
        .collect();
    let document = margin_of(&mut all).unwrap_or(0);
    let mut margins = vec![document; lines.len()];
    for (a, b) in pages {
        let mut indents: Vec<usize> = lines[a..b]
            .iter()
            .filter(|l| is_prose(l))
            .map(|l| leading_spaces(l.text))
            .collect();
        if let Some(m) = margin_of(&mut indents) {
            margins[a..b].fill(m);
        }
    }
    margins
}

/// Append a line's text: a web page's without its markup, any other's without its Markdown.
fn push_line(page: Option<&html::Page>, source: &str, text: &mut Text, line: &Line) {
    match page {
        Some(page) => html::push_page_line(text, page, source, line.span),
        None => prose::push_line(text, line.text, line.span.start),
    }
}

/// The paragraph being assembled: its text and the last line joined into it.
struct OpenParagraph {
    text: Text,
    last_line: String,
    note: bool,
}

struct Parser<'a> {
    layout: Layout,
    /// The whole source, where HTML tables are read.
    source: &'a str,
    /// A web page's text, markup blanked out.
    page: Option<&'a html::Page>,
    /// Where each HTML table ends, found on the first one.
    html_extents: Option<HashMap<usize, usize>>,
    lines: &'a [Line<'a>],
    running: HashMap<String, usize>,
    /// Lines that are bare page numbers by their place next to a page break.
    page_numbers: HashSet<usize>,
    wrap: Option<usize>,
    /// In aligned text, the left margin of the prose of each line's page (by line index).
    margins: Vec<usize>,
    blocks: Vec<Block>,
    paragraph: Option<OpenParagraph>,
    /// Consecutive furniture lines being joined (`仅供` / `内部` / `审核`), and the last index.
    furniture: Option<(Text, usize)>,
    /// The 类 / 款 codes in force at the end of the last grid table.
    code_context: Vec<String>,
}

impl<'a> Parser<'a> {
    fn is_furniture(&self, line: &Line) -> bool {
        let t = line.text.trim();
        is_page_number(t)
            || is_watermark_fragment(t)
            // `表8` printed at the top of a page, above the next table's title: not the tail of
            // the label of the row that ended the page before.
            || line.page_start && lines::is_form_number(t)
            || self.running.contains_key(t)
            || self.page_numbers.contains(&line.index)
    }

    /// Set a furniture line aside, joining it to the previous one when they are adjacent.
    fn push_furniture(&mut self, line: &Line) {
        if let Some((_, last)) = &self.furniture {
            // A page break parts them: the page number ending one page and the form number
            // opening the next (`14` / `公开 03 表：支出预算总表`) are two things.
            if *last + 1 != line.index || line.page_start {
                self.flush_furniture();
            }
        }
        let (text, last) = self
            .furniture
            .get_or_insert_with(|| (Text::new(), line.index));
        push_line(self.page, self.source, text, line);
        *last = line.index;
    }

    fn flush_furniture(&mut self) {
        if let Some((text, _)) = self.furniture.take() {
            if !text.is_empty() {
                self.blocks.push(Block::Furniture(prose::paragraph(text)));
            }
        }
    }

    fn close_paragraph(&mut self) {
        if let Some(open) = self.paragraph.take() {
            if open.text.is_empty() {
                return;
            }
            let para = prose::paragraph(open.text);
            if open.note {
                self.note_block(para);
            } else {
                self.blocks.push(Block::Paragraph(para));
            }
        }
    }

    /// A note; when it says the table holds no data, the table just above is marked.
    fn note_block(&mut self, para: Paragraph) {
        if lines::says_no_data(&para.text.text) {
            if let Some(Block::Table(t)) = self
                .blocks
                .iter_mut()
                .rev()
                .find(|b| !matches!(b, Block::Furniture(_) | Block::Note(_)))
            {
                t.no_data = true;
            }
        }
        self.blocks.push(Block::Note(para));
    }

    /// Whether `line` continues the open paragraph rather than starting a new one.
    fn continues_paragraph(&self, index: usize, line: &str) -> bool {
        let Some(open) = &self.paragraph else {
            return false;
        };
        let prev = open.last_line.trim();
        let next = line.trim();
        if next.starts_with('#')
            || lines::numbered_heading_level(next).is_some_and(|l| l <= 2)
            || is_table_title(next)
            || lines::is_form_number(next)
            || lines::form_prefix(next).is_some()
            || is_note(next)
        {
            return false;
        }
        // A line that opens with the unit of the amount the line before ends with
        // (`…529.12万` / `元，其中…`) is its wrapped tail, however short the line before.
        if opens_with_amount_tail(prev, next) {
            return true;
        }
        let full = self.wrap.is_some_and(|w| display_width(prev) + 6 >= w);
        match self.layout {
            Layout::Plain | Layout::Aligned => {
                // An indented line starts a paragraph in aligned layouts.
                // Indented against the page's margin: a page shifted right as a whole (a
                // wider margin, another tool) indents nothing.
                let margin = self.margins.get(index).copied().unwrap_or(0);
                let indented = self.layout == Layout::Aligned && leading_spaces(line) >= margin + 3;
                full && !indented
                    || !prose::ends_sentence(prev)
                        && prev.chars().count() >= 12
                        && !indented
                        && self.wrap.is_some()
                        && display_width(prev) * 10 >= self.wrap.unwrap_or(0) * 8
            }
            Layout::Tabbed | Layout::Piped => {
                !prose::ends_sentence(prev) && prev.chars().count() >= 15 && !is_table_title(prev)
            }
        }
    }

    fn heading_level(&self, line: &str) -> Option<u8> {
        let t = line.trim();
        // A line wrapped at full width, or with a colon inside, is the start of a paragraph.
        if self.wrap.is_some_and(|w| display_width(t) + 6 >= w)
            || t.trim_end_matches(['：', ':']).contains(['：', ':'])
        {
            return None;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let level = 1 + rest.len() - rest.trim_start_matches('#').len();
            return Some(level.min(6) as u8);
        }
        let bold = (t.starts_with("<b>") && t.ends_with("</b>"))
            || (t.starts_with("**") && t.ends_with("**") && t.len() > 4);
        if bold && t.chars().count() <= 50 && !t.contains('。') {
            return Some(
                lines::numbered_heading_level(t.trim_matches(['*']).trim_start_matches("<b>"))
                    .unwrap_or(2),
            );
        }
        lines::numbered_heading_level(t)
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            if line.is_blank() {
                i += 1;
                continue;
            }
            if self.is_furniture(&line) {
                self.push_furniture(&line);
                i += 1;
                continue;
            }
            self.flush_furniture();
            let t = line.text.trim();
            if html::starts_table(t) {
                if let Some(next) = self.read_html_table(i) {
                    i = next;
                    continue;
                }
            }
            match self.layout {
                Layout::Tabbed | Layout::Piped if grid::is_grid_line(self.layout, line.text) => {
                    self.close_paragraph();
                    self.forget_codes_unless_after_table();
                    let (tables, next) =
                        grid::read(self.layout, self.lines, i, &mut self.code_context);
                    self.push_tables(tables);
                    i = next;
                    continue;
                }
                // pandoc's simple and multiline tables (a Word table without merged cells in
                // plain text or Markdown: a rule of dashes above, columns aligned by spaces) in
                // a document of pipe or tab tables: read as aligned text.
                Layout::Piped | Layout::Tabbed
                    if lines::unit_line(t).is_some()
                        && let Some(end) = dash_ruled_table_after(self.lines, i) =>
                {
                    self.close_paragraph();
                    let is_furniture = |l: &Line| self.is_furniture(l);
                    // The table ends at its closing rule: what follows is the next table's
                    // number and title.
                    let (tables, furniture, next) =
                        spaced::read(Layout::Aligned, &self.lines[..end], i, &is_furniture);
                    self.flush_furniture();
                    self.push_tables(tables);
                    for f in furniture {
                        self.push_furniture(&f);
                    }
                    i = next.max(i + 1);
                    continue;
                }
                Layout::Plain | Layout::Aligned if lines::unit_line(t).is_some() => {
                    self.close_paragraph();
                    let is_furniture = |l: &Line| self.is_furniture(l);
                    let (tables, furniture, next) = match self.layout {
                        Layout::Plain => stream::read(self.lines, i, &is_furniture),
                        _ => None,
                    }
                    .unwrap_or_else(|| spaced::read(self.layout, self.lines, i, &is_furniture));
                    // Furniture the reader looked past after the tables' last row (the next
                    // page's number and form number) comes after them.
                    let end = tables.iter().map(|t| t.span.end).max().unwrap_or(0);
                    let (before, after): (Vec<_>, Vec<_>) =
                        furniture.into_iter().partition(|f| f.span.start < end);
                    for f in before {
                        self.push_furniture(&f);
                    }
                    self.flush_furniture();
                    self.push_tables(tables);
                    for f in after {
                        self.push_furniture(&f);
                    }
                    i = next;
                    continue;
                }
                _ => {}
            }
            if is_note(t) {
                self.close_paragraph();
                let mut text = Text::new();
                push_line(self.page, self.source, &mut text, &line);
                self.paragraph = Some(OpenParagraph {
                    text,
                    last_line: line.text.to_string(),
                    note: true,
                });
                i += 1;
                continue;
            }
            if self.continues_paragraph(i, line.text) {
                if let Some(open) = &mut self.paragraph {
                    push_line(self.page, self.source, &mut open.text, &line);
                    open.last_line = line.text.to_string();
                }
                i += 1;
                continue;
            }
            self.close_paragraph();
            if let Some(level) = self.heading_level(t) {
                let mut text = Text::new();
                push_line(self.page, self.source, &mut text, &line);
                self.blocks.push(Block::Heading(Heading { level, text }));
            } else {
                let mut text = Text::new();
                push_line(self.page, self.source, &mut text, &line);
                self.paragraph = Some(OpenParagraph {
                    text,
                    last_line: line.text.to_string(),
                    note: false,
                });
            }
            i += 1;
        }
        self.close_paragraph();
        self.flush_furniture();
    }

    /// A table directly after another (a page break between) continues its subject codes; any
    /// other table starts without them.
    fn forget_codes_unless_after_table(&mut self) {
        let follows_table = matches!(
            self.blocks
                .iter()
                .rev()
                .find(|b| !matches!(b, Block::Furniture(_))),
            Some(Block::Table(_))
        );
        if !follows_table {
            self.code_context.clear();
        }
    }

    /// Read the HTML table starting on `lines[i]`; the index of the first line after it, or
    /// `None` when no `</table>` closes it (the line is text then).
    fn read_html_table(&mut self, i: usize) -> Option<usize> {
        let line = self.lines[i];
        let at = line.span.start + html::table_offset(line.text)?;
        let source = self.source;
        let extents = self
            .html_extents
            .get_or_insert_with(|| html::table_extents(source));
        let extent = extents.get(&at).copied();
        self.forget_codes_unless_after_table();
        let end = match html::read(self.source, at, extent, &mut self.code_context) {
            html::Reading::Tables(tables, end) => {
                self.close_paragraph();
                self.push_tables(tables);
                end
            }
            // Cells that cannot be trusted are kept out of the checks, and out of the prose.
            html::Reading::Unsure(end) => {
                self.close_paragraph();
                end
            }
            html::Reading::Unclosed => return None,
        };
        let next = self.lines[i..]
            .iter()
            .position(|l| l.span.start >= end)
            .map_or(self.lines.len(), |k| i + k);
        Some(next.max(i + 1))
    }

    /// Add the tables read from one grid (two for a side-by-side 收支总表), taking the title,
    /// form number and unit lines from the blocks just above, or joining them to the tables
    /// they continue after a page break.
    fn push_tables(&mut self, mut tables: Vec<Table>) {
        if tables.is_empty() {
            return;
        }
        if self.continue_previous(&mut tables) {
            return;
        }
        let first = &mut tables[0];
        let mut remove = Vec::new();
        let mut idx = self.blocks.len();
        let mut has_title = first.title.is_some();
        // The block the title was taken from.
        let mut title_from = None;
        // Header words plain text printed as paragraphs between the table and its title or unit
        // line (`项目`, `收`): the table's only when that line is found above them.
        let mut header_words: Vec<(usize, Span)> = Vec::new();
        while idx > 0 {
            idx -= 1;
            let text = match &self.blocks[idx] {
                Block::Paragraph(p) => &p.text,
                Block::Heading(h) => &h.text,
                // A form number at the top of a page is set aside as furniture (it must not
                // join the last row of the page before); it is still the next table's.
                Block::Furniture(f)
                    if lines::is_form_number(&f.text.text)
                        && f.text.span().end <= first.span.start =>
                {
                    &f.text
                }
                Block::Furniture(_) => continue,
                _ => break,
            };
            if first.span.start.saturating_sub(text.span().end) > 800 {
                break;
            }
            let s = text.text.as_str();
            let prefixed = lines::form_prefix(s).filter(|_| first.form.is_none());
            if let Some((form, rest)) = prefixed {
                // `公开 01 表：收支预算总表`: the title is the line's, not a heading further up
                // (`第二部分 2018 年度部门预算表`). A title wrapped after its first line
                // (`公开 09 表：…会议费、培训费` / `支出预算表`) was taken as the title already.
                let head = text.slice(rest.clone());
                let title = if is_table_title(&s[rest]) {
                    (!has_title).then_some(head)
                } else {
                    let joined = first.title.as_ref().filter(|_| title_from == Some(idx + 1));
                    joined
                        .map(|tail| {
                            let mut whole = head;
                            whole.append(tail);
                            whole
                        })
                        .filter(|w| is_table_title(&w.text))
                };
                first.form = Some(text.slice(form));
                if let Some(title) = title {
                    first.title = Some(title);
                    has_title = true;
                }
            } else if lines::is_form_number(s) && first.form.is_none() {
                first.form = Some(text.clone());
            } else if is_table_title(s) && !has_title {
                title_from = Some(idx);
                first.title = Some(text.clone());
                has_title = true;
            } else if is_table_meta(s) {
                if first.unit.is_none() {
                    first.unit = lines::unit_line(s);
                }
            } else if !has_title && remove.is_empty() && is_header_word(s) {
                header_words.push((idx, text.span()));
                continue;
            } else {
                break;
            }
            for (idx, span) in header_words.drain(..) {
                first.span = first.span.cover(span);
                remove.push(idx);
            }
            first.span = first.span.cover(text.span());
            remove.push(idx);
        }
        // Removed from the last block back, so the indices stay right.
        remove.sort_unstable_by(|a, b| b.cmp(a));
        for idx in remove {
            self.blocks.remove(idx);
        }
        let (title, form, unit, span) = (
            first.title.clone(),
            first.form.clone(),
            first.unit,
            first.span,
        );
        for other in tables.iter_mut().skip(1) {
            other.title = title.clone();
            other.form = form.clone();
            other.unit = other.unit.or(unit);
            other.span = other.span.cover(span);
        }
        for table in &mut tables {
            // A cell's unit is the table's (`单位：万元`) unless the cell says otherwise.
            for n in table.rows.iter_mut().flat_map(|r| r.values.iter_mut()) {
                n.unit = n.unit.or(table.unit);
            }
        }
        self.blocks.extend(tables.into_iter().map(Block::Table));
    }

    /// A table continued after a page break repeats its header and has no title of its own:
    /// append its rows to the table(s) just above.
    fn continue_previous(&mut self, tables: &mut Vec<Table>) -> bool {
        if tables[0].title.is_some() || tables[0].header.is_empty() {
            return false;
        }
        // A continuation mark of its own (`表3（续表）` as an HTML paragraph above the next
        // `<table>`) stands between the parts; the text readers look past it themselves.
        let is_mark = |b: &Block| match b {
            Block::Furniture(_) => true,
            Block::Paragraph(p) => lines::is_continuation_mark(&p.text.text),
            Block::Heading(h) => lines::is_continuation_mark(&h.text.text),
            _ => false,
        };
        let previous: Vec<usize> = self
            .blocks
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, b)| !is_mark(b))
            .take(tables.len())
            .map(|(i, _)| i)
            .collect();
        if previous.len() != tables.len() {
            return false;
        }
        let matches = previous.iter().rev().zip(tables.iter()).all(|(&i, t)| match &self.blocks[i] {
            Block::Table(prev) => {
                prev.layout == t.layout
                    && prev.side == t.side
                    && prev.columns.len() == t.columns.len()
                    // The repeated header may be followed by label-only rows read as header.
                    && prev.header.len() <= t.header.len()
                    && prev.header.iter().zip(&t.header).all(|(a, b)| same_squeezed(&a.text, &b.text))
            }
            _ => false,
        });
        if !matches {
            return false;
        }
        for (&i, t) in previous.iter().rev().zip(tables.drain(..)) {
            if let Block::Table(prev) = &mut self.blocks[i] {
                prev.span = prev.span.cover(t.span);
                prev.rows.extend(t.rows);
                prev.no_data &= t.no_data;
            }
        }
        true
    }
}

/// Whether a paragraph is a table's header word printed on a line of its own (`项目`, `收`,
/// `本年预算`): a few Chinese characters, no digit, no punctuation.
fn is_header_word(text: &str) -> bool {
    let word = squeeze(text);
    let n = word.chars().count();
    (1..=6).contains(&n) && word.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests;
