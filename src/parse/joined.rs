//! Labels of two rows read as one, and rows on the wrong half: the doubt they put on a statement.
//!
//! Plain `pdftotext` (without `-layout`) emits the two halves of a 收支总表 (收入 | 支出, and the
//! 支出用途 third of the Jiangsu template) cell by cell, in the order the PDF drew them: the
//! halves' labels interleave, a label wrapped in its cell (`十七、国土海洋气象等支` / `出`) is
//! parted by the other half's cells, and the amounts land under whichever label came last
//! (`三、其他资金支出用途金额 14.39`, `当年支出小计上年结转资金收入合计 21955.35`). Such a table
//! is read with every row looking certain and most of them wrong. [`doubt_joined_labels`]
//! recognises the shape in the labels themselves and puts the whole table in doubt, so that the
//! table checks report at most an `info` and the prose checks do not compare a sentence with a
//! misplaced cell. Only tables without subject codes are judged: the statements, whose rows are
//! named, not coded (a coded table's misreadings are judged by its codes, see `orphans`).

use crate::model::{Block, Doubt, DoubtKind, Layout, Row, Side, Table, squeeze};
use crate::source::Span;

/// Put a plain-text table in doubt when a row's label joins two labels.
pub fn doubt_joined_labels(table: &mut Table) {
    if table.layout != Layout::Plain || table.rows.iter().any(|r| r.code.is_some()) {
        return;
    }
    let spans: Vec<_> = table
        .rows
        .iter()
        .filter(|r| joins_labels(r))
        .map(|r| r.label.span())
        .collect();
    if spans.is_empty() {
        return;
    }
    table.doubts.push(Doubt {
        kind: DoubtKind::JoinedLabels,
        spans,
        rows: None,
    });
}

/// Put both halves of a two-sided statement in doubt when either is: a half holding a row named
/// for the other half (`wrong-side`: `二、政府性基金预算拨款` or `本年收入合计` among the 支出 rows,
/// `三、社会保障和就业支出` among the 收入 rows), or a half whose labels join several
/// (`joined-labels`). Text that prints some rows of a statement whole (`一、一般公共预算拨款
/// 38965.20 一、一般公共服务支出 16723.90`) and the wrapped ones cell by cell (`pdftotext -raw`, or
/// any text with one space between cells) puts the wrapped rows of one half among the other's;
/// the halves are read from the same lines, so neither is known to hold only its own rows.
pub fn doubt_statement_halves(blocks: &mut [Block]) {
    for block in blocks.iter_mut() {
        let Block::Table(table) = block else { continue };
        let Some(side) = table.side else { continue };
        let spans: Vec<Span> = table
            .rows
            .iter()
            .filter(|r| names_other_side(&squeeze(&r.label.text), side))
            .map(|r| r.label.span())
            .collect();
        if !spans.is_empty() {
            table.doubts.push(Doubt {
                kind: DoubtKind::WrongSide,
                spans,
                rows: None,
            });
        }
    }
    let shared: Vec<(Span, Doubt)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.side.is_some() => Some(t),
            _ => None,
        })
        .flat_map(|t| {
            t.doubts
                .iter()
                .filter(|d| matches!(d.kind, DoubtKind::WrongSide | DoubtKind::JoinedLabels))
                .map(|d| (t.span, d.clone()))
        })
        .collect();
    for block in blocks.iter_mut() {
        let Block::Table(table) = block else { continue };
        if table.side.is_none() {
            continue;
        }
        for (span, doubt) in &shared {
            if *span == table.span && !table.doubts.iter().any(|d| d.kind == doubt.kind) {
                table.doubts.push(Doubt {
                    rows: None,
                    ..doubt.clone()
                });
            }
        }
    }
}

/// Whether a statement row's name (whitespace removed) can only be a row of the half other than
/// `side`: no 支出 row names a 收入 or ends in 拨款, and no 收入 row ends in 支出 or 经费 (the
/// Jiangsu 支出用途 `三、单位预留机动经费`).
fn names_other_side(name: &str, side: Side) -> bool {
    match side {
        Side::Expenditure => name.contains("收入") || name.ends_with("拨款"),
        Side::Income => name.ends_with("支出") || name.ends_with("经费"),
    }
}

fn joins_labels(row: &Row) -> bool {
    let name = squeeze(&row.label.text);
    !name.is_empty() && is_joined_label(&name)
}

/// Whether a row name (whitespace removed) is made of pieces of several labels.
pub(crate) fn is_joined_label(name: &str) -> bool {
    inner_ordinal(name)
        || income_and_spending(name)
        || text_after_total(name)
        || header_word_inside(name)
        || broken_word(name)
}

/// An ordinal opening a second label inside the name: `二、外交支出2.政府性基金预`,
/// `支出1.一般公`, `三、国防支出二、财政专户`. `其中：1.` opens a part, not a label.
fn inner_ordinal(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    (1..chars.len()).any(|i| {
        let before = chars[i - 1];
        let starts_ordinal = ordinal_len(&chars[i..]).is_some();
        starts_ordinal
            && !matches!(before, '：' | ':' | '（' | '(')
            && !before.is_ascii_digit()
            && !is_chinese_numeral(before)
    })
}

/// Whether a name opens with an ordinal (`三、`, `（一）`, `1.`): it starts a row of its own.
pub(crate) fn opens_with_ordinal(name: &str) -> bool {
    ordinal_len(&name.chars().collect::<Vec<_>>()).is_some()
}

/// The length of the ordinal opening `chars`: `三、`, `二十、`, `（一）`, `1.`, `2．`, `3、`.
///
/// The runs are counted only as far as an ordinal may reach (a few characters), so testing
/// every position of a long name stays linear.
fn ordinal_len(chars: &[char]) -> Option<usize> {
    const LONGEST: usize = 6;
    let numerals = chars
        .iter()
        .take(LONGEST)
        .take_while(|c| is_chinese_numeral(**c))
        .count();
    if numerals > 0 && chars.get(numerals) == Some(&'、') {
        return Some(numerals + 1);
    }
    if matches!(chars.first(), Some('（' | '(')) {
        let inner = chars[1..]
            .iter()
            .take(LONGEST)
            .take_while(|c| is_chinese_numeral(**c))
            .count();
        if inner > 0 && matches!(chars.get(inner + 1), Some('）' | ')')) {
            return Some(inner + 2);
        }
    }
    let digits = chars
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if (1..=2).contains(&digits)
        && matches!(chars.get(digits), Some('.' | '．' | '、'))
        && chars
            .get(digits + 1)
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace())
    {
        return Some(digits + 1);
    }
    None
}

fn is_chinese_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// A 收入 label and a 支出 label in one name: `二十、其他支出当年收入小计`,
/// `当年支出小计上年结转资金收入合计`. No statement row names both.
fn income_and_spending(name: &str) -> bool {
    name.contains("收入") && name.contains("支出")
}

/// Text after a total word: `收入总计一般公共预算资金`, `小计小计`, `当年支出小计上年结转资金`.
/// `合计数`, `合计（万元）` and the 划 of `综合计划` continue the word.
fn text_after_total(name: &str) -> bool {
    ["小计", "合计", "总计"].iter().any(|word| {
        name.match_indices(word).any(|(i, _)| {
            name[i + word.len()..]
                .chars()
                .next()
                .is_some_and(|c| !matches!(c, '数' | '（' | '(' | '）' | ')' | '：' | ':' | '划'))
        })
    })
}

/// A header cell read into a row's name: `三、其他资金支出用途金额`, `…预支出用途金额项目名称金额`.
fn header_word_inside(name: &str) -> bool {
    ["金额", "项目名称", "科目名称", "支出用途"]
        .iter()
        .any(|word| name.find(word).is_some_and(|i| i > 0))
}

/// A name cut inside a word: its tail went to a later row (`十七、国土海洋气象等支` / `出`,
/// `八、社会保障和就` / `业支出`, `1.一般公共预` / `算`), or the row is such a tail alone
/// (`出`, `计`). Only characters that open a word and end none are taken (not the 机 of
/// `单位预留机` / `动经费`, which ends `台式计算机`).
fn broken_word(name: &str) -> bool {
    let body = name
        .chars()
        .skip(ordinal_len(&name.chars().collect::<Vec<_>>()).unwrap_or(0));
    let body: String = body.collect();
    let mut chars = body.chars();
    let (Some(first), None) = (chars.next(), chars.next()) else {
        // Characters that start a two-character word and never end a row's name.
        return body
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '支' | '预' | '和' | '与' | '及' | '就' | '般' | '拨'));
    };
    is_han(first)
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests;
