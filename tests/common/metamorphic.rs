//! Transformations of a document's text that cannot change what the document says: the ways
//! text extraction from the same PDF differs between tools, settings and publishers. Each
//! output line carries the 0-based index of the original line it came from (`None` for a line
//! the transformation inserted), so that findings can be compared line by line.

/// Transformed lines, each with the 0-based index of the original line it came from.
pub type Tagged = Vec<(Option<usize>, String)>;

/// A document's text as lines, line ends taken off (`\r` too, remembered in `crlf`).
pub struct Lines {
    pub lines: Vec<String>,
    pub crlf: bool,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let crlf = text.contains("\r\n");
        let lines = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
            .collect();
        Lines { lines, crlf }
    }

    /// The lines, each tagged with its own index: the identity transformation.
    pub fn tagged(&self) -> Vec<(Option<usize>, String)> {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| (Some(i), l.clone()))
            .collect()
    }
}

/// Lines joined again with `\n`.
pub fn join(lines: &[(Option<usize>, String)]) -> String {
    let mut out = String::new();
    for (i, (_, l)) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

/// Each line transformed on its own, none moved.
pub fn per_line(doc: &Lines, f: impl Fn(&str) -> String) -> Vec<(Option<usize>, String)> {
    doc.lines
        .iter()
        .enumerate()
        .map(|(i, l)| (Some(i), f(l)))
        .collect()
}

/// A line of running prose, as text extraction gives it: sentence punctuation, no column gap
/// (two spaces or more), no tab or pipe cell, no Markdown heading, no page break.
pub fn is_prose(line: &str) -> bool {
    line.contains(['，', '。', '；'])
        && !line.trim().contains("  ")
        && !line.contains(['\t', '|', '\u{c}'])
        && !line.trim_start().starts_with('#')
}

/// Whether a wrap may fall between `a` and `b`: never inside a number or a Latin word, where
/// no PDF line break falls in practice (numbers and words are kept whole by the typesetter).
fn breakable(a: char, b: char) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-');
    !(word(a) && word(b))
}

/// Prose lines longer than `width` characters wrapped at `width` (a narrower page or a larger
/// font); other lines kept. Only a line that ends its sentence is wrapped: the short last piece
/// of a line cut in mid-sentence would stand where a real narrower page flows the text on, and
/// a short line in mid-sentence is what ends a paragraph in real extractions.
pub fn rewrap(doc: &Lines, width: usize) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let ends_sentence = line.trim_end().ends_with(['。', '；', '：', '！', '？']);
        if !is_prose(line) || !ends_sentence || chars.len() <= width {
            out.push((Some(i), line.clone()));
            continue;
        }
        let mut start = 0;
        while chars.len() - start > width {
            let mut cut = start + width;
            while cut > start + 1 && !breakable(chars[cut - 1], chars[cut]) {
                cut -= 1;
            }
            if cut == start + 1 {
                cut = start + width;
            }
            out.push((Some(i), chars[start..cut].iter().collect()));
            start = cut;
            // A letter-spaced line (`信 息 化 系 统`) cut at a space: the wrap takes the space,
            // as a PDF's line break does; the next line starts at the margin.
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
        out.push((Some(i), chars[start..].iter().collect()));
    }
    out
}

/// The column gaps of every table widened by `extra` spaces (another font's advance widths,
/// another `pdftotext -layout` scale), keeping the columns aligned: a table is a run of lines
/// each with a gap of two spaces or more inside, and `extra` spaces go into each gutter (two
/// or more character columns that are blank on every line of the run).
pub fn widen_gutters(doc: &Lines, extra: usize) -> Vec<(Option<usize>, String)> {
    let has_gap = |l: &str| l.trim().contains("  ");
    // Short lines without a gap (a header cell, a wrapped label, a title) belong to the table
    // around them; a long one is prose and ends it.
    let in_table = |l: &str| has_gap(l) || l.trim().chars().count() < 25 && !l.contains('。');
    let mut lines: Vec<Vec<char>> = doc.lines.iter().map(|l| l.chars().collect()).collect();
    let mut i = 0;
    while i < lines.len() {
        let text: String = lines[i].iter().collect();
        if !has_gap(&text) || text.contains('\u{c}') {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < lines.len() {
            let t: String = lines[end].iter().collect();
            if t.contains('\u{c}') || !in_table(&t) {
                break;
            }
            end += 1;
        }
        let width = lines[i..end].iter().map(Vec::len).max().unwrap_or(0);
        let blank = |c: usize| {
            lines[i..end]
                .iter()
                .all(|l| l.get(c).is_none_or(|&x| x == ' '))
        };
        // A gutter starts where a blank column follows a column with text somewhere.
        let starts: Vec<usize> = (1..width)
            .filter(|&c| blank(c) && c + 1 < width && blank(c + 1) && !blank(c - 1))
            .collect();
        for line in &mut lines[i..end] {
            for &c in starts.iter().rev() {
                if c < line.len() {
                    line.splice(c..c, std::iter::repeat_n(' ', extra));
                }
            }
        }
        i = end;
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| (Some(i), l.into_iter().collect()))
        .collect()
}

/// In a prose line with one wide gap inside it (justified text: `支出 1,653           万元。`),
/// the gap narrowed to two spaces; other lines kept. More gaps make a table row, whose columns
/// must stay where they are.
pub fn narrow_prose_gap(line: &str) -> String {
    if !line.contains(['，', '。', '；']) || line.contains(['\t', '|', '\u{c}']) {
        return line.to_string();
    }
    let lead = line.len() - line.trim_start_matches(' ').len();
    let body = line[lead..].trim_end_matches(' ');
    let Some(at) = body.find("  ") else {
        return line.to_string();
    };
    let gap = body[at..].len() - body[at..].trim_start_matches(' ').len();
    if body[at + gap..].contains("  ") {
        return line.to_string();
    }
    format!("{}{}  {}", &line[..lead], &body[..at], &body[at + gap..])
}

/// The whole page shifted right by `n` columns (a wider left margin); a page break stays first.
pub fn shift_right(line: &str, n: usize) -> String {
    if line.trim().is_empty() {
        return line.to_string();
    }
    let pad = " ".repeat(n);
    match line.strip_prefix('\u{c}') {
        Some(rest) => format!("\u{c}{pad}{rest}"),
        None => format!("{pad}{line}"),
    }
}

/// A line printed at each page boundary (a running header or footer), with the number of the
/// page that ends there and the number of pages.
pub fn furniture(
    doc: &Lines,
    line: impl Fn(usize, usize) -> String,
    before_break: bool,
) -> Option<Vec<(Option<usize>, String)>> {
    let pages = doc.lines.iter().filter(|l| l.contains('\u{c}')).count();
    if pages == 0 {
        return None;
    }
    let mut out = Vec::new();
    let mut page = 0;
    for (i, l) in doc.lines.iter().enumerate() {
        match l.find('\u{c}') {
            Some(at) => {
                page += 1;
                let (head, tail) = l.split_at(at);
                if !head.is_empty() {
                    out.push((Some(i), head.to_string()));
                }
                if before_break {
                    out.push((None, line(page, pages + 1)));
                    out.push((Some(i), tail.to_string()));
                } else {
                    out.push((None, format!("\u{c}{}", line(page + 1, pages + 1))));
                    if tail.len() > 1 {
                        out.push((Some(i), tail[1..].to_string()));
                    }
                }
            }
            None => out.push((Some(i), l.clone())),
        }
    }
    Some(out)
}

/// Blank lines doubled (a tool that ends paragraphs with an empty line of its own).
pub fn double_blank_lines(doc: &Lines) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    for (i, l) in doc.lines.iter().enumerate() {
        if l.trim().is_empty() {
            out.push((Some(i), l.clone()));
        }
        out.push((Some(i), l.clone()));
    }
    out
}

/// Years moved by `delta`: a four-digit year 2000–2039 standing alone (not part of a longer
/// number or an amount) and followed, maybe after spaces or a line break, by 年, 预算, 决算 or
/// a second year of a range (`2017-2019 年`). Amounts, document numbers (`〔2024〕2号`) and
/// everything else stay as they are.
pub fn shift_years(text: &str, delta: i32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let year_at = |i: usize| -> Option<i32> {
        if i + 4 > chars.len() || chars[i] != '2' || chars[i + 1] != '0' {
            return None;
        }
        let digits: String = chars[i..i + 4].iter().collect();
        let y: i32 = digits.parse().ok()?;
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 4).copied();
        let numeric = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '．')
        };
        (!numeric(before) && !numeric(after) && (2000..2040).contains(&y)).then_some(y)
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(y) = year_at(i) {
            let mut j = i + 4;
            while j < chars.len() && matches!(chars[j], ' ' | '\n' | '\r') {
                j += 1;
            }
            let rest: String = chars[j..(j + 2).min(chars.len())].iter().collect();
            let range = matches!(chars.get(j), Some('-' | '—' | '–' | '~' | '至' | '到')) && {
                let mut k = j + 1;
                while k < chars.len() && chars[k] == ' ' {
                    k += 1;
                }
                year_at(k).is_some()
            };
            if rest.starts_with('年') || rest == "预算" || rest == "决算" || range {
                out.push_str(&(y + delta).to_string());
                i += 4;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The first place name of a department (`长治市`, `江苏省`): the two characters before the
/// first 省 or 市 and that character, when they are Chinese.
pub fn place_of(department: &str) -> Option<String> {
    let chars: Vec<char> = department.chars().collect();
    let at = chars.iter().position(|&c| c == '省' || c == '市')?;
    (at >= 2
        && chars[at - 2..at]
            .iter()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)))
    .then(|| chars[at - 2..=at].iter().collect())
}

/// Another place of the same length and level, none of which occurs in the corpus.
pub fn other_place(place: &str) -> String {
    if place.ends_with('省') {
        if place == "浙江省" {
            "福建省"
        } else {
            "浙江省"
        }
        .to_string()
    } else if place == "晋城市" {
        "衢州市".to_string()
    } else {
        "晋城市".to_string()
    }
}

/// ASCII digits (and the decimal point between two of them) as full-width characters, as some
/// PDFs print the numbers of their prose (`１２３．４５万元`).
pub fn full_width_digits(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() * 3);
    for (i, &c) in chars.iter().enumerate() {
        let digit = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_digit());
        if c.is_ascii_digit() {
            out.push(char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c));
        } else if c == '.' && i > 0 && digit(i - 1) && digit(i + 1) {
            out.push('．');
        } else {
            out.push(c);
        }
    }
    out
}
