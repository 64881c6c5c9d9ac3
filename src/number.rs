//! Reading numbers as written: thousands separators, full-width digits, the number of decimals.

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

/// Parse a whole token as an amount: `16,390.41`, `１２.5`, `-3.00`, `1,976,800`.
/// Returns the value and the number of decimals written. Thousands separators must be well
/// placed (groups of three), so `1,2` is not a number.
pub fn parse_amount(token: &str) -> Option<(Decimal, u32)> {
    let ascii: String = token.trim().chars().map(to_ascii_digit).collect();
    let (negative, body) = match ascii.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, ascii.as_str()),
    };
    if body.is_empty() {
        return None;
    }
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let decimals = match frac_part {
        Some(f) if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) => return None,
        Some(f) => f.len() as u32,
        None => 0,
    };
    let digits: String = body.chars().filter(|&c| c != ',').collect();
    let mut value = Decimal::from_str(&digits).ok()?;
    if negative {
        value.set_sign_negative(true);
    }
    Some((value, decimals))
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

/// Find every number in `text` (prose or a cell), with the unit that follows it.
pub fn scan_numbers(text: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_digit(c) {
            i += 1;
            continue;
        }
        // Do not start inside a word of Latin letters and digits (codes like `A3`, `2021-05`).
        if i > 0 && chars[i - 1].1.is_ascii_alphabetic() {
            while i < chars.len() && (is_digit(chars[i].1) || chars[i].1.is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        let mut j = i;
        let mut seen_point = false;
        while j < chars.len() {
            let c = to_ascii_digit(chars[j].1);
            if c.is_ascii_digit() {
                j += 1;
            } else if !seen_point
                && (c == ',' || c == '.')
                && j + 1 < chars.len()
                && is_digit(chars[j + 1].1)
                // A full-width comma is punctuation in prose, never a thousands separator.
                && chars[j].1 != '，'
            {
                seen_point |= c == '.';
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map(|&(b, _)| b).unwrap_or(text.len());
        let mut token_start = start;
        if i > 0 && matches!(chars[i - 1].1, '-' | '－') && (i < 2 || !is_digit(chars[i - 2].1)) {
            token_start = chars[i - 1].0;
        }
        let token = &text[token_start..end];
        let parsed = parse_amount(token).or_else(|| {
            // Badly grouped separators (`1,2345`): read the digits before the first comma only.
            None.or(parse_amount(
                &token[..token.find(',').unwrap_or(token.len())],
            ))
        });
        if let Some((value, decimals)) = parsed {
            let token_end = if parse_amount(token).is_some() {
                end
            } else {
                token_start + token.find(',').unwrap_or(token.len())
            };
            let rest = &text[token_end..];
            let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
            let unit = Unit::parse(trimmed);
            let unit_end = match unit {
                Some(u) => {
                    let len = match u {
                        Unit::WanYuan | Unit::YiYuan => "万元".len(),
                        Unit::Yuan => "元".len(),
                        Unit::Percent => trimmed.chars().next().map(char::len_utf8).unwrap_or(1),
                    };
                    token_end + (rest.len() - trimmed.len()) + len
                }
                None => token_end,
            };
            found.push(Found {
                range: token_start..token_end,
                value,
                decimals,
                unit,
                unit_end,
            });
            // Continue after what was consumed.
            while i < chars.len() && chars[i].0 < token_end {
                i += 1;
            }
        } else {
            i = j.max(i + 1);
        }
    }
    found
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
    fn fullwidth_comma_is_not_a_separator() {
        let found = scan_numbers("其中1，2个");
        assert_eq!(found.len(), 2);
    }
}
