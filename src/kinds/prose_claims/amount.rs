//! `check = "amount"`: an amount the prose attributes to a table line equals that cell.
//!
//! The rule file maps labels to cells: each `[[params.cells]]` entry has a `name` (how the
//! diagnostic calls the figure), `labels` (regular expressions, each matched against the end of
//! the clause's text before the amount, whitespace removed) and `at`, the places of the figure
//! in the tables (`tables`: parts of a title; `row`: a row's name, `合计` for the total row;
//! `columns`: the column's names). A claim is checked only when exactly one entry claims the
//! amount, when every table found for it gives the same figure, read without doubt, and when the
//! clause is not about another year.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::engine::ParamError;
use crate::lazy_regex::LazyRegex;
use crate::model::{ColumnKind, Document, Number, Paragraph, Table, Unit, squeeze};
use crate::number::scan_numbers;
use crate::source::Span;

use super::{Figure, yuan_interval, yuan_per};

/// Words that may stand right before a label (besides a clause's start or a non-Chinese
/// character): `其中：基本支出`, `2024年项目支出`, `本部门机关运行经费`.
const LEAD_WORDS: &[&str] = &[
    "其中",
    "年",
    "年度",
    "本部门",
    // `2026年部门收入预算总计`.
    "部门",
    "本单位",
    "涉及",
    "包括",
    "共",
    "全年",
];

/// What may stand between a label and its amount: `项目支出预算数为 5,573 万元`.
static CONNECTOR: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?:预算数|预算|预算安排|安排)?(?:为|是|共计|共|合计|总计|总额|总额为)?[：:]?$")
        .expect("connector pattern compiles")
});

/// The second half of [`CONNECTOR`] alone: `收入预算总计` is the label `收入预算` and `总计`, where
/// the whole connector would take `预算总计` and leave `收入`.
static CONNECTOR_TAIL: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?:为|是|共计|共|合计|总计|总额|总额为)?[：:]?$")
        .expect("connector tail pattern compiles")
});

/// Another year than the document's, or last year's figures, named before the label.
static YEAR: LazyLock<LazyRegex> =
    LazyLock::new(|| LazyRegex::new("(20[0-9]{2})年").expect("year pattern compiles"));

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [&CONNECTOR, &CONNECTOR_TAIL, &YEAR, &COMPLETION] {
        pattern.warm(hint);
    }
}

/// Where a figure stands in the tables.
#[derive(Debug, Clone)]
pub struct Place {
    /// Parts of a table title, any of which selects the table.
    pub tables: Vec<String>,
    /// Parts of a title that exclude a table the `tables` selected.
    pub exclude: Vec<String>,
    /// The row's names (numbering ignored); `合计` selects the one grand-total row, `""` the only
    /// row of a table of one row.
    pub rows: Vec<String>,
    /// Names of the column, any of which selects it; none for the only amount column.
    pub columns: Vec<String>,
}

impl Place {
    /// Whether `table`'s title names one of `tables` and none of `exclude`.
    pub fn selects(&self, table: &Table) -> bool {
        let title = table.title_text();
        self.tables.iter().any(|t| title.contains(&*squeeze(t)))
            && !self.exclude.iter().any(|t| title.contains(&*squeeze(t)))
    }

    /// Whether the place is a final account's 决算数 column (`决算数`, `决算数/公务接待费`) or
    /// row (a 三公 table of one row per kind of figure: `预算数 | …`, `决算数 | …`), which a
    /// figure the clause calls a budget (`公务接待费预算 25.00 万元`) never restates.
    pub fn names_outturn(&self) -> bool {
        self.columns.iter().any(|c| {
            let c = squeeze(c);
            c == "决算数" || c == "决算" || c.starts_with("决算数/") || c.starts_with("决算/")
        }) || self.rows.iter().any(|r| {
            let r = squeeze(r);
            r == "决算数" || r == "决算"
        })
    }
}

/// Whether a clause calls its figure a budget: `预算` other than in the name of a kind of
/// budget money (`一般公共预算`, `政府性基金预算`, `国有资本经营预算`).
pub(super) fn says_budget(clause: &str) -> bool {
    clause
        .replace("一般公共预算", "")
        .replace("政府性基金预算", "")
        .replace("国有资本经营预算", "")
        .contains("预算")
}

/// A figure the prose may restate: the labels it goes by and where the tables give it.
#[derive(Debug, Clone)]
pub struct CellLabel {
    pub name: String,
    /// Compiled on first use (a document without a label's words never compiles it).
    pub labels: Vec<LazyRegex>,
    pub at: Vec<Place>,
}

/// A table cell an amount of the prose is compared with.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub table: &'a Table,
    pub number: &'a Number,
    /// The row's 合计 (or 总计) cell: the whole a `其中` before the label must be about.
    pub whole: Option<&'a Number>,
}

/// An amount of the prose that restates a table cell.
#[derive(Debug, Clone)]
pub struct Restatement<'a> {
    pub name: &'a str,
    pub stated: Figure,
    pub cell: Cell<'a>,
    /// Where the amount and its unit end in the paragraph's text.
    pub end: usize,
}

/// `“三公”经费财政拨款支出决算 400.10 万元，较年初预算减少 79.90 万元`: an outturn the table
/// gives, then its change against the budget, which the same row gives under 预算数.
#[derive(Debug, Clone)]
pub struct BudgetChange<'a> {
    /// `增加` or `减少`, with the amount after it.
    pub said: String,
    pub change: Figure,
    /// The word and the amount.
    pub span: Span,
    pub budget: &'a Number,
    pub outturn: &'a Number,
}

impl BudgetChange<'_> {
    /// Whether the change as written can be the outturn minus the budget, each rounded as
    /// written.
    pub fn agrees(&self) -> bool {
        let (low, high) = self.change.in_yuan();
        let (low, high) = if self.said == "增加" {
            (low, high)
        } else {
            (-high, -low)
        };
        let o = yuan_interval(self.outturn.value, self.outturn.decimals, self.outturn.unit);
        let b = yuan_interval(self.budget.value, self.budget.decimals, self.budget.unit);
        low <= o.1 - b.0 && o.0 - b.1 <= high
    }
}

/// The change against the budget written right after a restated 决算数
/// (`，较年初预算减少 79.90 万元`), with the budget the same row of the table gives: the
/// column `预算数` or `年初预算数` beside `决算数` (`预算数/公务接待费` beside `决算数/公务接待费`).
pub fn change_against_budget<'a>(p: &Paragraph, r: &Restatement<'a>) -> Option<BudgetChange<'a>> {
    let text = &p.text.text;
    let after = text.get(r.end..)?;
    let c = super::comparison::CHANGE.captures(after)?;
    let whole = c.get(0)?;
    // Only the comma may part the change from the amount; `较全年预算` or `较调整预算` is
    // another budget than the 预算数 column.
    if !after[..whole.start()]
        .chars()
        .all(|ch| ch.is_whitespace() || matches!(ch, '，' | ','))
        || !squeeze(whole.as_str()).starts_with("较年初预算")
            && !squeeze(whole.as_str()).starts_with("较预算")
    {
        return None;
    }
    let (w, d) = (c.name("w")?, c.name("d")?);
    let (value, decimals) = crate::number::parse_amount(d.as_str())?;
    let unit = match c.name("du")?.as_str() {
        "万元" => Unit::WanYuan,
        "亿元" => Unit::YiYuan,
        _ => Unit::Yuan,
    };
    let budget = budget_beside(r, BudgetKind::Initial)?;
    let outturn = r.cell.number;
    Some(BudgetChange {
        said: w.as_str().to_string(),
        change: Figure {
            value,
            decimals,
            unit: Some(unit),
            span: p
                .text
                .source_span(r.end + d.start()..r.end + c.name("du")?.end()),
        },
        span: p.text.source_span(r.end + w.start()..r.end + d.end()),
        budget,
        outturn,
    })
}

/// Which budget a phrase compares an outturn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BudgetKind {
    /// `较年初预算`: the column `预算数` or `年初预算数`.
    Initial,
    /// `完成预算的`: the column `预算数`, or `年初预算数` in a table without a 全年 (adjusted)
    /// budget, where the two are one.
    Unqualified,
}

/// The budget the row of a restated 决算数 gives beside it: the column `预算数` or `年初预算数`
/// (`预算数/公务接待费` beside `决算数/公务接待费`), as `kind` allows.
fn budget_beside<'a>(r: &Restatement<'a>, kind: BudgetKind) -> Option<&'a Number> {
    let table = r.cell.table;
    let outturn = r.cell.number;
    let (row, column) = table.rows.iter().find_map(|row| {
        let i = row.values.iter().position(|n| std::ptr::eq(n, outturn))?;
        Some((row, *row.placement.get(i)?))
    })?;
    // A budget adjusted in the year (`全年预算数`, `调整预算数`) beside the first: an unqualified
    // `预算` is then not the 年初预算数.
    let adjusted = |names: &[String]| {
        names
            .iter()
            .any(|n| n.contains("全年预算") || n.contains("调整"))
    };
    let heads_for = |names: &[String]| -> &[&str] {
        match kind {
            BudgetKind::Unqualified if adjusted(names) => &["预算数"],
            _ => &["预算数", "年初预算数"],
        }
    };
    // A table of one row per kind of figure (`预算数 | 50.00 | …`, `决算数 | 43.91 | …`): the
    // budget is the 预算数 row's cell in the same column.
    if squeeze(&row.name()) == "决算数" {
        let names: Vec<String> = table
            .rows
            .iter()
            .map(|r| squeeze(&r.name()).to_string())
            .collect();
        let heads = heads_for(&names);
        let mut budgets = table
            .rows
            .iter()
            .zip(&names)
            .filter(|(_, n)| heads.contains(&n.as_ref()));
        let (Some((budget_row, _)), None) = (budgets.next(), budgets.next()) else {
            return None;
        };
        row.cell(column)??;
        return budget_row.cell(column).flatten();
    }
    let name = &table.columns.get(column)?.name;
    let tail = if name == "决算数" {
        ""
    } else {
        name.strip_prefix("决算数/")?
    };
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let heads = heads_for(&names);
    heads.iter().find_map(|head| {
        let wanted = if tail.is_empty() {
            head.to_string()
        } else {
            format!("{head}/{tail}")
        };
        let at = table.columns.iter().position(|c| c.name == wanted)?;
        row.cell(at).flatten()
    })
}

/// `支出决算为 38.21 万元，占 15.10%，完成预算的 84.91%`: a restated 决算数, then (after at most
/// its share) the rate at which it completes the budget the same row of the table gives.
#[derive(Debug, Clone)]
pub struct BudgetRate<'a> {
    pub rate: Figure,
    pub budget: &'a Number,
    pub outturn: &'a Number,
}

impl BudgetRate<'_> {
    /// The rate the two cells give, to the decimals the prose wrote.
    pub fn implied(&self) -> Option<Decimal> {
        let o = self.outturn.value * yuan_per(self.outturn.unit);
        let b = self.budget.value * yuan_per(self.budget.unit);
        Some((o.checked_div(b)? * Decimal::ONE_HUNDRED).round_dp(self.rate.decimals))
    }

    /// Whether the rate as written can be the outturn over the budget, each rounded as
    /// written.
    pub fn agrees(&self) -> bool {
        let o = yuan_interval(self.outturn.value, self.outturn.decimals, self.outturn.unit);
        let b = yuan_interval(self.budget.value, self.budget.decimals, self.budget.unit);
        if b.0 <= Decimal::ZERO {
            return true;
        }
        let half = Decimal::new(5, self.rate.decimals + 1);
        let hundred = Decimal::ONE_HUNDRED;
        let (Some(low), Some(high)) = (
            o.0.max(Decimal::ZERO).checked_div(b.1),
            o.1.checked_div(b.0),
        ) else {
            return true;
        };
        self.rate.value - half <= high * hundred && low * hundred <= self.rate.value + half
    }
}

/// `，占15.10%，完成预算的84.91%` right after an amount: the rate (a completion of the plain
/// `预算` or of the `年初预算`; the 全年 or 调整 budget is another column).
static COMPLETION: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^\\s*[，,]\\s*(?:占[^，,；;。%％0-9]{0,20}[0-9.]+\\s*[%％]\\s*[，,]\\s*)?完成\\s*(?P<k>年初)?\\s*预算数?\\s*的\\s*(?P<r>[0-9]+(?:\\.[0-9]+)?)\\s*[%％]",
    )
    .expect("completion pattern compiles")
});

/// The completion rate written right after a restated 决算数, with the budget the same row of
/// the table gives.
pub fn rate_against_budget<'a>(p: &Paragraph, r: &Restatement<'a>) -> Option<BudgetRate<'a>> {
    let text = &p.text.text;
    let after = text.get(r.end..)?;
    if !after.contains("完成") {
        return None;
    }
    let c = COMPLETION.captures(after)?;
    let rate = c.name("r")?;
    let kind = if c.name("k").is_some() {
        BudgetKind::Initial
    } else {
        BudgetKind::Unqualified
    };
    let budget = budget_beside(r, kind)?;
    let (value, decimals) = crate::number::parse_amount(rate.as_str())?;
    let sign = rate.end() + after[rate.end()..].find(['%', '％'])?;
    let end = r.end + sign + after[sign..].chars().next()?.len_utf8();
    Some(BudgetRate {
        rate: Figure {
            value,
            decimals,
            unit: Some(Unit::Percent),
            span: p.text.source_span(r.end + rate.start()..end),
        },
        budget,
        outturn: r.cell.number,
    })
}

impl Restatement<'_> {
    /// Whether the stated amount and the cell can be the same figure, each rounded as written.
    pub fn agrees(&self) -> bool {
        same_figure(&self.stated, self.cell.number)
    }
}

/// Whether a figure of the prose and a table's number can be the same amount, each rounded as
/// written (an amount that is not money agrees with anything).
pub(super) fn same_figure(stated: &Figure, number: &Number) -> bool {
    let money = |u: Option<Unit>| u.is_some_and(Unit::is_money);
    if !money(stated.unit) || !money(number.unit) {
        return true;
    }
    let a = stated.in_yuan();
    let b = yuan_interval(number.value, number.decimals, number.unit);
    a.0 <= b.1 && b.0 <= a.1
}

/// Read the `cells` parameter.
pub fn cell_labels(value: &toml::Value) -> Result<Vec<CellLabel>, ParamError> {
    let bad = |m: String| ParamError::new(Some("cells"), m);
    let entries = value
        .as_array()
        .ok_or_else(|| bad("`cells` must be an array of tables".into()))?;
    let strings = |t: &toml::Table, key: &str, required: bool| -> Result<Vec<String>, ParamError> {
        match t.get(key) {
            None if !required => Ok(Vec::new()),
            None => Err(bad(format!("each entry of `cells` needs `{key}`"))),
            Some(v) => v
                .as_array()
                .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_string)).collect())
                .ok_or_else(|| bad(format!("`{key}` must be a list of strings"))),
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let t = entry
            .as_table()
            .ok_or_else(|| bad("each entry of `cells` must be a table".into()))?;
        if let Some(k) = t
            .keys()
            .find(|k| !matches!(k.as_str(), "name" | "labels" | "at"))
        {
            return Err(bad(format!(
                "unknown key `{k}` in `cells` (expected: name, labels, at)"
            )));
        }
        let name = t
            .get("name")
            .and_then(|v| v.as_str())
            .ok_or_else(|| bad("each entry of `cells` needs a `name` string".into()))?;
        let labels = strings(t, "labels", true)?
            .iter()
            .map(|l| LazyRegex::new(&format!("(?:{l})$")).map_err(|e| label_error(l, &e)))
            .collect::<Result<Vec<_>, _>>()?;
        let places = t
            .get("at")
            .and_then(|v| v.as_array())
            .ok_or_else(|| bad(format!("`{name}` needs `at`, a list of places")))?;
        let mut at = Vec::new();
        for place in places {
            let p = place
                .as_table()
                .ok_or_else(|| bad("each place in `at` must be a table".into()))?;
            if let Some(k) = p
                .keys()
                .find(|k| !matches!(k.as_str(), "tables" | "exclude" | "row" | "columns"))
            {
                return Err(bad(format!(
                    "unknown key `{k}` in a place (expected: tables, exclude, row, columns)"
                )));
            }
            at.push(Place {
                tables: strings(p, "tables", true)?,
                exclude: strings(p, "exclude", false)?,
                rows: match p.get("row") {
                    Some(toml::Value::String(row)) => vec![squeeze(row).into_owned()],
                    Some(_) => strings(p, "row", true)?
                        .iter()
                        .map(|r| squeeze(r).into_owned())
                        .collect(),
                    None => return Err(bad("each place needs a `row`".into())),
                },
                columns: strings(p, "columns", false)?,
            });
        }
        out.push(CellLabel {
            name: name.to_string(),
            labels,
            at,
        });
    }
    Ok(out)
}

/// Compile every label now, with the error building them would have given (a user's rule).
pub fn compile_labels(cells: &[CellLabel]) -> Result<(), ParamError> {
    for label in cells.iter().flat_map(|c| &c.labels) {
        label.compile().map_err(|e| {
            let pattern = label.as_str();
            let written = pattern
                .strip_prefix("(?:")
                .and_then(|p| p.strip_suffix(")$"))
                .unwrap_or(pattern);
            label_error(written, e)
        })?;
    }
    Ok(())
}

fn label_error(label: &str, e: &regex::Error) -> ParamError {
    ParamError::new(
        Some("cells"),
        format!("invalid label pattern `{label}`: {e}"),
    )
}

/// The year a document is about: the year most often named in its table titles, or else in
/// its headings, or else in its prose.
pub fn document_year(document: &Document) -> Option<String> {
    let titles: Vec<String> = document.tables().map(Table::title_text).collect();
    most_named_year(&titles)
        .or_else(|| {
            let headings: Vec<String> = document
                .headings()
                .map(|h| squeeze(&h.text.text).into_owned())
                .collect();
            most_named_year(&headings)
        })
        .or_else(|| {
            let prose: Vec<String> = document
                .paragraphs()
                .map(|p| squeeze(&p.text.text).into_owned())
                .collect();
            most_named_year(&prose)
        })
}

/// The year named most often in `texts`, when one is named more often than any other.
fn most_named_year(texts: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in texts {
        for c in YEAR.captures_iter(t) {
            let year = c[1].to_string();
            match counts.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => counts.push((year, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(y, _)] => Some(y.clone()),
        [(y, a), (_, b), ..] if a > b => Some(y.clone()),
        _ => None,
    }
}

/// The years (`2024年`) a text names.
pub fn years_named(text: &str) -> impl Iterator<Item = &str> {
    YEAR.captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
}

/// Whether the text before a label speaks of another year than the document's.
/// A comparison with last year that ends before the label (`较上年增加 1 个，项目支出预算 …`)
/// says nothing of the label's year; one a `其中` follows breaks the change down (`较上年预算减少
/// 500万元，其中：基本支出 …`), so its parts are changes, not this year's figures.
pub(super) fn about_another_year(before: &str, year: Option<&str>) -> bool {
    let kept = without_finished_comparisons(before);
    if ["上年", "上一年", "去年", "同期", "以前年度", "历年"]
        .iter()
        .any(|w| kept.contains(w))
    {
        return true;
    }
    YEAR.captures_iter(&kept)
        .any(|c| year.is_none_or(|y| y != &c[1]))
}

/// `before` without its clauses (up to a `，`) that compare with last year, when no `其中`
/// follows them.
fn without_finished_comparisons(before: &str) -> Cow<'_, str> {
    const COMPARED: [&str; 6] = ["比上年", "较上年", "与上年", "同比", "比去年", "较去年"];
    let mut kept = String::new();
    let mut at = 0;
    let mut dropped = false;
    while let Some(i) = before[at..].find(['，', ',']) {
        let end = at + i + before[at + i..].chars().next().map_or(1, char::len_utf8);
        let clause = &before[at..end];
        if COMPARED.iter().any(|w| clause.starts_with(w)) && !before[end..].contains("其中") {
            dropped = true;
        } else {
            kept.push_str(clause);
        }
        at = end;
    }
    if !dropped {
        return Cow::Borrowed(before);
    }
    kept.push_str(&before[at..]);
    Cow::Owned(kept)
}

/// Whether the label matched at `start` of `lead` begins where a label may begin.
pub(super) fn starts_a_label(lead: &str, start: usize) -> bool {
    if lead[start..].starts_with("本年") {
        return true;
    }
    let before = &lead[..start];
    let Some(c) = before.chars().next_back() else {
        return true;
    };
    // `共` leads a label (`共安排项目支出`), but not as the end of `公共` (`一般公共预算支出`:
    // `预算支出` is no label there).
    !is_han(c)
        || LEAD_WORDS
            .iter()
            .any(|w| before.ends_with(w) && !(*w == "共" && before.ends_with("公共")))
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The entry that claims an amount whose clause reads `lead` before it, and where its label
/// starts: the longest label wins; two entries claiming it equally are no claim.
pub(super) fn claimant<'c>(lead: &str, cells: &'c [CellLabel]) -> Option<(&'c CellLabel, usize)> {
    let connector = CONNECTOR.find(lead).map_or(lead.len(), |m| m.start());
    let tail = CONNECTOR_TAIL.find(lead).map_or(lead.len(), |m| m.start());
    // The entry, where its label starts, and where it ends (the whole lead, or before the
    // connector).
    let mut best: Option<(&CellLabel, usize, usize)> = None;
    let mut tied = false;
    for entry in cells {
        // Try with and without the connector: `项目支出预算` is a label of its own in some files.
        let found = [lead.len(), connector, tail].into_iter().find_map(|end| {
            entry
                .labels
                .iter()
                .filter_map(|l| l.find(&lead[..end]))
                .filter(|m| starts_a_label(lead, m.start()))
                .map(|m| (m.start(), end))
                .min()
        });
        let Some((start, end)) = found else { continue };
        // The longest label wins: the earliest start, then the latest end (`财政拨款支出总计`
        // over `财政拨款支出` and the connector `总计`).
        match best {
            Some((_, s, e)) if s < start || s == start && e > end => {}
            Some((b, s, e)) if s == start && e == end && b.name != entry.name => tied = true,
            Some((b, s, e)) if s == start && e == end && b.name == entry.name => {}
            _ => {
                best = Some((entry, start, end));
                tied = false;
            }
        }
    }
    if tied {
        None
    } else {
        best.map(|(entry, start, _)| (entry, start))
    }
}

/// What may introduce a label after its amount: `50.00万元用于人员经费`, `，用于公用经费`,
/// `万元为项目支出`. `主要用于` is not one: it names what the money is mostly spent on, not a
/// table's line.
static AFTER: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^[，,]?(?:用于|为|是)(?P<label>[^，,。；;、：:（(）)]{2,24}?)(?:[，,。；;、]|$)",
    )
    .expect("after pattern compiles")
});

/// The entry a label right after an amount names (`万元用于人员经费。`): the whole label up to
/// the clause's next mark must be one of the entry's labels, and only one entry may claim it.
fn claimant_after<'c>(after: &str, cells: &'c [CellLabel]) -> Option<&'c CellLabel> {
    // The text after the amount up to the end of its clause, whitespace removed.
    let rest: String = after
        .chars()
        .take_while(|c| !matches!(c, '。' | '；' | ';'))
        .filter(|c| !c.is_whitespace())
        .take(40)
        .collect();
    let label = AFTER.captures(&rest)?.name("label")?.as_str();
    let mut found = cells.iter().filter(|entry| {
        entry
            .labels
            .iter()
            .any(|l| l.find(label).is_some_and(|m| m.start() == 0))
    });
    let first = found.next()?;
    found.all(|e| e.name == first.name).then_some(first)
}

/// The one cell a place names in `table`, unless the table or the row is in doubt.
fn cell_at<'a>(table: &'a Table, place: &Place, year: Option<i32>) -> Result<Option<Cell<'a>>, ()> {
    let column = if place.columns.is_empty() {
        match table.columns.as_slice() {
            [only] if only.kind == ColumnKind::Amount => Some(0),
            _ => None,
        }
    } else {
        place
            .columns
            .iter()
            .find_map(|c| super::last_year::column_called(table, c, year))
    }
    // A table of last year's and this year's figures (`2024年预算数 | 2025年预算数`, or the
    // two halves of a statement with those columns), without the place's column: this year's.
    .or_else(|| super::last_year::this_years_column(table, year));
    let Some(column) = column else {
        return Ok(None);
    };
    let rows: Vec<usize> = (0..table.rows.len())
        .filter(|&i| {
            let row = &table.rows[i];
            place.rows.iter().any(|name| {
                if name.is_empty() {
                    // A table of one row (a horizontal 三公 table): that row, whatever its name.
                    table.rows.len() == 1
                } else if name == "合计" {
                    row.is_total()
                } else {
                    row_name(&row.name()) == name
                }
            })
        })
        .collect();
    let [i] = rows.as_slice() else {
        return if rows.is_empty() { Ok(None) } else { Err(()) };
    };
    if table.row_in_doubt(*i) {
        return Err(());
    }
    let row = &table.rows[*i];
    let whole = ["合计", "总计"]
        .iter()
        .find_map(|c| table.column_named(c))
        .and_then(|c| row.cell(c).flatten());
    match row.cell(column) {
        Some(Some(number)) if number.unit.is_some() => Ok(Some(Cell {
            table,
            number,
            whole,
        })),
        Some(_) => Ok(None),
        None => Err(()),
    }
}

/// A row's name without its numbering (`一、一般公共预算拨款收入`, `1.因公出国（境）费`,
/// `（二）项目支出`); a name that starts with a numeral word (`一般行政管理事务`) keeps it.
pub(super) fn row_name(name: &str) -> &str {
    let trimmed = NUMBERING.find(name).map_or(name, |m| &name[m.end()..]);
    if trimmed.is_empty() { name } else { trimmed }
}

/// The numbering before a row's name: `一、`, `1.`, `（二）`, `(3)`, `十一、`.
static NUMBERING: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^(?:[（(][一二三四五六七八九十0-9]+[）)][、.．]?|[一二三四五六七八九十0-9]+[、.．])+",
    )
    .expect("numbering pattern compiles")
});

/// The cell the tables give for `entry`: `None` when no table gives it, when a table giving it
/// is in doubt, or when the tables disagree. `year`, the document's, picks this year's column
/// of a table whose columns are years (`2024年预算数 | 2025年预算数`).
pub(super) fn table_cell<'a>(
    document: &'a Document,
    entry: &CellLabel,
    year: Option<i32>,
    said_budget: bool,
) -> Option<Cell<'a>> {
    let mut found: Vec<Cell<'a>> = Vec::new();
    for place in entry
        .at
        .iter()
        .filter(|place| !(said_budget && place.names_outturn()))
    {
        for table in document.tables().filter(|t| place.selects(t)) {
            found.extend(cell_at(table, place, year).ok()?);
        }
    }
    let first = found.first()?.clone();
    let same = found
        .iter()
        .all(|c| c.number.unit == first.number.unit && c.number.value == first.number.value);
    same.then_some(first)
}

/// The cell the tables give for each entry of a rule, looked up once per document: it depends
/// on the entry and on whether the clause calls its figure a budget, not on the amount, so a
/// document of thousands of tables and amounts does not walk every table for every amount.
pub struct TableCells<'a, 'c> {
    document: &'a Document,
    cells: &'c [CellLabel],
    year: Option<i32>,
    /// For each entry, its cell for a figure not called a budget and for one called so.
    found: Vec<[std::cell::OnceCell<Option<Cell<'a>>>; 2]>,
}

impl<'a, 'c> TableCells<'a, 'c> {
    pub fn new(document: &'a Document, cells: &'c [CellLabel], year: Option<&str>) -> Self {
        TableCells {
            document,
            cells,
            year: year.and_then(|y| y.parse().ok()),
            found: cells.iter().map(|_| Default::default()).collect(),
        }
    }

    /// Whether the tables give `entry` a cell, whether the figure is called a budget or not.
    fn gives(&self, entry: &CellLabel) -> bool {
        self.cell(entry, false).is_some() || self.cell(entry, true).is_some()
    }

    /// As [`table_cell`] for `entry`, one of the rule's entries.
    fn cell(&self, entry: &CellLabel, said_budget: bool) -> Option<Cell<'a>> {
        let Some(i) = self.cells.iter().position(|c| std::ptr::eq(c, entry)) else {
            return table_cell(self.document, entry, self.year, said_budget);
        };
        self.found[i][usize::from(said_budget)]
            .get_or_init(|| table_cell(self.document, entry, self.year, said_budget))
            .clone()
    }
}

/// The tables that `entry`'s places select.
pub(super) fn tables_of<'a>(
    document: &'a Document,
    entry: &'a CellLabel,
) -> impl Iterator<Item = &'a Table> + 'a {
    document
        .tables()
        .filter(|t| entry.at.iter().any(|place| place.selects(t)))
}

/// Every amount of the paragraph that restates a table cell, right or wrong.
pub fn restatements<'a>(
    tables: &TableCells<'a, 'a>,
    p: &Paragraph,
    year: Option<&str>,
) -> Vec<Restatement<'a>> {
    let cells = tables.cells;
    let text = &p.text.text;
    let found = scan_numbers(text);
    let mut out = Vec::new();
    let mut lead = String::new();
    let mut at = 0;
    // The money amounts read so far, with where they end in the text and whether the words
    // right before them call them a budget (`支出预算为 6.20 万元`).
    let mut amounts: Vec<(usize, Figure, bool)> = Vec::new();
    for f in &found {
        // Extend the lead (this clause's text, whitespace removed) up to this number.
        let words_before = &text[at..f.range.start];
        super::extend_lead(&mut lead, words_before);
        if f.unit.is_some_and(Unit::is_money) {
            let stated = Figure::found(p, f);
            let after = claimant_after(&text[f.unit_end..], cells);
            let before = claimant(&lead, cells);
            let claimed = match (before, after) {
                // `项目支出 50万元用于人员经费`: two names for one amount, neither sure.
                (Some((b, _)), Some(a)) if b.name != a.name => None,
                (Some(b), _) => Some(b),
                // `安排 50.00万元用于人员经费`: the label after the amount; the whole clause
                // before it must not be about another year.
                (None, Some(a)) => Some((a, lead.len())),
                (None, None) => None,
            };
            let restated = claimed
                // No table giving the entry, and there is nothing to compare with: the clause
                // is not read further (a clause of thousands of amounts would be for each).
                .filter(|(entry, _)| tables.gives(entry))
                .filter(|(_, start)| !about_another_year(&lead[..*start], year))
                // `检察（款）：2018 年预算支出合计 16,444.36 万元`: a subject's amount, not the
                // table's total (Jiangsu's 说明 walks the subjects so).
                .filter(|(_, start)| !names_a_subject_level(&lead[..*start]))
                .and_then(|(entry, start)| {
                    let whole = lead[..start]
                        .contains("其中")
                        .then(|| whole_before(text, f.range.start, &amounts))
                        .flatten();
                    // A part of a budget (`支出预算为 6.20 万元。其中：公务接待费 1.20 万元`) is
                    // a budget figure too.
                    let said_budget = says_budget(&lead) || whole.is_some_and(|(_, budget)| budget);
                    let cell = tables.cell(entry, said_budget)?;
                    Some((entry, whole, cell))
                })
                // `…529.12万元，其中基本支出…`: a part of another whole than the table's.
                .filter(|(_, whole, cell)| {
                    whole
                        .zip(cell.whole)
                        .is_none_or(|((w, _), c)| same_figure(w, c))
                });
            if let Some((entry, _, cell)) = restated {
                out.push(Restatement {
                    name: &entry.name,
                    stated: stated.clone(),
                    cell,
                    end: f.unit_end,
                });
            }
            amounts.push((f.unit_end, stated, says_budget(words_before)));
        }
        // The number and its unit join the lead as written, without separators.
        let end = if f.unit.is_some() {
            f.unit_end
        } else {
            f.range.end
        };
        lead.extend(
            text[f.range.start..end]
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ','),
        );
        at = end;
    }
    out
}

/// A clause that opens with a functional subject marked by its level (`检察（款）`,
/// `住房改革支出(款)`): what follows is about that subject.
fn names_a_subject_level(lead: &str) -> bool {
    ["类", "款", "项"]
        .iter()
        .any(|level| lead.contains(&format!("（{level}）")) || lead.contains(&format!("({level})")))
}

/// The amount a `其中` before `at` breaks down: the last amount written before that `其中`.
fn whole_before<'f>(
    text: &str,
    at: usize,
    amounts: &'f [(usize, Figure, bool)],
) -> Option<(&'f Figure, bool)> {
    let of = text[..at].rfind("其中")?;
    amounts
        .iter()
        .rev()
        .find(|(end, _, _)| *end <= of)
        .map(|(_, f, budget)| (f, *budget))
}

/// The span of a cell, for a secondary label.
pub fn cell_span(cell: &Cell<'_>) -> Span {
    cell.number.span
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn entry(name: &str, labels: &[&str]) -> CellLabel {
        CellLabel {
            name: name.into(),
            labels: labels
                .iter()
                .map(|l| LazyRegex::new(&format!("(?:{l})$")).unwrap())
                .collect(),
            at: Vec::new(),
        }
    }

    #[test]
    fn a_label_with_its_own_total_word_wins_over_a_label_and_a_connector() {
        let cells = vec![
            entry("财政拨款支出总计", &["财政拨款支出(?:决算)?总计"]),
            entry(
                "财政拨款本年支出合计",
                &["财政拨款(?:本年)?支出(?:决算)?(?:合计)?"],
            ),
        ];
        let name = |lead: &str| claimant(lead, &cells).map(|(e, _)| e.name.clone());
        assert_eq!(
            name("2024年度财政拨款支出总计").as_deref(),
            Some("财政拨款支出总计")
        );
        assert_eq!(
            name("2024年度财政拨款支出").as_deref(),
            Some("财政拨款本年支出合计")
        );
        // Two entries of one label, ending alike: no claim.
        let twins = vec![entry("甲", &["基本支出"]), entry("乙", &["基本支出"])];
        assert!(claimant("其中：基本支出", &twins).is_none());
    }

    #[test]
    fn a_label_is_found_before_its_amount() {
        let cells = [
            entry("基本支出", &["基本支出"]),
            entry(
                "项目支出",
                &[
                    "项目支出",
                    "(?:预算)?项目支出[0-9]+个[，,](?:预算资金|涉及金额)",
                ],
            ),
        ];
        let name = |lead: &str| claimant(lead, &cells).map(|(e, _)| e.name.clone());
        assert_eq!(
            name("支出预算16390.41万元，其中：基本支出").as_deref(),
            Some("基本支出")
        );
        assert_eq!(name("，项目支出预算数为").as_deref(), Some("项目支出"));
        assert_eq!(
            name("2024年项目支出全面实施绩效目标管理，涉及预算项目支出6个，预算资金").as_deref(),
            Some("项目支出")
        );
        // A longer name ending in the label is another figure.
        assert_eq!(name("一般公共预算基本支出"), None);
        assert_eq!(name("财政拨款基本支出预算"), None);
        // The label must end right before the amount.
        assert_eq!(name("基本支出增加"), None);
        // `预算总计` after a label ending in 预算 (Jiangsu): the label keeps its 预算.
        let cells = [
            entry("收入预算", &["收入预算"]),
            entry("支出预算", &["支出预算"]),
        ];
        let name = |lead: &str| claimant(lead, &cells).map(|(e, _)| e.name.clone());
        assert_eq!(name("（一）收入预算总计").as_deref(), Some("收入预算"));
        // hedong-urban-2026 (unseen): `部门` before the label.
        assert_eq!(name("2026年部门收入预算总计").as_deref(), Some("收入预算"));
        assert_eq!(name("（二）支出预算总计：").as_deref(), Some("支出预算"));
        assert_eq!(name("（二）支出总计"), None);
        // hedong-urban-2026 (unseen): `预算支出` is the tail of `一般公共预算支出`, while `共`
        // still leads a label.
        let cells = [entry("支出预算", &["支出预算", "预算支出"])];
        let name = |lead: &str| claimant(lead, &cells).map(|(e, _)| e.name.clone());
        assert_eq!(name("2026年一般公共预算支出"), None);
        assert_eq!(name("2026年共预算支出").as_deref(), Some("支出预算"));
    }

    #[test]
    fn a_clause_about_a_subject_is_not_about_the_total() {
        assert!(names_a_subject_level("检察（款）:2018年预算支出合计"));
        assert!(names_a_subject_level("住房改革支出(款):2018年预算支出合计"));
        assert!(!names_a_subject_level("2018年预算支出合计"));
    }

    #[test]
    fn numbering_is_cut_from_row_names() {
        assert_eq!(row_name("一、一般公共预算拨款收入"), "一般公共预算拨款收入");
        assert_eq!(row_name("1.因公出国（境）费"), "因公出国（境）费");
        assert_eq!(row_name("（二）项目支出"), "项目支出");
        assert_eq!(row_name("十、卫生健康支出"), "卫生健康支出");
        assert_eq!(row_name("一般行政管理事务"), "一般行政管理事务");
        assert_eq!(row_name("三公经费"), "三公经费");
    }

    #[test]
    fn labels_after_the_amount_are_read() {
        let cells = [
            entry("人员经费", &["人员经费"]),
            entry("公用经费", &["公用经费"]),
        ];
        let name = |after: &str| claimant_after(after, &cells).map(|e| e.name.clone());
        assert_eq!(name("用于人员经费。").as_deref(), Some("人员经费"));
        assert_eq!(name("，用于公用经费；").as_deref(), Some("公用经费"));
        assert_eq!(name(" 为人员经费").as_deref(), Some("人员经费"));
        assert_eq!(name("为人员经费，").as_deref(), Some("人员经费"));
        // What the money is mostly spent on, or two lines at once: no table line.
        assert_eq!(name("，主要用于人员经费。"), None);
        assert_eq!(name("用于人员经费和公用经费。"), None);
        assert_eq!(name("用于人员经费支出。"), None);
    }

    #[test]
    fn other_years_are_recognised() {
        assert!(about_another_year(
            "较上年预算减少500万元，其中：",
            Some("2024")
        ));
        assert!(about_another_year("2023年", Some("2024")));
        assert!(!about_another_year("2024年", Some("2024")));
        assert!(!about_another_year("其中：", None));
        // fixtures/unseen/dongtou-fishery-2026: a comparison with last year ended before the
        // label; one whose change a `其中` breaks down, or last year named as the subject, is not.
        assert!(!about_another_year(
            "2026年本中心共安排项目7个，较上年增加1个，项目支出预算",
            Some("2026")
        ));
        assert!(about_another_year(
            "较上年预算减少500万元，其中：基本支出",
            Some("2026")
        ));
        assert!(about_another_year(
            "上年支出预算100万元，其中：基本支出",
            None
        ));
        assert!(about_another_year("较上年增加1个，上年项目支出", None));
    }

    /// Beijing's wide 三公 table repeats the four items under `2024年预算数` and `2025年预算数`:
    /// a 2025 budget's `公务用车运行维护费 98.00 万元` is this year's cell, not the first one
    /// named so; a table whose only such column is last year's gives nothing.
    #[test]
    fn an_item_repeated_under_each_year_is_read_under_this_year() {
        let rule: toml::Table = toml::from_str(include_str!("../../../rules/restated-amount.toml"))
            .expect("rule file parses");
        let cells = cell_labels(&rule["params"]["cells"]).expect("cells read");
        let entry = cells
            .iter()
            .find(|c| c.name == "公务用车运行维护费")
            .expect("entry");
        let read = |header2: &str| {
            let text = format!(
                "2025年一般公共预算“三公”经费财政拨款支出表\n\n单位：万元\n\n\
                 | 2024年预算数 | | | | | 2025年预算数 | | | | |\n\
                 |---|---|---|---|---|---|---|---|---|---|\n\
                 {header2}\n\
                 | 150.00 | 0.00 | 45.00 | 102.00 | 3.00 | 101.00 | 0.00 | 0.00 | 98.00 | 3.00 |\n"
            );
            let document = crate::parse::parse(&crate::source::SourceFile::new(
                "t.md".into(),
                text,
                crate::source::SourceEncoding::Utf8,
            ));
            table_cell(&document, entry, Some(2025), false).map(|c| c.number.value)
        };
        assert_eq!(
            read(
                "| 合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行维护费 | 公务接待费 | 合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行维护费 | 公务接待费 |"
            ),
            Some(Decimal::new(9800, 2))
        );
        // This year's name lost (`运行费` garbled): last year's column is not taken for it.
        assert_eq!(
            read(
                "| 合计 | 因公出国（境）费 | 公务用车购置费 | 公务用车运行维护费 | 公务接待费 | 合计 | 因公出国（境）费 | 公务用车购置费 | 行维护费 | 公务接待费 |"
            ),
            None
        );
    }

    #[test]
    fn rounding_follows_the_decimals_and_units_written() {
        let figure = |v: i64, scale: u32, unit| Figure {
            value: Decimal::new(v, scale),
            decimals: scale,
            unit: Some(unit),
            span: Span::default(),
        };
        let agrees = |stated: Figure, cell: Number| {
            let table = Table {
                title: None,
                form: None,
                unit: cell.unit,
                side: None,
                header: Vec::new(),
                columns: Vec::new(),
                rows: Vec::new(),
                span: Span::default(),
                no_data: false,
                layout: crate::model::Layout::Piped,
                doubts: Vec::new(),
            };
            Restatement {
                name: "x",
                stated,
                cell: Cell {
                    table: &table,
                    number: &cell,
                    whole: None,
                },
                end: 0,
            }
            .agrees()
        };
        let cell = |v: i64, scale: u32, unit| Number {
            value: Decimal::new(v, scale),
            decimals: scale,
            span: Span::default(),
            unit: Some(unit),
        };
        assert!(agrees(
            figure(1557995, 2, Unit::WanYuan),
            cell(1557995, 2, Unit::WanYuan)
        ));
        assert!(!agrees(
            figure(1557950, 2, Unit::WanYuan),
            cell(1557995, 2, Unit::WanYuan)
        ));
        // 1.1万元 stands for 10,500 to 11,500 元.
        assert!(agrees(
            figure(11, 1, Unit::WanYuan),
            cell(11200, 0, Unit::Yuan)
        ));
        assert!(!agrees(
            figure(11, 1, Unit::WanYuan),
            cell(11600, 0, Unit::Yuan)
        ));
        // 2.3亿元 against 23,012.00万元.
        assert!(agrees(
            figure(23, 1, Unit::YiYuan),
            cell(2301200, 2, Unit::WanYuan)
        ));
    }
}
