//! Forms in plain `pdftotext` output, where every cell is a line of its own (or a few cells
//! share a line, one space apart), in reading order: labels and their values follow each other,
//! a long cell wraps onto the next lines, and merged cells (the 一级 / 二级 levels) come out
//! wherever their text sits, often in the middle of the rows they span.
//!
//! The lines are regrouped into the rows the form's other readers take: a row starts at a label
//! (`项目名称`, `实施期资金总额:`, `其中:中央财政资金`, `总分`) and takes the cells up to the next
//! label, so `年度资金总额: | 300,000` and `其他资金 | 其他资金` (two empty cells) read as in a
//! grid. The indicators are read as one stream: rows are cut where the scored columns (分值,
//! 得分) close them, and a row whose cells cannot be told apart (a wrapped value, a vanished
//! cell) leaves its weights and scores out, so the rules stay silent on it. Level names are
//! dropped: where they stand in the stream does not say which rows they span.

use super::{
    Cell, Form, Key, Line, Section, is_name_header, is_value_header, key_of, level_of, number_in,
    split_key,
};
use crate::model::squeeze;

/// The rows being regrouped, and the indicator cells of the form.
#[derive(Default)]
pub(super) struct PlainReader<'a> {
    row: Vec<Cell<'a>>,
    line: Option<Line<'a>>,
    /// The row is the indicator header (`一级指标 二级指标 三级指标 指标值 …`).
    header: bool,
    tokens: Vec<Cell<'a>>,
    /// An amount left at the end of a field row just before `年度资金总额:`: where the
    /// 实施期资金总额 cell stands when its label was printed elsewhere.
    loose_amount: Option<Cell<'a>>,
    /// The 预算执行 block of a self-evaluation, gathered apart from the rows.
    execution: ExecutionBlock<'a>,
}

/// `年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分` come out one per line, then
/// the figures of every row of the block in reading order (plain text drops empty cells, so
/// only the first row, the 年度资金总额's, can be told apart, and only when it checks out).
#[derive(Default)]
struct ExecutionBlock<'a> {
    header: Vec<Cell<'a>>,
    /// The header's words (`预算执行数 预算执行率` share a line).
    columns: Vec<String>,
    /// The figures after the header; `/` (not applicable) keeps its place as `None`.
    figures: Vec<Option<Cell<'a>>>,
    /// `年度资金总额:` / `总额`, where the block's first row is reported.
    label: Option<Cell<'a>>,
    done: bool,
}

impl<'a> ExecutionBlock<'a> {
    /// Take a cell that belongs to the block; `false`: it is none of its cells.
    fn take(&mut self, cell: Cell<'a>) -> bool {
        if self.done {
            return false;
        }
        if key_of(cell.text) == Some(Key::AnnualTotal) && self.figures.is_empty() {
            self.label = Some(cell);
            return false;
        }
        let words: Vec<String> = cell
            .text
            .split(' ')
            .map(|w| squeeze(w).into_owned())
            .collect();
        if self.figures.is_empty() && words.iter().all(|w| super::is_execution_column(w)) {
            self.header.push(cell);
            self.columns.extend(words);
            return true;
        }
        if !self.ready() {
            return false;
        }
        if is_number(&cell) {
            self.figures.push(Some(cell));
            return true;
        }
        if matches!(cell.text, "/" | "-" | "—" | "——") && !self.figures.is_empty() {
            self.figures.push(None);
            return true;
        }
        false
    }

    /// A header that names the 执行数 and 执行率 among four or more columns.
    fn ready(&self) -> bool {
        self.columns.len() >= 4
            && self.columns.iter().any(|c| c.ends_with("执行数"))
            && self.columns.iter().any(|c| c.ends_with("执行率"))
    }
}

/// A cell that starts a row: a field, fund, total or text label.
fn starts_row(cell: &Cell) -> bool {
    key_of(cell.text).is_some() || split_key(*cell).is_some()
}

/// A word of the indicator header.
fn is_header_word(text: &str) -> bool {
    let t = squeeze(text);
    matches!(
        &*t,
        "二级指标" | "指标性质" | "指标方向" | "度量单位" | "计量单位"
    ) || is_name_header(&t)
        || is_value_header(&t)
        || t.contains("完成值")
        || t.contains("实际值")
        || t.starts_with("分值")
        || t.starts_with("权重")
        || t == "得分"
        || t.contains("评分标准")
        || t.contains("原因")
        || t == "备注"
}

/// `绩效指标`, the merged cell left of the indicators (`绩效指标(90分)`): no cell of a row.
pub(super) fn is_indicator_frame(text: &str) -> bool {
    let t = squeeze(text);
    t == "绩效指标" || t.starts_with("绩效指标(") || t.starts_with("绩效指标（")
}

impl<'a> PlainReader<'a> {
    pub(super) fn line(&mut self, form: &mut Form<'a>, cells: &[Cell<'a>], line: &Line<'a>) {
        let cells: Vec<Cell<'a>> = cells
            .iter()
            .filter(|c| !is_indicator_frame(c.text))
            .copied()
            .collect();
        // The 预算执行 block's header words and figures are gathered apart.
        let cells: Vec<Cell<'a>> = if form.section == Section::Indicators {
            cells
        } else {
            let mut kept = Vec::new();
            for c in cells {
                let before = self.execution.header.len();
                if self.execution.take(c) {
                    continue;
                }
                // Header words that turn out to be no 预算执行 header are ordinary cells.
                if !self.execution.ready() && before > 0 {
                    kept.append(&mut self.execution.header);
                    self.execution.columns.clear();
                }
                if !self.execution.figures.is_empty() {
                    self.execution.done = true;
                }
                kept.push(c);
            }
            // Under a 预算执行 header a source's figures are by column: the first figure after
            // its label is no longer its 全年预算数.
            // (A word coming after the block was ready, `得分` after `执行率`, is one more
            // column of the same header.)
            if self.execution.ready()
                && form
                    .execution_columns
                    .iter()
                    .zip(&self.execution.columns)
                    .all(|(a, b)| a == b)
            {
                form.execution_columns = self.execution.columns.clone();
            }
            kept
        };
        // 一级 names with their points printed among the header's words (`一级指标` /
        // `产出指标(50 分)` / `满意度指标(10` / `分)` / `二级指标` …) are no header words and
        // start no row: level names are not kept in plain text.
        let cells: Vec<Cell<'a>> = if self.header {
            cells
                .into_iter()
                .filter(|c| !level_with_points(c.text))
                .collect()
        } else {
            cells
        };
        let Some(first) = cells.first().copied() else {
            return;
        };
        if self.header {
            if cells.iter().all(|c| is_header_word(c.text)) {
                self.row.extend(cells);
                return;
            }
            self.flush(form);
        }
        if form.section == Section::Indicators {
            let ends = matches!(
                key_of(first.text),
                Some(Key::Total | Key::Grade | Key::Footer | Key::Text(_))
            );
            if !ends {
                self.tokens.extend(cells.iter().copied());
                return;
            }
            let mut tokens = std::mem::take(&mut self.tokens);
            if key_of(first.text) == Some(Key::Total) {
                form.plain_total_figures(&mut tokens);
            }
            form.plain_indicators(tokens);
            form.section = super::Section::Fields;
        }
        if starts_row(&first) || self.row.is_empty() {
            if key_of(first.text) == Some(Key::AnnualTotal) {
                self.loose_amount = self.trailing_amount();
            }
            self.flush(form);
            self.header = key_of(first.text) == Some(Key::IndicatorHeader);
            self.row = cells;
            self.line = Some(*line);
        } else {
            self.row.extend(cells);
        }
    }

    fn flush(&mut self, form: &mut Form<'a>) {
        let row = std::mem::take(&mut self.row);
        if let (Some(line), false) = (self.line, row.is_empty()) {
            form.row(&row, &line);
        }
        self.header = false;
    }

    /// The last cell of the row being gathered, if it is a bare amount after a field's value
    /// (`项目期 | 1年 | 90,800`): no fund label claims it.
    fn trailing_amount(&self) -> Option<Cell<'a>> {
        let label = key_of(self.row.first()?.text)
            .or_else(|| split_key(*self.row.first()?).map(|(k, _)| k))?;
        let fund = matches!(
            label,
            Key::FundsHeader(_) | Key::ImplementationTotal | Key::AnnualTotal | Key::Source(_)
        );
        let last = *self.row.last()?;
        let amount = number_in(&last, None).is_some_and(|n| n.unit.is_none())
            && last
                .text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'));
        (!fund && self.row.len() >= 2 && amount).then_some(last)
    }

    pub(super) fn finish(&mut self, form: &mut Form<'a>) {
        self.flush(form);
        let block = std::mem::take(&mut self.execution);
        if let (true, Some(label)) = (block.ready(), block.label) {
            let n = block.columns.len();
            let unit = form.table.funds_unit;
            let first_row: Option<Vec<Option<crate::model::Number>>> =
                block.figures.get(..n).map(|row| {
                    row.iter()
                        .map(|c| c.as_ref().and_then(|c| number_in(c, unit)))
                        .collect()
                });
            if let Some(mut row) = first_row {
                form.execution_columns = block.columns;
                let by_rate = rate_in_place(&form.execution_columns, &row);
                // The block's figures are exactly one row's, every cell filled: nothing was
                // dropped or borrowed, so the row is read as printed even when its 执行率
                // does not follow (that is then the form's fault, not the reading's).
                let whole_row = block.figures.len() == n
                    && row.iter().all(Option::is_some)
                    && weight_and_score_fit(&form.execution_columns, &row);
                let checks_out = super::execution_checks_out(&form.execution_columns, &row);
                if by_rate && !whole_row && !checks_out {
                    // Only the cells up to the 执行率 are certain: a 分值 / 得分 that cannot be
                    // theirs is left unread rather than taken from the next row.
                    if let Some(k) = form
                        .execution_columns
                        .iter()
                        .position(|c| c.ends_with("执行率"))
                    {
                        if !weight_fits(&form.execution_columns, &row) && row.len() > k + 1 {
                            row.truncate(k + 1);
                            row.resize(n, None);
                        }
                    }
                }
                if whole_row || by_rate || checks_out {
                    form.execution(&row, label.span);
                    let rest: Vec<Option<&Cell<'a>>> =
                        block.figures[n..].iter().map(Option::as_ref).collect();
                    form.plain_source_figures(&rest);
                }
            }
        }
        // The sources came in pairs (a form with both columns) and the 实施期 total has no
        // label of its own: the amount in its place is its total.
        if form.has_implementation_column && form.table.implementation_funds.total.is_none() {
            if let Some(cell) = self.loose_amount.take() {
                form.table.implementation_funds.total = number_in(&cell, form.table.funds_unit);
            }
        }
        let tokens = std::mem::take(&mut self.tokens);
        if !tokens.is_empty() {
            form.plain_indicators(tokens);
        }
    }
}

/// The block's first row is certain up to its 执行率 when every figure before the 执行率 column
/// is filled and is an amount (no percent), and the figure under that column is a percent: a
/// blank cell or one borrowed from the next row would have moved the percent off its column.
/// The row is then read as printed even when its rate does not follow from its amounts.
fn rate_in_place(columns: &[String], row: &[Option<crate::model::Number>]) -> bool {
    let percent = |n: &crate::model::Number| n.unit == Some(crate::model::Unit::Percent);
    let Some(k) = columns.iter().position(|c| c.ends_with("执行率")) else {
        return false;
    };
    let before = &row[..k.min(row.len())];
    before.len() == k
        && columns[..k].iter().any(|c| c.ends_with("执行数"))
        && columns[..k]
            .iter()
            .any(|c| matches!(c.as_str(), "全年预算数" | "调整后预算数"))
        && before
            .iter()
            .all(|n| n.as_ref().is_some_and(|n| !percent(n)))
        && row.get(k).and_then(Option::as_ref).is_some_and(percent)
}

/// A 分值 between 0 and 100, and a 得分 (when there is one) no higher than it.
fn weight_fits(columns: &[String], row: &[Option<crate::model::Number>]) -> bool {
    let at = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .and_then(|k| row.get(k).cloned().flatten())
    };
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    match (at("分值").or_else(|| at("权重")), at("得分")) {
        (Some(w), s) => {
            w.value > rust_decimal::Decimal::ZERO
                && w.value <= hundred
                && s.is_none_or(|s| s.value <= w.value)
        }
        (None, _) => false,
    }
}

/// A 分值 between 0 and 100 and a 得分 no higher than it: the figures under those columns can
/// be theirs.
fn weight_and_score_fit(columns: &[String], row: &[Option<crate::model::Number>]) -> bool {
    let at = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .and_then(|k| row.get(k).cloned().flatten())
    };
    let weight = at("分值").or_else(|| at("权重"));
    let score = at("得分");
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    match (weight, score) {
        (Some(w), Some(s)) => {
            w.value > rust_decimal::Decimal::ZERO && w.value <= hundred && s.value <= w.value
        }
        _ => false,
    }
}

/// A cell that can only be a value: a number, or a comparator and a number (`≥90%`, `80个`).
fn value_like(cell: &Cell) -> bool {
    let t = squeeze(cell.text);
    t.starts_with(|c: char| c.is_ascii_digit())
        || super::COMPARATORS.iter().any(|(w, _)| {
            t.starts_with(w) && t[w.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Level names with their points (`产出指标(50 分)`), or pieces of them wrapped (`满意度指标(10`
/// / `分)`), possibly several on a line (`产出指标(50 分) 质量指标`).
fn level_with_points(text: &str) -> bool {
    let piece = |t: &str| {
        t == "分)"
            || t == "分）"
            || level_of(t).is_some()
            || t.find(['(', '（']).is_some_and(|at| {
                let points = t[at..].trim_start_matches(['(', '（']);
                level_of(&t[..at]).is_some()
                    && !points.is_empty()
                    && points.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
    };
    let mut pieces = text.split_whitespace().peekable();
    pieces.peek().is_some() && pieces.all(piece)
}

fn is_number(cell: &Cell) -> bool {
    number_in(cell, None).is_some()
}

fn is_scored(column: &str) -> bool {
    column.starts_with("分值") || column.starts_with("权重") || column == "得分"
}

impl<'a> Form<'a> {
    /// The figures of the source rows under a 预算执行 header, after the 年度资金总额 row's.
    /// Plain text drops the empty cells, so they are placed only when they make whole rows:
    /// rows of every column when the source rows print their 分值 / 执行率 / 得分 as `—` (kept
    /// in place), or, when no placeholder is printed, rows of the amount columns alone
    /// (`年初预算数 | 全年预算数 | 全年执行数`). Either way at most one row per source label and
    /// none spending more than its 全年预算数; the rows go to the source labels in the order
    /// printed. Anything else leaves the sources empty.
    fn plain_source_figures(&mut self, figures: &[Option<&Cell<'a>>]) {
        let unit = self.table.funds_unit;
        let columns: Vec<&str> = self.execution_columns.iter().map(String::as_str).collect();
        let amounts = columns
            .iter()
            .take_while(|c| c.ends_with("预算数") || c.ends_with("执行数") || **c == "年初预算")
            .count();
        let placeholders = figures.iter().any(Option::is_none);
        let width = if placeholders { columns.len() } else { amounts };
        let sources = &self.table.annual_funds.sources;
        let (Some(full_year), Some(executed)) = (
            columns[..amounts]
                .iter()
                .position(|c| matches!(*c, "全年预算数" | "调整后预算数")),
            columns[..amounts]
                .iter()
                .position(|c| c.ends_with("执行数")),
        ) else {
            return;
        };
        if figures.is_empty()
            || figures.len() % width != 0
            || figures.len() / width > sources.len()
            || sources.iter().any(|(_, n, _)| n.is_some())
        {
            return;
        }
        let mut placed = Vec::new();
        for row in figures.chunks(width) {
            // The amounts are figures; a placeholder only stands in the scored columns.
            let numbers: Option<Vec<crate::model::Number>> = row[..amounts]
                .iter()
                .map(|c| c.and_then(|c| number_in(c, unit)))
                .collect();
            let Some(numbers) = numbers else {
                return;
            };
            if row[amounts..].iter().any(Option::is_some) {
                return;
            }
            let (budget, spent) = (&numbers[full_year], &numbers[executed]);
            if spent.value > budget.value + budget.half_ulp() + spent.half_ulp() {
                return;
            }
            placed.push(budget.clone());
        }
        for ((_, slot, _), n) in self.table.annual_funds.sources.iter_mut().zip(placed) {
            *slot = Some(n);
        }
    }

    /// Plain text prints the figures of the `总分` row before its label, after the last row's
    /// scored cells: `…` / `10` / `10` / `100` / `97.40` / `总分`. When the stream closed by
    /// `总分` ends with the last row's scored figures and then a total of 100 and a score no
    /// higher, those two are the total's (nothing else prints 100 beside a score there).
    pub(super) fn plain_total_figures(&mut self, tokens: &mut Vec<Cell<'a>>) {
        let [group] = self.groups.as_slice() else {
            return;
        };
        let n = group.extras.iter().filter(|e| is_scored(e)).count();
        // Level names printed after the rows (`满意度指标(10` / `分)`) stand between them.
        tokens.retain(|c| !level_with_points(c.text) && !is_indicator_frame(c.text));
        if n != 2 || tokens.len() < 2 * n + 1 {
            return;
        }
        let tail = &tokens[tokens.len() - 2 * n..];
        let numbers: Vec<crate::model::Number> =
            tail.iter().filter_map(|c| number_in(c, None)).collect();
        let [.., _, _, weight, score] = numbers.as_slice() else {
            return;
        };
        if numbers.len() != 2 * n
            || weight.value != rust_decimal::Decimal::ONE_HUNDRED
            || score.value > weight.value
            || self.table.total_weight.is_some()
            || self.table.total_score.is_some()
        {
            return;
        }
        self.table.total_weight = Some(weight.clone());
        self.table.total_score = Some(score.clone());
        tokens.truncate(tokens.len() - n);
    }

    /// The indicator rows of a plain form, from its cells in reading order.
    pub(super) fn plain_indicators(&mut self, tokens: Vec<Cell<'a>>) {
        // Two groups side by side (实施期 / 年度) interleave beyond recovery: only one plain
        // group is read.
        if self.groups.len() != 1 {
            return;
        }
        let tokens: Vec<Cell<'a>> = tokens
            .into_iter()
            .filter(|c| !level_with_points(c.text) && !is_indicator_frame(c.text))
            .collect();
        let extras = self.groups[0].extras.clone();
        let scored: Vec<usize> = (0..extras.len())
            .filter(|&k| is_scored(&extras[k]))
            .collect();
        // The value split over columns (`指标性质 | 指标值 | 度量单位`, `实施期指标值 | 年度指标值`)
        // or a 评分标准 after the scored columns: rows are found by the cells of their middle.
        let scoring_after = scored
            .last()
            .is_some_and(|&k| extras[k + 1..].iter().any(|e| e.contains("评分")));
        if self.values_in_header != 1 || self.groups[0].pre > 0 || scoring_after {
            self.plain_by_middle(&tokens);
            return;
        }
        let Some(&before) = scored.first() else {
            self.plain_pairs(&tokens, extras.is_empty());
            return;
        };
        let n = scored.len();
        if scored.iter().enumerate().any(|(k, &at)| at != before + k) {
            return;
        }
        // Rows end where `n` numbers (分值, 得分) are followed by a cell that is no number.
        let mut rows: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i + n <= tokens.len() {
            let run = tokens[i..i + n].iter().all(is_number);
            let closes = i + n == tokens.len() || !is_number(&tokens[i + n]);
            if run && closes && i > start {
                rows.push((start, i));
                start = i + n;
                i = start;
            } else {
                i += 1;
            }
        }
        let mut uncertain = tokens[start..]
            .iter()
            .any(|c| is_number(c) || value_like(c));
        let first_new = self.table.indicators.len();
        let empty = Cell {
            text: "",
            span: crate::source::Span::default(),
        };
        for (a, b) in rows {
            let cells = &tokens[a..b];
            // name…, value, then the cells of the columns before the scored ones.
            let Some(value_at) = cells.len().checked_sub(1 + before).filter(|&v| v >= 1) else {
                uncertain = true;
                continue;
            };
            let names = &cells[..value_at];
            if names.iter().any(value_like) {
                uncertain = true;
            }
            let mut texts: Vec<Cell> = vec![empty; extras.len()];
            texts[..before].copy_from_slice(&cells[value_at + 1..]);
            texts[before..before + n].copy_from_slice(&tokens[b..b + n]);
            let span = cells[0].span.cover(tokens[b + n - 1].span);
            self.push(
                0,
                super::joined(names),
                Some(cells[value_at].field()),
                &texts,
                span,
            );
        }
        if uncertain {
            // Which value went with which name is in doubt; the 分值 and 得分 that closed each
            // row are kept until the form's total says whether every row was found
            // ([`Form::settle_plain_weights`]).
            for indicator in &mut self.table.indicators[first_new..] {
                indicator.actual = None;
            }
            self.unsure_weights
                .extend(first_new..self.table.indicators.len());
        }
    }

    /// Indicator rows whose cells from the value to the scored ones have a shape of their own:
    /// a `指标性质` cell is a comparator alone (`≥`), a `度量单位` a short word (`批次`), a
    /// 分值 / 权重 a number of 0 to 100 followed by no number, the values anything. Each such
    /// middle is a row; the line before it is the row's name (the lines before the first row
    /// are the first name), and a 评分标准 after the scored columns takes the lines up to the
    /// next row's name. When a figure or a comparator stands alone outside the rows (a row not
    /// found), the rows are read in doubt ([`Form::settle_plain_weights`]): their weights,
    /// scores and 评分标准 stay only when the weights make the form's total.
    fn plain_by_middle(&mut self, tokens_in: &[Cell<'a>]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Slot {
            Sign,
            Value,
            Unit,
            Other,
            Scored,
        }
        let group = self.groups[0].clone();
        if self.values_in_header > 2 {
            return;
        }
        // A header repeated on a new page is no cell of a row.
        let repeated = |c: &Cell| {
            let t = squeeze(c.text);
            matches!(&*t, "一级指标" | "二级指标" | "指标性质" | "指标方向")
                || is_name_header(&t)
                || is_value_header(&t) && t.chars().count() <= 6
                || group.extras.iter().any(|e| *e == t)
        };
        let kept: Vec<Cell<'a>> = tokens_in.iter().filter(|c| !repeated(c)).copied().collect();
        let mut tokens: Vec<Cell<'a>> = Vec::new();
        for (i, c) in kept.iter().enumerate() {
            // A 权重 before the value, printed on the line of its name one space apart
            // (`户厕改造验收合格率 15`, the value on the next line), is a cell of its own.
            let split = merged_weight(&kept, i)
                .filter(|_| group.pre_weight.is_some() && kept.get(i + 1).is_some_and(value_like));
            match split {
                Some((name, weight)) => tokens.extend([name, weight]),
                None => tokens.push(*c),
            }
        }
        let extras = group.extras.clone();
        let (before, n) = match extras.iter().position(|e| is_scored(e)) {
            Some(at) => (at, extras[at..].iter().take_while(|e| is_scored(e)).count()),
            None if group.pre_weight.is_some() => (0, 0),
            None => return,
        };
        let after = &extras[before + n..];
        // Only one text column after the scored ones can be told from the next row's name.
        let scoring_after = match after {
            [] => false,
            [one] if one.contains("评分") => true,
            _ => return,
        };
        let mut slots: Vec<Slot> = (0..group.pre)
            .map(|p| match group.pre_weight == Some(p) {
                true => Slot::Scored,
                false => Slot::Sign,
            })
            .collect();
        slots.push(Slot::Value);
        if group.split_value {
            slots.push(Slot::Value);
        }
        for e in &extras[..before] {
            slots.push(match e.as_str() {
                "度量单位" | "计量单位" => Slot::Unit,
                _ => Slot::Other,
            });
        }
        slots.extend(std::iter::repeat_n(Slot::Scored, n));
        let fits = |slot: Slot, c: &Cell| {
            let t = squeeze(c.text);
            match slot {
                Slot::Sign => super::COMPARATORS.iter().any(|(w, _)| *w == t),
                Slot::Unit => t.chars().count() <= 4 && !t.contains(|c: char| c.is_ascii_digit()),
                Slot::Value | Slot::Other => !is_number(c) || slot == Slot::Value,
                Slot::Scored => number_in(c, None).is_some_and(|w| {
                    w.unit.is_none()
                        && w.value >= rust_decimal::Decimal::ZERO
                        && w.value <= rust_decimal::Decimal::ONE_HUNDRED
                }),
            }
        };
        let k = slots.len();
        // The 指标性质 and value cells, before the extras.
        let lead = group.pre + 1 + usize::from(group.split_value);
        let mut middles: Vec<usize> = Vec::new();
        let mut i = 1;
        while i + k <= tokens.len() {
            let fitting = slots
                .iter()
                .zip(&tokens[i..i + k])
                .all(|(s, c)| fits(*s, c));
            let closed = tokens.get(i + k).is_none_or(|c| !is_number(c));
            if fitting && closed && !is_number(&tokens[i - 1]) && !value_like(&tokens[i - 1]) {
                middles.push(i);
                i += k + 1;
            } else {
                i += 1;
            }
        }
        let first_new = self.table.indicators.len();
        let empty = Cell {
            text: "",
            span: crate::source::Span::default(),
        };
        for (r, &at) in middles.iter().enumerate() {
            let name_from = if r == 0 { 0 } else { at - 1 };
            let scoring_to = middles.get(r + 1).map_or(tokens.len(), |&next| next - 1);
            let middle = &tokens[at..at + k];
            let cells_of = |slot: Slot| -> Vec<Cell<'a>> {
                slots
                    .iter()
                    .zip(middle)
                    .filter(|(s, _)| **s == slot)
                    .map(|(_, c)| *c)
                    .collect()
            };
            let values = cells_of(Slot::Value);
            let mut value = cells_of(Slot::Sign);
            value.extend(values.first().copied());
            let mut texts: Vec<Cell> = vec![empty; extras.len()];
            texts[..before + n].copy_from_slice(&middle[lead..]);
            let span = tokens[name_from]
                .span
                .cover(tokens[scoring_to.max(at + k) - 1].span);
            self.push(
                0,
                super::joined(&tokens[name_from..at]),
                super::joined(&value),
                &texts,
                span,
            );
            let index = self.table.indicators.len() - 1;
            let weight = group
                .pre_weight
                .and_then(|p| middle.get(p))
                .and_then(|c| number_in(c, None));
            if let (Some(weight), Some(indicator)) = (weight, self.table.indicators.last_mut()) {
                indicator.weight = Some(weight);
            }
            if let Some(annual) = values.get(1) {
                self.annual_values.push((index, annual.field()));
            }
            if scoring_after && let Some(indicator) = self.table.indicators.last_mut() {
                indicator.scoring = super::joined(&tokens[at + k..scoring_to]);
            }
        }
        // A row not found leaves its cells among the names and 评分标准: a figure or a
        // comparator alone on a line. Without one, every row was found.
        let mut outside = vec![true; tokens.len()];
        for &at in &middles {
            outside[at..at + k].fill(false);
        }
        let stray = tokens
            .iter()
            .zip(&outside)
            .enumerate()
            .any(|(i, (c, &out))| {
                out && (is_number(c) || fits(Slot::Sign, c) || merged_weight(&tokens, i).is_some())
            });
        if stray || middles.is_empty() {
            for indicator in &mut self.table.indicators[first_new..] {
                indicator.actual = None;
            }
            self.unsure_weights
                .extend(first_new..self.table.indicators.len());
            self.unsure_scoring
                .extend(first_new..self.table.indicators.len());
        }
    }

    /// The weights and scores of plain rows read in doubt stay only when the weights, with the
    /// 预算执行 分值, make the form's stated total (or 100) exactly: then no row was lost or
    /// split, and each row's scored cells are its own. Otherwise they are dropped and the rules
    /// stay silent on them.
    pub(super) fn settle_plain_weights(&mut self) {
        let unsure = std::mem::take(&mut self.unsure_weights);
        let unsure_scoring = std::mem::take(&mut self.unsure_scoring);
        if unsure.is_empty() {
            return;
        }
        let t = &self.table;
        let first: Vec<&crate::model::performance::Indicator> =
            t.indicators.iter().filter(|i| i.group == 0).collect();
        let all_weighted = first.iter().all(|i| i.weight.is_some());
        let sum: rust_decimal::Decimal = first
            .iter()
            .filter_map(|i| i.weight.as_ref().map(|w| w.value))
            .chain(
                t.execution
                    .as_ref()
                    .and_then(|e| e.weight.as_ref().map(|w| w.value)),
            )
            .sum();
        let expected = t
            .total_weight
            .as_ref()
            .map_or(rust_decimal::Decimal::ONE_HUNDRED, |w| w.value);
        if all_weighted && first.len() >= 3 && sum == expected {
            return;
        }
        for k in unsure {
            if let Some(indicator) = self.table.indicators.get_mut(k) {
                indicator.weight = None;
                indicator.score = None;
                if unsure_scoring.contains(&k) {
                    indicator.scoring = None;
                }
            }
        }
    }

    /// Without scored columns: a value (`≥90%`, `80个`) after a name is its indicator's. A text
    /// value (`及时`) cannot be told from a wrapped name and is left out.
    fn plain_pairs(&mut self, tokens: &[Cell<'a>], only_values: bool) {
        if !only_values {
            return;
        }
        for i in 1..tokens.len() {
            let (name, value) = (&tokens[i - 1], &tokens[i]);
            if value_like(value) && !value_like(name) {
                let span = name.span.cover(value.span);
                self.push(0, Some(name.field()), Some(value.field()), &[], span);
            }
        }
    }
}

/// `户厕改造验收合格率 15`: the cell `tokens[i]` as a name without figures and a whole number of
/// 0 to 100 one space apart, which may be a 权重 printed on its name's line; not when the next
/// line starts with `分` (`…得 10` / `分，…`: a 评分标准 wrapped).
fn merged_weight<'a>(tokens: &[Cell<'a>], i: usize) -> Option<(Cell<'a>, Cell<'a>)> {
    let cell = *tokens.get(i)?;
    if tokens.get(i + 1).is_some_and(|c| c.text.starts_with('分')) {
        return None;
    }
    let at = cell.text.rfind(' ')?;
    let (name, figure) = (cell.text[..at].trim_end(), &cell.text[at + 1..]);
    let whole = !figure.is_empty()
        && figure.len() <= 3
        && figure.chars().all(|c| c.is_ascii_digit())
        && figure.parse::<u32>().is_ok_and(|w| w <= 100);
    let named = !name.is_empty() && !name.contains(|c: char| c.is_ascii_digit());
    (whole && named && !value_like(&cell)).then(|| {
        let start = cell.span.start;
        (
            Cell {
                text: name,
                span: crate::source::Span::new(start, start + name.len()),
            },
            Cell {
                text: figure,
                span: crate::source::Span::new(start + at + 1, cell.span.end),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{Cell, level_with_points, merged_weight};
    use crate::source::Span;

    fn cells<'a>(texts: &[&'a str]) -> Vec<Cell<'a>> {
        let mut at = 0;
        texts
            .iter()
            .map(|t| {
                let span = Span::new(at, at + t.len());
                at += t.len() + 2;
                Cell { text: t, span }
            })
            .collect()
    }

    #[test]
    fn level_names_with_their_points_are_told_in_every_piece() {
        for t in [
            "产出指标(50 分)",
            "满意度指标(10",
            "分)",
            "产出指标(50 分) 质量指标",
            "社会效益指标",
        ] {
            assert!(level_with_points(t), "{t}");
        }
        for t in [
            "参训人员满意度",
            "不低于 90%",
            "10",
            "数量指标 培训人次",
            "(10",
            "",
        ] {
            assert!(!level_with_points(t), "{t}");
        }
    }

    #[test]
    fn a_weight_on_its_name_s_line_is_told_from_a_wrapped_scoring_rule() {
        let lines = cells(&[
            "户厕改造验收合格率 15",
            "100%",
            "村庄环境明显改善得 10",
            "分，改善不明显视情况扣",
            "奖补村数达到 30 个得 20",
            "分",
        ]);
        let (name, weight) = merged_weight(&lines, 0).expect("name and weight");
        assert_eq!((name.text, weight.text), ("户厕改造验收合格率", "15"));
        assert_eq!(
            weight.span,
            Span::new(lines[0].span.end - 2, lines[0].span.end)
        );
        // `…得 10` / `分，…` is a 评分标准 wrapped; a figure in the name is no name's.
        assert!(merged_weight(&lines, 2).is_none());
        assert!(merged_weight(&lines, 4).is_none());
        assert!(merged_weight(&lines, 1).is_none());
    }
}
