//! A rate of change between two amounts the sentence names: `2023年当年预算执行数为60.13万元，
//! 2024年预算安排25.77万元，比2023年预算执行数减少57.14%` (Shanghai prints one such sentence per
//! subject), `上年预算数为 A 万元，本年预算数为 B 万元，比上年增长 Z%`.
//!
//! Read only when the sentence is clear: exactly two amounts in one unit before the comparison,
//! one of them labelled with the year the comparison names (`比2023年…` and `2023年…为 A`, or
//! `比上年…` and `上年…为 A`, never `上年结转`), the other not. Z must then be |B − A| ÷ A within
//! the rounding of all three figures, and the word (`增加`/`增长` or `减少`/`下降`) must go the
//! way B goes from A.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::{Direction, Figure, MONEY};
use crate::lazy_regex::LazyRegex;
use crate::model::{Paragraph, Unit};
use crate::number::{Found, scan_numbers};

/// `比2023年预算执行数减少 Z%`, `与上年相比，增长 Z%`, `同比增长 Z%` over a sentence's skeleton,
/// the percentage right after the direction word (no amount of change between them).
static RATE_AFTER_WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:(?:比|较)(?P<ref>上年|[0-9]{4}年)[^，,：:\u{E000}\u{E001}]{0,12}?\
         |与(?P<ref2>上年|[0-9]{4}年)[^，,：:\u{E000}\u{E001}]{0,12}?相比[，,]?[^，,：:\u{E000}\u{E001}]{0,8}?\
         |同比)\
         (?P<dir>增加|增长|减少|下降)了?(?P<z>\u{E001})",
    )
    .expect("rate-after-word pattern compiles")
});

pub(super) fn warm_patterns(hint: Option<&str>) {
    RATE_AFTER_WORD.warm(hint);
}

/// `A …, B …, 比A增加 Z%`, as read from one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRate {
    /// The amount the comparison is against (last year's, or the year it names).
    pub earlier: Figure,
    pub later: Figure,
    pub direction: Direction,
    pub rate: Figure,
}

/// What is wrong with a [`ChangeRate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeProblem {
    /// `增加` while the later amount is smaller (or `减少` while it is larger).
    Direction,
    /// Z is outside `low..=high`, the rates the rounding of the two amounts allows; `implied`
    /// is |B − A| ÷ A × 100.
    Rate {
        implied: Decimal,
        low: Decimal,
        high: Decimal,
    },
}

impl ChangeRate {
    /// The problem of this claim, if one is certain.
    pub fn problem(&self) -> Option<ChangeProblem> {
        let (a, b) = (&self.earlier, &self.later);
        if a.unit != b.unit || a.low() <= Decimal::ZERO || b.value < Decimal::ZERO {
            return None;
        }
        match self.direction {
            Direction::Up if b.high() < a.low() => return Some(ChangeProblem::Direction),
            Direction::Down if b.low() > a.high() => return Some(ChangeProblem::Direction),
            _ => {}
        }
        let hundred = Decimal::ONE_HUNDRED;
        // B ÷ A rises with B and falls with A: the extremes come from the ends of the intervals.
        let ratio = b.value.checked_div(a.value)?;
        let ratio_low = b.low().max(Decimal::ZERO).checked_div(a.high())?;
        let ratio_high = b.high().checked_div(a.low())?;
        let (implied, low, high) = match self.direction {
            Direction::Up => (
                ratio - Decimal::ONE,
                ratio_low - Decimal::ONE,
                ratio_high - Decimal::ONE,
            ),
            Direction::Down => (
                Decimal::ONE - ratio,
                Decimal::ONE - ratio_high,
                Decimal::ONE - ratio_low,
            ),
        };
        let (implied, low, high) = (implied * hundred, low * hundred, high * hundred);
        let z = &self.rate;
        if z.high() < low || z.low() > high {
            Some(ChangeProblem::Rate { implied, low, high })
        } else {
            None
        }
    }
}

/// Every rate of change between two amounts of one sentence, in a paragraph.
pub fn change_rates(p: &Paragraph) -> Vec<ChangeRate> {
    let text = &p.text.text;
    // Most paragraphs have no percentage after a direction word: stop before scanning.
    if !text.contains(['%', '％']) || !text.contains(['比', '较']) {
        return Vec::new();
    }
    let found = scan_numbers(text);
    let mut rates = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
        if matches!(c, '。' | '；' | ';') {
            if start < i {
                rates.extend(sentence_rates(p, &found, start..i));
            }
            start = i + c.len_utf8();
        }
    }
    rates
}

/// The rates of change between two amounts in the sentence `range` of the paragraph's text.
fn sentence_rates(
    p: &Paragraph,
    found: &[Found],
    range: std::ops::Range<usize>,
) -> Vec<ChangeRate> {
    let sentence = &p.text.text[range.clone()];
    if sentence.contains("持平") || !sentence.contains(['%', '％']) {
        return Vec::new();
    }
    let (skeleton, placeholders) = super::skeleton(p, found, range);
    let mut rates = Vec::new();
    let mut since = 0;
    for m in RATE_AFTER_WORD.captures_iter(&skeleton) {
        let (Some(whole), Some(dir), Some(z)) = (m.get(0), m.name("dir"), m.name("z")) else {
            continue;
        };
        let reference = m
            .name("ref")
            .or(m.name("ref2"))
            .map_or("上年", |r| r.as_str());
        let amounts: Vec<(usize, &Found)> = placeholders
            .iter()
            .filter(|(o, f)| *o >= since && *o < whole.start() && f.unit != Some(Unit::Percent))
            .copied()
            .collect();
        let stated = placeholders.iter().find(|(o, _)| *o == z.start());
        since = whole.end();
        let ([(first_at, first), (second_at, second)], Some((_, stated))) =
            (amounts.as_slice(), stated)
        else {
            continue;
        };
        if first.unit != second.unit {
            continue;
        }
        // The text that labels each amount: from the sentence's start, or the amount before.
        let first_lead = &skeleton[..*first_at];
        let second_lead = &skeleton[first_at + MONEY.len_utf8()..*second_at];
        // `本年收入8933.60万元，比上年减少2054.05万元，同比下降18.69%`: an amount right after a
        // direction word is the change, not last year's level; the rate is then of the change
        // (another rule reads it).
        if [first_lead, second_lead].iter().any(|lead| is_change(lead)) {
            continue;
        }
        let (earlier, later) = match (names(first_lead, reference), names(second_lead, reference)) {
            (true, false) => (first, second),
            (false, true) => (second, first),
            _ => continue,
        };
        rates.push(ChangeRate {
            earlier: Figure::found(p, earlier),
            later: Figure::found(p, later),
            direction: Direction::of(dir.as_str()),
            rate: Figure::found(p, stated),
        });
    }
    rates
}

/// Whether the amount after `lead` is a change (`比上年减少`, `增加了`), not a level.
pub(super) fn is_change(lead: &str) -> bool {
    let lead = lead.trim_end().trim_end_matches('了').trim_end();
    lead.ends_with(['增', '减'])
        || super::breakdown::CHANGE_WORDS
            .iter()
            .any(|w| lead.ends_with(w))
}

/// Whether the label `lead` names the year `reference` (`2023年`, or `上年` but not
/// `上年结转` / `上年结余`).
fn names(lead: &str, reference: &str) -> bool {
    lead.match_indices(reference).any(|(i, _)| {
        let after = &lead[i + reference.len()..];
        !(reference == "上年" && (after.starts_with("结转") || after.starts_with("结余")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn rates(s: &str) -> Vec<ChangeRate> {
        change_rates(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
    }

    fn problems(s: &str) -> Vec<Option<ChangeProblem>> {
        rates(s).iter().map(ChangeRate::problem).collect()
    }

    #[test]
    fn correct_sentences_are_silent() {
        for s in [
            // sh-putuo-wanli-2024, one sentence per subject, in both directions.
            "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。",
            "2023年当年预算执行数为60.79万元，2024年预算安排88.87万元，比2023年预算执行数增加46.19%。",
            // Wrapped in the middle of a word, with stray spaces.
            "2023年\n当年预算执行数为 114.00 万元，2024年预算安\n排110.60万元，比2023年预算执行数减少2.98 %。",
            // Another template: last year's figure labelled 上年, the comparison after a comma.
            "上年预算数为120.00万元，本年预算数为150.00万元，与上年相比，增长25%。",
            // The later amount first.
            "本年支出150.00万元，上年支出120.00万元，比上年增长25.00%。",
            "2024年预算数为90.00万元，2023年预算数为100.00万元，较2023年下降了10.00%。",
        ] {
            let found = problems(s);
            assert_eq!(found, vec![None], "{s}");
        }
    }

    #[test]
    fn a_wrong_rate_fires() {
        let found = problems(
            "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少62.14%。",
        );
        let [Some(ChangeProblem::Rate { implied, .. })] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(implied.round_dp(2).to_string(), "57.14");
        let found = problems("上年预算数为120.00万元，本年预算数为150.00万元，比上年增长30%。");
        assert!(matches!(
            found.as_slice(),
            [Some(ChangeProblem::Rate { .. })]
        ));
    }

    #[test]
    fn a_word_against_the_amounts_fires() {
        assert_eq!(
            problems(
                "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数增加57.14%。"
            ),
            vec![Some(ChangeProblem::Direction)]
        );
    }

    #[test]
    fn rounding_of_whole_amounts_is_allowed() {
        // Whole amounts: 11 ÷ 9 may be anywhere from 10.5 ÷ 9.5 to 11.5 ÷ 8.5 (+10.5% to +35.3%).
        assert_eq!(
            problems("2023年预算数为9万元，2024年预算数为11万元，比2023年增长30%。"),
            vec![None]
        );
    }

    #[test]
    fn unclear_sentences_are_silent() {
        for s in [
            // Neither amount labelled with the year compared against.
            "收入预算150.00万元，其中财政拨款120.00万元，比上年增长10.00%。",
            // The second amount is the change, not last year's level.
            "本年收入合计8933.60万元，比上年减少2054.05万元，同比下降18.69%。",
            "一般公共预算财政拨款支出639.49万元，占比为8.10%，比上年增加27.15万元，同比增长4.43%。",
            // 上年结转 is not last year's amount.
            "上年结转20.00万元，本年收入150.00万元，比上年增长10.00%。",
            // One amount only: the rate is about a figure the sentence does not give.
            "2024年预算安排25.77万元，比2023年预算执行数减少57.14%。",
            // Three amounts.
            "2023年执行数60.13万元，2024年预算25.77万元，其中项目10.00万元，比2023年减少50.00%。",
            // Both labelled with the year.
            "2023年预算60.13万元，2023年执行数25.77万元，比2023年减少50.00%。",
            // Units that differ.
            "2023年执行数为60.13万元，2024年预算安排257700元，比2023年减少57.14%。",
            // 持平.
            "2023年执行数为60.13万元，2024年预算安排60.13万元，与2023年持平，比2023年增加0%。",
        ] {
            assert!(problems(s).iter().all(Option::is_none), "{s}");
        }
    }

    #[test]
    fn the_figures_are_read_with_their_spans() {
        let s = "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14 %。";
        let r = &rates(s)[0];
        assert_eq!(&s[r.earlier.span.start..r.earlier.span.end], "60.13万元");
        assert_eq!(&s[r.later.span.start..r.later.span.end], "25.77万元");
        assert_eq!(&s[r.rate.span.start..r.rate.span.end], "57.14 %");
        assert_eq!(r.direction, Direction::Down);
    }
}
