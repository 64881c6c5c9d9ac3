//! `check = "share"`: a share (`X万元，占Y%`) equals the part divided by a whole the text gives.
//!
//! The whole is rarely next to its parts: `收入预算756.21万元，主要包括一般公共预算拨款收入
//! 730.42万元，占96.59%`, or one share per line under a total printed above. So the wholes tried
//! for a share are every amount written before it in its run of paragraphs (paragraphs not
//! parted by a heading or a table). A share is reported only when none of them makes it right,
//! rounding allowed for, and another share of the run is right with one of them: the run is a
//! listing of shares whose whole is in the text. A share of a named whole (`占“三公”经费的
//! 8.75%`, `占本年支出合计的100%`) is not read.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Block, Document, Unit};
use crate::number::scan_numbers;

use super::Figure;

/// What may stand between a part and its share: `，占`, `,占比`, `，占比为`.
static SHARE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^\\s*[，,]?\\s*占(?:比|比为)?\\s*$").expect("share pattern"));

/// `part，占 rate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareClaim {
    pub part: Figure,
    pub rate: Figure,
}

/// A wrong share: the claim and the amounts tried as its whole.
#[derive(Debug, Clone)]
pub struct WrongShare {
    pub claim: ShareClaim,
    /// The whole that made another share of the run right, nearest before the claim.
    pub whole: Figure,
    /// The share is within a few units of its last place of that whole's: a slip of rounding
    /// rather than a wrong figure.
    pub near: bool,
}

impl ShareClaim {
    /// Whether `whole` makes this share right, each figure rounded as written and the rate
    /// allowed one unit of its last place (cut off instead of rounded, or adjusted to make 100%).
    pub fn fits(&self, whole: &Figure) -> bool {
        self.fits_within(whole, Decimal::new(1, self.rate.decimals))
    }

    /// Whether `whole` makes this share right with the rate off by up to `slack` points.
    pub fn fits_within(&self, whole: &Figure, slack: Decimal) -> bool {
        let (p_low, p_high) = self.part.in_yuan();
        let (w_low, w_high) = whole.in_yuan();
        if w_low <= Decimal::ZERO || p_high > w_high {
            return false;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let (Some(low), Some(high)) = (
            p_low.max(Decimal::ZERO).checked_div(w_high),
            p_high.checked_div(w_low),
        ) else {
            return false;
        };
        let (low, high) = (low * hundred, high * hundred);
        // One unit of the last written place either way: the last share of a listing is often
        // adjusted so that the shares add up to 100% (0.64% for 0.634%).
        let r = &self.rate;
        r.value - slack <= high && low <= r.value + slack
    }
}

/// The shares of a document that no amount before them makes right.
pub fn wrong_shares(document: &Document) -> Vec<WrongShare> {
    let mut out = Vec::new();
    // One run of paragraphs: the amounts read so far and the claims with the wholes tried.
    let mut amounts: Vec<Figure> = Vec::new();
    let mut claims: Vec<(ShareClaim, usize)> = Vec::new();
    let mut flush = |amounts: &mut Vec<Figure>, claims: &mut Vec<(ShareClaim, usize)>| {
        let fitting = |(c, before): &(ShareClaim, usize)| {
            amounts[..*before].iter().rev().find(|w| c.fits(w)).cloned()
        };
        let wholes: Vec<Option<Figure>> = claims.iter().map(fitting).collect();
        let confirmed = wholes.iter().filter(|w| w.is_some()).count();
        for ((claim, before), whole) in claims.iter().zip(&wholes) {
            if whole.is_some() || confirmed == 0 {
                continue;
            }
            // The whole another share of the run was right with, nearest before this one.
            let nearest = wholes
                .iter()
                .flatten()
                .rfind(|w| amounts[..*before].contains(w))
                .cloned();
            if let Some(whole) = nearest {
                out.push(WrongShare {
                    // Five units of a last place, and no more than a tenth of a point.
                    near: claim.fits_within(
                        &whole,
                        Decimal::new(5, claim.rate.decimals).min(Decimal::new(1, 1)),
                    ),
                    claim: claim.clone(),
                    whole,
                });
            }
        }
        amounts.clear();
        claims.clear();
    };
    for block in &document.blocks {
        let p = match block {
            Block::Paragraph(p) | Block::Note(p) => p,
            Block::Heading(_) | Block::Table(_) => {
                flush(&mut amounts, &mut claims);
                continue;
            }
            Block::Furniture(_) => continue,
        };
        let text = &p.text.text;
        let found = scan_numbers(text);
        for (i, f) in found.iter().enumerate() {
            let figure = |f: &crate::number::Found| Figure {
                value: f.value,
                decimals: f.decimals,
                unit: f.unit,
                span: p.text.source_span(f.range.start..f.unit_end),
            };
            match f.unit {
                Some(Unit::Yuan | Unit::WanYuan | Unit::YiYuan) => amounts.push(figure(f)),
                Some(Unit::Percent) if i > 0 => {
                    let part = &found[i - 1];
                    let money =
                        matches!(part.unit, Some(Unit::Yuan | Unit::WanYuan | Unit::YiYuan));
                    if money && SHARE_WORD.is_match(&text[part.unit_end..f.range.start]) {
                        // The part itself is no whole of its own share.
                        claims.push((
                            ShareClaim {
                                part: figure(part),
                                rate: figure(f),
                            },
                            amounts.len() - 1,
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    flush(&mut amounts, &mut claims);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paragraph, Text};

    fn document(paragraphs: &[&str]) -> Document {
        let mut at = 0;
        Document {
            blocks: paragraphs
                .iter()
                .map(|s| {
                    let p = Block::Paragraph(Paragraph {
                        text: Text::from_source(s, at),
                        numbers: Vec::new(),
                    });
                    at += s.len() + 1;
                    p
                })
                .collect(),
            ..Document::default()
        }
    }

    fn wrong(paragraphs: &[&str]) -> Vec<String> {
        wrong_shares(&document(paragraphs))
            .iter()
            .map(|w| format!("{} of {}", w.claim.rate.value, w.whole.value))
            .collect()
    }

    #[test]
    fn right_shares_are_silent() {
        // tunliu-2025: two wholes in one paragraph, 756.21 and 730.42.
        assert!(wrong(&[
            "收入预算756.21万元，主要包括一般公共预算拨款收入730.42万元，占96.59%；政府性基金预算拨款收入0万元，占0%。上年结转25.79万元，占3.41%。",
            "一般公共预算当年支出730.42万元，主要用于以下方面：社会保障和就业支出47.53万元，占6.51%；卫生健康支出644.75万元，占88.27%；住房保障支出38.14万元，占5.22%。",
        ])
        .is_empty());
        // One share per paragraph, under the total.
        assert!(
            wrong(&[
                "支出预算总计 28849.38 万元。",
                "基本支出 17123.19 万元，占 59.35%",
                "项目支出 11543.27 万元，占 40.01%",
                "单位预留机动经费 182.92 万元，占 0.64%",
            ])
            .is_empty()
        );
    }

    #[test]
    fn a_share_no_whole_makes_right_fires() {
        assert_eq!(
            wrong(&[
                "支出预算总计 28849.38 万元。",
                "基本支出 17123.19 万元，占 64.35%",
                "项目支出 11543.27 万元，占 40.01%",
            ]),
            vec!["64.35 of 28849.38"]
        );
    }

    #[test]
    fn a_lone_share_or_a_named_whole_is_not_judged() {
        assert!(
            wrong(&["支出预算总计 28849.38 万元。基本支出 17123.19 万元，占 64.35%"]).is_empty()
        );
        assert!(wrong(&[
            "支出预算总计 28849.38 万元。基本支出 17123.19 万元，占 59.35%，公务接待费 100 万元，占“三公”经费的 50%。"
        ])
        .is_empty());
    }
}
