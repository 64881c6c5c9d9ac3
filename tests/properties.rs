//! Property tests: number reading over every way a disclosure writes an amount, and the
//! rounding interval (figures correctly rounded from true values are never an error).

mod common;

use std::sync::Arc;

use budlint::arith::{Verdict, check_sum};
use budlint::diagnostic::Severity;
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::model::{Number, Unit};
use budlint::number::{parse_amount, scan_numbers, unrepresentable_amounts};
use budlint::source::{SourceFile, Span};
use proptest::prelude::*;
use rust_decimal::prelude::*;

use common::{builtin_rules_of_kind, written};

/// An amount as published: up to 12 integer digits, 0 to 4 decimals.
fn amount() -> impl Strategy<Value = (Decimal, u32)> {
    (0u64..1_000_000_000_000, 0u32..=4, 0u64..10_000).prop_map(|(int, decimals, frac)| {
        let frac = frac % 10u64.pow(decimals);
        let value = Decimal::from(int) + Decimal::new(frac as i64, decimals);
        (value, decimals)
    })
}

/// ASCII digits to full-width, and the point too (`１２．５`).
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '.' => '．',
            _ => c,
        })
        .collect()
}

/// The half-up rounding of `value` to `decimals`, as a disclosure prints it.
fn rounded(value: Decimal, decimals: u32) -> Decimal {
    let mut v = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(decimals);
    v
}

fn number(value: Decimal, decimals: u32) -> Number {
    Number {
        value,
        decimals,
        span: Span::default(),
        unit: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_written_form_of_an_amount_reads_back(
        (value, decimals) in amount(),
        grouped in any::<bool>(),
        wide in any::<bool>(),
        sign in 0u8..3,
    ) {
        let mut text = written(value, decimals, grouped);
        if wide {
            text = full_width(&text);
        }
        let negative = !value.is_zero() && sign > 0;
        // A minus sign, or the accounting parentheses (which need a point or a separator).
        let parenthesized = negative && sign == 2 && text.contains(['.', ',', '．']);
        let token = match (negative, parenthesized) {
            (true, true) => format!("（{text}）"),
            (true, false) => format!("-{text}"),
            _ => text.clone(),
        };
        let expected = if negative { -value } else { value };
        prop_assert_eq!(parse_amount(&token), Some((expected, decimals)), "{}", token);
        // Padded as in a cell.
        prop_assert_eq!(parse_amount(&format!(" {token}  ")), Some((expected, decimals)));
    }

    #[test]
    fn numbers_in_prose_keep_their_value_unit_and_place(
        (value, decimals) in amount(),
        grouped in any::<bool>(),
        wide in any::<bool>(),
        unit in prop::sample::select(vec![("万元", Unit::WanYuan), ("元", Unit::Yuan),
            ("亿元", Unit::YiYuan), ("%", Unit::Percent), ("％", Unit::Percent)]),
        space in prop::sample::select(vec!["", " ", "\u{3000}"]),
    ) {
        let mut figure = written(value, decimals, grouped);
        if wide {
            figure = full_width(&figure);
        }
        let text = format!("2024年支出{figure}{space}{}，比上年增长。", unit.0);
        let found = scan_numbers(&text);
        // The year, then the amount.
        prop_assert_eq!(found.len(), 2, "{}", text);
        prop_assert_eq!(found[0].value, Decimal::from(2024));
        let amount = &found[1];
        prop_assert_eq!((amount.value, amount.decimals, amount.unit), (value, decimals, Some(unit.1)));
        prop_assert_eq!(&text[amount.range.clone()], figure.as_str());
        prop_assert_eq!(&text[amount.unit_end..], "，比上年增长。");
    }

    #[test]
    fn badly_grouped_runs_never_read_a_number_across_a_bad_comma(
        groups in prop::collection::vec(1usize..6, 2..40),
    ) {
        // `1,23,4567,…`: every number found is made of the digits of consecutive groups joined
        // by well-placed separators, and together they cover every digit once.
        let text: String = groups
            .iter()
            .enumerate()
            .map(|(i, &n)| "123456".chars().cycle().skip(i).take(n).collect::<String>())
            .collect::<Vec<_>>()
            .join(",");
        let found = scan_numbers(&text);
        let too_long = unrepresentable_amounts(&text);
        let digits: usize = found
            .iter()
            .map(|f| f.range.clone())
            .chain(too_long.iter().cloned())
            .map(|range| text[range].replace(',', "").len())
            .sum();
        prop_assert_eq!(digits, groups.iter().sum::<usize>());
        for f in &found {
            prop_assert!(parse_amount(&text[f.range.clone()]).is_some());
        }
    }

    #[test]
    fn correctly_rounded_parts_are_never_a_mismatch(
        parts in prop::collection::vec(0i64..100_000_000, 1..30),
        scale in 0u32..=4,
        decimals in 0u32..=2,
    ) {
        // True values with more decimals than printed; the total is the true sum, each figure
        // rounded as printed.
        let truth: Vec<Decimal> = parts.iter().map(|&p| Decimal::new(p, scale)).collect();
        let total: Decimal = truth.iter().sum();
        let printed: Vec<Number> =
            truth.iter().map(|&v| number(rounded(v, decimals), decimals)).collect();
        let refs: Vec<&Number> = printed.iter().collect();
        let stated = number(rounded(total, decimals), decimals);
        let check = check_sum(Some(&stated), &refs);
        prop_assert_ne!(check.verdict, Verdict::Mismatch, "{:?}", check);
        prop_assert!(check.difference.abs() <= check.tolerance);
    }

    #[test]
    fn a_difference_beyond_the_interval_is_always_a_mismatch(
        parts in prop::collection::vec(0i64..100_000_000, 1..30),
        decimals in 0u32..=2,
        extra in 1i64..1000,
    ) {
        let printed: Vec<Number> =
            parts.iter().map(|&p| number(Decimal::new(p, decimals), decimals)).collect();
        let refs: Vec<&Number> = printed.iter().collect();
        let sum: Decimal = printed.iter().map(|n| n.value).sum();
        // One unit in the last place per figure, and more: no rounding explains it.
        let off = Decimal::new((parts.len() as i64 + 1) + extra, decimals);
        let stated = number(sum + off, decimals);
        prop_assert_eq!(check_sum(Some(&stated), &refs).verdict, Verdict::Mismatch);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_table_of_correctly_rounded_figures_raises_no_error(
        children in prop::collection::vec(prop::collection::vec(0i64..50_000_000, 1..5), 1..5),
        decimals in 0u32..=2,
    ) {
        // A 类 row with 款 children, each the rounded sum of true 项 values, and a 合计: every
        // figure correctly rounded, so the table checks may say `info`, never `error`.
        let mut rows = Vec::new();
        let mut grand = Decimal::ZERO;
        let mut kuan_rows = Vec::new();
        for (k, items) in children.iter().enumerate() {
            let truth: Decimal = items.iter().map(|&v| Decimal::new(v, 4)).sum();
            grand += truth;
            kuan_rows.push(format!(
                "| 201{:02} | 款{k} | {} |",
                k + 1,
                written(rounded(truth, decimals), decimals, true)
            ));
        }
        let grand = written(rounded(grand, decimals), decimals, true);
        rows.push(format!("| 合计 | | {grand} |"));
        rows.push(format!("| 201 | 一般公共服务支出 | {grand} |"));
        rows.extend(kuan_rows);
        let text = format!(
            "一般公共预算支出情况表\n\n单位: 万元\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n{}\n",
            rows.join("\n")
        );
        let source = Arc::new(SourceFile::from_str("rounded.md", &text));
        let report = lint_source(source, &builtin_rules_of_kind("table-sum"), Lang::En);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| &d.message)
            .collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, text);
    }
}

/// A text of the characters a disclosure mixes: Chinese, full-width punctuation, ASCII, and
/// every kind of whitespace (ASCII, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+202F,
/// U+205F, U+3000) next to characters that share their first UTF-8 byte but are not
/// whitespace (U+00A9, U+1681, U+2010, U+3001).
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "预算", "万元", "。", "，", "（", "１２", "3.5", "a", "<b>", "*", "`", " ", "\t", "\n",
        "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{A9}", "\u{1680}", "\u{1681}", "\u{2000}",
        "\u{2007}", "\u{200A}", "\u{200B}", "\u{2010}", "\u{2028}", "\u{2029}", "\u{202F}",
        "\u{205F}", "\u{2060}", "\u{3000}", "\u{3001}", "😀",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn squeeze_removes_exactly_the_whitespace(text in mixed_text()) {
        // The byte-stepping search must agree with `char::is_whitespace` on every character.
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let squeezed = budlint::model::squeeze(&text);
        prop_assert_eq!(squeezed.as_ref(), expected.as_str());
        let borrowed = matches!(squeezed, std::borrow::Cow::Borrowed(_));
        prop_assert_eq!(borrowed, !text.chars().any(char::is_whitespace));
    }
}
