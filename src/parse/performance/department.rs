//! The parts of a 部门整体支出绩效目标表 (the 四川 template) that a project's form has not: the
//! year's money as a grid of labels over figures (`年度预算申请 | 资金总额 | 财政拨款 | 其他资金`,
//! the figures in the row below, or one cell a line in plain text) and the `年度主要任务` rows
//! (`任务名称 | 主要内容 | 预算金额`), which share out the 资金总额.
//!
//! The grid's figures are given to its labels in order only when there are exactly as many
//! figures as labels (an empty cell, which aligned and plain text drop, leaves them all
//! unread). A task row is a line that ends with a figure (one figure alone, in plain text); its
//! name is the first cell after the last task's figure, left of the 主要内容 column in aligned
//! text.

use rust_decimal::Decimal;

use crate::model::performance::{FundSource, PerformanceTable, Task};
use crate::model::{Layout, Number, squeeze};

use super::{Cell, Key, char_column, key_of, number_in};
use crate::parse::Line;

/// A label of the funds grid: the total or a source.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Total,
    Source(FundSource),
}

#[derive(Debug, Default)]
enum State<'a> {
    #[default]
    Idle,
    /// Inside the funds grid: its labels, then its figures as they come.
    Funds {
        labels: Vec<Label>,
        figures: Vec<Number>,
    },
    /// Inside the task rows: the name of the row being read, and the character column of
    /// `主要内容` (aligned text).
    Tasks {
        name: Option<Cell<'a>>,
        content_column: Option<usize>,
        /// The header named an amount column (`预算金额`): without one (`任务名称 | 主要内容`)
        /// no figure is a task's.
        amounts: bool,
        /// The cells since the last task's figure (plain text: the 年度总体目标's text, when
        /// no task follows).
        tail: Vec<Cell<'a>>,
    },
}

/// Plain text prints the form's left column (`部门名称`, `年度预算申请`, `年度主要任务`,
/// `年度总体目标`) before the cells beside it: the first value after such a run of labels is
/// the department's name.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Run {
    #[default]
    None,
    /// The opening label (`部门名称`) alone on its line.
    Opening,
    /// Labels after it, among them a frame label of the department form.
    Frame,
}

#[derive(Debug, Default)]
pub(super) struct DepartmentReader<'a> {
    state: State<'a>,
    run: Run,
    /// Plain text printed `年度总体目标` in the left column's run of labels: its text comes
    /// after the task rows.
    goal_label: bool,
}

/// The cells that frame the department form's blocks (a merged cell at the left of its rows).
fn is_frame(text: &str) -> bool {
    let t = squeeze(text);
    let t = t.trim_end_matches([':', '：']);
    t.starts_with("年度预算申请")
        || t.starts_with("年度部门整体支出预算")
        || t == "年度主要任务"
        || t == "部门整体支出年度主要任务"
}

fn grid_label(text: &str) -> Option<Label> {
    if squeeze(text).trim_end_matches([':', '：']) == "资金总额" {
        return Some(Label::Total);
    }
    match key_of(text) {
        Some(Key::Source(s)) => Some(Label::Source(s)),
        _ => None,
    }
}

/// A cell that is a figure and nothing else (`742.60`), in the form's funds unit.
fn figure(cell: &Cell, table: &PerformanceTable) -> Option<Number> {
    let n = number_in(cell, table.funds_unit)?;
    (n.unit != Some(crate::model::Unit::Percent)
        && cell
            .text
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')))
    .then_some(n)
}

/// Whether the tasks read so far add up to less than the 资金总额, beyond their rounding.
fn tasks_fall_short(table: &PerformanceTable) -> bool {
    let Some(total) = &table.annual_funds.total else {
        return false;
    };
    let sum: Decimal = table.tasks.iter().map(|t| t.amount.value).sum();
    let slack: Decimal = table
        .tasks
        .iter()
        .map(|t| t.amount.half_ulp())
        .sum::<Decimal>()
        + total.half_ulp();
    sum + slack < total.value
}

/// A header word of the task rows.
fn is_task_header(text: &str) -> bool {
    let t = squeeze(text);
    t == "任务名称" || t == "主要内容" || is_amount_header(text)
}

/// The header word of the tasks' amounts.
fn is_amount_header(text: &str) -> bool {
    let t = squeeze(text);
    t.starts_with("预算金额") || t.starts_with("预算数")
}

/// A header word of a self-evaluation's 预算执行 row (`年初预算数 | 全年预算数 | 全年执行数 |
/// 执行率 | 得分`), which follows the tasks of a 部门整体支出绩效自评表.
fn is_execution_header(text: &str) -> bool {
    matches!(
        squeeze(text).as_ref(),
        "年初预算数"
            | "年初预算"
            | "全年预算数"
            | "调整后预算数"
            | "全年执行数"
            | "预算执行数"
            | "执行率"
            | "预算执行率"
            | "分值"
            | "权重"
            | "得分"
    )
}

impl<'a> DepartmentReader<'a> {
    /// Read `cells` (of `line`) if they belong to the funds grid or the task rows; false
    /// when the line is the form's other business.
    pub(super) fn line(
        &mut self,
        table: &mut PerformanceTable,
        cells: &[Cell<'a>],
        line: &Line,
    ) -> bool {
        if table.layout == Layout::Plain && self.left_column(table, cells) {
            return true;
        }
        let cells: Vec<Cell<'a>> = cells
            .iter()
            .filter(|c| !is_frame(c.text))
            .copied()
            .collect();
        if cells.is_empty() {
            // A frame cell alone on its line.
            return true;
        }
        // Plain text prints the left column's `年度总体目标` where it stands on the page, which
        // may be between two task rows (Chromium's PDF): alone on its line while the tasks read
        // so far fall short of the 资金总额, it does not end the rows, and its text comes after
        // them.
        if table.layout == Layout::Plain
            && matches!(self.state, State::Tasks { .. })
            && let [cell] = cells.as_slice()
            && squeeze(cell.text).trim_end_matches([':', '：']) == "年度总体目标"
            && tasks_fall_short(table)
        {
            self.goal_label = true;
            return true;
        }
        let state = std::mem::take(&mut self.state);
        let (state, taken) = match state {
            State::Idle => self.idle(&cells, line),
            State::Funds { labels, figures } => Self::funds(table, &cells, labels, figures),
            State::Tasks {
                name,
                content_column,
                amounts,
                tail,
            } => Self::tasks(
                table,
                &cells,
                line,
                (name, content_column, amounts, tail),
                self.goal_label,
            ),
        };
        self.state = state;
        taken
    }

    /// Follow a run of the left column's labels in plain text; true when `cells` are the
    /// department's name printed after it.
    fn left_column(&mut self, table: &mut PerformanceTable, cells: &[Cell<'a>]) -> bool {
        let run = std::mem::take(&mut self.run);
        let [cell] = cells else {
            return false;
        };
        if matches!(
            key_of(cell.text),
            Some(Key::ProjectName | Key::DepartmentName)
        ) {
            self.run = Run::Opening;
            return false;
        }
        if run == Run::None {
            return false;
        }
        if is_frame(cell.text) {
            self.run = Run::Frame;
            return false;
        }
        if key_of(cell.text).is_some() {
            if squeeze(cell.text).trim_end_matches([':', '：']) == "年度总体目标" {
                self.goal_label = true;
            }
            self.run = run;
            return false;
        }
        if run == Run::Frame && table.project.is_none() && figure(cell, table).is_none() {
            table.project = Some(cell.field());
            return true;
        }
        false
    }

    fn idle(&self, cells: &[Cell<'a>], line: &Line) -> (State<'a>, bool) {
        let labels: Vec<Option<Label>> = cells.iter().map(|c| grid_label(c.text)).collect();
        if labels.contains(&Some(Label::Total)) && labels.iter().all(Option::is_some) {
            let labels = labels.into_iter().flatten().collect();
            return (
                State::Funds {
                    labels,
                    figures: Vec::new(),
                },
                true,
            );
        }
        if cells.iter().any(|c| squeeze(c.text) == "任务名称")
            && cells.iter().all(|c| is_task_header(c.text))
        {
            let content_column = cells
                .iter()
                .find(|c| squeeze(c.text) == "主要内容")
                .filter(|_| !line.text.contains(['\t', '|']))
                .map(|c| char_column(line, c));
            return (
                State::Tasks {
                    name: None,
                    content_column,
                    amounts: cells.iter().any(|c| is_amount_header(c.text)),
                    tail: Vec::new(),
                },
                true,
            );
        }
        (State::Idle, false)
    }

    fn funds(
        table: &mut PerformanceTable,
        cells: &[Cell<'a>],
        mut labels: Vec<Label>,
        mut figures: Vec<Number>,
    ) -> (State<'a>, bool) {
        for c in cells {
            if let Some(n) = figure(c, table) {
                figures.push(n);
            } else if let Some(label) = grid_label(c.text).filter(|_| figures.is_empty()) {
                // Plain text: the labels one a line.
                labels.push(label);
            } else {
                // Not the grid's: its figures were not all there.
                return (State::Idle, false);
            }
        }
        if figures.len() < labels.len() {
            return (State::Funds { labels, figures }, true);
        }
        if figures.len() == labels.len() {
            for (label, n) in labels.into_iter().zip(figures) {
                match label {
                    Label::Total => table.annual_funds.total = Some(n),
                    Label::Source(s) => {
                        let span = n.span;
                        table.annual_funds.sources.push((s, Some(n), span));
                    }
                }
            }
        }
        (State::Idle, true)
    }

    fn tasks(
        table: &mut PerformanceTable,
        cells: &[Cell<'a>],
        line: &Line,
        (mut name, content_column, mut amounts, mut tail): (
            Option<Cell<'a>>,
            Option<usize>,
            bool,
            Vec<Cell<'a>>,
        ),
        goal_label: bool,
    ) -> (State<'a>, bool) {
        let first = squeeze(cells[0].text);
        // The tasks' own total row is no task.
        if matches!(first.as_ref(), "合计" | "小计" | "总计") {
            return (
                State::Tasks {
                    name: None,
                    content_column,
                    amounts,
                    tail: Vec::new(),
                },
                true,
            );
        }
        // A self-evaluation's 预算执行 row (`年初预算数  全年预算数 …`, its label wrapped
        // beside it) ends the rows: its figures are the form's execution, no task's.
        if cells.iter().any(|c| is_execution_header(c.text)) {
            return (State::Idle, false);
        }
        // The next block (年度总体目标, the indicators) ends the rows. In plain text the lines
        // after the last task's figure, a clause and no task, are the 年度总体目标's text when
        // its label was printed with the left column.
        if cells.iter().any(|c| key_of(c.text).is_some()) {
            if goal_label && table.layout == Layout::Plain && table.text("年度总体目标").is_none()
            {
                if let Some(goal) = super::joined(&tail).filter(|f| f.text.contains(['，', '。']))
                {
                    table.texts.push(("年度总体目标".to_string(), goal));
                }
            }
            return (State::Idle, false);
        }
        if cells.iter().all(|c| is_task_header(c.text)) {
            // Plain text prints the header words a line each.
            amounts |= cells.iter().any(|c| is_amount_header(c.text));
            return (
                State::Tasks {
                    name,
                    content_column,
                    amounts,
                    tail,
                },
                true,
            );
        }
        let (last, before) = cells.split_last().unwrap_or((&cells[0], &[]));
        let amount = figure(last, table).filter(|_| amounts);
        let names = if amount.is_some() { before } else { cells };
        // The department's own name among the rows is a page's running header, no task.
        let own_name = |c: &Cell| {
            table
                .project
                .as_ref()
                .is_some_and(|p| squeeze(&p.text) == squeeze(c.text))
        };
        if name.is_none() {
            name = names
                .iter()
                .find(|c| {
                    figure(c, table).is_none()
                        && !own_name(c)
                        && content_column.is_none_or(|col| char_column(line, c) + 2 < col)
                })
                .copied();
        }
        match amount {
            Some(amount) => {
                table.tasks.push(Task {
                    name: name.map(|c| c.field()),
                    amount,
                });
                (
                    State::Tasks {
                        name: None,
                        content_column,
                        amounts,
                        tail: Vec::new(),
                    },
                    true,
                )
            }
            None => {
                tail.extend(cells.iter().filter(|c| !own_name(c)).copied());
                (
                    State::Tasks {
                        name,
                        content_column,
                        amounts,
                        tail,
                    },
                    true,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::performance::{FundSource, PerformanceTable};
    use crate::source::SourceFile;
    use rust_decimal::Decimal;

    fn forms(text: &str) -> Vec<PerformanceTable> {
        crate::parse::parse(&SourceFile::from_str("d.md", text)).performance
    }

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    /// A 部门整体支出绩效目标表 as a tab grid: `rows` between the funds grid and the goal.
    fn grid(figures: &str, tasks: &[&str]) -> String {
        let mut text = String::from(
            "<b>2025年部门整体支出绩效目标表</b>\n\n部门名称\t某县水利局\t\t\n\
             年度预算申请\t资金总额\t财政拨款\t其他资金\n",
        );
        text.push_str(&format!("\t{figures}\n"));
        text.push_str("年度主要任务\t任务名称\t主要内容\t预算金额\n");
        for t in tasks {
            text.push_str(&format!("\t{t}\n"));
        }
        text.push_str(
            "年度总体目标\t保障水利工程安全运行。\t\t\n\
             年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\
             \t产出指标\t数量指标\t维修养护水库座数\t≥12座\n",
        );
        text
    }

    #[test]
    fn the_funds_grid_and_the_task_rows_are_read() {
        let text = grid(
            "560.00\t500.00\t60.00",
            &[
                "人员经费\t保障在职人员工资。\t380.00",
                "水库维修养护\t维修养护小型水库12座。\t180.00",
                "合计\t\t560.00",
            ],
        );
        let forms = forms(&text);
        assert_eq!(forms.len(), 1, "{forms:?}");
        let t = &forms[0];
        assert!(t.is_department());
        let funds = &t.annual_funds;
        assert_eq!(funds.total.as_ref().map(|n| n.value), Some(d("560.00")));
        let sources: Vec<(FundSource, Option<Decimal>)> = funds
            .sources
            .iter()
            .map(|(s, n, _)| (*s, n.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(
            sources,
            [
                (FundSource::CurrentAppropriation, Some(d("500.00"))),
                (FundSource::Other, Some(d("60.00")))
            ]
        );
        // The 合计 row is no task.
        let tasks: Vec<(String, Decimal)> = t
            .tasks
            .iter()
            .map(|t| {
                let name = t.name.as_ref().map(|f| f.text.clone()).unwrap_or_default();
                (name, t.amount.value)
            })
            .collect();
        assert_eq!(
            tasks,
            [
                ("人员经费".to_string(), d("380.00")),
                ("水库维修养护".to_string(), d("180.00"))
            ]
        );
        assert_eq!(t.indicators.len(), 1);
    }

    #[test]
    fn a_funds_grid_with_a_figure_missing_is_left_unread() {
        // 其他资金 left empty: which label each figure is cannot be told.
        let forms = forms(&grid(
            "560.00\t560.00",
            &["人员经费\t保障在职人员工资。\t560.00"],
        ));
        assert_eq!(forms.len(), 1, "{forms:?}");
        assert!(forms[0].annual_funds.total.is_none());
        assert!(forms[0].annual_funds.sources.is_empty());
    }

    #[test]
    fn a_department_name_row_in_a_project_form_neither_splits_it_nor_renames_it() {
        let text = "<b>2025年项目支出绩效目标表</b>\n\n项目名称\t水库维修养护\t\t\n\
                    部门名称\t某县水利局\t\t\n\
                    年度资金总额\t180.00\t\t\n\
                    一级指标\t二级指标\t三级指标\t指标值\n\
                    产出指标\t数量指标\t维修养护水库座数\t≥12座\n";
        let forms = forms(text);
        assert_eq!(forms.len(), 1, "{forms:?}");
        let t = &forms[0];
        assert_eq!(
            t.project.as_ref().map(|f| f.text.as_str()),
            Some("水库维修养护")
        );
        assert_eq!(t.indicators.len(), 1);
        assert!(!t.is_department());
    }

    #[test]
    fn a_table_headed_by_department_name_without_a_form_title_is_no_form() {
        let text = "部门名称\t资金总额\t财政拨款\t其他资金\n某县水利局\t560.00\t500.00\t60.00\n";
        assert!(forms(text).is_empty());
    }
}
