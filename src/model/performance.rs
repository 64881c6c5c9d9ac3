//! Performance-target tables (绩效目标表) and final accounts' self-evaluations (绩效自评表):
//! one model for every layout they are read from.
//!
//! Unlike the money tables, these are forms: labelled fields (项目名称, 主管部门及代码, 项目期),
//! a funds block in 元 with an implementation-period and an annual column, free text, and a grid
//! of indicators whose 指标值 carries a comparator and a unit (`≥90%`, `80个`, `≤30分钟`).

use rust_decimal::Decimal;

use crate::model::{Layout, Number, squeeze};
use crate::source::Span;

/// What kind of form a performance table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerformanceKind {
    /// 项目支出绩效目标表 of a budget.
    Target,
    /// 项目支出绩效自评表 of final accounts: 实际完成值, 得分.
    SelfEvaluation,
}

/// A text cell of the form: its value (whitespace kept as written) and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub span: Span,
}

impl Field {
    pub fn squeezed(&self) -> String {
        squeeze(&self.text).into_owned()
    }
}

/// Where a project's money comes from (`其中：中央财政资金` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FundSource {
    Central,
    Provincial,
    Local,
    OwnFunds,
    Other,
    /// 当年财政拨款 / 上年结转 of a self-evaluation.
    CurrentAppropriation,
    CarriedOver,
    /// 财政专户管理资金 (funds managed in a special fiscal account).
    SpecialAccount,
    /// 基本支出 / 项目支出: the parts of a department's whole spending (部门整体支出绩效自评表).
    BasicExpenditure,
    ProjectExpenditure,
    /// 一般公共预算 / 政府性基金预算 / 国有资本经营预算: the kinds of budget the money is drawn
    /// from (`其中：一般公共预算 …`), parts of the 财政拨款 where a form also gives that.
    GeneralBudget,
    GovernmentFund,
    StateCapital,
}

impl FundSource {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (FundSource::Central, true) => "中央财政资金",
            (FundSource::Provincial, true) => "省级财政资金",
            (FundSource::Local, true) => "市县财政资金",
            (FundSource::OwnFunds, true) => "单位自筹",
            (FundSource::Other, true) => "其他资金",
            (FundSource::CurrentAppropriation, true) => "当年财政拨款",
            (FundSource::CarriedOver, true) => "上年结转资金",
            (FundSource::SpecialAccount, true) => "财政专户管理资金",
            (FundSource::BasicExpenditure, true) => "基本支出",
            (FundSource::GeneralBudget, true) => "一般公共预算",
            (FundSource::GovernmentFund, true) => "政府性基金预算",
            (FundSource::StateCapital, true) => "国有资本经营预算",
            (FundSource::GeneralBudget, false) => "general public budget",
            (FundSource::GovernmentFund, false) => "government fund budget",
            (FundSource::StateCapital, false) => "state capital budget",
            (FundSource::ProjectExpenditure, true) => "项目支出",
            (FundSource::BasicExpenditure, false) => "basic expenditure",
            (FundSource::ProjectExpenditure, false) => "project expenditure",
            (FundSource::Central, false) => "central funds",
            (FundSource::Provincial, false) => "provincial funds",
            (FundSource::Local, false) => "city/county funds",
            (FundSource::OwnFunds, false) => "own funds",
            (FundSource::Other, false) => "other funds",
            (FundSource::CurrentAppropriation, false) => "current-year appropriation",
            (FundSource::CarriedOver, false) => "carried over",
            (FundSource::SpecialAccount, false) => "special-account funds",
        }
    }
}

/// One column of the funds block: a total and its sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funds {
    /// `实施期资金总额` / `年度资金总额` as written, with its number.
    pub total: Option<Number>,
    /// Every source row, with its number (`None`: the cell is empty).
    pub sources: Vec<(FundSource, Option<Number>, Span)>,
}

/// The comparator of an indicator value or a scoring threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    AtMost,
    Above,
    Below,
    Equal,
}

/// A 指标值 as written: `≥90%` is `AtLeast`, 90, `%`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorValue {
    pub field: Field,
    pub comparator: Option<Comparator>,
    pub number: Option<Number>,
    /// What follows the number (`个`, `%`, `元/人`, `分钟`), whitespace removed.
    pub unit: String,
}

/// One indicator row (三级指标 with its value), in one of the two column groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub name: Option<Field>,
    pub value: Option<IndicatorValue>,
    /// 0: the implementation-period (or only) group; 1: the annual group beside it.
    pub group: usize,
    /// 分值 / 权重.
    pub weight: Option<Number>,
    /// 评分标准 (without the 分值 written at its start).
    pub scoring: Option<Field>,
    /// 实际完成值 of a self-evaluation.
    pub actual: Option<Field>,
    /// 得分 of a self-evaluation.
    pub score: Option<Number>,
    /// The source line(s) of the row.
    pub span: Span,
}

impl Indicator {
    /// A cost indicator (成本指标, 经济成本指标…).
    pub fn is_cost(&self) -> bool {
        self.level1.contains("成本") || self.level2.contains("成本")
    }

    /// A quantity indicator (数量指标).
    pub fn is_quantity(&self) -> bool {
        self.level2.contains("数量")
    }

    /// Neither level is known (plain `pdftotext` text does not say which rows a level name
    /// spans): the indicator may be of any kind, and only its own name and value tell.
    pub fn levels_unknown(&self) -> bool {
        self.level1.is_empty() && self.level2.is_empty()
    }

    pub fn name_text(&self) -> String {
        self.name.as_ref().map(Field::squeezed).unwrap_or_default()
    }

    /// The value as written, whitespace removed (`≥90%`), or empty.
    pub fn value_text(&self) -> String {
        self.value
            .as_ref()
            .map(|v| v.field.squeezed())
            .unwrap_or_default()
    }
}

/// The 预算执行 part of a self-evaluation: `年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数 |
/// 分值 | 执行率 | 得分`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Execution {
    pub initial_budget: Option<Number>,
    pub full_year_budget: Option<Number>,
    pub executed: Option<Number>,
    pub weight: Option<Number>,
    pub rate: Option<Number>,
    pub score: Option<Number>,
    pub span: Span,
}

/// A task of a department's year (`年度主要任务`): its name, when it was read, and its
/// 预算金额 (in the form's funds unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub name: Option<Field>,
    pub amount: Number,
}

/// One performance-target table or self-evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerformanceTable {
    pub kind: PerformanceKind,
    pub layout: Layout,
    pub span: Span,
    pub title: Option<Field>,
    pub project: Option<Field>,
    pub project_code: Option<Field>,
    /// `主管部门及代码` as written, and the code read from it (`307` of `307-长治市…局`).
    pub department: Option<Field>,
    pub department_code: Option<String>,
    pub implementer: Option<Field>,
    pub attribute: Option<Field>,
    pub period: Option<Field>,
    /// `项目资金（元）` or `（万元）`: the unit of the funds block.
    pub funds_unit: Option<crate::model::Unit>,
    pub implementation_funds: Funds,
    pub annual_funds: Funds,
    /// 项目概况, 立项依据, 项目设立必要性, 保证项目实施的制度、措施, 项目实施计划, 总体目标:
    /// (label, text).
    pub texts: Vec<(String, Field)>,
    pub indicators: Vec<Indicator>,
    /// The `年度主要任务` rows of a 部门整体支出绩效目标表 (`任务名称 | 主要内容 | 预算金额`),
    /// which share out the 资金总额.
    pub tasks: Vec<Task>,
    pub execution: Option<Execution>,
    /// The stated total: `总分 | 100 | 95.5` (weight, score).
    pub total_weight: Option<Number>,
    pub total_score: Option<Number>,
    pub total_span: Option<Span>,
    /// `自评等级：优`.
    pub grade: Option<Field>,
    /// Labels a converter cut over two cells (`实施期资金总` | `额:`, `市县(区)财政资` | `金`):
    /// its other cells may be cut too, so which figure belongs to which label is unknown and
    /// the form's figures are not checked.
    pub cut_labels: Vec<Span>,
}

impl PerformanceTable {
    pub fn new(kind: PerformanceKind, layout: Layout, span: Span) -> PerformanceTable {
        PerformanceTable {
            kind,
            layout,
            span,
            title: None,
            project: None,
            project_code: None,
            department: None,
            department_code: None,
            implementer: None,
            attribute: None,
            period: None,
            funds_unit: None,
            implementation_funds: Funds::default(),
            annual_funds: Funds::default(),
            texts: Vec::new(),
            indicators: Vec::new(),
            tasks: Vec::new(),
            execution: None,
            total_weight: None,
            total_score: None,
            total_span: None,
            grade: None,
            cut_labels: Vec::new(),
        }
    }

    /// A department's whole-spending form (部门整体支出绩效目标表 or 自评表), not a project's.
    pub fn is_department(&self) -> bool {
        !self.tasks.is_empty()
            || self
                .title
                .as_ref()
                .is_some_and(|t| t.squeezed().contains("部门整体"))
    }

    /// A project that runs one year: `项目期 1年`, `一次性项目(1年结束)`.
    pub fn is_one_year(&self) -> bool {
        let period = self
            .period
            .as_ref()
            .map(Field::squeezed)
            .unwrap_or_default();
        let attribute = self
            .attribute
            .as_ref()
            .map(Field::squeezed)
            .unwrap_or_default();
        matches!(period.as_str(), "1年" | "一年" | "1年度")
            || attribute.contains("1年结束")
            || attribute.contains("一年结束")
    }

    /// The annual amount converted to 元, with the half-unit of its rounding in 元.
    pub fn annual_in_yuan(&self) -> Option<(Decimal, Decimal)> {
        let total = self.annual_funds.total.as_ref()?;
        let factor = match self.funds_unit {
            Some(crate::model::Unit::WanYuan) => Decimal::from(10_000),
            Some(crate::model::Unit::Yuan) | None => Decimal::ONE,
            _ => return None,
        };
        Some((total.value * factor, total.half_ulp() * factor))
    }

    pub fn text(&self, label: &str) -> Option<&Field> {
        self.texts.iter().find(|(l, _)| l == label).map(|(_, f)| f)
    }
}
