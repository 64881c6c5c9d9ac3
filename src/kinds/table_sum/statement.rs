//! `statement-totals`: the arithmetic of a 收支总表 (income and expenditure summary).
//!
//! A statement is read as one or more tables: a side-by-side 收支总表 is split by the reader into
//! an income half and an expenditure half (the same title, [`Side`]), and a Jiangsu-style
//! statement into three parts (income, expenditure by function, expenditure by use), the last
//! two both expenditure tables. Each side runs, top to bottom:
//!
//! ```text
//! 一、…  二、…  (category lines, with breakdowns 1. / （一） / 其中 under them)
//! 本年收入合计  (the subtotal; may be absent)
//! 上年结转 …    (carry-over lines, with their own 一、 / 其中 breakdowns)
//! 收入总计      (the total)
//! ```
//!
//! How these rows are called differs by template; the rule file declares the [`Shape`]s it
//! knows (subtotal, total and carry-over names). On each side: subtotal = the category lines;
//! total = subtotal + carry-over (or, without a subtotal, the category lines + carry-over); a
//! line broken down into two or more enumerated lines = their sum. Across the sides: 收入总计 =
//! 支出总计, and an expenditure part without totals of its own (支出用途) adds up to the other
//! part's subtotal.
//!
//! A sum is skipped, never guessed, when the reading cannot tell what it adds: a valued line
//! the shape does not know inside the range summed, or category numbers that run backwards
//! (two lists read into one table).

use super::{Comparison, Reporter, column_name, describe, placements, plain_name};
use crate::arith::{Verdict, check_sum};
use crate::engine::{Lang, ParamError};
use crate::model::{Number, Row, Side, Table, is_total_label, squeeze};
use rust_decimal::Decimal;

/// One way the rows of a statement's side are named, as the rule file declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// What the rule file calls it (for `budlint explain` and error messages).
    pub name: String,
    /// The year's subtotal (`本年收入合计`, `当年支出小计`), compared without whitespace or
    /// enumerator.
    pub subtotals: Vec<String>,
    /// The side's total (`收入总计`, `支出合计`).
    pub totals: Vec<String>,
    /// Carry-over lines, by a part of their name (`结转`, `结余`). Empty: any line between the
    /// subtotal and the total that is not a breakdown counts (the rule's first behaviour).
    pub carry_over: Vec<String>,
    /// Whether the income side's total must equal the expenditure side's.
    pub sides_equal: bool,
}

impl Shape {
    fn is_subtotal(&self, name: &str) -> bool {
        self.subtotals.iter().any(|s| s == name)
    }

    fn is_total(&self, name: &str) -> bool {
        self.totals.iter().any(|s| s == name)
    }

    fn names_a_row(&self, table: &Table) -> bool {
        table.rows.iter().any(|r| {
            let name = plain_name(r);
            self.is_subtotal(&name) || self.is_total(&name)
        })
    }
}

const SHAPE_KEYS: &[&str] = &["name", "subtotals", "totals", "carry-over", "sides-equal"];

fn names(table: &toml::Table, key: &str, shape: usize) -> Result<Vec<String>, ParamError> {
    let err = || {
        ParamError::new(
            Some("shapes"),
            format!("shape {}: `{key}` must be a list of strings", shape + 1),
        )
    };
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(|s| squeeze(s).into_owned()).ok_or_else(err))
            .collect(),
        Some(_) => Err(err()),
    }
}

/// The shapes of a `statement-totals` check: `[[params.shapes]]`, or the older
/// `subtotal-labels` / `total-labels`, or the default (本年收入合计 … 收入总计, any carry-over).
pub(super) fn shapes_from_params(params: &toml::Table) -> Result<Vec<Shape>, ParamError> {
    let legacy = |key: &str| super::strings(params, key);
    let (subtotal_labels, total_labels) = (legacy("subtotal-labels")?, legacy("total-labels")?);
    let Some(value) = params.get("shapes") else {
        return Ok(vec![Shape {
            name: "本年收入合计 / 收入总计".to_string(),
            subtotals: super::or_default(subtotal_labels, &["本年收入合计", "本年支出合计"]),
            totals: super::or_default(total_labels, &["收入总计", "支出总计", "总计"]),
            carry_over: Vec::new(),
            sides_equal: false,
        }]);
    };
    if !subtotal_labels.is_empty() || !total_labels.is_empty() {
        return Err(ParamError::new(
            Some("shapes"),
            "give either `shapes` or `subtotal-labels` / `total-labels`, not both",
        ));
    }
    let shape_list_error = || {
        ParamError::new(
            Some("shapes"),
            "`shapes` must be a list of { name, subtotals, totals, carry-over, sides-equal }",
        )
    };
    let items = value.as_array().ok_or_else(shape_list_error)?;
    if items.is_empty() {
        return Err(shape_list_error());
    }
    let mut shapes = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let t = item.as_table().ok_or_else(shape_list_error)?;
        if let Some(key) = t.keys().find(|key| !SHAPE_KEYS.contains(&key.as_str())) {
            return Err(ParamError::new(
                Some("shapes"),
                format!(
                    "shape {}: unknown key `{key}` (expected one of: {})",
                    k + 1,
                    SHAPE_KEYS.join(", ")
                ),
            ));
        }
        let name = match t.get("name") {
            None => format!("shape {}", k + 1),
            Some(toml::Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(ParamError::new(
                    Some("shapes"),
                    format!("shape {}: `name` must be a string", k + 1),
                ));
            }
        };
        let sides_equal = match t.get("sides-equal") {
            None => true,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => {
                return Err(ParamError::new(
                    Some("shapes"),
                    format!("shape {}: `sides-equal` must be true or false", k + 1),
                ));
            }
        };
        let shape = Shape {
            name,
            subtotals: names(t, "subtotals", k)?,
            totals: names(t, "totals", k)?,
            carry_over: names(t, "carry-over", k)?,
            sides_equal,
        };
        if shape.totals.is_empty() {
            return Err(ParamError::new(
                Some("shapes"),
                format!("shape {}: `totals` must name at least one total row", k + 1),
            ));
        }
        shapes.push(shape);
    }
    Ok(shapes)
}

/// How a line is enumerated: its level (`一、` 0, `（一）` 1, `1.` 2, `①` 3) and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Enumerator {
    level: u8,
    ordinal: u32,
}

/// `二十一` → 21, `十` → 10, `三` → 3.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    let mut total = 0;
    let mut current = None;
    for c in s.chars() {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
            }
            '〇' => current = Some(0),
            c => current = Some(digit(c)?),
        }
    }
    Some(total + current.unwrap_or(0))
}

/// The enumerator a row's name starts with, if any.
fn enumerator(name: &str) -> Option<Enumerator> {
    let is_cjk = crate::parse::lines::is_cjk_numeral;
    let cjk: String = name.chars().take_while(|&c| is_cjk(c)).collect();
    let after = &name[cjk.len()..];
    if !cjk.is_empty() && after.starts_with(['、', '．', '.']) {
        return Some(Enumerator {
            level: 0,
            ordinal: chinese_number(&cjk)?,
        });
    }
    if let Some(rest) = name.strip_prefix(['（', '(']) {
        let inner: String = rest
            .chars()
            .take_while(|&c| is_cjk(c) || c.is_ascii_digit())
            .collect();
        if !inner.is_empty() && rest[inner.len()..].starts_with(['）', ')']) {
            let ordinal = inner.parse().ok().or_else(|| chinese_number(&inner))?;
            return Some(Enumerator { level: 1, ordinal });
        }
        return None;
    }
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty()
        && digits.len() <= 2
        && name[digits.len()..].starts_with(['.', '、', '．'])
    {
        return Some(Enumerator {
            level: 2,
            ordinal: digits.parse().ok()?,
        });
    }
    let circled = "①②③④⑤⑥⑦⑧⑨⑩";
    let first = name.chars().next()?;
    circled.find(first).map(|i| Enumerator {
        level: 3,
        ordinal: (i / 3) as u32 + 1,
    })
}

/// A line of a statement as the shape sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Subtotal,
    Total,
    Enumerated(Enumerator),
    /// `其中：…`: part of the line above, never all of it.
    OfWhich,
    /// A carry-over line (`上年结转`, `年末结转和结余`).
    CarryOver,
    /// Anything else: a line the shape does not know, or a fragment of a wrapped label.
    Other,
}

fn kind(shape: &Shape, row: &Row) -> Kind {
    let name = plain_name(row);
    let raw = row.name();
    if shape.is_subtotal(&name) {
        Kind::Subtotal
    } else if shape.is_total(&name) {
        Kind::Total
    } else if raw.starts_with("其中") {
        Kind::OfWhich
    } else if holds_two_cells(&raw) {
        // `二、事业收入五、文化旅游体育与传媒支出`: two cells read as one label.
        Kind::Other
    } else if let Some(e) = enumerator(&raw) {
        Kind::Enumerated(e)
    } else if is_carry_over(shape, &name) {
        Kind::CarryOver
    } else {
        Kind::Other
    }
}

/// A name with a second Chinese-numbered label inside (`二、事业收入五、…`).
fn holds_two_cells(name: &str) -> bool {
    let is_cjk = crate::parse::lines::is_cjk_numeral;
    let chars: Vec<char> = name.chars().collect();
    (2..chars.len()).any(|i| chars[i] == '、' && is_cjk(chars[i - 1]) && !is_cjk(chars[i - 2]))
}

/// A line of the other side (`八、城乡社区支出` among the income lines): the halves were not
/// told apart.
fn belongs_to_other_side(side: Option<Side>, name: &str) -> bool {
    match side {
        Some(Side::Income) => name.ends_with("支出"),
        Some(Side::Expenditure) => name.ends_with("收入"),
        None => false,
    }
}

fn is_carry_over(shape: &Shape, name: &str) -> bool {
    // The longest carry-over names (`年末财政拨款结转和结余`) have 11 characters; a longer
    // one is several cells read as one.
    if name.chars().count() > 14 {
        return false;
    }
    if shape.carry_over.is_empty() {
        // Any line that is not a total; the caller has set enumerated lines aside.
        !name.is_empty() && !is_total_label(name)
    } else {
        shape.carry_over.iter().any(|c| name.contains(c.as_str()))
    }
}

/// Whether a row holds any amount (a `——` cell does not).
fn valued(row: &Row) -> bool {
    !row.values.is_empty()
}

/// A line and the enumerated lines breaking it down.
#[derive(Debug, Default)]
struct Breakdown {
    parent: usize,
    children: Vec<usize>,
}

/// What a range of rows adds up to, as far as the shape can tell.
#[derive(Debug, Default)]
struct Range {
    /// The category lines (the outermost enumerated level outside carry-over breakdowns).
    categories: Vec<usize>,
    /// Carry-over lines, when the range may hold them.
    carry_over: Vec<usize>,
    breakdowns: Vec<Breakdown>,
    /// A valued line the shape does not know, or categories numbered out of order: the range's
    /// sum is not known.
    unknown: bool,
}

/// Read rows `from..to` of a side: categories, carry-over lines (when `carry` allows them) and
/// breakdowns.
fn read_range(shape: &Shape, table: &Table, from: usize, to: usize, carry: bool) -> Range {
    let rows = &table.rows;
    let mut out = Range::default();
    // Enumerated lines outside carry-over breakdowns, in order: (row, enumerator).
    let mut listed: Vec<(usize, Enumerator)> = Vec::new();
    let mut open_carry: Option<Breakdown> = None;
    for (i, row) in rows.iter().enumerate().take(to).skip(from) {
        if belongs_to_other_side(table.side, &plain_name(row)) {
            out.unknown = true;
        }
        match kind(shape, row) {
            Kind::Enumerated(e) => {
                if let Some(b) = &mut open_carry {
                    b.children.push(i);
                } else if carry && is_carry_over_named(shape, row) {
                    out.carry_over.push(i);
                    open_carry = Some(Breakdown {
                        parent: i,
                        children: Vec::new(),
                    });
                } else {
                    listed.push((i, e));
                }
            }
            Kind::OfWhich => {}
            Kind::CarryOver if carry => {
                if let Some(b) = open_carry.take() {
                    out.breakdowns.push(b);
                }
                out.carry_over.push(i);
                open_carry = Some(Breakdown {
                    parent: i,
                    children: Vec::new(),
                });
            }
            _ => {
                if valued(row) {
                    out.unknown = true;
                }
            }
        }
    }
    if let Some(b) = open_carry.take() {
        out.breakdowns.push(b);
    }
    let Some(top) = listed.iter().map(|(_, e)| e.level).min() else {
        return out;
    };
    // A list that starts past its first line (`十七、…`: the rest of a table a page break cut,
    // its first lines in another grid): the lines above are not all here.
    if listed
        .iter()
        .find(|(_, e)| e.level == top)
        .is_some_and(|(_, e)| e.ordinal > 1)
    {
        out.unknown = true;
    }
    // Each category with the enumerated lines under it (the first deeper level only).
    let mut k = 0;
    while k < listed.len() {
        let (row, e) = listed[k];
        k += 1;
        if e.level != top {
            continue;
        }
        if out
            .categories
            .last()
            .and_then(|&c| listed.iter().find(|(r, _)| *r == c))
            .is_some_and(|(_, prev)| prev.ordinal >= e.ordinal)
        {
            // 一、 after 三、: two lists read into one table.
            out.unknown = true;
        }
        out.categories.push(row);
        let end = listed[k..]
            .iter()
            .position(|(_, x)| x.level == top)
            .map_or(listed.len(), |p| k + p);
        if let Some(level) = listed[k..end].iter().map(|(_, x)| x.level).min() {
            out.breakdowns.push(Breakdown {
                parent: row,
                children: listed[k..end]
                    .iter()
                    .filter(|(_, x)| x.level == level)
                    .map(|(r, _)| *r)
                    .collect(),
            });
        }
    }
    out
}

/// An enumerated line that is itself a carry-over line (`二、上年结转`), when the shape names
/// carry-over lines.
fn is_carry_over_named(shape: &Shape, row: &Row) -> bool {
    !shape.carry_over.is_empty() && is_carry_over(shape, &plain_name(row))
}

/// What the check learnt about one side, for the checks across sides.
#[derive(Debug, Default)]
struct SideReading {
    shape: Option<usize>,
    subtotal: Option<usize>,
    total: Option<usize>,
    /// The total's own sum: `Some(false)` when it failed (its error says enough).
    total_held: Option<bool>,
    /// Carry-over lines between the subtotal and the total.
    carry_over: Vec<usize>,
    /// The categories of a part without any subtotal or total row.
    categories: Vec<usize>,
}

/// Whether a table is a 收支总表: a half of one, or titled so. Other tables are checked only
/// where they have a subtotal row.
fn is_statement(table: &Table) -> bool {
    let title = table.title_text();
    table.side.is_some()
        || (title.contains("收支") || title.contains("收入支出")) && title.contains("总")
}

/// Check one side (or a table not split into sides) on its own.
fn check_side(report: &mut Reporter, shapes: &[Shape]) -> SideReading {
    let table = report.table;
    let zh = report.lang() == Lang::Zh;
    let statement = is_statement(table);
    let Some((index, shape)) = shapes
        .iter()
        .enumerate()
        .find(|(_, s)| s.names_a_row(table))
    else {
        let mut reading = SideReading::default();
        if let (Some(shape), true) = (shapes.first(), table.side.is_some()) {
            let range = read_range(shape, table, 0, table.rows.len(), false);
            if !range.unknown {
                check_breakdowns(report, &range);
                reading.categories = range.categories;
            }
        }
        return reading;
    };
    let rows = &table.rows;
    let mut reading = SideReading {
        shape: Some(index),
        ..SideReading::default()
    };
    let mut block_start = 0;
    let mut subtotal: Option<usize> = None;
    for (i, row) in rows.iter().enumerate() {
        match kind(shape, row) {
            // A subtotal without amounts (a header line read as a row, or amounts moved away)
            // subtotals nothing.
            Kind::Subtotal if !valued(row) => {}
            Kind::Subtotal => {
                let range = read_range(shape, table, block_start, i, false);
                check_breakdowns(report, &range);
                if !range.unknown && !range.categories.is_empty() {
                    let parts: Vec<&Row> = range.categories.iter().map(|&c| &rows[c]).collect();
                    report.rows_sum(
                        row,
                        &parts,
                        if zh {
                            "上列各项"
                        } else {
                            "the numbered lines above"
                        },
                    );
                }
                subtotal = Some(i);
                reading.subtotal.get_or_insert(i);
                block_start = i + 1;
            }
            Kind::Total => {
                let (range, mut parts, desc) = match subtotal {
                    Some(s) => {
                        let range = read_range(shape, table, s + 1, i, true);
                        let desc = if zh {
                            "本年合计与结转结余各项"
                        } else {
                            "the year's total and the carry-over lines"
                        };
                        (range, vec![&rows[s]], desc)
                    }
                    None if !statement => {
                        block_start = i + 1;
                        continue;
                    }
                    None => {
                        let range = read_range(shape, table, block_start, i, true);
                        let desc = if zh {
                            "上列各项与结转结余"
                        } else {
                            "the numbered lines above and the carry-over lines"
                        };
                        let unchecked = range.categories.is_empty();
                        let mut range = range;
                        range.unknown |= unchecked;
                        let categories = range.categories.iter().map(|&c| &rows[c]).collect();
                        (range, categories, desc)
                    }
                };
                check_breakdowns(report, &range);
                parts.extend(range.carry_over.iter().map(|&c| &rows[c]));
                let held = if range.unknown || !valued(row) {
                    None
                } else {
                    Some(report.rows_sum(row, &parts, desc))
                };
                if reading.total.is_none() {
                    reading.total = Some(i);
                    reading.total_held = held;
                    reading.carry_over = range.carry_over;
                }
                subtotal = None;
                block_start = i + 1;
            }
            _ => {}
        }
    }
    reading
}

/// A line broken down into two or more enumerated lines equals their sum (unless the range was
/// not read with confidence).
fn check_breakdowns(report: &mut Reporter, range: &Range) {
    if range.unknown {
        return;
    }
    let rows = &report.table.rows;
    let zh = report.lang() == Lang::Zh;
    for b in &range.breakdowns {
        if b.children.len() < 2 || !b.children.iter().any(|&c| valued(&rows[c])) {
            continue;
        }
        let parts: Vec<&Row> = b.children.iter().map(|&c| &rows[c]).collect();
        // `一、基本支出  二、项目支出` then `（一）社会保障和就业支出 …`: lines under the last
        // category that add up to all the categories together break down the whole side a
        // second way (by function), not the last category.
        let categories: Vec<&Row> = range.categories.iter().map(|&c| &rows[c]).collect();
        if range.categories.len() >= 2
            && range.categories.last() == Some(&b.parent)
            && sums_agree(&parts, &categories, report.table.columns.len())
        {
            continue;
        }
        report.rows_sum(
            &rows[b.parent],
            &parts,
            if zh {
                "其下各项"
            } else {
                "the lines under it"
            },
        );
    }
}

/// Whether two sets of settled rows have the same sum in every column either has a value in
/// (at least one), within the rounding of the figures summed.
fn sums_agree(a: &[&Row], b: &[&Row], ncols: usize) -> bool {
    let total = |rows: &[&Row], c: usize| -> Option<(Decimal, Decimal, bool)> {
        let mut sum = Decimal::ZERO;
        let mut slack = Decimal::ZERO;
        let mut any = false;
        for r in rows {
            if let Some(n) = r.cell(c)? {
                sum = sum.checked_add(n.value)?;
                slack = slack.checked_add(n.half_ulp())?;
                any = true;
            }
        }
        Some((sum, slack, any))
    };
    let mut compared = false;
    for c in 0..ncols {
        let (Some((x, sx, ax)), Some((y, sy, ay))) = (total(a, c), total(b, c)) else {
            return false;
        };
        if !ax && !ay {
            continue;
        }
        let Some(gap) = x.checked_sub(y) else {
            return false;
        };
        if gap.abs() > sx + sy {
            return false;
        }
        compared = true;
    }
    compared
}

/// The column of `table` that holds a side's total: the one named like a total (合计, 小计,
/// 总计), else the first.
fn total_column(table: &Table) -> usize {
    table
        .columns
        .iter()
        .position(|c| {
            matches!(c.leaf.as_str(), "合计" | "小计" | "总计")
                || c.leaf.ends_with("合计") && c.leaf.chars().count() <= 8
        })
        .unwrap_or(0)
}

/// The column of `table` that holds a side's total when the table says so: one named like a
/// total, or its only column. With several columns and none named a total (`上年预算数 |
/// 本年预算数 | 增减额`, or columns left unnamed) the reader cannot tell.
fn named_total_column(table: &Table) -> Option<usize> {
    match table.columns.len() {
        1 => Some(0),
        _ => Some(total_column(table)).filter(|&c| {
            let leaf = table.columns[c].leaf.as_str();
            matches!(leaf, "合计" | "小计" | "总计")
                || leaf.ends_with("合计") && leaf.chars().count() <= 8
        }),
    }
}

/// The pairs of columns to compare between two tables: all of them when they have as many;
/// else the columns of one name in both (`上年预算数` with `上年预算数`); else each one's total
/// column, when both tables name it.
pub(super) fn column_pairs(a: &Table, b: &Table) -> Vec<(usize, usize)> {
    if a.columns.len() == b.columns.len() {
        return (0..a.columns.len()).map(|c| (c, c)).collect();
    }
    let unnamed = |name: &str| name.is_empty() || name.starts_with('列');
    let same: Vec<(usize, usize)> = a
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !unnamed(&c.leaf))
        .filter_map(|(i, c)| {
            let j = b.columns.iter().position(|d| d.leaf == c.leaf)?;
            Some((i, j))
        })
        .collect();
    if !same.is_empty() {
        return same;
    }
    match (named_total_column(a), named_total_column(b)) {
        (Some(i), Some(j)) => vec![(i, j)],
        _ => Vec::new(),
    }
}

/// Check a statement: each of its parts (one table, or the halves and parts of a 收支总表), then
/// the sums across them.
pub(super) fn check_statement(
    cx: &crate::engine::CheckContext<'_>,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    parts: &[&Table],
    shapes: &[Shape],
) {
    // A line of one side read into the other: the halves were not told apart, and no sum of
    // either can be trusted.
    let mixed = parts.iter().any(|t| {
        t.rows
            .iter()
            .any(|r| belongs_to_other_side(t.side, &plain_name(r)))
    });
    if mixed {
        return;
    }
    let mut readings = Vec::with_capacity(parts.len());
    for table in parts {
        let mut report = Reporter::new(cx, table, out);
        readings.push(check_side(&mut report, shapes));
        report.finish_table();
    }
    if parts.len() < 2 {
        return;
    }
    let side_of = |side: Side| {
        parts
            .iter()
            .zip(&readings)
            .filter(move |(t, _)| t.side == Some(side))
    };
    let income = side_of(Side::Income).find(|(_, r)| r.total.is_some());
    let expenditure = side_of(Side::Expenditure).find(|(_, r)| r.total.is_some());
    if let (Some((it, ir)), Some((et, er))) = (income, expenditure) {
        sides_equal(cx, out, (it, ir), (et, er), shapes);
    }
    // An expenditure part with no totals of its own (支出用途 beside 功能分类) adds up to the
    // subtotal of the part that has them.
    let Some((main, main_reading)) =
        side_of(Side::Expenditure).find(|(_, r)| r.subtotal.is_some() || r.total.is_some())
    else {
        return;
    };
    for (table, reading) in side_of(Side::Expenditure) {
        if reading.shape.is_some() || reading.categories.is_empty() {
            continue;
        }
        let target = match (main_reading.subtotal, main_reading.total) {
            (Some(s), _) => s,
            // Without a subtotal the total includes the carry-over; only when it is empty is
            // the total the year's expenditure.
            (None, Some(t))
                if main_reading
                    .carry_over
                    .iter()
                    .all(|&c| !valued(&main.rows[c])) =>
            {
                t
            }
            _ => continue,
        };
        let stated = &main.rows[target];
        if !valued(stated) {
            continue;
        }
        let lines: Vec<&Row> = reading.categories.iter().map(|&c| &table.rows[c]).collect();
        let first = plain_name(lines[0]);
        let desc = if cx.lang == Lang::Zh {
            format!("{first}等各项")
        } else {
            format!("{first} and the lines beside it")
        };
        let mut report = Reporter::new(cx, main, out);
        report.partners = vec![table];
        for (stated_col, part_col) in column_pairs(main, table) {
            report.cells_add_up(stated, stated_col, &lines, part_col, &desc);
        }
        report.finish_table();
    }
}

/// 收入总计 = 支出总计, column by column, unless a side's own sum already failed.
fn sides_equal(
    cx: &crate::engine::CheckContext<'_>,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    (income, ir): (&Table, &SideReading),
    (expenditure, er): (&Table, &SideReading),
    shapes: &[Shape],
) {
    let declared = |r: &SideReading| r.shape.is_some_and(|s| shapes[s].sides_equal);
    if !declared(ir)
        || !declared(er)
        || ir.total_held == Some(false)
        || er.total_held == Some(false)
    {
        return;
    }
    let (Some(it), Some(et)) = (ir.total, er.total) else {
        return;
    };
    let (income_total, expenditure_total) = (&income.rows[it], &expenditure.rows[et]);
    if !valued(income_total) || !valued(expenditure_total) {
        return;
    }
    let desc = if cx.lang == Lang::Zh {
        format!("收入方的{}", describe(income_total))
    } else {
        format!("the income side's {}", describe(income_total))
    };
    let mut report = Reporter::new(cx, expenditure, out);
    report.partners = vec![income];
    for (e_col, i_col) in column_pairs(expenditure, income) {
        report.cells_add_up(expenditure_total, e_col, &[income_total], i_col, &desc);
    }
    report.finish_table();
}

impl Reporter<'_, '_> {
    /// The cell of `stated` in `stated_col` (of this reporter's table) = the sum of the cells of
    /// `parts` in `part_col` (of a partner table). A row whose placement is uncertain is judged
    /// by its best placement, as [`Reporter::rows_sum`] does.
    fn cells_add_up(
        &mut self,
        stated: &Row,
        stated_col: usize,
        parts: &[&Row],
        part_col: usize,
        parts_desc: &str,
    ) {
        let what = describe(stated);
        let column = column_name(self.table, stated_col, self.lang());
        let options: Vec<Vec<Option<&[usize]>>> = std::iter::once(stated)
            .chain(parts.iter().copied())
            .map(placements)
            .collect();
        let combos: usize = options.iter().map(Vec::len).product();
        if combos == 0 || combos > 4096 {
            return;
        }
        let mut index = vec![0usize; options.len()];
        let mut best: Option<(crate::arith::SumCheck, Option<&Number>, Vec<&Number>)> = None;
        loop {
            let total = super::cell(stated, options[0][index[0]], stated_col);
            let addends: Vec<&Number> = parts
                .iter()
                .enumerate()
                .filter_map(|(k, r)| super::cell(r, options[k + 1][index[k + 1]], part_col))
                .collect();
            if total.is_some() || !addends.is_empty() {
                let check = check_sum(total, &addends);
                if best
                    .as_ref()
                    .is_none_or(|(b, _, _)| super::rank(check.verdict) < super::rank(b.verdict))
                {
                    best = Some((check, total, addends));
                }
            }
            if best
                .as_ref()
                .is_some_and(|(b, _, _)| b.verdict == Verdict::Equal)
            {
                break;
            }
            let mut k = 0;
            loop {
                if k == index.len() {
                    break;
                }
                index[k] += 1;
                if index[k] < options[k].len() {
                    break;
                }
                index[k] = 0;
                k += 1;
            }
            if k == index.len() {
                break;
            }
        }
        let Some((check, total, addends)) = best else {
            return;
        };
        let settled = stated.is_settled() && parts.iter().all(|r| r.is_settled());
        if !settled {
            if check.verdict == Verdict::Mismatch {
                self.emit_unplaced(stated, parts, &what, parts_desc);
            }
            return;
        }
        self.emit(Comparison {
            check: &check,
            stated: total,
            stated_row: stated,
            parts: &addends,
            part_rows: parts,
            what: &what,
            column: &column,
            parts_desc,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_read_as_integers() {
        assert_eq!(chinese_number("三"), Some(3));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十一"), Some(11));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("二十九"), Some(29));
        assert_eq!(chinese_number("一百零二"), Some(102));
    }

    #[test]
    fn two_cells_read_as_one_label() {
        assert!(holds_two_cells("二、事业收入五、文化旅游体育与传媒支出"));
        assert!(holds_two_cells("2.政府性基金三、教育支出"));
        assert!(!holds_two_cells("二十一、国有资本经营预算支出"));
        assert!(!holds_two_cells("七、文化、旅游支出"));
    }

    #[test]
    fn enumerators_by_level() {
        let e = |s: &str| enumerator(s).map(|e| (e.level, e.ordinal));
        assert_eq!(e("二十、住房保障支出"), Some((0, 20)));
        assert_eq!(e("（三）国有资本经营预算"), Some((1, 3)));
        assert_eq!(e("(2)政府性基金"), Some((1, 2)));
        assert_eq!(e("2.政府性基金预算"), Some((2, 2)));
        assert_eq!(e("1、一般公共预算"), Some((2, 1)));
        assert_eq!(e("②运行维护费"), Some((3, 2)));
        assert_eq!(e("2024年预算"), None);
        assert_eq!(e("上年结转"), None);
        assert_eq!(e("十八、"), Some((0, 18)));
    }
}
