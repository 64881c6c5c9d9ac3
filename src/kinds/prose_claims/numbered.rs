//! Counts followed by a numbered list (part of `check = "listed-count"`): a block that ends with
//! a count and a colon (`主要职能有以下8项：`, `下设5个处室：`, `承担以下三个方面的职责：`) and
//! the blocks after it numbered `（一）…（二）…`, `一、…`, `1.…` or `（1）…`.
//!
//! The list is read only when its end is clear: it starts at 1, each block starts with the next
//! number in one style, it stops at the first block that does not, and no block soon after takes
//! the numbering up again (an item parted from the list by a stray line). A block that holds a
//! second item inline (`（一）…；（二）…`) makes the list unclear.

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document};

use super::breakdown::chinese_count;
use super::count::{StatedCount, WrongListedCount};

/// A count and a colon at the end of a block: `主要职能有以下8项：`.
static COUNT_THEN_COLON: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"(?:有|包括|如下|以下|下设|设有|设|承担|负责|共)[^。：:；;，,]{0,6}?(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(?P<c>项|个|方面|条)(?P<noun>[^，,。：:；;0-9]{0,10})[：:]\s*$",
    )
    .expect("count-then-colon pattern compiles")
});

/// The number a block starts with and the style it is written in.
static MARKER: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"^\s*(?:[（(](?P<a>[一二三四五六七八九十]+)[）)]|(?P<b>[一二三四五六七八九十]+)、|(?P<c>[0-9]{1,2})[.．、](?:[^0-9]|$)|[（(](?P<d>[0-9]{1,2})[）)])",
    )
    .expect("marker pattern compiles")
});

/// The style and number of a block's leading marker.
pub(super) fn marker(text: &str) -> Option<(u8, u32)> {
    let c = MARKER.captures(text)?;
    let (style, n) = [(0u8, "a"), (1, "b"), (2, "c"), (3, "d")]
        .into_iter()
        .find_map(|(s, name)| c.name(name).map(|m| (s, m.as_str())))?;
    let value = match style {
        0 | 1 => chinese_count(n)?,
        _ => n.parse().ok()?,
    };
    Some((style, value))
}

/// Whether `text` holds, after its start, the marker of number `n` in `style`.
fn holds_inline(text: &str, style: u8, n: u32) -> bool {
    let numeral = |n: u32| {
        const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match n {
            1..=9 => DIGITS[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
            _ => String::new(),
        }
    };
    let needles = match style {
        0 => vec![format!("（{}）", numeral(n)), format!("({})", numeral(n))],
        1 => vec![format!("{}、", numeral(n))],
        2 => vec![format!("{n}."), format!("{n}．"), format!("{n}、")],
        _ => vec![format!("（{n}）"), format!("({n})")],
    };
    // After the block's first character, so its own marker is not found.
    let body = text.trim_start();
    let body = &body[body.chars().next().map_or(0, char::len_utf8)..];
    needles.iter().any(|n| body.contains(n.as_str()))
}

/// The text of a block that may hold a list item.
fn block_text(block: &Block) -> Option<(&str, &crate::model::Text)> {
    match block {
        Block::Paragraph(p) | Block::Note(p) => Some((&p.text.text, &p.text)),
        Block::Heading(h) => Some((&h.text.text, &h.text)),
        _ => None,
    }
}

/// Every count before a numbered list that the list contradicts.
pub fn wrong_numbered_counts(document: &Document) -> Vec<WrongListedCount> {
    let blocks = &document.blocks;
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Some((text, t)) = block_text(block) else {
            continue;
        };
        // Most blocks do not end with a colon.
        if !text.trim_end().ends_with(['：', ':']) {
            continue;
        }
        let Some(c) = COUNT_THEN_COLON.captures(text) else {
            continue;
        };
        let (Some(n), Some(cl)) = (c.name("n"), c.name("c")) else {
            continue;
        };
        let Some(value) = chinese_count(n.as_str()) else {
            continue;
        };
        let Some(items) = numbered_items(&blocks[i + 1..]) else {
            continue;
        };
        if items.count == value as usize {
            continue;
        }
        let first = items
            .first
            .and_then(|b| block_text(b))
            .map(|(_, t)| t.span());
        let last = items
            .last
            .and_then(|b| block_text(b))
            .map(|(_, t)| t.span());
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let whole = c.get(0).map_or(n.end(), |m| m.end());
        out.push(WrongListedCount {
            stated: StatedCount {
                value,
                span: t.source_span(n.start()..whole),
            },
            noun: c
                .name("noun")
                .map(|m| m.as_str().trim_start_matches('的').trim())
                .filter(|s| !s.is_empty())
                .unwrap_or("列举事项")
                .to_string(),
            classifier: cl.as_str().to_string(),
            listed: items.count,
            list: crate::source::Span::new(first.start, last.end),
            open: false,
            numbered: true,
            itemised: false,
        });
    }
    out
}

/// The items of a numbered list at the start of `blocks`.
struct Items<'a> {
    count: usize,
    first: Option<&'a Block>,
    last: Option<&'a Block>,
}

/// The numbered list `blocks` start with, when its end is clear.
fn numbered_items(blocks: &[Block]) -> Option<Items<'_>> {
    let (text, _) = block_text(blocks.first()?)?;
    let (style, one) = marker(text)?;
    if one != 1 {
        return None;
    }
    let mut count = 0usize;
    let mut last = None;
    let mut rest = blocks.iter();
    for block in rest.by_ref() {
        let Some((text, _)) = block_text(block) else {
            break;
        };
        match marker(text) {
            Some((s, n)) if s == style && n as usize == count + 1 => {
                if holds_inline(text, style, n + 1) {
                    return None;
                }
                count += 1;
                last = Some(block);
            }
            // Another number in the same style: a gap or a restart, unclear.
            Some((s, _)) if s == style => return None,
            _ => break,
        }
    }
    // The numbering taken up again soon after: the list's end is not clear.
    let resumed = blocks.iter().skip(count).take(4).any(|b| {
        block_text(b)
            .and_then(|(t, _)| marker(t))
            .is_some_and(|(s, n)| s == style && n as usize == count + 1)
    });
    if resumed || count == 0 {
        return None;
    }
    Some(Items {
        count,
        first: blocks.first(),
        last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceEncoding, SourceFile};

    fn counts(text: &str) -> Vec<(u32, usize)> {
        let doc = crate::parse::parse(&SourceFile::new(
            "t.md".into(),
            text.to_string(),
            SourceEncoding::Utf8,
        ));
        wrong_numbered_counts(&doc)
            .iter()
            .map(|w| (w.stated.value, w.listed))
            .collect()
    }

    #[test]
    fn markers_are_read() {
        assert_eq!(marker("（一）组织实施"), Some((0, 1)));
        assert_eq!(marker("(十一) 与区卫生"), Some((0, 11)));
        assert_eq!(marker("三、负责"), Some((1, 3)));
        assert_eq!(marker("2.负责"), Some((2, 2)));
        assert_eq!(marker("2025年"), None);
        assert_eq!(marker("（3）负责"), Some((3, 3)));
    }

    #[test]
    fn a_count_the_list_contradicts_fires() {
        let text = "主要职能有以下4项：\n\n（一）组织实施医疗保障制度。\n\n（二）组织实施基金监督管理办法。\n\n（三）组织实施筹资和待遇政策。\n\n二、机构设置情况\n\n本部门内设机构2个。\n";
        assert_eq!(counts(text), vec![(4, 3)]);
        let text = "下设3个处室：\n\n1.办公室，负责日常运转。\n\n2.财务科，负责财务管理。\n\n3.法规科，负责法制工作。\n\n4.信息科，负责信息化建设。\n\n第二部分 预算报表\n";
        assert_eq!(counts(text), vec![(3, 4)]);
    }

    #[test]
    fn right_or_unclear_lists_are_silent() {
        for text in [
            // Right.
            "主要职能有以下3项：\n\n（一）组织实施医疗保障制度。\n\n（二）组织实施基金监督管理办法。\n\n（三）组织实施筹资和待遇政策。\n\n二、机构设置情况\n",
            // A gap in the numbering.
            "主要职能有以下3项：\n\n（一）组织实施。\n\n（三）组织实施。\n\n（四）组织实施。\n\n二、机构设置情况\n",
            // Taken up again after a stray line.
            "主要职能有以下3项：\n\n（一）组织实施。\n\n（二）组织实施。\n\n附图\n\n（三）组织实施。\n\n（四）组织实施。\n",
            // Two items in one block.
            "承担以下三个方面的职责：\n\n（一）组织实施；（二）监督管理。\n\n（三）其他任务。\n\n二、机构设置情况\n",
            // Not numbered from 1.
            "主要职能有以下3项：\n\n（二）组织实施。\n\n（三）组织实施。\n",
        ] {
            assert!(counts(text).is_empty(), "{text}");
        }
    }
}
