//! `check = "change-sum"`: the changes against last year of the parts a `其中` lists add up to
//! the change of the whole before it.
//!
//! `“三公”经费预算 255.00 万元，比上年预算减少 35.00 万元。其中：因公出国（境）费 0.00 万元，与上年
//! 持平；公务用车运行维护费 210.00 万元，比上年减少 30.00 万元；公务接待费 45.00 万元，比上年减少 5.00
//! 万元`: −30.00 − 5.00 is the −35.00 of the whole. Two shapes are read, and nothing else:
//!
//! - **amounts and changes**: every part is an amount followed by its change (`比上年减少 D 万元`)
//!   or by `与上年持平` / `与上年相同`, and the parts' amounts make the whole's amount (each as
//!   rounded): the list is then complete for this year;
//! - **changes only**: `支出预算减少 519.18 万元，其中：基本支出增加 147.30 万元，项目支出减少 666.48
//!   万元，结转下年与上年持平`, three or more parts of which one at least is said to be unchanged
//!   (a list that names its unchanged parts names all of them).
//!
//! Any other figure among the parts (a threshold, a second amount, a reason with money in it),
//! `基本持平`, a list cut off by its paragraph, or a figure in brackets leaves the list unread.
//! A part that existed last year and is gone this year is in the whole's change and in no part,
//! so a mismatch is a warning, never certain.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::{Figure, yuan_interval};
use crate::lazy_regex::LazyRegex;
use crate::model::{Paragraph, Unit};
use crate::number::scan_numbers;
use crate::source::Span;

/// `与上年持平`, `与2025年预算数相同`, `与上年相比一致`; not `基本持平`.
static SAME: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?:与|同|和)\\s*(?:上年度?|[0-9]{4}\\s*年度?)\\s*(?:预算数?|决算数?|同期|数)?\\s*(?:相比|比较)?\\s*[，,]?\\s*(?:持平|相同|一致)")
        .expect("same pattern compiles")
});

/// A comparison with last year (`比上年`, `较2025年`, `与上年相比`): the whole's change must name
/// it, or a part's change could be against the budget.
static LAST_YEAR: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?:比|较|与)\\s*(?:上年度?|[0-9]{4}\\s*年度?)")
        .expect("last-year pattern compiles")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    SAME.warm(hint);
    LAST_YEAR.warm(hint);
}

/// What a figure or a phrase of the prose is, in order of the text.
#[derive(Debug, Clone)]
enum Event {
    /// An amount of money.
    Amount(Figure),
    /// A change in money: `增加` (+1) or `减少` (−1), and whether its clause names last year.
    Change {
        figure: Figure,
        sign: i32,
        last_year: bool,
    },
    /// `与上年持平`: no change.
    Same { span: Span },
    /// Money that is neither (a threshold, an amount in brackets): the list is not read.
    Other,
}

impl Event {
    fn is_change(&self) -> bool {
        matches!(self, Event::Change { .. } | Event::Same { .. })
    }
}

/// A change of the whole or of a part, signed, in 元 (the interval the rounding allows).
#[derive(Debug, Clone)]
pub struct Change {
    /// The amount of the change, or the words `与上年持平`.
    pub span: Span,
    low: Decimal,
    high: Decimal,
    /// Signed: a decrease is negative; `持平` is zero with no unit.
    pub value: Decimal,
    pub unit: Option<Unit>,
    decimals: u32,
}

impl Change {
    fn of(event: &Event) -> Option<Change> {
        match event {
            Event::Change { figure, sign, .. } => {
                let (low, high) = yuan_interval(figure.value, figure.decimals, figure.unit);
                let (low, high) = if *sign > 0 {
                    (low, high)
                } else {
                    (-high, -low)
                };
                Some(Change {
                    span: figure.span,
                    low,
                    high,
                    value: figure.value * Decimal::from(*sign),
                    unit: figure.unit,
                    decimals: figure.decimals,
                })
            }
            Event::Same { span } => Some(Change {
                span: *span,
                low: Decimal::ZERO,
                high: Decimal::ZERO,
                value: Decimal::ZERO,
                unit: None,
                decimals: 0,
            }),
            _ => None,
        }
    }
}

/// A `其中` whose parts' changes do not make the whole's change.
#[derive(Debug, Clone)]
pub struct WrongChanges {
    pub whole: Change,
    pub parts: Vec<Change>,
    /// The parts' changes added, in the whole's unit (万元 when the whole is unchanged).
    pub sum: Decimal,
    pub unit: Option<Unit>,
}

/// Every `其中` of the paragraph whose parts' changes against last year do not add up to the
/// whole's.
pub fn wrong_change_sums(p: &Paragraph) -> Vec<WrongChanges> {
    let text = &p.text.text;
    if !text.contains("其中") || !(text.contains("上年") || text.contains("年")) {
        return Vec::new();
    }
    let events = events(p);
    let marks = super::ListMarks::of(text);
    let mut out = Vec::new();
    for (q, _) in text.match_indices("其中") {
        if let Some(w) = check_at(p, &events, &marks, q) {
            out.push(w);
        }
    }
    out
}

/// The events of the paragraph with the byte offset each starts at and ends at.
fn events(p: &Paragraph) -> Vec<(usize, usize, Event)> {
    let text = &p.text.text;
    let balance: Vec<(usize, i64)> = text
        .match_indices(['（', '(', '）', ')'])
        .scan(0_i64, |depth, (i, b)| {
            *depth += if matches!(b, "（" | "(") { 1 } else { -1 };
            Some((i, *depth))
        })
        .collect();
    let bracketed = |at: usize| {
        let seen = balance.partition_point(|&(i, _)| i < at);
        seen > 0 && balance[seen - 1].1 > 0
    };
    let mut out: Vec<(usize, usize, Event)> = Vec::new();
    let mut previous_end = 0;
    for f in scan_numbers(text) {
        if !f.unit.is_some_and(Unit::is_money) {
            continue;
        }
        let start = f.range.start;
        let clause_start = text[..start]
            .rfind(['，', ',', '。', '；', ';', '：', ':'])
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let lead = text[previous_end.max(clause_start).min(start)..start]
            .trim_end()
            .trim_end_matches('了')
            .trim_end();
        let clause = &text[clause_start..start];
        let after = text[f.unit_end..].trim_start();
        let figure = Figure::found(p, &f);
        let event = if bracketed(start)
            || ["以上", "以下", "以内", "及以上"]
                .iter()
                .any(|w| after.starts_with(w))
        {
            Event::Other
        } else if let Some(sign) = [("增加", 1), ("增长", 1), ("减少", -1), ("下降", -1)]
            .iter()
            .find(|(w, _)| lead.ends_with(w))
            .map(|&(_, s)| s)
        {
            Event::Change {
                figure,
                sign,
                last_year: LAST_YEAR.is_match(clause),
            }
        } else {
            Event::Amount(figure)
        };
        out.push((start, f.unit_end, event));
        previous_end = f.unit_end;
    }
    for m in SAME.find_iter(text) {
        let before = text[..m.start()].trim_end();
        if before.ends_with("基本") || bracketed(m.start()) {
            continue;
        }
        out.push((
            m.start(),
            m.end(),
            Event::Same {
                span: p.text.source_span(m.start()..m.end()),
            },
        ));
    }
    out.sort_by_key(|e| e.0);
    out
}

fn check_at(
    p: &Paragraph,
    events: &[(usize, usize, Event)],
    marks: &super::ListMarks,
    q: usize,
) -> Option<WrongChanges> {
    let text = &p.text.text;
    let after_q = q + "其中".len();
    // The parts: to the end of the sentence, which must be written (a list cut off by its
    // paragraph may go on), and no further `其中`.
    let sentence_end = marks.period_from(after_q)?;
    if marks.last_opening_within(after_q, sentence_end).is_some() {
        return None;
    }
    // The whole: the sentence before the `其中`, or the one before that when `其中` opens one.
    let sentence_start = marks.sentence_start(q);
    let whole_from = if text[sentence_start..q].trim().is_empty() {
        marks.sentence_start(sentence_start.saturating_sub('。'.len_utf8()))
    } else {
        sentence_start
    };
    if marks.last_opening_within(whole_from, q).is_some() {
        return None;
    }
    // The events are in order: those starting between two bytes are found by halving, so that
    // each `其中` of a long paragraph reads its own sentence's events only.
    let starting = |from: usize, to: usize| {
        let first = events.partition_point(|(s, _, _)| *s < from);
        let after = events.partition_point(|(s, _, _)| *s < to);
        &events[first..after.max(first)]
    };
    let before: Vec<&Event> = starting(whole_from, q)
        .iter()
        .filter(|(s, e, _)| *s >= whole_from && *e <= q)
        .map(|(_, _, e)| e)
        .collect();
    let parts: Vec<&Event> = starting(q + 1, sentence_end)
        .iter()
        .filter(|(s, e, _)| *s > q && *e <= sentence_end)
        .map(|(_, _, e)| e)
        .collect();
    if parts.iter().any(|e| matches!(e, Event::Other)) {
        return None;
    }
    // The whole's change is the last change of its sentence.
    let change_at = before.iter().rposition(|e| e.is_change())?;
    let whole_change = before[change_at];
    let alternating = parts.len() >= 4
        && parts.len() % 2 == 0
        && parts
            .chunks(2)
            .all(|pair| matches!(pair[0], Event::Amount(_)) && pair[1].is_change());
    let changes_only = parts.len() >= 3
        && parts.iter().all(|e| e.is_change())
        && parts.iter().any(|e| matches!(e, Event::Same { .. }));
    if alternating {
        // The whole's amount: the last amount before its change; the parts' amounts make it.
        if let Event::Change { last_year, .. } = whole_change {
            if !last_year {
                return None;
            }
        }
        let Some(Event::Amount(whole)) = before[..change_at]
            .iter()
            .rev()
            .find(|e| matches!(e, Event::Amount(_)))
        else {
            return None;
        };
        let (mut low, mut high) = (Decimal::ZERO, Decimal::ZERO);
        for pair in parts.chunks(2) {
            let Event::Amount(a) = pair[0] else {
                return None;
            };
            let (l, h) = yuan_interval(a.value, a.decimals, a.unit);
            low = low.checked_add(l)?;
            high = high.checked_add(h)?;
        }
        let (wl, wh) = yuan_interval(whole.value, whole.decimals, whole.unit);
        if high < wl || low > wh {
            return None;
        }
    } else if !changes_only {
        return None;
    }
    let part_changes: Vec<Change> = parts
        .iter()
        .filter(|e| e.is_change())
        .map(|e| Change::of(e))
        .collect::<Option<_>>()?;
    // Every part against last year: a part's bare `增加` in a list of changes only is read as
    // the whole's kind of change.
    if alternating
        && parts.iter().any(|e| {
            matches!(
                e,
                Event::Change {
                    last_year: false,
                    ..
                }
            )
        })
    {
        return None;
    }
    let whole = Change::of(whole_change)?;
    let (mut low, mut high, mut sum) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let unit = whole
        .unit
        .or_else(|| part_changes.iter().find_map(|c| c.unit));
    let per = super::yuan_per(unit);
    for c in &part_changes {
        low = low.checked_add(c.low)?;
        high = high.checked_add(c.high)?;
        sum = sum.checked_add(c.value.checked_mul(super::yuan_per(c.unit))?)?;
    }
    if high >= whole.low && low <= whole.high {
        return None;
    }
    // Written to the places of the finest figure added.
    let mut sum = sum / per;
    sum.rescale(part_changes.iter().map(|c| c.decimals).max().unwrap_or(0));
    Some(WrongChanges {
        whole,
        parts: part_changes,
        sum,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn wrong(s: &str) -> Vec<WrongChanges> {
        wrong_change_sums(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
    }

    const THREE_PUBLIC: &str = "2025 年“三公”经费预算 255.00 万元，比上年预算减少 35.00 万元，下降 12.07%。其中：因公出国（境）费 0.00 万元，与上年持平；公务用车购置费 0.00 万元，与上年持平；公务用车运行维护费 210.00 万元，比上年减少 30.00 万元；公务接待费 45.00 万元，比上年减少 5.00 万元。";

    #[test]
    fn parts_whose_changes_make_the_whole_are_silent() {
        assert!(wrong(THREE_PUBLIC).is_empty());
        assert!(wrong("2023 年度“三公”经费财政拨款支出决算 400.10 万元，较年初预算减少 79.90 万元，比上年减少 22.11 万元，下降 5.24%。其中：因公出国（境）费支出 0.00 万元，与上年持平；公务用车购置费 0.00 万元，与上年持平；公务用车运行维护费 312.45 万元，比上年减少 22.11 万元，主要原因是公务用车使用更加规范；公务接待费 87.65 万元，与上年持平。").is_empty());
        assert!(wrong("2. 支出预算减少 519.18 万元，其中：基本支出增加 147.30 万元，项目支出减少 666.48 万元，结转下年与上年持平。").is_empty());
    }

    #[test]
    fn a_part_whose_change_turned_around_is_reported() {
        let found = wrong(&THREE_PUBLIC.replace("比上年减少 5.00", "比上年增加 5.00"));
        let [w] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(w.sum.to_string(), "-25.00");
        assert_eq!(w.parts.len(), 4);
        assert_eq!(w.whole.value.to_string(), "-35.00");
        let found = wrong(&THREE_PUBLIC.replace(
            "公务接待费 45.00 万元，比上年减少 5.00 万元",
            "公务接待费 45.00 万元，与上年持平",
        ));
        assert_eq!(found.len(), 1, "{found:?}");
        let found = wrong(
            "2. 支出预算减少 519.18 万元，其中：基本支出减少 147.30 万元，项目支出减少 666.48 万元，结转下年与上年持平。",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn lists_that_may_be_partial_or_are_not_read_whole_stay_silent() {
        for silent in [
            // The parts' amounts do not make the whole: the list may leave a part out.
            &THREE_PUBLIC.replace("公务接待费 45.00 万元", "公务接待费 40.00 万元"),
            // Changes only, none said unchanged: a `其中` may name only some of them.
            "收入预算减少 100.00 万元，其中：财政拨款收入减少 80.00 万元，事业收入增加 30.00 万元，其他收入减少 10.00 万元。",
            // A part with a second amount (a 其中 inside it).
            "“三公”经费 135.00 万元，比上年减少 15.00 万元。其中：因公出国（境）费 0.00 万元，与上年持平；公务用车购置及运行费 105.00 万元，其中公务用车购置费 0.00 万元，公务用车运行费 105.00 万元，比上年减少 15.00 万元；公务接待费 30.00 万元，与上年持平。",
            // 基本持平 is no exact change.
            "经费 30.00 万元，比上年减少 5.00 万元。其中：A 10.00 万元，基本持平；B 20.00 万元，比上年减少 5.00 万元。",
            // Cut off by the paragraph.
            "经费 30.00 万元，比上年减少 5.00 万元。其中：A 10.00 万元，与上年持平；B 20.00 万元，比上年增加 5.00 万元",
            // The whole's change is against the budget, not last year.
            "支出决算 30.00 万元，较年初预算减少 5.00 万元。其中：A 10.00 万元，比上年减少 1.00 万元；B 20.00 万元，比上年减少 1.00 万元。",
        ] {
            assert!(wrong(silent).is_empty(), "{silent}");
        }
    }

    #[test]
    fn changes_are_compared_within_their_rounding() {
        // −1.1 − 2.2 = −3.3 against a whole of −3.4 written to one place: −3.35 … −3.25 and
        // −3.45 … −3.35 touch.
        assert!(wrong("经费 30.0 万元，比上年减少 3.4 万元。其中：A 10.0 万元，比上年减少 1.1 万元；B 20.0 万元，比上年减少 2.2 万元；C 0.0 万元，与上年持平。").is_empty());
        // In 元 and in 万元 alike.
        assert!(wrong("经费 30.00 万元，比上年减少 3.00 万元。其中：A 100000.00 元，比上年减少 10000.00 元；B 20.00 万元，比上年减少 2.00 万元。").is_empty());
    }
}
