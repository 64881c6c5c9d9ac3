//! Reading performance-target tables (绩效目标表) and self-evaluations (绩效自评表) into
//! [`PerformanceTable`]s, in every layout.
//!
//! These forms are read by their labels, not by column positions: tab and pipe grids keep the
//! cells but not the columns (a label drifts one cell left or right from row to row), and
//! aligned text drops empty cells. So a line is cut into its non-empty cells (at tabs, pipes or
//! runs of two or more spaces), each cell is recognised by what it says (a field label, a fund
//! label, an indicator level, a value), and values are attached to the label before them.
//! Indicator rows are read left to right: level names (`产出指标`, `数量指标`), then the 三级
//! name, its value and the columns the header lists after the value (分值, 评分标准, 实际完成值,
//! 得分); a second group of level names on the same row starts the annual group beside the
//! implementation-period one.

use crate::model::performance::{
    Comparator, Execution, Field, FundSource, Indicator, IndicatorValue, PerformanceKind,
    PerformanceTable,
};
use rust_decimal::Decimal;

use crate::model::{Layout, Number, Unit, squeeze};
use crate::number::{parse_amount, scan_numbers};
use crate::source::Span;

use super::Line;

/// A non-empty cell of a line, trimmed.
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    span: Span,
}

impl Cell<'_> {
    fn field(&self) -> Field {
        Field {
            text: self.text.to_string(),
            span: self.span,
        }
    }
}

/// The non-empty cells of a line: split at tabs, at pipes of a pipe table, or at runs of two
/// or more spaces.
fn cells_of<'a>(line: &Line<'a>) -> Vec<Cell<'a>> {
    split_cells(line, false)
}

/// Every cell of a tab or pipe grid line, the empty ones too (with an empty text): their
/// positions say which column a value is in when cells are left empty.
fn grid_cells<'a>(line: &Line<'a>) -> Vec<Cell<'a>> {
    split_cells(line, true)
}

fn split_cells<'a>(line: &Line<'a>, keep_empty: bool) -> Vec<Cell<'a>> {
    let text = line.text;
    let trimmed = text.trim();
    let mut pieces: Vec<(usize, &'a str)> = Vec::new();
    if trimmed.starts_with('|') {
        let mut at = 0;
        for piece in text.split('|') {
            pieces.push((at, piece));
            at += piece.len() + 1;
        }
        // A separator row `|---|---|` has no cells.
        if pieces
            .iter()
            .all(|(_, p)| p.trim().chars().all(|c| matches!(c, '-' | ':' | ' ')))
        {
            return Vec::new();
        }
    } else if text.contains('\t') {
        let mut at = 0;
        for piece in text.split('\t') {
            pieces.push((at, piece));
            at += piece.len() + 1;
        }
    } else {
        // Runs of two or more spaces (or an ideographic space) separate cells.
        let mut start = 0;
        let mut i = 0;
        let bytes: Vec<(usize, char)> = text.char_indices().collect();
        while i < bytes.len() {
            let (at, c) = bytes[i];
            let wide =
                c == '\u{3000}' || (c == ' ' && bytes.get(i + 1).is_some_and(|&(_, n)| n == ' '));
            if wide {
                pieces.push((start, &text[start..at]));
                while i < bytes.len() && matches!(bytes[i].1, ' ' | '\u{3000}') {
                    i += 1;
                }
                start = bytes.get(i).map(|&(b, _)| b).unwrap_or(text.len());
            } else {
                i += 1;
            }
        }
        pieces.push((start, &text[start..]));
    }
    pieces
        .into_iter()
        .filter_map(|(at, piece)| {
            let lead = piece.len() - piece.trim_start().len();
            let t = piece.trim();
            (keep_empty || !t.is_empty()).then(|| Cell {
                text: t,
                span: Span::new(
                    line.span.start + at + lead,
                    line.span.start + at + lead + t.len(),
                ),
            })
        })
        .collect()
}

/// What a cell of the form says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    ProjectName,
    /// `部门名称`: a department form's name; in a project's form, the department's name, which
    /// neither opens a form nor replaces the project's.
    DepartmentName,
    ProjectCode,
    Department,
    Implementer,
    Attribute,
    Period,
    FundsHeader(Option<Unit>),
    ImplementationTotal,
    AnnualTotal,
    Source(FundSource),
    Text(&'static str),
    IndicatorHeader,
    /// `实施期目标 | 年度目标` above the two goals.
    GoalsHeader,
    Total,
    Grade,
    Footer,
}

const TEXT_LABELS: &[&str] = &[
    "项目概况",
    "立项依据",
    "项目设立必要性",
    "保证项目实施的制度、措施",
    "项目实施计划",
    "总体目标",
    "年度总体目标",
    "绩效目标",
    "评价结论",
    "存在问题",
    "改进措施",
];

/// A cell's text as a label: without whitespace, and without the markup a PDF-to-Markdown
/// converter puts in a pipe cell (`其中：一般<br>公共预算`, `**项目名称**`).
fn label_text(cell: &str) -> std::borrow::Cow<'_, str> {
    match super::grid::inline_markup(cell, 0) {
        Some(text) => std::borrow::Cow::Owned(squeeze(&text.text).into_owned()),
        None => squeeze(cell),
    }
}

/// The label a cell is, if it is one: exact after removing whitespace, a trailing colon and a
/// leading `其中`.
fn key_of(cell: &str) -> Option<Key> {
    let t = label_text(cell);
    let t = t.trim_end_matches([':', '：']);
    let t = t
        .strip_prefix("其中:")
        .or_else(|| t.strip_prefix("其中："))
        .or_else(|| t.strip_prefix("其中"))
        .unwrap_or(t);
    let key = match t {
        // A 部门整体支出绩效自评表 (or 目标表) names the department where a project's form
        // names the project.
        "项目名称" | "部门（单位）名称" | "部门(单位)名称" => Key::ProjectName,
        "部门名称" => Key::DepartmentName,
        "项目编码" | "项目代码" => Key::ProjectCode,
        "主管部门及代码"
        | "主管部门"
        | "主管部门及编码"
        | "主管部门(代码)"
        | "主管部门（代码）" => Key::Department,
        "实施单位" | "实施单位(盖章)" | "实施单位（盖章）" => Key::Implementer,
        "项目属性" => Key::Attribute,
        "项目期" | "项目周期" => Key::Period,
        "实施期资金总额" => Key::ImplementationTotal,
        "年度资金总额" => Key::AnnualTotal,
        "中央财政资金" | "中央资金" | "中央补助资金" => {
            Key::Source(FundSource::Central)
        }
        "省级财政资金" | "省级资金" | "省财政资金" => {
            Key::Source(FundSource::Provincial)
        }
        "市县(区)财政资金"
        | "市县（区）财政资金"
        | "市县财政资金"
        | "市级财政资金"
        | "县级财政资金"
        | "区级财政资金"
        | "本级财政资金" => Key::Source(FundSource::Local),
        "单位自筹" | "单位自筹资金" | "自筹资金" | "单位资金" => {
            Key::Source(FundSource::OwnFunds)
        }
        "其他资金" => Key::Source(FundSource::Other),
        "当年财政拨款" | "本年财政拨款" | "财政拨款" | "财政资金" => {
            Key::Source(FundSource::CurrentAppropriation)
        }
        "财政专户管理资金" => Key::Source(FundSource::SpecialAccount),
        // The kinds of budget (`其中：一般公共预算 / 政府性基金预算`, 湖北's forms).
        "一般公共预算" | "一般公共预算资金" | "一般公共预算拨款" => {
            Key::Source(FundSource::GeneralBudget)
        }
        "政府性基金预算" | "政府性基金" | "政府性基金预算资金" | "政府性基金预算拨款" => {
            Key::Source(FundSource::GovernmentFund)
        }
        "国有资本经营预算" | "国有资本经营预算资金" | "国有资本经营预算拨款" => {
            Key::Source(FundSource::StateCapital)
        }
        // The parts of a department's whole spending.
        "基本支出" => Key::Source(FundSource::BasicExpenditure),
        "项目支出" => Key::Source(FundSource::ProjectExpenditure),
        // `总额` heads the 预算执行 rows of the 四川 self-evaluation; `资金总额` the total row
        // of a funds grid headed `实施期资金总额 | 年度资金总额` (内蒙古's forms).
        "总额" | "资金总额" => Key::AnnualTotal,
        "上年结转资金" | "上年结转" => Key::Source(FundSource::CarriedOver),
        "总分" | "总分值" | "合计" | "总计" => Key::Total,
        "自评等级" | "评价等级" | "绩效等级" | "自评结果" | "绩效评级" => {
            Key::Grade
        }
        "一级指标" => Key::IndicatorHeader,
        "实施期目标" | "年度目标" | "目标内容" => Key::GoalsHeader,
        _ if t.starts_with("项目资金")
            || t.starts_with("年度预算数")
            || t.starts_with("年度预算资金") =>
        {
            Key::FundsHeader(t.find(['(', '（']).and_then(|i| {
                let unit = t[i..].trim_start_matches(['(', '（']);
                // `项目资金(万` / `元)` wrapped in aligned text: 万 alone is 万元.
                Unit::parse(unit).or((unit == "万").then_some(Unit::WanYuan))
            }))
        }
        _ if [
            "负责人",
            "项目负责人",
            "财务负责人",
            "填报人",
            "填表人",
            "联系电话",
            "填报日期",
            "经办人",
        ]
        .iter()
        .any(|k| t.starts_with(k)) =>
        {
            Key::Footer
        }
        _ => return TEXT_LABELS.iter().find(|l| **l == t).map(|l| Key::Text(l)),
    };
    Some(key)
}

/// The fund labels a form's narrow label cell may wrap (`其中：` removed).
const FUND_LABELS: &[&str] = &[
    "实施期资金总额",
    "年度资金总额",
    "中央财政资金",
    "省级财政资金",
    "市县(区)财政资金",
    "市县（区）财政资金",
    "市县财政资金",
    "单位自筹资金",
    "当年财政拨款",
    "本年财政拨款",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "上年结转资金",
];

/// `text` is a piece of a fund label, not the whole (`其中：一般`, `实施期资金总`, `公共预算`,
/// `额：`): its first part (two characters or more) or its last (two or more; one in the
/// funds block, where `额：` and `算` are what a wrapped label leaves).
fn fund_label_piece(text: &str, in_funds: bool) -> bool {
    let t = label_text(text);
    let t = t.trim_end_matches([':', '：']);
    let t = t
        .strip_prefix("其中:")
        .or_else(|| t.strip_prefix("其中："))
        .or_else(|| t.strip_prefix("其中"))
        .unwrap_or(t);
    let n = t.chars().count();
    if n == 0 || t.contains(|c: char| c.is_ascii_digit()) || key_of(t).is_some() {
        return false;
    }
    FUND_LABELS.iter().any(|l| {
        *l != t && ((n >= 2 && l.starts_with(t)) || ((n >= 2 || in_funds) && l.ends_with(t)))
    })
}

/// A cell that starts with a field label and goes on with its value (`项目期 1年`,
/// `项目名称：某项目` in plain text): the label and the value.
fn split_key<'a>(cell: Cell<'a>) -> Option<(Key, Cell<'a>)> {
    const PREFIXED: &[&str] = &[
        "项目名称",
        "项目编码",
        "主管部门及代码",
        // `主管部门 简阳市市场监督管理局 实施单位 …` (`-raw`, a self-evaluation's label).
        "主管部门",
        "实施单位",
        "项目属性",
        "项目期",
    ];
    let label = PREFIXED.iter().find(|l| cell.text.starts_with(**l))?;
    let rest = &cell.text[label.len()..];
    let value = rest.trim_start_matches([':', '：', ' ', '\u{3000}']);
    let value = value.trim();
    // `实施单位 (盖` of `实施单位 (盖章)` wrapped: a remark, no value.
    if value.is_empty() || key_of(value).is_some() || value.starts_with(['(', '（']) {
        return None;
    }
    let offset = cell.text.len() - rest.len()
        + (rest.len() - rest.trim_start_matches([':', '：', ' ', '\u{3000}']).len());
    Some((
        key_of(label)?,
        Cell {
            text: value,
            span: Span::new(
                cell.span.start + offset,
                cell.span.start + offset + value.len(),
            ),
        },
    ))
}

/// An indicator level name: `产出指标` (一级) or `数量指标` (二级).
fn level_of(cell: &str) -> Option<u8> {
    let t = squeeze(cell);
    // `产出指标(50分)`: the weight of the level in brackets.
    let t = match t.find(['(', '（']) {
        Some(at) if t.ends_with("分)") || t.ends_with("分）") => t[..at].to_string(),
        _ => t.into_owned(),
    };
    match t.as_str() {
        "产出指标" | "效益指标" | "满意度指标" | "成本指标" => Some(1),
        "经济效益"
        | "社会效益"
        | "生态效益"
        | "可持续影响"
        | "服务对象满意度"
        | "可持续发展影响" => Some(2),
        // `达成预期指标` is a 实际完成值, not a level.
        _ if t.ends_with("指标")
            && !["达成", "完成", "达到", "实现", "预期"]
                .iter()
                .any(|w| t.contains(w))
            && t.chars().count() <= 10
            && !t.chars().any(|c| c.is_ascii_digit())
            && !matches!(&*t, "一级指标" | "二级指标" | "三级指标" | "绩效指标") =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// A level name that is 一级 in some templates and 二级 in others (`成本指标`, `满意度指标`,
/// with or without its weight in brackets).
fn either_level(cell: &str) -> bool {
    let t = squeeze(cell);
    ["成本指标", "满意度指标"].iter().any(|n| {
        t.strip_prefix(n)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['(', '（']))
    })
}

/// A number written in a cell (`690,000`, `10分`, `95%`), with the given unit.
fn number_in(cell: &Cell, unit: Option<Unit>) -> Option<Number> {
    let t = squeeze(cell.text);
    let (t, unit) = match t.strip_suffix(['%', '％']) {
        Some(rest) => (rest.to_string(), Some(Unit::Percent)),
        None => (t.trim_end_matches('分').to_string(), unit),
    };
    let (value, decimals) = parse_amount(&t)?;
    Some(Number {
        value,
        decimals,
        span: cell.span,
        unit,
    })
}

/// Comparator words and signs at the start of an indicator value or a scoring threshold, the
/// longest first.
pub const COMPARATORS: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::AtLeast),
    ("等于或大于", Comparator::AtLeast),
    ("大于等于", Comparator::AtLeast),
    ("小于或等于", Comparator::AtMost),
    ("等于或小于", Comparator::AtMost),
    ("小于等于", Comparator::AtMost),
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不高于", Comparator::AtMost),
    ("不超过", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    (">=", Comparator::AtLeast),
    ("<=", Comparator::AtMost),
    ("≥", Comparator::AtLeast),
    ("≧", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("≦", Comparator::AtMost),
    ("大于", Comparator::Above),
    ("高于", Comparator::Above),
    ("超过", Comparator::Above),
    ("多于", Comparator::Above),
    (">", Comparator::Above),
    ("＞", Comparator::Above),
    ("小于", Comparator::Below),
    ("低于", Comparator::Below),
    ("少于", Comparator::Below),
    ("不足", Comparator::Below),
    ("<", Comparator::Below),
    ("＜", Comparator::Below),
    ("等于", Comparator::Equal),
    ("=", Comparator::Equal),
    ("＝", Comparator::Equal),
];

/// Read a 指标值: `≥90%`, `80个`, `≤30分钟`, `文字描述: 健全`.
pub fn indicator_value(field: Field) -> IndicatorValue {
    let t = squeeze(&field.text);
    let t = ["文字描述:", "文字描述：", "定性描述:", "定性描述："]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t)
        .to_string();
    let (comparator, rest) = COMPARATORS
        .iter()
        .find_map(|(word, c)| t.strip_prefix(word).map(|rest| (Some(*c), rest)))
        .unwrap_or((None, t.as_str()));
    let found = scan_numbers(rest);
    let (number, unit) = match found.first() {
        Some(f) if f.range.start == 0 => (
            Some(Number {
                value: f.value,
                decimals: f.decimals,
                span: field.span,
                unit: f.unit,
            }),
            rest[f.range.end..].to_string(),
        ),
        _ => (None, String::new()),
    };
    IndicatorValue {
        field,
        comparator,
        number,
        unit,
    }
}

/// The columns after the value in one group of the indicator header.
#[derive(Debug, Clone, Default)]
struct Group {
    /// Columns between the 三级指标 and its value (`指标性质`: `≥` / `=` of the 四川 template):
    /// they are part of the value.
    pre: usize,
    /// Which of those is the 分值 / 权重, when the template puts it before the 指标值
    /// (`三级指标 | 分值 | 指标值 | 评分标准`): no part of the value.
    pre_weight: Option<usize>,
    /// A second 指标值 column right after the first (`实施期指标值 | 年度指标值`): the year's
    /// value of the same indicator.
    split_value: bool,
    extras: Vec<String>,
}

/// Where in the form the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Fields,
    Funds,
    Indicators,
}

/// Reading one form, line by line.
struct Form<'a> {
    table: PerformanceTable,
    section: Section,
    has_implementation_column: bool,
    /// The funds block is a grid whose columns are headed `实施期资金总额 | 年度资金总额`
    /// (`资金来源 | 实施期资金总额 | 年度资金总额`, then `合计 | 1,260.00 | 420.00` and a row per
    /// source): each row's first figure is the implementation period's, its second the year's.
    funds_columns: bool,
    /// Plain text: indicators whose weights and scores were read in doubt.
    unsure_weights: Vec<usize>,
    /// Those of them whose 评分标准 goes with their weights (dropped with them).
    unsure_scoring: Vec<usize>,
    /// The row before was a `实施期资金总额` label alone (plain text), perhaps the first of the
    /// two column labels.
    bare_implementation_label: bool,
    /// The 年度指标值 printed in a column of its own beside the 实施期指标值 of the same row
    /// (`三级指标 | 实施期指标值 | 年度指标值 | 权重`): the indicator it belongs to and the
    /// cell, made the annual group's indicator when the form is read.
    annual_values: Vec<(usize, Field)>,
    /// The fund sources met so far: a source's second row is the annual column's.
    sources_seen: Vec<FundSource>,
    /// 预算执行 columns of a self-evaluation's funds header (`全年预算数`, `执行率`…).
    execution_columns: Vec<String>,
    /// In a tab or pipe grid, the cell index of each of them in the header line.
    execution_positions: Option<Vec<usize>>,
    /// In aligned text, the character columns each of them covers in the header line.
    execution_ranges: Option<Vec<(usize, usize)>>,
    /// The line the 预算执行 columns were named on.
    execution_header_line: Option<usize>,
    /// Aligned text: a line of the funds block with a non-zero amount under the annual column
    /// but no label (a wrapped source label): the sources read cannot be complete.
    orphan_amount: bool,
    /// A piece of a fund label wrapped in its narrow cell (`其中：一般` / `公共预算`,
    /// `实施期资金总` / `额：`) away from its amount: which source an amount is cannot be told,
    /// so no source is read.
    wrapped_fund_label: bool,
    /// A line of the funds block with a non-zero amount and no label: in aligned text, where
    /// a wrapped label's amount went (a wrapped label over a zero row changes no sum).
    unlabelled_funds_amount: bool,
    groups: Vec<Group>,
    /// How many value columns (`指标值`) the indicator header names.
    values_in_header: usize,
    /// In a tab or pipe grid, the cell index of each level column the indicator header names
    /// (`一级指标` 1, `二级指标` 2): a name that is either level stands as its column says.
    level_cells: Vec<(usize, u8)>,
    /// In a tab or pipe grid, the cell indexes the indicator header leaves empty between its
    /// words: a header word merged over two columns (`三级指标` over the name's two cells).
    /// An empty cell of a row there is the merged cell's, not a column of its own.
    merged_cells: Vec<usize>,
    /// The levels carried from row to row, per group.
    levels: Vec<(String, String)>,
    /// The text label the last lines continued.
    last_text: Option<usize>,
    /// Aligned text: the line the last fields were set on and, for each value set there, the
    /// character column it starts at, its label and (for a text) its index in the texts. A
    /// value wrapped in its narrow cell goes on below where it starts (`文山…水务` / `局`).
    field_columns: Option<(usize, Vec<FieldColumn>)>,
    /// Level names as they were met, and the indicator rows read so far (for
    /// [`Form::centre_levels`]).
    marks: Vec<LevelMark>,
    /// In aligned text, where each indicator column starts (in characters) and what it holds,
    /// from a header on one line; the indicator lines are then read by position at the end.
    columns: Vec<(usize, Role)>,
    aligned_lines: Vec<Vec<(usize, Cell<'a>)>>,
    /// Aligned text: the cells of the line before, by character column (a header word wrapped
    /// above its header line, `实施期指标` over `值`).
    previous: Vec<(usize, Cell<'a>)>,
    /// Aligned text: the header line took a word wrapped above it; the tail of that word
    /// (`值`) is on the line after it.
    header_tail: bool,
    /// The row (line of indicators) of each indicator.
    rows: Vec<usize>,
    row_count: usize,
}

/// A value set on a line of fields in aligned text: the character column it starts at, its
/// label and, for a text, its index in the form's texts.
type FieldColumn = (usize, Key, Option<usize>);

/// A level name on a line of aligned indicators: the level column it stands in, if any, and
/// its group, level (1 or 2) and name.
type LineLevel = (Option<usize>, (usize, u8, String));

/// A level name met among the indicator rows: its group, level (1 or 2), and twice the row
/// position it stands at.
#[derive(Debug, Clone)]
struct LevelMark {
    group: usize,
    level: u8,
    name: String,
    at: usize,
}

/// The forms read, and the number of form openings after the first form read that were not
/// read as forms (a `项目名称` line of `pdftotext -raw` text away from its title).
pub(crate) struct Forms {
    pub tables: Vec<PerformanceTable>,
    pub unread: usize,
}

/// Every performance table of a document (`source` its text). A form written as an HTML table
/// (`<table>` on one line, as MinerU writes Markdown, or over many lines with a `<tr>` a line,
/// as Word's HTML export writes it) is read as the pipe rows its markup stands for.
pub(crate) fn read(source: &str, lines: &[Line], layout: Layout) -> Forms {
    if !lines
        .iter()
        .any(|l| l.text.contains("<table") || l.text.contains("<TABLE"))
    {
        return read_lines(lines, layout, &[]);
    }
    // The HTML tables: the line each starts on, the line after its markup, and its rows.
    let mut extents: Option<std::collections::HashMap<usize, usize>> = None;
    let mut tables: Vec<(usize, usize, html_rows::Rows)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(rows) = html_rows::rows_of(line.text, line.span.start) {
            tables.push((i, i + 1, rows));
        } else if let Some(offset) = super::html::table_offset(line.text) {
            // A table whose markup runs on over the lines after it, to its `</table>`.
            let at = line.span.start + offset;
            let end = extents
                .get_or_insert_with(|| super::html::table_extents(source))
                .get(&at)
                .copied();
            if let Some((end, rows)) =
                end.and_then(|end| Some((end, html_rows::rows_of(source.get(at..end)?, at)?)))
            {
                let next = lines[i..]
                    .iter()
                    .position(|l| l.span.start >= end)
                    .map_or(lines.len(), |k| i + k)
                    .max(i + 1);
                tables.push((i, next, rows));
                i = next;
                continue;
            }
        }
        i += 1;
    }
    let mut expanded = Vec::new();
    let mut piped = Vec::new();
    let mut next_table = tables.iter().peekable();
    let mut i = 0;
    while i < lines.len() {
        let Some((_, next, rows)) = next_table.next_if(|t| t.0 == i) else {
            expanded.push(lines[i]);
            i += 1;
            continue;
        };
        // Each row is given the line it starts on.
        let mut on = i;
        for (span, text) in rows {
            while on + 1 < *next && lines[on + 1].span.start <= span.start {
                on += 1;
            }
            piped.push(expanded.len());
            expanded.push(Line {
                index: lines[on].index,
                span: *span,
                text,
                page_start: lines[on].page_start,
            });
        }
        i = *next;
    }
    read_lines(&expanded, layout, &piped)
}

/// The forms of `lines`; the lines at the indices `piped` (sorted) are pipe rows made of an
/// HTML table's markup, read as a pipe grid whatever the document's layout.
fn read_lines(lines: &[Line], layout: Layout, piped: &[usize]) -> Forms {
    let mut tables = Vec::new();
    let mut unread = 0;
    let mut i = 0;
    while i < lines.len() {
        // A form starts with 项目名称 / 项目编码 (a department's, 部门（单位）名称): other lines
        // need not be cut into cells.
        if !lines[i].text.contains('项') && !lines[i].text.contains("名称") {
            i += 1;
            continue;
        }
        let cells = cells_of(&lines[i]);
        // `部门名称` heads money tables too: it opens a form only under a form's title.
        let bare_department = cells.first().is_some_and(|c| squeeze(c.text) == "部门名称");
        if !starts_form(&cells) || (bare_department && title_before(lines, i).is_none()) {
            i += 1;
            continue;
        }
        let layout = if piped.binary_search(&i).is_ok() {
            Layout::Piped
        } else {
            layout
        };
        let (table, next) = read_form(lines, i, layout);
        match table {
            Some(table) => tables.push(table),
            None if !tables.is_empty() => unread += 1,
            None => {}
        }
        i = next.max(i + 1);
    }
    Forms { tables, unread }
}

/// A form starts with `项目名称` or `项目编码` (`部门（单位）名称`) as its first cell.
fn starts_form(cells: &[Cell]) -> bool {
    cells.first().is_some_and(|c| {
        matches!(
            key_of(c.text),
            Some(Key::ProjectName | Key::ProjectCode | Key::DepartmentName)
        ) || split_key(*c).is_some_and(|(k, _)| k == Key::ProjectName)
    })
}

/// Read the form starting at line `start`; returns it (if it is one) and the line after it.
fn read_form<'a>(
    lines: &[Line<'a>],
    start: usize,
    layout: Layout,
) -> (Option<PerformanceTable>, usize) {
    let title = title_before(lines, start);
    let self_evaluation = title.as_ref().is_some_and(|t| t.text.contains("自评"));
    let mut form = Form {
        table: PerformanceTable::new(
            if self_evaluation {
                PerformanceKind::SelfEvaluation
            } else {
                PerformanceKind::Target
            },
            layout,
            lines[start].span,
        ),
        section: Section::Fields,
        has_implementation_column: false,
        funds_columns: false,
        unsure_weights: Vec::new(),
        unsure_scoring: Vec::new(),
        bare_implementation_label: false,
        annual_values: Vec::new(),
        sources_seen: Vec::new(),
        execution_columns: Vec::new(),
        execution_positions: None,
        execution_ranges: None,
        execution_header_line: None,
        orphan_amount: false,
        wrapped_fund_label: false,
        unlabelled_funds_amount: false,
        groups: Vec::new(),
        values_in_header: 0,
        level_cells: Vec::new(),
        merged_cells: Vec::new(),
        levels: Vec::new(),
        last_text: None,
        field_columns: None,
        marks: Vec::new(),
        rows: Vec::new(),
        row_count: 0,
        columns: Vec::new(),
        aligned_lines: Vec::new(),
        previous: Vec::new(),
        header_tail: false,
    };
    form.table.title = title;
    let mut plain = plain::PlainReader::default();
    let mut department = department::DepartmentReader::default();
    let mut blanks = 0;
    let mut after_page_number = false;
    let mut openings: Vec<Key> = Vec::new();
    let mut i = start;
    let mut end = start;
    // Plain text gives every cell two lines (the cell and a blank one).
    let longest = if layout == Layout::Plain { 1500 } else { 400 };
    while i < lines.len() && i < start + longest {
        let line = &lines[i];
        if line.is_blank() {
            blanks += 1;
            // Tab and pipe grids have no blank line inside; aligned text may, at a page break.
            let limit = if matches!(layout, Layout::Tabbed | Layout::Piped) {
                1
            } else {
                3
            };
            if blanks >= limit {
                break;
            }
            i += 1;
            continue;
        }
        // A page break inside the form: the page number and the report's running header
        // after it are no part of it.
        // (In plain text the running header is the line that starts the next page, and the
        // blank lines around them, one after every cell, are no gap in the form.)
        if matches!(layout, Layout::Aligned | Layout::Plain)
            && super::lines::is_page_number(line.text)
        {
            after_page_number = true;
            if layout == Layout::Plain {
                blanks = 0;
            }
            i += 1;
            continue;
        }
        let cells = cells_of(line);
        if after_page_number
            && cells.len() == 1
            && key_of(cells[0].text).is_none()
            && level_of(cells[0].text).is_none()
            && char_column(line, &cells[0]) < 4
            && (layout == Layout::Aligned || line.page_start)
        {
            after_page_number = false;
            if layout == Layout::Plain {
                blanks = 0;
            }
            i += 1;
            continue;
        }
        after_page_number = false;
        blanks = 0;
        // The next form starts with the label this one started with, or one it already had:
        // `项目名称` and `项目编码` on lines of their own (plain text) are one form's.
        let opening = cells.first().and_then(|c| key_of(c.text));
        if i > start && starts_form(&cells) && opening.is_none_or(|k| openings.contains(&k)) {
            break;
        }
        if i > start && ends_form(line, layout) {
            break;
        }
        if let Some(k @ (Key::ProjectName | Key::ProjectCode | Key::DepartmentName)) = opening {
            openings.push(k);
        }
        if cells.is_empty() {
            i += 1;
            continue;
        }
        if layout == Layout::Piped {
            form.table.cut_labels.extend(cut_labels(&cells));
        }
        if department.line(&mut form.table, &cells, line) {
            end = i;
            i += 1;
            continue;
        }
        let footer = cells.iter().any(|c| key_of(c.text) == Some(Key::Footer));
        if layout == Layout::Plain {
            plain.line(&mut form, &cells, line);
        } else {
            form.row(&cells, line);
        }
        end = i;
        i += 1;
        if footer {
            break;
        }
    }
    plain.finish(&mut form);
    if layout == Layout::Plain {
        grade_from_implementer(&mut form.table);
        implementer_from_goal(&mut form.table);
    }
    form.settle_plain_weights();
    if form.orphan_amount {
        for source in &mut form.table.annual_funds.sources {
            source.1 = None;
        }
    }
    // Plain text puts each piece on a line of its own and the amounts between them: a piece
    // is enough. Aligned text keeps the amounts on their rows: a non-zero amount with no label
    // is one whose label is elsewhere (a PDF printer that puts a cell's lines of labels and
    // its amounts apart, Chromium), and no source is known to have it.
    if (form.wrapped_fund_label && layout == Layout::Plain) || form.unlabelled_funds_amount {
        let funds = [
            &mut form.table.annual_funds,
            &mut form.table.implementation_funds,
        ];
        for source in funds.into_iter().flat_map(|f| f.sources.iter_mut()) {
            source.1 = None;
        }
    }
    form.aligned_indicators();
    form.centre_levels();
    form.annual_twins();
    form.table.span = lines[start].span.cover(lines[end].span);
    // The unit printed between the form's title and its first line (`（金额单位：万元）`)
    // when its funds label names none (`项目资金` bare).
    if form.table.funds_unit.is_none() {
        form.table.funds_unit = unit_before(lines, start);
    }
    let t = &form.table;
    // A form under its title whose figures could not be tied to their labels (plain text)
    // is still one, with its fields.
    let titled = t.title.is_some()
        && (t.department.is_some() || t.implementer.is_some() || !t.tasks.is_empty());
    // A self-evaluation's 预算执行 row makes it one even when plain text put its name where
    // it cannot be told (`部门（单位）名称` followed at once by the funds label).
    // A department's form whose name plain text printed away from its label is one by its
    // title and its task rows.
    let is_form = (t.project.is_some() || t.execution.is_some() || (titled && !t.tasks.is_empty()))
        && (!t.indicators.is_empty() || t.annual_funds.total.is_some() || titled);
    (is_form.then_some(form.table), i)
}

/// The spans of labels a converter cut over two neighbouring cells: neither cell is a label,
/// the two read together are (`实施期资金总` | `额:`, `其中:中央财政` | `资金`). pymupdf4llm cuts a
/// form's cells where its printed lines break; a label cut so proves the grid is not the form's.
fn cut_labels(cells: &[Cell]) -> Vec<Span> {
    cells
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].text.trim(), w[1].text.trim());
            !a.is_empty()
                && !b.is_empty()
                && key_of(a).is_none()
                && key_of(b).is_none()
                && key_of(&format!("{a}{b}")).is_some()
        })
        .map(|w| w[0].span.cover(w[1].span))
        .collect()
}

/// A grade word (`优`, `良好`): a grade, never a unit's name.
fn is_grade_word(text: &str) -> bool {
    matches!(
        squeeze(text).as_ref(),
        "优" | "良" | "中" | "差" | "优秀" | "良好" | "合格" | "不合格" | "较差"
    )
}

/// Plain text may print the `实施单位` label at the end of the form, just before the grade
/// (`总分`, `自评等级`, `实施单位`, `优`): a grade word read as the implementer is the grade, and
/// a grade that is its own label was never read.
fn grade_from_implementer(t: &mut PerformanceTable) {
    if let Some(g) = &t.grade {
        if !is_grade_word(&g.text) {
            t.grade = None;
        }
    }
    if t.implementer
        .as_ref()
        .is_some_and(|f| is_grade_word(&f.text))
    {
        let grade = t.implementer.take();
        if t.grade.is_none() {
            t.grade = grade;
        }
    }
}

/// Plain text may print a self-evaluation's `实施单位` label at the form's end (its value, the
/// grade, taken above) and the unit's name right after `年度总体目标`, a frame label whose text
/// (预期目标 / 实际完成情况) comes later: a 年度总体目标 that is a body's name alone (no figure,
/// no clause, ending in `院`, `中心`, `局`…) is the 实施单位 the form lacks.
fn implementer_from_goal(t: &mut PerformanceTable) {
    if t.implementer.is_some() || t.kind != PerformanceKind::SelfEvaluation {
        return;
    }
    let Some(at) = t.texts.iter().position(|(label, f)| {
        let name = squeeze(&f.text);
        label == "年度总体目标"
            && (4..=25).contains(&name.chars().count())
            && !name
                .chars()
                .any(|c| c.is_numeric() || "，。；、,;.:：%".contains(c))
            && crate::identity::ENTITY_SUFFIXES
                .iter()
                .any(|x| name.ends_with(x))
    }) else {
        return;
    };
    let (_, name) = t.texts.remove(at);
    t.implementer = Some(name);
}

/// A line that cannot be part of a form: a Markdown heading, prose or a section heading in a
/// layout without cell delimiters.
fn ends_form(line: &Line, layout: Layout) -> bool {
    let t = line.text.trim();
    if t.starts_with('#') {
        return true;
    }
    match layout {
        Layout::Tabbed => !line.text.contains('\t'),
        Layout::Piped => !t.starts_with('|'),
        Layout::Aligned | Layout::Plain => {
            let s = squeeze(t);
            (s.starts_with('第') && s.contains("部分") && s.chars().count() <= 12)
                || (super::lines::is_table_title(t) && !s.contains("绩效"))
                // The next form's title.
                || (s.contains("绩效")
                    && (s.contains("目标表") || s.contains("自评表"))
                    && s.chars().count() <= 60)
        }
    }
}

/// The non-blank lines above the form's first row, nearest first, within a few lines.
fn lines_before<'l, 'a>(lines: &'l [Line<'a>], start: usize) -> impl Iterator<Item = &'l Line<'a>> {
    lines[start.saturating_sub(8)..start]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
}

/// The unit a `单位：万元` line between the form's title and its first row states (a
/// department's form names no unit in its funds grid: `年度预算申请 | 资金总额 | …`).
fn unit_before(lines: &[Line], start: usize) -> Option<Unit> {
    lines_before(lines, start)
        .take(3)
        .take_while(|l| !squeeze(l.text).contains("绩效"))
        .find_map(|l| crate::parse::lines::unit_line(l.text))
}

/// The title printed above the form (`…项目支出绩效目标表`), within a few lines.
fn title_before(lines: &[Line], start: usize) -> Option<Field> {
    lines_before(lines, start)
        .take(4)
        .find(|l| {
            let s = squeeze(l.text);
            s.contains("绩效") && s.contains('表') && s.chars().count() <= 60
        })
        .map(|l| Field {
            text: l.text.trim().to_string(),
            span: l.span,
        })
}

impl<'a> Form<'a> {
    fn row(&mut self, cells: &[Cell<'a>], line: &Line) {
        let previous = std::mem::replace(
            &mut self.previous,
            cells.iter().map(|c| (char_column(line, c), *c)).collect(),
        );
        if std::mem::take(&mut self.header_tail)
            && cells.iter().all(|c| {
                c.text.chars().count() <= 2 && !c.text.contains(|c: char| c.is_ascii_digit())
            })
        {
            return;
        }
        self.row_cells(cells, line, &previous);
    }

    fn row_cells(&mut self, cells: &[Cell<'a>], line: &Line, previous: &[(usize, Cell<'a>)]) {
        // Aligned text may set a fund label and its amount one space apart, in one cell.
        let split: Vec<Cell<'a>>;
        let cells = if matches!(self.table.layout, Layout::Aligned | Layout::Plain) {
            split = cells
                .iter()
                .flat_map(|c| split_prefixed_label(*c))
                .flat_map(split_label_amount)
                .flat_map(split_label_grade)
                .collect();
            &split[..]
        } else {
            cells
        };
        let keys: Vec<Option<Key>> = cells.iter().map(|c| key_of(c.text)).collect();
        if self.section != Section::Indicators
            && cells.iter().zip(&keys).any(|(c, k)| {
                k.is_none() && fund_label_piece(c.text, self.section == Section::Funds)
            })
        {
            self.wrapped_fund_label = true;
        }
        let header = keys.contains(&Some(Key::IndicatorHeader))
            || cells.iter().any(|c| is_name_header(&squeeze(c.text)))
                && cells.iter().any(|c| is_value_header(&squeeze(c.text)));
        if header {
            self.indicator_header(cells, line, previous);
            return;
        }
        // The 预算执行 header without its `项目资金（万元）` label (wrapped away in aligned text).
        // Aligned text may set two header words one space apart (`预算执行数 预算执行率`).
        let words: Vec<&str> = cells.iter().flat_map(|c| c.text.split(' ')).collect();
        let execution_header: Vec<String> = words
            .iter()
            .map(|w| squeeze(w).into_owned())
            .filter(|c| is_execution_column(c))
            .collect();
        if execution_header.len() >= 4
            && words.len() <= execution_header.len() + 2
            && keys.iter().all(Option::is_none)
            && execution_header.iter().any(|c| c.ends_with("执行数"))
            && execution_header.iter().any(|c| c.ends_with("执行率"))
        {
            self.execution_columns = execution_header;
            self.execution_positions = self.grid_positions(line);
            self.execution_ranges = self.aligned_ranges(cells, line);
            self.execution_header_line = Some(line.index);
            self.section = Section::Funds;
            return;
        }
        // The totals row of a funds grid headed by its two columns (`合计 | 1,260.00 | 420.00`).
        if self.funds_columns
            && self.section == Section::Funds
            && keys.first().copied().flatten() == Some(Key::Total)
        {
            self.funds_row(cells, &keys, line);
            return;
        }
        if let Some(k) = keys.iter().flatten().find(|k| {
            matches!(
                k,
                Key::FundsHeader(_) | Key::ImplementationTotal | Key::AnnualTotal | Key::Source(_)
            )
        }) {
            if let Key::FundsHeader(unit) = k {
                self.table.funds_unit = *unit;
                let columns: Vec<String> = cells
                    .iter()
                    .flat_map(|c| c.text.split(' '))
                    .map(|c| squeeze(c).into_owned())
                    .filter(|c| is_execution_column(c))
                    .collect();
                // `项目资金(万` wrapped below the header it labels keeps that header.
                if !columns.is_empty() {
                    self.execution_columns = columns;
                    self.execution_positions = self.grid_positions(line);
                    self.execution_ranges = self.aligned_ranges(cells, line);
                    self.execution_header_line = Some(line.index);
                }
            }
            if self.section != Section::Indicators {
                self.section = Section::Funds;
                self.funds_row(cells, &keys, line);
                return;
            }
        }
        // The 预算执行 row's label wrapped below its header line (`年度部门整体支` /
        // `出预算执行情况`): the figures come on the line after it.
        let below_execution_header = self.section == Section::Funds
            && self.table.execution.is_none()
            && self
                .execution_header_line
                .is_some_and(|h| h + 1 == line.index)
            && keys.iter().all(Option::is_none);
        if below_execution_header
            && cells
                .iter()
                .all(|c| !c.text.contains(|ch: char| ch.is_ascii_digit()))
        {
            self.execution_header_line = Some(line.index);
            return;
        }
        // `项目资金  年初预算数 全年预算数 全年执行数  分值  执行率  得分` with the figures on the
        // line right below and no label of their own (the label's cell spans both lines): the
        // 预算执行 row, when it holds one figure (or `—`) for each column.
        if below_execution_header && let Some(by_column) = self.unlabelled_execution(cells) {
            self.execution(&by_column, line.span);
            return;
        }
        if self.section == Section::Funds
            && keys.iter().all(Option::is_none)
            && cells.iter().any(|c| {
                number_in(c, None)
                    .is_some_and(|n| !n.value.is_zero() && n.unit != Some(Unit::Percent))
            })
        {
            self.unlabelled_funds_amount = true;
        }
        if self.section == Section::Funds
            && self.execution_ranges.is_some()
            && keys.iter().all(Option::is_none)
            && cells.iter().any(|c| {
                number_in(c, None)
                    .is_some_and(|n| !n.value.is_zero() && n.unit != Some(Unit::Percent))
            })
        {
            self.orphan_amount = true;
        }
        if self.section == Section::Indicators
            && !keys
                .iter()
                .flatten()
                .any(|k| matches!(k, Key::Total | Key::Grade | Key::Footer | Key::Text(_)))
        {
            if matches!(self.table.layout, Layout::Tabbed | Layout::Piped) {
                // Empty cells after the value keep the columns of the extras.
                self.indicator_row(&grid_cells(line), true);
            } else if self.columns.is_empty() {
                self.indicator_row(cells, false);
            } else {
                let placed: Vec<(usize, Cell)> = cells
                    .iter()
                    .flat_map(|c| split_levels(char_column(line, c), *c))
                    .flat_map(|(column, c)| {
                        let mut split = split_trailing_value(column, c);
                        // The value cut off a name stands under its value column, however
                        // near the name's its first character was pushed.
                        if let [_, (at, _)] = &mut split[..] {
                            if let Some(Role::Name(g)) = self.role_at(*at) {
                                let g = *g;
                                if let Some(v) = self.columns.iter().find_map(|(v, r)| {
                                    matches!(r, Role::Value(h) if *h == g).then_some(*v)
                                }) {
                                    *at = (*at).max(v);
                                }
                            }
                        }
                        split
                    })
                    .collect();
                let placed = self.split_into_value_column(placed);
                self.aligned_lines.push(placed);
            }
            return;
        }
        if keys
            .iter()
            .any(|k| matches!(k, Some(Key::Total | Key::Grade)))
        {
            // The indicators are over: a line without a label is no row of theirs.
            self.section = Section::Fields;
        }
        self.fields_row(cells, &keys, line);
    }

    /// Labelled fields: each label takes the next cell that is not a label.
    fn fields_row(&mut self, cells: &[Cell], keys: &[Option<Key>], line: &Line) {
        if self.wrapped_field_values(cells, keys, line) {
            return;
        }
        let aligned = self.table.layout == Layout::Aligned;
        let mut set_here: Vec<FieldColumn> = Vec::new();
        let mut k = 0;
        let mut labelled = false;
        while k < cells.len() {
            let (key, value_at) = match keys[k] {
                Some(key) => (Some(key), k + 1),
                None => match split_key(cells[k]) {
                    Some((key, value)) => {
                        self.set(key, value, &[]);
                        if aligned {
                            set_here.push((char_column(line, &value), key, self.last_text));
                        }
                        labelled = true;
                        k += 1;
                        continue;
                    }
                    None => (None, k + 1),
                },
            };
            let Some(key) = key else {
                k += 1;
                continue;
            };
            labelled = true;
            let rest: Vec<Cell> = cells[value_at..]
                .iter()
                .take_while(|c| key_of(c.text).is_none() && split_key(**c).is_none())
                .copied()
                .collect();
            if let Some(first) = rest.first() {
                self.set(key, *first, &rest[1..]);
                if aligned {
                    set_here.push((char_column(line, first), key, self.last_text));
                }
            } else if let Key::Total | Key::Grade = key {
                self.set(key, cells[k], &[]);
            }
            k = value_at + rest.len();
        }
        if labelled {
            self.field_columns = (!set_here.is_empty()).then_some((line.index, set_here));
        }
        // A line without a label continues the text above it (a wrapped 项目概况).
        if !labelled {
            if let Some(t) = self.last_text {
                let field = &mut self.table.texts[t].1;
                for c in cells {
                    field.text.push_str(c.text);
                    field.span = field.span.cover(c.span);
                }
            }
        }
    }

    /// Aligned text: a line without a label right below a line of fields, each of its cells
    /// starting where a value of that line starts, is those values wrapped in their narrow
    /// cells (`主管部门  文山…水务  实施单位  文山…水务` over `局  局`): each piece goes on
    /// its value. Whether the line was such.
    fn wrapped_field_values(&mut self, cells: &[Cell], keys: &[Option<Key>], line: &Line) -> bool {
        let Some((at, columns)) = self.field_columns.take() else {
            return false;
        };
        let below = at + 1 == line.index
            && self.table.layout == Layout::Aligned
            && keys.iter().all(Option::is_none)
            // A fund label wrapped in its cell (`实施期资金` / `总额：`) is the funds block's.
            && cells.iter().all(|c| {
                split_key(*c).is_none()
                    && parse_amount(c.text).is_none()
                    && !fund_label_piece(c.text, false)
            });
        let targets: Option<Vec<(Key, Option<usize>)>> = below
            .then(|| {
                cells
                    .iter()
                    .map(|c| {
                        let column = char_column(line, c);
                        columns
                            .iter()
                            .find(|(start, _, _)| start.abs_diff(column) <= 2)
                            .map(|(_, key, text)| (*key, *text))
                    })
                    .collect()
            })
            .flatten();
        let Some(targets) = targets else {
            return false;
        };
        for (c, (key, text)) in cells.iter().zip(targets) {
            let t = &mut self.table;
            let field = match key {
                Key::ProjectName | Key::DepartmentName => t.project.as_mut(),
                Key::ProjectCode => t.project_code.as_mut(),
                Key::Department => t.department.as_mut(),
                Key::Implementer => t.implementer.as_mut(),
                Key::Attribute => t.attribute.as_mut(),
                Key::Period => t.period.as_mut(),
                Key::Text(_) => text.and_then(|k| t.texts.get_mut(k)).map(|(_, f)| f),
                _ => None,
            };
            if let Some(field) = field {
                field.text.push_str(c.text);
                field.span = field.span.cover(c.span);
            }
            if key == Key::Department {
                t.department_code = t.department.as_ref().and_then(|f| department_code(&f.text));
            }
        }
        // A value may wrap over more lines than two.
        self.field_columns = Some((line.index, columns));
        true
    }

    fn set(&mut self, key: Key, value: Cell, more: &[Cell]) {
        let t = &mut self.table;
        self.last_text = None;
        match key {
            Key::ProjectName => t.project = Some(value.field()),
            Key::DepartmentName if t.project.is_none() => t.project = Some(value.field()),
            Key::ProjectCode => t.project_code = Some(value.field()),
            Key::Department => {
                t.department_code = department_code(value.text);
                t.department = Some(value.field());
            }
            Key::Implementer => t.implementer = Some(value.field()),
            Key::Attribute => t.attribute = Some(value.field()),
            Key::Period => t.period = Some(value.field()),
            Key::Text(label) => {
                let mut field = value.field();
                // Two goals side by side (实施期 / 年度) stay one text; other cells of the row
                // are the same text's continuation.
                for c in more {
                    field.text.push(' ');
                    field.text.push_str(c.text);
                    field.span = field.span.cover(c.span);
                }
                t.texts.push((label.to_string(), field));
                self.last_text = Some(t.texts.len() - 1);
            }
            Key::Total => {
                // `总分 100 83.5` one space apart in aligned text: two figures, never 10083.5.
                let numbers: Vec<Number> = std::iter::once(value)
                    .chain(more.iter().copied())
                    .flat_map(split_figures)
                    .filter_map(|c| number_in(&c, None))
                    .collect();
                match numbers.as_slice() {
                    [weight, score, ..] => {
                        t.total_weight = Some(weight.clone());
                        t.total_score = Some(score.clone());
                    }
                    // One figure of a self-evaluation is its score, unless it is 100: the
                    // 四川 template's `合计 | 100` is the total of the weights, and a perfect
                    // score cannot be told from it.
                    [one]
                        if t.kind == PerformanceKind::SelfEvaluation
                            && one.value != Decimal::ONE_HUNDRED =>
                    {
                        t.total_score = Some(one.clone())
                    }
                    [one] => t.total_weight = Some(one.clone()),
                    [] => {}
                }
                // Zhejiang's 自评表 ends its `总分 | 100 | 97.46 | 优` row with the grade.
                if t.grade.is_none()
                    && let Some(last) = more.last().filter(|c| is_grade_word(c.text))
                {
                    t.grade = Some(last.field());
                }
                t.total_span = Some(value.span);
            }
            Key::Grade => t.grade = Some(value.field()),
            _ => {}
        }
    }

    /// A row of the funds block: each fund label takes the number after it; the first of a
    /// source in the form is the implementation period's, the second the year's.
    fn funds_row(&mut self, cells: &[Cell], keys: &[Option<Key>], line: &Line) {
        let unit = self.table.funds_unit;
        if self.funds_grid_row(cells, keys) {
            return;
        }
        let delimited = matches!(self.table.layout, Layout::Tabbed | Layout::Piped);
        let grid = if delimited {
            grid_cells(line)
        } else {
            Vec::new()
        };
        let mut k = 0;
        while k < cells.len() {
            let Some(key) = keys[k] else {
                k += 1;
                continue;
            };
            let following: Vec<&Cell> = cells[k + 1..]
                .iter()
                .take_while(|c| key_of(c.text).is_none())
                .collect();
            // In a grid an empty cell keeps its column; elsewhere only the numbers are known.
            let at = grid
                .iter()
                .position(|g| g.span.start == cells[k].span.start);
            let positional: Option<Vec<Option<Number>>> = match (&self.execution_positions, at) {
                // Under the header's columns (a label spanning two cells leaves an empty one).
                (Some(positions), Some(at)) if positions.iter().all(|&p| p > at) => Some(
                    positions
                        .iter()
                        .map(|&p| grid.get(p).and_then(|c| number_in(c, unit)))
                        .collect(),
                ),
                // Aligned text: under the header's columns by character position.
                _ => self
                    .execution_ranges
                    .as_ref()
                    .and_then(|ranges| place_by_column(ranges, &following, line, unit)),
            };
            let numbers: Vec<Number> = following
                .iter()
                .filter_map(|c| number_in(c, unit))
                .collect();
            let columns = self.execution_columns.len();
            // The figures and `—` placeholders right after the label, in order.
            let leading: Vec<Option<Number>> = following
                .iter()
                .map_while(|c| {
                    if is_placeholder(c.text) {
                        Some(None)
                    } else {
                        number_in(c, unit).map(Some)
                    }
                })
                .collect();
            // The 预算执行 cells by column, when it is certain which column each is in: by
            // position, or one cell per column (an empty cell printed as `—` keeps its place).
            let by_column: Option<Vec<Option<Number>>> = match positional {
                Some(p) => Some(p),
                None if numbers.len() == columns => {
                    Some(numbers.iter().cloned().map(Some).collect())
                }
                None if columns > 0 && leading.len() == columns => Some(leading.clone()),
                None => None,
            };
            // Plain text: a source row under a 预算执行 header whose figures are neither all
            // its columns nor none leaves the sources read incomplete.
            if self.table.layout == Layout::Plain
                && columns > 0
                && matches!(key, Key::Source(_))
                && by_column.is_none()
                && !leading.is_empty()
            {
                self.orphan_amount = true;
            }
            let label = cells[k].span;
            match key {
                Key::ImplementationTotal => {
                    self.has_implementation_column = true;
                    self.table.implementation_funds.total = numbers.first().cloned();
                }
                Key::AnnualTotal if columns > 0 => {
                    if let Some(by_column) = &by_column {
                        self.execution(by_column, label);
                    }
                }
                Key::AnnualTotal => self.table.annual_funds.total = numbers.first().cloned(),
                Key::Source(source) => {
                    let number = if columns == 0 {
                        numbers.first().cloned()
                    } else {
                        let full_year = self
                            .execution_columns
                            .iter()
                            .position(|c| matches!(c.as_str(), "全年预算数" | "调整后预算数"));
                        full_year
                            .zip(by_column.as_ref())
                            .and_then(|(p, by_column)| by_column.get(p).cloned().flatten())
                    };
                    let second = self.sources_seen.contains(&source);
                    self.sources_seen.push(source);
                    if second && !self.has_implementation_column {
                        // A source met twice is a form with two columns whose
                        // 实施期资金总额 label came elsewhere (plain text): the sources met
                        // once so far were the implementation period's.
                        self.has_implementation_column = true;
                        let firsts = std::mem::take(&mut self.table.annual_funds.sources);
                        self.table.implementation_funds.sources = firsts;
                    }
                    let funds = if self.has_implementation_column && !second {
                        &mut self.table.implementation_funds
                    } else {
                        &mut self.table.annual_funds
                    };
                    funds.sources.push((source, number, label));
                }
                _ => {}
            }
            k += 1;
        }
    }

    /// A row of a funds block headed by its columns: the header (`资金来源 | 实施期资金总额 |
    /// 年度资金总额`, no figure after either label) or, under it, a total or source label with
    /// its two figures. Whether the row was one.
    fn funds_grid_row(&mut self, cells: &[Cell], keys: &[Option<Key>]) -> bool {
        let unit = self.table.funds_unit;
        let figure_after = |k: usize| {
            cells
                .get(k + 1)
                .is_some_and(|c| key_of(c.text).is_none() && number_in(c, unit).is_some())
        };
        let at = |key: Key| keys.iter().position(|k| *k == Some(key));
        if let (Some(i), Some(a)) = (at(Key::ImplementationTotal), at(Key::AnnualTotal)) {
            if i < a && !figure_after(i) && !figure_after(a) {
                self.funds_columns = true;
                self.has_implementation_column = true;
                return true;
            }
        }
        // Plain text puts the two column labels on lines of their own, one after the other.
        let alone = |key: Key| cells.len() == 1 && keys[0] == Some(key);
        if alone(Key::ImplementationTotal) {
            self.bare_implementation_label = true;
        } else if alone(Key::AnnualTotal) && self.bare_implementation_label {
            self.funds_columns = true;
            self.has_implementation_column = true;
            return true;
        } else if keys.iter().any(Option::is_some) {
            self.bare_implementation_label = false;
        }
        if !self.funds_columns {
            return false;
        }
        // The first total or source of the row (`项目资金(万` may stand before it).
        let Some((k, key)) = keys.iter().enumerate().find_map(|(k, key)| match key {
            Some(
                key @ (Key::Total | Key::AnnualTotal | Key::ImplementationTotal | Key::Source(_)),
            ) => Some((k, *key)),
            _ => None,
        }) else {
            return false;
        };
        let figures: Vec<Number> = cells[k + 1..]
            .iter()
            .take_while(|c| key_of(c.text).is_none())
            .filter_map(|c| number_in(c, unit))
            .collect();
        // Two figures, one per column; anything else is not known to be in its column.
        let (whole, year) = match figures.as_slice() {
            [whole, year] => (Some(whole.clone()), Some(year.clone())),
            _ => (None, None),
        };
        let t = &mut self.table;
        if let Key::Source(source) = key {
            let label = cells[k].span;
            t.implementation_funds.sources.push((source, whole, label));
            t.annual_funds.sources.push((source, year, label));
        } else {
            t.implementation_funds.total = whole;
            t.annual_funds.total = year;
        }
        true
    }

    /// The character columns of each 预算执行 column in a header line of aligned text (two
    /// header words may share a cell, one space apart).
    fn aligned_ranges(&self, cells: &[Cell], line: &Line) -> Option<Vec<(usize, usize)>> {
        if self.table.layout != Layout::Aligned {
            return None;
        }
        let mut ranges = Vec::new();
        for c in cells {
            let start = char_column(line, c);
            let mut at = 0;
            for word in c.text.split(' ') {
                let column = start + c.text[..at].chars().count();
                at += word.len() + 1;
                if is_execution_column(&squeeze(word)) {
                    ranges.push((column, column + word.chars().count()));
                }
            }
        }
        (ranges.len() == self.execution_columns.len()).then_some(ranges)
    }

    /// The cell index of each 预算执行 column in a header line of a tab or pipe grid.
    fn grid_positions(&self, line: &Line) -> Option<Vec<usize>> {
        if !matches!(self.table.layout, Layout::Tabbed | Layout::Piped) {
            return None;
        }
        let positions: Vec<usize> = grid_cells(line)
            .iter()
            .enumerate()
            .filter(|(_, c)| is_execution_column(&squeeze(c.text)))
            .map(|(k, _)| k)
            .collect();
        (positions.len() == self.execution_columns.len()).then_some(positions)
    }

    /// The figures of a line, one per 预算执行 column (`—` for an empty one), word by word;
    /// `None` unless every word is one and there is one for each column.
    fn unlabelled_execution(&self, cells: &[Cell]) -> Option<Vec<Option<Number>>> {
        let unit = self.table.funds_unit;
        let mut out = Vec::new();
        for word in cells.iter().flat_map(|&c| words(c)) {
            out.push(if is_placeholder(word.text) {
                None
            } else {
                Some(number_in(&word, unit)?)
            });
        }
        (out.len() == self.execution_columns.len()).then_some(out)
    }

    /// `年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分` of a
    /// self-evaluation (`总额 | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分`
    /// in the 四川 template), the cells by column.
    fn execution(&mut self, by_column: &[Option<Number>], label: Span) {
        let mut e = Execution {
            span: label,
            ..Execution::default()
        };
        for (column, n) in self.execution_columns.iter().zip(by_column) {
            let slot = match column.as_str() {
                "年初预算数" | "年初预算" => &mut e.initial_budget,
                "全年预算数" | "调整后预算数" => &mut e.full_year_budget,
                c if c.ends_with("执行数") => &mut e.executed,
                "分值" | "权重" => &mut e.weight,
                c if c.ends_with("执行率") => &mut e.rate,
                "得分" => &mut e.score,
                _ => continue,
            };
            *slot = n.clone();
        }
        self.table.annual_funds.total = e.full_year_budget.clone();
        self.table.kind = PerformanceKind::SelfEvaluation;
        self.table.execution = Some(e);
    }

    /// `一级指标 | 二级指标 | 三级指标 | 指标值 | (二级指标 | 三级指标 | 指标值) | 分值 | 评分标准`.
    fn indicator_header(&mut self, cells: &[Cell], line: &Line, previous: &[(usize, Cell)]) {
        // The header repeated on a new page, over columns of other widths: the rows above it
        // are read by the columns they were printed under.
        if self.section == Section::Indicators && !self.aligned_lines.is_empty() {
            self.aligned_indicators();
        }
        self.section = Section::Indicators;
        self.values_in_header = 0;
        self.columns = if self.table.layout == Layout::Aligned {
            let mut words: Vec<(usize, String)> = cells
                .iter()
                .map(|c| (char_column(line, c), squeeze(c.text).into_owned()))
                .collect();
            // A header word wrapped over three lines (`实施期指标` / `值` around the line of
            // the others) stands where the header line has a gap.
            for (column, c) in previous {
                let t = squeeze(c.text);
                if t.ends_with("指标")
                    && key_of(&t).is_none()
                    && level_of(&t).is_none()
                    && !t.contains("绩效")
                    && words.iter().all(|(at, _)| at.abs_diff(*column) > 2)
                {
                    words.push((*column, format!("{t}值")));
                    self.header_tail = true;
                }
            }
            // A header wrapped over the line above, right of every word of the header line
            // (`偏差原因分析及改进措` / `施`), is a column of its own: its text is not the 得分
            // it would otherwise be nearest to.
            let right = words.iter().map(|(at, _)| *at).max();
            let mut asides = Vec::new();
            for (column, c) in previous {
                let t = squeeze(c.text);
                if right.is_some_and(|r| *column > r + 4)
                    && t.chars().count() >= 2
                    && !t.chars().any(|ch| ch.is_ascii_digit())
                    && key_of(&t).is_none()
                    && level_of(&t).is_none()
                {
                    asides.push((*column, Role::Aside));
                }
            }
            words.sort_by_key(|(at, _)| *at);
            let mut columns = header_columns(&words);
            if !columns.is_empty() {
                columns.extend(asides);
            }
            columns
        } else {
            Vec::new()
        };
        let grid = matches!(self.table.layout, Layout::Tabbed | Layout::Piped);
        self.merged_cells = if grid {
            let header = grid_cells(line);
            let last = header.iter().rposition(|c| !c.text.trim().is_empty());
            let first = header.iter().position(|c| !c.text.trim().is_empty());
            header
                .iter()
                .enumerate()
                .filter(|(k, c)| {
                    c.text.trim().is_empty()
                        && first.is_some_and(|f| f < *k)
                        && last.is_some_and(|l| *k < l)
                })
                .map(|(k, _)| k)
                .collect()
        } else {
            Vec::new()
        };
        self.level_cells = if grid {
            grid_cells(line)
                .iter()
                .enumerate()
                .filter_map(|(k, c)| match &*squeeze(c.text) {
                    "一级指标" => Some((k, 1)),
                    "二级指标" => Some((k, 2)),
                    _ => None,
                })
                .collect()
        } else {
            Vec::new()
        };
        self.groups = vec![Group::default()];
        let mut after_value = false;
        let mut after_name = false;
        for c in cells {
            let t = squeeze(c.text);
            if t == "二级指标" && after_value {
                self.groups.push(Group::default());
                after_value = false;
            } else if is_value_header(&t) {
                if after_value
                    && let Some(g) = self.groups.last_mut()
                    && g.extras.is_empty()
                    && !g.split_value
                {
                    g.split_value = true;
                } else {
                    after_value = true;
                    after_name = false;
                }
                self.values_in_header += 1;
            } else if is_name_header(&t) {
                after_name = true;
            } else if after_value || after_name {
                if let Some(g) = self.groups.last_mut() {
                    if after_value {
                        g.extras.push(t.clone().into_owned());
                    } else {
                        if is_weight_column(&t) {
                            g.pre_weight = Some(g.pre);
                        }
                        g.pre += 1;
                    }
                }
            }
            if matches!(&*t, "实际完成值" | "完成值" | "得分") {
                self.table.kind = PerformanceKind::SelfEvaluation;
            }
        }
        self.levels = vec![(String::new(), String::new()); self.groups.len()];
    }

    /// One row of indicators, read by what each cell is; `grid`: the cells are every cell of
    /// a tab or pipe grid line, in their columns.
    fn indicator_row(&mut self, cells: &[Cell], grid: bool) {
        let mut filled = cells.iter().filter(|c| !c.text.is_empty());
        let Some(first) = filled.next() else {
            return;
        };
        let span = first.span.cover(filled.next_back().unwrap_or(first).span);
        let mut group = 0;
        let mut texts: Vec<Cell> = Vec::new();
        let mut level2_in_group = false;
        let mut done: Vec<(usize, Vec<Cell>)> = Vec::new();
        let mut marks: Vec<(usize, u8, String)> = Vec::new();
        for (k, c) in cells.iter().enumerate() {
            let group_of = &self.groups[group];
            let capacity =
                2 + group_of.pre + usize::from(group_of.split_value) + group_of.extras.len();
            if c.text.is_empty() {
                // An empty cell after the name holds its column; before it, it is a merged
                // level cell; under a header word merged over two columns, it is that word's.
                if grid && self.merged_cells.contains(&k) {
                    continue;
                }
                if !texts.is_empty() && texts.len() < capacity {
                    texts.push(*c);
                }
                continue;
            }
            let t = squeeze(c.text);
            if t == "绩效指标" || t.starts_with("绩效指标(") || t.starts_with("绩效指标（")
            {
                continue;
            }
            if let Some(mut level) = level_of(c.text) {
                // `成本指标` or `满意度指标` under the 二级指标 header, after the empty cells of
                // the merged ones before it (`|  |  | 成本指标 |`) or its 一级 name, is the 二级
                // name.
                if grid
                    && either_level(c.text)
                    && self.level_cells.contains(&(k, 2))
                    && cells[..k]
                        .iter()
                        .all(|c| c.text.is_empty() || level_of(c.text) == Some(1))
                {
                    level = 2;
                }
                // Level names after a name, or a second 二级 name, start the annual group.
                let again = !texts.is_empty() || (level == 2 && level2_in_group);
                if again && group + 1 < self.groups.len() {
                    done.push((group, std::mem::take(&mut texts)));
                    group += 1;
                    level2_in_group = false;
                }
                let name = squeeze(c.text).into_owned();
                marks.push((group, level, name.clone()));
                let levels = &mut self.levels[group];
                if level == 1 {
                    levels.0 = name.clone();
                    levels.1 = String::new();
                    // The annual group has no 一级 column of its own: it shares the first's.
                    if group == 0 {
                        for other in self.levels.iter_mut().skip(1) {
                            other.0 = name.clone();
                        }
                    }
                } else {
                    levels.1 = name;
                    level2_in_group = true;
                }
                continue;
            }
            if texts.len() >= capacity && group + 1 < self.groups.len() {
                done.push((group, std::mem::take(&mut texts)));
                group += 1;
            }
            texts.push(*c);
        }
        done.push((group, texts));
        let before = self.table.indicators.len();
        for (group, texts) in &done {
            self.push_indicator(*group, texts, span);
        }
        let row = self.row_count;
        let on_row = self.table.indicators.len() > before;
        if on_row {
            self.row_count += 1;
        }
        self.mark_levels(marks, row, on_row);
        let added = self.table.indicators.len() - before;
        self.rows.extend(std::iter::repeat_n(row, added));
    }

    /// Record the level names of a line that comes after `rows` indicator rows, at its place
    /// (doubled): at that row when the line is one (`on_row`), else between the rows before
    /// and after it.
    fn mark_levels(&mut self, names: Vec<(usize, u8, String)>, rows: usize, on_row: bool) {
        let at = if on_row {
            2 * rows
        } else {
            (2 * rows).saturating_sub(1)
        };
        for (group, level, name) in names {
            self.marks.push(LevelMark {
                group,
                level,
                name,
                at,
            });
        }
    }

    /// In aligned text a merged level cell (`产出指标` over five rows) is printed once, halfway
    /// down the rows it spans, so a row read before its level name got the previous one. Each
    /// level name is the centre of a run of rows and the runs follow each other: the first run
    /// starts at row 0 and ends as far below its centre as it starts above it, the next starts
    /// after it. When the runs so found cover the rows exactly, they give every row its levels.
    fn centre_levels(&mut self) {
        if !matches!(self.table.layout, Layout::Aligned | Layout::Plain) || self.row_count == 0 {
            return;
        }
        self.marks.sort_by_key(|m| m.at);
        self.empty_level_rows();
        for group in 0..self.groups.len() {
            let centred = [self.centred_runs(group, 1), self.centred_runs(group, 2)];
            let level1 = centred[0].clone().or_else(|| {
                let runs = self.top_runs(group, 1)?;
                // A block boundary must be one of the 二级 names' too: a 二级 block lies in
                // one 一级 block.
                // And each 二级 name must be one of its 一级's kinds (`社会效益指标` under
                // `效益指标`): where the name stands between two rows, either may start its block.
                let level2 = centred[1].as_ref()?;
                let fits = level2.iter().all(|(a, b, two)| {
                    runs.iter()
                        .find(|(start, end, _)| start <= a && b <= end)
                        .is_some_and(|(_, _, one)| level_kind_fits(one, two))
                });
                (fits
                    && runs
                        .iter()
                        .all(|(a, _, _)| level2.iter().any(|(b, _, _)| a == b)))
                .then_some(runs)
            });
            for (level, runs) in [(1u8, level1), (2, centred[1].clone())] {
                let Some(runs) = runs else { continue };
                for (k, indicator) in self.table.indicators.iter_mut().enumerate() {
                    let row = self.rows[k];
                    // The annual group shares the 一级 column of the first.
                    let applies = indicator.group == group || (level == 1 && group == 0);
                    if !applies {
                        continue;
                    }
                    if let Some((_, _, name)) =
                        runs.iter().find(|(a, b, _)| (*a..=*b).contains(&row))
                    {
                        if level == 1 {
                            indicator.level1 = name.clone();
                        } else {
                            indicator.level2 = name.clone();
                        }
                    }
                }
            }
        }
    }

    /// The marks of one group and level, in order.
    fn marks_of(&self, group: usize, level: u8) -> Vec<&LevelMark> {
        self.marks
            .iter()
            .filter(|m| m.group == group && m.level == level)
            .collect()
    }

    /// The runs of rows `(first, last, name)` the level names centred on them give, when they
    /// cover the rows exactly (see [`Form::centre_levels`]).
    fn centred_runs(&self, group: usize, level: u8) -> Option<Vec<(usize, usize, String)>> {
        let marks = self.marks_of(group, level);
        if marks.is_empty() {
            return None;
        }
        let mut start = 0usize;
        let mut runs: Vec<(usize, usize, String)> = Vec::new();
        for m in &marks {
            // centre = at / 2 = (start + end) / 2, so end = at - start.
            let end = m.at.checked_sub(start).filter(|&end| end >= start)?;
            runs.push((start, end, m.name.clone()));
            start = end + 1;
        }
        (start == self.row_count).then_some(runs)
    }

    /// The runs of rows the level names give when `pdftotext` printed a merged cell's text on
    /// a line of its own rows but not at their centre (rows of different heights): each name
    /// covers the rows from where it stands to the next name, the first one the rows above it
    /// too. `None` unless every name has a row of its own.
    fn top_runs(&self, group: usize, level: u8) -> Option<Vec<(usize, usize, String)>> {
        let marks = self.marks_of(group, level);
        if marks.len() < 2 {
            return None;
        }
        let mut runs: Vec<(usize, usize, String)> = Vec::new();
        for (k, m) in marks.iter().enumerate() {
            // The first row at or after the name (a name between two rows heads the lower).
            let first = if k == 0 { 0 } else { m.at.div_ceil(2) };
            let last = match marks.get(k + 1) {
                Some(next) => next.at.div_ceil(2).checked_sub(1)?,
                None => self.row_count.checked_sub(1)?,
            };
            if last < first || (k > 0 && runs.last().is_some_and(|r| r.1 + 1 != first)) {
                return None;
            }
            runs.push((first, last, m.name.clone()));
        }
        Some(runs)
    }

    fn push_indicator(&mut self, group: usize, texts: &[Cell], span: Span) {
        let Some(first) = texts.first() else {
            return;
        };
        // In aligned text a lone cell is a piece of a name wrapped above or below its row (or
        // a value whose name is wrapped around it): it is no indicator of its own.
        let wraps = matches!(self.table.layout, Layout::Aligned | Layout::Plain);
        if wraps && texts.len() == 1 {
            return;
        }
        // The value with the 指标性质 before it (`≥` | `90`), without a 分值 column there.
        let pre = self.groups[group].pre;
        let pre_weight = self.groups[group].pre_weight;
        let value_cells: Vec<Cell> = texts
            .get(1..(2 + pre).min(texts.len()))
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(k, _)| Some(*k) != pre_weight)
            .map(|(_, c)| *c)
            .collect();
        let weight = pre_weight
            .and_then(|k| texts.get(1 + k))
            .filter(|c| !c.text.is_empty())
            .and_then(|c| number_in(c, None));
        let split = usize::from(self.groups[group].split_value);
        let annual = (split == 1)
            .then(|| texts.get(2 + pre))
            .flatten()
            .filter(|c| !c.text.is_empty())
            .map(Cell::field);
        let extras = texts.get(2 + pre + split..).unwrap_or_default();
        let name = (!first.text.is_empty()).then(|| first.field());
        self.push(group, name, joined(&value_cells), extras, span);
        // A value over cells (`=` | `21460`, in HTML each on a line of its own): its number
        // stands in the cell with the figure, not where the comparator starts the value.
        let mut filled = value_cells.iter().filter(|c| !c.text.is_empty());
        let figure = filled
            .clone()
            .find(|c| c.text.chars().any(|ch| ch.is_numeric()));
        if let (Some(figure), true) = (figure, filled.nth(1).is_some()) {
            let number = self.table.indicators.last_mut().and_then(|i| {
                i.value
                    .as_mut()
                    .filter(|v| v.field.span.cover(figure.span) == v.field.span)
                    .and_then(|v| v.number.as_mut())
            });
            if let Some(n) = number {
                n.span = figure.span;
            }
        }
        if let (Some(weight), Some(indicator)) = (weight, self.table.indicators.last_mut()) {
            indicator.weight.get_or_insert(weight);
        }
        if let Some(annual) = annual {
            self.annual_values
                .push((self.table.indicators.len() - 1, annual));
        }
    }

    /// Add an indicator of `group` with the levels in force; `texts` are the cells of the
    /// header's columns after the value (an empty cell: nothing written).
    fn push(
        &mut self,
        group: usize,
        name: Option<Field>,
        mut value: Option<Field>,
        texts: &[Cell],
        span: Span,
    ) {
        let (level1, level2) = self.levels[group].clone();
        let extras = &self.groups[group].extras;
        let mut indicator = Indicator {
            level1,
            level2,
            name,
            value: None,
            group,
            weight: None,
            scoring: None,
            actual: None,
            score: None,
            span,
        };
        if texts.len() <= extras.len() {
            for (name, cell) in extras.iter().zip(texts) {
                if cell.text.is_empty() {
                    continue;
                }
                match name.as_str() {
                    "分值" | "权重" | "权重(%)" | "分值(%)" => {
                        indicator.weight = number_in(cell, None)
                    }
                    "得分" => indicator.score = number_in(cell, None),
                    "实际完成值" | "全年实际值" | "实际值" | "完成值" => {
                        indicator.actual = Some(cell.field())
                    }
                    // `90` | `%`: the unit in a column of its own.
                    "度量单位" | "计量单位" => {
                        if let Some(v) = value.as_mut() {
                            v.text.push_str(cell.text);
                            v.span = v.span.cover(cell.span);
                        }
                    }
                    n if n.contains("评分") || n.contains("评扣分") => {
                        let (weight, rest) = leading_weight(cell);
                        if indicator.weight.is_none() {
                            indicator.weight = weight;
                        }
                        indicator.scoring = Some(rest);
                    }
                    _ => {}
                }
            }
        }
        indicator.value = value.map(indicator_value);
        self.table.indicators.push(indicator);
    }
}

/// Whether the 二级 indicator `two` is of a kind the 一级 `one` holds, by the standard names
/// (`数量指标` … under `产出指标`, `社会效益指标` under `效益指标`); unknown names do not fit.
fn level_kind_fits(one: &str, two: &str) -> bool {
    let has = |t: &str, words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(two, &["效益", "影响"]) {
        has(one, &["效益"])
    } else if has(two, &["满意"]) {
        has(one, &["满意"])
    } else if has(two, &["成本"]) {
        has(one, &["产出", "成本"])
    } else if has(two, &["数量", "质量", "时效", "进度"]) {
        has(one, &["产出"])
    } else {
        false
    }
}

/// What an indicator column of aligned text holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Level,
    Name(usize),
    Value(usize),
    /// A 年度指标值 column right after the 实施期指标值 of the same group.
    AnnualValue(usize),
    /// A column between the name and the value (`指标性质`).
    Pre(usize),
    /// A 分值 / 权重 column between the name and the value.
    PreWeight(usize),
    /// The k-th column after the value.
    Extra(usize, usize),
    /// A column the header line does not name, right of all it names (`偏差原因分析及改进措施`
    /// wrapped onto the line above): its cells are no field's.
    Aside,
}

/// The character column a cell starts at (`pdftotext -layout` pads by characters).
fn char_column(line: &Line, cell: &Cell) -> usize {
    let at = cell.span.start.saturating_sub(line.span.start);
    line.text.get(..at).map(|t| t.chars().count()).unwrap_or(0)
}

/// The columns of a one-line indicator header in aligned text; empty unless it names the 三级
/// indicator and its value.
fn header_columns(words: &[(usize, String)]) -> Vec<(usize, Role)> {
    let mut columns = Vec::new();
    let mut group = 0;
    let mut seen_value = false;
    let mut extra = 0;
    for (column, t) in words {
        let role = match t.as_str() {
            "绩效指标" => continue,
            "一级指标" => Role::Level,
            "二级指标" => {
                if seen_value {
                    group += 1;
                    seen_value = false;
                }
                Role::Level
            }
            t if is_name_header(t) => {
                extra = 0;
                Role::Name(group)
            }
            t if is_value_header(t) => {
                let split = seen_value
                    && matches!(columns.last(), Some((_, Role::Value(g))) if *g == group);
                seen_value = true;
                if split {
                    Role::AnnualValue(group)
                } else {
                    Role::Value(group)
                }
            }
            t if !seen_value && is_weight_column(t) => Role::PreWeight(group),
            _ if !seen_value => Role::Pre(group),
            _ => {
                extra += 1;
                Role::Extra(group, extra - 1)
            }
        };
        columns.push((*column, role));
    }
    let named = columns.iter().any(|(_, r)| *r == Role::Name(0));
    let valued = columns.iter().any(|(_, r)| *r == Role::Value(0));
    if named && valued { columns } else { Vec::new() }
}

/// One group's cells on one line of aligned indicators.
#[derive(Debug, Default, Clone)]
struct Placed<'a> {
    name: Vec<Cell<'a>>,
    pre: Vec<Cell<'a>>,
    /// The 分值 printed before the value.
    weight: Option<Cell<'a>>,
    value: Option<Cell<'a>>,
    /// The 年度指标值 beside the value.
    annual: Option<Cell<'a>>,
    /// By column after the value.
    extras: Vec<Option<Cell<'a>>>,
}

impl<'a> Form<'a> {
    /// The role of a cell starting at `column`: the header column whose start is nearest
    /// (`pdftotext` centres some headers over their column, so a cell may start left of its
    /// header).
    fn role_at(&self, column: usize) -> Option<&Role> {
        self.columns
            .iter()
            .min_by_key(|(start, _)| start.abs_diff(column))
            .map(|(_, r)| r)
    }

    /// `加强经办队伍建设 逐步加强` under a name column, on a line with nothing else under the
    /// value column beside it: a name and a value that `pdftotext` set one space apart (a long
    /// name pushes its value left of its column). The cell is cut at its one space when the
    /// piece after it starts nearer the value column than the name column and the space
    /// stands between two words (not `15 分钟`); with no such space, or several, it is left
    /// whole.
    fn split_into_value_column<'c>(&self, line: Vec<(usize, Cell<'c>)>) -> Vec<(usize, Cell<'c>)> {
        let value_of = |group: usize| {
            self.columns.iter().find_map(|(at, r)| match r {
                Role::Value(g) if *g == group => Some(*at),
                _ => None,
            })
        };
        let valued: Vec<usize> = line
            .iter()
            .filter_map(|(at, _)| match self.role_at(*at) {
                Some(Role::Value(g)) => Some(*g),
                _ => None,
            })
            .collect();
        let mut out = Vec::with_capacity(line.len() + 1);
        for (column, cell) in line {
            let value_at = match self.role_at(column) {
                Some(Role::Name(g)) if !valued.contains(g) => value_of(*g).filter(|v| *v > column),
                _ => None,
            };
            let mut spaces = cell.text.match_indices(' ');
            let cut = match (value_at, spaces.next(), spaces.next()) {
                (Some(v), Some((byte, _)), None) => {
                    let after = column + cell.text[..byte].chars().count() + 1;
                    let words = cell.text[..byte]
                        .chars()
                        .next_back()
                        .zip(cell.text[byte + 1..].chars().next())
                        .is_some_and(|(a, b)| super::lines::is_han(a) && super::lines::is_han(b));
                    (words && v.abs_diff(after) < after - column).then_some((byte, v))
                }
                _ => None,
            };
            let Some((byte, value_at)) = cut else {
                out.push((column, cell));
                continue;
            };
            let (name, value) = (&cell.text[..byte], &cell.text[byte + 1..]);
            if name.is_empty() || value.is_empty() {
                out.push((column, cell));
                continue;
            }
            out.push((
                column,
                Cell {
                    text: name,
                    span: Span::new(cell.span.start, cell.span.start + name.len()),
                },
            ));
            // The value stands under its column, whatever pushed it left.
            out.push((
                value_at,
                Cell {
                    text: value,
                    span: Span::new(cell.span.end - value.len(), cell.span.end),
                },
            ));
        }
        out
    }

    /// Read the buffered indicator lines of aligned text by position. A line with a value is a
    /// row; the pieces of a name wrapped onto the lines around it (above and below when the
    /// value is centred, below when it is at the top) join it; a level name is placed at its
    /// line for [`Form::centre_levels`].
    fn aligned_indicators(&mut self) {
        let lines = std::mem::take(&mut self.aligned_lines);
        // Rows read under an earlier header (a page before) come first.
        let base = self.row_count;
        let groups = self.groups.len();
        let mut placed: Vec<Vec<Placed>> = Vec::new();
        // The level names of each line, with the level column each stands in.
        let mut levels: Vec<Vec<LineLevel>> = Vec::new();
        // Pieces of level names wrapped over lines (`产出指标(50` / `分)`): line, column, cell.
        let mut fragments: Vec<(usize, usize, Cell)> = Vec::new();
        let mut short_levels: Vec<(usize, usize, Cell, usize, u8)> = Vec::new();
        // Every piece standing in a level column: line, level column, cell.
        let mut level_pieces: Vec<(usize, usize, Cell)> = Vec::new();
        let first_level = self
            .columns
            .iter()
            .filter(|(_, r)| *r == Role::Level)
            .map(|(start, _)| *start)
            .min();
        for (i, line) in lines.iter().enumerate() {
            let mut by_group = vec![Placed::default(); groups];
            let mut line_levels = Vec::new();
            for (column, cell) in line {
                let level_column = self.level_column(*column);
                // A cell left of the 一级 column is the frame of the block (`年度绩效指标`).
                let framed = first_level.is_none_or(|first| *column + 2 < first);
                if let Some(k) = level_column
                    && !framed
                    && !plain::is_indicator_frame(cell.text)
                {
                    level_pieces.push((i, k, *cell));
                }
                if let Some(mut level) = level_of(cell.text) {
                    // `成本指标` and `满意度指标` are 一级 in some templates and 二级 in
                    // others: under a level column, the column says which.
                    if let Some(k) = level_column {
                        level = if k == 0 { 1 } else { 2 };
                    }
                    let group = match self.role_at(*column) {
                        Some(
                            Role::Name(g)
                            | Role::Value(g)
                            | Role::AnnualValue(g)
                            | Role::Pre(g)
                            | Role::PreWeight(g)
                            | Role::Extra(g, _),
                        ) => *g,
                        _ => self
                            .columns
                            .iter()
                            .filter(|(start, r)| *r == Role::Level && *start <= column + 2)
                            .count()
                            .saturating_sub(2)
                            .min(groups - 1),
                    };
                    // `度指标`: perhaps the tail of a name wrapped in its cell (`服务对象满意` /
                    // `度指标`); a name of its own only on a row's line (known below).
                    if squeeze(cell.text).chars().count() <= 3 {
                        short_levels.push((i, *column, *cell, group, level));
                        continue;
                    }
                    line_levels.push((
                        level_column,
                        (group, level, squeeze(cell.text).into_owned()),
                    ));
                    continue;
                }
                match self.role_at(*column) {
                    Some(Role::Name(g)) if *g < groups => by_group[*g].name.push(*cell),
                    Some(Role::Value(g)) if *g < groups => by_group[*g].value = Some(*cell),
                    Some(Role::AnnualValue(g)) if *g < groups => by_group[*g].annual = Some(*cell),
                    Some(Role::Pre(g)) if *g < groups => by_group[*g].pre.push(*cell),
                    Some(Role::PreWeight(g)) if *g < groups => by_group[*g].weight = Some(*cell),
                    Some(Role::Level) if !plain::is_indicator_frame(cell.text) => {
                        fragments.push((i, *column, *cell));
                    }
                    Some(Role::Extra(g, k)) if *g < groups => {
                        let extras = &mut by_group[*g].extras;
                        if extras.len() <= *k {
                            extras.resize(k + 1, None);
                        }
                        // Two cells under one column: which is whose is not known.
                        extras[*k] = if extras[*k].is_none() {
                            Some(*cell)
                        } else {
                            None
                        };
                    }
                    _ => {}
                }
            }
            placed.push(by_group);
            levels.push(line_levels);
        }
        // The lines of rows: a value with a name, scores or a level beside it.
        let mut leveled = vec![false; placed.len()];
        for (i, ..) in &level_pieces {
            leveled[*i] = true;
        }
        let mut values = wrapped_values(&placed, None);
        let row_lines: Vec<usize> = (0..placed.len())
            .filter(|&i| {
                values[i].iter().any(|v| !v.is_empty()) && (!lone_value(&placed[i]) || leveled[i])
            })
            .collect();
        // The level columns whose every row prints its own name (a Word table printed to
        // PDF repeats them), each with those names by line.
        let level_columns = self
            .columns
            .iter()
            .filter(|(_, r)| *r == Role::Level)
            .count();
        let mut own_names: Vec<Option<Vec<(usize, String)>>> = vec![None; level_columns];
        let mut top_aligned = false;
        for (k, own) in own_names.iter_mut().enumerate() {
            if let Some((names, wrapped)) = names_on_their_rows(&level_pieces, k, &row_lines) {
                *own = Some(names);
                top_aligned |= wrapped;
            }
        }
        // A name wrapped below its row's line says the printer set the cells at the top of
        // their rows: a piece of a value alone below a row is that value's tail.
        if top_aligned {
            values = wrapped_values(&placed, Some(&leveled));
        }
        let anchors: Vec<usize> = (0..placed.len())
            .filter(|&i| values[i].iter().any(|v| !v.is_empty()))
            .collect();
        // The pieces of a column read row by row are no marks to centre: its names are
        // marked on their rows below.
        let read_by_row = |k: Option<usize>| k.is_some_and(|k| own_names[k].is_some());
        for line_levels in &mut levels {
            line_levels.retain(|(k, _)| !read_by_row(*k));
        }
        fragments.retain(|(_, column, _)| !read_by_row(self.level_column(*column)));
        short_levels.retain(|(_, column, ..)| !read_by_row(self.level_column(*column)));
        // A short level name on a row's line names that row; on a line of its own it is a
        // piece of a name wrapped over the lines around a row. On a row's line below the
        // head of its name (`满意度指标 服务对象满意` over `度指标`), the name is the two.
        for (i, column, cell, group, level) in short_levels {
            if !anchors.contains(&i) {
                fragments.push((i, column, cell));
                continue;
            }
            let tail = squeeze(cell.text).into_owned();
            // The word of the line above that starts nearest the tail.
            let head = level_pieces
                .iter()
                .filter(|p| p.0 + 1 == i)
                .flat_map(|p| {
                    let start = lines[p.0]
                        .iter()
                        .find(|(_, c)| c.span == p.2.span)
                        .map_or(column, |(at, _)| *at);
                    words(p.2).map(move |w| {
                        (
                            start + p.2.text[..w.span.start - p.2.span.start].chars().count(),
                            w,
                        )
                    })
                })
                .min_by_key(|(at, _)| at.abs_diff(column))
                .map(|(_, w)| squeeze(w.text).into_owned())
                .filter(|w| level_of(w).is_none() && level_of(&format!("{w}{tail}")).is_some());
            let name = head.map_or(tail.clone(), |h| format!("{h}{tail}"));
            levels[i].push((self.level_column(column), (group, level, name)));
        }
        fragments.sort_by_key(|(i, column, _)| (*i, *column));
        // For each anchor and group, the name pieces in line order.
        let mut names: Vec<Vec<Vec<Cell>>> = vec![vec![Vec::new(); groups]; anchors.len()];
        for (i, line) in placed.iter().enumerate() {
            for (g, p) in line.iter().enumerate() {
                if p.name.is_empty() {
                    continue;
                }
                let own = anchors.iter().position(|&a| a == i);
                let target = own.or_else(|| {
                    let next = anchors.iter().position(|&a| a > i);
                    let prev = next.map_or(anchors.len(), |n| n).checked_sub(1);
                    let lacks_name = |k: usize| placed[anchors[k]][g].name.is_empty();
                    match (prev, next) {
                        // Cells set at the top of their rows wrap downwards only.
                        (Some(a), _) if top_aligned => Some(a),
                        (Some(a), _) if anchors[a] + 1 == i && lacks_name(a) => Some(a),
                        (_, Some(b)) if lacks_name(b) && anchors[b] <= i + 2 => Some(b),
                        (Some(a), _) => Some(a),
                        (None, b) => b,
                    }
                });
                if let Some(k) = target {
                    names[k][g].extend(p.name.iter().copied());
                }
            }
        }
        // A name read on its row is centred on that row alone (a form whose pages print their
        // levels differently still has its names on every page as marks).
        for (k, own) in own_names.iter().enumerate() {
            let (group, level) = if k == 0 { (0, 1) } else { (k - 1, 2) };
            for (line, name) in own.iter().flatten() {
                if group < groups {
                    levels[*line].push((None, (group, level, name.clone())));
                }
            }
        }
        for (i, line_levels) in levels.into_iter().enumerate() {
            let before = base + anchors.iter().filter(|&&a| a < i).count();
            let names = line_levels.into_iter().map(|(_, name)| name).collect();
            self.mark_levels(names, before, anchors.contains(&i));
        }
        for (first, last, group, level, name) in self.wrapped_levels(&fragments) {
            // The name's centre, in half lines: at a row's line, or between two rows.
            let centre = first + last;
            let on_row = centre % 2 == 0 && anchors.contains(&(centre / 2));
            let before = base + anchors.iter().filter(|&&a| 2 * a < centre).count();
            self.mark_levels(vec![(group, level, name)], before, on_row);
        }
        for (k, &a) in anchors.iter().enumerate() {
            for g in 0..groups {
                let p = &placed[a][g];
                let pieces = &names[k][g];
                let name = pieces.first().map(|first| {
                    let mut field = first.field();
                    for piece in &pieces[1..] {
                        field.text.push_str(piece.text);
                        field.span = field.span.cover(piece.span);
                    }
                    field
                });
                if name.is_none() && values[a][g].is_empty() {
                    continue;
                }
                let span = line_span(&lines[a]);
                let empty = Cell {
                    text: "",
                    span: Span::default(),
                };
                let extras: Vec<Cell> = p.extras.iter().map(|c| c.unwrap_or(empty)).collect();
                let mut value_cells = p.pre.clone();
                value_cells.extend(values[a][g].iter().copied());
                self.push(g, name, joined(&value_cells), &extras, span);
                let own = |k: usize| {
                    own_names
                        .get(k)?
                        .as_ref()?
                        .iter()
                        .find(|(line, _)| *line == a)
                        .map(|(_, n)| n.clone())
                };
                if let Some(indicator) = self.table.indicators.last_mut() {
                    if let Some(one) = own(0) {
                        indicator.level1 = one;
                    }
                    if let Some(two) = own(g + 1) {
                        indicator.level2 = two;
                    }
                }
                let weight = p.weight.as_ref().and_then(|c| number_in(c, None));
                if let (Some(weight), Some(indicator)) = (weight, self.table.indicators.last_mut())
                {
                    indicator.weight.get_or_insert(weight);
                }
                if let Some(annual) = p.annual {
                    self.annual_values
                        .push((self.table.indicators.len() - 1, annual.field()));
                }
                self.rows.push(base + k);
            }
        }
        self.row_count = self.row_count.max(base + anchors.len());
    }
}

/// Whether figures taken in reading order for the 预算执行 columns hold together: 执行率 =
/// 执行数 / 全年预算数 (to the rounding of the rate written, as a percentage or a fraction) and a
/// 得分 no higher than its 分值. Plain text drops empty cells, so a row read in order may have
/// taken the next row's figures; one that holds together was read right (and its rate is then
/// right too, so no finding is lost by the check).
fn execution_checks_out(columns: &[String], row: &[Option<Number>]) -> bool {
    let at = |f: fn(&str) -> bool| {
        columns
            .iter()
            .position(|c| f(c))
            .and_then(|k| row.get(k).cloned().flatten())
    };
    let full_year = at(|c| matches!(c, "全年预算数" | "调整后预算数"));
    let executed = at(|c| c.ends_with("执行数"));
    let rate = at(|c| c.ends_with("执行率"));
    let weight = at(|c| matches!(c, "分值" | "权重"));
    let score = at(|c| c == "得分");
    let (Some(full_year), Some(executed), Some(rate)) = (full_year, executed, rate) else {
        return false;
    };
    let hundred = Decimal::ONE_HUNDRED;
    let computed = if full_year.value.is_zero() {
        Decimal::ZERO
    } else {
        executed.value * hundred / full_year.value
    };
    let slack = Decimal::new(5, 3);
    let as_percent = (computed - rate.value).abs() <= rate.half_ulp() + slack;
    let as_fraction = rate.unit != Some(Unit::Percent)
        && (computed - rate.value * hundred).abs() <= rate.half_ulp() * hundred + slack;
    let scored = match (&weight, &score) {
        (Some(w), Some(s)) => s.value <= w.value,
        _ => true,
    };
    let weighted = weight
        .as_ref()
        .is_none_or(|w| w.value > Decimal::ZERO && w.value <= hundred);
    (as_percent || as_fraction) && scored && weighted
}

/// The value cells of each line and group of aligned indicators. A value wrapped around its
/// row (`在项目计划完成时间内` above and `完成` below the line with the name and the scores) leaves
/// lines that hold nothing but a piece of it: each such piece joins the neighbouring line
/// that has scores but no value, so the row is read once, on its line.
///
/// `top_aligned`: the cells are set at the top of their rows (the lines holding level names
/// given): a piece alone below a row's value that no neighbour lacks is that value's tail.
fn wrapped_values<'a>(
    placed: &[Vec<Placed<'a>>],
    top_aligned: Option<&[bool]>,
) -> Vec<Vec<Vec<Cell<'a>>>> {
    let mut values: Vec<Vec<Vec<Cell<'a>>>> = placed
        .iter()
        .map(|line| line.iter().map(|p| p.value.into_iter().collect()).collect())
        .collect();
    for i in 0..placed.len() {
        if !lone_value(&placed[i]) {
            continue;
        }
        for g in 0..placed[i].len() {
            let Some(piece) = placed[i][g].value else {
                continue;
            };
            let scored = |j: usize| {
                placed.get(j).is_some_and(|line| {
                    line[g].value.is_none() && line[g].weight.is_some()
                        || line[g].value.is_none()
                            && line[g]
                                .extras
                                .iter()
                                .flatten()
                                .any(|c| number_in(c, None).is_some())
                })
            };
            // Cells set at the top of their rows (`5 月 31 日` / `前`): the piece goes on the
            // value of the row above, whose line is the last one not of such pieces.
            let above = || {
                let leveled = top_aligned?;
                if leveled[i] {
                    return None;
                }
                (0..i)
                    .rev()
                    .find(|&j| !lone_value(&placed[j]) || leveled[j])
                    .filter(|&j| placed[j][g].value.is_some())
            };
            let Some(j) = [i + 1, i.wrapping_sub(1)]
                .into_iter()
                .find(|&j| scored(j))
                .or_else(above)
            else {
                continue;
            };
            values[i][g].clear();
            if j > i {
                values[j][g].insert(0, piece);
            } else {
                values[j][g].push(piece);
            }
        }
    }
    values
}

/// A line of aligned indicators that holds nothing but pieces of values: no name, no score.
fn lone_value(line: &[Placed]) -> bool {
    line.iter().all(|p| {
        p.name.is_empty()
            && p.pre.is_empty()
            && p.weight.is_none()
            && p.extras.iter().all(Option::is_none)
    })
}

/// The level names of level column `k` (0: the 一级, then the 二级 of each group) when every
/// row prints its own (a Word table printed to PDF repeats them on each row): each row's line
/// holds the start of one, the lines below it up to the next row the rest of it (a name
/// wrapped in its narrow cell, `社会效益指` / `标`), and no piece stands above the first row.
/// `pieces`: (line, level column, cell) in line order; `rows`: the lines of the rows. The
/// names by line of their row, and whether any of them wrapped.
fn names_on_their_rows(
    pieces: &[(usize, usize, Cell)],
    k: usize,
    rows: &[usize],
) -> Option<(Vec<(usize, String)>, bool)> {
    let mine: Vec<&(usize, usize, Cell)> = pieces.iter().filter(|p| p.1 == k).collect();
    let first_row = *rows.first()?;
    if mine.is_empty() || mine.iter().any(|p| p.0 < first_row) {
        return None;
    }
    let mut names = Vec::with_capacity(rows.len());
    let mut wrapped = false;
    for (r, &row) in rows.iter().enumerate() {
        let next = rows.get(r + 1).copied().unwrap_or(usize::MAX);
        let own: Vec<&&(usize, usize, Cell)> =
            mine.iter().filter(|p| (row..next).contains(&p.0)).collect();
        if own.first()?.0 != row || own.iter().filter(|p| p.0 == row).count() > 1 {
            return None;
        }
        let name: String = own.iter().map(|p| squeeze(p.2.text)).collect();
        // `度指标` alone is the tail of a name wrapped from above the row.
        if name.chars().count() < 4 {
            return None;
        }
        level_of(&name)?;
        wrapped |= own.len() > 1;
        names.push((row, name));
    }
    Some((names, wrapped))
}

impl Form<'_> {
    /// Which level column (0: 一级, then the 二级 of each group) a cell starting at `column`
    /// stands under, when its nearest header column is a level column.
    fn level_column(&self, column: usize) -> Option<usize> {
        if self.role_at(column) != Some(&Role::Level) {
            return None;
        }
        let mut starts: Vec<usize> = self
            .columns
            .iter()
            .filter(|(_, r)| *r == Role::Level)
            .map(|(start, _)| *start)
            .collect();
        starts.sort_unstable();
        starts
            .iter()
            .enumerate()
            .min_by_key(|(_, start)| start.abs_diff(column))
            .map(|(k, _)| k)
    }

    /// Level names wrapped over lines in a level column of aligned text, joined: the pieces
    /// of one column no more than two lines apart, as long as together they make the level of
    /// that column (`产出指标(50` + `分)` in the 一级 column, `可持续影响指` + `标` in the 二级).
    /// Each as (first line, last line, group, level, name).
    fn wrapped_levels(
        &self,
        fragments: &[(usize, usize, Cell)],
    ) -> Vec<(usize, usize, usize, u8, String)> {
        let mut level_columns: Vec<usize> = self
            .columns
            .iter()
            .filter(|(_, r)| *r == Role::Level)
            .map(|(start, _)| *start)
            .collect();
        level_columns.sort_unstable();
        let mut found = Vec::new();
        for (k, _) in level_columns.iter().enumerate() {
            // The 一级 column, then the 二级 of each group.
            let (group, level) = if k == 0 { (0, 1) } else { (k - 1, 2) };
            if group >= self.groups.len() {
                break;
            }
            let mut run: Vec<&(usize, usize, Cell)> = Vec::new();
            let pieces = fragments.iter().filter(|(_, column, _)| {
                level_columns
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, start)| start.abs_diff(*column))
                    .is_some_and(|(j, _)| j == k)
            });
            for piece in pieces {
                if run.last().is_some_and(|last| piece.0 > last.0 + 2) {
                    run.clear();
                }
                run.push(piece);
                let name: String = run.iter().map(|(_, _, c)| squeeze(c.text)).collect();
                if run.len() >= 2 && level_of(&name) == Some(level) {
                    let (first, last) = (run[0].0, piece.0);
                    found.push((first, last, group, level, name));
                    run.clear();
                }
            }
        }
        found
    }

    /// The 年度指标值 printed beside the 实施期指标值 become the annual group's indicators, with
    /// the levels, name and weight of their row; the 评分标准 goes with them, since it scores
    /// the year's value (an implementation-period `≤1050万元` is no target of `超过350万元
    /// 不得分`).
    fn annual_twins(&mut self) {
        for (k, value) in std::mem::take(&mut self.annual_values) {
            let Some(indicator) = self.table.indicators.get_mut(k) else {
                continue;
            };
            let mut twin = indicator.clone();
            twin.scoring = indicator.scoring.take();
            twin.group = 1;
            twin.value = Some(indicator_value(value));
            self.table.indicators.push(twin);
        }
    }

    /// A 二级 name between two rows that starts no run of its own (the run it centres would
    /// end before it starts) is a level without indicators, printed over an empty row
    /// (`经济效益指标`): it is given a row of its own, so that the 一级 names centred over
    /// the empty row with the others still fall right.
    fn empty_level_rows(&mut self) {
        for group in 0..self.groups.len() {
            let mut start = 0usize;
            let mut k = 0;
            while k < self.marks.len() {
                let (at, mine) = {
                    let m = &self.marks[k];
                    (m.at, m.group == group && m.level == 2)
                };
                if !mine {
                    k += 1;
                    continue;
                }
                if at % 2 == 1 && at + 1 == 2 * start {
                    for row in &mut self.rows {
                        if *row >= start {
                            *row += 1;
                        }
                    }
                    for (j, other) in self.marks.iter_mut().enumerate() {
                        if j != k && other.at >= at {
                            other.at += 2;
                        }
                    }
                    self.marks[k].at = 2 * start;
                    self.row_count += 1;
                    start += 1;
                } else if let Some(end) = at.checked_sub(start).filter(|&end| end >= start) {
                    start = end + 1;
                } else {
                    break;
                }
                k += 1;
            }
        }
    }
}

/// A 分值 / 权重 column of the indicator header (`分值`, `权重(%)`).
/// A header word over the indicators' names: `三级指标`, or `指标名称` where the template
/// names its indicators without a third level.
fn is_name_header(t: &str) -> bool {
    matches!(t, "三级指标" | "指标名称")
}

/// A header word over the indicators' values: `指标值`, `年度指标值`, `实施期指标值`, or
/// `目标值` / `年度目标值` in the templates that call the value a target.
fn is_value_header(t: &str) -> bool {
    t.contains("指标值") || (t.ends_with("目标值") && t.chars().count() <= 6)
}

fn is_weight_column(t: &str) -> bool {
    matches!(
        t,
        "分值" | "权重" | "权重(%)" | "分值(%)" | "权重（%）" | "分值（%）"
    )
}

/// A column of the 预算执行 block of a self-evaluation (`全年预算数`, `执行率`, `权重`).
/// A cell printed for an empty one: not applicable (`—`, `/`).
fn is_placeholder(text: &str) -> bool {
    matches!(text.trim(), "/" | "-" | "—" | "——" | "－")
}

fn is_execution_column(c: &str) -> bool {
    ["预算数", "执行数", "分值", "执行率", "得分"]
        .iter()
        .any(|w| c.ends_with(w))
        || matches!(c, "年初预算" | "权重")
}

/// The non-empty cells as one field (`≥` and `90` of two columns: `≥90`).
fn joined(cells: &[Cell]) -> Option<Field> {
    let mut filled = cells.iter().filter(|c| !c.text.is_empty());
    let mut field = filled.next()?.field();
    for c in filled {
        field.text.push_str(c.text);
        field.span = field.span.cover(c.span);
    }
    Some(field)
}

/// The numbers of a funds row of aligned text, each under the header column its characters
/// overlap (`pdftotext -layout` pads by characters, so a number starts under its header). A
/// number under no column or under two, and a column with two numbers, are left out: `None`
/// when nothing could be placed.
fn place_by_column(
    ranges: &[(usize, usize)],
    cells: &[&Cell],
    line: &Line,
    unit: Option<Unit>,
) -> Option<Vec<Option<Number>>> {
    let mut placed: Vec<Option<Number>> = vec![None; ranges.len()];
    let mut taken = vec![0usize; ranges.len()];
    for c in cells {
        let Some(n) = number_in(c, unit) else {
            continue;
        };
        let start = char_column(line, c);
        let end = start + c.text.chars().count();
        let mut under = ranges
            .iter()
            .enumerate()
            .filter(|(_, (a, b))| start < *b && *a < end)
            .map(|(k, _)| k);
        if let (Some(k), None) = (under.next(), under.next()) {
            taken[k] += 1;
            placed[k] = Some(n);
        }
    }
    for (slot, count) in placed.iter_mut().zip(taken) {
        if count > 1 {
            *slot = None;
        }
    }
    placed.iter().any(Option::is_some).then_some(placed)
}

/// `预算执行情况 其中:财政资金`: a fund label that `pdftotext` set one space after the text of
/// the merged cell left of it, split off; so is a field's label set one space after the value
/// of the field before it (`文山…水务 实施单位`).
fn split_prefixed_label(cell: Cell) -> Vec<Cell> {
    if key_of(cell.text).is_some() {
        return vec![cell];
    }
    for (at, _) in cell.text.match_indices(' ') {
        let rest = &cell.text[at + 1..];
        let label = Cell {
            text: rest,
            span: Span::new(cell.span.start + at + 1, cell.span.end),
        };
        let fund = |t: &str| {
            matches!(
                key_of(t),
                Some(Key::ImplementationTotal | Key::AnnualTotal | Key::Source(_))
            )
        };
        // `文山…水务 实施单位`: the next field's label after the value of the one before.
        let field = |t: &str| {
            matches!(
                key_of(t),
                Some(Key::Department | Key::Implementer | Key::Attribute | Key::Period)
            )
        };
        if fund(rest) || field(rest) || split_label_amount(label).len() == 2 {
            let prefix = cell.text[..at].trim_end();
            return vec![
                Cell {
                    text: prefix,
                    span: Span::new(cell.span.start, cell.span.start + prefix.len()),
                },
                label,
            ];
        }
    }
    vec![cell]
}

/// The words of a cell, a space apart, each a cell with its own span.
fn words<'a>(cell: Cell<'a>) -> impl Iterator<Item = Cell<'a>> {
    cell.text
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(move |t| {
            let at = t.as_ptr() as usize - cell.text.as_ptr() as usize;
            Cell {
                text: t,
                span: Span::new(cell.span.start + at, cell.span.start + at + t.len()),
            }
        })
}

/// `100 83.5`: figures a single space apart in one cell, each a cell of its own; a cell with
/// anything else in it stays whole.
fn split_figures(cell: Cell) -> Vec<Cell> {
    let trimmed = cell.text.trim();
    if !trimmed.contains(' ') {
        return vec![cell];
    }
    let parts: Vec<Cell> = words(cell).collect();
    if parts.iter().all(|c| parse_amount(c.text).is_some()) {
        parts
    } else {
        vec![cell]
    }
}

/// `自评等级优`, `评价等级：良`: a grade label and its grade run together (`pdftotext -raw`), split
/// in two. Only a whole grade word after the label is split off.
fn split_label_grade(cell: Cell) -> Vec<Cell> {
    let Some(label) = ["自评等级", "评价等级", "绩效等级", "自评结果", "绩效评级"]
        .into_iter()
        .find(|l| cell.text.starts_with(l))
    else {
        return vec![cell];
    };
    let rest = &cell.text[label.len()..];
    let grade = rest.trim_start_matches(['：', ':', ' ']);
    let grades = [
        "优秀",
        "优",
        "良好",
        "良",
        "中等",
        "中",
        "合格",
        "一般",
        "较差",
        "差",
        "不合格",
    ];
    if grade.is_empty() || !grades.contains(&grade) {
        return vec![cell];
    }
    let at = cell.text.len() - grade.len();
    vec![
        Cell {
            text: label,
            span: Span::new(cell.span.start, cell.span.start + label.len()),
        },
        Cell {
            text: grade,
            span: Span::new(cell.span.start + at, cell.span.end),
        },
    ]
}

/// `市县(区)财政资金 690,000`: a fund label and its amount in one cell, split in two.
fn split_label_amount(cell: Cell) -> Vec<Cell> {
    let Some(at) = cell.text.rfind(' ') else {
        return vec![cell];
    };
    let (label, amount) = (cell.text[..at].trim_end(), &cell.text[at + 1..]);
    let fund = matches!(
        key_of(label),
        Some(Key::ImplementationTotal | Key::AnnualTotal | Key::Source(_))
    );
    if !fund || parse_amount(amount).is_none() {
        return vec![cell];
    }
    vec![
        Cell {
            text: label,
            span: Span::new(cell.span.start, cell.span.start + label.len()),
        },
        Cell {
            text: amount,
            span: Span::new(cell.span.start + at + 1, cell.span.end),
        },
    ]
}

/// `日常办公工作完成率 100%`: a name and a value that `pdftotext` set one space apart, split
/// into two cells. Only a value that starts with a digit or a comparator is split off.
fn split_trailing_value(column: usize, cell: Cell) -> Vec<(usize, Cell)> {
    let split = split_value_at_last_space(column, cell);
    if split.len() > 1 {
        return split;
    }
    // `新登记市场主体 ≥5000 户`: the unit set apart from its figure too; the value is the
    // comparator, the figure and the unit after the one space before the comparator.
    if let Some(at) = cell.text.find(" ≥").or_else(|| cell.text.find(" ≤")) {
        let value = &cell.text[at + 1..];
        let after = value.trim_start_matches(['≥', '≤']);
        let figure = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .count();
        let unit = after[figure..]
            .strip_prefix(' ')
            .unwrap_or(&after[figure..]);
        let name = cell.text[..at].trim_end();
        if figure > 0
            && !unit.is_empty()
            && !unit.contains([' ', '≥', '≤'])
            && !unit.contains(|c: char| c.is_ascii_digit())
            && !name.is_empty()
            && !name.contains(' ')
            && level_of(name).is_none()
        {
            return vec![
                (
                    column,
                    Cell {
                        text: name,
                        span: Span::new(cell.span.start, cell.span.start + name.len()),
                    },
                ),
                (
                    column + cell.text[..at + 1].chars().count(),
                    Cell {
                        text: value,
                        span: Span::new(cell.span.end - value.len(), cell.span.end),
                    },
                ),
            ];
        }
    }
    split
}

/// `产出指标 数量指标`, `效益指标 可持续影响指标`: a 一级 and a 二级 level that `pdftotext` set
/// one space apart (narrow level columns), split into their two cells; the rest of the cell
/// after them, if any (`效益指标 可持续影响指标 持续提升` is not cut), stays whole. So is a
/// 二级 level and the name after it (`服务对象满意度指标 沿线群众满意度`, a long level name pushing
/// the name left): the name is placed by where it starts.
fn split_levels(column: usize, cell: Cell) -> Vec<(usize, Cell)> {
    let mut pieces = cell.text.split(' ');
    if let (Some(first), Some(second), None) = (pieces.next(), pieces.next(), pieces.next()) {
        let named = level_of(first) == Some(2)
            && level_of(second).is_none()
            && second.chars().next().is_some_and(super::lines::is_han);
        if level_of(first) == Some(1) && level_of(second).is_some() || named {
            let at = first.len() + 1;
            return vec![
                (
                    column,
                    Cell {
                        text: first,
                        span: Span::new(cell.span.start, cell.span.start + first.len()),
                    },
                ),
                (
                    column + first.chars().count() + 1,
                    Cell {
                        text: second,
                        span: Span::new(cell.span.start + at, cell.span.end),
                    },
                ),
            ];
        }
    }
    vec![(column, cell)]
}

fn split_value_at_last_space(column: usize, cell: Cell) -> Vec<(usize, Cell)> {
    if let Some(mut at) = cell.text.rfind(' ') {
        // A comparator word set apart from its figure (`不低于 90%`, `名称 不低于 90%`) is
        // the value's: the cut goes before it, and a comparator alone is no name.
        let head = cell.text[..at].trim_end();
        let compared = COMPARATORS.iter().find(|(w, _)| head.ends_with(w));
        if let Some((word, _)) = compared {
            at = head.len() - word.len();
        }
        let (name, value) = (cell.text[..at].trim_end(), cell.text[at..].trim_start());
        let figure = value.trim_start_matches(|c: char| !c.is_ascii_digit());
        let numeric = if compared.is_some() {
            // The comparator's figure follows it at once (`不低于 90%`, not `不超过 三次`).
            value.len() - figure.len() <= head.len() - at + 1 && !figure.is_empty()
        } else {
            value.starts_with(|c: char| c.is_ascii_digit())
                || COMPARATORS
                    .iter()
                    .any(|(w, _)| value.starts_with(w) && w.chars().count() == 1)
        };
        if numeric && !name.is_empty() && level_of(name).is_none() {
            let value_start = cell.span.end - value.len();
            return vec![
                (
                    column,
                    Cell {
                        text: name,
                        span: Span::new(cell.span.start, cell.span.start + name.len()),
                    },
                ),
                (
                    column + cell.text[..cell.text.len() - value.len()].chars().count(),
                    Cell {
                        text: value,
                        span: Span::new(value_start, cell.span.end),
                    },
                ),
            ];
        }
    }
    vec![(column, cell)]
}

fn line_span(cells: &[(usize, Cell)]) -> Span {
    match (cells.first(), cells.last()) {
        (Some(a), Some(b)) => a.1.span.cover(b.1.span),
        _ => Span::default(),
    }
}

/// `10, 依照国家标准得10分…`: the 分值 written at the start of a 评分标准 cell, and the rest.
fn leading_weight(cell: &Cell) -> (Option<Number>, Field) {
    let digits = cell.text.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &cell.text[digits..];
    let separated =
        rest.starts_with([',', '，', '、', ' ']) || rest.starts_with(|c: char| !c.is_ascii());
    if digits == 0
        || digits > 3
        || !separated
        || rest.starts_with(['%', '分', '元', '个', '人', '次'])
    {
        return (None, cell.field());
    }
    let weight = number_in(
        &Cell {
            text: &cell.text[..digits],
            span: Span::new(cell.span.start, cell.span.start + digits),
        },
        None,
    );
    let body = rest.trim_start_matches([',', '，', '、', ' ']);
    let at = cell.text.len() - body.len();
    (
        weight,
        Field {
            text: body.to_string(),
            span: Span::new(cell.span.start + at, cell.span.end),
        },
    )
}

/// The code of `307-长治市屯留区医疗保障局`, `[307]某局`, `307 某局`.
fn department_code(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches(['[', '【', '(', '（']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t[digits.len()..];
    let separated = rest.starts_with(['-', '－', '—', ' ', ']', '】', ')', '）', '_']);
    (!digits.is_empty() && digits.len() <= 12 && separated).then_some(digits)
}

mod department;
mod html_rows;
mod plain;

#[cfg(test)]
mod tests;
