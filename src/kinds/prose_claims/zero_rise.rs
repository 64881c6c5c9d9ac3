//! `check = "zero-rise"`: an amount of 0 said to be more than last year's.
//!
//! `公务用车购置费 0 万元，本年数大于上年预算数`, `因公出国（境）费 0.00 万元，与上年相比增加`: an
//! amount is never below 0, so 0 cannot have risen. The comparison must follow the amount in its
//! clause (`，` between them at most, or one clause saying nothing was spent: `未安排…团组`) and
//! name last year (`上年`, `上一年`, `2023年`); a rise
//! stated as 0 (`增加 0 万元`) is no rise. `0.00 万元` may stand for up to 49 元, so the finding is
//! a warning, not an error.

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;
use crate::model::{Paragraph, Unit};
use crate::number::scan_numbers;
use crate::source::Span;

use super::Figure;

/// The comparison right after an amount: `，与上年相比增加`, `，比上年增长`, `，本年数大于上年预算数`;
/// or after one clause that says nothing was spent (`，本部门 2024 年度未安排因公出国（境）团组，
/// 与上年增加`).
static RISE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^\\s*[，,]?\\s*(?:[^，,。；;]{0,30}?(?:未安排|未发生|未列支|未开支)[^，,。；;]{0,30}[，,]\\s*)?(?:(?:本年数?\\s*)?(?:与|比|较|同)\\s*(?:上\\s*一?\\s*年|去\\s*年|[0-9]{4}\\s*年)\\s*度?[^，,。；;0-9]{0,10}?(?P<w>增加|增长|上升|大于|高于|超过|多于)\
         |本年数?\\s*(?P<c>大于|高于|超过|多于)\\s*上\\s*年)",
    )
    .expect("rise pattern compiles")
});

/// Compile this module's pattern ahead of its first use ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    RISE.warm(hint);
}

/// An amount of 0 and the word that says it rose.
#[derive(Debug, Clone)]
pub struct ZeroRise {
    pub amount: Figure,
    pub word: Span,
    pub word_text: String,
}

/// Every amount of 0 in the paragraph followed by a rise against last year.
pub fn zero_rises(p: &Paragraph) -> Vec<ZeroRise> {
    let text = &p.text.text;
    let found = scan_numbers(text);
    let mut out = Vec::new();
    for f in &found {
        if !f.unit.is_some_and(Unit::is_money) || !f.value.is_zero() {
            continue;
        }
        // `减少 0 万元，与上年…`: the zero is a change, not the line's amount.
        let before: String = text[..f.range.start]
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .take(2)
            .collect();
        if ["加增", "少减", "长增", "降下"].contains(&before.as_str()) {
            continue;
        }
        let rest = &text[f.unit_end..];
        let Some(m) = RISE.captures(rest) else {
            continue;
        };
        let Some(word) = m.name("w").or_else(|| m.name("c")) else {
            continue;
        };
        // `增加（减少）0 万元`: the template's two words, left for the writer to choose.
        let after_word = rest[word.end()..].trim_start();
        if after_word.starts_with(['（', '(']) {
            continue;
        }
        // `增加 0 万元`: a rise of nothing.
        if scan_numbers(after_word)
            .first()
            .is_some_and(|g| g.range.start == 0 && g.value.is_zero())
        {
            continue;
        }
        let at = f.unit_end + word.start();
        out.push(ZeroRise {
            amount: Figure::found(p, f),
            word: p.text.source_span(at..at + word.len()),
            word_text: word.as_str().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn words(s: &str) -> Vec<String> {
        zero_rises(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .into_iter()
        .map(|z| z.word_text)
        .collect()
    }

    #[test]
    fn nothing_rises_from_zero() {
        assert_eq!(
            words("其中：因公出国（境）费支出决算为 0.00 万元，与上年相比增加。"),
            vec!["增加"]
        );
        assert_eq!(
            words("（1）公务用车购置预算支出 0 万元，本年数大于上年预算数的主要原因是…"),
            vec!["大于"]
        );
        assert_eq!(
            words("公务用车购置费 0.00 万元，与 2023 年度相比增长。"),
            vec!["增长"]
        );
        // fixtures/unseen/chuanhui-resources-2024: a clause saying nothing was spent between.
        assert_eq!(
            words(
                "1.因公出国（境）费 0.00 万元，本部门 2024 年度未安排因公出国（境）团组，与上年增加。"
            ),
            vec!["增加"]
        );
        // The right words, a rise of nothing, a zero that is a change, another clause.
        for quiet in [
            "因公出国（境）费 0.00 万元，与上年持平。",
            "公务用车购置费 0 万元，本年数小于上年预算数。",
            "公务用车购置费 0 万元，比上年增加 0 万元。",
            "政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（减少） 0 %。",
            "支出比上年减少 0 万元，与上年相比增加的是人员。",
            "公务用车购置费 0 万元。公务接待费 3 万元，比上年增加 1 万元。",
            "公务接待费 3.00 万元，比上年增加 1.00 万元。",
            "因公出国（境）费 0.00 万元，本部门 2024 年度未安排因公出国（境）团组，与上年持平。",
            // Another clause between, not saying nothing was spent: the rise may be its own.
            "公务用车购置费 0 万元，车辆运行费用有所上升，比上年增长。",
        ] {
            assert!(words(quiet).is_empty(), "{quiet}: {:?}", words(quiet));
        }
    }
}
