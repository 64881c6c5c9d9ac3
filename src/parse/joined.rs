//! Labels of two rows read as one: the doubt they put on a plain-text statement.
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

use crate::model::{Doubt, DoubtKind, Layout, Row, Table, squeeze};

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
fn ordinal_len(chars: &[char]) -> Option<usize> {
    let numerals = chars.iter().take_while(|c| is_chinese_numeral(**c)).count();
    if numerals > 0 && chars.get(numerals) == Some(&'、') {
        return Some(numerals + 1);
    }
    if matches!(chars.first(), Some('（' | '(')) {
        let inner = chars[1..]
            .iter()
            .take_while(|c| is_chinese_numeral(**c))
            .count();
        if inner > 0 && matches!(chars.get(inner + 1), Some('）' | ')')) {
            return Some(inner + 2);
        }
    }
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
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
