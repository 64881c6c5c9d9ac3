//! `check = "comparison"`: `年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 R%。决算数小于预算数`:
//! the completion rate R must be B ÷ A, and the comparison word must agree with A and B.
//!
//! The budget may be `年初预算`, `全年预算`, `调整预算` or a bare `预算` (`“三公”经费支出预算为 15.00
//! 万元，支出决算为 12.00 万元，完成预算的 80.00%`). Only this restatement of final accounts is
//! read (a budget and an outturn named in one
//! sentence, then a rate and a word about them in that sentence or the next); each figure is
//! rounded as written, and `持平` / `等于` hold when the two amounts are equal as written.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::lazy_regex::LazyRegex;
use crate::model::Paragraph;
use crate::number::parse_amount;
use crate::source::Span;

/// The budget and the outturn of one sentence.
static PAIR: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?P<k>年初|全年|调整后?的?)?预算数?\\s*为\\s*(?P<b>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<bu>万元|亿元|元)\\s*[，,]\\s*[^，,。；;0-9]{0,12}?决算数?\\s*为\\s*(?P<f>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<fu>万元|亿元|元)",
    )
    .expect("pair pattern compiles")
});

/// `完成年初预算的 95.45%`.
static RATE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("完成(?P<k>年初|全年|调整后?的?)?预算的\\s*(?P<r>[0-9]+(?:\\.[0-9]+)?)\\s*[%％]")
        .expect("rate pattern compiles")
});

/// `决算数小于预算数`, `决算数同预算数持平`.
static WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("决算数?\\s*(?P<w>大于|小于|等于|超过|低于|高于|[同与和]\\s*(?P<k>年初|全年|调整后?的?)?预算数?\\s*(?:基本)?持平)\\s*(?P<k2>年初|全年|调整后?的?)?")
        .expect("word pattern compiles")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [&PAIR, &RATE, &WORD] {
        pattern.warm(hint);
    }
}

/// Which budget a figure or a claim names: the 年初 one, the adjusted one (`全年`, `调整`), or
/// a bare `预算` (either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Initial,
    Adjusted,
    Unnamed,
}

impl Base {
    fn of(word: Option<crate::lazy_regex::Match<'_>>) -> Base {
        match word.map(|m| m.as_str()) {
            Some(w) if w.starts_with("年初") => Base::Initial,
            Some(w) if w.starts_with("全年") || w.starts_with("调整") => Base::Adjusted,
            _ => Base::Unnamed,
        }
    }

    /// Whether a claim about `self` may be checked against a budget of `other`: `完成年初预算的`
    /// is not about the 全年预算 of the pair (a town's 全年预算 includes what was added during
    /// the year).
    fn fits(self, other: Base) -> bool {
        self == other || self == Base::Unnamed || other == Base::Unnamed
    }
}

/// A figure of the claim as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub value: Decimal,
    pub decimals: u32,
    pub span: Span,
}

impl Stated {
    fn bounds(&self) -> (Decimal, Decimal) {
        let half = Decimal::new(5, self.decimals + 1);
        (self.value - half, self.value + half)
    }
}

/// Where the outturn of the one budget-and-outturn pair of `sentence` starts
/// (`支出预算为 14.00 万元，支出决算为 11.11 万元`): the figure a comparison with last year in
/// the sentence after is about, in final accounts.
pub fn outturn_of_pair(sentence: &str) -> Option<usize> {
    let mut pairs = PAIR.captures_iter(sentence);
    let only = pairs.next()?;
    if pairs.next().is_some() {
        return None;
    }
    only.name("f").map(|f| f.start())
}

/// What the sentence gets wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrong {
    /// The completion rate is not outturn ÷ budget; `implied` in percent.
    Rate { rate: Stated, implied: Decimal },
    /// The word says `said` of the outturn against the budget; the amounts say otherwise.
    Word { word: Span, said: String },
}

/// A budget, an outturn and what the sentence says about them.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub budget: Stated,
    pub outturn: Stated,
    pub wrong: Vec<Wrong>,
}

/// Every budget-and-outturn comparison of a paragraph whose rate or word is wrong.
pub fn wrong_comparisons(p: &Paragraph) -> Vec<Comparison> {
    let text = &p.text.text;
    let mut out = Vec::new();
    // The pattern needs `预算…为` and `决算…为`: most paragraphs need no search.
    if !text.contains("决算") || !text.contains("预算") {
        return out;
    }
    for m in PAIR.captures_iter(text) {
        let (Some(b), Some(f), Some(bu), Some(fu)) =
            (m.name("b"), m.name("f"), m.name("bu"), m.name("fu"))
        else {
            continue;
        };
        if bu.as_str() != fu.as_str() {
            continue;
        }
        let stated = |g: crate::lazy_regex::Match<'_>| {
            parse_amount(g.as_str()).map(|(value, decimals)| Stated {
                value,
                decimals,
                span: p.text.source_span(g.start()..g.end()),
            })
        };
        let (Some(budget), Some(outturn)) = (stated(b), stated(f)) else {
            continue;
        };
        // This sentence and the next.
        let end = fu.end();
        let first = text[end..]
            .find('。')
            .map_or(text.len(), |i| end + i + '。'.len_utf8());
        let second = text[first..].find('。').map_or(text.len(), |i| first + i);
        let after = &text[end..second];
        let base = Base::of(m.name("k"));
        // A word may come a sentence later, after one comparing the two budgets (`全年预算大于
        // 年初预算，主要原因是…。决算数小于全年预算数…`), unless that sentence starts another pair.
        let third = text
            .get(second + '。'.len_utf8()..)
            .and_then(|rest| rest.find('。'))
            .map_or(text.len(), |i| second + '。'.len_utf8() + i);
        let word = WORD.captures(after).or_else(|| {
            let further = text.get(second..third)?;
            if PAIR.is_match(further) {
                return None;
            }
            WORD.captures(&text[end..third])
        });
        let mut wrong = Vec::new();
        let (b_low, b_high) = budget.bounds();
        let (f_low, f_high) = outturn.bounds();
        let rate = RATE
            .captures(after)
            .filter(|c| Base::of(c.name("k")).fits(base))
            .and_then(|c| c.name("r"));
        if let Some(r) = rate {
            if let (Some((value, decimals)), true) =
                (parse_amount(r.as_str()), b_low > Decimal::ZERO)
            {
                let hundred = Decimal::ONE_HUNDRED;
                let low = f_low.max(Decimal::ZERO) / b_high * hundred;
                let high = f_high / b_low * hundred;
                let half = Decimal::new(5, decimals + 1);
                // One unit of the last place for a rate cut off instead of rounded.
                let unit = Decimal::new(1, decimals);
                if value + unit < low || value - half > high {
                    wrong.push(Wrong::Rate {
                        rate: Stated {
                            value,
                            decimals,
                            span: p.text.source_span(end + r.start()..end + r.end()),
                        },
                        implied: (outturn.value / budget.value * hundred).round_dp(decimals.max(2)),
                    });
                }
            }
        }
        let word = word
            .filter(|c| Base::of(c.name("k").or_else(|| c.name("k2"))).fits(base))
            .and_then(|c| c.name("w"));
        if let Some(w) = word {
            let said = w.as_str();
            let greater = f_low > b_high;
            let less = f_high < b_low;
            let equal = outturn.value == budget.value;
            let contradicted = match said {
                "大于" | "超过" | "高于" => !greater && (less || equal),
                "小于" | "低于" => !less && (greater || equal),
                _ => !equal && (greater || less),
            };
            if contradicted {
                wrong.push(Wrong::Word {
                    word: p.text.source_span(end + w.start()..end + w.end()),
                    said: said.chars().filter(|c| !c.is_whitespace()).collect(),
                });
            }
        }
        if !wrong.is_empty() {
            out.push(Comparison {
                budget,
                outturn,
                wrong,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn wrong(s: &str) -> Vec<Wrong> {
        wrong_comparisons(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .into_iter()
        .flat_map(|c| c.wrong)
        .collect()
    }

    #[test]
    fn right_comparisons_are_silent() {
        assert!(wrong("一般公共预算财政拨款支出年初预算为 10210.34 万元，支出决算为 9746.50 万元，完成年初预算的 95.45%。决算数小于预算数的主要原因：…").is_empty());
        assert!(wrong("年初预算为 54.53 万元，支出决算为 54.53 万元，完成年初预算的100.00%。决算数同预算数持平。").is_empty());
    }

    #[test]
    fn a_word_against_its_amounts_fires() {
        let found =
            wrong("年初预算为 120.00 万元，支出决算为 118.50 万元。决算数大于预算数的主要原因是…");
        assert!(
            matches!(found.as_slice(), [Wrong::Word { said, .. }] if said == "大于"),
            "{found:?}"
        );
        let found = wrong(
            "年初预算为 54.53 万元，支出决算为 50.53 万元，完成年初预算的92.66%。决算数同预算数持平。",
        );
        assert!(
            matches!(found.as_slice(), [Wrong::Word { .. }]),
            "{found:?}"
        );
    }

    #[test]
    fn a_wrong_completion_rate_fires() {
        let found =
            wrong("年初预算为 10210.34 万元，支出决算为 9746.50 万元，完成年初预算的 90.45%。");
        let [Wrong::Rate { implied, .. }] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(implied.to_string(), "95.46");
    }

    /// A town's final account states both budgets: each rate and word is checked against the
    /// budget it names, never the other (`为年初预算的`, `决算数大于年初预算数` after the 全年预算).
    #[test]
    fn the_initial_and_the_adjusted_budget_are_not_mixed() {
        let right = "年初预算为180.00万元，全年预算为245.00万元，支出决算为238.77万元，完成全年预算的97.46%，为年初预算的132.65%。全年预算大于年初预算，主要原因是年中追加了相关经费。决算数小于全年预算数，主要原因是部分项目按进度结转下年支付。";
        assert!(wrong(right).is_empty());
        // The word a sentence later is read, against the 全年预算.
        let found = wrong(&right.replace("决算数小于全年预算数", "决算数大于全年预算数"));
        assert!(
            matches!(found.as_slice(), [Wrong::Word { said, .. }] if said == "大于"),
            "{found:?}"
        );
        // About the 年初预算, which the pair's 全年预算 does not give: not judged against it.
        for other_base in [
            "年初预算为180.00万元，全年预算为245.00万元，支出决算为238.77万元，完成年初预算的132.65%。决算数大于年初预算数，主要原因是年中追加了相关经费。",
            "年初预算为180.00万元，调整预算为245.00万元，支出决算为238.77万元，决算数大于年初预算数。",
        ] {
            assert!(wrong(other_base).is_empty(), "{other_base}");
        }
    }

    #[test]
    fn a_budget_not_called_the_initial_one_is_read() {
        for right in [
            "2023年度“三公”经费财政拨款支出预算为15.00万元，支出决算为12.00万元，完成预算的80.00%，决算数小于预算数的主要原因是厉行节约。",
            "公务接待费全年预算数为5.00万元，决算数为3.00万元，完成全年预算的60%。",
            "调整预算为 20.00 万元，支出决算为 25.00 万元，完成调整预算的125.00%。决算数大于预算数。",
        ] {
            assert!(wrong(right).is_empty(), "{right}");
            let faulty = right
                .replace("80.00%", "85.00%")
                .replace("60%", "65%")
                .replace("125.00%", "120.00%");
            let found = wrong(&faulty);
            assert!(
                matches!(found.as_slice(), [Wrong::Rate { .. }]),
                "{faulty}: {found:?}"
            );
        }
        let faulty =
            "公务接待费支出预算为5.00万元，支出决算为3.00万元。决算数大于预算数的主要原因是…";
        let found = wrong(faulty);
        assert!(
            matches!(found.as_slice(), [Wrong::Word { .. }]),
            "{found:?}"
        );
    }
}
