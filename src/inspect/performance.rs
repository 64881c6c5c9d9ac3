//! The performance-target tables and self-evaluations of a reading (`performance` in JSON).

use serde::Serialize;

use crate::model::performance::{
    Comparator, Execution, Field, FundSource, Funds, Indicator, PerformanceKind, PerformanceTable,
};

use super::{LayoutName, Lines, Locator, NumberReading, UnitName};

/// A text field of the form: its first line and its text.
#[derive(Debug, Clone, Serialize)]
pub struct FieldReading {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerformanceReading {
    #[serde(flatten)]
    pub lines: Lines,
    /// `target` (绩效目标表) or `self_evaluation` (绩效自评表).
    pub kind: &'static str,
    pub layout: LayoutName,
    pub title: Option<FieldReading>,
    pub project: Option<FieldReading>,
    pub project_code: Option<FieldReading>,
    pub department: Option<FieldReading>,
    pub department_code: Option<String>,
    pub implementer: Option<FieldReading>,
    pub attribute: Option<FieldReading>,
    pub period: Option<FieldReading>,
    /// `项目期 1年` or `一次性项目(1年结束)`.
    pub one_year: bool,
    pub funds_unit: Option<UnitName>,
    pub implementation_funds: FundsReading,
    pub annual_funds: FundsReading,
    /// 项目概况, 立项依据, 项目实施计划, 总体目标…
    pub texts: Vec<LabelledText>,
    pub indicators: Vec<IndicatorReading>,
    /// The `年度主要任务` rows of a 部门整体支出绩效目标表.
    pub tasks: Vec<TaskReading>,
    pub execution: Option<ExecutionReading>,
    pub total_weight: Option<NumberReading>,
    pub total_score: Option<NumberReading>,
    pub grade: Option<FieldReading>,
    /// The lines where a converter cut a label over two cells: the form's figures are not
    /// checked.
    pub cut_labels: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskReading {
    pub name: Option<FieldReading>,
    pub amount: NumberReading,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundsReading {
    pub total: Option<NumberReading>,
    pub sources: Vec<SourceReading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceReading {
    /// `central`, `provincial`, `local`, `own_funds`, `other`, `current_appropriation`,
    /// `carried_over`, `special_account`, `basic_expenditure`, `project_expenditure`.
    pub source: &'static str,
    pub line: usize,
    pub value: Option<NumberReading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelledText {
    pub label: String,
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorReading {
    pub line: usize,
    /// 0: the implementation-period (or only) group; 1: the annual group beside it.
    pub group: usize,
    pub level1: String,
    pub level2: String,
    pub name: Option<String>,
    pub value: Option<ValueReading>,
    pub weight: Option<NumberReading>,
    pub scoring: Option<String>,
    pub actual: Option<String>,
    pub score: Option<NumberReading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueReading {
    pub text: String,
    /// `at_least` (≥), `at_most` (≤), `above`, `below`, `equal`, or `null`.
    pub comparator: Option<&'static str>,
    /// The number, exact, as a string.
    pub number: Option<String>,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExecutionReading {
    pub line: usize,
    pub initial_budget: Option<NumberReading>,
    pub full_year_budget: Option<NumberReading>,
    pub executed: Option<NumberReading>,
    pub weight: Option<NumberReading>,
    pub rate: Option<NumberReading>,
    pub score: Option<NumberReading>,
}

pub fn source_name(source: FundSource) -> &'static str {
    match source {
        FundSource::Central => "central",
        FundSource::Provincial => "provincial",
        FundSource::Local => "local",
        FundSource::OwnFunds => "own_funds",
        FundSource::Other => "other",
        FundSource::CurrentAppropriation => "current_appropriation",
        FundSource::CarriedOver => "carried_over",
        FundSource::SpecialAccount => "special_account",
        FundSource::BasicExpenditure => "basic_expenditure",
        FundSource::ProjectExpenditure => "project_expenditure",
        FundSource::GeneralBudget => "general_budget",
        FundSource::GovernmentFund => "government_fund",
        FundSource::StateCapital => "state_capital",
    }
}

pub fn comparator_name(c: Comparator) -> &'static str {
    match c {
        Comparator::AtLeast => "at_least",
        Comparator::AtMost => "at_most",
        Comparator::Above => "above",
        Comparator::Below => "below",
        Comparator::Equal => "equal",
    }
}

impl Locator<'_> {
    pub(super) fn performance(&self, t: &PerformanceTable) -> PerformanceReading {
        PerformanceReading {
            lines: self.lines(t.span),
            kind: match t.kind {
                PerformanceKind::Target => "target",
                PerformanceKind::SelfEvaluation => "self_evaluation",
            },
            layout: t.layout.into(),
            title: self.field(t.title.as_ref()),
            project: self.field(t.project.as_ref()),
            project_code: self.field(t.project_code.as_ref()),
            department: self.field(t.department.as_ref()),
            department_code: t.department_code.clone(),
            implementer: self.field(t.implementer.as_ref()),
            attribute: self.field(t.attribute.as_ref()),
            period: self.field(t.period.as_ref()),
            one_year: t.is_one_year(),
            funds_unit: t.funds_unit.map(UnitName::from),
            implementation_funds: self.funds(&t.implementation_funds),
            annual_funds: self.funds(&t.annual_funds),
            texts: t
                .texts
                .iter()
                .map(|(label, f)| LabelledText {
                    label: label.clone(),
                    line: self.lines(f.span).first_line,
                    text: f.text.clone(),
                })
                .collect(),
            indicators: t.indicators.iter().map(|i| self.indicator(i)).collect(),
            tasks: t
                .tasks
                .iter()
                .map(|task| TaskReading {
                    name: self.field(task.name.as_ref()),
                    amount: self.number(&task.amount),
                })
                .collect(),
            execution: t.execution.as_ref().map(|e| self.execution(e)),
            total_weight: t.total_weight.as_ref().map(|n| self.number(n)),
            total_score: t.total_score.as_ref().map(|n| self.number(n)),
            grade: self.field(t.grade.as_ref()),
            cut_labels: t
                .cut_labels
                .iter()
                .map(|s| self.lines(*s).first_line)
                .collect(),
        }
    }

    fn field(&self, field: Option<&Field>) -> Option<FieldReading> {
        field.map(|f| FieldReading {
            line: self.lines(f.span).first_line,
            text: f.text.clone(),
        })
    }

    fn funds(&self, funds: &Funds) -> FundsReading {
        FundsReading {
            total: funds.total.as_ref().map(|n| self.number(n)),
            sources: funds
                .sources
                .iter()
                .map(|(source, value, span)| SourceReading {
                    source: source_name(*source),
                    line: self.lines(*span).first_line,
                    value: value.as_ref().map(|n| self.number(n)),
                })
                .collect(),
        }
    }

    fn indicator(&self, i: &Indicator) -> IndicatorReading {
        IndicatorReading {
            line: self.lines(i.span).first_line,
            group: i.group,
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.as_ref().map(|f| f.text.clone()),
            value: i.value.as_ref().map(|v| ValueReading {
                text: v.field.text.clone(),
                comparator: v.comparator.map(comparator_name),
                number: v.number.as_ref().map(|n| n.value.to_string()),
                unit: v.unit.clone(),
            }),
            weight: i.weight.as_ref().map(|n| self.number(n)),
            scoring: i.scoring.as_ref().map(|f| f.text.clone()),
            actual: i.actual.as_ref().map(|f| f.text.clone()),
            score: i.score.as_ref().map(|n| self.number(n)),
        }
    }

    fn execution(&self, e: &Execution) -> ExecutionReading {
        let n = |x: &Option<crate::model::Number>| x.as_ref().map(|n| self.number(n));
        ExecutionReading {
            line: self.lines(e.span).first_line,
            initial_budget: n(&e.initial_budget),
            full_year_budget: n(&e.full_year_budget),
            executed: n(&e.executed),
            weight: n(&e.weight),
            rate: n(&e.rate),
            score: n(&e.score),
        }
    }
}
