//! `check = "project-count"` and `check = "listed-count"`: a count the prose states against
//! what it counts.
//!
//! - `project-count`: `纳入绩效目标管理的2级项目4个，共计金额273.76万元`. A count of projects is
//!   tied to a 项目支出 table only through the amount of its own sentence: when that amount is the
//!   total of the table's project rows, the count is of the same projects, and must equal the
//!   number of those rows. The project rows are the rows of a table titled `项目支出` (not a 绩效
//!   form) without the grand total and without the rows that group projects under a department or
//!   unit (a name ending in `局`, `办公室`, `中心` …); their amounts must add up to the table's total
//!   (the 合计 row, or else the largest group row) within rounding, or the table is not read at
//!   all. A table that marks rows as 一级 projects (`…（一级项目）`) counts only its 二级 rows:
//!   only a count that names 二级 projects is read against it, and the 一级 count right before
//!   that one (`一级项目四个、二级项目九个`) against the marked rows. Counts of a type of project
//!   (`特定目标类项目1个`), of 一级 projects otherwise, after a `其中`, or of another year are
//!   not read.
//! - `listed-count`: `内设机构3个：办公室、财务科、业务科。`, `预算单位共 3 家，包括：A、B、C。`,
//!   `A、B、…、T等20个处室`. The items are split at `、` (outside brackets and quotes) up to the
//!   end of the sentence; a list that goes on after a `，`, or joins items with `和` / `及`, is not
//!   counted. Without `等` the count must equal the items; with `等` the items may be fewer, never
//!   more.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, Paragraph, Table, Unit, squeeze};
use crate::number::{Found, scan_numbers};
use crate::source::Span;

use super::breakdown::chinese_count;
use super::{Figure, yuan_interval, yuan_per};

/// A count the prose states, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedCount {
    pub value: u32,
    pub span: Span,
}

/// A project count that a 项目支出 table contradicts.
#[derive(Debug, Clone)]
pub struct WrongProjectCount<'a> {
    pub stated: StatedCount,
    /// What ties the count to the table: the amount of the sentence, or the table's total.
    pub amount: Figure,
    pub table: &'a Table,
    /// The number of project rows of the table (that the count's words select).
    pub rows: usize,
    pub tie: ProjectTie,
    /// The 支出总表's 项目支出 total the table's total equals (a count without an amount).
    pub spending: Option<Span>,
}

/// How a count of projects is tied to the rows of a 项目支出 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectTie {
    /// The amount of the count's sentence is the total of the table's projects.
    Sentence,
    /// `项目支出共安排项目 5 个`: all the projects; the table's total is the whole 项目支出 of
    /// the document's 支出总表 (`amount` is that table's cell).
    Whole,
    /// `其中：一般公共预算安排的项目 5 个`: the projects with an amount in the column named.
    Source(String),
    /// `单项金额 10000 万元以上的项目 2 个`: the projects of at least that amount, fewest and
    /// most (with or without one of that very amount).
    AtLeast(String, usize, usize),
    /// `其中：特定目标类项目九个`: the projects of that type in the table's 项目类型 column.
    Type(String),
    /// `注：本表共列示项目6个`: the note under the table counts its rows (`amount` is the
    /// table's total).
    Note,
}

/// A count of listed items that the list contradicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongListedCount {
    pub stated: StatedCount,
    /// What is counted (`内设机构`, `处室`, `预算单位`).
    pub noun: String,
    /// The classifier written with the count (`个`, `家`).
    pub classifier: String,
    pub listed: usize,
    /// The list's span in the source.
    pub list: Span,
    /// `等`: the list may name only some of the items.
    pub open: bool,
    /// The items are numbered blocks (`（一）…（二）…`), not names parted by `、`.
    pub numbered: bool,
    /// The items are the parts a `其中：` lists with their amounts, which add up to the amount
    /// of the count's sentence: a reading, reported as a warning.
    pub itemised: bool,
}

/// A numeral: arabic or Chinese.
const NUMERAL: &str = "[0-9]+|[一二两三四五六七八九十百]+";

/// `项目4个`, `项目支出 6 个`, `项目共4个`, `5 个项目`, `共0个项目`.
static PROJECT_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"项目(?:支出)?\s*(?:共计|共)?\s*(?P<a>{NUMERAL})\s*个|(?P<b>{NUMERAL})\s*个\s*(?:二级|2级)?项目"
    ))
    .expect("project count pattern compiles")
});

/// `注：本表共列示项目6个`, `本表列示 12 个项目`: a note under a 项目支出 table counting its rows.
static NOTED_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"本表\s*(?:共计|共)?\s*(?:列示|列出|列明|包括|包含|含)?\s*(?:了)?\s*(?:项目\s*(?P<a>{NUMERAL})\s*个|(?P<b>{NUMERAL})\s*个\s*项目)"
    ))
    .expect("noted count pattern compiles")
});

/// `一级项目四个、二级项目` right before a count of 二级 projects: the count of 一级 ones.
static LEVEL_ONE_BEFORE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"(?:一级|1级)项目\s*(?P<n>{NUMERAL})\s*个\s*[、，,及和]\s*(?:二级|2级)项目\s*(?:共计|共)?\s*$"
    ))
    .expect("level-one count pattern compiles")
});

/// Organisations counted by the lists: offices, units, bureaus.
const NOUNS: &str = "内设机构|内设科室|职能科室|职能处室|处室|科室|股室|办公室|内设部门|下属单位|所属单位|直属单位|下属事业单位|所属事业单位|事业单位|预算单位|派出机构";

/// `内设机构3个：A、B、C`, `预算单位共 3 家，包括：A、B、C`, `3个内设机构，分别是：A、B、C`.
static COUNT_THEN_LIST: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"(?:(?P<noun1>{NOUNS})\s*(?:共计|共有|共|有)?\s*(?P<n1>{NUMERAL})\s*(?P<c1>个|家)|(?P<n2>{NUMERAL})\s*(?P<c2>个|家)\s*(?P<noun2>{NOUNS}))\s*[，,]?\s*(?:具体|分别)?\s*(?:包括|为|是|即)?\s*[：:]"
    ))
    .expect("count-then-list pattern compiles")
});

/// `…、机关文印中心等20个处室`, `…、C共3个内设机构`, `内设A、B、C三个股室`.
static LIST_THEN_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"(?P<etc>等|共)?\s*(?P<n>{NUMERAL})\s*(?P<cl>个|家)\s*(?P<noun>{NOUNS})"
    ))
    .expect("list-then-count pattern compiles")
});

/// `(?:包括|为|是)：` or `：` right before a list that a count follows.
static LIST_START: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?:包括|分别为|分别是|如下|有)\s*[：:]?\s*$|[：:]\s*$").expect("list start")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [
        &PROJECT_COUNT,
        &NOTED_COUNT,
        &COUNT_THEN_LIST,
        &LIST_THEN_COUNT,
        &LIST_START,
    ] {
        pattern.warm(hint);
    }
}

/// Names of rows that group projects under a department or unit.
const ORGANISATION_ENDS: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办事处",
    "办",
    "厅",
    "部",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "馆",
    "处",
    "科",
    "室",
    "社",
    "校",
    "会",
    "本级",
    "本部",
    "单位",
];

/// The project rows of a 项目支出 table that add up to its total.
struct Projects<'a> {
    table: &'a Table,
    /// The indices of the project rows.
    rows: Vec<usize>,
    /// The 合计 column.
    column: usize,
    total: Figure,
    /// Some project has no amount.
    zero: bool,
    /// Rows marked as 一级 projects (`城市绿化建设（一级项目）`), which group the projects
    /// under them: the project rows are the 二级 projects, and only a count that says so
    /// (`二级项目九个`) is theirs. The number of such rows.
    level_one: usize,
}

/// The readings of a 项目支出 table whose project rows add up to its total: at its 合计 column;
/// without one (a final account's `年初预算 | 全年预算 | 决算 | 执行率`), at each amount
/// column where they do, so that a count is tied to the column whose total its sentence (or the
/// document's whole 项目支出) gives.
fn projects_of(table: &Table) -> Vec<Projects<'_>> {
    let title = table.title_text();
    if !title.contains("项目支出") || title.contains("绩效") || table.no_data {
        return Vec::new();
    }
    // The 合计 column; in plain text whose header the reader could not split, the first column
    // when the header names 合计 before any other amount column.
    let header_total = table.header.iter().any(|h| {
        let h = crate::model::squeeze(&h.text);
        h.find("合计")
            .is_some_and(|at| !h[..at].contains("财政拨款") && !h[..at].contains("预算"))
    });
    if let Some(column) = table
        .column_named("合计")
        .or_else(|| (table.columns.len() == 1 || header_total).then_some(0))
    {
        return projects_in(table, column).into_iter().collect();
    }
    (0..table.columns.len())
        .filter(|&c| table.columns[c].kind == crate::model::ColumnKind::Amount)
        .filter_map(|column| projects_in(table, column))
        .collect()
}

/// The project rows of a 项目支出 table read at one amount column, when they add up to its
/// total there.
fn projects_in(table: &Table, column: usize) -> Option<Projects<'_>> {
    let mut total: Option<&crate::model::Number> = None;
    let mut groups: Vec<&crate::model::Number> = Vec::new();
    let mut projects: Vec<&crate::model::Number> = Vec::new();
    let mut rows = Vec::new();
    let mut level_one = 0;
    for (i, row) in table.rows.iter().enumerate() {
        if table.row_in_doubt(i) || row.code.is_some() {
            return None;
        }
        let number = match row.cell(column)? {
            Some(n) => n,
            // A name wrapped onto a row of its own, or a project without an amount.
            None if row.values.is_empty() => continue,
            None => return None,
        };
        let name = row.name();
        if row.is_total() {
            if total.is_some() {
                return None;
            }
            total = Some(number);
        } else if ORGANISATION_ENDS.iter().any(|e| name.ends_with(e)) {
            groups.push(number);
        } else if squeeze(&name).contains("一级项目") {
            level_one += 1;
        } else {
            projects.push(number);
            rows.push(i);
        }
    }
    let total = total.or_else(|| groups.iter().copied().max_by_key(|n| n.value))?;
    let unit = table.unit.or(total.unit);
    if projects.is_empty() || !matches!(unit, Some(Unit::Yuan | Unit::WanYuan)) {
        return None;
    }
    // The projects add up to the total, each rounded as written.
    let sum: Decimal = projects.iter().map(|n| n.value).sum();
    let slack: Decimal = projects.iter().map(|n| n.half_ulp()).sum::<Decimal>() + total.half_ulp();
    if (sum - total.value).abs() > slack {
        return None;
    }
    let zero = projects.iter().any(|n| n.value.is_zero());
    Some(Projects {
        table,
        rows,
        column,
        total: Figure {
            value: total.value,
            decimals: total.decimals,
            unit,
            span: total.span,
        },
        zero,
        level_one,
    })
}

/// The sentence around byte `at`: from after the last `。` before it to the next `。`, `；`.
fn sentence_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text[..at].rfind('。').map_or(0, |i| i + '。'.len_utf8());
    let end = text[at..]
        .find(['。', '；', ';'])
        .map_or(text.len(), |i| at + i);
    start..end
}

/// A count of projects in a paragraph with the amount it is of: the first amount after the count
/// in its sentence, with no other count and at most 24 characters between.
struct CountedAmount<'t> {
    /// The count from its number to its classifier (`4个`), in the paragraph's text.
    stated: std::ops::Range<usize>,
    value: u32,
    /// The sentence before the count, whitespace removed.
    before: Cow<'t, str>,
    amount: &'t Found,
}

fn counted_amounts<'t>(
    text: &'t str,
    found: &'t [Found],
) -> impl Iterator<Item = CountedAmount<'t>> {
    PROJECT_COUNT.captures_iter(text).filter_map(move |c| {
        let (whole, n) = (c.get(0)?, c.name("a").or_else(|| c.name("b"))?);
        let value = chinese_count(n.as_str())?;
        let sentence = sentence_around(text, whole.start());
        let amount = found.iter().find(|f| {
            f.range.start >= whole.end()
                && f.unit_end <= sentence.end
                && f.unit.is_some_and(Unit::is_money)
        })?;
        let between = &text[whole.end()..amount.range.start];
        if between.contains('个') || between.contains("其中") || between.chars().count() > 24 {
            return None;
        }
        Some(CountedAmount {
            stated: n.start()..whole.end(),
            value,
            before: squeeze(&text[sentence.start..whole.start()]),
            amount,
        })
    })
}

/// Whether the sentence before a count of projects makes it a subset (`其中`, `特定目标类项目`),
/// 一级 projects, a part of a count (`第3个`), or another year's projects.
fn counts_other_projects(before: &str, year: Option<&str>) -> bool {
    before.contains("其中")
        || before.ends_with('类')
        || before.ends_with('第')
        || before.ends_with("一级")
        || before.ends_with("1级")
        || before.contains("上年")
        || before.contains("以前年度")
        || super::amount::years_named(before).any(|y| year.is_none_or(|d| d != y))
        || before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
}

/// Every project count of the paragraph that the 项目支出 table its amount names contradicts,
/// and every count of all the projects of the 项目支出 (with its `其中` parts) that the table of
/// all of them contradicts.
pub fn wrong_project_counts<'a>(
    document: &'a Document,
    p: &Paragraph,
    year: Option<&str>,
) -> Vec<WrongProjectCount<'a>> {
    let text = &p.text.text;
    if !PROJECT_COUNT.is_match(text) {
        return Vec::new();
    }
    let tables: Vec<Projects<'a>> = document.tables().flat_map(projects_of).collect();
    if tables.is_empty() {
        return Vec::new();
    }
    let found = scan_numbers(text);
    let mut out = Vec::new();
    let mut tied = Vec::new();
    for counted in counted_amounts(text, &found) {
        let CountedAmount {
            stated,
            value,
            before,
            amount,
        } = counted;
        tied.push(stated.start);
        if counts_other_projects(&before, year) {
            continue;
        }
        let amount = Figure {
            value: amount.value,
            decimals: amount.decimals,
            unit: amount.unit,
            span: p.text.source_span(amount.range.start..amount.unit_end),
        };
        let matching: Vec<&Projects> = tables
            .iter()
            .filter(|t| {
                amount.may_equal(&t.total) && t.total.value * yuan_per(t.total.unit) > Decimal::ZERO
            })
            .collect();
        let Some(&projects) = matching.first() else {
            continue;
        };
        // Under 一级 projects, only a count of 二级 projects is a count of the rows.
        let second_level = before.ends_with("二级") || before.ends_with("2级") || {
            let counted = &text[stated.clone()];
            counted.contains("二级") || counted.contains("2级")
        };
        if matching.iter().any(|t| t.level_one > 0) && !second_level {
            continue;
        }
        let rows = projects.rows.len();
        if matching.iter().any(|t| t.rows.len() != rows) {
            continue;
        }
        // `一级项目四个、二级项目九个`: the 一级 count before it is of the rows marked 一级.
        let level_one = projects.level_one;
        if level_one > 0
            && matching.iter().all(|t| t.level_one == level_one)
            && let Some(c) = LEVEL_ONE_BEFORE.captures(&text[..stated.start])
            && let Some(n) = c.name("n")
            && let Some(one) = chinese_count(n.as_str())
            && one as usize != level_one
        {
            out.push(WrongProjectCount {
                stated: StatedCount {
                    value: one,
                    span: p.text.source_span(
                        n.start()
                            ..text[n.end()..]
                                .find('个')
                                .map_or(n.end(), |i| n.end() + i + '个'.len_utf8()),
                    ),
                },
                amount: amount.clone(),
                table: projects.table,
                rows: level_one,
                tie: ProjectTie::Sentence,
                spending: None,
            });
        }
        if !counts_within(value, projects.all_counted()) {
            out.push(WrongProjectCount {
                stated: StatedCount {
                    value,
                    span: p.text.source_span(stated),
                },
                amount,
                table: projects.table,
                rows,
                tie: ProjectTie::Sentence,
                spending: None,
            });
        }
    }
    out.extend(wrong_whole_counts(document, p, year, &tables, &tied));
    out
}

impl Projects<'_> {
    /// The fewest and the most projects a count of all of them may give: a project of no
    /// amount may or may not be counted.
    fn all_counted(&self) -> (usize, usize) {
        let all = self.rows.len();
        (if self.zero { 0 } else { all }, all)
    }
}

/// A count of projects in the note under a 项目支出 table (`注：本表共列示项目6个。`) that the
/// table's project rows contradict. The note is the first block after the table, page
/// furniture aside; the table is read only when its project rows add up to its total, and
/// every reading of it gives the same rows.
pub fn wrong_noted_counts(document: &Document) -> Vec<WrongProjectCount<'_>> {
    let mut out = Vec::new();
    let mut table: Option<&Table> = None;
    for block in &document.blocks {
        let p = match block {
            Block::Furniture(_) => continue,
            Block::Table(t) => {
                table = Some(t);
                continue;
            }
            Block::Heading(_) => {
                table = None;
                continue;
            }
            Block::Paragraph(p) | Block::Note(p) => p,
        };
        let Some(t) = table.take() else {
            continue;
        };
        let text = &p.text.text;
        if !text.contains("本表") {
            continue;
        }
        let Some((n, value)) = NOTED_COUNT.captures(text).and_then(|c| {
            let n = c.name("a").or_else(|| c.name("b"))?;
            Some((n, chinese_count(n.as_str())?))
        }) else {
            continue;
        };
        let readings = projects_of(t);
        let Some(projects) = readings.first() else {
            continue;
        };
        if readings
            .iter()
            .any(|r| r.rows != projects.rows || r.level_one != projects.level_one)
            || projects.level_one > 0
        {
            continue;
        }
        if counts_within(value, projects.all_counted()) {
            continue;
        }
        let rows = projects.rows.len();
        let rows = if value as usize > rows {
            rows
        } else {
            projects.all_counted().0
        };
        let end = text[n.end()..]
            .find('个')
            .map_or(n.end(), |i| n.end() + i + '个'.len_utf8());
        out.push(WrongProjectCount {
            stated: StatedCount {
                value,
                span: p.text.source_span(n.start()..end),
            },
            amount: projects.total.clone(),
            table: t,
            rows,
            tie: ProjectTie::Note,
            spending: None,
        });
    }
    out
}

/// Whether a stated count lies between the fewest and the most rows it may count.
fn counts_within(value: u32, (fewest, most): (usize, usize)) -> bool {
    (fewest..=most).contains(&(value as usize))
}

/// `项目支出共安排项目 5 个`, `2025年本部门项目支出共设置5个项目`, `2026年本中心共安排项目7个`:
/// the sentence before the count names the 项目支出 as a whole (or all the projects, `共`),
/// nothing else.
static WHOLE_LEAD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"^(?:20\d{2}年度?)?(?:本(?:部门|单位|中心|局|院|委|馆|站|所|处|办|队|会|街道|镇|乡))?(?:20\d{2}年度?)?(?:项目支出(?:共计|共)?|共计|共)(?:安排|设置|涉及|实施)?$",
    )
    .expect("whole project lead compiles")
});

/// `2026年本街道`: the unit's projects, all of them when `全部` follows the count
/// (`2026 年本街道十二个项目全部实行绩效目标管理`).
static UNIT_LEAD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"^(?:20\d{2}年度?)?本(?:部门|单位|中心|局|院|委|馆|站|所|处|办|队|会|街道|镇|乡)(?:20\d{2}年度?)?$",
    )
    .expect("unit project lead compiles")
});

/// `单项金额10000万元以上的`: a part of the projects by size, at least the amount written.
static AT_LEAST: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"^(?:单项|单个项目|每个项目)(?:金额|资金)?(?:在)?(?P<n>[0-9]+(?:\.[0-9]+)?)(?P<u>万元|元)(?:及)?以上的?$",
    )
    .expect("at-least lead compiles")
});

/// A count of all the projects of the year stated again with another number: `2026 年共安排
/// 项目十一个` and later `本院 2026 年十二个项目全部编制了绩效目标`.
#[derive(Debug, Clone)]
pub struct RestatedCount {
    /// The first count of all the projects in the document.
    pub first: StatedCount,
    /// A later one that differs.
    pub again: StatedCount,
}

/// The counts of all the projects of the document's year (`项目支出共安排项目 5 个`,
/// `本街道十二个项目全部…`) that differ from the first one, in one pass over the paragraphs.
/// Counts of a level or type of project, of another year, or after a `其中` are not whole
/// counts and are not read.
pub fn restated_whole_counts(document: &Document, year: Option<&str>) -> Vec<RestatedCount> {
    let mut first: Option<StatedCount> = None;
    let mut out = Vec::new();
    for p in document.paragraphs() {
        let text = &p.text.text;
        if !text.contains('个') || !PROJECT_COUNT.is_match(text) {
            continue;
        }
        for c in PROJECT_COUNT.captures_iter(text) {
            let (Some(whole), Some(n)) = (c.get(0), c.name("a").or_else(|| c.name("b"))) else {
                continue;
            };
            let Some(value) = chinese_count(n.as_str()) else {
                continue;
            };
            let sentence = sentence_around(text, whole.start());
            let before = squeeze(&text[sentence.start..whole.start()]);
            let all =
                UNIT_LEAD.is_match(&before) && squeeze(&text[whole.end()..]).starts_with("全部");
            if counts_other_projects(&before, year) || !(WHOLE_LEAD.is_match(&before) || all) {
                continue;
            }
            let stated = StatedCount {
                value,
                span: p.text.source_span(n.start()..whole.end()),
            };
            match &first {
                None => first = Some(stated),
                Some(f) if f.value != value => out.push(RestatedCount {
                    first: f.clone(),
                    again: stated,
                }),
                Some(_) => {}
            }
        }
    }
    out
}

/// The largest 项目支出 total of the document's tables of all its spending (not a table of one
/// source of money, nor a 项目支出 table), when the tables giving one agree.
fn whole_project_spending(document: &Document) -> Option<Figure> {
    let mut totals: Vec<Figure> = Vec::new();
    for t in document.tables() {
        let title = t.title_text();
        if title.is_empty()
            || [
                "项目支出",
                "一般公共预算",
                "财政拨款",
                "政府性基金",
                "国有资本",
                "三公",
            ]
            .iter()
            .any(|w| title.contains(w))
        {
            continue;
        }
        let Some(column) = t.column_named("项目支出") else {
            continue;
        };
        for (i, row) in t.rows.iter().enumerate() {
            if !row.is_total() || t.row_in_doubt(i) {
                continue;
            }
            if let Some(Some(n)) = row.cell(column) {
                totals.push(Figure {
                    value: n.value,
                    decimals: n.decimals,
                    unit: t.unit.or(n.unit),
                    span: n.span,
                });
            }
        }
    }
    let first = totals.first()?.clone();
    totals.iter().all(|f| f.may_equal(&first)).then_some(first)
}

/// Counts of all the projects of the 项目支出 without an amount of their own sentence
/// (`项目支出共安排项目 5 个`), and the `其中` parts after them in the same sentence
/// (`一般公共预算安排的项目 5 个`, `单项金额 10000 万元以上的项目 2 个`), against the one
/// 项目支出 table whose total is the whole 项目支出 of the document's 支出总表: that table lists
/// every project.
fn wrong_whole_counts<'a>(
    document: &'a Document,
    p: &Paragraph,
    year: Option<&str>,
    tables: &[Projects<'a>],
    tied: &[usize],
) -> Vec<WrongProjectCount<'a>> {
    let text = &p.text.text;
    let mut out = Vec::new();
    // The 项目支出 named, or all the unit's projects (`本街道十二个项目全部…`).
    if !text.contains("项目支出") && !text.contains("全部") {
        return out;
    }
    let Some(whole) = whole_project_spending(document) else {
        return out;
    };
    let matching: Vec<&Projects> = tables
        .iter()
        .filter(|t| t.total.may_equal(&whole))
        .collect();
    let [projects] = matching[..] else {
        return out;
    };
    // A count of all the projects where the table groups them under 一级 ones: of which level
    // is not said.
    if projects.level_one > 0 {
        return out;
    }
    let counts: Vec<(std::ops::Range<usize>, u32, usize)> = PROJECT_COUNT
        .captures_iter(text)
        .filter_map(|c| {
            let (whole, n) = (c.get(0)?, c.name("a").or_else(|| c.name("b"))?);
            Some((
                n.start()..whole.end(),
                chinese_count(n.as_str())?,
                whole.start(),
            ))
        })
        .collect();
    for (k, (stated, value, at)) in counts.iter().enumerate() {
        if tied.contains(&stated.start) {
            continue;
        }
        let sentence = sentence_around(text, *at);
        let before = squeeze(&text[sentence.start..*at]);
        // `本街道十二个项目全部…`: all the unit's projects.
        let all = UNIT_LEAD.is_match(&before) && squeeze(&text[stated.end..]).starts_with("全部");
        if counts_other_projects(&before, year) || !(WHOLE_LEAD.is_match(&before) || all) {
            continue;
        }
        let mut push = |stated: &std::ops::Range<usize>, value: u32, (fewest, rows), tie| {
            if !counts_within(value, (fewest, rows)) {
                let rows = if value as usize > rows { rows } else { fewest };
                out.push(WrongProjectCount {
                    stated: StatedCount {
                        value,
                        span: p.text.source_span(stated.clone()),
                    },
                    amount: projects.total.clone(),
                    table: projects.table,
                    rows,
                    tie,
                    spending: Some(whole.span),
                });
            }
        };
        push(stated, *value, projects.all_counted(), ProjectTie::Whole);
        // The parts a `其中` lists after the count, up to the end of its sentence; or, when
        // its sentence goes on without one, those of the next sentence if that opens with
        // `其中` (`…共安排项目 7 个，…项目支出预算 506.69 万元。其中：单个项目金额 100 万元以上的
        // 项目 2 个`): the parts are read only as the 项目支出's projects by size or source.
        let sentence_end = |from: usize| text[from..].find('。').map_or(text.len(), |i| from + i);
        let mut end = sentence_end(stated.end);
        let rest = squeeze(&text[stated.end..end]);
        if !rest.trim_start_matches(['，', ',']).starts_with("其中") {
            let next = end + '。'.len_utf8();
            let opens_next = !rest.contains("其中")
                && text
                    .get(next..)
                    .is_some_and(|t| t.trim_start().starts_with("其中"));
            if !opens_next {
                continue;
            }
            end = sentence_end(next);
        }
        for (part, value, at) in counts[k + 1..].iter().filter(|c| c.2 < end) {
            let clause_start = text[..*at]
                .rfind(['，', '；', '：', ',', ';', ':'])
                .map_or(0, |i| {
                    i + text[i..].chars().next().map_or(1, char::len_utf8)
                });
            let lead = squeeze(&text[clause_start..*at]);
            if let Some((rows, tie)) = part_rows(projects, &lead) {
                push(part, *value, rows, tie);
            }
        }
    }
    // `特定目标类项目九个`, after a `其中` or on its own: the projects of that type, which the
    // table of all the projects gives in its 项目类型 column.
    for (stated, value, at) in &counts {
        if tied.contains(&stated.start) {
            continue;
        }
        let sentence = sentence_around(text, *at);
        let clause_start = text[..*at]
            .rfind(['，', '；', '：', ',', ';', ':', '。'])
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            })
            .max(sentence.start);
        let before = squeeze(&text[sentence.start..clause_start]);
        let lead = squeeze(&text[clause_start..*at]);
        let lead = lead.strip_prefix("其中").unwrap_or(&lead);
        if before.contains("上年")
            || before.contains("以前年度")
            || super::amount::years_named(&before).any(|y| year.is_none_or(|d| d != y))
        {
            continue;
        }
        let Some((fewest, most)) = projects.of_type(lead) else {
            continue;
        };
        if !counts_within(*value, (fewest, most)) {
            out.push(WrongProjectCount {
                stated: StatedCount {
                    value: *value,
                    span: p.text.source_span(stated.clone()),
                },
                amount: projects.total.clone(),
                table: projects.table,
                rows: if *value as usize > most { most } else { fewest },
                tie: ProjectTie::Type(lead.to_string()),
                spending: Some(whole.span),
            });
        }
    }
    out
}

/// `特定目标类`, `其他运转类`: the type of a project row, in a table with a 项目类型 column: a
/// text cell of its own, or the start of the row's name (in `-layout` text the 类型 cell,
/// centred beside a name wrapped over two lines, joins the name's second line).
fn project_type(row: &crate::model::Row) -> Option<String> {
    let is_type = |s: &str| s.ends_with('类') && (3..=8).contains(&s.chars().count());
    if let Some(cell) = row
        .cells
        .iter()
        .map(|c| squeeze(&c.text).into_owned())
        .find(|c| is_type(c))
    {
        return Some(cell);
    }
    let name = row.name();
    let end = name
        .char_indices()
        .take(8)
        .find(|&(_, c)| c == '类')
        .map(|(i, c)| i + c.len_utf8())?;
    is_type(&name[..end]).then(|| name[..end].to_string())
}

impl Projects<'_> {
    /// The fewest and the most projects of a type (`特定目标类`) a count may give, when the
    /// table has a 项目类型 column, every project row has a type, and one of them is this one.
    fn of_type(&self, kind: &str) -> Option<(usize, usize)> {
        // The 类型 column comes first, so a row's name starts with its type in any reading.
        let typed = self.table.header.iter().any(|h| {
            let h = squeeze(&h.text);
            let name = h.find("项目名称").unwrap_or(h.len());
            ["项目类型", "项目类别"]
                .iter()
                .any(|w| h.find(w).is_some_and(|at| at < name))
        });
        if !typed || !kind.ends_with('类') {
            return None;
        }
        let (mut fewest, mut most) = (0, 0);
        for &i in &self.rows {
            let row = &self.table.rows[i];
            if project_type(row)? == kind {
                most += 1;
                fewest += usize::from(
                    row.cell(self.column)
                        .flatten()
                        .is_some_and(|n| !n.value.is_zero()),
                );
            }
        }
        (most > 0).then_some((fewest, most))
    }
}

/// The fewest and the most project rows a `其中` part may name: those with an amount in the
/// column its source of money names (`一般公共预算安排的`), or those above the amount written
/// (`单项金额10000万元以上的`), with or without one of that very amount (以上 is read both ways)
/// or one whose rounding straddles it.
fn part_rows(projects: &Projects, lead: &str) -> Option<((usize, usize), ProjectTie)> {
    let table = projects.table;
    let funded = |column: usize| {
        projects
            .rows
            .iter()
            .filter(|&&i| {
                table.rows[i]
                    .cell(column)
                    .flatten()
                    .is_some_and(|n| n.value > Decimal::ZERO)
            })
            .count()
    };
    if let Some(source) = lead
        .strip_suffix("安排的")
        .or_else(|| lead.strip_suffix("安排"))
    {
        let column = table
            .columns
            .iter()
            .position(|c| c.leaf == source && c.leaf != "合计")?;
        // Every project row has its cell of that column read.
        if projects
            .rows
            .iter()
            .any(|&i| table.rows[i].cell(column).is_none())
        {
            return None;
        }
        let n = funded(column);
        return Some(((n, n), ProjectTie::Source(source.to_string())));
    }
    let c = AT_LEAST.captures(lead)?;
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let floor = c.name("n")?.as_str().parse::<Decimal>().ok()? * yuan_per(Some(unit));
    let (mut fewest, mut most) = (0, 0);
    for &i in &projects.rows {
        let n = table.rows[i].cell(projects.column).flatten()?;
        let (low, high) = yuan_interval(n.value, n.decimals, projects.total.unit);
        fewest += usize::from(low > floor);
        most += usize::from(high >= floor);
    }
    Some((
        (fewest, most),
        ProjectTie::AtLeast(c.get(0)?.as_str().to_string(), fewest, most),
    ))
}

/// The items of a list, split at `、` outside brackets and quotes; `None` when the list is not
/// clearly one list of names.
fn list_items(list: &str) -> Option<usize> {
    let list = list.trim();
    if list.is_empty() || list.contains(['，', ',', '：', ':']) {
        return None;
    }
    let mut depth = 0i32;
    let mut items = 1;
    let mut item = String::new();
    let mut lengths = Vec::new();
    for c in list.chars() {
        match c {
            '（' | '(' | '“' | '「' | '《' | '【' => depth += 1,
            '）' | ')' | '”' | '」' | '》' | '】' => depth -= 1,
            '、' if depth == 0 => {
                items += 1;
                lengths.push(item.chars().count());
                item.clear();
                continue;
            }
            _ => {}
        }
        if depth == 0 && !c.is_whitespace() {
            item.push(c);
        }
    }
    lengths.push(item.chars().count());
    // `A、B和C`, `A及B`: whether 和 joins two items or stands in a name is not clear.
    let joined = |s: &str| s.contains('和') || s.contains('及') || s.contains('与');
    if depth != 0 || lengths.iter().any(|&l| l == 0 || l > 30) || joined(&item) {
        return None;
    }
    Some(items)
}

/// Every count of offices or units the list right after (or before) it contradicts.
pub fn wrong_listed_counts(p: &Paragraph) -> Vec<WrongListedCount> {
    let text = &p.text.text;
    let mut out = Vec::new();
    let marks = ListMarks::of(text);
    for c in COUNT_THEN_LIST.captures_iter(text) {
        let (Some(whole), Some(n), Some(noun)) = (
            c.get(0),
            c.name("n1").or_else(|| c.name("n2")),
            c.name("noun1").or_else(|| c.name("noun2")),
        ) else {
            continue;
        };
        let Some(value) = chinese_count(n.as_str()) else {
            continue;
        };
        let end = marks.stop_from(whole.end()).unwrap_or(text.len());
        // The list must end its sentence: a list cut by the end of the paragraph is not read.
        if end == text.len() && !text[whole.end()..].trim_end().ends_with('。') {
            continue;
        }
        // A clause about something else ends the list: `…、规划建设管理环保办公室，下设综合便民服务
        // 中心…，辖12个行政村` (subordinate units, villages). `，另设…` may go on counting the same
        // offices: not cut, and the list is not read.
        let end = marks
            .enumeration_from(whole.end())
            .and_then(|listed| marks.cut_after(listed))
            .filter(|&cut| cut < end)
            .unwrap_or(end);
        let list = &text[whole.end()..end];
        let open = list.trim_end().ends_with('等');
        let Some(listed) = list_items(list.trim_end().trim_end_matches('等')) else {
            continue;
        };
        if listed > value as usize || (!open && listed != value as usize) {
            out.push(WrongListedCount {
                stated: StatedCount {
                    value,
                    span: p.text.source_span(n.start()..whole.end()),
                },
                noun: noun.as_str().to_string(),
                classifier: c
                    .name("c1")
                    .or_else(|| c.name("c2"))
                    .map_or("个", |m| m.as_str())
                    .to_string(),
                listed,
                list: p.text.source_span(whole.end()..end),
                open,
                numbered: false,
                itemised: false,
            });
        }
    }
    for c in LIST_THEN_COUNT.captures_iter(text) {
        let (Some(whole), Some(n), Some(noun)) = (c.get(0), c.name("n"), c.name("noun")) else {
            continue;
        };
        let etc = c.name("etc").map(|m| m.as_str());
        let Some(value) = chinese_count(n.as_str()) else {
            continue;
        };
        // The list starts after `包括：` or `：` in the same sentence, or (the count right after
        // its last item) after `内设` / `下设` / `设有` (`本部门内设办公室、人事股…六个股室`).
        let sentence = marks.sentence_start(whole.start());
        let after_colon = marks
            .colon_within(sentence, whole.start())
            .and_then(|start| {
                (etc.is_some() && LIST_START.is_match(&text[..start])).then_some(start)
            });
        let after_verb = || marks.verb_within(sentence, whole.start());
        let Some(start) = after_colon.or_else(after_verb) else {
            continue;
        };
        let list = &text[start..whole.start()];
        let Some(listed) = list_items(list) else {
            continue;
        };
        let open = etc == Some("等");
        if listed > value as usize || (!open && listed != value as usize) {
            out.push(WrongListedCount {
                stated: StatedCount {
                    value,
                    span: p.text.source_span(n.start()..whole.end()),
                },
                noun: noun.as_str().to_string(),
                classifier: c.name("cl").map_or("个", |m| m.as_str()).to_string(),
                listed,
                list: p.text.source_span(start..whole.start()),
                open,
                numbered: false,
                itemised: false,
            });
        }
    }
    out
}

/// Where the marks that bound a listed count's list stand in a paragraph's text, in order: each
/// count of a long sentence looks them up instead of reading the sentence again
/// (`下设1个科室，下设2个科室，…` or `内设3个科室：第1科，第2科，…` thousands of times in one
/// sentence).
struct ListMarks {
    /// `。`, `；`, `;`: the end of a list at the latest.
    stops: Vec<usize>,
    /// `。`: where sentences end.
    periods: Vec<usize>,
    /// `、`.
    enumerations: Vec<usize>,
    /// `，` before a clause about something else (`，下设…`, `，辖12个行政村`).
    cuts: Vec<usize>,
    /// `：`, `:`, each with where the text after it starts.
    colons: Vec<(usize, usize)>,
    /// `内设`, `下设`, `设有`, each with where it ends, in the order of their ends.
    verbs: Vec<(usize, usize)>,
}

impl ListMarks {
    fn of(text: &str) -> ListMarks {
        let at = |pattern: &[char]| text.match_indices(pattern).map(|(i, _)| i).collect();
        let cuts = text
            .match_indices(['，', ','])
            .filter(|&(i, sep)| {
                let after = text[i + sep.len()..].trim_start();
                ["下设", "下辖", "管辖", "辖", "负责", "主要", "现有", "核定"]
                    .iter()
                    .any(|w| after.starts_with(w))
            })
            .map(|(i, _)| i)
            .collect();
        let mut verbs: Vec<(usize, usize)> = ["内设", "下设", "设有"]
            .iter()
            .flat_map(|v| text.match_indices(v).map(|(i, v)| (i, i + v.len())))
            .collect();
        verbs.sort_by_key(|&(_, end)| end);
        ListMarks {
            stops: at(&['。', '；', ';']),
            periods: at(&['。']),
            enumerations: at(&['、']),
            cuts,
            colons: text
                .match_indices(['：', ':'])
                .map(|(i, c)| (i, i + c.len()))
                .collect(),
            verbs,
        }
    }

    /// The first mark of `marks` at or after byte `from`.
    fn first_from(marks: &[usize], from: usize) -> Option<usize> {
        marks.get(marks.partition_point(|&i| i < from)).copied()
    }

    /// Where the first `。` or `；` at or after byte `from` stands.
    fn stop_from(&self, from: usize) -> Option<usize> {
        Self::first_from(&self.stops, from)
    }

    /// Where the first `、` at or after byte `from` stands.
    fn enumeration_from(&self, from: usize) -> Option<usize> {
        Self::first_from(&self.enumerations, from)
    }

    /// The first `，` after byte `after` that a clause about something else follows.
    fn cut_after(&self, after: usize) -> Option<usize> {
        Self::first_from(&self.cuts, after + 1)
    }

    /// Where the sentence of byte `at` starts: after the last `。` before it.
    fn sentence_start(&self, at: usize) -> usize {
        let n = self.periods.partition_point(|&i| i < at);
        n.checked_sub(1)
            .map_or(0, |n| self.periods[n] + '。'.len_utf8())
    }

    /// Where the text after the last colon between bytes `from` and `to` starts.
    fn colon_within(&self, from: usize, to: usize) -> Option<usize> {
        let n = self.colons.partition_point(|&(i, _)| i < to);
        let (i, after) = *self.colons.get(n.checked_sub(1)?)?;
        (i >= from).then_some(after)
    }

    /// Where the last `内设` / `下设` / `设有` between bytes `from` and `to` ends.
    fn verb_within(&self, from: usize, to: usize) -> Option<usize> {
        let n = self.verbs.partition_point(|&(_, end)| end <= to);
        let (i, end) = *self.verbs.get(n.checked_sub(1)?)?;
        (i >= from).then_some(end)
    }
}

/// Every count of projects that the items a `其中：` lists after it contradicts: `编报绩效目标的
/// 项目共4个，涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元，
/// …`. The items are read only when the list is nothing but `name amount` pairs parted by `，`,
/// `；` or `、` up to the end of its sentence, and their amounts add up to the count's amount
/// within rounding: then they are the projects counted.
pub fn wrong_itemised_counts(p: &Paragraph) -> Vec<WrongListedCount> {
    let text = &p.text.text;
    let mut out = Vec::new();
    if !text.contains("其中") {
        return out;
    }
    let found = scan_numbers(text);
    for counted in counted_amounts(text, &found) {
        let (before, total) = (&counted.before, counted.amount);
        if before.contains("其中") || before.ends_with(['类', '第', '级']) {
            continue;
        }
        let Some((items, list)) = itemised_parts(text, total.unit_end) else {
            continue;
        };
        let sum: Decimal = items.iter().map(|f| f.value * yuan_per(f.unit)).sum();
        let slack: Decimal = items
            .iter()
            .chain([total])
            .map(|f| Decimal::new(5, f.decimals + 1) * yuan_per(f.unit))
            .sum();
        if (sum - total.value * yuan_per(total.unit)).abs() > slack {
            continue;
        }
        if items.len() != counted.value as usize {
            out.push(WrongListedCount {
                stated: StatedCount {
                    value: counted.value,
                    span: p.text.source_span(counted.stated.clone()),
                },
                noun: "项目".to_string(),
                classifier: "个".to_string(),
                listed: items.len(),
                list: p.text.source_span(list),
                open: false,
                numbered: false,
                itemised: true,
            });
        }
    }
    out
}

/// The parts a `其中：` right after byte `from` lists, each a name and its amount, up to the end
/// of that sentence; `None` unless the list is nothing else and names two parts or more. The
/// list is read with its whitespace removed: justified lines come out of `pdftotext` letter
/// by letter (`财 政 业 务 费 10.00 万 元`), and a unit may wrap (`418.80万` / `元`).
fn itemised_parts(
    text: &str,
    from: usize,
) -> Option<(Vec<crate::number::Found>, std::ops::Range<usize>)> {
    let rest = &text[from..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ',' | '。'))
            .len();
    let start = from + skipped;
    let opening = text[start..].strip_prefix("其中")?;
    let opening = opening.trim_start_matches([' ', '：', ':']);
    let list_start = text.len() - opening.len();
    let end = text[list_start..]
        .find('。')
        .map_or(text.len(), |i| list_start + i);
    let list = crate::model::squeeze(&text[list_start..end]);
    let found = scan_numbers(&list);
    let mut items = Vec::new();
    let mut at = 0;
    for f in found {
        if !f.unit.is_some_and(Unit::is_money) {
            return None;
        }
        let name = list[at..f.range.start].trim_start_matches(['，', ',', '；', ';', '、']);
        let chars = name.chars().count();
        // `特定目标类项目四个，资金…`: a part counted on its own is a group of items.
        let counted_part = name.match_indices('个').any(|(i, _)| {
            name[..i]
                .chars()
                .next_back()
                .is_some_and(|c| "一二两三四五六七八九十百".contains(c))
        });
        if !(2..=30).contains(&chars)
            || counted_part
            || name.contains(|c: char| c.is_ascii_digit() || matches!(c, '：' | ':' | '%' | '％'))
            || ["其中", "占", "比", "合计", "共"]
                .iter()
                .any(|w| name.contains(w))
        {
            return None;
        }
        // What follows the amount: a separator, or the end of the list.
        let after = &list[f.unit_end..];
        if !(after.is_empty() || after.starts_with(['，', ',', '；', ';', '、'])) {
            return None;
        }
        at = f.unit_end;
        items.push(f);
    }
    if !list[at..]
        .trim_start_matches(['，', ',', '；', ';', '、'])
        .is_empty()
    {
        return None;
    }
    (items.len() >= 2).then_some((items, list_start..end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn listed(s: &str) -> Vec<(u32, usize)> {
        wrong_listed_counts(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .iter()
        .map(|w| (w.stated.value, w.listed))
        .collect()
    }

    fn itemised(s: &str) -> Vec<(u32, usize)> {
        wrong_itemised_counts(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .iter()
        .map(|w| (w.stated.value, w.listed))
        .collect()
    }

    /// A 支出总表 and a 项目支出 table by project (fixtures/unseen/yiling-agriculture-2025, cut),
    /// and the 说明's count of all the projects with its `其中` parts.
    fn whole_counts(prose: &str, spending_total: &str) -> Vec<(u32, usize, ProjectTie)> {
        let text = format!(
            "{prose}\n\n表3 部门支出总表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| | 合计 | 81876.40 | 10000.00 | {spending_total} |\n| 213 | 农林水支出 | 81876.40 | 10000.00 | {spending_total} |\n\n表10 项目支出预算表\n\n单位：万元\n\n| 项目名称 | 科目编码 | 合计 | 一般公共预算 | 政府性基金预算 |\n|---|---|---|---|---|\n| 合计 | | 71876.40 | 59876.40 | 12000.00 |\n| 农业科技推广与培训 | 2130106 | 14197.50 | 14197.50 | 0.00 |\n| 高标准农田建设 | 2130122 | 42000.00 | 30000.00 | 12000.00 |\n| 农产品质量安全监测 | 2130122 | 10000.00 | 10000.00 | 0.00 |\n| 耕地地力保护补贴发放工作经费 | 2130122 | 5678.90 | 5678.90 | 0.00 |\n"
        );
        counts_of(text, "2025")
    }

    /// The wrong project counts of the first paragraph of a Markdown document: stated, rows, tie.
    fn counts_of(text: String, year: &str) -> Vec<(u32, usize, ProjectTie)> {
        let document = crate::parse::parse(&crate::source::SourceFile::new(
            "t.md".into(),
            text,
            crate::source::SourceEncoding::Utf8,
        ));
        let p = document.paragraphs().next().expect("the prose");
        wrong_project_counts(&document, p, Some(year))
            .into_iter()
            .map(|w| (w.stated.value, w.rows, w.tie))
            .collect()
    }

    /// The stated counts and the rows they were compared with.
    fn stated_and_rows(counts: Vec<(u32, usize, ProjectTie)>) -> Vec<(u32, usize)> {
        counts.into_iter().map(|(v, n, _)| (v, n)).collect()
    }

    #[test]
    fn a_count_of_all_the_projects_against_the_table_of_all_of_them() {
        let right = "项目支出共安排项目4个，其中：一般公共预算安排的项目4个，政府性基金预算安排的项目1个；单项金额10000万元以上的项目3个。";
        assert!(whole_counts(right, "71876.40").is_empty());
        // 以上 with or without the project of exactly 10000.00: 2 is right too.
        assert!(
            whole_counts(&right.replace("以上的项目3个", "以上的项目2个"), "71876.40").is_empty()
        );
        assert_eq!(
            whole_counts(&right.replace("项目4个，其中", "项目5个，其中"), "71876.40"),
            vec![(5, 4, ProjectTie::Whole)]
        );
        assert_eq!(
            whole_counts(
                &right.replace("基金预算安排的项目1个", "基金预算安排的项目2个"),
                "71876.40"
            ),
            vec![(2, 1, ProjectTie::Source("政府性基金预算".to_string()))]
        );
        assert_eq!(
            stated_and_rows(whole_counts(
                &right.replace("以上的项目3个", "以上的项目1个"),
                "71876.40"
            )),
            vec![(1, 2)]
        );
        // The 项目支出 table is not all the 项目支出 of the 支出总表: which projects it lists is
        // not known, so the count is not checked against it.
        assert!(
            whole_counts(&right.replace("项目4个，其中", "项目5个，其中"), "81876.40").is_empty()
        );
        // A count of some projects only.
        let some = "一般公共预算项目支出共安排项目5个。";
        assert!(whole_counts(some, "71876.40").is_empty());
        // fixtures/unseen/dongtou-fishery-2026: the unit's projects, all of them (`共`),
        // with the 项目支出 named later in the sentence.
        let unit = "2025年本中心共安排项目4个，较上年增加1个，项目支出预算71876.40万元。";
        assert!(whole_counts(unit, "71876.40").is_empty());
        assert_eq!(
            whole_counts(&unit.replace("项目4个", "项目7个"), "71876.40"),
            vec![(7, 4, ProjectTie::Whole)]
        );
        // Without `共` or 项目支出 before it, a count may be of some projects only.
        let bare = "2025年本中心安排项目7个，较上年增加1个，项目支出预算71876.40万元。";
        assert!(whole_counts(bare, "71876.40").is_empty());
        // Its `其中` opening the next sentence: the parts by size are still the count's.
        let next = "2025年本中心共安排项目4个，较上年增加1个，项目支出预算71876.40万元。其中：单个项目金额10000万元以上的项目3个，合计66197.50万元。";
        assert!(whole_counts(next, "71876.40").is_empty());
        assert_eq!(
            stated_and_rows(whole_counts(
                &next.replace("以上的项目3个", "以上的项目4个"),
                "71876.40"
            )),
            vec![(4, 3)]
        );
        // A sentence between them, or a `其中` of the count's own sentence before: not read.
        let apart = next.replace("万元。其中", "万元。主要用于农业。其中");
        assert!(
            whole_counts(&apart.replace("以上的项目3个", "以上的项目4个"), "71876.40").is_empty()
        );
    }

    /// A 支出总表 and a 项目支出表 whose first column is the 项目类型 (fixtures/unseen/yulin-street-2026,
    /// cut), and the 说明's counts of projects by type.
    fn typed_counts(prose: &str) -> Vec<(u32, usize, ProjectTie)> {
        let text = format!(
            "{prose}\n\n表3 部门支出总表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| | 合计 | 1000.00 | 300.00 | 700.00 |\n| 201 | 一般公共服务支出 | 1000.00 | 300.00 | 700.00 |\n\n表10 项目支出表\n\n单位：万元\n\n| 项目类型 | 项目名称 | 合计 | 一般公共预算拨款 |\n|---|---|---|---|\n| 合计 | | 700.00 | 700.00 |\n| 特定目标类 | 人大代表履职服务经费 | 120.00 | 120.00 |\n| 特定目标类 | 老旧院落改造 | 345.60 | 345.60 |\n| 特定目标类 | 城市精细化管理服务外包 | 34.40 | 34.40 |\n| 其他运转类 | 社区党群服务中心运行经费 | 200.00 | 200.00 |\n"
        );
        counts_of(text, "2026")
    }

    #[test]
    fn a_count_of_a_type_of_project_against_the_type_column() {
        let right = "项目支出共安排项目四个，其中：特定目标类项目三个，其他运转类项目1个。";
        assert!(typed_counts(right).is_empty());
        assert_eq!(
            typed_counts(&right.replace("特定目标类项目三个", "特定目标类项目两个")),
            vec![(2, 3, ProjectTie::Type("特定目标类".to_string()))]
        );
        assert_eq!(
            typed_counts(&right.replace("运转类项目1个", "运转类项目2个")),
            vec![(2, 1, ProjectTie::Type("其他运转类".to_string()))]
        );
        // On its own, without the count of all the projects.
        assert_eq!(
            typed_counts("2026年项目支出中，特定目标类项目四个。"),
            vec![(4, 3, ProjectTie::Type("特定目标类".to_string()))]
        );
        // A type no row has, last year's projects, or a new type of project: not read.
        for s in [
            "项目支出中，人员类项目2个。",
            "项目支出较上年增加，上年特定目标类项目5个。",
            "项目支出中，新增特定目标类项目1个。",
        ] {
            assert!(typed_counts(s).is_empty(), "{s}: {:?}", typed_counts(s));
        }
        // All the unit's projects, `全部` after the count.
        let all = "项目支出700.00万元。2026 年本街道四个项目全部实行绩效目标管理。";
        assert!(typed_counts(all).is_empty());
        assert_eq!(
            typed_counts(&all.replace("四个项目", "五个项目")),
            vec![(5, 4, ProjectTie::Whole)]
        );
        // Without `全部`, some of them only.
        assert!(typed_counts("项目支出700.00万元。本街道五个项目实行绩效目标管理。").is_empty());
    }

    #[test]
    fn a_count_of_the_parts_listed_with_their_amounts() {
        // sh-putuo-finance-2025 (plain text), right and with the count raised.
        let right = "2025年度，本单位编报绩效目标的项目共4个，涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元，信息化系统日常维护费166.66万元，援滇干部工作经费3.00万元。";
        assert!(itemised(right).is_empty());
        assert_eq!(itemised(&right.replace("共4个", "共5个")), vec![(5, 4)]);
        // Another province: `5个项目`, parts parted by `；`, a line wrapped inside an amount's name.
        let s = "2024年共安排5个项目，资金合计120.00万元，其中：办公楼维修改造\n经费60.00万元；信息化建设经费30.00万元；业务培训经费30.00万元。";
        assert_eq!(itemised(s), vec![(5, 3)]);
    }

    #[test]
    fn parts_that_are_not_all_the_projects_are_not_counted() {
        for s in [
            // The parts do not make the total: only some projects are named.
            "编报绩效目标的项目共4个，涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元。",
            // The parts are funding sources, with a share between them.
            "项目共3个，资金100.00万元，其中：财政拨款80.00万元，占80%，其他资金20.00万元。",
            // Something else after the list in its sentence.
            "项目共3个，资金100.00万元，其中：甲项目60.00万元，乙项目40.00万元，主要用于设备购置。",
            // A count of a type of project.
            "特定目标类项目3个，资金100.00万元，其中：甲项目60.00万元，乙项目40.00万元。",
            // Parts that are groups counted on their own (in Chinese numerals).
            "2026年本部门共安排项目支出项目六个，资金8,567.87万元，其中：特定目标类项目四个，资金7,987.64万元，其他运转类项目两个，资金580.23万元。",
        ] {
            assert!(itemised(s).is_empty(), "{s}: {:?}", itemised(s));
        }
    }

    #[test]
    fn a_list_of_as_many_items_as_stated_is_silent() {
        for s in [
            "本部门内设机构3个：办公室、医药管理和待遇保障股、基金监管股。",
            // js-procuratorate-2018: 3 units listed after `包括：`.
            "纳入本部门 2018 年部门汇总预算编制范围的预算单位共 3 家，包括：江苏省人民检察院本级、南京铁路运输检察院、徐州铁路运输检察院。",
            // js-partyoffice-2018: 20 offices, one with a bracket holding a 、.
            "本部门内设机构包括：秘书处、省委总值班室、综合处、经济处、农村处、党群处、法规和政法处、宣传科教处、信息处、省委督查室、党刊处、干部人事处（机关党委）、机要交通处、接待处、行政处(保卫处)、财务处、技术室、老干部处、机关后勤服务中心、机关文印中心等20个处室和省委机要局。",
            "下设两个内设机构，分别是：办公室、业务科。",
            // `等` before the count: fewer items are fine.
            "本部门内设机构包括：办公室、业务科等5个处室。",
            // Joined with 和: not counted.
            "内设机构3个：办公室、财务科和业务科。",
        ] {
            assert!(listed(s).is_empty(), "{s}: {:?}", listed(s));
        }
    }

    #[test]
    fn a_count_the_list_contradicts_fires() {
        assert_eq!(
            listed("本部门内设机构4个：办公室、医药管理和待遇保障股、基金监管股。"),
            vec![(4, 3)]
        );
        assert_eq!(
            listed(
                "预算单位共 2 家，包括：江苏省人民检察院本级、南京铁路运输检察院、徐州铁路运输检察院。"
            ),
            vec![(2, 3)]
        );
        assert_eq!(
            listed("本部门内设机构包括：秘书处、综合处、财务处等两个处室。"),
            vec![(2, 3)]
        );
        assert_eq!(listed("内设机构十一个：甲科、乙科。"), vec![(11, 2)]);
        // fenshui-town-2026 (unseen): offices counted before their list.
        let fenshui = "本单位内设六个办公室：党政办公室、党建办公室、经济发展办公室、社会事务办公室、平安法治办公室、规划建设管理环保办公室，下设综合便民服务中心、农业服务中心等事业单位，辖12个行政村、2个社区。";
        assert!(listed(fenshui).is_empty(), "{:?}", listed(fenshui));
        assert_eq!(listed(&fenshui.replace("六个", "七个")), vec![(7, 6)]);
        // xunyi-education-2026 (unseen): the count right after the last item of `内设…`.
        let xunyi = "本部门内设办公室、人事股、计划财务股、基础教育股、职业教育与成人教育股、安全稳定股六个股室。";
        assert!(listed(xunyi).is_empty());
        assert_eq!(listed(&xunyi.replace("六个", "七个")), vec![(7, 6)]);
        // Without `内设` or a colon before it, where the list starts is not clear.
        assert!(listed("办公室、人事股、计划财务股七个股室。").is_empty());
    }

    #[test]
    fn lists_that_go_on_are_not_counted() {
        for s in [
            // The list goes on after a comma.
            "内设机构3个：办公室、财务科，另设业务科、监察室。",
            // No list.
            "内设机构3个，编制20名。",
        ] {
            assert!(listed(s).is_empty(), "{s}");
        }
    }
}
