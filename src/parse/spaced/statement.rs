//! The rows of a side-by-side 收支总表 in `pdftotext -layout` text.
//!
//! Such a statement is two or three tables side by side: income (收入), expenditure (支出), and in
//! the Jiangsu template a second expenditure breakdown (支出用途: 基本支出 / 项目支出 / 单位预留
//! 机动经费) to the right of the one by function (功能分类). Every text cell is read as a piece
//! of the part its column belongs to; the parts are told apart by position, with the columns
//! learnt from the table's own lines ([`PartColumns::scan`]).
//!
//! Narrow cells wrap, and the PDF centres a cell's other contents vertically, so `-layout` text
//! spreads one row over several lines, each part in its own way:
//!
//! ```text
//!     2. 政府性基金预                                           三、单位预留机
//!                            三、国防支出                                     1685.72
//! 算                                                       动经费
//! ```
//!
//! Once a line's pieces are sorted into parts, each part is put back together on its own
//! ([`settle_part`]): numbers alone on a line join the label above them that has none (or the
//! label right under them, when that one is a row of its own: a total whose amounts stand above
//! its name), and the tail of a wrapped label (`算`, `动经费`) joins the label it continues.

use super::{Interruption, starts_enumerated};
use super::{Kind, RawRow, Segment, Tok, data_like, interruption, mark_codes, segments, tokenize};
use crate::model::{Side, SubjectCode, Text, is_total_label, squeeze};
use crate::parse::Line;
use crate::source::Span;

/// Which part of a statement a piece of a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Income,
    Expenditure,
    /// The second expenditure breakdown of a three-part statement (支出用途).
    ByUse,
}

impl Part {
    pub(super) fn side(self) -> Side {
        match self {
            Part::Income => Side::Income,
            Part::Expenditure | Part::ByUse => Side::Expenditure,
        }
    }
}

/// The columns (in characters) where the parts of a statement start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PartColumns {
    /// Where the expenditure labels start.
    expenditure: Option<usize>,
    /// Where the 支出用途 labels start, in a three-part statement.
    by_use_label: Option<usize>,
    /// The column where each part's amounts end (the median over the part's labelled
    /// lines): income, expenditure, 支出用途.
    amount_ends: [Option<usize>; 3],
}

/// The header line naming the two expenditure breakdowns of a three-part statement
/// (`功能分类     支出用途`): the column where the first name ends and the second starts.
pub(super) fn expenditure_breakdowns(text: &str) -> Option<(usize, usize)> {
    let cells: Vec<(usize, usize, String)> = cells(text);
    let [(_, first_end, a), (second_start, _, b)] = cells.as_slice() else {
        return None;
    };
    let names_breakdown = |s: &str| s.ends_with("分类") || s.ends_with("用途");
    (names_breakdown(a) && names_breakdown(b)).then_some((*first_end, *second_start))
}

/// The cells of a line (runs separated by two spaces or more): (start column, end column,
/// text without spaces).
fn cells(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                let run = chars[i..].iter().take_while(|c| c.is_whitespace()).count();
                if run >= 2 || i + run == chars.len() {
                    break;
                }
                i += run;
            } else {
                i += 1;
                end = i;
            }
        }
        out.push((
            start,
            end,
            squeeze(&chars[start..end].iter().collect::<String>()).into_owned(),
        ));
    }
    out
}

/// The character column where a segment's label starts (else where its first token ends).
fn label_column(seg: &Segment, text: &str, line_start: usize) -> usize {
    match seg.label {
        Some((a, _)) => text[..a - line_start].chars().count(),
        None => seg.col_start,
    }
}

/// The column just after an amount.
fn slot_end(t: &Tok) -> usize {
    t.col_end
}

impl PartColumns {
    /// Learn the part columns from the table's lines, from `first` (its first row) to its end:
    /// the expenditure labels start where the second label of a line starts, the 支出用途
    /// labels where the third does (or, failing that, midway between the two breakdown names
    /// of the header), and their amounts end where the amounts after those labels end.
    pub(super) fn scan(
        lines: &[Line],
        first: usize,
        is_furniture: &dyn Fn(&Line) -> bool,
        breakdowns: Option<(usize, usize)>,
    ) -> PartColumns {
        let mut second: Vec<usize> = Vec::new();
        let mut third: Vec<usize> = Vec::new();
        // Labelled segments, with the column their label starts at, whether each is the first
        // on its line, and whether it is a subtotal, total or carry-over line.
        let mut read: Vec<(usize, bool, bool, Segment)> = Vec::new();
        // Amounts of lines without a label (a row whose name wrapped above and below its
        // numbers), with the column each ends at.
        let mut unlabelled: Vec<usize> = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(first) {
            if line.is_blank() || is_furniture(line) {
                continue;
            }
            let (mut toks, trailing) = tokenize(line.text, line.span.start);
            mark_codes(&mut toks, line.text, line.span.start);
            let segs = segments(&toks, trailing, true);
            if !data_like(&segs, line.text, line.span.start)
                && interruption(lines, i, is_furniture) != Interruption::Continue
            {
                break;
            }
            let column = |s: &Segment| label_column(s, line.text, line.span.start);
            let labelled: Vec<&Segment> = segs.iter().filter(|s| s.label.is_some()).collect();
            if let Some(s) = labelled.get(1).filter(|_| segs[0].label.is_some()) {
                second.push(column(s));
            }
            if let Some(s) = labelled.get(2).filter(|_| segs.len() == 3) {
                third.push(column(s));
            }
            let several_labels = labelled.len() >= 2;
            unlabelled.extend(
                segs.iter()
                    .filter(|s| s.label.is_none() && s.code.is_none())
                    .flat_map(|s| s.slots.iter())
                    .filter(|t| !is_row_number(t))
                    .map(slot_end),
            );
            read.extend(
                segs.into_iter()
                    .enumerate()
                    .filter(|(_, s)| s.label.is_some())
                    .map(|(k, s)| {
                        // An income total beside the expenditure one (`本年收入合计  10
                        // 344354.00  本年支出合计 …`) is in the income amounts' column.
                        let spanning = s.label.is_some_and(|(a, b)| {
                            is_statement_line(&line.text[a - line.span.start..b - line.span.start])
                        }) && !(k == 0 && several_labels);
                        (column(&s), k == 0, spanning, s)
                    }),
            );
        }
        let mut columns = PartColumns {
            expenditure: second.iter().min().copied(),
            ..PartColumns::default()
        };
        if let Some((first_end, second_start)) = breakdowns {
            columns.by_use_label = Some(
                third
                    .iter()
                    .min()
                    .map(|c| c.saturating_sub(2))
                    .unwrap_or((first_end + second_start) / 2),
            );
        }
        // Subtotals and totals span both expenditure breakdowns: their amounts say nothing of
        // either's column.
        let mut ends: [Vec<usize>; 3] = Default::default();
        for (column, first_on_line, spanning, seg) in &read {
            if *spanning {
                continue;
            }
            let part = columns.part_of_label(*column, *first_on_line);
            // A 行次 (a row number of one or two digits beside each label) is not an amount:
            // its column would pull the amounts' end towards the labels.
            ends[rank(part) as usize]
                .extend(seg.slots.iter().filter(|t| !is_row_number(t)).map(slot_end));
        }
        // An amount of an unlabelled line that ends left of where the expenditure labels start
        // can only be an income amount (the income labels of a Guangdong 财政拨款收支总表 wrap
        // above and below their numbers, so no labelled line shows that column).
        if let Some(c) = columns.expenditure {
            ends[0].extend(unlabelled.iter().copied().filter(|&e| e < c));
        }
        // A 支出用途 amount printed on a 功能分类 line (its label wrapped above and below) is not
        // a 功能分类 column.
        let median = |e: &mut Vec<usize>| {
            e.sort_unstable();
            e.get(e.len().saturating_sub(1) / 2).copied()
        };
        let by_use = median(&mut ends[2]);
        if let Some(b) = by_use {
            ends[1].retain(|&e| e.abs_diff(b) > 3);
        }
        columns.amount_ends = [median(&mut ends[0]), median(&mut ends[1]), by_use];
        columns
    }

    /// The part a labelled segment belongs to, by where it starts and whether it is the first on
    /// its line.
    fn part_of_label(&self, col: usize, first_on_line: bool) -> Part {
        if self.by_use_label.is_some_and(|b| col >= b) {
            return Part::ByUse;
        }
        let right_half = self
            .expenditure
            .is_some_and(|c| col + 6 >= c && (col > 10 || !first_on_line));
        if !first_on_line || right_half {
            Part::Expenditure
        } else {
            Part::Income
        }
    }

    /// The part an amount belongs to: the one whose amounts end nearest to where it ends. An
    /// expenditure column no labelled line showed an amount in is taken to end a label's width
    /// right of where its labels start.
    fn part_of_amount(&self, t: &Tok) -> Part {
        const LABEL_WIDTH: usize = 12;
        let end = slot_end(t);
        let estimate = |p: Part| match (p, self.amount_ends[rank(p) as usize]) {
            (_, Some(c)) => Some(c),
            (Part::Expenditure, None) => self.expenditure.map(|c| c + LABEL_WIDTH),
            _ => None,
        };
        let nearest = [Part::Income, Part::Expenditure, Part::ByUse]
            .into_iter()
            .filter_map(|p| estimate(p).map(|c| (c.abs_diff(end), p)))
            .min_by_key(|(distance, _)| *distance);
        match nearest {
            Some((_, part)) => part,
            None if self.expenditure.is_some_and(|c| end > c + 2) => Part::Expenditure,
            None => Part::Income,
        }
    }
}

/// One piece of a statement line, sorted into its part.
#[derive(Debug, Clone)]
struct Piece {
    part: Part,
    label: Text,
    code: Option<SubjectCode>,
    slots: Vec<Tok>,
    /// Indices (into the reader's lines) of the first and last line it covers.
    first_line: usize,
    last_line: usize,
    /// Its label started on a line above its numbers (a centred cell).
    centred: bool,
}

impl Piece {
    fn label_only(&self) -> bool {
        !self.label.is_empty() && self.slots.is_empty() && self.code.is_none()
    }

    fn numbers_only(&self) -> bool {
        self.label.is_empty() && !self.slots.is_empty() && self.code.is_none()
    }

    fn span(&self) -> Span {
        let mut span: Option<Span> = (!self.label.is_empty()).then(|| self.label.span());
        let mut cover = |s: Span| span = Some(span.map_or(s, |x| x.cover(s)));
        if let Some(c) = &self.code {
            cover(c.span);
        }
        for t in &self.slots {
            cover(Span::new(t.start, t.end));
        }
        span.unwrap_or_default()
    }
}

/// The rows of an aligned statement, read line by line and put back together at the end.
#[derive(Debug)]
pub(super) struct AlignedStatement {
    columns: PartColumns,
    pieces: Vec<Piece>,
}

impl AlignedStatement {
    pub(super) fn new(columns: PartColumns) -> AlignedStatement {
        AlignedStatement {
            columns,
            pieces: Vec::new(),
        }
    }

    /// Sort the segments of line `index` (with `text` starting at `line_start`) into parts:
    /// a label goes to the part of its column, and an amount standing in a later part's
    /// columns leaves its label's segment for that part.
    pub(super) fn read_line(
        &mut self,
        segs: Vec<Segment>,
        text: &str,
        line_start: usize,
        index: usize,
    ) {
        for (k, seg) in segs.into_iter().enumerate() {
            let labelled = seg.label.is_some() || seg.code.is_some();
            let part = if labelled {
                Some(
                    self.columns
                        .part_of_label(label_column(&seg, text, line_start), k == 0),
                )
            } else {
                None
            };
            let label = seg
                .label
                .map(|(a, b)| Text::from_source(&text[a - line_start..b - line_start], a))
                .unwrap_or_default();
            let piece_of = |part: Part, label: Text, code: Option<SubjectCode>| Piece {
                part,
                label,
                code,
                slots: Vec::new(),
                first_line: index,
                last_line: index,
                centred: false,
            };
            // A subtotal, total or carry-over line spans both expenditure breakdowns: its amounts
            // are its own wherever they stand.
            let spanning = is_statement_line(&label.text);
            let mut own = part.map(|p| piece_of(p, label, seg.code.clone()));
            let mut others: Vec<Piece> = Vec::new();
            for t in seg.slots {
                let by_column = self.columns.part_of_amount(&t);
                match &mut own {
                    // An amount in a later part's columns (the 支出用途 column on a 功能分类
                    // line, the expenditure column on an income line) is that part's, its label
                    // wrapped above and below; any other amount is its label's. An expenditure
                    // total spans both expenditure breakdowns, an income total never reaches
                    // the expenditure side.
                    Some(p)
                        if rank(by_column) <= rank(p.part)
                            || spanning && p.part != Part::Income =>
                    {
                        p.slots.push(t)
                    }
                    _ => match others.iter_mut().find(|o| o.part == by_column) {
                        Some(o) => o.slots.push(t),
                        None => {
                            let mut o = piece_of(by_column, Text::new(), None);
                            o.slots.push(t);
                            others.push(o);
                        }
                    },
                }
            }
            self.pieces.extend(own);
            self.pieces.extend(others);
        }
    }

    /// Put each part's pieces back together into rows, given the reader's `lines` (to see which
    /// pieces stand on adjacent lines).
    pub(super) fn finish(self, lines: &[Line]) -> Vec<RawRow> {
        let mut rows = Vec::new();
        for part in [Part::Income, Part::Expenditure, Part::ByUse] {
            let pieces: Vec<Piece> = self
                .pieces
                .iter()
                .filter(|p| p.part == part)
                .cloned()
                .collect();
            rows.extend(settle_part(pieces, lines).into_iter().map(|p| RawRow {
                span: p.span(),
                code: p.code,
                label: p.label,
                slots: p.slots,
                trailing: 0,
                side: part.side(),
                by_use: part == Part::ByUse,
                type_cell: None,
            }));
        }
        rows.sort_by_key(|r| r.span.start);
        rows
    }
}

/// A 行次 (a row number of one or two digits beside each label), not an amount.
fn is_row_number(t: &Tok) -> bool {
    t.kind == Kind::Digits && t.end - t.start <= 2
}

fn rank(part: Part) -> u8 {
    match part {
        Part::Income => 0,
        Part::Expenditure => 1,
        Part::ByUse => 2,
    }
}

/// Whether piece `b` continues right under piece `a`: no blank line between them, at most two
/// lines of other parts.
fn adjacent(a: &Piece, b: &Piece, lines: &[Line]) -> bool {
    b.first_line > a.last_line
        && b.first_line <= a.last_line + 3
        && lines[a.last_line + 1..b.first_line]
            .iter()
            .all(|l| !l.is_blank())
}

/// The name of a statement's subtotal, total or carry-over line (`当年收入小计`, `收入合计`,
/// `上年结转资金`), not a category.
fn is_statement_line(label: &str) -> bool {
    let name = squeeze(label);
    is_total_label(&name)
        || ["结转", "结余"].iter().any(|w| name.contains(w)) && name.chars().count() >= 4
        || ["合计", "小计", "总计"]
            .iter()
            .any(|w| name.ends_with(w) && name.chars().count() >= 4)
}

/// `一、…`, `（一）…`, `1.…`, `2、…`: a label that starts a row.
fn is_enumerated(name: &str) -> bool {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    starts_enumerated(name)
        || (1..=2).contains(&digits) && name[digits..].starts_with(['.', '．', '、'])
}

/// The tail of a wrapped label (`算`, `动经费`, `业支出`), not a row of its own: not
/// enumerated, not `其中`, and not a statement line's name (`上年结转资金`, `收入合计`).
fn is_label_tail(label: &str) -> bool {
    let name = squeeze(label);
    !name.is_empty()
        && !is_enumerated(&name)
        && !name.starts_with("其中")
        && !is_statement_line(&name)
        && name.chars().count() <= 8
}

/// Put the pieces of one part back together (see the module documentation).
fn settle_part(pieces: Vec<Piece>, lines: &[Line]) -> Vec<Piece> {
    // Numbers alone on their line: to the label above them that has none, unless the label
    // right under them is a row of its own with none (its amounts printed above its name).
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut k = 0;
    while k < pieces.len() {
        let piece = pieces[k].clone();
        k += 1;
        if !piece.numbers_only() {
            merged.push(piece);
            continue;
        }
        let next = pieces
            .get(k)
            .filter(|n| n.label_only() && adjacent(&piece, n, lines));
        let above = merged
            .last_mut()
            .filter(|p| p.label_only() && adjacent(p, &piece, lines));
        // A total's name wrapped around its numbers (`本年收入` / amounts / `合计`): the two
        // halves make one statement line, neither the head alone.
        let wrapped_total = match (&above, next) {
            (Some(p), Some(n)) => {
                !is_enumerated(&p.label.text)
                    && !is_statement_line(&p.label.text)
                    && squeeze(&n.label.text).chars().count() <= 3
                    && is_statement_line(&format!("{}{}", p.label.text, n.label.text))
            }
            _ => false,
        };
        if wrapped_total {
            if let Some(p) = above {
                let n = &pieces[k];
                p.label.push(&n.label.text, n.label.span().start);
                p.slots = piece.slots;
                p.last_line = n.last_line;
                k += 1;
            }
            continue;
        }
        let to_next = next.is_some_and(|n| !is_label_tail(&n.label.text)) || above.is_none();
        match (above, next) {
            (Some(p), _) if !to_next => {
                p.slots = piece.slots;
                p.last_line = piece.last_line;
                p.centred = true;
            }
            (_, Some(_)) => {
                let mut n = pieces[k].clone();
                k += 1;
                n.slots = piece.slots;
                n.first_line = piece.first_line;
                merged.push(n);
            }
            _ => merged.push(piece),
        }
    }
    // The tail of a wrapped label joins the label it continues: one without numbers, one whose
    // numbers stand below its start, a numbered category's, or (a short tail on the very next
    // line: `当 年 收 入  13,649.07` / `小计`) any.
    let mut out: Vec<Piece> = Vec::with_capacity(merged.len());
    for piece in merged {
        if let Some(prev) = out.last_mut() {
            let short_tail_below = piece.first_line == prev.last_line + 1
                && squeeze(&piece.label.text).chars().count() <= 3;
            let continues = piece.label_only()
                && is_label_tail(&piece.label.text)
                && adjacent(prev, &piece, lines)
                && !prev.label.is_empty()
                && (prev.slots.is_empty()
                    || prev.centred
                    || is_enumerated(&prev.label.text)
                    || short_tail_below);
            if continues {
                prev.label.push(&piece.label.text, piece.label.span().start);
                prev.last_line = piece.last_line;
                continue;
            }
            // The middle of a label wrapped over three lines carries the amounts
            // (`一、一般公共` / `预算财政拨款  1  17,157,351.33` / `收入`): it continues the
            // numbered label above it that has none, when that is the wrap's first line only
            // (`二十三、其` / `他支出` is whole: the next line starts another row).
            let middle = !piece.label.is_empty()
                && !piece.slots.is_empty()
                && piece.code.is_none()
                && is_label_tail(&piece.label.text)
                && prev.label_only()
                && prev.first_line == prev.last_line
                && is_enumerated(&prev.label.text)
                && adjacent(prev, &piece, lines);
            if middle {
                prev.label.push(&piece.label.text, piece.label.span().start);
                prev.slots = piece.slots;
                prev.last_line = piece.last_line;
                prev.centred = true;
                continue;
            }
        }
        out.push(piece);
    }
    out
}

/// In a two-sided statement, split a text run that holds two cells: plain text separates the
/// income label from the expenditure label by one space when the amount between them is empty
/// (`2. 政府性基金 三、教育支出`). A Chinese-numbered label (`三、…`) after a space starts a
/// cell of its own, as if spaced apart.
pub(super) fn split_enumerated_cells(toks: &mut Vec<Tok>, line: &str, line_start: usize) {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for tok in toks.drain(..) {
        let text = &line[tok.start - line_start..tok.end - line_start];
        let split = (tok.kind == super::Kind::Text)
            .then(|| {
                text.char_indices().find(|&(i, c)| {
                    c == ' ' && i > 0 && is_chinese_numbered(text[i + 1..].trim_start())
                })
            })
            .flatten();
        let Some((at, _)) = split else {
            out.push(tok);
            continue;
        };
        let rest = &text[at..];
        let skipped = rest.len() - rest.trim_start().len();
        let second_start = tok.start + at + skipped;
        let first = Tok {
            end: tok.start + at,
            col_end: tok.col_end - text[at..].chars().count(),
            ..tok.clone()
        };
        let second = Tok {
            start: second_start,
            gap: 2,
            ..tok
        };
        out.push(first);
        out.push(second);
    }
    *toks = out;
}

/// `三、…`: a label numbered with a Chinese numeral.
fn is_chinese_numbered(text: &str) -> bool {
    let head = text
        .chars()
        .take_while(|&c| crate::parse::lines::is_cjk_numeral(c))
        .count();
    head > 0 && text.chars().nth(head).is_some_and(|c| c == '、')
}

/// Whether the first segment of a line starts a statement row by itself (`一、财政` with its
/// amount on the next line): an enumerated label, not the next table's title.
pub(super) fn starts_statement_row(segs: &[Segment], text: &str, line_start: usize) -> bool {
    segs.first().and_then(|s| s.label).is_some_and(|(a, b)| {
        let label = &text[a - line_start..b - line_start];
        starts_enumerated(label) && !crate::parse::lines::is_table_title(label)
    })
}

#[cfg(test)]
mod tests;
