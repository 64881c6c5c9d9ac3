//! Re-joining prose across hard line wraps, and stripping Markdown markup from it.

use crate::model::{Paragraph, Text};
use crate::number::scan_numbers;
use crate::parse::lines::display_width;

/// The content ranges of a line once Markdown markup (`#`, `<b>`, `**`, list dashes), inline code
/// (`` `仅供内部审核` `` quotes the text, it does not say it) and outer whitespace are removed, as
/// (start, end) byte offsets within the line.
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
        if let Some(after) = inline_code_end(&line[..end], i) {
            if seg_start < i {
                ranges.push((seg_start, i));
            }
            i = after;
            seg_start = i;
        } else if line[i..end].starts_with('`') {
            // An unmatched run of backticks is text, the whole run.
            i = end - line[i..end].trim_start_matches('`').len();
        } else if let Some(m) = MARKUP.iter().find(|m| line[i..end].starts_with(**m)) {
            if seg_start < i {
                ranges.push((seg_start, i));
            }
            i += m.len();
            seg_start = i;
        } else {
            i += line[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            // Nothing is removed before the next `<`, `*` or backtick (ASCII bytes, so char
            // boundaries): go straight there.
            i += line.as_bytes()[i..end]
                .iter()
                .position(|b| matches!(b, b'<' | b'*' | b'`'))
                .unwrap_or(end - i);
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

/// `line[s..e]` without the single spaces that sit between two ideographs (`1234.56 万 元`,
/// `占 政府采购支出总额`), as ranges. Chinese is written without spaces; an extractor that joins
/// the lines of a wrapped paragraph with a space (pymupdf4llm) leaves one wherever the printed
/// line broke, and it would split a unit or a label in two.
fn wrap_spaces_removed(line: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let ideograph = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut out = Vec::new();
    let mut from = s;
    for (i, _) in line[s..e].match_indices(' ') {
        let at = s + i;
        if ideograph(line[..at].chars().next_back()) && ideograph(line[at + 1..e].chars().next()) {
            out.push((from, at));
            from = at + 1;
        }
    }
    out.push((from, e));
    out
}

/// Where an inline code span opening at `at` ends (just after its closing backticks): a run of
/// backticks closed by a run of the same length later on the line. A lone backtick is text.
fn inline_code_end(line: &str, at: usize) -> Option<usize> {
    let rest = &line[at..];
    let ticks = rest.len() - rest.trim_start_matches('`').len();
    if ticks == 0 {
        return None;
    }
    let fence = &rest[..ticks];
    let mut from = ticks;
    while let Some(found) = rest[from..].find(fence) {
        let close = from + found;
        let run = rest[close..].len() - rest[close..].trim_start_matches('`').len();
        if run == ticks {
            return Some(at + close + ticks);
        }
        from = close + run;
    }
    None
}

/// Append a line's content to a text, inserting a space where two Latin words would touch.
pub fn push_line(text: &mut Text, line: &str, line_start: usize) {
    let ranges = content_ranges(line);
    for (s, e) in ranges
        .into_iter()
        .flat_map(|(s, e)| wrap_spaces_removed(line, s, e))
    {
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

/// The indices of the lines that are Markdown fenced code (```` ``` ```` or `~~~` fences, the
/// fence lines included): examples shown in the document, not its text.
pub fn fenced_code_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut inside: Option<(char, usize)> = None;
    let mut fenced = Vec::new();
    for (index, line) in lines.enumerate() {
        let t = line.trim_start();
        let fence = ['`', '~'].into_iter().find_map(|c| {
            let run = t.len() - t.trim_start_matches(c).len();
            (run >= 3).then_some((c, run))
        });
        match (inside, fence) {
            (None, Some(open)) => {
                inside = Some(open);
                fenced.push(index);
            }
            (Some((c, n)), Some((d, m))) if c == d && m >= n && t[m..].trim().is_empty() => {
                inside = None;
                fenced.push(index);
            }
            (Some(_), _) => fenced.push(index),
            (None, None) => {}
        }
    }
    fenced
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
/// long lines (allowing a little spread; rows of figures printed on one line are not prose), or
/// `None` when lines do not look wrapped.
pub fn wrap_width(lines: &[&str]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !is_row_of_figures(l))
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
    (near * 3 >= widths.len())
        .then_some(p)
        .or_else(|| wrap_of_unfinished(lines))
}

/// The wrap width of text whose long lines are mostly not wrapped prose: text without blank
/// lines between paragraphs, its one-line paragraphs and its tables printed a row to a line
/// (`pdftotext -raw`: `2130101 行政运行 24567.80 24567.80`). A line cut by the wrap stops
/// mid-sentence, so among the long lines of prose (with a `，`) that end no sentence and are not
/// rows of figures, the widest cluster (within 6 columns) of at least three lines and a quarter
/// of them is the wrap. Titles (`…2025 年一般公共预算支出预算表`) have no comma.
fn wrap_of_unfinished(lines: &[&str]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.contains('，') && !ends_sentence(l) && !is_row_of_figures(l))
        .map(display_width)
        .filter(|&w| w >= 40)
        .collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let needed = (widths.len() / 4).max(3);
    // Widest first: `widths[i..j]` are the widths within 6 columns below `widths[i]`.
    let mut j = 0;
    for (i, &top) in widths.iter().enumerate() {
        j = j.max(i);
        while j < widths.len() && widths[j] + 6 >= top {
            j += 1;
        }
        if j - i >= needed {
            return Some(top);
        }
    }
    None
}

/// A table row printed on one line: two or more figures standing as words of their own, and no
/// comma, full stop or semicolon of prose.
fn is_row_of_figures(line: &str) -> bool {
    if line.contains(['，', '。', '；']) {
        return false;
    }
    let figure = |w: &str| {
        let w = w.trim_start_matches('-').trim_end_matches(['%', '％']);
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    };
    line.split_whitespace()
        .filter(|w| figure(w))
        .take(2)
        .count()
        == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(line: &str) -> Vec<&str> {
        content_ranges(line)
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect()
    }

    #[test]
    fn a_space_where_a_wrapped_line_was_joined_is_dropped_between_ideographs() {
        // pymupdf4llm joins the printed lines of a paragraph with a space (donggang-culture).
        let line = "其中：政府采购货物支出1234.56 万 元、占 政府采购支出总额的80.30%，2023 年度";
        let mut text = Text::new();
        push_line(&mut text, line, 100);
        assert_eq!(
            text.text,
            "其中：政府采购货物支出1234.56 万元、占政府采购支出总额的80.30%，2023 年度"
        );
        // Spans still point at the source: the 元 after the dropped space is where it was.
        let at = text.text.find("元、").unwrap();
        assert_eq!(text.source_offset(at), 100 + line.find("元、").unwrap());
        // A space next to a figure or a Latin word stays; two spaces are a gap, not a wrap.
        let mut text = Text::new();
        push_line(&mut text, "支出 1234.56 万元 PPP 项目  基本支出", 0);
        assert_eq!(text.text, "支出 1234.56 万元 PPP 项目  基本支出");
    }

    #[test]
    fn inline_code_is_not_content() {
        assert_eq!(
            content("- 水印 `仅供内部审核` 会被报告。"),
            ["水印", "会被报告。"]
        );
        assert_eq!(content("用 ``a ` b`` 表示"), ["用", "表示"]);
        // A lone backtick, or runs of different lengths, are text.
        assert_eq!(content("单价`12 元"), ["单价`12 元"]);
        assert_eq!(content("甲``乙`丙"), ["甲``乙`丙"]);
    }

    #[test]
    fn fenced_code_lines_include_their_fences() {
        let text = "正文\n```text\n仅供内部审核\n~~~\n```\n正文\n~~~~\n代码\n~~~~\n";
        assert_eq!(fenced_code_lines(text.lines()), [1, 2, 3, 4, 6, 7, 8]);
        // An unclosed fence runs to the end, as in CommonMark.
        assert_eq!(fenced_code_lines("甲\n```\n乙\n".lines()), [1, 2]);
    }
}
