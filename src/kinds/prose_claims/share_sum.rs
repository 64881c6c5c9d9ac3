//! `check = "breakdown-shares"`: the shares of the parts of one whole add up to 100%.
//!
//! A sentence that gives a whole and then each part with its amount and its share
//! (`支出预算756.21万元，其中：基本支出456.66万元，占60.39%；项目支出299.55万元，占39.61%。`,
//! `…当年支出730.42万元，主要用于以下方面：社会保障和就业支出47.53万元，占6.51%；…`) is read
//! only when the parts are provably all of the whole: their amounts add up to it, each figure
//! rounded as written. Then their shares must add up to 100% within the rounding of the shares
//! as written (half a unit of each one's last place). A sentence may run over several paragraphs
//! (one line per part); a paragraph after the parts that is not one ends it. A sentence with an
//! amount or a percentage among the parts that is not a part's amount and share (`比上年增加…`),
//! with fewer than two parts, or whose parts are the three of the 三公经费 (`three-public-shares` reads those)
//! is not read.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::lazy_regex::LazyRegex;
use crate::model::{Paragraph, Unit, squeeze};
use crate::number::{Found, scan_numbers};

use super::Figure;
use super::share::ShareClaim;

/// What may stand between a part's amount and its share: `，占`, `，占比`, `，占支出预算的`.
static SHARE_AFTER: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^[，,]?所?占(?:比|比为|比重为|比例为|[^，,；;。：:0-9%％]{1,10}?(?:的|比重为|比例为|比重|比例))?$",
    )
    .expect("share pattern compiles")
});

/// The shares of the parts of a whole their amounts add up to.
#[derive(Debug, Clone)]
pub struct PartShares {
    pub whole: Figure,
    pub shares: Vec<ShareClaim>,
    /// The lowest and highest sum the shares may stand for, rounded as written.
    pub low: Decimal,
    pub high: Decimal,
}

impl PartShares {
    pub fn sum(&self) -> Decimal {
        self.shares.iter().map(|s| s.rate.value).sum()
    }

    /// Whether the shares can make 100%.
    pub fn make_a_whole(&self) -> bool {
        self.low <= Decimal::ONE_HUNDRED && Decimal::ONE_HUNDRED <= self.high
    }
}

fn is_money(f: &Found) -> bool {
    f.unit.is_some_and(Unit::is_money)
}

/// A number of a sentence and the paragraph it is in.
type Placed<'p> = (&'p Paragraph, Found);

/// Every sentence of a run of paragraphs (not parted by a heading or a table) that gives the
/// shares of all the parts of a whole. A sentence ends at `。`: a paragraph that ends without
/// one (`…合计 28849.38 万元，其中：`, `基本支出 17123.19 万元，占 59.35%；`, one line each in
/// some templates) runs on into the next.
pub fn part_shares(run: &[&Paragraph]) -> Vec<PartShares> {
    let mut out = Vec::new();
    let mut numbers: Vec<Placed<'_>> = Vec::new();
    let mut sentence = String::new();
    for p in run {
        let text = &p.text.text;
        let mut found = scan_numbers(text).into_iter().peekable();
        for (i, c) in text.char_indices() {
            while let Some(f) = found.next_if(|f| f.range.start <= i) {
                numbers.push((p, f));
            }
            if c == '。' {
                out.extend(sentence_shares(&numbers, &sentence));
                numbers.clear();
                sentence.clear();
            } else if !c.is_whitespace() {
                sentence.push(c);
            }
        }
        numbers.extend(found.map(|f| (*p, f)));
    }
    out.extend(sentence_shares(&numbers, &sentence));
    out
}

/// The whole and its parts' shares in one sentence's numbers, when the parts are all of it.
fn sentence_shares(numbers: &[Placed<'_>], sentence: &str) -> Option<PartShares> {
    let figure = |(p, f): &Placed<'_>| Figure::found(p, f);
    // The share right after the money amount at `i`, in the same paragraph, if any.
    let share_of = |i: usize| -> Option<&Placed<'_>> {
        let ((pp, part), (rp, rate)) = (numbers.get(i)?, numbers.get(i + 1)?);
        if !std::ptr::eq(*pp, *rp) || !is_money(part) || rate.unit != Some(Unit::Percent) {
            return None;
        }
        let between = squeeze(pp.text.text.get(part.unit_end..rate.range.start)?);
        SHARE_AFTER.is_match(&between).then_some(&numbers[i + 1])
    };
    let first = (1..numbers.len()).find(|&i| share_of(i).is_some())?;
    let whole = &numbers[first - 1];
    if !is_money(&whole.1) || whole.1.value <= Decimal::ZERO {
        return None;
    }
    // From the first part on, every number is a part's amount followed by its share.
    let mut shares = Vec::new();
    let mut i = first;
    while i < numbers.len() {
        let Some(rate) = share_of(i) else {
            // A part of nothing states no share (`国有资本经营预算财政拨款 0.00 万元；`): it
            // adds nothing to either sum.
            if is_money(&numbers[i].1) && numbers[i].1.value.is_zero() {
                i += 1;
                continue;
            }
            // A paragraph after the last part that is not one ends the list (a chart's labels
            // after the lines of parts); inside the parts' paragraphs it makes them unclear.
            if std::ptr::eq(numbers[i].0, numbers[i - 1].0) {
                return None;
            }
            break;
        };
        shares.push(ShareClaim {
            part: figure(&numbers[i]),
            rate: figure(rate),
        });
        i += 2;
    }
    if shares.len() < 2 || shares.iter().any(|s| s.part.unit != whole.1.unit) {
        return None;
    }
    // The three parts of the 三公经费: `three-public-shares` judges them.
    if sentence.contains("因公出国") && sentence.contains("公务接待") {
        return None;
    }
    let whole = figure(whole);
    // The parts are all of the whole when their amounts add up to it, rounded as written.
    make_up(&whole, parts_in_yuan(&shares)).then(|| of_whole(whole, shares))
}

/// The lowest and the highest sum, in 元, the parts' amounts may stand for, rounded as written.
fn parts_in_yuan(shares: &[ShareClaim]) -> (Decimal, Decimal) {
    shares
        .iter()
        .fold((Decimal::ZERO, Decimal::ZERO), |acc, s| {
            let (l, h) = s.part.in_yuan();
            (acc.0 + l, acc.1 + h)
        })
}

/// Whether parts whose sum lies in `(low, high)` (元) may add up to `whole`.
fn make_up(whole: &Figure, (low, high): (Decimal, Decimal)) -> bool {
    let (w_low, w_high) = whole.in_yuan();
    low <= w_high && w_low <= high
}

/// The shares of parts that make `whole`, with the sums their rounding allows.
fn of_whole(whole: Figure, shares: Vec<ShareClaim>) -> PartShares {
    let half = |s: &ShareClaim| Decimal::new(5, s.rate.decimals + 1);
    let low = shares.iter().map(|s| s.rate.value - half(s)).sum();
    let high = shares.iter().map(|s| s.rate.value + half(s)).sum();
    PartShares {
        whole,
        shares,
        low,
        high,
    }
}

/// The shares of a numbered list of parts, one a paragraph (`（一）社会保障和就业支出（类）
/// 6543.20 万元，占 5.92%。`), after a paragraph that ends with a colon (`…主要用于：`): read
/// when the parts' amounts add up to an amount of that paragraph (the whole, wherever in it:
/// `一般公共预算拨款支出预算 110530.50 万元，…。按支出功能分类科目，主要用于：`), each figure
/// rounded as written. The list runs from item 1 in one style of marker while each item is a
/// part's amount and its share and nothing else; a paragraph that is not such an item ends it.
pub fn listed_part_shares(run: &[&Paragraph]) -> Vec<PartShares> {
    let mut out = Vec::new();
    for (k, lead) in run.iter().enumerate() {
        let text = lead.text.text.trim_end();
        if !text.ends_with(['：', ':']) {
            continue;
        }
        let mut shares = Vec::new();
        let mut style = None;
        for item in &run[k + 1..] {
            let Some((s, n)) = super::numbered::marker(&item.text.text) else {
                break;
            };
            if style.is_some_and(|st| st != s) || n as usize != shares.len() + 1 {
                break;
            }
            style = Some(s);
            let found = scan_numbers(&item.text.text);
            // The marker's own digits (`1.`) are no figure of the item.
            let figures: Vec<&Found> = found.iter().filter(|f| f.unit.is_some()).collect();
            let [part, rate] = figures.as_slice() else {
                break;
            };
            let between = item.text.text.get(part.unit_end..rate.range.start);
            if !is_money(part)
                || rate.unit != Some(Unit::Percent)
                || !between.is_some_and(|b| SHARE_AFTER.is_match(&squeeze(b)))
            {
                break;
            }
            shares.push(ShareClaim {
                part: Figure::found(item, part),
                rate: Figure::found(item, rate),
            });
        }
        if shares.len() < 2 {
            continue;
        }
        // The whole: the lead's amounts the parts add up to, all of one value.
        let parts = parts_in_yuan(&shares);
        let found = scan_numbers(&lead.text.text);
        let mut wholes = found
            .iter()
            .filter(|f| is_money(f) && f.value > Decimal::ZERO)
            .map(|f| Figure::found(lead, f))
            .filter(|w| make_up(w, parts));
        let Some(whole) = wholes.next() else {
            continue;
        };
        if wholes.any(|w| w.in_yuan() != whole.in_yuan()) {
            continue;
        }
        out.push(of_whole(whole, shares));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    /// What `read` finds in `s`, one paragraph per line (as in the Jiangsu documents): each
    /// whole's shares' sum and whether they can make 100%.
    fn read_with(s: &str, read: fn(&[&Paragraph]) -> Vec<PartShares>) -> Vec<(String, bool)> {
        let mut at = 0;
        let run: Vec<Paragraph> = s
            .split('\n')
            .map(|line| {
                let p = Paragraph {
                    text: Text::from_source(line, at),
                    numbers: Vec::new(),
                };
                at += line.len() + 1;
                p
            })
            .collect();
        let run: Vec<&Paragraph> = run.iter().collect();
        read(&run)
            .iter()
            .map(|w| (w.sum().to_string(), w.make_a_whole()))
            .collect()
    }

    fn sums(s: &str) -> Vec<(String, bool)> {
        read_with(s, part_shares)
    }

    #[test]
    fn shares_of_all_the_parts_are_read() {
        // tunliu-2025 line 397.
        assert_eq!(
            sums(
                "2025年度长治市屯留区医疗保障局支出预算756.21万元，其中：基本支出456.66万元，占60.39%；项目支出299.55万元，占39.61%。"
            ),
            vec![("100.00".to_string(), true)]
        );
        // tunliu-2025 line 410, three parts and 等.
        assert_eq!(
            sums(
                "一般公共预算当年支出730.42万元，主要用于以下方面：社会保障和就业支出47.53万元，占6.51%；卫生健康支出644.75万元，占88.27%；住房保障支出38.14万元，占5.22%等。"
            ),
            vec![("100.00".to_string(), true)]
        );
        // One share moved: 60.39 + 44.61.
        assert_eq!(
            sums(
                "支出预算756.21万元，其中：基本支出456.66万元，占60.39%；项目支出299.55万元，占44.61%。"
            ),
            vec![("105.00".to_string(), false)]
        );
        // js-highcourt-2017 layout lines 620-623: one line each.
        assert_eq!(
            sums(
                "本年支出预算合计 28849.38 万元，其中：\n基本支出 17123.19 万元，占 59.35%；\n项目支出 11543.27 万元，占 40.01%；\n单位预留机动经费 182.92 万元，占 0.64%；"
            ),
            vec![("100.00".to_string(), true)]
        );
        assert_eq!(
            sums(
                "本年支出预算合计 28849.38 万元，其中：\n基本支出 17123.19 万元，占 59.35%；\n项目支出 11543.27 万元，占 45.01%；\n单位预留机动经费 182.92 万元，占 0.64%；"
            ),
            vec![("105.00".to_string(), false)]
        );
        // A chart's labels after the parts end them.
        assert_eq!(
            sums(
                "本年支出预算合计 28849.38 万元，其中：\n基本支出 17123.19 万元，占 59.35%；\n项目支出 11543.27 万元，占 45.01%；\n单位预留机动经费 182.92 万元，占 0.64%；\n预留机动经费,\n0.64%"
            ),
            vec![("105.00".to_string(), false)]
        );
        // Shanghai-style wording of the share.
        assert_eq!(
            sums(
                "收入预算1,000.00万元，其中：财政拨款收入900.00万元，占收入预算的比重为90%；事业收入100.00万元，占收入预算的比重为15%。"
            ),
            vec![("105".to_string(), false)]
        );
        // fixtures/unseen/daxing-greening-2025-budget: a part of nothing is listed without a
        // share; the others still make the whole.
        let daxing = "2025 年收入预算 21,709.75 万元，其中：一般公共预算财政拨款 16,515.97 万元，占部门预算总额的 76.08%；政府性基金预算财政拨款 4,691.34 万元，占部门预算总额的 21.61%；国有资本经营预算财政拨款 0.00 万元；财政专户管理资金 234.56 万元，占部门预算总额的 1.08%；单位资金 267.88 万元，占部门预算总额的 1.23%。";
        assert_eq!(sums(daxing), vec![("100.00".to_string(), true)]);
        assert_eq!(
            sums(&daxing.replace("76.08%", "81.08%")),
            vec![("105.00".to_string(), false)]
        );
        // A part of something without its share leaves the list unread.
        assert!(sums(&daxing.replace("0.00 万元；", "5.00 万元；")).is_empty());
    }

    fn listed(s: &str) -> Vec<(String, bool)> {
        read_with(s, listed_part_shares)
    }

    /// fixtures/unseen/yiling-agriculture-2025-budget: the whole early in the lead, the parts
    /// one a paragraph, each ending its own sentence.
    const YILING: &str = "2025 年一般公共预算拨款支出预算 110530.50 万元，占本部门支出预算的 90.21%。其中：基本支出 50654.10 万元，项目支出 59876.40 万元。按支出功能分类科目，主要用于：
（一）社会保障和就业支出（类）6543.20 万元，占 5.92%。
（二）卫生健康支出（类）2876.50 万元，占 2.60%。
（三）农林水支出（类）96789.80 万元，占 87.57%。
（四）住房保障支出（类）4321.00 万元，占 3.91%。
五、一般公共预算基本支出情况";

    #[test]
    fn a_numbered_list_of_parts_after_a_colon_is_read_against_the_whole_they_make() {
        assert_eq!(listed(YILING), vec![("100.00".to_string(), true)]);
        assert_eq!(
            listed(&YILING.replace("占 5.92%", "占 10.92%")),
            vec![("105.00".to_string(), false)]
        );
        // A part left out: the rest make no amount of the lead.
        let without = YILING.replace("（四）住房保障支出（类）4321.00 万元，占 3.91%。\n", "");
        assert!(listed(&without).is_empty(), "{without}");
        // A part without its share ends the list there: the first three make no whole.
        let unshared = YILING.replace("4321.00 万元，占 3.91%", "4321.00 万元");
        assert!(listed(&unshared).is_empty());
        // The numbering broken: the list stops at the first item out of order.
        let skipped = YILING.replace("（二）卫生", "（三）卫生");
        assert!(listed(&skipped).is_empty());
    }

    #[test]
    fn parts_that_are_not_all_of_the_whole_are_not_read() {
        for s in [
            // The parts add up to less than the whole: others are not named.
            "支出预算756.21万元，其中：基本支出400.00万元，占52.90%；项目支出299.55万元，占39.61%。",
            // A comparison after the parts.
            "支出预算756.21万元，其中：基本支出456.66万元，占60.39%；项目支出299.55万元，占44.61%，比上年增加10.00万元。",
            // One part only.
            "支出预算756.21万元，其中：基本支出456.66万元，占65.39%。",
            // The 三公经费's parts.
            "“三公”经费100.00万元，其中：因公出国（境）费20.00万元，占25%；公务用车购置及运行费50.00万元，占50%；公务接待费30.00万元，占30%。",
        ] {
            assert!(sums(s).is_empty(), "{s}");
        }
    }
}
