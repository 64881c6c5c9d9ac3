//! `check = "required"`: the tables a full disclosure of its kind must contain.
//!
//! A table is there when a table title, or a line standing alone as a title (a heading or a
//! short paragraph, which is how plain text often gives a title the reader did not attach to
//! its table), matches one of the entry's `titles`. A table printed empty with `本表无数据` is
//! there. A table of contents does not count: its lines carry leader dots or tab stops.

use std::sync::LazyLock;

use crate::engine::ParamError;
use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, squeeze};
use crate::source::Span;

/// One table the disclosure must contain.
#[derive(Debug, Clone)]
pub struct RequiredTable {
    pub name: String,
    /// Patterns of its titles (whitespace removed before matching).
    pub titles: Vec<LazyRegex>,
    /// Patterns of titles that are other tables, though they match `titles`.
    pub exclude: Vec<LazyRegex>,
    /// Required from this report year on (the 国有资本经营 table joined the set later).
    pub since: Option<i32>,
}

/// A title-like line of the document, whitespace removed, and where it is.
pub struct TitleLine {
    pub text: String,
    pub span: Span,
}

/// How far to look past page furniture for the lines next to a title.
const NEIGHBOUR_REACH: usize = 6;

/// Longest paragraph, in characters, taken for a title standing alone.
const TITLE_CHARS: usize = 50;

/// Every table title and every line that reads like one, without its form number.
/// `is_wanted` tells the titles of the tables looked for: a line between two of them is an
/// entry of a list of tables (a table of contents), not a title.
pub fn title_lines(document: &Document, is_wanted: impl Fn(&str) -> bool) -> Vec<TitleLine> {
    // The blocks that may be a title standing alone, in order.
    let blocks: Vec<&Block> = document.blocks.iter().collect();
    let standalone = |b: &Block| -> Option<(String, Span)> {
        let (text, span) = match b {
            Block::Heading(h) => (squeeze(&h.text.text).into_owned(), h.text.span()),
            // The reader keeps a form number line (`公开 03 表：支出预算总表`) out of the prose.
            Block::Paragraph(p) | Block::Furniture(p) => {
                (squeeze(&p.text.text).into_owned(), p.text.span())
            }
            _ => return None,
        };
        let title_like = text.chars().count() <= TITLE_CHARS
            && !text.contains(['。', '，', '；'])
            // Lines of a table of contents: `表一2025年预算收支总表.....3`, `…⇥16`.
            && !text.contains("..")
            && !text.contains(['…', '⇥', '\t']);
        title_like.then_some((text, span))
    };
    // A list of table names, one a line (a table of contents without page numbers), names
    // tables without printing them.
    let names_a_table = |b: Option<&&Block>| {
        b.and_then(|b| standalone(b))
            .is_some_and(|(text, _)| title_of(&text).is_some_and(&is_wanted))
    };
    let mut out = Vec::new();
    fn push(out: &mut Vec<TitleLine>, text: &str, span: Span) {
        // After a form number (`公开 09 表：`) comes a title, even one the layout cut or ran
        // into the next line (`…会议费、培训费`, `…收入预算总表部门：…`).
        if let Some(end) = form_end(text).filter(|&end| end < text.len()) {
            out.push(TitleLine {
                text: text[end..].to_string(),
                span,
            });
        } else if let Some(title) = title_of(text) {
            out.push(TitleLine {
                text: title.to_string(),
                span,
            });
        }
    }
    for (i, block) in blocks.iter().enumerate() {
        if let Block::Table(t) = block {
            if let Some(title) = &t.title {
                push(&mut out, &squeeze(&title.text), title.span());
            }
            // The form number line may carry the title (`公开 01 表：收支预算总表`).
            if let Some(form) = &t.form {
                push(&mut out, &squeeze(&form.text), form.span());
            }
            // A table whose title the reader lost still shows what it is in its header
            // (`“三公”经费`): enough to know the table is printed.
            if t.title.is_none() {
                let header = t.header.iter().map(|h| squeeze(&h.text).into_owned());
                for text in header.chain(t.columns.iter().map(|c| c.name.clone())) {
                    out.push(TitleLine { text, span: t.span });
                }
            }
            // A layout may leave the next table's title as a last row without amounts.
            for row in t
                .rows
                .iter()
                .filter(|r| r.values.is_empty() && r.code.is_none())
            {
                push(&mut out, &row.name(), row.label.span());
            }
            continue;
        }
        let Some((mut text, span)) = standalone(block) else {
            continue;
        };
        // A title wrapped before its last character: `…支出预算` / `表`.
        if let Some(Block::Paragraph(next)) = blocks.get(i + 1)
            && next.text.text.trim() == "表"
        {
            text.push('表');
        }
        // The nearest blocks before and after, page numbers and running headers skipped.
        let is_page_furniture =
            |b: &&Block| matches!(b, Block::Furniture(_)) && !names_a_table(Some(b));
        // A few blocks at most either way: page furniture comes in ones and twos.
        let before = blocks[i.saturating_sub(NEIGHBOUR_REACH)..i]
            .iter()
            .rev()
            .find(|b| !is_page_furniture(b));
        let after = blocks[i + 1..]
            .iter()
            .take(NEIGHBOUR_REACH)
            .find(|b| !is_page_furniture(b));
        if names_a_table(before) || names_a_table(after) {
            continue;
        }
        push(&mut out, &text, span);
    }
    out
}

/// A form number before a title: `公开 03 表：`, `预算公开表1`, `表一`, `表3：` (digits after
/// `表` need their separator, so that `表一2025年…` and `表12025年…` keep their year).
static FORM: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "^(?:[0-9]*公开[0-9]+表[：:、.]?|(?:预算)?公开表[0-9]+[：:、.]?|表[一二三四五六七八九十]+[：:、.]?|表[0-9]{1,2}[：:、.])",
    )
    .expect("form pattern compiles")
});

/// Where the form number opening `text` ends, if one does. A number in Chinese numerals run into
/// a title that starts `一般` (`表五一般公共预算支出表`, the space squeezed out) ends before that
/// `一`: `表五`, not `表五一`.
fn form_end(text: &str) -> Option<usize> {
    let end = FORM.find(text)?.end();
    let form = &text[..end];
    let run_into = form.ends_with('一') && text[end..].starts_with('般') && form.starts_with('表');
    Some(if run_into && form.chars().count() > 2 {
        end - '一'.len_utf8()
    } else {
        end
    })
}

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    FORM.warm(hint);
}

/// The title a line states, without its form number, when it reads as a table's title: it ends
/// with `表` (a bracketed remark after it aside: `（不含上年结转）`).
fn title_of(text: &str) -> Option<&str> {
    let text = form_end(text).map_or(text, |end| &text[end..]);
    let mut core = text;
    while let Some(stripped) = core.strip_suffix('）').or_else(|| core.strip_suffix(')')) {
        match stripped.rfind(['（', '(']) {
            Some(open) => core = &stripped[..open],
            None => break,
        }
    }
    core.ends_with('表').then_some(text)
}

impl RequiredTable {
    /// Whether the document has the table: a title line matches.
    pub fn present_in(&self, lines: &[TitleLine]) -> bool {
        lines.iter().any(|l| self.is_title(&l.text))
    }

    pub fn is_title(&self, text: &str) -> bool {
        self.titles.iter().any(|r| r.is_match(text))
            && !self.exclude.iter().any(|r| r.is_match(text))
    }

    /// Whether a report of `year` must contain it.
    pub fn required_in(&self, year: Option<i32>) -> bool {
        match (self.since, year) {
            (None, _) => true,
            (Some(since), Some(year)) => year >= since,
            // Unknown year: a table required only in newer years may be missing rightly.
            (Some(_), None) => false,
        }
    }
}

/// Read a list of required tables (`budget` or `final`).
pub fn required_tables(value: &toml::Value, param: &str) -> Result<Vec<RequiredTable>, ParamError> {
    let bad = |m: String| ParamError::new(Some(param), m);
    let entries = value
        .as_array()
        .ok_or_else(|| bad(format!("`{param}` must be an array of tables")))?;
    let patterns =
        |t: &toml::Table, key: &str, required: bool| -> Result<Vec<LazyRegex>, ParamError> {
            let list = match t.get(key) {
                None if !required => return Ok(Vec::new()),
                None => return Err(bad(format!("each entry of `{param}` needs `{key}`"))),
                Some(v) => v
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|s| s.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| bad(format!("`{key}` must be a list of strings")))?,
            };
            list.iter()
                .map(|p| LazyRegex::new(p).map_err(|e| title_pattern_error(param, p, &e)))
                .collect()
        };
    let mut out = Vec::new();
    for entry in entries {
        let t = entry
            .as_table()
            .ok_or_else(|| bad(format!("each entry of `{param}` must be a table")))?;
        if let Some(k) = t
            .keys()
            .find(|k| !matches!(k.as_str(), "name" | "titles" | "exclude" | "since"))
        {
            return Err(bad(format!(
                "unknown key `{k}` in `{param}` (expected: name, titles, exclude, since)"
            )));
        }
        let name = t
            .get("name")
            .and_then(|v| v.as_str())
            .ok_or_else(|| bad(format!("each entry of `{param}` needs a `name` string")))?;
        let since = match t.get("since") {
            None => None,
            Some(v) => Some(
                v.as_integer()
                    .and_then(|y| i32::try_from(y).ok())
                    .ok_or_else(|| bad("`since` must be a year".into()))?,
            ),
        };
        out.push(RequiredTable {
            name: name.to_string(),
            titles: patterns(t, "titles", true)?,
            exclude: patterns(t, "exclude", false)?,
            since,
        });
    }
    Ok(out)
}

fn title_pattern_error(param: &str, pattern: &str, e: &regex::Error) -> ParamError {
    ParamError::new(
        Some(param),
        format!("invalid title pattern `{pattern}`: {e}"),
    )
}

/// The title patterns of `tables`, compiled now (see [`crate::engine::Check::compile_patterns`]).
pub fn compile_patterns(tables: &[RequiredTable], param: &str) -> Result<(), ParamError> {
    for pattern in tables
        .iter()
        .flat_map(|t| t.titles.iter().chain(&t.exclude))
    {
        pattern
            .compile()
            .map_err(|e| title_pattern_error(param, pattern.as_str(), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_ends_with_its_table_and_loses_its_form_number() {
        assert_eq!(title_of("收入预算总表"), Some("收入预算总表"));
        assert_eq!(
            title_of("2025年一般公共预算支出预算表（不含上年结转）"),
            Some("2025年一般公共预算支出预算表（不含上年结转）")
        );
        assert_eq!(title_of("公开02表：收入预算总表"), Some("收入预算总表"));
        assert_eq!(
            title_of("表一2025年预算收支总表"),
            Some("2025年预算收支总表")
        );
        // A form number in Chinese numerals run into a title opening with `一般`.
        assert_eq!(
            title_of("表五一般公共预算支出表"),
            Some("一般公共预算支出表")
        );
        assert_eq!(
            title_of("表十一一般公共预算基本支出表"),
            Some("一般公共预算基本支出表")
        );
        assert_eq!(
            title_of("表十一政府性基金预算支出表"),
            Some("政府性基金预算支出表")
        );
        // A heading of the explanations is not a table's title.
        assert_eq!(title_of("十、政府性基金预算支出预算情况说明"), None);
        assert_eq!(title_of("具体公开表样附后"), None);
    }

    #[test]
    fn a_list_of_table_names_is_not_a_set_of_tables() {
        let text = "目录\n\n一、收支总体情况表\n\n二、收入总体情况表\n\n三、支出总体情况表\n\n第三部分 说明\n";
        let source = crate::source::SourceFile::from_str("toc.md", text);
        let document = crate::parse::parse(&source);
        let wanted = |t: &str| t.contains("总体情况表");
        assert!(title_lines(&document, wanted).is_empty());
        // One name standing alone is a title.
        let text = "第二部分\n\n收入总体情况表\n\n部门（单位）：某局\n";
        let source = crate::source::SourceFile::from_str("one.md", text);
        let document = crate::parse::parse(&source);
        let lines = title_lines(&document, wanted);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "收入总体情况表");
    }
}
