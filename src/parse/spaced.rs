//! Tables in text layouts where only spaces separate cells: plain PDF-to-text output (empty
//! cells vanish or leave runs of spaces) and `pdftotext -layout` output (columns aligned).
//!
//! A row's numbers cannot always be placed by position. The evidence, strongest first: as many
//! numbers as columns ([`Certainty::Exact`]); the column positions of full rows nearby
//! ([`Certainty::Aligned`], aligned layout); the runs of spaces empty cells leave
//! ([`Certainty::Spacing`], plain layout). Rows that none of these settles keep every possible
//! placement ([`Certainty::Ambiguous`]) for [`super::resolve`] and the rules to weigh.

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthChar;

use super::Line;
use super::header::{HeaderColumns, ValueCell};
use super::lines::{self, is_note, is_table_title, numbered_heading_level};
use crate::model::{
    Certainty, Column, Layout, Number, Row, Side, SubjectCode, Table, Text, Unit, is_total_label,
    squeeze,
};
use crate::number::parse_amount;
use crate::source::Span;

mod statement;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Text,
    /// An amount; `None` for a not-applicable mark (`——`).
    Num(Option<(Decimal, u32)>),
    /// An integer without separators: an amount, a count, or part of a subject code.
    Digits,
    /// A subject code; `true` when it was printed irregularly (see [`SubjectCode::irregular`]).
    Code(String, bool),
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Spaces before the token (from the previous token or the line start).
    gap: usize,
    /// Character column just after the token, for column alignment.
    col_end: usize,
    /// The value of a `Digits` token.
    int_value: Decimal,
}

const NOT_APPLICABLE: &[&str] = &["——", "—", "-", "－", "--", "/", "——.——"];

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}' || c == '\u{c}'
}

/// Split a glued run such as `529.12一、一般公共服务支出` (an amount touching the next cell):
/// the byte offset where the next cell starts. The amount is one a table prints: with decimals
/// (`4540.73`, `4,540.73`, `-3.00`), or an integer with thousands separators (`156,211,123`,
/// amounts in 元); a bare integer (`2024年`, a 行次) or an enumerator (`1.一般公共预算`) is
/// not split off.
fn split_glued(run: &str) -> Option<usize> {
    if percentage(run) {
        // `-12.50%`: one cell, a rate (see [`classify`]).
        return None;
    }
    let mut seen_point = false;
    let mut seen_digit = false;
    for (i, c) in run.char_indices() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            seen_digit = true;
            continue;
        }
        if c == ',' && seen_digit && !seen_point || c == '-' && i == 0 {
            continue;
        }
        if (c == '.' || c == '．') && !seen_point && seen_digit {
            seen_point = true;
            continue;
        }
        if (c == '%' || c == '％') && seen_digit {
            // `-6.7%本年支出合计`: a rate glued to the next cell ends at its percent sign.
            let end = i + c.len_utf8();
            return (end < run.len() && percentage(&run[..end])).then_some(end);
        }
        let amount = &run[..i];
        let ends_in_digit = amount
            .chars()
            .last()
            .is_some_and(|d| d.is_ascii_digit() || ('０'..='９').contains(&d));
        let amount_like = seen_point || amount.contains(',');
        return (i > 0 && amount_like && ends_in_digit && parse_amount(amount).is_some())
            .then_some(i);
    }
    None
}

fn classify(run: &str) -> Kind {
    // A rate in a table of amounts (`增减率` `-12.50%`) fills its cell but is no amount: no
    // total adds it up.
    if NOT_APPLICABLE.contains(&run) || percentage(run) {
        return Kind::Num(None);
    }
    match parse_amount(run) {
        Some((value, decimals)) => {
            // A bare integer of ASCII digits may be a subject code or a 行次; one with
            // full-width digits (`20１`, mixed in copied or OCR'd text) is read as an amount,
            // never as a code, whose length is counted in digits as bytes.
            if decimals == 0 && run.bytes().all(|b| b.is_ascii_digit()) {
                Kind::Digits
            } else {
                Kind::Num(Some((value, decimals)))
            }
        }
        None => Kind::Text,
    }
}

/// A number written with its percent sign, one cell: `-12.50%`, `8％`.
fn percentage(run: &str) -> bool {
    run.strip_suffix(['%', '％'])
        .is_some_and(|n| parse_amount(n).is_some())
}

fn tokenize(line: &str, line_start: usize) -> (Vec<Tok>, usize) {
    let mut toks = Vec::new();
    let mut gap = 0;
    let mut col = 0;
    let mut run_start: Option<(usize, usize)> = None;
    let flush = |toks: &mut Vec<Tok>, s: usize, e: usize, gap: usize, col_start: usize| {
        let run = &line[s..e];
        let (first, second) = match split_glued(run) {
            Some(k) => ((s, s + k), Some((s + k, e))),
            None => ((s, e), None),
        };
        let mut c = col_start;
        for (idx, (ps, pe)) in std::iter::once(first).chain(second).enumerate() {
            c += line[ps..pe].chars().count();
            let piece = &line[ps..pe];
            toks.push(Tok {
                kind: classify(piece),
                int_value: parse_amount(piece).map(|(v, _)| v).unwrap_or_default(),
                start: line_start + ps,
                end: line_start + pe,
                gap: if idx == 0 { gap } else { 0 },
                col_end: c,
            });
        }
    };
    for (i, ch) in line.char_indices() {
        if is_space(ch) {
            if let Some((s, c)) = run_start.take() {
                flush(&mut toks, s, i, gap, c);
                gap = 0;
            }
            gap += if ch == '\u{3000}' { 2 } else { 1 };
        } else if run_start.is_none() {
            run_start = Some((i, col));
        }
        col += 1;
    }
    if let Some((s, c)) = run_start {
        flush(&mut toks, s, line.len(), gap, c);
        gap = 0;
    }
    split_codes_off_amounts(&mut toks, line, line_start);
    (merge_words(toks, line, line_start), gap)
}

/// An amount glued to the subject code of the next group of a two-group row, the two printed
/// without a space (pdfplumber joins characters closer than a few points): `30103 奖金
/// 42.1030206 电费 99.34` is `42.10` then `30206 电费`. Split only in a row that starts with a
/// subject code, when the number runs past two decimals by exactly the digits of a code of the
/// same classification (3, 5 or 7 digits, its first digit the row's), a name or an amount
/// follows it, and every other amount of the line has two decimals.
fn split_codes_off_amounts(toks: &mut Vec<Tok>, line: &str, line_start: usize) {
    let text = |t: &Tok| &line[t.start - line_start..t.end - line_start];
    let Some(first) = toks.first().filter(|t| t.kind == Kind::Digits) else {
        return;
    };
    let row_code = text(first);
    if !matches!(row_code.len(), 3 | 5 | 7) || !matches!(row_code.as_bytes()[0], b'2' | b'3' | b'5')
    {
        return;
    }
    let glued = |t: &Tok| matches!(t.kind, Kind::Num(Some((_, 5 | 7 | 9))));
    let two_decimals = toks
        .iter()
        .all(|t| glued(t) || !matches!(t.kind, Kind::Num(Some((_, d))) if d != 2));
    // Most coded rows hold no such number: nothing to rebuild.
    if !two_decimals || !toks.iter().any(glued) {
        return;
    }
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len() + 1);
    for (i, tok) in toks.iter().enumerate() {
        // The code's name, or its amount when the name is wrapped onto the lines around.
        let cell_follows = toks.get(i + 1).is_some_and(|next| match next.kind {
            Kind::Text => text(next).chars().next().is_some_and(super::lines::is_han),
            Kind::Num(Some(_)) => !glued(next),
            _ => false,
        });
        let code_len = (i > 0 && glued(tok) && cell_follows)
            .then(|| text(tok).split_once('.'))
            .flatten()
            .filter(|(whole, decimals)| {
                whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
                    && decimals.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(_, decimals)| &decimals[2..])
            .filter(|code| code.as_bytes().first() == row_code.as_bytes().first())
            .map(str::len);
        let Some(code_len) = code_len else {
            out.push(tok.clone());
            continue;
        };
        let cut = tok.end - code_len;
        let amount = &line[tok.start - line_start..cut - line_start];
        let code = &line[cut - line_start..tok.end - line_start];
        out.push(Tok {
            kind: classify(amount),
            int_value: parse_amount(amount).map(|(v, _)| v).unwrap_or_default(),
            end: cut,
            col_end: tok.col_end - code_len,
            ..tok.clone()
        });
        out.push(Tok {
            kind: Kind::Digits,
            int_value: parse_amount(code).map(|(v, _)| v).unwrap_or_default(),
            start: cut,
            gap: 0,
            ..tok.clone()
        });
    }
    *toks = out;
}

/// Join text runs separated by one space (a cell with a space inside), including a number
/// wedged inside text (`城乡居民医疗保险 70 岁及以上`).
fn merge_words(toks: Vec<Tok>, line: &str, line_start: usize) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let n = toks.len();
    let text_of = |t: &Tok| &line[t.start - line_start..t.end - line_start];
    for (i, tok) in toks.iter().enumerate() {
        // `70 岁` inside a label is text; `2 二、外交支出` is a 行次 before the next half's label.
        let next_is_text = i + 1 < n
            && toks[i + 1].kind == Kind::Text
            && toks[i + 1].gap <= 1
            && !starts_enumerated(text_of(&toks[i + 1]));
        if let Some(prev) = out.last_mut() {
            let joinable = tok.gap <= 1
                && prev.kind == Kind::Text
                && (tok.kind == Kind::Text || tok.kind == Kind::Digits && next_is_text);
            if joinable {
                prev.end = tok.end;
                prev.col_end = tok.col_end;
                continue;
            }
        }
        // `2025 年医保经办经费`: a year written apart from its 年 starts a label; it is never an
        // amount (nor a subject code, which has 3, 5 or 7 digits).
        let year_of_label = tok.kind == Kind::Digits
            && text_of(tok).len() == 4
            && i + 1 < n
            && toks[i + 1].kind == Kind::Text
            && toks[i + 1].gap <= 1
            && text_of(&toks[i + 1]).starts_with('年');
        if year_of_label {
            out.push(Tok {
                kind: Kind::Text,
                ..tok.clone()
            });
            continue;
        }
        out.push(tok.clone());
    }
    out
}

/// Whether `toks` starts with a subject code and its name: a whole code of 3, 5 or 7 digits
/// (功能分类 2xx, 经济分类 3xx / 5xx) or a 类 with its 款 (and 项) in columns of their own, then
/// text.
fn looks_like_code_start<'t>(toks: &'t [Tok], text: &dyn Fn(&'t Tok) -> &'t str) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    let head = text(first);
    if !matches!(head.as_bytes().first(), Some(b'2' | b'3' | b'5')) {
        return false;
    }
    let mut k = 1;
    if head.len() == 3 {
        while k < toks.len() && k < 3 && toks[k].kind == Kind::Digits && text(&toks[k]).len() <= 2 {
            k += 1;
        }
    } else if !matches!(head.len(), 5 | 7) {
        return false;
    }
    toks.get(k).is_some_and(|t| t.kind == Kind::Text)
}

/// Turn leading integers into subject codes: `2080505 …`, `201   06   01 …`, `30207`.
fn mark_codes(toks: &mut Vec<Tok>, source: &str, line_start: usize) {
    let mut i = 0;
    while i < toks.len() {
        let text = |t: &Tok| &source[t.start - line_start..t.end - line_start];
        // A group of (code, name, amount) side by side with the one before it: after that
        // group's name (its amount left blank), a wide gap, then a code followed by a name.
        let after_blank_amount = i > 0
            && toks[i - 1].kind == Kind::Text
            && toks[i].gap >= 3
            && toks[i].kind == Kind::Digits
            && looks_like_code_start(&toks[i..], &text);
        let segment_start =
            i == 0 || matches!(toks[i - 1].kind, Kind::Num(_) | Kind::Digits) || after_blank_amount;
        if segment_start && toks[i].kind == Kind::Digits {
            let first = text(&toks[i]);
            let mut code = String::new();
            let mut irregular = false;
            let mut j = i;
            // A code is followed by its name, or (name wrapped above and below) by amounts.
            let followed_by_name_or_amount = i + 1 == toks.len()
                || toks[i + 1].kind == Kind::Text
                || i == 0 && matches!(toks[i + 1].kind, Kind::Num(Some((_, d))) if d > 0);
            if matches!(first.len(), 3 | 5 | 7) && followed_by_name_or_amount {
                code.push_str(first);
                j = i + 1;
            } else if first.len() == 3 {
                // A code split over columns on one line: 类 款 项. A 款 or 项 of one digit
                // (`301   2  津贴补贴`) was printed without its leading zero.
                let mut k = i + 1;
                code.push_str(first);
                while k < toks.len()
                    && toks[k].kind == Kind::Digits
                    && matches!(text(&toks[k]).len(), 1 | 2)
                    && k - i < 3
                {
                    if text(&toks[k]).len() == 1 {
                        code.push('0');
                        irregular = true;
                    }
                    code.push_str(text(&toks[k]));
                    k += 1;
                }
                // Followed by its name, or at the line's start by amounts (the name wrapped
                // above and below the code line: `机关事业单位基本养老保险缴` / `208 05 05
                // 2314.60` / `费支出`).
                let amounts_follow = i == 0
                    && toks
                        .get(k)
                        .is_some_and(|t| matches!(t.kind, Kind::Num(Some((_, d))) if d > 0));
                if k > i + 1 && (k == toks.len() || toks[k].kind == Kind::Text || amounts_follow) {
                    j = k;
                } else {
                    code.clear();
                }
            }
            if !code.is_empty() && j > i {
                let end = toks[j - 1].end;
                let col_end = toks[j - 1].col_end;
                let gap = toks[i].gap;
                toks.splice(
                    i..j,
                    [Tok {
                        kind: Kind::Code(code, irregular),
                        start: toks[i].start,
                        end,
                        gap,
                        col_end,
                        int_value: Decimal::ZERO,
                    }],
                );
            }
        }
        i += 1;
    }
}

/// One row (or half-row, in a side-by-side table) as read from a line.
#[derive(Debug, Clone, Default)]
struct Segment {
    code: Option<SubjectCode>,
    label: Option<(usize, usize)>,
    /// Amount slots: (token, spaces before it).
    slots: Vec<Tok>,
    /// Spaces before the segment's first token.
    lead: usize,
    /// Character column where the segment's first token starts.
    col_start: usize,
    trailing: usize,
}

impl Segment {
    fn is_empty(&self) -> bool {
        self.code.is_none() && self.label.is_none() && self.slots.is_empty()
    }

    /// The segment's name, taken from the line it was read on.
    fn label_text(&self, line: Line) -> Option<Text> {
        self.label.map(|(a, b)| {
            Text::from_source(&line.text[a - line.span.start..b - line.span.start], a)
        })
    }

    /// In a table with a 行次 column, drop the row numbers from the amounts.
    fn drop_row_numbers(&mut self) {
        // Small integers are 行次 (row numbers), not amounts: the one after each label,
        // and the right half's when its label is empty (`29 16.71 61`). Amounts in these
        // tables are written with decimals.
        self.slots.retain(|t| !is_row_number(t));
    }

    /// In a table whose code column stands right of the name column (a 项目支出 table by
    /// project: `项目名称  科目编码  合计  一般公共预算`), drop the code: a bare integer of 3, 5
    /// or 7 digits (功能分类 2…, 经济分类 3… / 5…) right after the name and before amounts written
    /// with decimals is the code column's cell, not an amount; a code opening the line (the name
    /// wrapped above and below it) is the same column's. The rows are known by their names, as
    /// the delimited reader keeps them. Returns whether the line held a code cell: its row
    /// stands on the line a wrapped name is centred on, as a coded row's does.
    fn drop_code_column(&mut self) -> bool {
        let code_opens = self.code.take().is_some();
        let code_cell = |t: &Tok| {
            let digits = t.int_value.to_string();
            t.kind == Kind::Digits
                && matches!(digits.len(), 3 | 5 | 7)
                && digits.len() == t.end - t.start
                && digits.starts_with(['2', '3', '5'])
        };
        let amounts_follow = self
            .slots
            .iter()
            .skip(1)
            .any(|t| matches!(t.kind, Kind::Num(Some((_, d))) if d > 0));
        if self.label.is_some() && amounts_follow && self.slots.first().is_some_and(code_cell) {
            self.slots.remove(0);
            return true;
        }
        code_opens
    }

    /// In a table whose header names a classification column left of the name column
    /// (`项目类型  项目名称  合计`), take that column's cell off the row's name: the first word
    /// of a line holding amounts, when it starts under the classification's header (by
    /// `TypeColumn`) and is not a total. The PDF centres the cell vertically, so it shares
    /// the middle line of a wrapped name (`特定目标类 和重度残疾人护理补  456.70`) or stands
    /// alone with the amounts (`特定目标类  120.00`), the name above and below it.
    fn take_type_cell(&mut self, line: Line, column: TypeColumn) -> Option<Text> {
        let (a, b) = self.label?;
        if self.slots.is_empty() || self.code.is_some() {
            return None;
        }
        let offset = a.checked_sub(line.span.start)?;
        let text = line.text.get(offset..b - line.span.start)?;
        let start_col = line.text.get(..offset)?.chars().count();
        if is_total_label(&squeeze(text))
            || start_col > column.type_end
            || start_col >= column.name_start
        {
            return None;
        }
        match text.find(char::is_whitespace) {
            Some(k) => {
                let rest = text[k..].trim_start();
                self.label = Some((b - rest.len(), b));
                Some(Text::from_source(&text[..k], a))
            }
            None => {
                self.label = None;
                Some(Text::from_source(text, a))
            }
        }
    }
}

/// Where a classification column left of the name column stands in the header
/// (`项目类型  项目名称`), in character columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TypeColumn {
    /// Just after the classification's header name.
    type_end: usize,
    /// Where the name column's header name starts.
    name_start: usize,
}

/// A header line naming a classification column (`项目类型`, `项目类别`) left of the name
/// column (`项目名称`, `项目`): where the two stand.
fn type_column_before_name(header: &str) -> Option<TypeColumn> {
    let words = header_words(header);
    let at = words
        .iter()
        .position(|(_, _, w)| w.ends_with("类型") || w.ends_with("类别"))?;
    let name = words[at + 1..]
        .iter()
        .find(|(_, _, w)| w.ends_with("名称") || w == "项目")?;
    Some(TypeColumn {
        type_end: words[at].1,
        name_start: name.0,
    })
}

/// Each whitespace-separated word of a header line, with the character columns it starts at
/// and ends before.
fn header_words(header: &str) -> Vec<(usize, usize, String)> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (col, c) in header.chars().chain([' ']).enumerate() {
        if c.is_whitespace() {
            if let Some((start, word)) = current.take() {
                words.push((start, col, word));
            }
        } else {
            current
                .get_or_insert_with(|| (col, String::new()))
                .1
                .push(c);
        }
    }
    words
}

/// A header line naming a code column right of a name column: `项目名称  科目编码  合计`.
fn names_code_after_name(header: &str) -> bool {
    let cells: Vec<String> = header
        .split(char::is_whitespace)
        .filter(|c| !c.is_empty())
        .map(|c| squeeze(c).into_owned())
        .collect();
    let is_code = |c: &String| c.ends_with("编码") || c.ends_with("代码");
    let is_name = |c: &String| c.ends_with("名称") || c == "项目";
    cells
        .iter()
        .position(is_code)
        .is_some_and(|at| cells[..at].iter().any(is_name))
}

fn segments(toks: &[Tok], trailing: usize, two_sided: bool) -> Vec<Segment> {
    let mut segs = vec![Segment::default()];
    for tok in toks {
        let cur = segs.last_mut().expect("segments start non-empty");
        let starts_new = match &tok.kind {
            Kind::Code(..) => !cur.is_empty(),
            Kind::Text => !cur.slots.is_empty() || two_sided && cur.label.is_some() && tok.gap >= 2,
            _ => false,
        };
        if starts_new {
            segs.push(Segment::default());
        }
        let cur = segs.last_mut().expect("segments start non-empty");
        if cur.is_empty() {
            cur.lead = tok.gap;
            cur.col_start = tok.col_end - 1;
        }
        match &tok.kind {
            Kind::Code(code, irregular) => {
                cur.code = Some(SubjectCode {
                    code: code.clone(),
                    span: Span::new(tok.start, tok.end),
                    irregular: *irregular,
                })
            }
            Kind::Text => {
                cur.label = Some(match cur.label {
                    Some((s, _)) => (s, tok.end),
                    None => (tok.start, tok.end),
                })
            }
            Kind::Num(_) | Kind::Digits => cur.slots.push(tok.clone()),
        }
    }
    if let Some(last) = segs.last_mut() {
        last.trailing = trailing;
    }
    segs.retain(|s| !s.is_empty());
    segs
}

/// A row before its numbers are placed.
#[derive(Debug, Clone)]
struct RawRow {
    code: Option<SubjectCode>,
    label: Text,
    slots: Vec<Tok>,
    trailing: usize,
    side: Side,
    /// In a three-part statement, whether the row is in the second expenditure breakdown
    /// (支出用途), read as a table of its own.
    by_use: bool,
    span: Span,
    /// The cell of a classification column left of the name (`特定目标类`), if any.
    type_cell: Option<Text>,
}

impl RawRow {
    /// A row that has a name (and maybe a code) but no numbers: every cell empty.
    fn unnumbered(label: Text, code: Option<SubjectCode>, side: Side) -> RawRow {
        let span = label.span();
        RawRow {
            code,
            label,
            slots: Vec::new(),
            trailing: 0,
            side,
            by_use: false,
            span,
            type_cell: None,
        }
    }

    /// A coded row without numbers; its span covers the code and the name.
    fn unnumbered_coded(label: Text, code: SubjectCode, side: Side) -> RawRow {
        let span = if label.is_empty() {
            code.span
        } else {
            code.span.cover(label.span())
        };
        RawRow {
            span,
            ..RawRow::unnumbered(label, Some(code), side)
        }
    }
}

/// Rows so far are all bare values, without a label or code: a horizontal table.
fn only_values(raw: &[RawRow]) -> bool {
    !raw.is_empty()
        && raw
            .iter()
            .all(|r| r.code.is_none() && r.label.is_empty() && !r.slots.is_empty())
}

fn data_like(segs: &[Segment], source_text: &str, line_start: usize) -> bool {
    let total_row = segs.first().is_some_and(|s| {
        s.label.is_some_and(|(a, b)| {
            is_total_label(&squeeze(&source_text[a - line_start..b - line_start]))
        }) && (segs.len() == 1 || !s.slots.is_empty())
            && (s.trailing >= 2 || !s.slots.is_empty() || segs.len() == 1 && s.lead < 30)
    });
    total_row
        || segs.iter().any(|s| {
            s.code.is_some() || s.slots.iter().any(|t| matches!(t.kind, Kind::Num(Some(_))))
        })
}

/// A small integer among amounts written with decimals: a 行次 or 序号, not an amount.
fn is_row_number(t: &Tok) -> bool {
    t.kind == Kind::Digits && t.end - t.start <= 3
}

/// `十、节能环保支出`, `（三）…`, `3、…`: a label that starts a row of its own, never the
/// wrapped end of the label above.
pub(super) fn starts_enumerated(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{3000}', ' ']);
    let head: String = t
        .chars()
        .take_while(|&c| lines::is_cjk_numeral(c) || c.is_ascii_digit())
        .collect();
    // `（三）…`, `(3)…`; not a wrapped end in brackets (`（一级项目）`, `（本级）`).
    let bracketed = t.strip_prefix(['（', '(']).is_some_and(|rest| {
        let n: usize = rest
            .chars()
            .take_while(|&c| lines::is_cjk_numeral(c) || c.is_ascii_digit())
            .map(char::len_utf8)
            .sum();
        n > 0 && rest[n..].starts_with(['）', ')'])
    });
    (!head.is_empty() && t[head.len()..].starts_with('、'))
        || bracketed
        || t.starts_with(['①', '②', '③', '④', '⑤', '⑥'])
}

/// Read a table whose unit line is `lines[unit_index]`. Returns the table(s) (two for a
/// side-by-side income/expenditure table), furniture lines met inside, and the next line index.
pub(crate) fn read<'a>(
    layout: Layout,
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> (Vec<Table>, Vec<Line<'a>>, usize) {
    let mut reader = TableReader::new(layout, lines, unit_index, is_furniture);
    let mut i = unit_index + 1;
    while i < lines.len() {
        if reader.read_line(i) == Extent::Ends {
            break;
        }
        i += 1;
    }
    let (tables, furniture) = reader.finish();
    (tables, furniture, i)
}

/// Whether the table goes on after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// The line was the table's (or furniture inside it): read the next.
    Continues,
    /// The line is not the table's: the table ended above it.
    Ends,
}

/// The state of reading one table, line by line, from its unit line down.
struct TableReader<'r, 'a> {
    layout: Layout,
    lines: &'r [Line<'a>],
    is_furniture: &'r dyn Fn(&Line) -> bool,
    unit_line: Line<'a>,
    unit: Option<Unit>,
    /// The header lines above the first row, and their indices in `lines`.
    header: Vec<Text>,
    header_lines: Vec<usize>,
    /// Page furniture and page headers met inside the table, handed back to the caller.
    furniture: Vec<Line<'a>>,
    /// The rows read so far, before their numbers are placed.
    raw: Vec<RawRow>,
    /// Whether the first row has been read (what is above it is header).
    in_data: bool,
    /// A 收支总表: income and expenditure side by side.
    two_sided: bool,
    /// The header has a 行次 column: small integers are row numbers, not amounts.
    ordinal_column: bool,
    /// A header line holds `行` alone: a `行次` name broken over the lines of its cell, its `次`
    /// on a line below.
    ordinal_opened: bool,
    /// The header names a code column right of the name column (`项目名称  科目编码  合计`):
    /// the codes are neither amounts nor the rows' keys (see [`Segment::drop_code_column`]).
    code_after_name: bool,
    /// The header names a classification column left of the name column (`项目类型  项目名称`):
    /// its cells are not part of the names (see [`Segment::take_type_cell`]).
    type_column: Option<TypeColumn>,
    /// A name (or the start of one) read on its own line, waiting for its row.
    pending_label: Option<Text>,
    /// A code read on its own line, waiting for its name or numbers.
    pending_code: Option<SubjectCode>,
    /// The last line that started or extended a row.
    last_row_line: Option<usize>,
    /// The last line of the table so far.
    end_span: Span,
    /// Side of a segment: decided by position once we know where right-half labels start.
    right_cols: Vec<usize>,
    /// An aligned 收支总表 is read by parts (see [`statement`]); the header may name two
    /// expenditure breakdowns side by side (`功能分类  支出用途`).
    breakdowns: Option<(usize, usize)>,
    /// The reader of an aligned 收支总表's parts, started at its first row.
    aligned_statement: Option<statement::AlignedStatement>,
}

impl<'r, 'a> TableReader<'r, 'a> {
    /// Ready to read the table whose unit line is `lines[unit_index]`.
    fn new(
        layout: Layout,
        lines: &'r [Line<'a>],
        unit_index: usize,
        is_furniture: &'r dyn Fn(&Line) -> bool,
    ) -> Self {
        let unit_line = lines[unit_index];
        TableReader {
            layout,
            lines,
            is_furniture,
            unit_line,
            unit: lines::unit_line(unit_line.text),
            header: Vec::new(),
            header_lines: Vec::new(),
            furniture: Vec::new(),
            raw: Vec::new(),
            in_data: false,
            two_sided: false,
            ordinal_column: false,
            ordinal_opened: false,
            code_after_name: false,
            type_column: None,
            pending_label: None,
            pending_code: None,
            last_row_line: None,
            end_span: unit_line.span,
            right_cols: Vec::new(),
            breakdowns: None,
            aligned_statement: None,
        }
    }

    /// Read line `i`: the one step that sends each kind of line to the step that takes it.
    fn read_line(&mut self, i: usize) -> Extent {
        let line = self.lines[i];
        if line.text.trim().is_empty() {
            self.blank_line(line);
            return Extent::Continues;
        }
        if self.is_page_furniture(line) {
            // `公开 03 表：支出预算总表` at the top of a page: furniture, and the next table's.
            if lines::form_prefix(line.text.trim()).is_some()
                && matches!(self.interruption_at(i, &[]), Interruption::End)
            {
                return Extent::Ends;
            }
            // Page furniture, or the header printed again at the top of a new page: neither
            // is a row's name.
            self.furniture.push(line);
            return Extent::Continues;
        }
        let segs = self.segments_of(line);
        let is_data = self.holds_data(&segs, line);
        if !is_data {
            match self.interruption_at(i, &segs) {
                Interruption::End => return Extent::Ends,
                Interruption::PageHeader => {
                    self.furniture.push(line);
                    return Extent::Continues;
                }
                Interruption::Continue => {}
            }
            if !self.in_data {
                self.above_first_row(i, line);
                return Extent::Continues;
            }
        }
        self.in_data = true;
        self.end_span = line.span;
        if self.two_sided && self.layout == Layout::Aligned {
            self.statement_line(i, line, segs);
        } else {
            self.data_line(i, line, segs);
        }
        Extent::Continues
    }

    /// An empty line ends nothing, but a line of spaces inside the data is a row of empty cells.
    fn blank_line(&mut self, line: Line) {
        if !line.text.is_empty() && self.in_data {
            // A line of spaces stands for a row of empty cells.
            self.settle_pending_as_empty_row();
        }
    }

    /// A name still waiting for its numbers when none can come: a row of empty cells.
    fn settle_pending_as_empty_row(&mut self) {
        if let Some(label) = self.pending_label.take() {
            self.raw.push(RawRow::unnumbered(
                label,
                self.pending_code.take(),
                Side::Expenditure,
            ));
        }
    }

    /// Whether a line is no part of the table's content: page furniture, or (aligned) the
    /// header repeated at the top of a new page.
    fn is_page_furniture(&self, line: Line) -> bool {
        let repeated_header = self.layout == Layout::Aligned
            && self.in_data
            && super::header::repeats(line.text.trim(), &self.header)
            && !self.spells_sides_elsewhere(line);
        (self.is_furniture)(&line) || repeated_header
    }

    /// A line of a 收支总表's rows that spells its sides' header (`收入 … 支出`) far from where
    /// the header stands: the tails of both halves' wrapped names (`四、上级补助` / `收入`,
    /// `四、城乡社区` / `支出`), printed under their labels, not the header again.
    fn spells_sides_elsewhere(&self, line: Line) -> bool {
        let trimmed = line.text.trim();
        if !self.two_sided || !is_two_sided_header(trimmed) {
            return false;
        }
        let indent = |s: &str| s.chars().take_while(|c| c.is_whitespace()).count();
        let at = indent(line.text);
        !self.header_lines.iter().any(|&i| {
            let header = self.lines[i].text;
            crate::model::same_squeezed(header, trimmed) && indent(header).abs_diff(at) <= 8
        })
    }

    /// A line's cells, grouped into segments: a row, or each half's row in a 收支总表.
    fn segments_of(&self, line: Line) -> Vec<Segment> {
        let (mut toks, trailing) = tokenize(line.text, line.span.start);
        mark_codes(&mut toks, line.text, line.span.start);
        if self.two_sided {
            statement::split_enumerated_cells(&mut toks, line.text, line.span.start);
        }
        segments(&toks, trailing, self.two_sided)
    }

    /// Whether a line holds a row's data (a code, an amount, a total) rather than a header,
    /// a wrapped name or prose.
    fn holds_data(&self, segs: &[Segment], line: Line) -> bool {
        data_like(segs, line.text, line.span.start)
            || self.two_sided
                && self.layout == Layout::Aligned
                && statement::starts_statement_row(segs, line.text, line.span.start)
    }

    /// Where the table ends: what a line without data means for it.
    fn interruption_at(&self, i: usize, segs: &[Segment]) -> Interruption {
        if self.layout == Layout::Aligned
            && only_values(&self.raw)
            && segs.iter().any(|s| s.label.is_some())
        {
            // Text under a horizontal table's values is prose, not the row's name.
            return Interruption::End;
        }
        interruption(self.lines, i, self.is_furniture)
    }

    /// A line before the first row: a header line, or the start of the first row's name.
    fn above_first_row(&mut self, i: usize, line: Line) {
        let trimmed = line.text.trim();
        if next_is_unnamed_code_row(self.lines, i) && !trimmed.contains(char::is_whitespace) {
            // The first part of the first row's name, centred above its code line.
            self.pending_label = Some(trimmed_text(line));
            return;
        }
        self.header_line(i, line);
    }

    /// A header line: kept for the column names, and the evidence of a 收支总表, a 行次
    /// column and two expenditure breakdowns.
    fn header_line(&mut self, i: usize, line: Line) {
        let trimmed = line.text.trim();
        let sq = squeeze(trimmed);
        if is_two_sided_header(trimmed) {
            self.two_sided = true;
        }
        // A 行次 column, or a 序号 column left of the names (a 项目支出决算表 by project).
        if sq.contains("行次") || sq.starts_with("序号") {
            self.ordinal_column = true;
        }
        let alone = |word: &str| trimmed.split_whitespace().any(|w| w == word);
        if self.ordinal_opened && alone("次") {
            self.ordinal_column = true;
        }
        self.ordinal_opened |= alone("行");
        self.code_after_name |= names_code_after_name(trimmed);
        if self.layout == Layout::Aligned && !self.two_sided {
            self.type_column = self
                .type_column
                .or_else(|| type_column_before_name(line.text));
        }
        self.header_lines.push(i);
        self.breakdowns = self
            .breakdowns
            .or_else(|| statement::expenditure_breakdowns(line.text));
        self.header.push(trimmed_text(line));
        self.end_span = line.span;
    }

    /// A data line of an aligned 收支总表, which is read by parts (see [`statement`]).
    fn statement_line(&mut self, i: usize, line: Line, mut segs: Vec<Segment>) {
        let (lines, is_furniture, breakdowns) = (self.lines, self.is_furniture, self.breakdowns);
        let reader = self.aligned_statement.get_or_insert_with(|| {
            statement::AlignedStatement::new(statement::PartColumns::scan(
                lines,
                i,
                is_furniture,
                breakdowns,
            ))
        });
        if self.ordinal_column {
            // 行次 (row numbers) are not amounts; see [`Segment::drop_row_numbers`].
            for seg in &mut segs {
                seg.drop_row_numbers();
            }
        }
        reader.read_line(segs, line.text, line.span.start, i);
    }

    /// A data line of any other table: each segment placed as a row, or kept for the next.
    fn data_line(&mut self, i: usize, line: Line, mut segs: Vec<Segment>) {
        if self.ordinal_column && !self.two_sided {
            // A 序号 cell standing apart from the name right of it (`2  镇容镇貌综合整治
            // 180,000.00 …`) is no segment of its own.
            segs.retain(|s| {
                s.code.is_some() || s.label.is_some() || s.slots.iter().any(|t| !is_row_number(t))
            });
        }
        let n_segs = segs.len();
        let rows_before = self.raw.len();
        let mut extended = false;
        for (k, seg) in segs.into_iter().enumerate() {
            extended |= self.take_segment(i, line, k, n_segs, seg);
        }
        if self.raw.len() != rows_before || extended {
            self.last_row_line = Some(i);
        }
    }

    /// The `k`-th of a line's `n_segs` segments: a code or a name kept for the rows below, the
    /// rest of the row above, or a row. Returns whether it extended the row above.
    fn take_segment(
        &mut self,
        i: usize,
        line: Line,
        k: usize,
        n_segs: usize,
        mut seg: Segment,
    ) -> bool {
        let type_cell = self
            .type_column
            .and_then(|column| seg.take_type_cell(line, column));
        let label_text = seg.label_text(line);
        if self.ordinal_column {
            seg.drop_row_numbers();
        }
        // A classification cell, like a code cell right of the names, stands on the line a
        // wrapped name is centred on.
        let code_cell = self.code_after_name && seg.drop_code_column() || type_cell.is_some();
        let only_label = seg.code.is_none() && seg.slots.is_empty();
        let only_code = seg.label.is_none() && seg.slots.is_empty() && seg.code.is_some();
        if only_code && k + 1 == n_segs {
            self.code_only(seg.code.take());
            return false;
        }
        // In plain text a label followed by a run of spaces is a row of empty cells; a
        // label without them is a wrapped piece of the next row's label.
        let empty_row = self.layout == Layout::Plain && seg.trailing >= 2;
        if only_label && n_segs == 1 && !empty_row {
            if let Some(label_text) = label_text {
                self.label_only(i, label_text);
            }
            return false;
        }
        let side = self.side_of(&seg, k, n_segs, label_text.as_ref());
        if k == 0 && self.continues_coded_row(i, &seg, label_text.as_ref()) {
            return self.extend_coded_row(seg, label_text.as_ref());
        }
        self.place_row(line, seg, label_text, side, code_cell);
        if let Some(row) = self.raw.last_mut() {
            row.type_cell = type_cell;
        }
        false
    }

    /// A code that ends its line without a name or numbers: they come on the lines below.
    fn code_only(&mut self, code: Option<SubjectCode>) {
        // A code while another waits for its numbers: the waiting row has none here (plain
        // text may emit its amount further down); keep it as a row rather than lose it.
        if let Some(waiting) = self.pending_code.take() {
            let label = self.pending_label.take().unwrap_or_default();
            self.raw
                .push(RawRow::unnumbered_coded(label, waiting, Side::Expenditure));
        }
        self.pending_code = code;
    }

    /// A line holding only a name: a row of its own to come, the end of the name above, or
    /// a piece of the name below.
    fn label_only(&mut self, i: usize, label_text: Text) {
        if starts_enumerated(&label_text.text) {
            self.settle_pending_as_empty_row();
            self.pending_label = Some(label_text);
            return;
        }
        // Right under a row it is the end of that row's name, unless the next line is
        // a coded row without a name of its own: then it is the start of that one's; or
        // unless that row is the total: `合计` is a whole name, so what follows it starts
        // the next row's name, centred on its amounts (`合计  506.69` /
        // `水产养殖新品种新技术示范` / `推广与渔民实用技术培训项  2130106  45.68` / `目`).
        let follows_row = self.last_row_line == Some(i.wrapping_sub(1))
            && self.pending_label.is_none()
            && !next_is_unnamed_code_row(self.lines, i)
            && !self.next_is_unnamed_typed_row(i)
            && !self.next_is_unnamed_row(i)
            && !self
                .raw
                .last()
                .is_some_and(|r| is_total_label(&squeeze(&r.label.text)));
        if self.layout == Layout::Aligned && follows_row {
            if let Some(row) = self.raw.last_mut() {
                row.label.push(&label_text.text, label_text.span().start);
                row.span = row.span.cover(label_text.span());
                return;
            }
        }
        // Plain text, one cell per line: a name right after a coded row that has its
        // amounts but no name is that row's (`302` / `1579.38` / `商品和服务支出`).
        let names_row_above = self.layout == Layout::Plain
            && self.pending_label.is_none()
            && self.pending_code.is_none()
            && self.last_row_line == Some(previous_nonblank(self.lines, i, self.is_furniture))
            && self
                .raw
                .last()
                .is_some_and(|r| r.code.is_some() && r.label.is_empty() && !r.slots.is_empty());
        if names_row_above {
            if let Some(row) = self.raw.last_mut() {
                row.span = row.span.cover(label_text.span());
                row.label = label_text;
                return;
            }
        }
        match &mut self.pending_label {
            Some(p) => p.push(&label_text.text, label_text.span().start),
            None => self.pending_label = Some(label_text),
        }
    }

    /// Whether the line after `i` holds a row's classification cell and amounts but no name:
    /// the name is wrapped around it, so line `i` starts that row's name (`社区党群服务中心运` /
    /// `其他运转类  456.00` / `行经费`), even right under another row.
    fn next_is_unnamed_typed_row(&self, i: usize) -> bool {
        let (Some(column), Some(&next)) = (self.type_column, self.lines.get(i + 1)) else {
            return false;
        };
        let mut segs = self.segments_of(next);
        segs.first_mut().is_some_and(|s| {
            s.take_type_cell(next, column).is_some() && s.label.is_none() && s.code.is_none()
        })
    }

    /// Whether the line after `i` holds only amounts: a row whose name is wrapped around them,
    /// two lines centred on one (`林业有害生物防` / `654.32  654.32` / `治`), so line `i` starts
    /// that row's name, even right under another row.
    fn next_is_unnamed_row(&self, i: usize) -> bool {
        let Some(&next) = self.lines.get(i + 1) else {
            return false;
        };
        if self.is_page_furniture(next) {
            return false;
        }
        matches!(self.segments_of(next).as_slice(),
            [s] if s.label.is_none() && s.code.is_none() && !s.slots.is_empty())
    }

    /// Which half of a 收支总表 the `k`-th of a line's `n_segs` segments is in: in plain text
    /// by its lead and name, in aligned text by its column.
    fn side_of(
        &mut self,
        seg: &Segment,
        k: usize,
        n_segs: usize,
        label_text: Option<&Text>,
    ) -> Side {
        if k == 1 {
            self.right_cols.push(seg.col_start);
            Side::Expenditure
        } else if self.layout == Layout::Plain {
            // Alone on its line, an expenditure line (`八、城乡社区支出 119,385,303`) is the
            // right half's even when no run of spaces shows its empty left cells.
            let expenditure_line =
                n_segs == 1 && label_text.is_some_and(|l| squeeze(&l.text).ends_with("支出"));
            if seg.lead >= 2 || seg.label.is_none() && seg.code.is_none() || expenditure_line {
                Side::Expenditure
            } else {
                Side::Income
            }
        } else if self
            .right_cols
            .iter()
            .min()
            .is_some_and(|&c| seg.col_start + 6 >= c)
            && seg.col_start > 10
        {
            Side::Expenditure
        } else {
            Side::Income
        }
    }

    /// Whether a line's first segment carries on the coded row above rather than starting one.
    fn continues_coded_row(&self, i: usize, seg: &Segment, label_text: Option<&Text>) -> bool {
        // `2080505 机关事业单位基本养老保险缴费` / `支出 198.36 198.36`: the wrapped end of a
        // coded row's name arrives with its numbers on the next line.
        seg.code.is_none()
            && self.pending_code.is_none()
            && self.pending_label.is_none()
            && !seg.slots.is_empty()
            && self.last_row_line == Some(previous_nonblank(self.lines, i, self.is_furniture))
            && label_text
                .is_some_and(|l| !starts_enumerated(&l.text) && !is_total_label(&squeeze(&l.text)))
            && self
                .raw
                .last()
                .is_some_and(|r| r.code.is_some() && r.slots.is_empty())
    }

    /// The coded row above takes the rest of its name and its numbers. Returns whether it did.
    fn extend_coded_row(&mut self, seg: Segment, label_text: Option<&Text>) -> bool {
        let (Some(row), Some(l)) = (self.raw.last_mut(), label_text) else {
            return false;
        };
        row.label.push(&l.text, l.span().start);
        row.span = row.span.cover(l.span());
        for t in &seg.slots {
            row.span = row.span.cover(Span::new(t.start, t.end));
        }
        row.slots = seg.slots;
        row.trailing = seg.trailing;
        true
    }

    /// A segment as a row of its own, with the name and code waiting from the lines above.
    /// `code_cell`: the line held the cell of a code column right of the names, dropped.
    fn place_row(
        &mut self,
        line: Line,
        mut seg: Segment,
        label_text: Option<Text>,
        side: Side,
        code_cell: bool,
    ) {
        let coded = seg.code.is_some() || code_cell;
        let label = self.join_pending_name(label_text.unwrap_or_default(), coded, side);
        let code = seg.code.take().or_else(|| self.pending_code.take());
        let span = row_span(code.as_ref(), &label, &seg.slots, line.span);
        self.raw.push(RawRow {
            code,
            label,
            slots: seg.slots,
            trailing: seg.trailing,
            side,
            by_use: false,
            span,
            type_cell: None,
        });
    }

    /// A row's name with the name waiting above it: joined, taken instead, or (when they
    /// cannot be one name) the waiting one settled as a row of its own.
    fn join_pending_name(&mut self, mut label: Text, coded: bool, side: Side) -> Text {
        if let Some(mut p) = self.pending_label.take() {
            let code_here = coded || self.pending_code.is_some();
            if code_here && is_total_label(&squeeze(&p.text)) {
                // `合计` never names a coded row: it is the total row, whose amount plain
                // text may have put before it.
                self.raw.push(RawRow::unnumbered(p, None, side));
            } else if label.is_empty() {
                label = p;
            } else if self.layout == Layout::Aligned && coded {
                // A name centred on its row: the first part above the code line.
                p.push(&label.text, label.span().start);
                label = p;
            } else {
                self.raw.push(RawRow::unnumbered(p, None, side));
            }
        }
        label
    }

    /// The rows read, built into the table or (a 收支总表) its parts; and the furniture met.
    fn finish(mut self) -> (Vec<Table>, Vec<Line<'a>>) {
        self.settle_pending_as_empty_row();
        if let Some(reader) = self.aligned_statement.take() {
            self.raw.extend(reader.finish(self.lines));
        }
        let table_span = Span::new(
            self.unit_line.span.start,
            self.end_span.end.max(self.unit_line.span.end),
        );
        let tables = self
            .parts()
            .into_iter()
            .map(|(side, by_use)| self.build_part(side, by_use, table_span))
            .collect();
        (tables, self.furniture)
    }

    /// Which tables the rows make: (side, second expenditure breakdown) for each.
    fn parts(&self) -> Vec<(Option<Side>, bool)> {
        // The parts: the table, or the income and expenditure halves, and a second expenditure
        // breakdown when the statement has one.
        let mut sides: Vec<(Option<Side>, bool)> = if self.two_sided {
            vec![
                (Some(Side::Income), false),
                (Some(Side::Expenditure), false),
            ]
        } else {
            vec![(None, false)]
        };
        if self.two_sided && self.raw.iter().any(|r| r.by_use) {
            sides.push((Some(Side::Expenditure), true));
        }
        sides
    }

    /// One part's table: its rows, under the columns its header declares.
    fn build_part(&self, side: Option<Side>, by_use: bool, table_span: Span) -> Table {
        let (layout, lines, unit) = (self.layout, self.lines, self.unit);
        let rows: Vec<RawRow> = self
            .raw
            .iter()
            .filter(|r| side.is_none_or(|s| r.side == s) && r.by_use == by_use)
            .cloned()
            .collect();
        // A horizontal table's header is read by `read_horizontal` below; a side-by-side
        // table's header names both halves.
        let horizontal = layout == Layout::Aligned && only_values(&rows);
        let declared = (!self.two_sided && !horizontal)
            .then(|| {
                let cells: Vec<Vec<ValueCell>> = rows
                    .iter()
                    .map(|r| r.slots.iter().map(|t| value_cell(t, unit)).collect())
                    .collect();
                super::header::read_columns(layout, lines, &self.header_lines, &cells)
            })
            .flatten();
        let three_parts = self.raw.iter().any(|r| r.by_use);
        let half = side.filter(|_| self.two_sided && !three_parts && layout == Layout::Aligned);
        // Read when the header line naming both halves alike (`name_half_columns`) does not.
        let half_declared = half.and_then(|side| self.half_columns(side, &rows));
        let mut table = build_table(
            layout,
            unit,
            side,
            self.header.clone(),
            declared,
            rows.clone(),
            table_span,
        );
        super::header::read_horizontal(&mut table, lines, &self.header_lines);
        if let (Some(side), false) = (side, three_parts) {
            name_half_columns(&mut table, side);
        }
        let unnamed = table.columns.iter().any(|c| c.leaf.starts_with('列'));
        if let (Some(declared), true) = (half_declared, unnamed) {
            let named = build_table(
                layout,
                unit,
                side,
                self.header.clone(),
                Some(declared),
                rows,
                table_span,
            );
            if half_reading_holds(&named, &table) {
                table = named;
            }
        }
        table
    }

    /// The columns of one half of an aligned 收支总表, read from its own part of the header:
    /// the header lines with the other half's columns blanked out, left or right of where the
    /// expenditure's label column (`项目`) starts on the line naming both halves' labels
    /// (`项目  预算数  项目  合计  一般公共预算 …`). `None` when no header line names both.
    fn half_columns(&self, side: Side, rows: &[RawRow]) -> Option<HeaderColumns> {
        let lines = self.lines;
        let split = self.header_lines.iter().find_map(|&i| {
            let labels: Vec<usize> = header_words(lines.get(i)?.text)
                .into_iter()
                .filter(|(_, _, w)| matches!(w.as_str(), "项目" | "项目名称"))
                .map(|(start, _, _)| start)
                .collect();
            match labels.as_slice() {
                [_, right] => Some(*right),
                _ => None,
            }
        })?;
        // Each character of the other half becomes a blank as wide (an ideographic space for
        // a wide one), so both measures of the header keep their columns.
        let blanked: Vec<(usize, String)> = self
            .header_lines
            .iter()
            .filter_map(|&i| lines.get(i).map(|l| (i, l.text)))
            .filter(|(_, text)| !is_two_sided_header(text.trim()))
            .map(|(i, text)| {
                let kept = text
                    .chars()
                    .enumerate()
                    .map(
                        |(col, c)| match (col < split) == (side == Side::Expenditure) {
                            false => c,
                            true if c.width() == Some(2) => '\u{3000}',
                            true => ' ',
                        },
                    )
                    .collect();
                (i, kept)
            })
            .collect();
        let mut half_lines: Vec<Line> = lines.to_vec();
        for (i, text) in &blanked {
            half_lines[*i].text = text;
        }
        let header_lines: Vec<usize> = blanked.iter().map(|(i, _)| *i).collect();
        let cells: Vec<Vec<ValueCell>> = rows
            .iter()
            .map(|r| r.slots.iter().map(|t| value_cell(t, self.unit)).collect())
            .collect();
        super::header::read_columns(self.layout, &half_lines, &header_lines, &cells)
    }
}

/// Whether a half of a 收支总表 read under its own header's columns is the better reading:
/// every column named, under one caption or none, no row less certain than before, and a first
/// column named as a total
/// (`合计`) equal to the sum of the others in every row that has both.
fn half_reading_holds(named: &Table, plain: &Table) -> bool {
    let unnamed = named.columns.iter().any(|c| c.leaf.starts_with('列'));
    let ambiguous = |t: &Table| {
        t.rows
            .iter()
            .filter(|r| r.certainty == Certainty::Ambiguous)
            .count()
    };
    // A caption over the half's columns stands over all of them (`预算数`); one over some
    // only is a wrapped name misread as a parent (`政府性基金预` / `算` beside `合计`).
    let caption = |c: &Column| {
        c.name
            .rsplit_once('/')
            .map_or("", |(head, _)| head)
            .to_string()
    };
    let one_caption = named.columns.iter().all(|c| {
        named
            .columns
            .first()
            .is_some_and(|f| caption(f) == caption(c))
    });
    if unnamed || !one_caption || named.columns.is_empty() || ambiguous(named) > ambiguous(plain) {
        return false;
    }
    let total_first = named
        .columns
        .first()
        .is_some_and(|c| is_total_label(&c.leaf) || c.leaf == "小计");
    if !total_first || named.columns.len() < 2 {
        return named.columns.len() == plain.columns.len();
    }
    named.rows.iter().all(|r| {
        let mut total = None;
        let mut parts = Decimal::ZERO;
        let mut any_part = false;
        for (v, &c) in r.values.iter().zip(&r.placement) {
            if c == 0 {
                total = Some(v.value);
            } else {
                parts += v.value;
                any_part = true;
            }
        }
        total.is_none_or(|t| !any_part || t == parts)
    })
}

/// Name a half's columns from a header line naming both halves' alike, once each
/// (`项目  2024 年预算数  2025 年预算数  增减  项目  2024 年预算数  2025 年预算数  增减`): the
/// first half of the names is the income side's, the second the expenditure side's. The year is
/// kept where the names differ only by it (上年 and 本年 side by side). Columns already named,
/// or a header line naming another count, leave the half as it was.
fn name_half_columns(table: &mut Table, side: Side) {
    let k = table.columns.len();
    let unnamed = |t: &Table| {
        t.columns
            .iter()
            .enumerate()
            .all(|(i, c)| c.leaf == format!("列{}", i + 1))
    };
    if k == 0 || !unnamed(table) {
        return;
    }
    let names = table.header.iter().rev().find_map(|line| {
        // Cells as the header reader cuts them: two spaces apart, or one space between two
        // Chinese characters (`上年预算数 本年预算数`: two names in narrow cells).
        let cells: Vec<String> =
            super::header::pieces(&line.text, 0, super::header::Measure::Display)
                .into_iter()
                .map(|p| p.text)
                .filter(|c| !c.is_empty() && !is_label_header(c))
                .collect();
        (cells.len() == 2 * k
            && cells[..k] == cells[k..]
            && cells.iter().all(|c| parse_amount(c).is_none()))
        .then_some(cells)
    });
    let Some(names) = names else {
        return;
    };
    let half = match side {
        Side::Income => &names[..k],
        Side::Expenditure => &names[k..],
    };
    let stripped: Vec<String> = half.iter().map(|n| strip_year(n)).collect();
    let distinct = stripped
        .iter()
        .enumerate()
        .all(|(i, n)| !stripped[..i].contains(n));
    let chosen = if distinct { stripped } else { half.to_vec() };
    table.columns = chosen
        .into_iter()
        .enumerate()
        .map(|(i, n)| Column::amount(i, Some(n)))
        .collect();
}

/// A row's span: from its code (or its first cell) to its last cell; the whole line when it
/// has neither.
fn row_span(code: Option<&SubjectCode>, label: &Text, slots: &[Tok], line: Span) -> Span {
    let mut span = Span::new(code.map(|c| c.span.start).unwrap_or(usize::MAX), 0);
    for s in [label.span()]
        .into_iter()
        .chain(slots.iter().map(|t| Span::new(t.start, t.end)))
    {
        if s.end > 0 {
            span = if span.end == 0 {
                Span::new(span.start.min(s.start), s.end)
            } else {
                span.cover(s)
            };
        }
    }
    if let Some(c) = code {
        span = span.cover(c.span);
    }
    if span.end == 0 {
        span = line;
    }
    span
}

/// A line's text without the spaces around it, with its place in the source.
fn trimmed_text(line: Line) -> Text {
    let text = line.text;
    Text::from_source(
        text.trim(),
        line.span.start + (text.len() - text.trim_start().len()),
    )
}

/// `收入 支出`, `本年收入 本年支出`, `财政拨款收入 财政拨款支出`: the header over the two halves
/// of a 收支总表. Not a row of column names (`项目 本年收入 本年支出`).
fn is_two_sided_header(line: &str) -> bool {
    let squeezed = squeeze(line);
    if squeezed.starts_with("收入") && squeezed.ends_with("支出") && squeezed.chars().count() <= 10
    {
        return true;
    }
    let short = |s: &str| s.chars().count() <= 6;
    match line.split_whitespace().collect::<Vec<_>>().as_slice() {
        [income, expenditure] => {
            short(income)
                && short(expenditure)
                && income.ends_with("收入")
                && expenditure.ends_with("支出")
        }
        _ => false,
    }
}

/// Whether the line after `i` is a coded row whose name is not on its own line.
fn next_is_unnamed_code_row(lines: &[Line], i: usize) -> bool {
    let Some(next) = lines.get(i + 1) else {
        return false;
    };
    let (mut toks, trailing) = tokenize(next.text, next.span.start);
    mark_codes(&mut toks, next.text, next.span.start);
    segments(&toks, trailing, false)
        .first()
        .is_some_and(|s| s.code.is_some() && s.label.is_none())
}

/// The index of the last line before `i` that is neither blank nor furniture.
fn previous_nonblank(lines: &[Line], i: usize, is_furniture: &dyn Fn(&Line) -> bool) -> usize {
    (0..i)
        .rev()
        .find(|&j| !lines[j].is_blank() && !is_furniture(&lines[j]))
        .unwrap_or(usize::MAX)
}

/// What a line that holds no table data means for the table being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interruption {
    /// A note, a new title or unit line, a heading, a sentence: the table is over.
    End,
    /// A page header printed in the middle of the table (`第二部分 2024年部门预算报表`, or the
    /// table's own title repeated on a new page) followed by more rows.
    PageHeader,
    /// A header or label line of this table.
    Continue,
}

fn interruption(lines: &[Line], i: usize, is_furniture: &dyn Fn(&Line) -> bool) -> Interruption {
    let t = lines[i].text.trim();
    // `表3（续表）` at the top of a page: the rest of this table follows, its header repeated.
    if lines::is_continuation_mark(t) {
        return Interruption::PageHeader;
    }
    if is_note(t) || lines::unit_line(t).is_some() || t.contains('。') {
        return Interruption::End;
    }
    // `公开 03 表：支出预算总表`: a form number and a title on one line, with or without the
    // page break that usually comes before it.
    if numbered_heading_level(t) == Some(1) || is_table_title(t) || lines::form_prefix(t).is_some()
    {
        // A new table's title is followed by its form number, unit or header, never by rows.
        let next = lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank() && !is_furniture(l));
        let row_follows = next.is_some_and(|l| {
            let (toks, _) = tokenize(l.text, l.span.start);
            // Trailing spaces are the empty cells of a row, unless the line is the new
            // table's form number, unit or department line (text extraction may pad any line).
            let padded = l.text.trim_end().len() + 2 <= l.text.len()
                && !lines::is_form_number(l.text)
                && !lines::is_table_meta(l.text);
            toks.iter().any(|t| matches!(t.kind, Kind::Num(Some(_)))) || padded
        });
        return if row_follows {
            Interruption::PageHeader
        } else {
            Interruption::End
        };
    }
    Interruption::Continue
}

/// Column names from a header line when it names exactly `k` amount columns.
/// A header cell over the rows' labels or codes, not over an amount column.
fn is_label_header(cell: &str) -> bool {
    LABEL_HEADERS.contains(&cell)
}

const LABEL_HEADERS: &[&str] = &[
    "项目",
    "科目编码",
    "科目名称",
    "功能分类",
    "经济分类",
    "收入科目编码",
    "支出科目编码",
    "单位名称",
    "项目名称",
    "部门预算支出经济科目名称",
    "政府预算支出经济科目名称",
    "行次",
    "栏次",
    "序号",
    "科目代码",
];

fn column_names(header: &[String], k: usize) -> Option<Vec<String>> {
    for (at, line) in header.iter().enumerate().rev() {
        let names: Vec<String> = line
            .split(char::is_whitespace)
            .map(str::trim)
            .filter(|t| !t.is_empty() && !LABEL_HEADERS.contains(t))
            .map(strip_year)
            .collect();
        if names.len() == k
            && names
                .iter()
                .all(|n| !n.is_empty() && parse_amount(n).is_none())
        {
            // The header goes on naming columns below this line (`国有资本经营预` / `算` /
            // `单位资金` under `合计 一般公共预算 政府性基金`, a name wrapped in its cell, or
            // text squeezed to one space between cells): the line names only some of the
            // columns, and the rows' widest count is not the header's. Which of the columns
            // the amounts stand in is not known: the columns stay unnamed.
            return (named_below(&header[at..]) <= k).then_some(names);
        }
    }
    None
}

/// How many column names the header lines `below` give from the first on, the pieces of a name
/// wrapped in its cell (`政府性基` / `金`) joined into one.
fn named_below(below: &[String]) -> usize {
    let lines: Vec<&str> = below.iter().map(String::as_str).collect();
    super::header::plain::names(&lines)
        .iter()
        .filter(|n| !LABEL_HEADERS.contains(&n.as_str()) && n.chars().any(super::lines::is_han))
        .count()
}

/// The leaves of column paths without their year ([`strip_year`]), except where that would give
/// two columns one name: `2024年预算数` and `2025年预算数` side by side stay apart (上年 and 本年).
pub(crate) fn strip_leaf_years(paths: &mut [Vec<String>]) {
    let stripped: Vec<Vec<String>> = paths
        .iter()
        .map(|path| {
            let mut path = path.clone();
            if let Some(leaf) = path.last_mut() {
                *leaf = strip_year(leaf);
            }
            path
        })
        .collect();
    // How many columns each stripped path would name: a clash is another column with it.
    let mut named: std::collections::HashMap<&[String], usize> = std::collections::HashMap::new();
    for path in &stripped {
        *named.entry(path.as_slice()).or_default() += 1;
    }
    for (i, path) in paths.iter_mut().enumerate() {
        let clash = named[stripped[i].as_slice()] > 1 && *path != stripped[i];
        if !clash {
            *path = stripped[i].clone();
        }
    }
}

/// `2024年合计` → `合计`, `2025年预算数` → `预算数`: header names without the year.
pub(crate) fn strip_year(name: &str) -> String {
    let name = squeeze(name);
    let digits = name.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 {
        let rest = &name[4..];
        let rest = rest
            .strip_prefix("年度")
            .or(rest.strip_prefix('年'))
            .unwrap_or(rest);
        if !rest.is_empty() {
            return rest.to_string();
        }
    }
    name.into_owned()
}

/// How many cells a plain-text row spans, counting the empty cells its runs of spaces stand for.
fn slot_count(row: &RawRow) -> usize {
    let gaps: usize = row
        .slots
        .iter()
        .skip(1)
        .map(|t| t.gap.saturating_sub(1))
        .sum();
    row.slots.len() + gaps + row.trailing.saturating_sub(1)
}

/// A value slot as the header reader takes it: its span and number.
fn value_cell(t: &Tok, unit: Option<Unit>) -> ValueCell {
    let number = match t.kind {
        Kind::Num(Some((value, decimals))) => Some((value, decimals)),
        Kind::Digits => Some((t.int_value, 0)),
        _ => None,
    };
    ValueCell {
        span: Span::new(t.start, t.end),
        number: number.map(|(value, decimals)| Number {
            value,
            decimals,
            span: Span::new(t.start, t.end),
            unit,
        }),
    }
}

/// Build a table from its rows. `declared`, the columns its header declares, sets the count,
/// the names and (aligned text) each row's placement; without it the count is the rows', and
/// the names those of a header line naming as many (not for a half of a side-by-side table,
/// whose header names both halves).
fn build_table(
    layout: Layout,
    unit: Option<Unit>,
    side: Option<Side>,
    header: Vec<Text>,
    declared: Option<HeaderColumns>,
    raw: Vec<RawRow>,
    span: Span,
) -> Table {
    let (declared_columns, positions) = match declared {
        Some(d) => (Some(d.columns), d.placements),
        None => (None, None),
    };
    let k = declared_columns
        .as_ref()
        .map_or_else(|| column_count(layout, &raw), Vec::len);
    let columns = declared_columns.unwrap_or_else(|| fallback_columns(&header, side, k));
    let mut rows = Vec::with_capacity(raw.len());
    let mut anchors: Vec<usize> = Vec::new();
    for (index, r) in raw.into_iter().enumerate() {
        let by_position = positions
            .as_ref()
            .and_then(|p| p.get(index))
            .and_then(Option::as_ref);
        if r.slots.len() == k && layout == Layout::Aligned {
            anchors = r.slots.iter().map(|t| t.col_end).collect();
        }
        let (placement, certainty, candidates) = placement(layout, &r, k, by_position, &anchors);
        rows.push(placed_row(r, &placement, certainty, candidates, unit));
    }
    Table {
        title: None,
        form: None,
        unit,
        side,
        header,
        columns,
        rows,
        span,
        no_data: false,
        doubts: Vec::new(),
        layout,
    }
}

/// How many amount columns a table without declared columns has: its widest row, or in plain
/// text the count most rows span if more.
fn column_count(layout: Layout, raw: &[RawRow]) -> usize {
    let max_values = raw.iter().map(|r| r.slots.len()).max().unwrap_or(0);
    match layout {
        Layout::Plain => {
            let mut counts = std::collections::BTreeMap::new();
            for r in raw.iter().filter(|r| !r.slots.is_empty()) {
                *counts.entry(slot_count(r)).or_insert(0usize) += 1;
            }
            let mode = counts
                .iter()
                .max_by_key(|(n, c)| (**c, std::cmp::Reverse(**n)))
                .map(|(n, _)| *n)
                .unwrap_or(0);
            mode.max(max_values)
        }
        _ => max_values,
    }
}

/// The `k` columns of a table whose header declares none: named after a header line naming
/// as many, else `列1`, `列2`, ….
fn fallback_columns(header: &[Text], side: Option<Side>, k: usize) -> Vec<Column> {
    let header_names: Vec<String> = match side {
        Some(_) => Vec::new(),
        None => header.iter().map(|h| h.text.clone()).collect(),
    };
    let names = column_names(&header_names, k);
    (0..k)
        .map(|c| Column::amount(c, names.as_ref().map(|n| n[c].clone())))
        .collect()
}

/// The columns a row's numbers go in, how sure that is, and (when it is not) every
/// placement possible: by the header's positions, by count, by evidence, or none of these.
fn placement(
    layout: Layout,
    r: &RawRow,
    k: usize,
    by_position: Option<&Vec<Vec<usize>>>,
    anchors: &[usize],
) -> (Vec<usize>, Certainty, Vec<Vec<usize>>) {
    let m = r.slots.len();
    if let Some(placements) = by_position {
        // Placed under the header's columns by where the cells stand.
        match placements.as_slice() {
            [only] if m == k => (only.clone(), Certainty::Exact, Vec::new()),
            [only] if m == 0 => (only.clone(), Certainty::Exact, Vec::new()),
            [only] => (only.clone(), Certainty::Aligned, Vec::new()),
            several => (
                several.first().cloned().unwrap_or_default(),
                Certainty::Ambiguous,
                several.to_vec(),
            ),
        }
    } else if m == k {
        ((0..k).collect(), Certainty::Exact, Vec::new())
    } else if m == 0 {
        (Vec::new(), Certainty::Exact, Vec::new())
    } else if let Some(p) = by_evidence(layout, r, k, anchors) {
        let certainty = if layout == Layout::Aligned {
            Certainty::Aligned
        } else {
            Certainty::Spacing
        };
        (p, certainty, Vec::new())
    } else {
        let all = super::resolve::ordered_placements(m, k);
        (
            all.first().cloned().unwrap_or_default(),
            Certainty::Ambiguous,
            all,
        )
    }
}

/// A row of the model: its numbers in the columns `placement` gives them, not-applicable
/// marks apart.
fn placed_row(
    r: RawRow,
    placement: &[usize],
    certainty: Certainty,
    candidates: Vec<Vec<usize>>,
    unit: Option<Unit>,
) -> Row {
    let mut values = Vec::new();
    let mut value_placement = Vec::new();
    let mut not_applicable = Vec::new();
    for (t, &col) in r.slots.iter().zip(placement) {
        match t.kind {
            Kind::Num(Some((value, decimals))) => {
                values.push(Number {
                    value,
                    decimals,
                    span: Span::new(t.start, t.end),
                    unit,
                });
                value_placement.push(col);
            }
            Kind::Digits => {
                values.push(Number {
                    value: t.int_value,
                    decimals: 0,
                    span: Span::new(t.start, t.end),
                    unit,
                });
                value_placement.push(col);
            }
            _ => not_applicable.push(col),
        }
    }
    let candidates = if certainty == Certainty::Ambiguous && not_applicable.is_empty() {
        candidates
    } else {
        Vec::new()
    };
    let cells = (!r.label.is_empty())
        .then(|| r.label.clone())
        .into_iter()
        .chain(r.type_cell)
        .collect();
    Row {
        cells,
        label: r.label,
        code: r.code,
        values,
        placement: value_placement,
        certainty,
        candidates,
        span: r.span,
        not_applicable,
    }
}

/// Place a short row by evidence: runs of spaces (plain) or column anchors (aligned).
fn by_evidence(layout: Layout, row: &RawRow, k: usize, anchors: &[usize]) -> Option<Vec<usize>> {
    match layout {
        Layout::Plain => {
            if slot_count(row) != k {
                return None;
            }
            let mut col = 0;
            let mut placement = Vec::new();
            for (i, t) in row.slots.iter().enumerate() {
                if i > 0 {
                    col += t.gap.saturating_sub(1);
                }
                placement.push(col);
                col += 1;
            }
            (placement.last().is_some_and(|&c| c < k)).then_some(placement)
        }
        _ => {
            if anchors.len() != k {
                return None;
            }
            let mut placement = Vec::new();
            for t in &row.slots {
                let (best, dist) = anchors
                    .iter()
                    .enumerate()
                    .map(|(i, &a)| (i, a.abs_diff(t.col_end)))
                    .min_by_key(|&(_, d)| d)?;
                if dist > 2 || placement.last().is_some_and(|&p| p >= best) {
                    return None;
                }
                placement.push(best);
            }
            Some(placement)
        }
    }
}

#[cfg(test)]
mod tests;
