//! Reading numbers as written: thousands separators, full-width digits, the number of decimals.

use std::borrow::Cow;
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::Unit;

/// Map full-width digits and punctuation used inside numbers to ASCII; other chars unchanged.
pub fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        _ => c,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The most integer digits an amount may have: 10^18 is far beyond any budget (in 元 too), and
/// sums of millions of such amounts still fit in a `Decimal` (about 7.9·10^28).
pub const MAX_INTEGER_DIGITS: usize = 18;
/// The most decimals an amount may have; with [`MAX_INTEGER_DIGITS`] every readable amount is
/// exact in a `Decimal` (28 significant digits).
pub const MAX_DECIMALS: u32 = 10;

/// Why a token is not read as an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRead {
    /// The token is not written like an amount.
    NotAnAmount,
    /// Written like an amount, but with more digits than budlint can compute with exactly
    /// (more than [`MAX_INTEGER_DIGITS`] before the point or [`MAX_DECIMALS`] after it).
    /// Reading it rounded would hide or invent a mismatch.
    Unrepresentable,
}

/// Parse a whole token as an amount: `16,390.41`, `１２.5`, `-3.00`, `1,976,800`, and the
/// accounting negative `（1.00）` / `(1,234)`. Returns the value and the number of decimals
/// written. Thousands separators must be well placed (groups of three), so `1,2` is not a
/// number.
pub fn parse_amount(token: &str) -> Option<(Decimal, u32)> {
    read_amount(token).ok()
}

/// Whether a token is written like an amount, whether or not its value can be represented.
pub fn is_amount_shaped(token: &str) -> bool {
    read_amount(token) != Err(NotRead::NotAnAmount)
}

/// [`parse_amount`], telling an amount too long to compute with from a token that is no amount.
pub fn read_amount(token: &str) -> Result<(Decimal, u32), NotRead> {
    let token = token.trim();
    // Borrowed unless the token has full-width digits or signs: most are plain ASCII.
    let ascii: Cow<str> = if token.chars().all(|c| to_ascii_digit(c) == c) {
        Cow::Borrowed(token)
    } else {
        Cow::Owned(token.chars().map(to_ascii_digit).collect())
    };
    let (negative, body) = match ascii.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => match parenthesized(&ascii) {
            Some(inner) => (true, inner),
            None => (false, &*ascii),
        },
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() || !int_part.bytes().all(|c| c.is_ascii_digit() || c == b',') {
        return Err(NotRead::NotAnAmount);
    }
    if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first_ok = groups.next().is_some_and(|g| !g.is_empty() && g.len() <= 3);
        if !first_ok || groups.any(|g| g.len() != 3) {
            return Err(NotRead::NotAnAmount);
        }
    }
    let frac = match frac_part {
        Some(f) if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) => {
            return Err(NotRead::NotAnAmount);
        }
        Some(f) => f,
        None => "",
    };
    let int_digits = int_part
        .trim_start_matches(['0', ','])
        .bytes()
        .filter(u8::is_ascii_digit);
    if int_digits.count() > MAX_INTEGER_DIGITS || frac.len() > MAX_DECIMALS as usize {
        return Err(NotRead::Unrepresentable);
    }
    let digits: Cow<str> = if body.contains(',') {
        Cow::Owned(body.replace(',', ""))
    } else {
        Cow::Borrowed(body)
    };
    let mut value = Decimal::from_str(&digits).map_err(|_| NotRead::Unrepresentable)?;
    if negative {
        value.set_sign_negative(true);
    }
    Ok((value, frac.len() as u32))
}

/// The inside of `(1.00)` / `（1,234）`, the accounting way of writing a negative amount. The
/// amount must have a decimal point or a thousands separator: `（1）` / `（12）` number items.
fn parenthesized(token: &str) -> Option<&str> {
    let inner = token
        .strip_prefix(['(', '（'])?
        .strip_suffix([')', '）'])?
        .trim();
    (inner.contains(['.', ',']) && !inner.starts_with('-')).then_some(inner)
}

/// A number found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the digits (and sign) in the scanned text.
    pub range: Range<usize>,
    pub value: Decimal,
    pub decimals: u32,
    /// The unit written right after it (spaces allowed), and where that unit ends.
    pub unit: Option<Unit>,
    pub unit_end: usize,
}

/// Find every number in `text` (prose or a cell), with the unit that follows it. Numbers too
/// long to compute with ([`NotRead::Unrepresentable`]) are left out; [`unrepresentable_amounts`]
/// finds them.
pub fn scan_numbers(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for token in amount_tokens(text) {
        let Ok((value, decimals)) = read_amount(&text[token.clone()]) else {
            continue;
        };
        let rest = &text[token.end..];
        let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
        // Only spaces may part a number from its unit: `Unit::parse` would look past a line
        // break too, and the unit's end computed here would then fall inside a character.
        let unit = if trimmed.starts_with(char::is_whitespace) {
            None
        } else {
            Unit::parse(trimmed)
        };
        let unit_end = match unit {
            Some(u) => {
                let len = match u {
                    Unit::WanYuan | Unit::YiYuan => "万元".len(),
                    Unit::Yuan => "元".len(),
                    Unit::Percent => trimmed.chars().next().map(char::len_utf8).unwrap_or(1),
                };
                token.end + (rest.len() - trimmed.len()) + len
            }
            None => token.end,
        };
        found.push(Found {
            range: token,
            value,
            decimals,
            unit,
            unit_end,
        });
    }
    found
}

/// The byte ranges of the numbers in `text` written with more digits than budlint can compute
/// with: they are read as no number at all, and a rule reports them.
pub fn unrepresentable_amounts(text: &str) -> Vec<Range<usize>> {
    amount_tokens(text)
        .filter(|token| read_amount(&text[token.clone()]) == Err(NotRead::Unrepresentable))
        .collect()
}

/// The byte ranges of the tokens of `text` written like numbers, in one pass: digits with
/// well-placed thousands separators and one decimal point, and a minus sign before them. Every
/// character is looked at a bounded number of times, whatever the text (a long line of `1,2,3,…`
/// is read in linear time), and nothing is allocated.
fn amount_tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            // A digit is ASCII or full-width (U+FF10–U+FF19, first byte 0xEF): every other byte
            // is passed over without decoding.
            let at = pos
                + bytes
                    .get(pos..)?
                    .iter()
                    .position(|&b| b.is_ascii_digit() || b == 0xEF)?;
            let c = text.get(at..)?.chars().next()?;
            if !is_digit(c) {
                pos = at + c.len_utf8();
                continue;
            }
            let mut before = text[..at].chars().rev();
            let (previous, second) = (before.next(), before.next());
            // Do not start inside a word of Latin letters and digits (codes like `A3`).
            if previous.is_some_and(|p| p.is_ascii_alphabetic()) {
                pos = at
                    + text[at..]
                        .chars()
                        .take_while(|&c| is_digit(c) || c.is_ascii_alphanumeric())
                        .map(char::len_utf8)
                        .sum::<usize>();
                continue;
            }
            let end = token_end(text, at);
            let start = match previous {
                Some(sign @ ('-' | '－')) if second.is_none_or(|c| !is_digit(c)) => {
                    at - sign.len_utf8()
                }
                _ => at,
            };
            pos = end;
            return Some(start..end);
        }
    })
}

/// Where the number starting with the digit at byte `start` of `text` ends (a byte offset). A
/// comma belongs to the number only when it separates thousands: at most three digits before
/// the first, exactly three after each. A full-width comma is punctuation in prose, never a
/// separator.
fn token_end(text: &str, start: usize) -> usize {
    let mut j = start;
    let mut taken = 0;
    let mut seen_point = false;
    let mut seen_comma = false;
    loop {
        let mut ahead = text[j..].chars();
        let Some(c) = ahead.next() else { break };
        let digits_ahead = |n: usize| {
            let mut a = ahead.clone();
            (0..n).all(|_| a.next().is_some_and(is_digit)) && !a.next().is_some_and(is_digit)
        };
        if is_digit(c) {
        } else if !seen_point
            && matches!(c, '.' | '．')
            && ahead.clone().next().is_some_and(is_digit)
        {
            seen_point = true;
        } else if !seen_point && c == ',' && (seen_comma || taken <= 3) && digits_ahead(3) {
            seen_comma = true;
        } else {
            break;
        }
        j += c.len_utf8();
        taken += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_with_separators_and_fullwidth_digits() {
        assert_eq!(parse_amount("16,390.41"), Some((d("16390.41"), 2)));
        assert_eq!(parse_amount("1,976,800"), Some((d("1976800"), 0)));
        assert_eq!(parse_amount("１２.５０"), Some((d("12.50"), 2)));
        assert_eq!(parse_amount("-3.00"), Some((d("-3.00"), 2)));
        assert_eq!(parse_amount("1,2"), None);
        assert_eq!(parse_amount("12."), None);
        assert_eq!(parse_amount("——"), None);
        assert_eq!(parse_amount("2101501"), Some((d("2101501"), 0)));
    }

    #[test]
    fn scanning_prose_finds_units_across_spaces() {
        let text = "收入预算 16,390.41 万元，占96.08%；增长37.32%，2024 年";
        let found = scan_numbers(text);
        let values: Vec<_> = found.iter().map(|f| (f.value, f.unit)).collect();
        assert_eq!(
            values,
            vec![
                (d("16390.41"), Some(Unit::WanYuan)),
                (d("96.08"), Some(Unit::Percent)),
                (d("37.32"), Some(Unit::Percent)),
                (d("2024"), None),
            ]
        );
        assert_eq!(&text[found[0].range.clone()], "16,390.41");
    }

    #[test]
    fn a_unit_after_a_line_break_is_not_the_number_s() {
        // A paragraph's text keeps its line breaks: `9746.50\n万元` once ended its unit inside
        // `元`, and slicing the text there panicked.
        let text = "财政拨款收入 9746.50\n万元，占 100.00%。";
        let found = scan_numbers(text);
        assert_eq!(found[0].unit, None);
        for f in &found {
            assert!(text.is_char_boundary(f.unit_end), "{f:?}");
        }
        assert_eq!(found[1].unit, Some(Unit::Percent));
    }

    #[test]
    fn fullwidth_comma_is_not_a_separator() {
        let found = scan_numbers("其中1，2个");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn parenthesized_amounts_are_negative_but_item_numbers_are_not() {
        assert_eq!(parse_amount("（1.00）"), Some((d("-1.00"), 2)));
        assert_eq!(parse_amount("(1,234)"), Some((d("-1234"), 0)));
        assert_eq!(parse_amount("( 2.5 )"), Some((d("-2.5"), 1)));
        // `（1）` numbers an item; `（-1.00）` and `（1.00` are nothing.
        assert_eq!(parse_amount("（1）"), None);
        assert_eq!(parse_amount("(12)"), None);
        assert_eq!(parse_amount("（-1.00）"), None);
        assert_eq!(parse_amount("（1.00"), None);
    }

    #[test]
    fn amounts_too_long_to_compute_with_are_not_rounded() {
        // Decimal::from_str would round this to 1e28, and `1.0…0` with 30 decimals panicked
        // later, when its rounding interval was computed.
        let long = "9999999999999999999999999999.99";
        assert_eq!(read_amount(long), Err(NotRead::Unrepresentable));
        assert_eq!(
            read_amount("1.000000000000000000000000000000"),
            Err(NotRead::Unrepresentable)
        );
        assert_eq!(
            read_amount("79,228,162,514,264,337,593,543,950,335"),
            Err(NotRead::Unrepresentable)
        );
        assert!(is_amount_shaped(long) && parse_amount(long).is_none());
        // The limits themselves are read; leading zeros do not count.
        assert_eq!(
            parse_amount("999999999999999999.9999999999"),
            Some((d("999999999999999999.9999999999"), 10))
        );
        assert_eq!(parse_amount("000000000000000000001"), Some((d("1"), 0)));
        // In running text the long number is no number (not a rounded one, not its first
        // digits), and it is found for the rule that reports it.
        let text = "支出 99999999999999999999.5 万元，增长 3%";
        let found = scan_numbers(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, d("3"));
        let long = unrepresentable_amounts(text);
        assert_eq!(long.len(), 1);
        assert_eq!(&text[long[0].clone()], "99999999999999999999.5");
    }

    #[test]
    fn badly_grouped_separators_end_the_number_at_the_comma() {
        let values = |text: &str| -> Vec<Decimal> {
            scan_numbers(text).into_iter().map(|f| f.value).collect()
        };
        assert_eq!(values("1,2345"), [d("1"), d("2345")]);
        assert_eq!(values("1234,567"), [d("1234"), d("567")]);
        assert_eq!(values("1,2,3"), [d("1"), d("2"), d("3")]);
        assert_eq!(values("1,234,567.5,1"), [d("1234567.5"), d("1")]);
        assert_eq!(values("-1,234"), [d("-1234")]);
        assert_eq!(values("A3 2021-05"), [d("2021"), d("5")]);
    }

    #[test]
    fn a_long_line_of_badly_grouped_numbers_is_scanned_in_linear_time() {
        // Each failed number used to rescan the rest of the line: 200 KB never finished.
        let line: String = (0..100_000)
            .map(|i| ((i % 10) as u8 + b'0') as char)
            .flat_map(|c| [c, ','])
            .collect();
        let started = std::time::Instant::now();
        assert_eq!(scan_numbers(&line).len(), 100_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
