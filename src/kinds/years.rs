//! `years`: the years and dates a document writes, against the year it is for.
//!
//! The document's kind and year come from [`crate::identity`] (title, headings, table titles).
//! One check per rule (`check = …` in the rule file):
//! - `titles`: a table title or heading naming another year than the document's (an error for a
//!   table title when the year is certain, a warning otherwise); a title and a body that disagree.
//! - `statements`: a statement of the document's own money labelled with another year
//!   (`2023年度收支总预算550.69万元` in a 2024 report), `比2022年` in a 2024 report, a target of
//!   an earlier year still promised (`确保2023年…` in 2024) and, in final accounts, results claimed
//!   for a later year.
//! - `dates`: impossible dates (`2月30日`, `13月`) and malformed timestamps (`2024-13-05`).
//! - `cutoff-dates`: `截至` dates of the asset position that disagree with each other, or, in
//!   final accounts, that are not the year's end (in a budget, before the year before).
//! - `subject-names`: a subject name used in a year when it did not exist (`医疗卫生与计划生育支出`
//!   after 2018), from the `subjects` table of the rule's parameters.
//! - `previous-figures`: across two reports of one department for consecutive years, last year's
//!   figure implied by `X，比上年增加Y` must be a figure of last year's report
//!   ([`Check::check_previous`]).
//!
//! Years that legitimately differ stay quiet: file numbers (`〔2020〕5号`, no `年`), names in
//! `《…》` and `“…”`, ranges (`2021-2025年`), carry-over names in table rows (rows are not read),
//! comparisons with last year, and amounts such as `增加2021万元` (no `年`).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::{Check, CheckContext, Digest, DigestContext, Lang, ParamError, chosen_check};
use crate::identity::{Identity, ReportKind};
use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, Paragraph, Text, Unit};
use crate::number::Found;
use crate::parse::prose::clauses;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Titles,
    Statements,
    Dates,
    CutoffDates,
    SubjectNames,
    PreviousFigures,
}

/// A subject name and the years it was valid (inclusive; open when absent).
#[derive(Debug, Clone)]
struct SubjectName {
    code: String,
    name: String,
    from: Option<i32>,
    until: Option<i32>,
}

#[derive(Debug)]
pub struct YearsCheck {
    which: Which,
    subjects: Vec<SubjectName>,
}

impl YearsCheck {
    pub fn from_params(params: &toml::Table) -> Result<YearsCheck, ParamError> {
        if let Some(key) = params
            .keys()
            .find(|k| !matches!(k.as_str(), "check" | "subjects"))
        {
            return Err(ParamError::new(
                Some(key),
                format!("unknown parameter `{key}` for kind `years` (expected: check, subjects)"),
            ));
        }
        let which = chosen_check(
            params,
            &[
                ("titles", Which::Titles),
                ("statements", Which::Statements),
                ("dates", Which::Dates),
                ("cutoff-dates", Which::CutoffDates),
                ("subject-names", Which::SubjectNames),
                ("previous-figures", Which::PreviousFigures),
            ],
        )?;
        let subjects = match params.get("subjects") {
            None => Vec::new(),
            Some(value) => subject_names(value)?,
        };
        if which == Which::SubjectNames && subjects.is_empty() {
            return Err(ParamError::new(
                Some("subjects"),
                "`subjects` is required for check = \"subject-names\"",
            ));
        }
        Ok(YearsCheck { which, subjects })
    }
}

fn subject_names(value: &toml::Value) -> Result<Vec<SubjectName>, ParamError> {
    let bad = |m: &str| ParamError::new(Some("subjects"), m.to_string());
    let list = value
        .as_array()
        .ok_or_else(|| bad("`subjects` must be an array of tables"))?;
    let mut out = Vec::new();
    for entry in list {
        let table = entry
            .as_table()
            .ok_or_else(|| bad("each subject is a table { code, name, from, until }"))?;
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "code" | "name" | "from" | "until"))
        {
            return Err(bad(&format!(
                "unknown key `{key}` in a subject (expected code, name, from, until)"
            )));
        }
        let text = |k: &str| table.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let year = |k: &str| -> Result<Option<i32>, ParamError> {
            match table.get(k) {
                None => Ok(None),
                Some(v) => v
                    .as_integer()
                    .and_then(|y| i32::try_from(y).ok())
                    .map(Some)
                    .ok_or_else(|| bad(&format!("`{k}` must be a year"))),
            }
        };
        let (Some(code), Some(name)) = (text("code"), text("name")) else {
            return Err(bad("a subject needs `code` and `name`"));
        };
        out.push(SubjectName {
            code,
            name,
            from: year("from")?,
            until: year("until")?,
        });
    }
    Ok(out)
}

impl Check for YearsCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let identity = cx.identity();
        match self.which {
            Which::Titles => titles(cx, identity, out),
            Which::Statements => statements(cx, identity, out),
            Which::Dates => dates(cx, out),
            Which::CutoffDates => cutoff_dates(cx, identity, out),
            Which::SubjectNames => self.subject_names(cx, identity, out),
            Which::PreviousFigures => {}
        }
    }

    fn across_years(&self) -> bool {
        self.which == Which::PreviousFigures
    }

    fn digest(&self, cx: &CheckContext<'_>) -> Option<Digest> {
        (self.which == Which::PreviousFigures).then(|| Digest::new(FiguresDigest::of(cx)))
    }

    fn check_previous(
        &self,
        cx: &DigestContext<'_>,
        previous: &DigestContext<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.which != Which::PreviousFigures {
            return;
        }
        if let (Some(newer), Some(older)) = (
            cx.digest.get::<FiguresDigest>(),
            previous.digest.get::<FiguresDigest>(),
        ) {
            previous_figures(cx, newer, previous, older, out);
        }
    }
}

/// `2024年` / `2024 年度` anywhere; the year is group 1.
static YEAR: LazyLock<LazyRegex> =
    LazyLock::new(|| LazyRegex::new(r"((?:19|20)[0-9]{2})\s*年").expect("valid regex"));

/// A year written in `text`, with its byte range (the digits and `年`).
#[derive(Debug, Clone)]
struct YearMention {
    year: i32,
    range: Range<usize>,
}

/// The years of `text` that stand for a year of the report's life: not inside `《》` / `“”`
/// (titles of laws and plans), not part of a range (`2021-2025年`, `2023年至2025年`), not
/// glued to other digits.
fn year_mentions(text: &str) -> Vec<YearMention> {
    let mut out = Vec::new();
    for c in YEAR.captures_iter(text) {
        let (Some(whole), Some(digits)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.') {
            continue;
        }
        if quoted_at(text, whole.start()) || in_range(text, whole.start(), whole.end()) {
            continue;
        }
        let Ok(year) = digits.as_str().parse() else {
            continue;
        };
        out.push(YearMention {
            year,
            range: whole.start()..whole.end(),
        });
    }
    out
}

/// Whether `at` lies inside `《…》` or `“…”` (a title quoted, not a statement).
fn quoted_at(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = |o: char, c: char| {
        let opened = before.rfind(o);
        let closed = before.rfind(c);
        match (opened, closed) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            _ => false,
        }
    };
    // A straight quote opens and closes alike: inside when an odd number stands before.
    open('《', '》') || open('“', '”') || before.matches('"').count() % 2 == 1
}

/// Whether the year at `start..end` is one end of a range of years.
fn in_range(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let after = text[end..].trim_start().trim_start_matches('度');
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '到');
    before.ends_with(dash) || after.starts_with(dash)
}

fn label_text(zh: bool, year: i32, own: i32) -> String {
    if zh {
        format!("写作 {year} 年，本文件为 {own} 年")
    } else {
        format!("says {year}, the document is for {own}")
    }
}

fn titles(cx: &CheckContext<'_>, identity: &Identity, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    let Some(own) = identity.year else {
        return;
    };
    if let (Some((title_year, span)), Some(body)) = (identity.title_year, identity.body_year) {
        // Only a clear body (three votes or more, all alike) outvotes the title; else the
        // title's year stands and the titles naming another year are reported below.
        if title_year != body && identity.body_dissent == 0 && identity.body_votes >= 3 {
            let d = cx
                .rule
                .diagnostic(
                    Severity::Warning.min(cx.rule.severity),
                    cx.lang,
                    &[
                        ("year", &title_year.to_string()),
                        ("own", &body.to_string()),
                    ],
                )
                .with_label(Label::primary(span, label_text(zh, title_year, body)))
                .with_note(if zh {
                    format!("标题写 {title_year} 年，各表标题和章节标题写 {body} 年")
                } else {
                    format!("the title says {title_year}, the headings and table titles {body}")
                });
            out.push(d);
            return;
        }
    }
    for block in &cx.document.blocks {
        let (text, is_table) = match block {
            Block::Heading(h) => (&h.text, false),
            Block::Table(t) => match &t.title {
                Some(title) => (title, true),
                None => continue,
            },
            _ => continue,
        };
        let mentions = year_mentions(&text.text);
        if mentions.iter().any(|m| m.year == own) {
            continue;
        }
        // A carry-over heading (`2023年结转项目`) names its year on purpose.
        let Some(m) = mentions
            .iter()
            .find(|m| !text.text[m.range.end..].trim_start().starts_with("结转"))
        else {
            continue;
        };
        let severity = if is_table && identity.year_certain {
            cx.rule.severity
        } else {
            Severity::Warning.min(cx.rule.severity)
        };
        let what = match (is_table, zh) {
            (true, true) => "表标题",
            (false, true) => "章节标题",
            (true, false) => "table title",
            (false, false) => "heading",
        };
        let d = cx
            .rule
            .diagnostic(
                severity,
                cx.lang,
                &[
                    ("what", what),
                    ("year", &m.year.to_string()),
                    ("own", &own.to_string()),
                ],
            )
            .with_label(Label::primary(
                text.source_span(m.range.clone()),
                label_text(zh, m.year, own),
            ))
            .with_note(evidence_note(identity, zh));
        out.push(d);
    }
}

fn evidence_note(identity: &Identity, zh: bool) -> String {
    let year = identity.year.unwrap_or_default();
    match (identity.title_year, zh) {
        (Some(_), true) => format!("文件标题及各表标题表明本文件为 {year} 年"),
        (Some(_), false) => format!("the document's title says it is for {year}"),
        (None, true) => format!("各表标题和章节标题表明本文件为 {year} 年"),
        (None, false) => format!("the headings and table titles say the document is for {year}"),
    }
}

/// Words that make a clause opening with a year a statement of the report's own money
/// (`2024年一般公共预算拨款550.69万元`).
const MONEY_WORDS: &[&str] = &[
    "预算", "决算", "收入", "支出", "经费", "拨款", "总计", "合计",
];

/// Words that make such a clause about another year on purpose (`2023年执行数…`, `上年`).
const PAST_WORDS: &[&str] = &["上年", "执行", "完成", "实际", "以前", "结转"];

static COMPARISON: LazyLock<LazyRegex> =
    LazyLock::new(|| LazyRegex::new(r"(?:比|较|与|同|相对于|相比)\s*$").expect("valid regex"));

static PROMISE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?:确保|力争|争取|计划于|将于|预计于?)\s*$").expect("valid regex")
});

/// A result claimed as done right after a year (`2025年完成了…`), not planned (`2025年将完成`).
static ACHIEVED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"^[^，,将拟计划力争确保预]{0,12}(?:完成|实现|取得|达到)").expect("valid regex")
});

fn statements(cx: &CheckContext<'_>, identity: &Identity, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    let (Some(own), Some(kind)) = (identity.year, identity.kind) else {
        return;
    };
    for p in prose(cx.document) {
        let text = &p.text.text;
        for clause in clauses(text) {
            let body = &text[clause.clone()];
            for m in year_mentions(body) {
                let before = &body[..m.range.start];
                let after = &body[m.range.end..];
                let finding = if COMPARISON.is_match(before) {
                    // 比2023年: last year; a final account also compares with its own year's budget.
                    let fine =
                        m.year == own - 1 || kind == ReportKind::FinalAccounts && m.year == own;
                    (!fine).then_some(Finding::Comparison)
                } else if PROMISE.is_match(before) && m.year < own {
                    Some(Finding::StaleTarget)
                } else if kind == ReportKind::FinalAccounts
                    && m.year > own
                    && !PROMISE.is_match(before)
                    && ACHIEVED.is_match(after)
                {
                    Some(Finding::LaterResult)
                } else if m.year != own
                    && m.range.start <= leading_marker(body)
                    && MONEY_WORDS.iter().any(|w| after.contains(w))
                    && !PAST_WORDS.iter().any(|w| after.contains(w))
                    && has_amount(after)
                {
                    Some(Finding::OwnTotal)
                } else {
                    None
                };
                let Some(finding) = finding else {
                    continue;
                };
                let span = p
                    .text
                    .source_span(clause.start + m.range.start..clause.start + m.range.end);
                let reason = finding.reason(zh, own);
                let d = cx
                    .rule
                    .diagnostic(
                        cx.rule.severity,
                        cx.lang,
                        &[
                            ("year", &m.year.to_string()),
                            ("own", &own.to_string()),
                            ("reason", &reason),
                        ],
                    )
                    .with_label(Label::primary(span, label_text(zh, m.year, own)))
                    .with_note(evidence_note(identity, zh));
                out.push(d);
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Finding {
    Comparison,
    StaleTarget,
    LaterResult,
    OwnTotal,
}

impl Finding {
    fn reason(self, zh: bool, own: i32) -> String {
        let previous = own - 1;
        match (self, zh) {
            (Finding::Comparison, true) => format!("同比应与上年（{previous} 年）比较"),
            (Finding::Comparison, false) => {
                format!("a comparison with last year should name {previous}")
            }
            (Finding::StaleTarget, true) => "仍在承诺已过去年份的目标".to_string(),
            (Finding::StaleTarget, false) => "a target of a year already past".to_string(),
            (Finding::LaterResult, true) => "决算称已取得以后年度的成果".to_string(),
            (Finding::LaterResult, false) => {
                "a final account claims results for a later year".to_string()
            }
            (Finding::OwnTotal, true) => "本年总额标注了其他年份".to_string(),
            (Finding::OwnTotal, false) => {
                "this year's total is labelled with another year".to_string()
            }
        }
    }
}

/// Where a clause's subject starts: after a list marker (`（一）`, `1.`, `一、`) or `在`.
fn leading_marker(clause: &str) -> usize {
    static MARKER: LazyLock<LazyRegex> = LazyLock::new(|| {
        LazyRegex::new(r"^(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、|[0-9]+[.、．])?\s*(?:在|经)?\s*")
            .expect("valid regex")
    });
    MARKER.find(clause).map_or(0, |m| m.end())
}

fn has_amount(text: &str) -> bool {
    crate::number::scan_numbers(text)
        .iter()
        .any(|n| matches!(n.unit, Some(Unit::WanYuan | Unit::Yuan | Unit::YiYuan)))
}

/// The paragraphs and notes of the document: its prose.
fn prose(document: &Document) -> impl Iterator<Item = &Paragraph> {
    document.blocks.iter().filter_map(|b| match b {
        Block::Paragraph(p) | Block::Note(p) => Some(p),
        _ => None,
    })
}

/// Every text of the document where a date can be written: prose, headings, table titles and
/// cells.
fn texts(document: &Document) -> Vec<&Text> {
    let mut out = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) | Block::Note(p) => out.push(&p.text),
            Block::Heading(h) => out.push(&h.text),
            Block::Table(t) => {
                out.extend(t.title.iter());
                out.extend(t.header.iter());
                for row in &t.rows {
                    out.extend(row.cells.iter());
                }
            }
            Block::Furniture(_) => {}
        }
    }
    out
}

static DATE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"(?:((?:19|20)[0-9]{2})\s*年\s*)?([0-9]{1,2})\s*月\s*(?:([0-9]{1,2})\s*[日号])?",
    )
    .expect("valid regex")
});

static TIMESTAMP: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"((?:19|20)[0-9]{2})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})")
        .expect("valid regex")
});

fn days_in(year: Option<i32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // Without a year, 29 February may be right.
        _ => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
    }
}

/// The problem with a date, if it cannot exist.
fn impossible(year: Option<i32>, month: u32, day: Option<u32>, zh: bool) -> Option<String> {
    if !(1..=12).contains(&month) {
        return Some(if zh {
            format!("没有 {month} 月")
        } else {
            format!("there is no month {month}")
        });
    }
    let last = days_in(year, month);
    match day {
        Some(d) if d == 0 || d > last => Some(if zh {
            format!("{month} 月只有 {last} 天")
        } else {
            format!("month {month} has {last} days")
        }),
        _ => None,
    }
}

fn dates(cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    for text in texts(cx.document) {
        let t = &text.text;
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        // A date names its month (`月`); texts without one need no search.
        let months = t.contains('月').then(|| DATE.captures_iter(t));
        for c in months.into_iter().flatten() {
            let Some(whole) = c.get(0) else { continue };
            // `12月` glued to a longer number is no month (`112月`).
            if c.get(1).is_none()
                && t[..whole.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|b| b.is_ascii_digit() || b == '.')
            {
                continue;
            }
            let year = c.get(1).and_then(|m| m.as_str().parse().ok());
            let Some(month) = c.get(2).and_then(|m| m.as_str().parse().ok()) else {
                continue;
            };
            let day = c.get(3).and_then(|m| m.as_str().parse().ok());
            // `13月` alone is a count of months (`12个月` has 个); only a date with a day or a
            // year is a date for sure.
            if year.is_none() && day.is_none() {
                continue;
            }
            if let Some(reason) = impossible(year, month, day, zh) {
                found.push((whole.start()..whole.end(), reason));
            }
        }
        for c in TIMESTAMP.captures_iter(t) {
            let Some(whole) = c.get(0) else { continue };
            let glued = t[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|b| b.is_ascii_digit())
                || t[whole.end()..]
                    .chars()
                    .next()
                    .is_some_and(|a| a.is_ascii_digit() || a == '.');
            if glued || c.get(2).map(|m| m.as_str()) != c.get(4).map(|m| m.as_str()) {
                continue;
            }
            let year = c.get(1).and_then(|m| m.as_str().parse().ok());
            let (Some(month), Some(day)) = (
                c.get(3).and_then(|m| m.as_str().parse().ok()),
                c.get(5).and_then(|m| m.as_str().parse().ok()),
            ) else {
                continue;
            };
            if let Some(reason) = impossible(year, month, Some(day), zh) {
                found.push((whole.start()..whole.end(), reason));
            }
        }
        for (range, reason) in found {
            let written = t[range.clone()].to_string();
            let d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[("date", &written), ("reason", &reason)],
                )
                .with_label(Label::primary(text.source_span(range), reason.clone()));
            out.push(d);
        }
    }
}

/// A 截至 date: year, month and, when written, day.
type CutoffDate = (i32, u32, Option<u32>);

static CUTOFF: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"截[至止]\s*((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*(?:([0-9]{1,2})\s*日)?",
    )
    .expect("valid regex")
});

/// Words of a clause that states the asset position (国有资产占用情况).
const ASSET_WORDS: &[&str] = &["资产", "车辆", "房屋", "土地", "设备"];

fn cutoff_dates(cx: &CheckContext<'_>, identity: &Identity, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    let mut first: Option<(CutoffDate, Span)> = None;
    for p in prose(cx.document) {
        let text = &p.text.text;
        for clause in clauses(text) {
            let body = &text[clause.clone()];
            if !ASSET_WORDS.iter().any(|w| body.contains(w)) {
                continue;
            }
            for c in CUTOFF.captures_iter(body) {
                let Some(whole) = c.get(0) else { continue };
                let (Some(year), Some(month)) = (
                    c.get(1).and_then(|m| m.as_str().parse::<i32>().ok()),
                    c.get(2).and_then(|m| m.as_str().parse::<u32>().ok()),
                ) else {
                    continue;
                };
                let day = c.get(3).and_then(|m| m.as_str().parse::<u32>().ok());
                let date = (year, month, day);
                let span = p
                    .text
                    .source_span(clause.start + whole.start()..clause.start + whole.end());
                let written = whole.as_str().trim().to_string();
                let reason = match (identity.kind, identity.year) {
                    (Some(ReportKind::FinalAccounts), Some(own))
                        if identity.year_certain && (year, month, day) != (own, 12, Some(31)) =>
                    {
                        Some(if zh {
                            format!("决算的资产状况应截至 {own} 年 12 月 31 日")
                        } else {
                            format!("a final account states its assets at 31 December {own}")
                        })
                    }
                    // A budget states its assets at a date of the year before or of its own.
                    (Some(ReportKind::Budget), Some(own))
                        if identity.year_certain && year < own - 1 =>
                    {
                        Some(if zh {
                            format!("{own} 年预算的资产状况不应早于 {} 年", own - 1)
                        } else {
                            format!(
                                "a {own} budget states its assets at a date of {} or later",
                                own - 1
                            )
                        })
                    }
                    _ => match first {
                        Some((earlier, _)) if earlier != date => Some(if zh {
                            format!("与前文的截至日期 {}年{}月不一致", earlier.0, earlier.1)
                        } else {
                            format!(
                                "differs from the earlier cut-off date {}-{:02}",
                                earlier.0, earlier.1
                            )
                        }),
                        _ => None,
                    },
                };
                if let Some(reason) = reason {
                    let mut d = cx
                        .rule
                        .diagnostic(
                            cx.rule.severity,
                            cx.lang,
                            &[("date", &written), ("reason", &reason)],
                        )
                        .with_label(Label::primary(span, reason.clone()));
                    if let Some((_, earlier)) = first {
                        d = d.with_label(Label::secondary(
                            earlier,
                            if zh {
                                "前文的截至日期"
                            } else {
                                "the earlier cut-off date"
                            },
                        ));
                    }
                    out.push(d);
                }
                first.get_or_insert((date, span));
            }
        }
    }
}

impl YearsCheck {
    fn subject_names(&self, cx: &CheckContext<'_>, identity: &Identity, out: &mut Vec<Diagnostic>) {
        let zh = cx.lang == Lang::Zh;
        let Some(own) = identity.year else {
            return;
        };
        for row in cx.document.tables().flat_map(|t| &t.rows) {
            let label = crate::model::squeeze(&row.label.text);
            let Some(subject) = self.subjects.iter().find(|s| label == s.name) else {
                continue;
            };
            // A name under another code is another subject (a 项 may share a 类's old name).
            if row.code.as_ref().is_some_and(|c| c.code != subject.code) {
                continue;
            }
            let too_late = subject.until.is_some_and(|u| own > u);
            let too_early = subject.from.is_some_and(|f| own < f);
            if !(too_late || too_early) {
                continue;
            }
            let current = self
                .subjects
                .iter()
                .find(|s| {
                    s.code == subject.code
                        && s.from.is_none_or(|f| own >= f)
                        && s.until.is_none_or(|u| own <= u)
                })
                .map(|s| s.name.clone());
            let validity = match (subject.from, subject.until) {
                (Some(f), Some(u)) => format!("{f}–{u}"),
                (Some(f), None) => format!("{f}–"),
                (None, Some(u)) => format!("–{u}"),
                (None, None) => String::new(),
            };
            let mut d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[
                        ("name", &subject.name),
                        ("code", &subject.code),
                        ("own", &own.to_string()),
                        ("validity", &validity),
                    ],
                )
                .with_label(Label::primary(
                    row.label.span(),
                    if zh {
                        format!("该科目名称适用于 {validity} 年")
                    } else {
                        format!("this name was in use in {validity}")
                    },
                ))
                .with_note(evidence_note(identity, zh));
            if let Some(current) = current {
                d = d.with_help(if zh {
                    format!("{own} 年科目 {} 的名称为“{current}”", subject.code)
                } else {
                    format!("in {own} subject {} is called {current}", subject.code)
                });
            }
            out.push(d);
        }
    }
}

/// `比上年增加205.52万元` after an amount: last year's figure X ∓ Y.
static CHANGE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?:(?:比|较|同比)\s*(?:上年|上年度|去年|(?:19|20)[0-9]{2}\s*年度?)(?:预算数?|决算数?|执行数?)?|与\s*(?:上年|上年度|(?:19|20)[0-9]{2}\s*年度?)(?:预算数?|决算数?)?相比[^0-9，。；]{0,12}?)\s*(增加|增长|减少|下降)\s*$")
        .expect("valid regex")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [
        &YEAR,
        &COMPARISON,
        &PROMISE,
        &ACHIEVED,
        &DATE,
        &TIMESTAMP,
        &CUTOFF,
        &CHANGE,
    ] {
        pattern.warm(hint);
    }
}

/// An amount in 元 with the interval its written decimals allow.
#[derive(Debug, Clone, Copy)]
struct Amount {
    low: Decimal,
    high: Decimal,
}

fn in_yuan(value: Decimal, decimals: u32, unit: Unit) -> Option<Amount> {
    let factor = match unit {
        Unit::Yuan => Decimal::ONE,
        Unit::WanYuan => Decimal::from(10_000),
        Unit::YiYuan => Decimal::from(100_000_000),
        Unit::Percent => return None,
    };
    let half = Decimal::new(5, decimals + 1);
    Some(Amount {
        low: (value - half) * factor,
        high: (value + half) * factor,
    })
}

/// Every amount of a document in 元 (prose and table cells), sorted by its lower bound (equal
/// ones once), for a binary search of last year's figures.
fn amounts_of(document: &Document) -> Vec<Amount> {
    let mut all = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) | Block::Note(p) => {
                all.extend(
                    p.numbers
                        .iter()
                        .filter_map(|n| n.unit.and_then(|u| in_yuan(n.value, n.decimals, u))),
                );
            }
            Block::Table(t) => {
                for n in t.rows.iter().flat_map(|r| &r.values) {
                    if let Some(unit) = n.unit.or(t.unit) {
                        all.extend(in_yuan(n.value, n.decimals, unit));
                    }
                }
            }
            _ => {}
        }
    }
    // Only whether an amount overlaps a figure matters: a table repeats its amounts, the digest
    // needs each once.
    all.sort_by_key(|a| (a.low, a.high));
    all.dedup_by(|a, b| a.low == b.low && a.high == b.high);
    all.shrink_to_fit();
    all
}

/// The widest interval of any amount: the binary search starts that far below.
fn widest(amounts: &[Amount]) -> Decimal {
    amounts
        .iter()
        .map(|a| a.high - a.low)
        .max()
        .unwrap_or_default()
}

/// What `previous-figures` keeps of a document: as last year's report, its amounts; as this
/// year's, each `比上年增加Y` with the last-year figures it implies.
#[derive(Debug)]
struct FiguresDigest {
    amounts: Vec<Amount>,
    changes: Vec<ImpliedChange>,
}

/// One `X，比上年增加Y` of a document: where Y stands and the figures of last year it implies
/// (one per amount X it may refer to), as written and as an interval in 元.
#[derive(Debug)]
struct ImpliedChange {
    span: Span,
    line: usize,
    unit_name: &'static str,
    implied: Vec<(Decimal, Amount)>,
}

impl FiguresDigest {
    fn of(cx: &CheckContext<'_>) -> FiguresDigest {
        FiguresDigest {
            amounts: amounts_of(cx.document),
            changes: implied_changes(cx),
        }
    }
}

/// Every change against last year written in the prose of `cx`'s document, with the figures of
/// last year it implies.
fn implied_changes(cx: &CheckContext<'_>) -> Vec<ImpliedChange> {
    let Some(own) = cx.identity().year else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    for p in prose(cx.document) {
        let text = &p.text.text;
        let numbers = crate::number::scan_numbers(text);
        let money = |n: &&Found| matches!(n.unit, Some(Unit::WanYuan | Unit::Yuan | Unit::YiYuan));
        let mut previous_clause: Vec<&Found> = Vec::new();
        for clause in clauses(text) {
            let in_clause: Vec<&Found> = numbers
                .iter()
                .filter(|n| clause.contains(&n.range.start))
                .collect();
            for (i, change) in in_clause.iter().enumerate() {
                let before = &text[clause.start..change.range.start];
                // The pattern ends in one of these words: most amounts need no search.
                if !["增加", "增长", "减少", "下降"]
                    .iter()
                    .any(|w| before.trim_end().ends_with(w))
                {
                    continue;
                }
                let Some(c) = CHANGE.captures(before) else {
                    continue;
                };
                // Only `比上年` or `比<last year>年`.
                let named = crate::identity::first_year(c.get(0).map_or("", |m| m.as_str()));
                if named.is_some_and(|y| y != own - 1) || !money(change) {
                    continue;
                }
                let down = matches!(c.get(1).map(|m| m.as_str()), Some("减少" | "下降"));
                // The amount compared: one of the clause's amounts before the comparison, or of
                // the sentence before (`…支出7877.76万元。与上年相比增加…`). Any of them whose
                // last-year figure is in last year's report settles it.
                let mut candidates: Vec<&Found> =
                    in_clause[..i].iter().copied().filter(money).collect();
                if candidates.is_empty() {
                    candidates = previous_clause.iter().copied().filter(money).collect();
                }
                let implied: Vec<(Decimal, Amount)> = candidates
                    .iter()
                    .filter(|x| x.unit == change.unit)
                    .filter_map(|x| last_years_figure(x, change, down))
                    .filter(|(_, last)| last.high > Decimal::ZERO)
                    .collect();
                if implied.is_empty() {
                    continue;
                }
                let span = p.text.source_span(change.range.clone());
                let unit_name = match change.unit {
                    Some(Unit::Yuan) => "元",
                    Some(Unit::YiYuan) => "亿元",
                    _ => "万元",
                };
                changes.push(ImpliedChange {
                    span,
                    line: cx.source.line_index(span.start),
                    unit_name,
                    implied,
                });
            }
            previous_clause = in_clause;
        }
    }
    changes
}

fn previous_figures(
    cx: &DigestContext<'_>,
    newer: &FiguresDigest,
    previous: &DigestContext<'_>,
    older: &FiguresDigest,
    out: &mut Vec<Diagnostic>,
) {
    let zh = cx.lang == Lang::Zh;
    let older_amounts = &older.amounts;
    if older_amounts.is_empty() {
        return;
    }
    let reach = widest(older_amounts);
    let older_name = previous.path.display().to_string();
    let mut lines_reported = BTreeSet::new();
    for change in &newer.changes {
        if change
            .implied
            .iter()
            .any(|&(_, last)| found_in(older_amounts, reach, last))
        {
            continue;
        }
        if !lines_reported.insert(change.line) {
            continue;
        }
        let figures: Vec<String> = change
            .implied
            .iter()
            .map(|(v, _)| format!("{v}{}", change.unit_name))
            .collect();
        let figures = figures.join(if zh { "或" } else { " or " });
        let d = cx
            .rule
            .diagnostic(
                cx.rule.severity,
                cx.lang,
                &[("implied", &figures), ("previous", &older_name)],
            )
            .with_label(Label::primary(
                change.span,
                if zh {
                    format!("由此上年为 {figures}")
                } else {
                    format!("so last year was {figures}")
                },
            ))
            .with_note(if zh {
                format!("上年报告 {older_name} 中没有这一金额（含尾数误差）")
            } else {
                format!("no amount of last year's report {older_name} rounds to it")
            });
        out.push(d);
    }
}

/// Last year's figure from this year's X and the change Y, as written and as an interval in 元.
fn last_years_figure(x: &Found, y: &Found, down: bool) -> Option<(Decimal, Amount)> {
    let unit = x.unit?;
    let (a, b) = (
        in_yuan(x.value, x.decimals, unit)?,
        in_yuan(y.value, y.decimals, unit)?,
    );
    Some(if down {
        (
            x.value + y.value,
            Amount {
                low: a.low + b.low,
                high: a.high + b.high,
            },
        )
    } else {
        (
            x.value - y.value,
            Amount {
                low: a.low - b.high,
                high: a.high - b.low,
            },
        )
    })
}

/// Whether an amount of `older` (sorted, no interval wider than `reach`) overlaps `last`.
fn found_in(older: &[Amount], reach: Decimal, last: Amount) -> bool {
    let start = older.partition_point(|a| a.low < last.low - reach);
    older[start..]
        .iter()
        .take_while(|a| a.low <= last.high)
        .any(|a| a.high >= last.low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_titles_ranges_and_file_numbers_are_not_mentions() {
        let years = |t: &str| year_mentions(t).iter().map(|m| m.year).collect::<Vec<_>>();
        assert_eq!(years("根据《2023年预算法实施条例》"), Vec::<i32>::new());
        assert_eq!(years("印发\"2023年工作要点\"的通知"), Vec::<i32>::new());
        assert_eq!(years("“十四五”规划2021-2025年"), Vec::<i32>::new());
        assert_eq!(
            years("长财社【2023】226号，增加2021万元"),
            Vec::<i32>::new()
        );
        assert_eq!(years("2023年度收支总预算"), vec![2023]);
    }

    #[test]
    fn impossible_dates_are_told_apart_from_real_ones() {
        assert!(impossible(Some(2024), 2, Some(30), true).is_some());
        assert!(impossible(Some(2024), 2, Some(29), true).is_none());
        assert!(impossible(Some(2023), 2, Some(29), true).is_some());
        assert!(impossible(None, 13, None, true).is_some());
        assert!(impossible(None, 4, Some(31), true).is_some());
        assert!(impossible(None, 12, Some(31), true).is_none());
    }
}
