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
use crate::model::{Paragraph, Unit};
use crate::number::{parse_amount, scan_numbers};
use crate::source::Span;

/// The budget and the outturn of one sentence.
static PAIR: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:(?P<k>年初|全年|调整后?的?)预算数?\\s*为?|预算数?\\s*为)\\s*(?P<b>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<bu>万元|亿元|元)\\s*[，,]\\s*[^，,。；;0-9]{0,12}?(?:决算数?|执行数)\\s*为?\\s*(?P<f>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<fu>万元|亿元|元)",
    )
    .expect("pair pattern compiles")
});

/// The outturn first, then the budgets: `支出决算 52.32 万元，年初预算 51.80 万元，全年预算 52.40
/// 万元` (Heilongjiang's final accounts), the 年初 one, when both are given, before the other.
static REVERSED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:决算数?|执行数)\\s*为?\\s*(?P<f>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<fu>万元|亿元|元)\\s*[，,]\\s*(?:年初预算数?\\s*为?\\s*(?P<a>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<au>万元|亿元|元)\\s*[，,]\\s*)?(?P<k>年初|全年|调整后?的?)?预算数?\\s*为?\\s*(?P<b>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<bu>万元|亿元|元)",
    )
    .expect("reversed pair pattern compiles")
});

/// One budget and outturn as a sentence states them, in either order.
struct Pair<'t> {
    start: usize,
    /// Just after the later of the two.
    end: usize,
    budget: crate::lazy_regex::Match<'t>,
    outturn: crate::lazy_regex::Match<'t>,
    unit: &'t str,
    base: Base,
    /// The 年初预算 stated with a later budget: after it in the pattern of [`PAIR`]'s text
    /// (`年初预算为 A 万元，全年预算为…`, found by [`initial_before`]), between the outturn and
    /// the budget in [`REVERSED`]'s.
    initial: Option<std::ops::Range<usize>>,
}

/// The budget-and-outturn pairs of `text`, budget first or outturn first, in order, each in
/// one unit; a pair overlapping an earlier one is not another.
fn pairs_in(text: &str) -> Vec<Pair<'_>> {
    let mut pairs: Vec<Pair> = Vec::new();
    for (pattern, reversed) in [(&PAIR, false), (&REVERSED, true)] {
        for m in pattern.captures_iter(text) {
            let (Some(whole), Some(b), Some(f), Some(bu), Some(fu)) = (
                m.get(0),
                m.name("b"),
                m.name("f"),
                m.name("bu"),
                m.name("fu"),
            ) else {
                continue;
            };
            if bu.as_str() != fu.as_str() {
                continue;
            }
            let base = Base::of(m.name("k"));
            let initial = match (base, reversed) {
                (Base::Adjusted, false) => initial_before(text, whole.start(), fu.as_str()),
                (Base::Adjusted, true) => m
                    .name("a")
                    .filter(|_| m.name("au").map(|u| u.as_str()) == Some(fu.as_str()))
                    .map(|a| a.range()),
                _ => None,
            };
            pairs.push(Pair {
                start: whole.start(),
                end: if reversed { bu.end() } else { fu.end() },
                budget: b,
                outturn: f,
                unit: fu.as_str(),
                base,
                initial,
            });
        }
    }
    pairs.sort_by_key(|p| p.start);
    let mut kept: Vec<Pair> = Vec::new();
    for p in pairs {
        if kept.last().is_none_or(|last| p.start >= last.end) {
            kept.push(p);
        }
    }
    kept
}

/// `完成年初预算的 95.45%`, `决算数为年初预算的 100.47%`, `…，为年初预算的 105.97%`, and a
/// self-evaluation's `全年预算数 A 万元，执行数 B 万元，执行率为 R%` (of the budget named).
static RATE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?:(?:完成|决算数?\\s*为|[，,]\\s*为)\\s*(?P<k>年初|全年|调整后?的?)?预算数?的|(?:预算)?执行率\\s*(?:为|是|达到?)?)\\s*(?P<r>[0-9]+(?:\\.[0-9]+)?)\\s*[%％]")
        .expect("rate pattern compiles")
});

/// `较年初预算减少 112.35 万元`: the outturn against the budget, in money.
pub(super) static CHANGE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("[较比]\\s*(?P<k>年初|全年|调整后?的?)?\\s*预算数?\\s*(?P<w>增加|减少)\\s*(?P<d>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<du>万元|亿元|元)")
        .expect("change pattern compiles")
});

/// `决算数小于预算数`, `决算数同预算数持平`, `决算数与年初预算数一致`.
static WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("决算数?\\s*(?P<w>大于|小于|等于|超过|低于|高于|[同与和]\\s*(?P<k>年初|全年|调整后?的?)?预算数?\\s*(?:基本)?(?:持平|一致|相等|相同))\\s*(?P<k2>年初|全年|调整后?的?)?")
        .expect("word pattern compiles")
});

/// `年初预算为 A 万元，` just before a pair of the 全年 / 调整 budget and the outturn: the
/// initial budget of a town's three-figure restatement.
static INITIAL: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("年初预算数?\\s*为?\\s*(?P<a>[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(?P<au>万元|亿元|元)\\s*[，,]\\s*")
        .expect("initial budget pattern compiles")
});

/// `全年预算数大于年初预算数`, `调整预算与年初预算持平`: one budget against the other.
static BUDGETS: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("(?P<x>全年|调整后?的?|年初)预算数?\\s*(?P<w>大于|小于|等于|超过|低于|高于|[同与和]\\s*(?P<y>年初|全年|调整后?的?)预算数?\\s*(?:基本)?(?:持平|一致|相等|相同))\\s*(?:(?P<y2>年初|全年|调整后?的?)预算数?)?")
        .expect("budgets pattern compiles")
});

/// The lines of one breakdown a sentence may compare by name (`基本支出小于项目支出`): names the
/// prose gives each an amount of its own.
const PARTS: &str = "基本支出|项目支出|人员经费|公用经费|一般公共预算(?:财政)?拨款(?:收入|支出)|政府性基金预算(?:财政)?拨款(?:收入|支出)|财政拨款(?:收入|支出)|事业收入|经营收入|其他收入";

/// `基本支出小于项目支出`, `人员经费高于公用经费`: two named lines compared by a word.
static PARTS_WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(&format!(
        "(?P<a>{PARTS})(?:数|金额)?\\s*(?P<w>大于|小于|高于|低于|多于|少于|超过|等于)\\s*(?P<b>{PARTS})"
    ))
    .expect("parts word pattern compiles")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [
        &PARTS_WORD,
        &PAIR,
        &REVERSED,
        &RATE,
        &WORD,
        &CHANGE,
        &INITIAL,
        &BUDGETS,
    ] {
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
    /// `较年初预算减少 D 万元`: the word (`增加` / `减少`) or the difference D is not what the
    /// outturn minus the budget gives; `implied` is that difference, signed.
    Change {
        said: String,
        change: Stated,
        word: Span,
        implied: Decimal,
    },
    /// `全年预算数大于年初预算数` (`said`, the whole phrase) where the 全年 / 调整 budget
    /// `adjusted` says otherwise against the comparison's budget, the 年初预算.
    Budgets {
        word: Span,
        said: String,
        adjusted: Stated,
    },
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
    if !(text.contains("决算") || text.contains("执行数")) || !text.contains("预算") {
        return out;
    }
    let pairs = pairs_in(text);
    for (k, pair) in pairs.iter().enumerate() {
        let (b, f, unit) = (pair.budget, pair.outturn, pair.unit);
        // What the sentences say after a pair is said of it up to the next pair (`因公出国费
        // 预算为 0 万元，决算为 0 万元；公务用车运行费预算为 20.00 万元，决算为 18.65 万元，
        // 决算数小于预算数`: the word is the second pair's).
        let limit = pairs.get(k + 1).map_or(text.len(), |n| n.start);
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
        let end = pair.end;
        let first = text[end..]
            .find('。')
            .map_or(text.len(), |i| end + i + '。'.len_utf8())
            .min(limit);
        let second = text[first..]
            .find('。')
            .map_or(text.len(), |i| first + i)
            .min(limit);
        let after = &text[end..second];
        let base = pair.base;
        // A word may come a sentence later, after one comparing the two budgets (`全年预算大于
        // 年初预算，主要原因是…。决算数小于全年预算数…`), unless that sentence starts another pair.
        let third = text
            .get(second + '。'.len_utf8()..)
            .and_then(|rest| rest.find('。'))
            .map_or(text.len(), |i| second + '。'.len_utf8() + i)
            .min(limit);
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
            .captures_iter(after)
            .find(|c| Base::of(c.name("k")).fits(base))
            .and_then(|c| c.name("r"));
        if let Some(w) = rate.and_then(|r| wrong_rate(p, end, r, &budget, &outturn)) {
            wrong.push(w);
        }
        let word = word
            .filter(|c| Base::of(c.name("k").or_else(|| c.name("k2"))).fits(base))
            .and_then(|c| c.name("w"));
        if let Some(w) = word {
            if contradicts(w.as_str(), &outturn, &budget) {
                wrong.push(Wrong::Word {
                    word: p.text.source_span(end + w.start()..end + w.end()),
                    said: w.as_str().chars().filter(|c| !c.is_whitespace()).collect(),
                });
            }
        }
        // `较年初预算减少 D 万元` in the pair's own sentence.
        let sentence = &text[end..first];
        let change = CHANGE
            .captures(sentence)
            .filter(|c| Base::of(c.name("k")).fits(base));
        if let Some(c) = change {
            if let (Some(w), Some(d), Some(du)) = (c.name("w"), c.name("d"), c.name("du")) {
                if du.as_str() == unit {
                    if let Some((value, decimals)) = parse_amount(d.as_str()) {
                        let change = Stated {
                            value,
                            decimals,
                            span: p.text.source_span(end + d.start()..end + d.end()),
                        };
                        let said = w.as_str();
                        // The signed difference the word and D state, against the one the
                        // amounts give, each within the rounding of what was written.
                        let (d_low, d_high) = change.bounds();
                        let (low, high) = if said == "增加" {
                            (d_low, d_high)
                        } else {
                            (-d_high, -d_low)
                        };
                        if high < f_low - b_high || low > f_high - b_low {
                            wrong.push(Wrong::Change {
                                said: said.to_string(),
                                change,
                                word: p.text.source_span(end + w.start()..end + w.end()),
                                implied: outturn.value - budget.value,
                            });
                        }
                    }
                }
            }
        }
        // `年初预算为 A 万元，全年预算为 B 万元，支出决算为 C 万元`: what the sentences say of the
        // 年初预算 is checked against A.
        let initial = (base == Base::Adjusted)
            .then(|| pair.initial.clone())
            .flatten()
            .and_then(|a| {
                parse_amount(&text[a.clone()]).map(|(value, decimals)| Stated {
                    value,
                    decimals,
                    span: p.text.source_span(a),
                })
            });
        if let Some(initial) = initial {
            let mut against_initial = Vec::new();
            let rate = RATE
                .captures_iter(after)
                .find(|c| Base::of(c.name("k")) == Base::Initial)
                .and_then(|c| c.name("r"));
            if let Some(w) = rate.and_then(|r| wrong_rate(p, end, r, &initial, &outturn)) {
                against_initial.push(w);
            }
            let word = WORD
                .captures_iter(after)
                .find(|c| Base::of(c.name("k").or_else(|| c.name("k2"))) == Base::Initial)
                .and_then(|c| c.name("w"));
            if let Some(w) = word {
                if contradicts(w.as_str(), &outturn, &initial) {
                    against_initial.push(Wrong::Word {
                        word: p.text.source_span(end + w.start()..end + w.end()),
                        said: w.as_str().chars().filter(|c| !c.is_whitespace()).collect(),
                    });
                }
            }
            if let Some(w) = wrong_budgets_word(p, end, after, &initial, &budget) {
                against_initial.push(w);
            }
            if !against_initial.is_empty() {
                out.push(Comparison {
                    budget: initial,
                    outturn: outturn.clone(),
                    wrong: against_initial,
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

/// The 年初预算 written just before the pair starting at `pair_start`, in the same sentence and
/// in the pair's unit: `年初预算为 750.36 万元，` then `全年预算为 804.45 万元，支出决算为…`.
fn initial_before(text: &str, pair_start: usize, unit: &str) -> Option<std::ops::Range<usize>> {
    let from = text[..pair_start]
        .rfind('。')
        .map_or(0, |i| i + '。'.len_utf8());
    let c = INITIAL
        .captures_iter(&text[from..pair_start])
        .last()
        .filter(|c| c.get(0).is_some_and(|w| from + w.end() == pair_start))?;
    if c.name("au").map(|u| u.as_str()) != Some(unit) {
        return None;
    }
    let a = c.name("a")?;
    Some(from + a.start()..from + a.end())
}

/// A completion rate `r` (found in `text[end..]`) that outturn ÷ budget contradicts, each
/// rounded as written; a rate cut off at its last place instead of rounded is right too.
fn wrong_rate(
    p: &Paragraph,
    end: usize,
    r: crate::lazy_regex::Match<'_>,
    budget: &Stated,
    outturn: &Stated,
) -> Option<Wrong> {
    let (value, decimals) = parse_amount(r.as_str())?;
    let (b_low, b_high) = budget.bounds();
    let (f_low, f_high) = outturn.bounds();
    if b_low <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let low = f_low.max(Decimal::ZERO) / b_high * hundred;
    let high = f_high / b_low * hundred;
    let half = Decimal::new(5, decimals + 1);
    let unit = Decimal::new(1, decimals);
    (value + unit < low || value - half > high).then(|| Wrong::Rate {
        rate: Stated {
            value,
            decimals,
            span: p.text.source_span(end + r.start()..end + r.end()),
        },
        implied: (outturn.value / budget.value * hundred).round_dp(decimals.max(2)),
    })
}

/// Whether `a <said> b` (`大于`, `小于`, `持平`, `与…一致`) is contradicted by the two amounts,
/// each within the rounding of what was written.
fn contradicts(said: &str, a: &Stated, b: &Stated) -> bool {
    let (a_low, a_high) = a.bounds();
    let (b_low, b_high) = b.bounds();
    let greater = a_low > b_high;
    let less = a_high < b_low;
    let equal = a.value == b.value;
    match said {
        "大于" | "超过" | "高于" | "多于" => !greater && (less || equal),
        "小于" | "低于" | "少于" => !less && (greater || equal),
        _ => !equal && (greater || less),
    }
}

/// `全年预算数大于年初预算数` in `after` (`text[end..]`) that the two budgets contradict.
fn wrong_budgets_word(
    p: &Paragraph,
    end: usize,
    after: &str,
    initial: &Stated,
    adjusted: &Stated,
) -> Option<Wrong> {
    BUDGETS.captures_iter(after).find_map(|c| {
        let w = c.name("w")?;
        let first = Base::of(c.name("x"));
        let second = Base::of(c.name("y").or_else(|| c.name("y2")));
        let (a, b) = match (first, second) {
            (Base::Adjusted, Base::Initial) => (adjusted, initial),
            (Base::Initial, Base::Adjusted) => (initial, adjusted),
            _ => return None,
        };
        contradicts(w.as_str(), a, b).then(|| Wrong::Budgets {
            word: p.text.source_span(end + w.start()..end + w.end()),
            said: c
                .get(0)
                .map_or("", |m| m.as_str())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            adjusted: adjusted.clone(),
        })
    })
}

/// Two named lines compared by a word their amounts contradict: `基本支出 2215.26 万元，…；项目支出
/// 3992.52 万元。基本支出大于项目支出`.
#[derive(Debug, Clone)]
pub struct PartsComparison {
    /// The comparison as written, whitespace removed (`基本支出大于项目支出`).
    pub said: String,
    pub word: Span,
    /// The two lines' names and amounts, in the order compared.
    pub first: (String, Stated),
    pub second: (String, Stated),
}

/// Every comparison of two named lines in a paragraph (`基本支出小于项目支出`) that the amounts
/// the paragraph gives them before it contradict. Each name must label one amount only before
/// the comparison (the clause before the amount ends with it: `其中：基本支出2215.26万元`), both
/// in the same unit; otherwise which figures are compared is not clear and nothing is said.
pub fn wrong_parts_comparisons(p: &Paragraph) -> Vec<PartsComparison> {
    let text = &p.text.text;
    let mut out = Vec::new();
    if ![
        "大于", "小于", "高于", "低于", "多于", "少于", "超过", "等于",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        return out;
    }
    let found = scan_numbers(text);
    for c in PARTS_WORD.captures_iter(text) {
        let (Some(whole), Some(a), Some(w), Some(b)) =
            (c.get(0), c.name("a"), c.name("w"), c.name("b"))
        else {
            continue;
        };
        if a.as_str() == b.as_str() {
            continue;
        }
        let amount_of = |name: &str| -> Option<(Stated, Unit)> {
            let mut labelled = found.iter().filter(|f| {
                f.unit_end <= whole.start()
                    && f.unit.is_some_and(Unit::is_money)
                    && super::share::labelled_with(text, f, name)
            });
            let first = labelled.next()?;
            if labelled.any(|f| f.value != first.value || f.unit != first.unit) {
                return None;
            }
            Some((
                Stated {
                    value: first.value,
                    decimals: first.decimals,
                    span: p.text.source_span(first.range.start..first.unit_end),
                },
                first.unit?,
            ))
        };
        let (Some((x, xu)), Some((y, yu))) = (amount_of(a.as_str()), amount_of(b.as_str())) else {
            continue;
        };
        if xu != yu || !contradicts(w.as_str(), &x, &y) {
            continue;
        }
        out.push(PartsComparison {
            said: whole
                .as_str()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect(),
            word: p.text.source_span(w.start()..w.end()),
            first: (a.as_str().to_string(), x),
            second: (b.as_str().to_string(), y),
        });
    }
    out
}

/// An outturn, its change against the budget and its completion rate, with no budget written
/// (`一般公共预算财政拨款支出 35107.05 万元，…，较年初预算减少 1895.15 万元，完成年初预算的
/// 94.88%`): the budget the change implies (35107.05 + 1895.15) must give the rate.
#[derive(Debug, Clone)]
pub struct ImpliedBudget {
    pub outturn: Stated,
    /// `增加` or `减少`, and where it stands.
    pub said: String,
    pub word: Span,
    pub change: Stated,
    pub rate: Stated,
    /// The budget the outturn and the change give, and the rate they give, in percent.
    pub budget: Decimal,
    pub implied: Decimal,
}

/// Every sentence of a paragraph whose one amount, its change against the budget and its
/// completion rate cannot all be right (a sentence with a budget written is
/// [`wrong_comparisons`]'s).
pub fn wrong_implied_budgets(p: &Paragraph) -> Vec<ImpliedBudget> {
    let text = &p.text.text;
    let mut out = Vec::new();
    if !text.contains("预算的") {
        return out;
    }
    for c in CHANGE.captures_iter(text) {
        let (Some(whole), Some(w), Some(d), Some(du)) =
            (c.get(0), c.name("w"), c.name("d"), c.name("du"))
        else {
            continue;
        };
        let start = text[..whole.start()]
            .rfind('。')
            .map_or(0, |i| i + '。'.len_utf8());
        let end = text[whole.end()..]
            .find('。')
            .map_or(text.len(), |i| whole.end() + i);
        if PAIR.is_match(&text[start..end]) {
            continue;
        }
        let unit = match du.as_str() {
            "万元" => Unit::WanYuan,
            "亿元" => Unit::YiYuan,
            _ => Unit::Yuan,
        };
        // The sentence's one amount of money before the change: the outturn.
        let before = scan_numbers(&text[start..whole.start()]);
        let mut money = before.iter().filter(|f| f.unit.is_some_and(Unit::is_money));
        let (Some(x), None) = (money.next(), money.next()) else {
            continue;
        };
        if x.unit != Some(unit) {
            continue;
        }
        let Some(r) = RATE
            .captures(&text[whole.end()..end])
            .and_then(|m| m.name("r"))
        else {
            continue;
        };
        let (Some((d_value, d_decimals)), Some((r_value, r_decimals))) =
            (parse_amount(d.as_str()), parse_amount(r.as_str()))
        else {
            continue;
        };
        let outturn = Stated {
            value: x.value,
            decimals: x.decimals,
            span: p
                .text
                .source_span(start + x.range.start..start + x.range.end),
        };
        let change = Stated {
            value: d_value,
            decimals: d_decimals,
            span: p.text.source_span(d.start()..d.end()),
        };
        let rate = Stated {
            value: r_value,
            decimals: r_decimals,
            span: p
                .text
                .source_span(whole.end() + r.start()..whole.end() + r.end()),
        };
        let said = w.as_str();
        let (x_low, x_high) = outturn.bounds();
        let (d_low, d_high) = change.bounds();
        let hundred = Decimal::ONE_HUNDRED;
        // outturn ÷ budget, the budget being the outturn plus the fall or minus the rise.
        let (low, high, budget) = if said == "减少" {
            (
                x_low.max(Decimal::ZERO) / (x_low.max(Decimal::ZERO) + d_high),
                x_high / (x_high + d_low.max(Decimal::ZERO)),
                outturn.value + change.value,
            )
        } else {
            if x_low - d_high <= Decimal::ZERO {
                continue;
            }
            (
                x_high / (x_high - d_low.max(Decimal::ZERO)),
                x_low / (x_low - d_high),
                outturn.value - change.value,
            )
        };
        if budget <= Decimal::ZERO || x_high + d_low <= Decimal::ZERO {
            continue;
        }
        let half = Decimal::new(5, r_decimals + 1);
        // One unit of the last place for a rate cut off instead of rounded.
        let unit_place = Decimal::new(1, r_decimals);
        if r_value + unit_place < low * hundred || r_value - half > high * hundred {
            out.push(ImpliedBudget {
                implied: (outturn.value / budget * hundred).round_dp(r_decimals.max(2)),
                budget,
                outturn,
                said: said.to_string(),
                word: p.text.source_span(w.start()..w.end()),
                change,
                rate,
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
    fn two_named_lines_compared_are_checked_against_their_amounts() {
        // daliang-street-2024 (unseen).
        let right = "本年支出合计6207.78万元，其中：基本支出2215.26万元，占35.69%；项目支出3992.52万元，占64.31%。基本支出小于项目支出，主要是社区治理项目较多。";
        let read = |s: &str| {
            wrong_parts_comparisons(&Paragraph {
                text: Text::from_source(s, 0),
                numbers: Vec::new(),
            })
            .into_iter()
            .map(|w| w.said)
            .collect::<Vec<_>>()
        };
        assert!(read(right).is_empty());
        assert_eq!(
            read(&right.replace("基本支出小于", "基本支出大于")),
            ["基本支出大于项目支出"]
        );
        // A name with no amount of its own before the comparison, or two: silent.
        assert!(read("基本支出2215.26万元。人员经费大于公用经费。").is_empty());
        assert!(
            read("上年基本支出5000.00万元；本年基本支出2215.26万元，项目支出3992.52万元。基本支出大于项目支出。")
                .is_empty()
        );
        // Equal within the rounding written: `等于` holds, `大于` does not.
        assert!(read("人员经费 10.0 万元，公用经费 10.00 万元。人员经费等于公用经费。").is_empty());
    }

    #[test]
    fn a_word_after_several_pairs_is_said_of_the_pair_before_it() {
        let s = "其中：因公出国（境）费支出预算为 0 万元，支出决算为 0 万元；公务用车运行费支出预算为 20.00 万元，支出决算为 18.65 万元，完成预算的 93.25%，决算数小于预算数的主要原因是严格执行用车管理规定；公务接待费支出预算为 1.00 万元，支出决算为 0 万元，完成预算的 0%。";
        assert!(wrong(s).is_empty(), "{:?}", wrong(s));
        // Said of the second pair, the word is checked against it.
        let flipped = s.replace("决算数小于预算数", "决算数大于预算数");
        assert_eq!(wrong(&flipped).len(), 1, "{:?}", wrong(&flipped));
    }

    #[test]
    fn an_outturn_stated_before_its_budgets_is_compared_with_them() {
        // Heilongjiang: the outturn, the 年初预算, then the 全年预算 the rate and word are of.
        let s = "离退休（项）支出决算 52.32 万元，年初预算 51.80 万元，全年预算 52.40 万元，完成全年预算的 99.85%，决算数小于全年预算数。";
        assert!(wrong(s).is_empty(), "{:?}", wrong(s));
        assert_eq!(wrong(&s.replace("小于", "大于")).len(), 1);
        assert_eq!(wrong(&s.replace("99.85%", "94.85%")).len(), 1);
        // What is said of the 年初预算 is checked against the figure between the two.
        let initial = s.replace("完成全年预算的 99.85%", "完成年初预算的 101.00%");
        assert!(wrong(&initial).is_empty(), "{:?}", wrong(&initial));
        assert_eq!(
            wrong(&s.replace("完成全年预算的 99.85%", "完成年初预算的 96.00%")).len(),
            1
        );
    }

    #[test]
    fn right_comparisons_are_silent() {
        assert!(wrong("一般公共预算财政拨款支出年初预算为 10210.34 万元，支出决算为 9746.50 万元，完成年初预算的 95.45%。决算数小于预算数的主要原因：…").is_empty());
        assert!(wrong("年初预算为 54.53 万元，支出决算为 54.53 万元，完成年初预算的100.00%。决算数同预算数持平。").is_empty());
        assert!(wrong("年初预算为 2,900.00 万元，支出决算为 2,913.56 万元，决算数为年初预算的 100.47%。主要原因是…").is_empty());
        assert!(wrong("年初预算为 987.65 万元，支出决算为 987.65 万元，决算数为年初预算的 100.00%。决算数与年初预算数一致。").is_empty());
    }

    #[test]
    fn the_outturn_as_a_share_of_the_budget_and_a_word_of_agreement_are_read() {
        let found = wrong(
            "年初预算为 987.65 万元，支出决算为 997.65 万元，决算数为年初预算的 100.00%。决算数与年初预算数一致。",
        );
        assert!(
            matches!(found.as_slice(), [Wrong::Rate { .. }, Wrong::Word { said, .. }] if said == "与年初预算数一致"),
            "{found:?}"
        );
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
    fn a_change_against_the_budget_is_checked() {
        for right in [
            "文化和旅游（款）行政运行（项）。年初预算 4100.00 万元，支出决算 3987.65 万元，较年初预算减少 112.35 万元，主要原因是厉行节约。",
            "群众文化（项）。年初预算 3500.00 万元，支出决算 3580.23 万元，较年初预算增加 80.23 万元，主要原因是年中追加了专项经费。",
            "年初预算为 1.2 万元，支出决算为 1.1 万元，较年初预算减少 0.14 万元。",
        ] {
            assert!(wrong(right).is_empty(), "{right}");
        }
        let flipped = wrong(
            "年初预算 4100.00 万元，支出决算 3987.65 万元，较年初预算增加 112.35 万元，主要原因是厉行节约。",
        );
        assert!(
            matches!(flipped.as_slice(), [Wrong::Change { said, implied, .. }] if said == "增加" && implied.to_string() == "-112.35"),
            "{flipped:?}"
        );
        let moved =
            wrong("年初预算 4100.00 万元，支出决算 3997.65 万元，较年初预算减少 112.35 万元。");
        assert!(
            matches!(moved.as_slice(), [Wrong::Change { .. }]),
            "{moved:?}"
        );
        // Equal as written and said to be equal: the word is checked.
        let equal = wrong("年初预算 1765.43 万元，支出决算 1775.43 万元，决算数与年初预算数持平。");
        assert!(
            matches!(equal.as_slice(), [Wrong::Word { .. }]),
            "{equal:?}"
        );
        // A bare `预算 A 万元` (no 年初 / 全年 / 调整, no 为) is not read as the pair.
        assert!(
            wrong("一般公共预算 100.00 万元，支出决算 90.00 万元，较年初预算增加 10.00 万元。")
                .is_empty()
        );
    }

    #[test]
    fn a_change_and_a_rate_without_the_budget_are_checked_together() {
        let implied = |s: &str| {
            wrong_implied_budgets(&Paragraph {
                text: Text::from_source(s, 0),
                numbers: Vec::new(),
            })
        };
        let right = "2023 年度一般公共预算财政拨款支出 35107.05 万元，占本年支出合计的 87.69%，较年初预算减少 1895.15 万元，完成年初预算的 94.88%。";
        assert!(implied(right).is_empty());
        assert!(
            implied("支出决算 3580.23 万元，较年初预算增加 80.23 万元，完成年初预算的 102.29%。")
                .is_empty()
        );
        let flipped = implied(&right.replace("减少", "增加"));
        assert!(
            matches!(flipped.as_slice(), [ImpliedBudget { said, implied, .. }] if said == "增加" && implied.to_string() == "105.71"),
            "{flipped:?}"
        );
        assert_eq!(implied(&right.replace("94.88%", "99.88%")).len(), 1);
        // Two amounts before the change: which one is the outturn is not sure.
        assert!(implied("收入 100.00 万元，支出 35107.05 万元，较年初预算增加 1895.15 万元，完成年初预算的 94.88%。").is_empty());
        // A written budget is the pair's check, not this one.
        assert!(implied("年初预算为 4100.00 万元，支出决算为 3987.65 万元，较年初预算减少 12.35 万元，完成年初预算的 97.26%。").is_empty());
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
        // About the 年初预算, written just before the pair: judged against it, not the 全年预算.
        for other_base in [
            "年初预算为180.00万元，全年预算为245.00万元，支出决算为238.77万元，完成年初预算的132.65%。决算数大于年初预算数，主要原因是年中追加了相关经费。",
            "年初预算为180.00万元，调整预算为245.00万元，支出决算为238.77万元，决算数大于年初预算数。",
        ] {
            assert!(wrong(other_base).is_empty(), "{other_base}");
        }
        let found = wrong(&right.replace("为年初预算的132.65%", "为年初预算的137.65%"));
        assert!(
            matches!(found.as_slice(), [Wrong::Rate { implied, .. }] if implied.to_string() == "132.65"),
            "{found:?}"
        );
        let found = wrong(&right.replace("全年预算大于年初预算", "全年预算小于年初预算"));
        assert!(
            matches!(found.as_slice(), [Wrong::Budgets { said, adjusted, .. }] if said == "全年预算小于年初预算" && adjusted.value.to_string() == "245.00"),
            "{found:?}"
        );
        let found = wrong(
            "年初预算为180.00万元，调整预算为245.00万元，支出决算为238.77万元，决算数小于年初预算数。",
        );
        assert!(
            matches!(found.as_slice(), [Wrong::Word { said, .. }] if said == "小于"),
            "{found:?}"
        );
        // The 年初预算 of another clause, or in another unit, is not the pair's.
        for apart in [
            "年初预算为180.00万元，其中基本支出120.00万元，全年预算为245.00万元，支出决算为238.77万元，为年初预算的100.00%。",
            "年初预算为1800000.00元，全年预算为245.00万元，支出决算为238.77万元，为年初预算的100.00%。",
        ] {
            assert!(wrong(apart).is_empty(), "{apart}");
        }
    }

    #[test]
    fn a_budget_not_called_the_initial_one_is_read() {
        for right in [
            "2023年度“三公”经费财政拨款支出预算为15.00万元，支出决算为12.00万元，完成预算的80.00%，决算数小于预算数的主要原因是厉行节约。",
            "公务接待费全年预算数为5.00万元，决算数为3.00万元，完成全年预算的60%。",
            "调整预算为 20.00 万元，支出决算为 25.00 万元，完成调整预算的125.00%。决算数大于预算数。",
            // A project's self-evaluation (unseen liandu-culture-2025-final).
            "公共文化服务体系建设项目全年预算数280.00万元，执行数268.45万元，执行率为95.88%，自评得分97.46分。",
        ] {
            assert!(wrong(right).is_empty(), "{right}");
            let faulty = right
                .replace("80.00%", "85.00%")
                .replace("60%", "65%")
                .replace("125.00%", "120.00%")
                .replace("95.88%", "90.88%");
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
