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

use super::{Cell, Form, Key, Line, Section, key_of, level_of, number_in, split_key};
use crate::model::squeeze;

/// The rows being regrouped, and the indicator cells of the form.
#[derive(Default)]
pub(super) struct PlainReader<'a> {
    row: Vec<Cell<'a>>,
    line: Option<Line<'a>>,
    /// The row is the indicator header (`一级指标 二级指标 三级指标 指标值 …`).
    header: bool,
    tokens: Vec<Cell<'a>>,
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
        "二级指标" | "三级指标" | "指标性质" | "度量单位" | "计量单位"
    ) || t.contains("指标值")
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
fn is_indicator_frame(text: &str) -> bool {
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
            form.plain_indicators(std::mem::take(&mut self.tokens));
            form.section = super::Section::Fields;
        }
        if starts_row(&first) || self.row.is_empty() {
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

    pub(super) fn finish(&mut self, form: &mut Form<'a>) {
        self.flush(form);
        let tokens = std::mem::take(&mut self.tokens);
        if !tokens.is_empty() {
            form.plain_indicators(tokens);
        }
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

fn is_number(cell: &Cell) -> bool {
    number_in(cell, None).is_some()
}

fn is_scored(column: &str) -> bool {
    column.starts_with("分值") || column.starts_with("权重") || column == "得分"
}

impl<'a> Form<'a> {
    /// The indicator rows of a plain form, from its cells in reading order.
    pub(super) fn plain_indicators(&mut self, tokens: Vec<Cell<'a>>) {
        // Two groups side by side (实施期 / 年度) interleave beyond recovery, and a 指标性质
        // column splits the value: only one plain group is read.
        if self.groups.len() != 1 || self.values_in_header != 1 || self.groups[0].pre > 0 {
            return;
        }
        let tokens: Vec<Cell<'a>> = tokens
            .into_iter()
            .filter(|c| level_of(c.text).is_none() && !is_indicator_frame(c.text))
            .collect();
        let extras = self.groups[0].extras.clone();
        let scored: Vec<usize> = (0..extras.len())
            .filter(|&k| is_scored(&extras[k]))
            .collect();
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
            for indicator in &mut self.table.indicators[first_new..] {
                indicator.weight = None;
                indicator.score = None;
                indicator.actual = None;
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
