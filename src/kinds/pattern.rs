//! `pattern`: literal or regex matches over prose, cells and headings.
//!
//! This kind is Vale's *existence* extension point (report every place a pattern occurs) and,
//! with `replacement` / `replacements`, its *substitution* one (also say what to write instead).
//! It owns the parameters of the kind, the choice of texts a rule looks at (`scope`), and the
//! mapping of a match in joined text back to the source stretches it came from.
//!
//! Parameters (`[params]` of a rule file, kebab-case):
//!
//! | key | meaning |
//! |---|---|
//! | `literals` | strings to find; matched ignoring whitespace unless `ignore-whitespace = false` |
//! | `regex` | a Rust `regex` pattern; at least one of `literals` / `regex` is required |
//! | `group` | report this capture group of `regex` instead of the whole match (number or name) |
//! | `scope` | `"all"` (default), `"prose"`, `"cells"`, `"headings"`, or an array of them |
//! | `exclude` | reported texts to skip (`["km", "kg"]`) |
//! | `replacement` | suggested text; for `regex` matches `$1` / `${name}` expand capture groups |
//! | `replacements` | table: reported text → suggested text; wins over `replacement` |
//! | `ignore-whitespace` | literals match across spaces and line wraps (default `true`) |
//! | `label` | `{ zh = "…", en = "…" }`: the label on each match, with `{matched}` / `{replacement}` |
//! | `per` | `"match"` (default): one diagnostic per match; `"text"`: one per text, labelling every match |
//!
//! Scopes: *prose* is paragraphs, notes and page furniture; *cells* is table titles, form numbers,
//! header lines, row labels and the other text cells of each row; *headings* is headings. Each of
//! these is one *text* (a paragraph, a cell, a heading), the unit `per = "text"` groups by.
//!
//! The message gets `{matched}`, `{replacement}` and `{count}` (the number of matches). With
//! `per = "text"` the primary label is on the first match and secondary labels on the others;
//! `{matched}` and `{replacement}` list the distinct texts, separated by spaces, in order of first
//! appearance.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Label};
use crate::engine::{Check, CheckContext, Lang, ParamError, fill_template};
use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Table, Text};
use crate::source::{SourceFile, Span};

const KNOWN_PARAMS: &[&str] = &[
    "literals",
    "regex",
    "group",
    "scope",
    "exclude",
    "replacement",
    "replacements",
    "ignore-whitespace",
    "label",
    "per",
];

/// How a rule's matches are gathered into diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Per {
    /// One diagnostic per match: each watermark is its own finding.
    Match,
    /// One diagnostic per text with a label on each match: a paragraph typed in the wrong input
    /// mode is one mistake to fix, not forty.
    Text,
}

/// Which texts of a document a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scope {
    prose: bool,
    cells: bool,
    headings: bool,
}

impl Scope {
    const ALL: Scope = Scope {
        prose: true,
        cells: true,
        headings: true,
    };
    const NONE: Scope = Scope {
        prose: false,
        cells: false,
        headings: false,
    };

    fn add(&mut self, name: &str) -> Result<(), ParamError> {
        match name {
            "all" => *self = Scope::ALL,
            "prose" => self.prose = true,
            "cells" => self.cells = true,
            "headings" => self.headings = true,
            other => {
                return Err(ParamError::new(
                    Some("scope"),
                    format!(
                        "unknown scope `{other}` (expected \"all\", \"prose\", \"cells\" or \"headings\")"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The capture group a regex rule reports.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    Index(usize),
    Name(String),
}

/// A label template in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Localized {
    zh: String,
    en: String,
}

impl Localized {
    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug)]
pub struct PatternCheck {
    /// All literals as one alternation, longest first, so the longest literal wins at a position.
    literals: Option<LazyRegex>,
    /// Match literals on a whitespace-free copy of the text (line wraps, `仅供 内部 审核`).
    ignore_whitespace: bool,
    regex: Option<LazyRegex>,
    group: Group,
    scope: Scope,
    exclude: HashSet<String>,
    replacement: Option<String>,
    replacements: BTreeMap<String, String>,
    label: Option<Localized>,
    per: Per,
}

/// One match in a text: the reported byte range and what to write instead, if known.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    range: Range<usize>,
    /// The text shown as `{matched}`.
    matched: String,
    replacement: Option<String>,
}

/// A match placed in the source: its stretches, one per source line it touches (never empty).
#[derive(Debug)]
struct Place {
    found: Found,
    stretches: Vec<Span>,
}

impl PatternCheck {
    pub fn from_params(params: &toml::Table) -> Result<PatternCheck, ParamError> {
        if let Some(key) = params.keys().find(|k| !KNOWN_PARAMS.contains(&k.as_str())) {
            return Err(ParamError::new(
                Some(key),
                format!(
                    "unknown parameter `{key}` (known: {})",
                    KNOWN_PARAMS.join(", ")
                ),
            ));
        }

        let literal_list = string_list(params, "literals")?;
        if literal_list.iter().any(|l| l.trim().is_empty()) {
            return Err(ParamError::new(Some("literals"), "a literal is empty"));
        }
        let ignore_whitespace = match params.get("ignore-whitespace") {
            None => true,
            Some(v) => v
                .as_bool()
                .ok_or_else(|| type_error("ignore-whitespace", "a boolean", v))?,
        };
        let literals = literal_regex(&literal_list, ignore_whitespace)?;

        let regex = match params.get("regex") {
            None => None,
            Some(v) => {
                let pattern = v
                    .as_str()
                    .ok_or_else(|| type_error("regex", "a string", v))?;
                let regex = LazyRegex::new(pattern).map_err(|e| regex_error(pattern, &e))?;
                Some(regex)
            }
        };
        if literals.is_none() && regex.is_none() {
            return Err(ParamError::new(
                None,
                "a pattern rule needs `literals` or `regex`",
            ));
        }

        let group = match params.get("group") {
            None => Group::Index(0),
            Some(v) => {
                let Some(regex) = &regex else {
                    return Err(ParamError::new(Some("group"), "`group` needs a `regex`"));
                };
                let group = match v {
                    toml::Value::Integer(n) => Group::Index(usize::try_from(*n).map_err(|_| {
                        ParamError::new(Some("group"), format!("group {n} is negative"))
                    })?),
                    toml::Value::String(name) => Group::Name(name.clone()),
                    other => return Err(type_error("group", "a group number or name", other)),
                };
                let exists = match &group {
                    Group::Index(i) => *i < regex.captures_len(),
                    Group::Name(name) => regex.capture_names().any(|n| n == Some(name.as_str())),
                };
                if !exists {
                    return Err(ParamError::new(
                        Some("group"),
                        format!("the regex has no capture group {}", group_display(&group)),
                    ));
                }
                group
            }
        };

        let scope = match params.get("scope") {
            None => Scope::ALL,
            Some(toml::Value::String(s)) => {
                let mut scope = Scope::NONE;
                scope.add(s)?;
                scope
            }
            Some(toml::Value::Array(_)) => {
                let mut scope = Scope::NONE;
                for s in string_list(params, "scope")? {
                    scope.add(&s)?;
                }
                if scope == Scope::NONE {
                    return Err(ParamError::new(Some("scope"), "the scope list is empty"));
                }
                scope
            }
            Some(other) => {
                return Err(type_error(
                    "scope",
                    "a string or an array of strings",
                    other,
                ));
            }
        };

        let exclude = string_list(params, "exclude")?.into_iter().collect();
        let replacement = match params.get("replacement") {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .ok_or_else(|| type_error("replacement", "a string", v))?
                    .to_string(),
            ),
        };
        let replacements = match params.get("replacements") {
            None => BTreeMap::new(),
            Some(toml::Value::Table(t)) => t
                .iter()
                .map(|(k, v)| match v.as_str() {
                    Some(s) => Ok((k.clone(), s.to_string())),
                    None => Err(type_error("replacements", "a table of strings", v)),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(type_error("replacements", "a table of strings", other)),
        };
        let label = match params.get("label") {
            None => None,
            Some(toml::Value::Table(t)) => {
                let text = |lang: &str| -> Result<String, ParamError> {
                    match t.get(lang) {
                        Some(toml::Value::String(s)) => Ok(s.clone()),
                        Some(other) => Err(type_error(
                            "label",
                            "a table with `zh` and `en` strings",
                            other,
                        )),
                        None => Err(ParamError::new(
                            Some("label"),
                            format!("`label` needs `{lang}`"),
                        )),
                    }
                };
                if let Some(key) = t.keys().find(|k| !matches!(k.as_str(), "zh" | "en")) {
                    return Err(ParamError::new(
                        Some("label"),
                        format!("unknown key `{key}` in `label` (expected `zh` and `en`)"),
                    ));
                }
                Some(Localized {
                    zh: text("zh")?,
                    en: text("en")?,
                })
            }
            Some(other) => {
                return Err(type_error(
                    "label",
                    "a table with `zh` and `en` strings",
                    other,
                ));
            }
        };

        let per = match params.get("per") {
            None => Per::Match,
            Some(toml::Value::String(s)) if s == "match" => Per::Match,
            Some(toml::Value::String(s)) if s == "text" => Per::Text,
            Some(toml::Value::String(s)) => {
                return Err(ParamError::new(
                    Some("per"),
                    format!("unknown value `{s}` for `per` (expected \"match\" or \"text\")"),
                ));
            }
            Some(other) => return Err(type_error("per", "a string", other)),
        };

        Ok(PatternCheck {
            literals,
            ignore_whitespace,
            regex,
            group,
            scope,
            exclude,
            replacement,
            replacements,
            label,
            per,
        })
    }

    /// Every match in `text`, left to right, without overlaps and without excluded texts.
    fn find(&self, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        if let Some(literals) = &self.literals {
            self.find_literals(literals, text, &mut found);
        }
        if let Some(regex) = &self.regex {
            self.find_regex(regex, text, &mut found);
        }
        found.retain(|f| !self.exclude.contains(&f.matched));
        // Literals and regex may find the same place; keep the leftmost, then the longest.
        found.sort_by(|a, b| {
            (a.range.start, std::cmp::Reverse(a.range.end))
                .cmp(&(b.range.start, std::cmp::Reverse(b.range.end)))
        });
        let mut kept: Vec<Found> = Vec::with_capacity(found.len());
        for f in found {
            if kept.last().is_none_or(|k| f.range.start >= k.range.end) {
                kept.push(f);
            }
        }
        kept
    }

    fn find_literals(&self, literals: &LazyRegex, text: &str, found: &mut Vec<Found>) {
        if !self.ignore_whitespace {
            for m in literals.find_iter(text) {
                found.push(self.found(text, m.range(), None));
            }
            return;
        }
        let squeezed = Squeezed::new(text);
        for m in literals.find_iter(&squeezed.text) {
            let Some(range) = squeezed.original(m.range()) else {
                continue;
            };
            let mut f = self.found(text, range, None);
            // Whitespace inside the match is not significant here: show the literal as written.
            f.matched = m.as_str().to_string();
            f.replacement = self.replacement_for(&f.matched, None);
            found.push(f);
        }
    }

    fn find_regex(&self, regex: &LazyRegex, text: &str, found: &mut Vec<Found>) {
        // Without what every match contains, no search: most texts, and a document without any
        // never compiles the regex.
        if !regex.may_match(text) {
            return;
        }
        let mut at = 0;
        while at <= text.len() {
            let Some(caps) = regex.captures_at_unchecked(text, at) else {
                break;
            };
            let Some(whole) = caps.get(0) else { break };
            let reported = match &self.group {
                Group::Index(i) => caps.get(*i),
                Group::Name(name) => caps.name(name),
            };
            // Resume after the reported group, not after the whole match: context matched around
            // the group (the Chinese character before `and`) may be the context of the next match.
            let next = match reported {
                Some(g) if g.end() > at => g.end(),
                _ => whole.end(),
            };
            if let Some(g) = reported.filter(|g| !g.is_empty()) {
                let f = self.found(text, g.range(), Some(&caps));
                found.push(f);
            }
            at = if next > at {
                next
            } else {
                next_char_boundary(text, at)
            };
        }
    }

    fn found(
        &self,
        text: &str,
        range: Range<usize>,
        caps: Option<&crate::lazy_regex::Captures<'_>>,
    ) -> Found {
        let matched = collapse_whitespace(text.get(range.clone()).unwrap_or(""));
        let replacement = self.replacement_for(&matched, caps);
        Found {
            range,
            matched,
            replacement,
        }
    }

    fn replacement_for(
        &self,
        matched: &str,
        caps: Option<&crate::lazy_regex::Captures<'_>>,
    ) -> Option<String> {
        if let Some(r) = self.replacements.get(matched) {
            return Some(r.clone());
        }
        let template = self.replacement.as_ref()?;
        Some(match caps {
            Some(caps) => {
                let mut out = String::new();
                caps.expand(template, &mut out);
                out
            }
            None => template.clone(),
        })
    }

    /// Call `visit` with every text the rule's scope covers, in document order.
    fn each_text(&self, cx: &CheckContext<'_>, visit: &mut dyn FnMut(&Text)) {
        for block in &cx.document.blocks {
            match block {
                Block::Heading(h) if self.scope.headings => visit(&h.text),
                Block::Paragraph(p) | Block::Note(p) | Block::Furniture(p) if self.scope.prose => {
                    visit(&p.text)
                }
                Block::Table(t) if self.scope.cells => table_texts(t, visit),
                _ => {}
            }
        }
    }

    /// One diagnostic for `places` (none without places): the primary label on the first place's
    /// first stretch, secondary labels on the others (without words when they would repeat the
    /// primary label's).
    fn diagnostic(&self, cx: &CheckContext<'_>, places: &[Place]) -> Option<Diagnostic> {
        let first_label = self.label_text(cx.lang, &places.first()?.found);
        let matched = distinct(places.iter().map(|p| p.found.matched.as_str())).join(" ");
        let replacement =
            distinct(places.iter().filter_map(|p| p.found.replacement.as_deref())).join(" ");
        let count = places.len().to_string();
        let args = [
            ("matched", matched.as_str()),
            ("replacement", replacement.as_str()),
            ("count", count.as_str()),
        ];
        let continued = match cx.lang {
            Lang::Zh => "接上行",
            Lang::En => "continued from the line above",
        };
        let mut d = cx.rule.diagnostic(cx.rule.severity, cx.lang, &args);
        for (i, place) in places.iter().enumerate() {
            let mut label = self.label_text(cx.lang, &place.found);
            // The other matches of a text are underlined without repeating the same words.
            if i > 0 && label == first_label {
                label.clear();
            }
            for (j, span) in place.stretches.iter().enumerate() {
                d = d.with_label(match (i, j) {
                    (0, 0) => Label::primary(*span, label.clone()),
                    (_, 0) => Label::secondary(*span, label.clone()),
                    _ => Label::secondary(*span, continued),
                });
            }
        }
        if let Some(help) = help(cx.lang, places) {
            d = d.with_help(help);
        }
        Some(d)
    }

    /// The label on one match: the `label` template filled with that match's texts.
    fn label_text(&self, lang: Lang, f: &Found) -> String {
        let args = [
            ("matched", f.matched.as_str()),
            ("replacement", f.replacement.as_deref().unwrap_or("")),
        ];
        self.label
            .as_ref()
            .map(|l| fill_template(l.get(lang), &args))
            .unwrap_or_default()
    }
}

impl Check for PatternCheck {
    fn lazy_patterns(&self) -> Vec<LazyRegex> {
        self.literals.iter().chain(&self.regex).cloned().collect()
    }

    fn compile_patterns(&self) -> Result<(), ParamError> {
        if let Some(literals) = &self.literals {
            literals.compile().map_err(literals_error)?;
        }
        if let Some(regex) = &self.regex {
            regex
                .compile()
                .map_err(|e| regex_error(regex.as_str(), e))?;
        }
        Ok(())
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        // A place is reported once even when two texts cover it: a row label is also a cell, the
        // two halves of a side-by-side table share their lines.
        // Kept spans never overlap, so sorted by start their ends increase too: only the last one
        // starting before a new span can overlap it.
        let mut reported: BTreeMap<usize, usize> = BTreeMap::new();
        self.each_text(cx, &mut |text| {
            let mut places = Vec::new();
            for found in self.find(&text.text) {
                let stretches = source_stretches(cx.source, text, found.range.clone());
                let Some(&span) = stretches.first() else {
                    continue;
                };
                let seen = reported.get(&span.start) == Some(&span.end)
                    || reported
                        .range(..span.end.max(span.start + 1))
                        .next_back()
                        .is_some_and(|(_, &end)| end > span.start);
                if !seen {
                    reported.insert(span.start, span.end);
                    places.push(Place { found, stretches });
                }
            }
            match self.per {
                Per::Match => {
                    for place in places {
                        out.extend(self.diagnostic(cx, std::slice::from_ref(&place)));
                    }
                }
                Per::Text => out.extend(self.diagnostic(cx, &places)),
            }
        });
    }
}

/// What to write instead: one replacement for every match, or each distinct one spelled out.
fn help(lang: Lang, places: &[Place]) -> Option<String> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for p in places {
        if let Some(r) = &p.found.replacement {
            let pair = (p.found.matched.as_str(), r.as_str());
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    if let [(_, r)] = pairs.as_slice() {
        return Some(match (lang, r.is_empty()) {
            (Lang::Zh, true) => "删除".to_string(),
            (Lang::Zh, false) => format!("改为“{r}”"),
            (Lang::En, true) => "delete it".to_string(),
            (Lang::En, false) => format!("replace with `{r}`"),
        });
    }
    let each: Vec<String> = pairs
        .iter()
        .map(|(m, r)| match (lang, r.is_empty()) {
            (Lang::Zh, true) => format!("删除“{m}”"),
            (Lang::Zh, false) => format!("“{m}”改为“{r}”"),
            (Lang::En, true) => format!("delete `{m}`"),
            (Lang::En, false) => format!("replace `{m}` with `{r}`"),
        })
        .collect();
    if each.is_empty() {
        return None;
    }
    Some(each.join(match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    }))
}

/// The distinct texts of `items`, in order of first appearance.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The texts of a table: title, form number, header lines and every text cell of every row
/// (labels joined across wraps, and the other text cells such as a 绩效目标表's 项目概况).
fn table_texts(table: &Table, visit: &mut dyn FnMut(&Text)) {
    if let Some(title) = &table.title {
        visit(title);
    }
    if let Some(form) = &table.form {
        visit(form);
    }
    for line in &table.header {
        visit(line);
    }
    for row in &table.rows {
        if row.cells.is_empty() {
            visit(&row.label);
        }
        for cell in &row.cells {
            visit(cell);
        }
    }
}

/// The source spans of `range` of `text`: one per source line it touches, whitespace-only
/// stretches dropped, stretches on the same line merged.
fn source_stretches(source: &SourceFile, text: &Text, range: Range<usize>) -> Vec<Span> {
    let mut stretches: Vec<Span> = Vec::new();
    for span in text.source_spans(range.clone()) {
        if source.slice(span).trim().is_empty() {
            continue;
        }
        match stretches.last_mut() {
            Some(last) if source.line_index(last.start) == source.line_index(span.start) => {
                *last = last.cover(span);
            }
            _ => stretches.push(span),
        }
    }
    if stretches.is_empty() {
        // All of it synthetic (a joining space): point at where it was inserted.
        stretches.push(text.source_span(range));
    }
    stretches
}

/// A copy of a text without whitespace, with each of its bytes' offset in the original.
struct Squeezed<'a> {
    text: Cow<'a, str>,
    /// The original offset of each byte of `text`; `None` when nothing was removed (most
    /// texts), and every offset is its own.
    original: Option<Vec<usize>>,
}

impl<'a> Squeezed<'a> {
    fn new(text: &'a str) -> Squeezed<'a> {
        if !text.contains(char::is_whitespace) {
            return Squeezed {
                text: Cow::Borrowed(text),
                original: None,
            };
        }
        let mut squeezed = String::with_capacity(text.len());
        let mut original = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            squeezed.push(c);
            original.extend(i..i + c.len_utf8());
        }
        Squeezed {
            text: Cow::Owned(squeezed),
            original: Some(original),
        }
    }

    /// The original range of a non-empty range of the squeezed text (on char boundaries).
    fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let last = range.end.checked_sub(1)?;
        match &self.original {
            None => (range.start < self.text.len() && last < self.text.len())
                .then_some(range.start..last + 1),
            Some(original) => {
                let start = *original.get(range.start)?;
                let end = *original.get(last)? + 1;
                Some(start..end)
            }
        }
    }
}

/// The alternation of all literals, longest first; whitespace inside a literal is dropped when
/// matching ignores it.
fn literal_regex(
    literals: &[String],
    ignore_whitespace: bool,
) -> Result<Option<LazyRegex>, ParamError> {
    if literals.is_empty() {
        return Ok(None);
    }
    let mut alternatives: Vec<String> = literals
        .iter()
        .map(|l| {
            if ignore_whitespace {
                crate::model::squeeze(l).into_owned()
            } else {
                l.clone()
            }
        })
        .collect();
    alternatives.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    alternatives.dedup();
    let pattern = alternatives
        .iter()
        .map(|l| regex::escape(l))
        .collect::<Vec<_>>()
        .join("|");
    LazyRegex::new(&pattern)
        .map(Some)
        .map_err(|e| literals_error(&e))
}

fn literals_error(e: &regex::Error) -> ParamError {
    ParamError::new(
        Some("literals"),
        format!("cannot compile the literals: {e}"),
    )
}

fn regex_error(pattern: &str, e: &regex::Error) -> ParamError {
    ParamError::new(Some("regex"), format!("invalid regex `{pattern}`: {e}"))
}

fn string_list(params: &toml::Table, key: &str) -> Result<Vec<String>, ParamError> {
    match params.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::String(s)) => Ok(vec![s.clone()]),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| type_error(key, "an array of strings", v))
            })
            .collect(),
        Some(other) => Err(type_error(key, "an array of strings", other)),
    }
}

fn type_error(key: &str, expected: &str, found: &toml::Value) -> ParamError {
    ParamError::new(
        Some(key),
        format!("`{key}` must be {expected}, found {}", found.type_str()),
    )
}

fn group_display(group: &Group) -> String {
    match group {
        Group::Index(i) => i.to_string(),
        Group::Name(name) => format!("`{name}`"),
    }
}

/// Whitespace runs (a line wrap kept in the text, a tab) shown as one space.
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::engine::RuleMeta;
    use crate::kinds::build_check;
    use crate::model::{Column, ColumnKind, Document, Heading, Layout, Paragraph, Row};

    fn meta(id: &str) -> RuleMeta {
        RuleMeta {
            id: id.to_string(),
            kind: "pattern".to_string(),
            severity: Severity::Warning,
            summary: String::new(),
            summary_zh: None,
            explanation: String::new(),
            message_zh: "发现“{matched}”".to_string(),
            message_en: "found `{matched}`".to_string(),
        }
    }

    fn params(toml_text: &str) -> toml::Table {
        toml::from_str(toml_text).expect("test parameters are valid TOML")
    }

    fn paragraph(text: Text) -> Block {
        Block::Paragraph(Paragraph {
            text,
            numbers: Vec::new(),
        })
    }

    /// Each line of `source` as its own paragraph.
    fn line_paragraphs(source: &SourceFile) -> Document {
        let blocks = source
            .lines()
            .filter(|(_, _, line)| !line.trim().is_empty())
            .map(|(_, span, line)| paragraph(Text::from_source(line, span.start)))
            .collect();
        Document {
            blocks,
            ..Document::default()
        }
    }

    fn run_with(
        check: &dyn Check,
        rule: &RuleMeta,
        source: &SourceFile,
        document: &Document,
        lang: Lang,
    ) -> Vec<Diagnostic> {
        let cx = CheckContext {
            source,
            document,
            rule,
            lang,
            identity: &std::sync::OnceLock::new(),
        };
        let mut out = Vec::new();
        check.check(&cx, &mut out);
        out
    }

    fn run(params_toml: &str, source: &SourceFile, document: &Document) -> Vec<Diagnostic> {
        let check = PatternCheck::from_params(&params(params_toml)).expect("valid parameters");
        run_with(&check, &meta("test-rule"), source, document, Lang::Zh)
    }

    /// (1-based line, 1-based column, source text) of every label, primary first.
    fn places(source: &SourceFile, d: &Diagnostic) -> Vec<(usize, usize, String, bool)> {
        d.labels
            .iter()
            .map(|l| {
                let (line, col) = source.line_col(l.span.start);
                (line, col, source.slice(l.span).to_string(), l.primary)
            })
            .collect()
    }

    #[test]
    fn literal_ignores_whitespace_inside_a_line() {
        let source = SourceFile::from_str("a.md", "封面\n仅供 内部　审核\n");
        let out = run(
            r#"literals = ["仅供内部审核"]"#,
            &source,
            &line_paragraphs(&source),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            places(&source, &out[0]),
            vec![(2, 1, "仅供 内部　审核".to_string(), true)]
        );
        // The literal as written is what the message names, not the spaced-out source.
        assert_eq!(out[0].message, "发现“仅供内部审核”");
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!(out[0].rule, "test-rule");
    }

    #[test]
    fn literal_can_require_exact_whitespace() {
        let source = SourceFile::from_str("a.md", "仅供 内部 审核\n仅供内部审核\n");
        let out = run(
            "literals = [\"仅供内部审核\"]\nignore-whitespace = false",
            &source,
            &line_paragraphs(&source),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(places(&source, &out[0])[0].0, 2);
    }

    #[test]
    fn match_across_line_wraps_points_at_every_line() {
        // The parser joins 仅供 / 内部 / 审核 (three lines) into one furniture text.
        let source = SourceFile::from_str("a.txt", "-9-\n仅供\n内部\n审核\n\n合计\n");
        let mut text = Text::new();
        for piece in ["仅供", "内部", "审核"] {
            let at = source.text.find(piece).expect("piece in source");
            text.push(piece, at);
        }
        let document = Document {
            blocks: vec![Block::Furniture(Paragraph {
                text,
                numbers: Vec::new(),
            })],
            ..Document::default()
        };
        let out = run(r#"literals = ["仅供内部审核"]"#, &source, &document);
        assert_eq!(out.len(), 1);
        assert_eq!(
            places(&source, &out[0]),
            vec![
                (2, 1, "仅供".to_string(), true),
                (3, 1, "内部".to_string(), false),
                (4, 1, "审核".to_string(), false),
            ]
        );
        assert_eq!(out[0].labels[1].message, "接上行");
        assert_eq!(out[0].message, "发现“仅供内部审核”");
    }

    #[test]
    fn every_occurrence_is_reported_once() {
        let text = "仅供内部审核\n\n".repeat(8);
        let source = SourceFile::from_str("a.md", &text);
        let mut document = line_paragraphs(&source);
        // The same text reached twice (a furniture block duplicating a paragraph) counts once.
        document.blocks.push(document.blocks[0].clone());
        let out = run(
            r#"literals = ["仅供内部审核", "内部审核"]"#,
            &source,
            &document,
        );
        let lines: Vec<usize> = out
            .iter()
            .map(|d| source.line_col(d.primary_span().start).0)
            .collect();
        assert_eq!(lines, vec![1, 3, 5, 7, 9, 11, 13, 15]);
        // The longest literal wins where two overlap.
        assert!(out.iter().all(|d| d.message == "发现“仅供内部审核”"));
    }

    #[test]
    fn overlapping_places_from_two_texts_are_reported_once() {
        let source = SourceFile::from_str("a.txt", "仅供内部审核\n");
        let whole = paragraph(Text::from_source("仅供内部审核", 0));
        let tail = paragraph(Text::from_source("内部审核", "仅供".len()));
        let document = Document {
            blocks: vec![whole, tail],
            ..Document::default()
        };
        let out = run(
            r#"literals = ["仅供内部审核", "内部审核"]"#,
            &source,
            &document,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(source.slice(out[0].primary_span()), "仅供内部审核");
    }

    #[test]
    fn regex_replacement_expands_groups_and_becomes_help() {
        let source = SourceFile::from_str("a.txt", "无预算。；公务用车……费用——合计。\n");
        let out = run(
            "regex = '([。，；、：])[ \\t]*([。，；、：])'\nreplacement = \"$2\"\nlabel = { zh = \"改为{replacement}\", en = \"x\" }",
            &source,
            &line_paragraphs(&source),
        );
        assert_eq!(
            out.len(),
            1,
            "…… and —— are not doubled punctuation: {out:?}"
        );
        assert_eq!(
            places(&source, &out[0]),
            vec![(1, 4, "。；".to_string(), true)]
        );
        assert_eq!(out[0].help.as_deref(), Some("改为“；”"));
        assert_eq!(out[0].labels[0].message, "改为；");
    }

    #[test]
    fn english_help_and_message() {
        let source = SourceFile::from_str("a.txt", "预算1万元。。\n");
        let check = PatternCheck::from_params(&params("regex = '(。)。'\nreplacement = \"$1\""))
            .expect("valid");
        let out = run_with(
            &check,
            &meta("x"),
            &source,
            &line_paragraphs(&source),
            Lang::En,
        );
        assert_eq!(out[0].message, "found `。。`");
        assert_eq!(out[0].help.as_deref(), Some("replace with `。`"));
    }

    #[test]
    fn group_exclude_and_shared_context() {
        let source = SourceFile::from_str(
            "a.txt",
            "理解 and 利用or改进，全长5km，单位km，用app办理，PPP项目\n",
        );
        let out = run(
            "regex = '[\\p{Han}，][ ]*([a-z]{2,})[ ]*[\\p{Han}，]'\ngroup = 1\nexclude = [\"km\", \"app\"]",
            &source,
            &line_paragraphs(&source),
        );
        let found: Vec<String> = out
            .iter()
            .map(|d| source.slice(d.primary_span()).to_string())
            .collect();
        // `or` shares 用 with the match before it; km and app are excluded; PPP is not lowercase.
        assert_eq!(found, vec!["and", "or"]);
        assert_eq!(places(&source, &out[0])[0].1, 4);
    }

    #[test]
    fn named_group_and_replacements_table() {
        let source = SourceFile::from_str(
            "a.txt",
            "支出529.12万元,比上年减少;原因:略。合计16,390.41万元，10:30\n",
        );
        let out = run(
            "regex = '\\p{Han}(?P<mark>[,;:])\\p{Han}'\ngroup = \"mark\"\n[replacements]\n\",\" = \"，\"\n\";\" = \"；\"\n\":\" = \"：\"",
            &source,
            &line_paragraphs(&source),
        );
        let helps: Vec<&str> = out.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(helps, vec!["改为“，”", "改为“；”", "改为“：”"]);
    }

    fn table_document(source: &SourceFile) -> Document {
        let at = |needle: &str| source.text.find(needle).expect("needle in source");
        let label_at = at("项目概况");
        let row = Row {
            label: Text::from_source("项目概况", label_at),
            code: None,
            values: Vec::new(),
            placement: Vec::new(),
            certainty: crate::model::Certainty::Exact,
            candidates: Vec::new(),
            span: Span::new(label_at, label_at + "项目概况".len()),
            not_applicable: Vec::new(),
            cells: vec![
                Text::from_source("项目概况", label_at),
                Text::from_source("帮助大家理解 and 利用医保政策", at("帮助大家")),
            ],
        };
        let table = Table {
            title: Some(Text::from_source(
                "项目支出绩效目标表",
                at("项目支出绩效目标表"),
            )),
            form: None,
            unit: None,
            side: None,
            header: vec![Text::from_source("项目名称\t宣传 and 推广", at("项目名称"))],
            columns: vec![Column {
                name: "金额".into(),
                leaf: "金额".into(),
                kind: ColumnKind::Amount,
            }],
            rows: vec![row],
            span: Span::new(at("项目支出绩效目标表"), source.text.len()),
            no_data: false,
            doubts: Vec::new(),
            layout: Layout::Tabbed,
        };
        let heading_at = at("# ");
        Document {
            blocks: vec![
                Block::Heading(Heading {
                    level: 1,
                    text: Text::from_source("概况 or 说明", heading_at + 2),
                }),
                paragraph(Text::from_source("理解 and 利用", at("理解"))),
                Block::Table(table),
            ],
            ..Document::default()
        }
    }

    #[test]
    fn scope_selects_texts_and_cells_include_text_cells() {
        let source = SourceFile::from_str(
            "a.md",
            "# 概况 or 说明\n理解 and 利用\n项目支出绩效目标表\n项目名称\t宣传 and 推广\n项目概况\t\t帮助大家理解 and 利用医保政策\t\n",
        );
        let document = table_document(&source);
        let lines = |scope: &str| -> Vec<usize> {
            let toml_text =
                format!("regex = '\\p{{Han}} ([a-z]+) \\p{{Han}}'\ngroup = 1\nscope = {scope}");
            run(&toml_text, &source, &document)
                .iter()
                .map(|d| source.line_col(d.primary_span().start).0)
                .collect()
        };
        assert_eq!(lines("\"all\""), vec![1, 2, 4, 5]);
        assert_eq!(lines("\"prose\""), vec![2]);
        assert_eq!(lines("\"headings\""), vec![1]);
        assert_eq!(lines("\"cells\""), vec![4, 5]);
        assert_eq!(lines("[\"prose\", \"headings\"]"), vec![1, 2]);
    }

    #[test]
    fn odd_input_never_panics() {
        let source = SourceFile::from_str("a.txt", "é仅\u{3000}供\n\n");
        let mut text = Text::new();
        text.push("é仅", 0);
        text.push_synthetic(" ", 4);
        text.push("\u{3000}供", 5);
        let document = Document {
            blocks: vec![paragraph(text), paragraph(Text::new())],
            ..Document::default()
        };
        for p in [
            "regex = '.'",
            "regex = 'x*'",
            "regex = '(a)?仅'\ngroup = 1",
            "literals = ['仅供']",
        ] {
            let _ = run(p, &source, &document);
        }
        let out = run("literals = ['仅供']", &source, &document);
        assert_eq!(out.len(), 1);
        assert_eq!(source.slice(out[0].primary_span()), "仅\u{3000}供");
    }

    #[test]
    fn bad_parameters_name_their_key() {
        let key = |toml_text: &str| {
            PatternCheck::from_params(&params(toml_text))
                .expect_err("must fail")
                .key
        };
        assert_eq!(
            key("literals = ['x']\nscopes = 'all'"),
            Some("scopes".to_string())
        );
        assert_eq!(key("regex = '(unclosed'"), Some("regex".to_string()));
        assert_eq!(key("regex = '(a)'\ngroup = 2"), Some("group".to_string()));
        assert_eq!(
            key("regex = '(a)'\ngroup = 'name'"),
            Some("group".to_string())
        );
        assert_eq!(
            key("literals = ['x']\ngroup = 1"),
            Some("group".to_string())
        );
        assert_eq!(
            key("literals = ['x']\nscope = 'tables'"),
            Some("scope".to_string())
        );
        assert_eq!(key("literals = ['']"), Some("literals".to_string()));
        assert_eq!(key("literals = [1]"), Some("literals".to_string()));
        assert_eq!(
            key("literals = ['x']\nignore-whitespace = 'yes'"),
            Some("ignore-whitespace".to_string())
        );
        assert_eq!(
            key("literals = ['x']\nlabel = { zh = 'x' }"),
            Some("label".to_string())
        );
        assert_eq!(
            key("literals = ['x']\nreplacements = { a = 1 }"),
            Some("replacements".to_string())
        );
        assert_eq!(
            key("literals = ['x']\nper = 'paragraph'"),
            Some("per".to_string())
        );
        assert_eq!(key("literals = ['x']\nper = 1"), Some("per".to_string()));
        assert_eq!(key("scope = 'all'"), None);
        let error =
            PatternCheck::from_params(&params("regex = '(unclosed'")).expect_err("must fail");
        assert!(error.message.contains("(unclosed"), "{}", error.message);
    }

    #[test]
    fn per_text_gives_one_diagnostic_per_text_with_a_label_on_each_match() {
        let source = SourceFile::from_str("a.txt", "甲XX乙XX丙\n丁XX\n\n无\n戊XX己\n庚XX\n");
        let mut document = line_paragraphs(&source);
        // Lines 5 and 6 are one paragraph wrapped over two lines.
        let mut wrapped = Text::new();
        for piece in ["戊XX己", "庚XX"] {
            let at = source.text.find(piece).expect("piece in source");
            wrapped.push(piece, at);
        }
        document.blocks.truncate(3);
        document.blocks.push(paragraph(wrapped));
        let out = run(
            "literals = ['XX']\nper = 'text'\nreplacement = '某'\n\
             label = { zh = '占位符', en = 'placeholder' }",
            &source,
            &document,
        );
        let placed: Vec<Vec<(usize, usize, String, bool)>> =
            out.iter().map(|d| places(&source, d)).collect();
        assert_eq!(
            placed,
            vec![
                vec![
                    (1, 2, "XX".to_string(), true),
                    (1, 5, "XX".to_string(), false),
                ],
                vec![(2, 2, "XX".to_string(), true)],
                vec![
                    (5, 2, "XX".to_string(), true),
                    (6, 2, "XX".to_string(), false),
                ],
            ]
        );
        // The first match carries the label; the others are underlined without repeating it.
        assert_eq!(out[0].labels[0].message, "占位符");
        assert_eq!(out[0].labels[1].message, "");
        assert_eq!(out[0].help.as_deref(), Some("改为“某”"));
    }

    #[test]
    fn per_text_message_counts_and_lists_distinct_matches() {
        let source = SourceFile::from_str("a.txt", "甲XX乙××丙XX\n");
        let check = PatternCheck::from_params(&params(
            "literals = ['XX', '××']\nper = 'text'\n\
             label = { zh = '改为{replacement}', en = 'x' }\n\
             [replacements]\nXX = '某'\n'××' = ''",
        ))
        .expect("valid");
        let mut rule = meta("x");
        rule.message_zh = "{count} 处占位符“{matched}”".to_string();
        let document = line_paragraphs(&source);
        let out = run_with(&check, &rule, &source, &document, Lang::Zh);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "3 处占位符“XX ××”");
        // A label differing from the first one keeps its words.
        let labels: Vec<&str> = out[0].labels.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(labels, vec!["改为某", "改为", ""]);
        assert_eq!(out[0].help.as_deref(), Some("“XX”改为“某”，删除“××”"));
        let out = run_with(&check, &rule, &source, &document, Lang::En);
        assert_eq!(
            out[0].help.as_deref(),
            Some("replace `XX` with `某`, delete `××`")
        );
    }

    #[test]
    fn per_match_is_the_default_and_count_is_one() {
        let source = SourceFile::from_str("a.txt", "甲XX乙XX\n");
        let check = PatternCheck::from_params(&params("literals = ['XX']")).expect("valid");
        let mut rule = meta("x");
        rule.message_zh = "{count} 处“{matched}”".to_string();
        let out = run_with(&check, &rule, &source, &line_paragraphs(&source), Lang::Zh);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, vec!["1 处“XX”", "1 处“XX”"]);
    }

    #[test]
    fn per_text_reports_a_place_covered_by_two_texts_once() {
        let source = SourceFile::from_str("a.txt", "甲XX乙XX\n");
        let whole = paragraph(Text::from_source("甲XX乙XX", 0));
        let tail = paragraph(Text::from_source("乙XX", "甲XX".len()));
        let document = Document {
            blocks: vec![whole, tail],
            ..Document::default()
        };
        let out = run("literals = ['XX']\nper = 'text'", &source, &document);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].labels.len(), 2);
    }

    // ---- The built-in rules of this kind -------------------------------------------------------

    const OWN_RULES: &[&str] = &[
        "half-width-punctuation",
        "draft-watermark",
        "doubled-punctuation",
        "stray-english-word",
        "template-placeholder",
    ];

    /// A rule file from `rules/`, checked for the fields every rule needs, and its check.
    fn builtin(id: &str) -> (RuleMeta, Box<dyn Check>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules")
            .join(format!("{id}.toml"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let field = |key: &str| {
            file.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("{id}: no `{key}`"))
        };
        let message = |lang: &str| {
            file.get("message")
                .and_then(|m| m.get(lang))
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("{id}: no message.{lang}"))
                .to_string()
        };
        assert_eq!(field("id"), id);
        assert_eq!(field("kind"), "pattern");
        let severity =
            Severity::parse(field("severity")).unwrap_or_else(|| panic!("{id}: bad severity"));
        for section in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(
                field("explanation").contains(section),
                "{id}: explanation lacks {section}"
            );
        }
        let empty = toml::Table::new();
        let params = file
            .get("params")
            .and_then(|p| p.as_table())
            .unwrap_or(&empty);
        let check = build_check("pattern", params).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let meta = RuleMeta {
            id: id.to_string(),
            kind: "pattern".to_string(),
            severity,
            summary: field("summary").to_string(),
            summary_zh: None,
            explanation: field("explanation").to_string(),
            message_zh: message("zh"),
            message_en: message("en"),
        };
        (meta, check)
    }

    /// What a built-in rule reports on `text`, each line a paragraph: (line, matched source).
    fn builtin_finds(id: &str, text: &str) -> Vec<(usize, String)> {
        let (meta, check) = builtin(id);
        let source = SourceFile::from_str("a.txt", text);
        run_with(
            check.as_ref(),
            &meta,
            &source,
            &line_paragraphs(&source),
            Lang::Zh,
        )
        .iter()
        .map(|d| {
            (
                source.line_col(d.primary_span().start).0,
                source.slice(d.primary_span()).to_string(),
            )
        })
        .collect()
    }

    #[test]
    fn builtin_rule_files_load() {
        for id in OWN_RULES {
            let (meta, _) = builtin(id);
            assert!(
                meta.message_zh.contains("{matched}") && meta.message_en.contains("{matched}"),
                "{id}"
            );
        }
    }

    #[test]
    fn draft_watermark_finds_marks_not_words() {
        let found = builtin_finds(
            "draft-watermark",
            "仅供内部审核\n2025年度部门预算公开（征求意见稿）\n草稿\nDRAFT\n内部资料 注意保密\n\
             根据《医疗保障基金使用监督管理条例（征求意见稿）》要求\n本表数据仅供参考\n\
             负责文电、会务、督查、信息、宣传、机要、保密、档案\n将草稿交局务会审议\n仅供 内部 审阅\n",
        );
        let expected = [
            (1, "仅供内部审核"),
            (2, "（征求意见稿）"),
            (3, "草稿"),
            (4, "DRAFT"),
            (5, "内部资料 注意保密"),
            (10, "仅供 内部 审阅"),
        ];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn doubled_punctuation_on_corpus_sentences() {
        let found = builtin_finds(
            "doubled-punctuation",
            "用车正常使用，预算1万元。。\n主要原因是2025年公务用车暂停使用，无预算。，公务用车运行维护费0万元，无预算。；公务用车购置费\n\
             收入。；本年部门预算支出总计\n详见附件……以上——完\n单位：万元；合计：\n",
        );
        let expected = [(1, "。。"), (2, "。，"), (2, "。；"), (3, "。；")];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn stray_english_word_on_corpus_sentences() {
        let found = builtin_finds(
            "stray-english-word",
            "帮助大家更好地理解 and 利用医保政策\n推进PPP项目，GDP增长\n项目编码37150224100106080002J\n\
             道路全长5km，时速km以上\n通过医保app办理\n<b>第一部分 概况</b>\n宣传or推广，（a）项\n",
        );
        let expected = [(1, "and"), (7, "or")];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn template_placeholder_finds_placeholders_not_text() {
        let found = builtin_finds(
            "template-placeholder",
            "XX单位2024年预算XX万元\n××局\n20xx年\n（此处填写项目名称）\n待填写\n\
             X射线检查，2×3，二○○○年，填报日期：2025年1月，（填报单位：医保局）\nmaxx\nXXXL\n",
        );
        let expected = [
            (1, "XX"),
            (1, "XX"),
            (2, "××"),
            (3, "xx"),
            (4, "（此处填写项目名称）"),
            (5, "待填写"),
        ];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn half_width_punctuation_in_prose_not_in_numbers() {
        let found = builtin_labels(
            "half-width-punctuation",
            "完善医保支付政策;建立医保支付机制\n当年支出529.12万元,比上年减少\n\
             注: 根据有关规定, 部分项目予以剔除\n合计16,390.41万元，10:30开会，比例1:2\n\
             负责人:\t经办人:\nDRG:DIP\n各部门联动整合 ,优势互补 ; 形成合力\n\
             主要职责:(一)贯彻医保政策;(二)拟订医保目录\n\
             网址http://www.gov.cn，English text, with commas; here: yes，1.住房公积金\n",
        );
        let expected: &[&[(usize, &str)]] = &[
            &[(1, ";")],
            &[(2, ",")],
            // One diagnostic per paragraph, a label on every mark.
            &[(3, ":"), (3, ",")],
            // A space before the mark as well as after it.
            &[(7, ","), (7, ";")],
            // Half-width brackets around a list number are Chinese text too.
            &[(8, ":"), (8, ";")],
        ];
        let expected: Vec<Vec<(usize, String)>> = expected
            .iter()
            .map(|d| d.iter().map(|(l, s)| (*l, s.to_string())).collect())
            .collect();
        assert_eq!(found, expected);
    }

    /// What a built-in rule reports on `text`, each line a paragraph: every diagnostic's labels
    /// as (line, labelled source), primary first.
    fn builtin_labels(id: &str, text: &str) -> Vec<Vec<(usize, String)>> {
        let (meta, check) = builtin(id);
        let source = SourceFile::from_str("a.txt", text);
        run_with(
            check.as_ref(),
            &meta,
            &source,
            &line_paragraphs(&source),
            Lang::Zh,
        )
        .iter()
        .map(|d| {
            d.labels
                .iter()
                .map(|l| {
                    (
                        source.line_col(l.span.start).0,
                        source.slice(l.span).to_string(),
                    )
                })
                .collect()
        })
        .collect()
    }

    #[test]
    fn half_width_punctuation_counts_the_marks_of_a_paragraph() {
        let (meta, check) = builtin("half-width-punctuation");
        let source = SourceFile::from_str("a.txt", "政策;建立机制;推进改革,完善制度\n");
        let document = line_paragraphs(&source);
        let out = run_with(check.as_ref(), &meta, &source, &document, Lang::Zh);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "中文语句中使用了半角标点“; ,”（本段 3 处）");
        assert_eq!(out[0].help.as_deref(), Some("“;”改为“；”，“,”改为“，”"));
        let out = run_with(check.as_ref(), &meta, &source, &document, Lang::En);
        assert_eq!(
            out[0].message,
            "half-width punctuation `; ,` in Chinese text (3 in this paragraph)"
        );
    }
}
