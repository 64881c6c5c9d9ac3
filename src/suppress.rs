//! Inline suppressions: `<!-- budlint-disable … -->` comments in a document, and the two rules
//! that report on the comments themselves, `unused-suppression` and `invalid-suppression`.
//!
//! A directive is a line holding only an HTML comment (the same test the parser uses to leave
//! such lines out of the document) whose first word starts with `budlint`:
//!
//! - `<!-- budlint-disable RULE, … -->` … `<!-- budlint-enable RULE, … -->`: the lines between;
//!   without an `enable`, to the end of the file. An `enable` closes the ranges opened with the
//!   same names; an `enable` without names closes every open range.
//! - `<!-- budlint-disable-next-line RULE, … -->`: the next line that is neither blank nor a
//!   comment (so directives can be stacked).
//! - `<!-- budlint-disable-file RULE, … -->`: the whole file, wherever the comment stands.
//!
//! A name is a rule id or a kind (all its rules); no name at all means every rule. Names are
//! separated by commas or spaces, and `--` ends them: what follows is a free-text reason.
//! A diagnostic is suppressed when the line its primary label starts on is covered.
//!
//! The two rules are of kind `suppression` ([`crate::kinds::suppression`]), whose check does
//! nothing: they can only be judged after every other rule has run on the file, so [`apply`]
//! (called by the linter) reports them.
//! They are selected, ignored and given a severity like any other rule, but cannot themselves be
//! suppressed by a comment (a comment disabling the report on comments would judge itself);
//! `ignore` or `[per-file-ignores]` in `budlint.toml` turn them off.
//!
//! `unused-suppression` reports a name that suppressed nothing, but only when every rule the
//! name stands for ran on the file (for a kind or for all rules: every one of them enabled by
//! default): a rule not run might have needed it. A directive that cannot suppress anything
//! whatever runs (a `disable-next-line` with no line after it, a range holding no text, an
//! `enable` with nothing open) is always reported.
//!
//! `invalid-suppression` reports what keeps a directive from working as written: an unknown
//! directive (`budlint-disabel`), an unknown rule id or kind, a name of one of these two rules,
//! a rule re-enabled inside a range disabling all rules, and a directive that does not stand on
//! a line of its own (it would otherwise be silently ignored).

use std::collections::BTreeSet;

use crate::config_error::did_you_mean;
use crate::diagnostic::{Diagnostic, Label};
use crate::engine::Lang;
use crate::kinds::KINDS;
use crate::kinds::suppression::KIND;
use crate::registry::Rule;
use crate::source::{SourceFile, Span};

/// A directive, or one of its names, that suppresses nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
/// A directive that cannot work as written.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

const DISABLE: &str = "budlint-disable";
const ENABLE: &str = "budlint-enable";
const DISABLE_NEXT_LINE: &str = "budlint-disable-next-line";
const DISABLE_FILE: &str = "budlint-disable-file";
const DIRECTIVES: &[&str] = &[DISABLE, ENABLE, DISABLE_NEXT_LINE, DISABLE_FILE];

/// What the suppressions of one file need to know about a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleStatus<'a> {
    pub rule: &'a Rule,
    /// Enabled in its rule file, before the user's selection.
    pub default_enabled: bool,
    /// Run on this file: selected, not `off`, not in `per-file-ignores`.
    pub runs: bool,
}

impl RuleStatus<'_> {
    fn id(&self) -> &str {
        &self.rule.meta.id
    }

    fn is_suppression(&self) -> bool {
        self.rule.meta.kind == KIND
    }
}

/// Drop the diagnostics the file's directives suppress, then add the reports of
/// `unused-suppression` and `invalid-suppression` (when they run) about the directives.
pub fn apply(
    source: &SourceFile,
    rules: &[RuleStatus<'_>],
    lang: Lang,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Most documents have no comment at all.
    if !source.text.contains("<!--") {
        return;
    }
    let scan = scan(source);
    let mut resolved = resolve(&scan, rules, lang);
    diagnostics.retain(|d| {
        let line = source.line_index(d.primary_span().start);
        let mut suppressed = false;
        for entry in &mut resolved.entries {
            if entry.rules.contains(d.rule.as_str()) && entry.covers(line) {
                entry.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    let runs = |id: &str| rules.iter().any(|r| r.id() == id && r.runs);
    let mut findings = resolved.findings;
    for entry in &resolved.entries {
        let judged =
            !entry.used && !entry.relevant.is_empty() && entry.relevant.iter().all(|id| runs(id));
        if let Some(reason) = entry.empty {
            findings.push(Finding::unused(entry.span, reason.text(lang)));
        } else if judged {
            let detail = match &entry.name {
                Some(name) => tr(
                    lang,
                    format!("所覆盖的行上没有“{name}”诊断"),
                    format!("no `{name}` diagnostic on the lines it covers"),
                ),
                None => tr(
                    lang,
                    "所覆盖的行上没有任何诊断".into(),
                    "no diagnostic on the lines it covers".into(),
                ),
            };
            findings.push(Finding::unused(entry.span, detail));
        }
    }
    for finding in findings {
        let Some(status) = rules.iter().find(|r| r.id() == finding.rule && r.runs) else {
            continue;
        };
        let meta = &status.rule.meta;
        let label = finding
            .label
            .unwrap_or_else(|| tr(lang, "未抑制任何诊断".into(), "suppresses nothing".into()));
        let mut d = meta
            .diagnostic(meta.severity, lang, &[("detail", &finding.detail)])
            .with_label(Label::primary(finding.span, label));
        for note in finding.notes {
            d = d.with_note(note);
        }
        let help = finding.help.or_else(|| {
            (finding.rule == UNUSED_SUPPRESSION).then(|| {
                tr(
                    lang,
                    "删除此注释或其中多余的规则名".into(),
                    "remove the comment, or the name it does not need".into(),
                )
            })
        });
        if let Some(help) = help {
            d = d.with_help(help);
        }
        diagnostics.push(d);
    }
}

fn tr(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the directives
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Disable,
    Enable,
    DisableNextLine,
    DisableFile,
}

/// A word of a directive and its place in the source.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    span: Span,
}

#[derive(Debug)]
struct Directive {
    line: usize,
    action: Action,
    /// The comment, `<!--` to `-->`.
    span: Span,
    names: Vec<Word>,
}

/// The directives of a file, the problems found reading them, and which lines hold text a
/// diagnostic could be reported on (neither blank nor a comment).
#[derive(Debug)]
struct Scan {
    directives: Vec<Directive>,
    findings: Vec<Finding>,
    content: Vec<bool>,
}

fn scan(source: &SourceFile) -> Scan {
    let mut scan = Scan {
        directives: Vec::new(),
        findings: Vec::new(),
        content: Vec::new(),
    };
    let fenced = crate::parse::fenced_code_lines(source);
    for (index, span, text) in source.lines() {
        if fenced.contains(&index) {
            // A directive shown in a code example is no directive.
            scan.content.push(false);
            continue;
        }
        let comment = crate::parse::is_comment_line(text);
        scan.content.push(!comment && !text.trim().is_empty());
        if comment {
            read_comment(index, span, text, &mut scan);
        } else if let Some(at) =
            inline_directive(text).filter(|&at| crate::parse::is_line_content(text, at))
        {
            let start = span.start + at;
            scan.findings.push(Finding::invalid(
                Span::new(start, span.end),
                Detail::NotOnItsOwnLine,
            ));
        }
    }
    scan
}

/// The offset of a `<!-- budlint-…` comment that shares its line with text.
fn inline_directive(text: &str) -> Option<usize> {
    text.match_indices("<!--").map(|(at, _)| at).find(|&at| {
        text[at + 4..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("budlint-")
    })
}

fn read_comment(index: usize, span: Span, text: &str, scan: &mut Scan) {
    // `is_comment_line` promises `<!--` first and `-->` last once trimmed.
    let (Some(open), Some(close)) = (text.find("<!--"), text.rfind("-->")) else {
        return;
    };
    let inner_start = open + 4;
    if close < inner_start {
        return;
    }
    let words = split_words(&text[inner_start..close], span.start + inner_start);
    let Some((action, rest)) = words.split_first() else {
        return;
    };
    if !action.text.to_ascii_lowercase().starts_with("budlint") {
        return;
    }
    let comment = Span::new(span.start + open, span.start + close + 3);
    let action = match action.text.as_str() {
        DISABLE => Action::Disable,
        ENABLE => Action::Enable,
        DISABLE_NEXT_LINE => Action::DisableNextLine,
        DISABLE_FILE => Action::DisableFile,
        other => {
            let suggestion = did_you_mean(&other.to_ascii_lowercase(), DIRECTIVES.iter().copied());
            scan.findings.push(Finding::invalid(
                action.span,
                Detail::UnknownDirective {
                    name: other.to_string(),
                    suggestion: suggested_name(suggestion),
                },
            ));
            return;
        }
    };
    let names = rest
        .iter()
        .take_while(|w| w.text != "--")
        .cloned()
        .collect();
    scan.directives.push(Directive {
        line: index,
        action,
        span: comment,
        names,
    });
}

/// Words separated by white space or commas, with their spans (`base` is the offset of `text`).
fn split_words(text: &str, base: usize) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let separator = c.is_whitespace() || c == ',' || c == '，';
        match (start, separator) {
            (None, false) => start = Some(at),
            (Some(s), true) => {
                words.push(Word {
                    text: text[s..at].to_string(),
                    span: Span::new(base + s, base + at),
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// `did_you_mean` phrases its answer in English; the directive messages need the bare name.
fn suggested_name(suggestion: Option<String>) -> Option<String> {
    suggestion.and_then(|s| s.split('`').nth(1).map(str::to_string))
}

// ---------------------------------------------------------------------------------------------
// Resolving directives into covered lines
// ---------------------------------------------------------------------------------------------

/// Why a directive cannot suppress anything, whatever rules run.
#[derive(Debug, Clone, Copy)]
enum Empty {
    NoNextLine,
    NoTextInRange,
}

impl Empty {
    fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (Empty::NoNextLine, Lang::Zh) => "其后没有可抑制的行",
            (Empty::NoNextLine, Lang::En) => "no line follows it",
            (Empty::NoTextInRange, Lang::Zh) => "所开启的范围内没有正文",
            (Empty::NoTextInRange, Lang::En) => "the range it opens holds no text",
        }
        .to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    File,
    /// Lines `start..end` (0-based).
    Lines(usize, usize),
}

/// One name of one directive (or the whole directive, for all rules).
#[derive(Debug)]
struct Entry {
    /// The name as written, `None` for all rules.
    name: Option<String>,
    /// What an unused report points at: the name, or the comment.
    span: Span,
    /// The rule ids it suppresses.
    rules: BTreeSet<String>,
    /// The rules that must have run for "suppressed nothing" to mean unused.
    relevant: BTreeSet<String>,
    cover: Cover,
    used: bool,
    empty: Option<Empty>,
    /// An open `budlint-disable` range.
    open: bool,
}

impl Entry {
    fn covers(&self, line: usize) -> bool {
        match self.cover {
            Cover::File => true,
            Cover::Lines(start, end) => (start..end).contains(&line),
        }
    }
}

struct Resolved {
    entries: Vec<Entry>,
    findings: Vec<Finding>,
}

/// What a name in a directive stands for.
enum Named {
    Rules {
        rules: BTreeSet<String>,
        relevant: BTreeSet<String>,
    },
    /// Already reported.
    Invalid,
}

fn resolve(scan: &Scan, rules: &[RuleStatus<'_>], lang: Lang) -> Resolved {
    let mut entries: Vec<Entry> = Vec::new();
    let mut findings: Vec<Finding> = scan.findings.clone();
    let line_count = scan.content.len();
    let has_text = |start: usize, end: usize| {
        scan.content
            .get(start..end.min(line_count))
            .is_some_and(|lines| lines.iter().any(|&text| text))
    };
    let name = |word: &Word, findings: &mut Vec<Finding>| -> Named {
        match lookup(&word.text, rules) {
            Ok((rules, relevant)) => Named::Rules { rules, relevant },
            Err(detail) => {
                findings.push(Finding::invalid(word.span, detail));
                Named::Invalid
            }
        }
    };
    let all: BTreeSet<String> = rules
        .iter()
        .filter(|r| !r.is_suppression())
        .map(|r| r.id().to_string())
        .collect();
    let all_relevant: BTreeSet<String> = rules
        .iter()
        .filter(|r| !r.is_suppression() && r.default_enabled)
        .map(|r| r.id().to_string())
        .collect();

    for directive in &scan.directives {
        let cover = match directive.action {
            Action::DisableFile => Some(Cover::File),
            Action::Disable => Some(Cover::Lines(directive.line + 1, line_count)),
            Action::DisableNextLine => Some(
                (directive.line + 1..line_count)
                    .find(|&i| scan.content[i])
                    .map_or(Cover::Lines(0, 0), |i| Cover::Lines(i, i + 1)),
            ),
            Action::Enable => None,
        };
        let empty = (directive.action == Action::DisableNextLine
            && cover == Some(Cover::Lines(0, 0)))
        .then_some(Empty::NoNextLine);
        match cover {
            Some(cover) => {
                let open = directive.action == Action::Disable;
                if directive.names.is_empty() {
                    entries.push(Entry {
                        name: None,
                        span: directive.span,
                        rules: all.clone(),
                        relevant: all_relevant.clone(),
                        cover,
                        used: false,
                        empty,
                        open,
                    });
                }
                for word in &directive.names {
                    if let Named::Rules { rules, relevant } = name(word, &mut findings) {
                        entries.push(Entry {
                            name: Some(word.text.clone()),
                            span: word.span,
                            rules,
                            relevant,
                            cover,
                            used: false,
                            empty,
                            open,
                        });
                    }
                }
            }
            None => {
                let close = |entry: &mut Entry| {
                    entry.open = false;
                    if let Cover::Lines(start, _) = entry.cover {
                        entry.cover = Cover::Lines(start, directive.line);
                        if !has_text(start, directive.line) {
                            entry.empty = Some(Empty::NoTextInRange);
                        }
                    }
                };
                if directive.names.is_empty() {
                    let mut closed = false;
                    for entry in entries.iter_mut().filter(|e| e.open) {
                        close(entry);
                        closed = true;
                    }
                    if !closed {
                        findings.push(Finding::unused(
                            directive.span,
                            tr(
                                lang,
                                "此处没有未关闭的 budlint-disable".into(),
                                "no `budlint-disable` is open here".into(),
                            ),
                        ));
                    }
                }
                for word in &directive.names {
                    if let Named::Invalid = name(word, &mut findings) {
                        continue;
                    }
                    let mut closed = false;
                    for entry in entries
                        .iter_mut()
                        .filter(|e| e.open && e.name.as_deref() == Some(word.text.as_str()))
                    {
                        close(entry);
                        closed = true;
                    }
                    if closed {
                        continue;
                    }
                    let inside_all = entries.iter().any(|e| e.open && e.name.is_none());
                    if inside_all {
                        findings.push(Finding::invalid(
                            word.span,
                            Detail::EnableInsideAll(word.text.clone()),
                        ));
                    } else {
                        let text = &word.text;
                        findings.push(Finding::unused(
                            word.span,
                            tr(
                                lang,
                                format!("此处并未禁用“{text}”"),
                                format!("`{text}` is not disabled here"),
                            ),
                        ));
                    }
                }
            }
        }
    }
    // A range never closed runs to the end of the file.
    for entry in entries.iter_mut().filter(|e| e.open) {
        if let Cover::Lines(start, end) = entry.cover {
            if !has_text(start, end) {
                entry.empty = Some(Empty::NoTextInRange);
            }
        }
    }
    for finding in &mut findings {
        finding.localise(lang);
    }
    Resolved { entries, findings }
}

/// The rules a name stands for and those that must have run to judge it unused.
type Lookup = (BTreeSet<String>, BTreeSet<String>);

fn lookup(name: &str, rules: &[RuleStatus<'_>]) -> Result<Lookup, Detail> {
    if let Some(rule) = rules.iter().find(|r| r.id() == name) {
        if rule.is_suppression() {
            return Err(Detail::CannotSuppress(name.to_string()));
        }
        let id = BTreeSet::from([name.to_string()]);
        return Ok((id.clone(), id));
    }
    if name == KIND {
        return Err(Detail::CannotSuppress(name.to_string()));
    }
    let of_kind: Vec<&RuleStatus<'_>> = rules.iter().filter(|r| r.rule.meta.kind == name).collect();
    if !of_kind.is_empty() || KINDS.contains(&name) {
        let rules = of_kind.iter().map(|r| r.id().to_string()).collect();
        let relevant = of_kind
            .iter()
            .filter(|r| r.default_enabled)
            .map(|r| r.id().to_string())
            .collect();
        return Ok((rules, relevant));
    }
    let kinds: BTreeSet<&str> = rules.iter().map(|r| r.rule.meta.kind.as_str()).collect();
    let candidates = rules
        .iter()
        .filter(|r| !r.is_suppression())
        .map(|r| r.id())
        .chain(kinds.into_iter().filter(|k| *k != KIND));
    Err(Detail::UnknownRule {
        name: name.to_string(),
        suggestion: suggested_name(did_you_mean(name, candidates)),
    })
}

// ---------------------------------------------------------------------------------------------
// Findings about directives
// ---------------------------------------------------------------------------------------------

/// What is wrong with a directive, before it is put in words.
#[derive(Debug, Clone)]
enum Detail {
    UnknownDirective {
        name: String,
        suggestion: Option<String>,
    },
    UnknownRule {
        name: String,
        suggestion: Option<String>,
    },
    CannotSuppress(String),
    EnableInsideAll(String),
    NotOnItsOwnLine,
    /// Already in words (the unused-suppression reports).
    Worded,
}

/// A report about a directive, for one of the two suppression rules.
#[derive(Debug, Clone)]
struct Finding {
    rule: &'static str,
    span: Span,
    detail_kind: Detail,
    detail: String,
    /// The primary label; "suppresses nothing" when not set.
    label: Option<String>,
    help: Option<String>,
    notes: Vec<String>,
}

impl Finding {
    fn unused(span: Span, detail: String) -> Finding {
        Finding {
            rule: UNUSED_SUPPRESSION,
            span,
            detail_kind: Detail::Worded,
            detail,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    fn invalid(span: Span, detail: Detail) -> Finding {
        Finding {
            rule: INVALID_SUPPRESSION,
            span,
            detail_kind: detail,
            detail: String::new(),
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Put an invalid-suppression detail in words, with its help and notes.
    fn localise(&mut self, lang: Lang) {
        let zh = lang == Lang::Zh;
        let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
        match &self.detail_kind {
            Detail::Worded => {}
            Detail::UnknownDirective { name, suggestion } => {
                self.detail = pick(
                    format!("未知指令“{name}”"),
                    format!("unknown directive `{name}`"),
                );
                self.label = Some(pick("未知指令".into(), "unknown directive".into()));
                self.help = suggestion
                    .as_ref()
                    .map(|s| pick(format!("是否应为“{s}”？"), format!("did you mean `{s}`?")));
                self.notes.push(pick(
                    format!("可用的指令：{}", DIRECTIVES.join("、")),
                    format!("the directives are {}", DIRECTIVES.join(", ")),
                ));
            }
            Detail::UnknownRule { name, suggestion } => {
                self.detail = pick(
                    format!("未知规则“{name}”"),
                    format!("unknown rule `{name}`"),
                );
                self.label = Some(pick("未知规则".into(), "unknown rule or kind".into()));
                self.help = suggestion
                    .as_ref()
                    .map(|s| pick(format!("是否应为“{s}”？"), format!("did you mean `{s}`?")));
                self.notes.push(pick(
                    "`budlint rules` 列出所有规则".into(),
                    "`budlint rules` lists every rule".into(),
                ));
            }
            Detail::CannotSuppress(name) => {
                self.detail = pick(
                    format!("“{name}”不能用注释抑制"),
                    format!("`{name}` cannot be suppressed by a comment"),
                );
                self.label = Some(pick("不能用注释抑制".into(), "not suppressible".into()));
                self.help = Some(pick(
                    "在 budlint.toml 的 ignore 或 [per-file-ignores] 中关闭它".into(),
                    "turn it off with `ignore` or `[per-file-ignores]` in budlint.toml".into(),
                ));
            }
            Detail::EnableInsideAll(name) => {
                self.detail = pick(
                    format!("不能在禁用所有规则的范围内单独启用“{name}”"),
                    format!("cannot re-enable `{name}` inside a `budlint-disable` of all rules"),
                );
                self.label = Some(pick(
                    "此处所有规则仍被禁用".into(),
                    "all rules are disabled here".into(),
                ));
                self.help = Some(pick(
                    "用 <!-- budlint-enable --> 结束该范围，并按规则名禁用".into(),
                    "end that range with `<!-- budlint-enable -->` and disable rules by name"
                        .into(),
                ));
            }
            Detail::NotOnItsOwnLine => {
                self.detail = pick(
                    "抑制注释须单独成行".into(),
                    "a suppression comment must be on a line of its own".into(),
                );
                self.label = Some(pick(
                    "与正文同行，不起作用".into(),
                    "shares its line with text: ignored".into(),
                ));
                self.help = Some(pick(
                    "将注释移到单独一行".into(),
                    "move the comment to a line of its own".into(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_on_commas_and_spaces_with_spans() {
        let words = split_words(" a-b,c  d，e ", 10);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["a-b", "c", "d", "e"]);
        assert_eq!(words[0].span, Span::new(11, 14));
        assert_eq!(words[3].span, Span::new(22, 23));
    }

    #[test]
    fn inline_directives_are_found_after_text_only() {
        assert_eq!(inline_directive("正文 <!-- budlint-disable x -->"), Some(7));
        assert_eq!(inline_directive("正文 <!-- 说明 -->"), None);
        assert_eq!(inline_directive("正文"), None);
    }

    #[test]
    fn a_comment_is_a_directive_only_when_it_starts_with_budlint() {
        let source = SourceFile::from_str(
            "a.md",
            "<!-- 说明 -->\n<!-- budlint-disable-next-line a, b -- 原因 -->\n正文\n\n<!-- budlint-disabel a -->\n",
        );
        let scan = scan(&source);
        assert_eq!(scan.directives.len(), 1);
        let names: Vec<&str> = scan.directives[0]
            .names
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(scan.content, [false, false, true, false, false]);
        assert_eq!(scan.findings.len(), 1);
        assert!(matches!(
            &scan.findings[0].detail_kind,
            Detail::UnknownDirective { suggestion: Some(s), .. } if s == DISABLE
        ));
    }
}
