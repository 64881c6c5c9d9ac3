//! `performance-target`: the performance-target tables (绩效目标表) and self-evaluations
//! (绩效自评表) checked against themselves and against the rest of the report.
//!
//! Reads [`Document::performance`], the forms the parser read in every layout. One check per
//! rule (`check = …`):
//! - `one-year-funds`: a one-year project's 实施期资金总额 equals its 年度资金总额;
//! - `fund-sources`: the sources of each funds column add up to its total;
//! - `task-amounts`: the 年度主要任务 of a 部门整体支出绩效目标表 add up to its 资金总额;
//! - `project-amount`: the annual amount (元) equals the project's row of the 项目支出 table
//!   (万元), matched by name (exact after removing punctuation, or closely similar: then the
//!   finding is a warning);
//! - `department-total`: a 部门整体支出绩效目标表's 资金总额 is one of the budget's totals (the
//!   places in `totals`: 支出总计, 本年支出合计, …), a warning when it is none of them;
//! - `department-code`: one 主管部门代码 across the document's forms;
//! - `scoring-rule`: an indicator value and its 评分标准 agree (`≥5次` but `少于8次扣分`);
//! - `scores`: 分值 add up to 100 (or the stated total), no 得分 exceeds its 分值, the part
//!   scores add up to the total score, 执行率 = 执行数 ÷ 全年预算数;
//! - `unit-costs`: quantities times unit costs (`80个` × `单个版面制作费用 21460元`) do not
//!   exceed the annual amount;
//! - `table-count`: the number of forms equals the count the prose gives.

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::arith::{Verdict, check_sum, show_sum};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::{Check, CheckContext, Lang, ParamError};
use crate::kinds::cross_table::place::{self, Lookup, Place};
use crate::lazy_regex::LazyRegex;
use crate::model::performance::{
    Comparator, Field, FundSource, Funds, Indicator, IndicatorValue, PerformanceKind,
    PerformanceTable,
};
use crate::model::{Block, Document, Layout, Number, Unit, squeeze};
use crate::parse::performance::COMPARATORS;
use crate::source::Span;

/// Which relation a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    OneYearFunds,
    FundSources,
    TaskAmounts,
    ProjectAmount,
    DepartmentTotal,
    DepartmentCode,
    ScoringRule,
    Scores,
    UnitCosts,
    TableCount,
    Grade,
    GradeCount,
}

const CHECKS: &[(&str, Relation)] = &[
    ("one-year-funds", Relation::OneYearFunds),
    ("fund-sources", Relation::FundSources),
    ("task-amounts", Relation::TaskAmounts),
    ("project-amount", Relation::ProjectAmount),
    ("department-total", Relation::DepartmentTotal),
    ("department-code", Relation::DepartmentCode),
    ("scoring-rule", Relation::ScoringRule),
    ("scores", Relation::Scores),
    ("unit-costs", Relation::UnitCosts),
    ("table-count", Relation::TableCount),
    ("grade", Relation::Grade),
    ("grade-count", Relation::GradeCount),
];

#[derive(Debug)]
pub struct PerformanceTargetCheck {
    relation: Relation,
    /// `check = "grade"`: each grade and the least total score that earns it, highest first.
    bands: Vec<(String, Decimal)>,
    /// `check = "department-total"`: the cells of the budget a department's 资金总额 may be.
    totals: Vec<Place>,
}

impl PerformanceTargetCheck {
    pub fn from_params(params: &toml::Table) -> Result<PerformanceTargetCheck, ParamError> {
        let names: Vec<&str> = CHECKS.iter().map(|(n, _)| *n).collect();
        if let Some(key) = params
            .keys()
            .find(|k| !matches!(k.as_str(), "check" | "bands" | "totals"))
        {
            return Err(ParamError::new(
                Some(key),
                format!(
                    "unknown parameter `{key}` for kind `performance-target` (expected: check, bands, totals)"
                ),
            ));
        }
        let bands = grade_bands(params)?;
        let totals = match params.get("totals") {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .ok_or_else(|| {
                    ParamError::new(
                        Some("totals"),
                        "`totals` must be a list of places".to_string(),
                    )
                })?
                .iter()
                .map(|p| place::place(p, "totals"))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let Some(value) = params.get("check") else {
            return Err(ParamError::new(
                Some("check"),
                format!("`check` is required: {}", names.join(", ")),
            ));
        };
        let name = value.as_str().unwrap_or_default();
        CHECKS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, relation)| PerformanceTargetCheck {
                relation: *relation,
                bands: bands.clone(),
                totals: totals.clone(),
            })
            .ok_or_else(|| {
                ParamError::new(
                    Some("check"),
                    format!(
                        "unknown check `{value}` (expected one of {})",
                        names.join(", ")
                    ),
                )
            })
    }
}

/// `bands = [{ grade = "优", min = 90 }, …]`: sorted by minimum, highest first.
fn grade_bands(params: &toml::Table) -> Result<Vec<(String, Decimal)>, ParamError> {
    let Some(value) = params.get("bands") else {
        return Ok(Vec::new());
    };
    let invalid = || {
        ParamError::new(
            Some("bands"),
            "`bands` must be an array of `{ grade = \"优\", min = 90 }`".to_string(),
        )
    };
    let mut bands = Vec::new();
    for band in value.as_array().ok_or_else(invalid)? {
        let grade = band
            .get("grade")
            .and_then(|g| g.as_str())
            .ok_or_else(invalid)?;
        let min = match band.get("min") {
            Some(toml::Value::Integer(n)) => Decimal::from(*n),
            Some(toml::Value::Float(f)) => Decimal::try_from(*f).map_err(|_| invalid())?,
            _ => return Err(invalid()),
        };
        if grade.is_empty() {
            return Err(invalid());
        }
        bands.push((grade.to_string(), min));
    }
    bands.sort_by_key(|b| std::cmp::Reverse(b.1));
    Ok(bands)
}

impl Check for PerformanceTargetCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.document;
        let at = Reporter { cx };
        // A form whose labels a converter cut over cells is not read reliably: none of its
        // figures is checked (it still counts as a form for `table_count`).
        let read = || doc.performance.iter().filter(|t| t.cut_labels.is_empty());
        match self.relation {
            Relation::OneYearFunds => read().for_each(|t| at.one_year(t, out)),
            Relation::FundSources => read().for_each(|t| at.sources(t, out)),
            Relation::TaskAmounts => read().for_each(|t| at.tasks(t, out)),
            Relation::ProjectAmount => {
                let rows = project_rows(doc);
                read().for_each(|t| at.project_amount(t, &rows, out));
            }
            Relation::DepartmentTotal => {
                // Looked up once, and only for a document with a department's target form.
                let forms: Vec<&PerformanceTable> = read()
                    .filter(|t| t.kind == PerformanceKind::Target && t.is_department())
                    .collect();
                if forms.is_empty() {
                    return;
                }
                let Some(cells) = budget_totals(doc, &self.totals) else {
                    return;
                };
                forms
                    .iter()
                    .for_each(|t| at.department_total(t, &cells, out));
            }
            Relation::DepartmentCode => {
                let forms: Vec<&PerformanceTable> = read().collect();
                at.department_codes(&forms, out)
            }
            Relation::ScoringRule => read().for_each(|t| at.scoring(t, out)),
            Relation::Scores => read().for_each(|t| at.scores(t, out)),
            Relation::UnitCosts => read().for_each(|t| at.unit_costs(t, out)),
            Relation::TableCount => at.table_count(doc, out),
            Relation::Grade => read().for_each(|t| at.grade(t, &self.bands, out)),
            Relation::GradeCount => at.grade_count(doc, out),
        }
    }
}

struct Reporter<'a, 'b> {
    cx: &'a CheckContext<'b>,
}

/// The project's name, or the form's title (its kind, without one) when its name was not read.
fn project_name(t: &PerformanceTable) -> String {
    match (&t.project, &t.title, t.kind) {
        (Some(p), _, _) => p.text.clone(),
        (None, Some(title), _) => title.squeezed(),
        (None, None, PerformanceKind::SelfEvaluation) => "绩效自评表".to_string(),
        (None, None, PerformanceKind::Target) => "绩效目标表".to_string(),
    }
}

/// A 执行率 in percent and its half-unit: `98%`, or `0.98` written as a fraction.
fn rate_percent(rate: &Number) -> (Decimal, Decimal) {
    if rate.unit != Some(Unit::Percent) && rate.value <= Decimal::ONE && rate.decimals > 0 {
        (
            rate.value * Decimal::ONE_HUNDRED,
            rate.half_ulp() * Decimal::ONE_HUNDRED,
        )
    } else {
        (rate.value, rate.half_ulp())
    }
}

/// A figure as written in the source (`690,000`).
fn written(cx: &CheckContext<'_>, n: &Number) -> String {
    squeeze(cx.source.slice(n.span)).into_owned()
}

impl Reporter<'_, '_> {
    fn zh(&self) -> bool {
        self.cx.lang == Lang::Zh
    }

    fn w(&self, zh: &'static str, en: &'static str) -> &'static str {
        if self.zh() { zh } else { en }
    }

    fn diagnostic(&self, severity: Severity, args: &[(&str, &str)]) -> Diagnostic {
        self.cx
            .rule
            .diagnostic(severity.min(self.cx.rule.severity), self.cx.lang, args)
    }

    fn severity(&self) -> Severity {
        self.cx.rule.severity
    }

    /// The severity of a sum over all the rows of a form: in tab and pipe grids every row is
    /// delimited; in aligned text a row may have been lost to a wrap, so a sum is only a warning.
    fn rows_severity(&self, t: &PerformanceTable) -> Severity {
        match t.layout {
            Layout::Tabbed | Layout::Piped => self.severity(),
            Layout::Aligned | Layout::Plain => Severity::Warning,
        }
    }

    /// Rule 1: `项目期 1年` and 实施期资金总额 ≠ 年度资金总额.
    fn one_year(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let (Some(whole), Some(year)) = (&t.implementation_funds.total, &t.annual_funds.total)
        else {
            return;
        };
        if !t.is_one_year()
            || (whole.value - year.value).abs() <= whole.half_ulp() + year.half_ulp()
        {
            return;
        }
        let (w, y) = (written(self.cx, whole), written(self.cx, year));
        let project = project_name(t);
        let period = t
            .period
            .as_ref()
            .or(t.attribute.as_ref())
            .map(|f| f.text.clone())
            .unwrap_or_default();
        let mut d = self
            .diagnostic(
                self.severity(),
                &[
                    ("project", &project),
                    ("implementation", &w),
                    ("annual", &y),
                ],
            )
            .with_label(Label::primary(
                whole.span,
                format!(
                    "{} {w}",
                    self.w("实施期资金总额", "implementation-period total")
                ),
            ))
            .with_label(Label::secondary(
                year.span,
                format!("{} {y}", self.w("年度资金总额", "annual total")),
            ));
        if let Some(f) = t.period.as_ref().or(t.attribute.as_ref()) {
            d = d.with_label(Label::secondary(f.span, period));
        }
        out.push(d.with_help(self.w(
            "一年期项目的实施期即本年度，两项总额应相同；核对项目期或资金数",
            "a one-year project's implementation period is the year: correct the period or the amounts",
        )));
    }

    /// Rule 2: the sources of each funds column add up to its total.
    fn sources(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        for (funds, column) in [
            (
                &t.implementation_funds,
                self.w("实施期资金总额", "implementation-period total"),
            ),
            (&t.annual_funds, self.w("年度资金总额", "annual total")),
        ] {
            self.funds_sum(t, funds, column, out);
        }
    }

    fn funds_sum(
        &self,
        t: &PerformanceTable,
        funds: &Funds,
        column: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(total) = &funds.total else {
            return;
        };
        // A department's funds may be given twice, by where they come from (财政拨款 / 其他资金)
        // and by what they pay for (基本支出 / 项目支出): each way adds up to the total.
        let spending = |s: FundSource| {
            matches!(
                s,
                FundSource::BasicExpenditure | FundSource::ProjectExpenditure
            )
        };
        // The kinds of budget (一般公共预算 / 政府性基金预算) are parts of the 财政拨款 where the
        // form gives that too: then they are not added to it.
        let appropriation = funds
            .sources
            .iter()
            .any(|(s, _, _)| *s == FundSource::CurrentAppropriation);
        let budget_kind = |s: FundSource| {
            appropriation
                && matches!(
                    s,
                    FundSource::GeneralBudget
                        | FundSource::GovernmentFund
                        | FundSource::StateCapital
                )
        };
        for by_spending in [false, true] {
            let sources: Vec<&(FundSource, Option<Number>, Span)> = funds
                .sources
                .iter()
                .filter(|(s, _, _)| spending(*s) == by_spending && !budget_kind(*s))
                .collect();
            self.sources_sum(t, total, &sources, column, out);
        }
    }

    fn sources_sum(
        &self,
        t: &PerformanceTable,
        total: &Number,
        sources: &[&(FundSource, Option<Number>, Span)],
        column: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let parts: Vec<&Number> = sources.iter().filter_map(|(_, n, _)| n.as_ref()).collect();
        if parts.is_empty() {
            return;
        }
        let sum = check_sum(Some(total), &parts);
        if sum.verdict != Verdict::Mismatch {
            return;
        }
        // In aligned or plain text a source whose label was read without its amount is one
        // whose amount is printed elsewhere (an empty grid cell is nothing; a missing figure in
        // text is unread): the sum falls short of the total by what was not read, unprovably.
        let unread = sources.iter().any(|(_, n, _)| n.is_none());
        if unread && matches!(t.layout, Layout::Aligned | Layout::Plain) && sum.sum < total.value {
            return;
        }
        let stated = written(self.cx, total);
        let shown = show_sum(&parts, sum.sum);
        let mut d = self
            .diagnostic(
                self.severity(),
                &[
                    ("project", &project_name(t)),
                    ("column", column),
                    ("total", &stated),
                    ("sum", &sum.sum.to_string()),
                ],
            )
            .with_label(Label::primary(total.span, format!("{column} {stated}")));
        for (source, n, _) in sources {
            if let Some(n) = n.as_ref().filter(|n| !n.value.is_zero()) {
                d = d.with_label(Label::secondary(
                    n.span,
                    format!("{} {}", source.name(self.zh()), written(self.cx, n)),
                ));
            }
        }
        out.push(d.with_note(shown));
    }

    /// The task rows of a 部门整体支出绩效目标表 add up to its 资金总额.
    fn tasks(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let Some(total) = &t.annual_funds.total else {
            return;
        };
        if t.tasks.len() < 2 {
            return;
        }
        let parts: Vec<&Number> = t.tasks.iter().map(|task| &task.amount).collect();
        let sum = check_sum(Some(total), &parts);
        if sum.verdict != Verdict::Mismatch {
            return;
        }
        let stated = written(self.cx, total);
        let mut d = self
            .diagnostic(
                self.rows_severity(t),
                &[
                    ("project", &project_name(t)),
                    ("total", &stated),
                    ("sum", &sum.sum.to_string()),
                    ("count", &t.tasks.len().to_string()),
                ],
            )
            .with_label(Label::primary(
                total.span,
                format!("{} {stated}", self.w("资金总额", "total")),
            ));
        for task in &t.tasks {
            let name = task.name.as_ref().map(Field::squeezed).unwrap_or_default();
            d = d.with_label(Label::secondary(
                task.amount.span,
                format!("{name} {}", written(self.cx, &task.amount)),
            ));
        }
        out.push(d.with_note(show_sum(&parts, sum.sum)));
    }

    /// Rule 3: the annual amount equals the project's row in the 项目支出 table.
    fn project_amount(&self, t: &PerformanceTable, rows: &[ProjectRow], out: &mut Vec<Diagnostic>) {
        // A department's form names the department, not a project of the 项目支出 table.
        if t.is_department() {
            return;
        }
        let (Some(project), Some((amount, tolerance)), Some(year)) =
            (&t.project, t.annual_in_yuan(), &t.annual_funds.total)
        else {
            return;
        };
        let Some((matched, exact)) = match_project(&project.text, rows) else {
            return;
        };
        let tolerance_of = |r: &ProjectRow| tolerance + r.half_ulp_yuan;
        if matched
            .iter()
            .any(|r| (r.yuan - amount).abs() <= tolerance_of(r))
        {
            return;
        }
        let sum: Decimal = matched.iter().map(|r| r.yuan).sum();
        let sum_tolerance: Decimal = matched.iter().map(|r| tolerance_of(r)).sum();
        if matched.len() > 1 && (sum - amount).abs() <= sum_tolerance {
            return;
        }
        let row = matched[0];
        let severity = if exact {
            self.severity()
        } else {
            Severity::Warning
        };
        let stated = written(self.cx, year);
        let table_amount = written(self.cx, &row.number);
        let unit = if row.number.unit == Some(Unit::Yuan) {
            "元"
        } else {
            "万元"
        };
        let d = self
            .diagnostic(
                severity,
                &[
                    ("project", &project.text),
                    ("annual", &stated),
                    ("row", &row.name),
                    ("amount", &format!("{table_amount} {unit}")),
                ],
            )
            .with_label(Label::primary(
                year.span,
                format!("{} {stated}", self.w("年度资金总额", "annual total")),
            ))
            .with_label(Label::secondary(
                row.number.span,
                format!(
                    "{}“{}” {table_amount} {unit}",
                    self.w("项目支出表行", "project-expenditure row "),
                    row.name
                ),
            ))
            .with_note(if self.zh() {
                format!(
                    "{} 元 = {} 万元；按项目名称{}匹配到“{}”",
                    amount.normalize(),
                    (amount / Decimal::from(10_000)).normalize(),
                    if exact { "" } else { "近似" },
                    row.name
                )
            } else {
                format!(
                    "{} yuan = {} wan yuan; matched {}by project name to `{}`",
                    amount.normalize(),
                    (amount / Decimal::from(10_000)).normalize(),
                    if exact { "" } else { "approximately " },
                    row.name
                )
            });
        out.push(d);
    }

    /// Rule 3 for a department's form: its 资金总额 is one of the budget's totals (`cells`, the
    /// places found, the first the one to name). The form may leave out the 上年结转 or not, so
    /// any of them will do; none is a warning at most.
    fn department_total(
        &self,
        t: &PerformanceTable,
        cells: &[(&Place, place::Cell<'_>)],
        out: &mut Vec<Diagnostic>,
    ) {
        let (Some(total), Some((amount, tolerance))) = (&t.annual_funds.total, t.annual_in_yuan())
        else {
            return;
        };
        let (low, high) = (amount - tolerance, amount + tolerance);
        if cells.iter().any(|(_, c)| {
            let (a, b) = c.in_yuan();
            a <= high && low <= b
        }) {
            return;
        }
        let Some((first_place, first)) = cells.first() else {
            return;
        };
        let stated = written(self.cx, total);
        let row_of = |p: &Place| p.rows.first().cloned().unwrap_or_default();
        let shown: Vec<String> = cells
            .iter()
            .map(|(p, c)| format!("{} {}", row_of(p), written(self.cx, c.number)))
            .collect();
        let d = self
            .diagnostic(
                Severity::Warning,
                &[
                    ("project", &project_name(t)),
                    ("total", &stated),
                    ("row", &row_of(first_place)),
                    ("amount", &written(self.cx, first.number)),
                ],
            )
            .with_label(Label::primary(
                total.span,
                format!("{} {stated}", self.w("资金总额", "total")),
            ))
            .with_label(Label::secondary(
                first.number.span,
                format!("{} {}", row_of(first_place), written(self.cx, first.number)),
            ))
            .with_note(if self.zh() {
                format!("与预算表中的 {} 均不符", shown.join("、"))
            } else {
                format!("none of the budget's {}", shown.join(", "))
            });
        out.push(d);
    }

    /// Rule 4: one 主管部门代码 across the forms.
    fn department_codes(&self, tables: &[&PerformanceTable], out: &mut Vec<Diagnostic>) {
        let coded: Vec<(&PerformanceTable, &str, String)> = tables
            .iter()
            .copied()
            .filter_map(|t| {
                let code = t.department_code.as_deref()?;
                let name = t.department.as_ref()?.squeezed();
                let name = name[code.len()..]
                    .trim_start_matches(['-', '－', '—', ']', '】', ')', '）', '_'])
                    .to_string();
                Some((t, code, name))
            })
            .collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, code, _) in &coded {
            *counts.entry(code).or_default() += 1;
        }
        if counts.len() < 2 {
            return;
        }
        let Some((usual, n)) = coded
            .iter()
            .map(|(_, c, _)| (*c, counts[c]))
            .max_by_key(|(_, n)| *n)
        else {
            return;
        };
        // Without a majority there is no telling which code is the document's own.
        if coded.iter().filter(|(_, c, _)| *c != usual).count() >= n {
            return;
        }
        let usual_names: Vec<&String> = coded
            .iter()
            .filter(|(_, c, _)| *c == usual)
            .map(|(_, _, name)| name)
            .collect();
        let Some(example) = coded.iter().find(|(_, c, _)| *c == usual) else {
            return;
        };
        for (t, code, name) in coded.iter().filter(|(_, c, _)| *c != usual) {
            let Some(department) = &t.department else {
                continue;
            };
            // The same department under another code is a contradiction; another department
            // altogether may be a template slip or a real 主管部门, so it is a warning.
            let severity = if usual_names.contains(&name) {
                self.severity()
            } else {
                Severity::Warning
            };
            let Some(usual_field) = &example.0.department else {
                continue;
            };
            out.push(
                self.diagnostic(
                    severity,
                    &[
                        ("department", &department.text),
                        ("code", code),
                        ("usual", &usual_field.text),
                        ("count", &n.to_string()),
                    ],
                )
                .with_label(Label::primary(
                    department.span,
                    format!("{} {code}", self.w("主管部门代码", "department code")),
                ))
                .with_label(Label::secondary(
                    usual_field.span,
                    format!(
                        "{} {n} {}",
                        self.w("其余", "the"),
                        self.w("张表为此代码", "other tables give this code")
                    ),
                )),
            );
        }
    }

    /// Rule 5: the 评分标准 of an indicator contradicts its value.
    fn scoring(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        for i in &t.indicators {
            let (Some(value), Some(scoring)) = (&i.value, &i.scoring) else {
                continue;
            };
            if let Some(conflict) = scoring_conflict(value, scoring) {
                let target = squeeze(&value.field.text);
                out.push(
                    self.diagnostic(
                        self.severity(),
                        &[
                            ("indicator", &i.name_text()),
                            ("value", &target),
                            ("clause", &conflict.clause),
                        ],
                    )
                    .with_label(Label::primary(
                        conflict.span,
                        self.w(
                            "评分标准与指标值矛盾",
                            "the scoring rule contradicts the value",
                        ),
                    ))
                    .with_label(Label::secondary(
                        value.field.span,
                        format!("{} {target}", self.w("指标值", "target")),
                    ))
                    .with_note(if self.zh() {
                        format!("达到指标值 {target} 的结果仍按“{}”扣分", conflict.clause)
                    } else {
                        format!(
                            "a result meeting the target {target} is still marked down by `{}`",
                            conflict.clause
                        )
                    }),
                );
            }
        }
    }

    /// Rule 6: 分值 add up to the total, 得分 ≤ 分值, scores add up, 执行率.
    fn scores(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let first: Vec<&Indicator> = t.indicators.iter().filter(|i| i.group == 0).collect();
        let weights: Vec<&Number> = first.iter().filter_map(|i| i.weight.as_ref()).collect();
        let execution_weight = t.execution.as_ref().and_then(|e| e.weight.as_ref());
        let all_weighted = first
            .iter()
            .all(|i| i.weight.is_some() || i.value.is_none());
        // Three weights at least, or two beside the 预算执行 分值 under a stated total.
        let enough = weights.len() >= 3
            || (weights.len() >= 2 && execution_weight.is_some() && t.total_weight.is_some());
        if enough && all_weighted {
            let mut parts = weights.clone();
            parts.extend(execution_weight);
            let expected = t
                .total_weight
                .clone()
                .unwrap_or_else(|| number(Decimal::ONE_HUNDRED, Span::default()));
            let sum = check_sum(Some(&expected), &parts);
            // A weight is assigned, not computed: weights written as whole numbers are
            // normally exact, so twelve of them adding to 105 are wrong although 105 lies
            // within twelve half-points of 100. A template could still print rounded shares
            // (seven weights of 14 for 100 ÷ 7), so a sum off by no more than rounding explains
            // is a warning; weights written with decimals (`6.67`) keep the interval.
            let exact = parts.iter().chain([&&expected]).all(|n| n.decimals == 0);
            let severity = match sum.verdict {
                Verdict::Mismatch => Some(self.rows_severity(t)),
                Verdict::Rounding if exact => Some(self.rows_severity(t).min(Severity::Warning)),
                _ => None,
            };
            if let Some(severity) = severity {
                let at = t
                    .total_weight
                    .as_ref()
                    .map(|n| n.span)
                    .or(t.project.as_ref().map(|p| p.span))
                    .unwrap_or(t.span);
                let mut d = self
                    .diagnostic(
                        severity,
                        &[
                            ("project", &project_name(t)),
                            ("what", self.w("分值合计", "the weights add up to")),
                            ("stated", &sum.sum.to_string()),
                            ("expected", &expected.value.to_string()),
                        ],
                    )
                    .with_label(Label::primary(
                        at,
                        format!("{} {}", self.w("应为", "should be"), expected.value),
                    ));
                // Which weight is wrong the form does not say: each is shown, as the parts of
                // a sum are.
                for w in &parts {
                    d = d.with_label(Label::secondary(
                        w.span,
                        format!("{} {}", self.w("分值", "weight"), written(self.cx, w)),
                    ));
                }
                out.push(d.with_note(show_sum(&parts, sum.sum)));
            }
        }
        for i in &t.indicators {
            if let (Some(weight), Some(score)) = (&i.weight, &i.score) {
                if score.value > weight.value {
                    out.push(
                        self.diagnostic(
                            self.severity(),
                            &[
                                ("project", &project_name(t)),
                                ("what", self.w("得分超过分值", "a score exceeds its weight")),
                                ("stated", &score.value.to_string()),
                                ("expected", &format!("≤ {}", weight.value)),
                            ],
                        )
                        .with_label(Label::primary(score.span, self.w("得分", "score")))
                        .with_label(Label::secondary(weight.span, self.w("分值", "weight"))),
                    );
                }
            }
        }
        self.total_score(t, out);
        // A wrong 执行率 makes the score computed from it beside the point.
        if !self.execution_rate(t, out) {
            self.execution_score(t, out);
        }
    }

    /// The 预算执行 得分 is 分值 × 执行率 (the rate capped at 100%). Some provinces score the
    /// execution by steps instead, so a different score is a warning; one above the 分值 is an
    /// error.
    fn execution_score(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let Some(e) = &t.execution else {
            return;
        };
        let (Some(weight), Some(rate), Some(score)) = (&e.weight, &e.rate, &e.score) else {
            return;
        };
        let hundred = Decimal::ONE_HUNDRED;
        let (rate_value, rate_half) = rate_percent(rate);
        let expected = weight.value * rate_value.min(hundred) / hundred;
        let tolerance = score.half_ulp() + weight.value * rate_half / hundred;
        let (severity, expected_text) = if score.value > weight.value {
            (self.severity(), format!("≤ {}", weight.value))
        } else if (score.value - expected).abs() > tolerance {
            (
                Severity::Warning,
                format!(
                    "{} × {} = {}",
                    weight.value,
                    written(self.cx, rate),
                    expected.normalize()
                ),
            )
        } else {
            return;
        };
        out.push(
            self.diagnostic(
                severity,
                &[
                    ("project", &project_name(t)),
                    (
                        "what",
                        self.w("预算执行得分", "the budget-execution score is"),
                    ),
                    ("stated", &score.value.to_string()),
                    ("expected", &expected_text),
                ],
            )
            .with_label(Label::primary(score.span, self.w("得分", "score")))
            .with_label(Label::secondary(weight.span, self.w("分值", "weight")))
            .with_label(Label::secondary(
                rate.span,
                self.w("执行率", "execution rate"),
            )),
        );
    }

    /// The grade (优 / 良 / 中 / 差) against the total score and the rule's bands.
    fn grade(&self, t: &PerformanceTable, bands: &[(String, Decimal)], out: &mut Vec<Diagnostic>) {
        let (Some(total), Some(grade)) = (&t.total_score, &t.grade) else {
            return;
        };
        let stated = grade.squeezed();
        let Some(named) = bands
            .iter()
            .find(|(name, _)| stated.starts_with(name.as_str()))
        else {
            return;
        };
        // The bands from the highest minimum down: the first the score reaches.
        let Some(expected) = bands.iter().find(|(_, min)| total.value >= *min) else {
            return;
        };
        if named.0 == expected.0 {
            return;
        }
        out.push(
            self.diagnostic(
                self.severity(),
                &[
                    ("project", &project_name(t)),
                    ("grade", &stated),
                    ("score", &total.value.to_string()),
                    ("expected", &expected.0),
                ],
            )
            .with_label(Label::primary(
                grade.span,
                format!("{} {}", self.w("应为", "should be"), expected.0),
            ))
            .with_label(Label::secondary(
                total.span,
                format!("{} {}", self.w("总分", "total score"), total.value),
            )),
        );
    }

    fn total_score(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let Some(total) = &t.total_score else {
            return;
        };
        let first: Vec<&Indicator> = t.indicators.iter().filter(|i| i.group == 0).collect();
        if first.is_empty()
            || first
                .iter()
                .any(|i| i.weight.is_some() && i.score.is_none())
        {
            return;
        }
        // Every indicator of a self-evaluation is scored: a row without its score was not
        // read whole (a wrapped value in aligned text), and the sum would miss it.
        if first.iter().any(|i| i.score.is_none()) {
            return;
        }
        let mut parts: Vec<&Number> = first.iter().filter_map(|i| i.score.as_ref()).collect();
        parts.extend(t.execution.as_ref().and_then(|e| e.score.as_ref()));
        if parts.is_empty() {
            return;
        }
        let sum = check_sum(Some(total), &parts);
        if sum.verdict == Verdict::Mismatch {
            out.push(
                self.diagnostic(
                    self.rows_severity(t),
                    &[
                        ("project", &project_name(t)),
                        ("what", self.w("各项得分之和", "the part scores add up to")),
                        ("stated", &sum.sum.to_string()),
                        ("expected", &total.value.to_string()),
                    ],
                )
                .with_label(Label::primary(
                    total.span,
                    format!("{} {}", self.w("总分", "total score"), total.value),
                ))
                .with_note(show_sum(&parts, sum.sum)),
            );
        }
    }

    /// Whether the 执行率 was reported wrong.
    fn execution_rate(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) -> bool {
        let Some(e) = &t.execution else {
            return false;
        };
        let (Some(budget), Some(done), Some(rate)) = (&e.full_year_budget, &e.executed, &e.rate)
        else {
            return false;
        };
        let hundred = Decimal::ONE_HUNDRED;
        let (rate_value, rate_half) = rate_percent(rate);
        let low_base = budget.value + budget.half_ulp();
        let high_base = budget.value - budget.half_ulp();
        if high_base <= Decimal::ZERO {
            return false;
        }
        let (Some(low), Some(high), Some(implied)) = (
            ((done.value - done.half_ulp()) * hundred).checked_div(low_base),
            ((done.value + done.half_ulp()) * hundred).checked_div(high_base),
            (done.value * hundred).checked_div(budget.value),
        ) else {
            return false;
        };
        // Templates cap 执行率 at 100% when more than the budget was spent.
        let capped = rate_value == hundred && low >= hundred;
        if !capped && (rate_value + rate_half < low || rate_value - rate_half > high) {
            out.push(
                self.diagnostic(
                    self.severity(),
                    &[
                        ("project", &project_name(t)),
                        ("what", self.w("执行率", "the execution rate is")),
                        ("stated", &written(self.cx, rate)),
                        ("expected", &format!("{}%", implied.round_dp(2))),
                    ],
                )
                .with_label(Label::primary(
                    rate.span,
                    self.w("执行率", "execution rate"),
                ))
                .with_label(Label::secondary(done.span, self.w("执行数", "executed")))
                .with_label(Label::secondary(
                    budget.span,
                    self.w("全年预算数", "full-year budget"),
                )),
            );
            return true;
        }
        false
    }

    /// Rule 7: quantities × unit costs must not exceed the annual amount.
    fn unit_costs(&self, t: &PerformanceTable, out: &mut Vec<Diagnostic>) {
        let Some((amount, tolerance)) = t.annual_in_yuan() else {
            return;
        };
        let groups: Vec<usize> = {
            let mut g: Vec<usize> = t.indicators.iter().map(|i| i.group).collect();
            g.dedup();
            g.sort_unstable();
            g.dedup();
            g
        };
        // The total the form's own prose gives for the same money (`共计发放90800元`): the
        // products must then add up to it, not merely stay within it.
        let stated = prose_total(t, amount, tolerance);
        // The annual group prices the year's money; the implementation group beside it does
        // too when the project runs one year, and otherwise prices money of several years.
        let last = groups.last().copied();
        let mut off: Option<(Decimal, Vec<Product>)> = None;
        let mut also: Vec<Product> = Vec::new();
        for group in groups {
            if Some(group) != last && !t.is_one_year() {
                continue;
            }
            let Some(products) = products(t, group) else {
                return;
            };
            let total: Decimal = products.iter().map(|p| p.value).sum();
            let fits = if stated.is_some() {
                (total - amount).abs() <= tolerance
            } else {
                total <= amount + tolerance
            };
            if products.is_empty() || fits {
                continue;
            }
            match &off {
                None => off = Some((total, products)),
                // The same quantities and costs in the other group: one finding, each cell
                // shown.
                Some(_) => also.extend(products),
            }
        }
        let (Some((total, products)), Some(year)) = (off, &t.annual_funds.total) else {
            return;
        };
        let relation = match (total > amount, self.zh()) {
            (true, true) => "超过",
            (false, true) => "不等于",
            (true, false) => "exceed",
            (false, false) => "do not add up to",
        };
        let shown: Vec<String> = products.iter().map(|p| p.shown.clone()).collect();
        let mut d = self
            .diagnostic(
                Severity::Warning,
                &[
                    ("project", &project_name(t)),
                    ("product", &total.normalize().to_string()),
                    ("relation", relation),
                    ("annual", &written(self.cx, year)),
                ],
            )
            .with_label(Label::primary(
                year.span,
                format!(
                    "{} {}",
                    self.w("年度资金总额", "annual total"),
                    written(self.cx, year)
                ),
            ));
        for p in products.iter().chain(&also) {
            d = d.with_label(Label::secondary(p.span, p.shown.clone()));
        }
        if let Some(span) = stated {
            d = d.with_label(Label::secondary(
                span,
                self.w("文中所述总额", "the total the text gives"),
            ));
        }
        out.push(d.with_note(format!("{} = {}", shown.join(" + "), total.normalize())));
    }

    /// Rule 8: the count of forms the prose gives.
    fn table_count(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let forms = doc
            .performance
            .iter()
            .filter(|t| t.kind == PerformanceKind::Target && !t.is_department())
            .count();
        // Some form the text opens was not read: the forms read are not all those printed.
        if forms == 0 || doc.unread_forms > 0 {
            return;
        }
        let mut published: Option<(u64, Span)> = None;
        let mut compiled: Option<(u64, Span)> = None;
        let mut managed: Option<(u64, Span)> = None;
        for block in &doc.blocks {
            let Block::Paragraph(p) = block else {
                continue;
            };
            let text = &p.text.text;
            // Both patterns need their words: most paragraphs are skipped without a search, and
            // a document without them never compiles the patterns.
            if !text.contains("绩效目标") {
                continue;
            }
            for (re, word, slot) in [
                (&PUBLISHED, "绩效目标", &mut published),
                (&COMPILED, "绩效目标", &mut compiled),
                (&MANAGED, "绩效目标管理", &mut managed),
            ] {
                if slot.is_some() || !text.contains(word) {
                    continue;
                }
                let count = re
                    .captures(text)
                    .and_then(|c| c.name("n").or_else(|| c.name("m")).or_else(|| c.name("k")));
                if let Some(m) = count {
                    if let Some(n) = stated_count(m.as_str()) {
                        *slot = Some((n, p.text.source_span(m.range())));
                    }
                }
            }
        }
        let said_published = published.is_some();
        let Some((stated, span)) = published.or(compiled).or(managed) else {
            return;
        };
        if stated == forms as u64 {
            return;
        }
        // Projects that have targets are the forms published only when the document prints a
        // form for each: forms for at most half of them (`实行绩效目标管理的项目34个` and the
        // forms of two key projects) are a selection, not a form left out.
        if !said_published && (forms as u64) * 2 <= stated {
            return;
        }
        out.push(
            self.diagnostic(
                Severity::Warning,
                &[
                    ("stated", &stated.to_string()),
                    ("count", &forms.to_string()),
                ],
            )
            .with_label(Label::primary(
                span,
                format!(
                    "{} {stated} {}",
                    self.w("说明为", "the prose says"),
                    self.w("个", "")
                ),
            ))
            .with_note(if self.zh() {
                format!("文中有 {forms} 张项目绩效目标表")
            } else {
                format!("the document holds {forms} performance-target tables")
            }),
        );
    }

    /// The projects of each grade the prose states (`对 3 个项目开展了绩效自评，其中：优 2 个，良
    /// 1 个`) against the grades of the self-evaluation forms, when the document publishes a form
    /// for every project it says it evaluated and every form's grade was read.
    fn grade_count(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let forms: Vec<&PerformanceTable> = doc
            .performance
            .iter()
            .filter(|t| t.kind == PerformanceKind::SelfEvaluation && !t.is_department())
            .collect();
        if forms.is_empty() {
            return;
        }
        let mut ranks = [0usize; 4];
        for t in &forms {
            let Some(rank) = t
                .grade
                .as_ref()
                .filter(|_| t.cut_labels.is_empty())
                .and_then(|g| grade_rank(&g.squeezed()))
            else {
                return;
            };
            ranks[usize::from(rank)] += 1;
        }
        for block in &doc.blocks {
            let Block::Paragraph(p) = block else {
                continue;
            };
            let text = &p.text.text;
            if !text.contains("自评") {
                continue;
            }
            let Some(c) = EVALUATED_COUNT.captures(text) else {
                continue;
            };
            let (Some(whole), Some(n)) = (c.get(0), c.name("a").or_else(|| c.name("b"))) else {
                continue;
            };
            // Every evaluated project has its form in the document, or the forms are a sample.
            if crate::kinds::prose_claims::breakdown::chinese_count(n.as_str())
                != Some(forms.len() as u32)
            {
                return;
            }
            let sentence_end = text[whole.end()..]
                .find('。')
                .map_or(text.len(), |i| whole.end() + i);
            let mut seen = [false; 4];
            for g in GRADE_COUNT.captures_iter(&text[whole.end()..sentence_end]) {
                let (Some(grade), Some(n)) = (g.name("grade"), g.name("n")) else {
                    continue;
                };
                // `其中 5 个`: no grade.
                if text[..whole.end() + grade.start()].ends_with('其') {
                    continue;
                }
                let (Some(rank), Some(stated)) = (
                    grade_rank(grade.as_str()),
                    crate::kinds::prose_claims::breakdown::chinese_count(n.as_str()),
                ) else {
                    return;
                };
                // A grade named twice is no list of grades.
                if std::mem::replace(&mut seen[usize::from(rank)], true) {
                    return;
                }
                let count = ranks[usize::from(rank)];
                if stated as usize == count {
                    continue;
                }
                let at = whole.end() + grade.start();
                let end = whole.end() + g.get(0).map_or(n.end(), |m| m.end());
                out.push(
                    self.diagnostic(
                        Severity::Warning,
                        &[
                            ("grade", grade.as_str()),
                            ("stated", &stated.to_string()),
                            ("count", &count.to_string()),
                        ],
                    )
                    .with_label(Label::primary(
                        p.text.source_span(at..end),
                        format!(
                            "{} {stated} {}",
                            self.w("说明为", "the prose says"),
                            self.w("个", "")
                        ),
                    ))
                    .with_note(if self.zh() {
                        format!(
                            "文中 {} 张绩效自评表中，自评等级为“{}”的有 {count} 张",
                            forms.len(),
                            grade.as_str()
                        )
                    } else {
                        format!(
                            "{count} of the document's {} self-evaluation forms are graded {}",
                            forms.len(),
                            grade.as_str()
                        )
                    }),
                );
            }
            return;
        }
    }
}

/// `对 8 个项目开展了绩效自评`, `绩效自评的2024年度项目39个`: the projects a self-evaluation graded.
static EVALUATED_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"(?:对|共对)\s*(?P<a>[0-9]+|[零一二两三四五六七八九十百]+)\s*个(?:二级|2级)?项目\s*(?:开展|进行|实施)了?\s*(?:绩效)?自评|自评[^。；;，,（(]{0,16}?项目\s*(?:共)?\s*(?P<b>[0-9]+|[零一二两三四五六七八九十百]+)\s*个",
    )
    .expect("pattern compiles")
});

/// `优 6 个`, `评为“良”的项目2个`, `“差”等次项目0个`: a count of one grade.
static GRADE_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r#"[“"]?(?P<grade>优秀|优|良好|良|中等|中|合格|一般|不合格|较差|差)[”"]?\s*(?:等次|等级|级)?\s*(?:的)?\s*(?:项目)?\s*(?P<n>[0-9]+|[零一二两三四五六七八九十百]+)\s*个"#,
    )
    .expect("pattern compiles")
});

/// The rank of a grade: 优 0, 良 1, 中 2, 差 3; `None` for a word that is none of them.
fn grade_rank(grade: &str) -> Option<u8> {
    match grade.trim_matches(['“', '”', '"', '：', ':']) {
        "优秀" | "优" => Some(0),
        "良好" | "良" => Some(1),
        "中等" | "中" | "合格" | "一般" => Some(2),
        "差" | "较差" | "不合格" => Some(3),
        _ => None,
    }
}

/// `共计发放90800元`, `总投资37万元`: a total in a form's text. Digits are written out as
/// `[0-9０-９]` (ASCII or full-width, as documents write them) in these patterns: Unicode `\d`
/// stands for every script's digits and takes several times longer to compile, at every start.
static PROSE_TOTAL: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"(?:共计|合计|总计|总额|总投资|共需)[^，。；,;0-9０-９]{0,8}?([0-9０-９][0-9０-９,]*(?:\.[0-9０-９]+)?)\s*(万元|元)",
    )
    .expect("pattern compiles")
});

/// Where the form's texts give a total equal to its annual amount (in 元, within its
/// rounding), if they do.
fn prose_total(t: &PerformanceTable, amount: Decimal, tolerance: Decimal) -> Option<Span> {
    const TOTAL_WORDS: &[&str] = &["共计", "合计", "总计", "总额", "总投资", "共需"];
    t.texts.iter().find_map(|(_, field)| {
        // The pattern needs one of its words: without one, no search (and no compiling).
        if !TOTAL_WORDS.iter().any(|w| field.text.contains(w)) {
            return None;
        }
        PROSE_TOTAL.captures_iter(&field.text).find_map(|c| {
            let number = c.get(1)?;
            let (value, _) = crate::number::parse_amount(number.as_str())?;
            let yuan = if c.get(2)?.as_str() == "万元" {
                value * Decimal::from(10_000)
            } else {
                value
            };
            if (yuan - amount).abs() > tolerance {
                return None;
            }
            let whole = c.get(0)?;
            Some(if field.text.len() == field.span.len() {
                Span::new(
                    field.span.start + number.start(),
                    field.span.start + whole.end(),
                )
            } else {
                field.span
            })
        })
    })
}

/// A count in the prose's numerals: arabic, full-width or Chinese (`4`, `４`, `十一`).
const COUNT: &str = "[0-9０-９]+|[一二两三四五六七八九十]+";

/// `公开项目绩效目标4个`.
static PUBLISHED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"公开(?:项目|部门项目)?绩效目标(?:表)?\s*(?P<n>{COUNT})\s*个"
    ))
    .expect("pattern compiles")
});
/// The projects the prose says have targets: `全部6个项目均编制了绩效目标`, `本院十一个项目全部
/// 编制了绩效目标`, `对 4 个项目设置了绩效目标`, `编制绩效目标的项目共 4 个`. A count of the levels
/// (`一级项目四个、二级项目九个，全部编制了绩效目标`) is not one of these: the count must be of
/// `项目` right before the verb.
static COMPILED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"(?:^|[^级0-9０-９一二两三四五六七八九十])(?P<n>{COUNT})\s*个(?:二级|2级)?项目\s*(?:均|全部|都|已)?\s*(?:编制|设置|设定|填报)了?绩效目标|对\s*(?P<m>{COUNT})\s*个(?:二级|2级)?项目(?:编制|设置|设定)了?绩效目标|(?:编制|设置|设定)了?绩效目标的(?:二级|2级)?项目(?:共|共计)?\s*(?P<k>{COUNT})\s*个"
    ))
    .expect("pattern compiles")
});
/// `纳入绩效目标管理的2级项目4个`, `全面实施绩效目标管理，涉及预算项目支出 6 个`.
static MANAGED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        r"(?:纳入|实施|实行)[^。；]{{0,6}}?绩效目标管理[^。；0-9０-９]{{0,12}}?项目(?:支出)?\s*(?P<n>{COUNT})\s*个"
    ))
    .expect("pattern compiles")
});

/// A count as written: arabic, full-width or Chinese numerals.
fn stated_count(written: &str) -> Option<u64> {
    let ascii: String = written.chars().map(crate::number::to_ascii_digit).collect();
    crate::kinds::prose_claims::breakdown::chinese_count(&ascii).map(u64::from)
}

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [&PROSE_TOTAL, &PUBLISHED, &COMPILED, &MANAGED] {
        pattern.warm(hint);
    }
}

fn number(value: Decimal, span: Span) -> Number {
    Number {
        value,
        decimals: 0,
        span,
        unit: None,
    }
}

/// A project row of a 项目支出 table, its amount converted to 元.
#[derive(Debug, Clone)]
struct ProjectRow {
    name: String,
    key: String,
    number: Number,
    yuan: Decimal,
    half_ulp_yuan: Decimal,
}

/// The project rows of every 项目支出 table (not the 绩效 forms), with their first amount
/// (the 合计 column).
fn project_rows(doc: &Document) -> Vec<ProjectRow> {
    let mut rows = Vec::new();
    for table in doc.tables() {
        let title = table.title_text();
        if !title.contains("项目支出") || title.contains("绩效") {
            continue;
        }
        let factor = match table.unit {
            Some(Unit::WanYuan) => Decimal::from(10_000),
            Some(Unit::Yuan) => Decimal::ONE,
            _ => continue,
        };
        let column = table.column_named("合计").unwrap_or(0);
        for (i, row) in table.rows.iter().enumerate() {
            if row.is_total() || row.code.is_some() || table.row_in_doubt(i) {
                continue;
            }
            let Some(Some(n)) = row.cell(column) else {
                continue;
            };
            let name = row.name();
            let key = name_key(&name);
            if key.chars().count() < 2 {
                continue;
            }
            rows.push(ProjectRow {
                name,
                key,
                number: n.clone(),
                yuan: n.value * factor,
                half_ulp_yuan: n.half_ulp() * factor,
            });
        }
    }
    rows
}

/// The cells of `totals` the document has, in order; `None` when a place is there but unsure
/// (two rows of its name, a row in doubt) or when none is there.
fn budget_totals<'p, 'd>(
    doc: &'d Document,
    totals: &'p [Place],
) -> Option<Vec<(&'p Place, place::Cell<'d>)>> {
    let mut cells = Vec::new();
    for p in totals {
        match p.lookup(doc) {
            Lookup::Absent => {}
            Lookup::Unsure => return None,
            Lookup::Found(cell) => cells.push((p, cell)),
        }
    }
    (!cells.is_empty()).then_some(cells)
}

/// A project name reduced to letters, digits and CJK characters: `长财社【2024】180号` →
/// `长财社2024180号`.
fn name_key(name: &str) -> String {
    name.chars()
        .map(crate::number::to_ascii_digit)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice similarity of two names' character pairs.
fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut pool = y.clone();
    let mut shared = 0;
    for pair in &x {
        if let Some(k) = pool.iter().position(|p| p == pair) {
            pool.swap_remove(k);
            shared += 1;
        }
    }
    2.0 * shared as f64 / (x.len() + y.len()) as f64
}

/// The rows a project name matches: every row of the same name (exact), or else the one
/// clearly closest row (similar). `None` when no row, or no single row, fits.
fn match_project<'r>(project: &str, rows: &'r [ProjectRow]) -> Option<(Vec<&'r ProjectRow>, bool)> {
    let key = name_key(project);
    if key.chars().count() < 2 {
        return None;
    }
    let exact: Vec<&ProjectRow> = rows.iter().filter(|r| r.key == key).collect();
    if !exact.is_empty() {
        return Some((exact, true));
    }
    let mut scored: Vec<(f64, &ProjectRow)> = rows
        .iter()
        .map(|r| {
            let contained = (r.key.contains(&key) || key.contains(&r.key))
                && r.key.chars().count().min(key.chars().count()) >= 4;
            let s = similarity(&key, &r.key);
            (if contained { s.max(0.9) } else { s }, r)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, row), rest @ ..]
            if *best >= 0.8 && rest.first().is_none_or(|(next, _)| best - next >= 0.15) =>
        {
            Some((vec![*row], false))
        }
        _ => None,
    }
}

/// A clause of a 评分标准 that contradicts the indicator value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub clause: String,
    pub span: Span,
}

/// Units that may follow a threshold; one other than the value's means another measure.
const UNIT_WORDS: &[&str] = &[
    "个",
    "人",
    "次",
    "元",
    "%",
    "％",
    "分",
    "天",
    "日",
    "月",
    "年",
    "家",
    "户",
    "项",
    "名",
    "件",
    "场",
    "期",
    "篇",
    "万",
    "小时",
    "所",
    "台",
    "套",
    "辆",
    "平方米",
    "公里",
    "亩",
    "份",
    "本",
    "条",
    "张",
    "批",
    "处",
    "座",
];

/// Whether a scoring clause's threshold (`少于8次` → `次…`) is in the value's unit.
fn same_unit(value_unit: &str, rest: &str) -> bool {
    if !value_unit.is_empty() && rest.starts_with(value_unit) {
        return true;
    }
    !UNIT_WORDS.iter().any(|u| rest.starts_with(u))
}

/// `≥5次` scored as `少于8次视情况扣分`: a result that meets the target is still marked down.
/// Only thresholds in the value's own unit count.
pub fn scoring_conflict(value: &IndicatorValue, scoring: &Field) -> Option<Conflict> {
    let target = value.number.as_ref()?.value;
    let higher_is_better = matches!(
        value.comparator,
        None | Some(Comparator::AtLeast | Comparator::Above | Comparator::Equal)
    );
    let lower_is_better = matches!(
        value.comparator,
        None | Some(Comparator::AtMost | Comparator::Below | Comparator::Equal)
    );
    let text = &scoring.text;
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
        if !matches!(c, '，' | ',' | '；' | ';' | '。') {
            continue;
        }
        let clause = &text[start..i];
        let clause_start = start;
        start = i + c.len_utf8();
        let deducts = clause.contains('扣') || clause.contains("不得分");
        if !deducts {
            continue;
        }
        for (threshold, comparator, rest) in thresholds(clause) {
            if !same_unit(&value.unit, rest) {
                continue;
            }
            let contradicts = match comparator {
                Comparator::Below | Comparator::AtMost => higher_is_better && threshold > target,
                Comparator::Above | Comparator::AtLeast => lower_is_better && threshold < target,
                Comparator::Equal => false,
            };
            if contradicts {
                let span = if scoring.text.len() == scoring.span.len() {
                    Span::new(scoring.span.start + clause_start, scoring.span.start + i)
                } else {
                    scoring.span
                };
                return Some(Conflict {
                    clause: squeeze(clause).into_owned(),
                    span,
                });
            }
        }
    }
    None
}

/// Every `comparator number` in a clause, with what follows the number.
fn thresholds(clause: &str) -> Vec<(Decimal, Comparator, &str)> {
    let mut out = Vec::new();
    for (word, comparator) in COMPARATORS {
        let mut from = 0;
        while let Some(k) = clause[from..].find(word) {
            let at = from + k + word.len();
            from = at;
            // `大于或小于` names no threshold; `等于或大于5次` is read once, as its longest word.
            let rest = clause[at..].trim_start();
            let found = crate::number::scan_numbers(rest);
            let Some(f) = found.first().filter(|f| f.range.start == 0) else {
                continue;
            };
            if out.iter().any(|(v, _, r): &(Decimal, Comparator, &str)| {
                *v == f.value && r.as_ptr() == rest[f.range.end..].as_ptr()
            }) {
                continue;
            }
            out.push((f.value, *comparator, &rest[f.range.end..]));
        }
    }
    out
}

/// One quantity × unit cost of a form.
#[derive(Debug, Clone)]
struct Product {
    value: Decimal,
    shown: String,
    span: Span,
}

/// The products of the unit costs of `group` with the quantities they price. `None` when a
/// unit cost has no quantity to go with (the products cannot be known).
fn products(t: &PerformanceTable, group: usize) -> Option<Vec<Product>> {
    let indicators: Vec<&Indicator> = t.indicators.iter().filter(|i| i.group == group).collect();
    let quantities: Vec<(&Indicator, Decimal)> = indicators
        .iter()
        .filter(|i| i.is_quantity() || i.levels_unknown())
        .filter_map(|i| {
            let v = i.value.as_ref()?;
            let n = v.number.as_ref()?;
            let counted = [
                "个", "人", "名", "次", "份", "件", "场", "套", "台", "块", "张", "户", "家", "本",
                "册", "辆", "期", "篇", "项", "所", "人次", "批次", "台次", "户次", "场次",
            ]
            .contains(&v.unit.as_str());
            let exact = matches!(
                v.comparator,
                None | Some(Comparator::Equal | Comparator::AtLeast)
            );
            (counted && exact && n.unit.is_none()).then_some((*i, n.value))
        })
        .collect();
    let mut out = Vec::new();
    // Without levels (plain text) a unit cost is known by its name and unit alone, and its
    // quantity only by a name that shares words with it (`每村奖补标准` → `奖补村数`).
    for cost in indicators
        .iter()
        .filter(|i| i.is_cost() || i.levels_unknown())
    {
        let Some(value) = &cost.value else {
            continue;
        };
        let Some(price) = value.number.as_ref() else {
            continue;
        };
        let name = cost.name_text();
        let per_unit = ["单个", "每", "单价", "人均", "单位成本"]
            .iter()
            .any(|w| name.contains(w));
        let in_yuan = value.unit.starts_with('元') || value.unit.starts_with("万元");
        if !per_unit
            || !in_yuan
            || matches!(
                value.comparator,
                Some(Comparator::AtMost | Comparator::Below)
            )
        {
            continue;
        }
        let yuan = if value.unit.starts_with("万元") || price.unit == Some(Unit::WanYuan) {
            price.value * Decimal::from(10_000)
        } else {
            price.value
        };
        let per_person = name.contains("每人") || name.contains("人均");
        // `每人次` prices a count of 人次, `每人` / `人均` a count of people.
        let people_units: &[&str] = if name.contains("人次") {
            &["人次"]
        } else {
            &["人", "名"]
        };
        let quantity = if per_person && !cost.levels_unknown() {
            let people: Vec<&(&Indicator, Decimal)> = quantities
                .iter()
                .filter(|(q, _)| {
                    q.value
                        .as_ref()
                        .is_some_and(|v| people_units.contains(&v.unit.as_str()))
                })
                .collect();
            match people.as_slice() {
                [one] => Some(**one),
                _ => None,
            }
        } else {
            closest_quantity(&name, &quantities)
        }?;
        let mut factor = quantity.1;
        let mut shown = format!("{} × {}", quantity.1, price.value);
        if name.contains("每月") {
            // A monthly rate needs the number of months; without it the product is unknown.
            let months: Vec<Decimal> = indicators
                .iter()
                .filter_map(|i| i.value.as_ref())
                .filter(|v| v.unit == "个月" || v.unit == "月")
                .filter_map(|v| v.number.as_ref().map(|n| n.value))
                .collect();
            let [m] = months.as_slice() else {
                return None;
            };
            factor *= *m;
            shown.push_str(&format!(" × {m}"));
        }
        out.push(Product {
            value: factor * yuan,
            shown,
            // The figure (a value over cells, `=` | `21460`, may start a line above it).
            span: value.number.as_ref().map_or(value.field.span, |n| n.span),
        });
    }
    Some(out)
}

/// The quantity whose name shares most character pairs with a unit cost's name
/// (`单个版面制作费用` → `制作宣传版面数量`); `None` when none or several tie.
fn closest_quantity<'i>(
    cost: &str,
    quantities: &[(&'i Indicator, Decimal)],
) -> Option<(&'i Indicator, Decimal)> {
    const GENERIC: &[&str] = &["单个", "费用", "数量", "成本", "每个"];
    let pairs = |s: &str| -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        chars
            .windows(2)
            .map(|w| w.iter().collect::<String>())
            .filter(|p| !GENERIC.contains(&p.as_str()))
            .collect()
    };
    let wanted = pairs(cost);
    let mut scored: Vec<(usize, (&Indicator, Decimal))> = quantities
        .iter()
        .map(|(q, n)| {
            let shared = pairs(&q.name_text())
                .iter()
                .filter(|p| wanted.contains(p))
                .count();
            (shared, (*q, *n))
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, q), rest @ ..] if *best > 0 && rest.first().is_none_or(|(n, _)| n < best) => {
            Some(*q)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
