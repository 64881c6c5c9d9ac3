//! Rounding-aware arithmetic on figures as written.
//!
//! Published figures are rounded: each one may be off by half a unit in its last written place.
//! A stated total and the sum of its n parts may therefore differ by up to the sum of those
//! half-units ((n+1) × ½·10^-d when all are written to d decimals) with nothing wrong. Only a
//! difference beyond that interval proves an error.

use rust_decimal::Decimal;

use crate::model::Number;

/// How a stated figure compares with what it should equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Equal,
    /// Differs, but within the rounding interval.
    Rounding,
    /// Differs by more than rounding can explain.
    Mismatch,
    /// The sum cannot be represented exactly (it overflows a `Decimal`): nothing is proven.
    Unverifiable,
}

/// The comparison of a stated total with the sum of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumCheck {
    pub stated: Decimal,
    pub sum: Decimal,
    pub difference: Decimal,
    pub tolerance: Decimal,
    pub verdict: Verdict,
}

/// Compare `stated` (an empty cell counts as an exact zero) with the sum of `parts`. Every
/// addition is checked: a sum too large for a `Decimal` is [`Verdict::Unverifiable`], never a
/// panic and never a rounded total.
pub fn check_sum(stated: Option<&Number>, parts: &[&Number]) -> SumCheck {
    let stated_value = stated.map(|n| n.value).unwrap_or_default();
    let sum = checked_total(parts.iter().map(|n| n.value));
    let tolerance = checked_total(parts.iter().copied().chain(stated).map(Number::half_ulp));
    let Some((sum, tolerance, difference)) = sum
        .zip(tolerance)
        .and_then(|(sum, tolerance)| Some((sum, tolerance, stated_value.checked_sub(sum)?)))
    else {
        return SumCheck {
            stated: stated_value,
            sum: Decimal::ZERO,
            difference: Decimal::ZERO,
            tolerance: Decimal::ZERO,
            verdict: Verdict::Unverifiable,
        };
    };
    let verdict = if difference.is_zero() {
        Verdict::Equal
    } else if difference.abs() <= tolerance {
        Verdict::Rounding
    } else {
        Verdict::Mismatch
    };
    SumCheck {
        stated: stated_value,
        sum,
        difference,
        tolerance,
        verdict,
    }
}

/// The sum of `values`, or `None` when it overflows a `Decimal`.
pub fn checked_total(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |total, v| total.checked_add(v))
}

/// `47.53 + 644.75 + 38.14 = 730.42`, with the parts as written.
pub fn show_sum(parts: &[&Number], sum: Decimal) -> String {
    if parts.is_empty() {
        return format!("(no parts) = {sum}");
    }
    let terms: Vec<String> = parts.iter().map(|n| n.value.to_string()).collect();
    format!(
        "{} = {}",
        terms.join(" + "),
        sum.normalize_to(max_decimals(parts))
    )
}

fn max_decimals(parts: &[&Number]) -> u32 {
    parts.iter().map(|n| n.decimals).max().unwrap_or(0)
}

trait NormalizeTo {
    fn normalize_to(self, decimals: u32) -> Decimal;
}

impl NormalizeTo for Decimal {
    fn normalize_to(self, decimals: u32) -> Decimal {
        let mut d = self;
        if d.scale() < decimals {
            d.rescale(decimals);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use std::str::FromStr;

    fn n(s: &str) -> Number {
        let value = Decimal::from_str(s).unwrap();
        let decimals = s.split_once('.').map(|(_, f)| f.len() as u32).unwrap_or(0);
        Number {
            value,
            decimals,
            span: Span::default(),
            unit: None,
        }
    }

    #[test]
    fn rounding_difference_is_not_a_mismatch() {
        // tunliu-2025 工资福利支出: 435.80 stated, items add to 435.79.
        let items = [
            "176.96", "34.92", "3.54", "106.25", "47.53", "20.20", "3.24", "38.14", "5.01",
        ]
        .map(n);
        let refs: Vec<&Number> = items.iter().collect();
        let check = check_sum(Some(&n("435.80")), &refs);
        assert_eq!(check.sum, Decimal::from_str("435.79").unwrap());
        assert_eq!(check.verdict, Verdict::Rounding);
        assert_eq!(check.tolerance, Decimal::from_str("0.050").unwrap());
    }

    #[test]
    fn difference_beyond_rounding_is_a_mismatch() {
        let items = [n("47.53"), n("644.75"), n("38.14")];
        let refs: Vec<&Number> = items.iter().collect();
        assert_eq!(check_sum(Some(&n("730.42")), &refs).verdict, Verdict::Equal);
        assert_eq!(
            check_sum(Some(&n("730.45")), &refs).verdict,
            Verdict::Mismatch
        );
        assert_eq!(
            check_sum(Some(&n("741.42")), &refs).verdict,
            Verdict::Mismatch
        );
        assert_eq!(
            show_sum(&refs, check_sum(None, &refs).sum),
            "47.53 + 644.75 + 38.14 = 730.42"
        );
    }

    #[test]
    fn empty_total_cell_is_zero() {
        let items = [n("0.00"), n("0.00")];
        let refs: Vec<&Number> = items.iter().collect();
        assert_eq!(check_sum(None, &refs).verdict, Verdict::Equal);
        let items = [n("1.00")];
        let refs: Vec<&Number> = items.iter().collect();
        assert_eq!(check_sum(None, &refs).verdict, Verdict::Mismatch);
    }

    #[test]
    fn a_sum_too_large_for_a_decimal_is_unverifiable_not_a_panic() {
        let max = Decimal::MAX.to_string();
        let items = [n(&max), n("1")];
        let refs: Vec<&Number> = items.iter().collect();
        let check = check_sum(Some(&n("1")), &refs);
        assert_eq!(check.verdict, Verdict::Unverifiable);
        // A number written with more decimals than a Decimal's scale gets no interval wider
        // than the finest one, rather than a panic.
        let fine = Number {
            decimals: 40,
            ..n("1")
        };
        let check = check_sum(Some(&n("1")), &[&fine]);
        assert_eq!(check.verdict, Verdict::Equal);
    }
}
