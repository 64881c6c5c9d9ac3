//! Re-joining prose across hard line wraps, and stripping Markdown markup from it.

use crate::model::{Paragraph, Text};
use crate::number::scan_numbers;
use crate::parse::lines::display_width;

/// The content ranges of a line once Markdown markup (`#`, `<b>`, `**`, list dashes) and outer
/// whitespace are removed, as (start, end) byte offsets within the line.
pub fn content_ranges(line: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let trimmed_start = line.len() - line.trim_start().len();
    let mut start = trimmed_start;
    let body = &line[start..];
    // Heading hashes and list markers at the start.
    let hashes = body.len() - body.trim_start_matches('#').len();
    if hashes > 0 && body[hashes..].starts_with(' ') {
        start += hashes + 1;
    } else if body.starts_with("- ") || body.starts_with("* ") {
        start += 2;
    }
    let end = line.trim_end().len();
    if start >= end {
        return ranges;
    }
    const MARKUP: &[&str] = &["<b>", "</b>", "**", "<br>", "<br/>"];
    let mut seg_start = start;
    let mut i = start;
    while i < end {
        if let Some(m) = MARKUP.iter().find(|m| line[i..end].starts_with(**m)) {
            if seg_start < i {
                ranges.push((seg_start, i));
            }
            i += m.len();
            seg_start = i;
        } else {
            i += line[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        }
    }
    if seg_start < end {
        ranges.push((seg_start, end));
    }
    // Trim whitespace left at the edges by removed markup.
    ranges
        .into_iter()
        .filter_map(|(s, e)| {
            let seg = &line[s..e];
            let lead = seg.len() - seg.trim_start().len();
            let trail = seg.len() - seg.trim_end().len();
            (s + lead < e - trail).then_some((s + lead, e - trail))
        })
        .collect()
}

/// Append a line's content to a text, inserting a space where two Latin words would touch.
pub fn push_line(text: &mut Text, line: &str, line_start: usize) {
    for (s, e) in content_ranges(line) {
        let piece = &line[s..e];
        let joins_words = text
            .text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && piece
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
        if joins_words {
            text.push_synthetic(" ", line_start + s);
        }
        text.push(piece, line_start + s);
    }
}

/// Build a paragraph from joined text, reading its numbers.
pub fn paragraph(text: Text) -> Paragraph {
    let numbers = scan_numbers(&text.text)
        .into_iter()
        .map(|f| crate::model::Number {
            value: f.value,
            decimals: f.decimals,
            span: text.source_span(f.range.clone()),
            unit: f.unit,
        })
        .collect();
    Paragraph { text, numbers }
}

/// The clauses of a text as byte ranges: cut after `。`, `；`, `;`, `！`, `？`, never at `，`
/// (a clause keeps its subject and its amounts together). Outer whitespace is trimmed.
pub fn clauses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | ';' | '！' | '？') {
            push_clause(text, start..i + c.len_utf8(), &mut out);
            start = i + c.len_utf8();
        }
    }
    push_clause(text, start..text.len(), &mut out);
    out
}

fn push_clause(text: &str, range: std::ops::Range<usize>, out: &mut Vec<std::ops::Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Whether a paragraph line ends a sentence (so the next line starts a new paragraph unless the
/// line was wrapped at full width).
pub fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches("</b>")
        .trim_end_matches("**");
    t.ends_with(['。', '；', '！', '？', '：', ':', '…', '）', ')', '”', '"'])
}

/// The width at which a plain-text extraction wrapped its prose: the most common width among
/// long lines (allowing a little spread), or `None` when lines do not look wrapped.
pub fn wrap_width<'a>(lines: impl Iterator<Item = &'a str>) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .map(|l| display_width(l.trim()))
        .filter(|&w| w >= 40)
        .collect();
    if widths.len() < 5 {
        return None;
    }
    widths.sort_unstable();
    // The 75th percentile of long lines: wrapped lines are all about this wide.
    let p = widths[widths.len() * 3 / 4];
    let near = widths.iter().filter(|&&w| w + 6 >= p && w <= p + 6).count();
    (near * 3 >= widths.len()).then_some(p)
}
