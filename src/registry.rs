//! The rules in force: built-in rule files embedded in the binary, extra rule directories named
//! in `budlint.toml`, and the user's selection, severity and parameter overrides.
//!
//! A rule file is read in two steps: [`parse_rule_files`] checks its shape (keys, id, kind,
//! severity) keeping the spans, and [`build_rules`] merges the overrides and asks
//! [`kinds::build_check`] for the kind's check, so a bad parameter is reported at the line that
//! set it. `budlint.toml` is read above this module, by [`crate::config`], which hands over the
//! selection and a [`ParamOverrides`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

use crate::config_error::{ConfigError, did_you_mean, io_reason, unknown_keys};
use crate::diagnostic::Severity;
use crate::engine::Lang;
use crate::engine::{Check, ParamError, RuleMeta};
use crate::kinds::{self, KINDS};
use crate::lazy_regex;
use crate::source::{MAX_CONFIG_BYTES, read_bounded_text};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Box<dyn Check>,
    /// Disabled rules are listed by `budlint rules` but never run.
    pub enabled: bool,
    /// Default severity from the rule file, before overrides.
    pub default_severity: crate::diagnostic::Severity,
}

/// The keys a rule file accepts at its top level and in `[message]`.
const RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "summary",
    "summary_zh",
    "explanation",
    "enabled",
    "message",
    "params",
];
const MESSAGE_KEYS: &[&str] = &["zh", "en"];
const REQUIRED_KEYS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "summary",
    "explanation",
    "message",
];

/// The text of a rule file and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// The name shown in messages (`rules/draft-watermark.toml` for a built-in).
    pub name: String,
    pub text: Arc<str>,
    pub builtin: bool,
}

/// The rule files compiled into the binary (see build.rs).
pub fn builtin_sources() -> Vec<RuleSource> {
    builtin::BUILTIN_RULE_FILES
        .iter()
        .map(|(name, text)| RuleSource {
            name: (*name).to_string(),
            text: Arc::from(*text),
            builtin: true,
        })
        .collect()
}

/// Every `*.toml` file directly in `dir`, in file-name order.
pub fn dir_sources(dir: &Path, display: &str) -> io::Result<Vec<RuleSource>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Name the file: the caller only knows which directory failed.
            let text = read_bounded_text(&path, MAX_CONFIG_BYTES)
                .map_err(|e| io::Error::new(e.kind(), format!("{file_name}: {}", io_reason(&e))))?;
            Ok(RuleSource {
                name: format!("{display}/{file_name}"),
                text: text.into(),
                builtin: false,
            })
        })
        .collect()
}

include!("raw_rule.rs");

#[derive(Debug, Deserialize)]
struct MessageKeys {
    #[serde(default)]
    message: Option<BTreeMap<Spanned<String>, IgnoredAny>>,
}

/// A valid rule file, before the user's overrides, with the spans errors point at.
#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    pub summary: String,
    pub summary_zh: Option<String>,
    pub explanation: String,
    pub enabled: bool,
    pub message_zh: String,
    pub message_en: String,
    pub params: toml::Table,
    pub source: RuleSource,
    id_span: Range<usize>,
    kind_span: Range<usize>,
    param_spans: BTreeMap<String, Range<usize>>,
}

impl RuleDef {
    fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> ConfigError {
        ConfigError::at(&self.source.name, &self.source.text, span, message, label)
    }
}

/// Parse every rule file; report every malformed file and every duplicate id.
pub fn parse_rule_files(sources: &[RuleSource]) -> Result<Vec<RuleDef>, Vec<ConfigError>> {
    let mut errors = Vec::new();
    let mut definitions: Vec<RuleDef> = Vec::new();
    for parsed in map_on_two_threads(sources, parse_rule_file) {
        match parsed {
            Ok(def) => {
                if let Some(first) = definitions.iter().find(|d| d.id == def.id) {
                    errors.push(
                        def.error(
                            def.id_span.clone(),
                            format!("duplicate rule id `{}`", def.id),
                            "defined again here",
                        )
                        .with_note(format!("first defined in {}", first.source.name)),
                    );
                } else {
                    definitions.push(def);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(definitions)
    } else {
        Err(errors)
    }
}

/// The keys of a rule file that does not parse: unknown ones (a misspelt key is reported as
/// such rather than as a missing one), then missing ones.
fn check_keys(name: &str, text: &Arc<str>) -> Result<(), Vec<ConfigError>> {
    let toml_error = |e: toml::de::Error| vec![ConfigError::from_toml(name, text, &e)];
    let keys: BTreeMap<Spanned<String>, IgnoredAny> = toml::from_str(text).map_err(toml_error)?;
    let mut errors = unknown_keys(name, text, &keys, RULE_KEYS, "rule file");
    let message_keys: MessageKeys = toml::from_str(text).map_err(toml_error)?;
    if let Some(message) = &message_keys.message {
        errors.extend(unknown_keys(name, text, message, MESSAGE_KEYS, "[message]"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for required in REQUIRED_KEYS {
        if !keys.keys().any(|k| k.get_ref() == required) {
            errors.push(
                ConfigError::at(
                    name,
                    text,
                    0..0,
                    format!("missing key `{required}` in rule file"),
                    "in this rule file",
                )
                .with_note(format!("required keys: {}", REQUIRED_KEYS.join(", "))),
            );
        }
    }
    if let (Some(message), Some((header, _))) = (
        &message_keys.message,
        keys.iter().find(|(k, _)| k.get_ref() == "message"),
    ) {
        for required in MESSAGE_KEYS {
            if !message.keys().any(|k| k.get_ref() == required) {
                errors.push(ConfigError::at(
                    name,
                    text,
                    header.span(),
                    format!("missing key `{required}` in [message]"),
                    "the message needs a Chinese (zh) and an English (en) text",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(())
}

/// Parse and check one rule file (its parameters are checked later, by [`build_rules`]).
pub fn parse_rule_file(source: &RuleSource) -> Result<RuleDef, Vec<ConfigError>> {
    let (name, text) = (source.name.as_str(), &source.text);
    let toml_error = |e: toml::de::Error| vec![ConfigError::from_toml(name, text, &e)];

    // A built-in file was read at build time (build.rs). Otherwise one parse for a valid file;
    // only a file that does not parse as a rule pays for the key-by-key checks that explain
    // why. `RawRule` accepts exactly the keys those checks accept, so they would find nothing
    // in a file it reads.
    let raw: RawRule = match builtin_read(source) {
        Some(raw) => raw,
        None => match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                check_keys(name, text)?;
                return Err(toml_error(e));
            }
        },
    };
    let mut errors = Vec::new();

    let id = raw.id.get_ref();
    if !is_kebab_case(id) {
        errors.push(
            ConfigError::at(
                name,
                text,
                raw.id.span(),
                format!("invalid rule id `{id}`"),
                "not a kebab-case id",
            )
            .with_note("rule ids are lowercase ASCII words joined by `-`, like `draft-watermark`"),
        );
    }
    let kind = raw.kind.get_ref();
    if !KINDS.contains(&kind.as_str()) {
        errors.push(
            ConfigError::at(
                name,
                text,
                raw.kind.span(),
                format!("unknown rule kind `{kind}`"),
                "unknown kind",
            )
            .with_note(format!("known kinds: {}", KINDS.join(", ")))
            .with_help(did_you_mean(kind, KINDS.iter().copied())),
        );
    }
    let severity = Severity::parse(raw.severity.get_ref());
    if severity.is_none() {
        errors.push(
            ConfigError::at(
                name,
                text,
                raw.severity.span(),
                format!("unknown severity `{}`", raw.severity.get_ref()),
                "unknown severity",
            )
            .with_note("expected one of: error, warning, info"),
        );
    }
    let summary = raw.summary.get_ref().trim();
    if summary.is_empty() || summary.contains('\n') {
        errors.push(ConfigError::at(
            name,
            text,
            raw.summary.span(),
            "the summary must be one non-empty line",
            "not one line",
        ));
    }
    let summary_zh = raw.summary_zh.as_ref().map(|s| s.get_ref().trim());
    if let Some(zh) = &raw.summary_zh
        && (zh.get_ref().trim().is_empty() || zh.get_ref().contains('\n'))
    {
        errors.push(ConfigError::at(
            name,
            text,
            zh.span(),
            "the Chinese summary must be one non-empty line",
            "not one line",
        ));
    }
    let Some(severity) = severity else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let param_spans = raw
        .params
        .keys()
        .map(|k| (k.get_ref().clone(), k.span()))
        .collect();
    let params = raw
        .params
        .into_iter()
        .map(|(k, v)| (k.into_inner(), v))
        .collect();
    Ok(RuleDef {
        id: raw.id.get_ref().clone(),
        kind: raw.kind.get_ref().clone(),
        severity,
        summary: summary.to_string(),
        summary_zh: summary_zh.map(str::to_string),
        explanation: raw.explanation.trim().to_string(),
        enabled: raw.enabled,
        message_zh: raw.message.zh,
        message_en: raw.message.en,
        params,
        source: source.clone(),
        id_span: raw.id.span(),
        kind_span: raw.kind.span(),
        param_spans,
    })
}

/// The rule of a built-in file as build.rs read it: the same value `toml::from_str` gives at
/// run time, without parsing. `None` for any other file, or a built-in one whose text is not
/// the embedded one.
fn builtin_read(source: &RuleSource) -> Option<RawRule> {
    if !source.builtin {
        return None;
    }
    let index = builtin::BUILTIN_RULE_FILES
        .iter()
        .position(|(name, text)| *name == source.name && *text == &*source.text)?;
    builtin::BUILTIN_RULES_READ
        .get(index)
        .copied()
        .flatten()
        .map(|read| read())
}

/// Lowercase ASCII words joined by single hyphens, starting with a letter.
pub fn is_kebab_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// What `budlint rules` and `budlint explain` show besides the [`Rule`] itself.
#[derive(Debug, Clone)]
pub struct RuleDetails {
    /// The rule file: `rules/…` for a built-in, else the path through the rule directory.
    pub origin: String,
    pub builtin: bool,
    /// `enabled` as the rule file says, before the user's selection.
    pub default_enabled: bool,
    /// The parameters in force, after `[rules.ID]` overrides.
    pub params: toml::Table,
    /// The severity `budlint.toml` sets, `Some(None)` for `off`.
    pub severity_override: Option<Option<Severity>>,
}

/// Every known rule, sorted by id; `rules[i]` is described by `details[i]`.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub details: Vec<RuleDetails>,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<(&Rule, &RuleDetails)> {
        let index = self.rules.iter().position(|r| r.meta.id == id)?;
        Some((&self.rules[index], &self.details[index]))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Rule, &RuleDetails)> {
        self.rules.iter().zip(&self.details)
    }

    /// A hint for a misspelt rule id.
    pub fn suggest(&self, id: &str) -> Option<String> {
        did_you_mean(id, self.rules.iter().map(|r| r.meta.id.as_str()))
    }
}

/// Parameter overrides from `[rules.ID]` of `budlint.toml`, with the file they come from for
/// error messages.
pub struct ParamOverrides<'a> {
    pub display: &'a str,
    pub text: &'a Arc<str>,
    pub rules: &'a BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, toml::Value>>,
}

/// Apply selection, severities and parameter overrides, then build every rule's check (selected
/// or not, so a broken rule is reported even when it is not run).
pub fn build_rules(
    definitions: Vec<RuleDef>,
    selected: &BTreeSet<String>,
    severities: &BTreeMap<String, Option<Severity>>,
    overrides: Option<ParamOverrides<'_>>,
) -> Result<RuleSet, Vec<ConfigError>> {
    let mut set = RuleSet::default();
    let mut errors = Vec::new();
    let mut definitions = definitions;
    definitions.sort_by(|a, b| a.id.cmp(&b.id));
    // Each rule's parameters with `[rules.ID]` applied, and the keys it sets with their spans in
    // budlint.toml.
    let prepared: Vec<(toml::Table, BTreeMap<String, Range<usize>>)> = definitions
        .iter_mut()
        .map(|def| {
            // Moved, not copied: only the details keep the parameters.
            let mut params = std::mem::take(&mut def.params);
            let mut overridden = BTreeMap::new();
            let table = overrides
                .as_ref()
                .and_then(|o| o.rules.iter().find(|(id, _)| id.get_ref() == &def.id));
            if let Some((_, table)) = table {
                for (key, value) in table {
                    overridden.insert(key.get_ref().clone(), key.span());
                    params.insert(key.get_ref().clone(), value.clone());
                }
            }
            (params, overridden)
        })
        .collect();
    // The regexes of a built-in rule with its own parameters are known to compile (a test
    // compiles them) and wait for their first use; a user's are compiled now, so that their
    // errors are configuration errors.
    let jobs: Vec<(&str, &toml::Table, bool)> = definitions
        .iter()
        .zip(&prepared)
        .map(|(def, (params, overridden))| {
            let compile_now = !def.source.builtin || !overridden.is_empty();
            (def.kind.as_str(), params, compile_now)
        })
        .collect();
    let checks = map_on_two_threads(&jobs, |&(kind, params, compile_now)| {
        if compile_now {
            let check = kinds::build_check(kind, params)?;
            check.compile_patterns()?;
            Ok(check)
        } else {
            lazy_regex::deferring_syntax(|| kinds::build_check(kind, params))
        }
    });
    for ((def, (params, overridden)), check) in definitions.iter().zip(prepared).zip(checks) {
        let check = match check {
            Ok(check) => check,
            Err(e) => {
                errors.push(param_error(def, &e, &overridden, overrides.as_ref()));
                continue;
            }
        };
        let severity_override = severities.get(&def.id).copied();
        let enabled = selected.contains(&def.id) && severity_override != Some(None);
        let severity = severity_override.flatten().unwrap_or(def.severity);
        set.rules.push(Rule {
            meta: RuleMeta {
                id: def.id.clone(),
                kind: def.kind.clone(),
                severity,
                summary: def.summary.clone(),
                summary_zh: def.summary_zh.clone(),
                explanation: def.explanation.clone(),
                message_zh: def.message_zh.clone(),
                message_en: def.message_en.clone(),
            },
            check,
            enabled,
            default_severity: def.severity,
        });
        set.details.push(RuleDetails {
            origin: def.source.name.clone(),
            builtin: def.source.builtin,
            default_enabled: def.enabled,
            params,
            severity_override,
        });
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

/// `f` of every item, in order, on two threads (every other item on the second): start-up is
/// mostly parsing the rule files and compiling their regular expressions, and a one-document
/// run has a core to spare for it. On one thread when no other can start.
fn map_on_two_threads<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new().spawn_scoped(scope, || {
            items.iter().skip(1).step_by(2).map(&f).collect::<Vec<_>>()
        });
        let Ok(other) = other else {
            return items.iter().map(&f).collect();
        };
        let mine: Vec<U> = items.iter().step_by(2).map(&f).collect();
        let theirs = other
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        let mut all = Vec::with_capacity(items.len());
        let mut theirs = theirs.into_iter();
        for item in mine {
            all.push(item);
            all.extend(theirs.next());
        }
        all
    })
}

/// Point a kind's parameter error at the key that set the value: in budlint.toml when the user
/// overrode it, else in the rule file; with no key, at the rule's `kind`.
fn param_error(
    def: &RuleDef,
    error: &ParamError,
    overridden: &BTreeMap<String, Range<usize>>,
    overrides: Option<&ParamOverrides<'_>>,
) -> ConfigError {
    let message = format!("invalid parameter for rule `{}`: {}", def.id, error.message);
    // A kind may name a nested value (`columns[0]`, `columns.total`): its top-level key is what
    // a span exists for.
    let key = error
        .key
        .as_deref()
        .map(|k| k.split(['.', '[']).next().unwrap_or(k));
    if let Some(key) = key {
        if let (Some(span), Some(overrides)) = (overridden.get(key), overrides) {
            return ConfigError::at(
                overrides.display,
                overrides.text,
                span.clone(),
                message,
                "set here",
            )
            .with_note(format!(
                "overrides `{key}` of rule `{}` ({})",
                def.id, def.source.name
            ));
        }
        if let Some(span) = def.param_spans.get(key) {
            return def.error(span.clone(), message, "set here");
        }
        return def
            .error(
                def.kind_span.clone(),
                message,
                format!("this kind needs `{key}` under [params]"),
            )
            .with_note(format!("add `{key}` to [params]"));
    }
    def.error(def.kind_span.clone(), message, "for this kind")
}

// ---------------------------------------------------------------------------------------------
// Listing and explaining rules
// ---------------------------------------------------------------------------------------------

fn effective_severity(rule: &Rule, details: &RuleDetails) -> &'static str {
    match details.severity_override {
        Some(None) => "off",
        _ => rule.meta.severity.as_str(),
    }
}

/// `budlint rules`: one aligned line per rule.
pub fn write_rules_table(set: &RuleSet, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let header = match lang {
        Lang::En => ["ID", "KIND", "DEFAULT", "SEVERITY", "ENABLED", "SUMMARY"],
        Lang::Zh => ["规则", "类别", "默认级别", "生效级别", "启用", "说明"],
    };
    let (yes, no) = match lang {
        Lang::En => ("yes", "no"),
        Lang::Zh => ("是", "否"),
    };
    let rows: Vec<[String; 6]> = set
        .iter()
        .map(|(rule, details)| {
            [
                rule.meta.id.clone(),
                rule.meta.kind.clone(),
                rule.default_severity.as_str().to_string(),
                effective_severity(rule, details).to_string(),
                if rule.enabled { yes } else { no }.to_string(),
                rule.meta.summary_in(lang).to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(unicode_width::UnicodeWidthStr::width);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let header = header.map(str::to_string);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - unicode_width::UnicodeWidthStr::width(cell.as_str()) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `budlint rules --format json`: an array of rule objects.
pub fn write_rules_json(set: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = set
        .iter()
        .map(|(rule, details)| {
            serde_json::json!({
                "id": rule.meta.id,
                "kind": rule.meta.kind,
                "default_severity": rule.default_severity.as_str(),
                "severity": effective_severity(rule, details),
                "enabled": rule.enabled,
                "default_enabled": details.default_enabled,
                "builtin": details.builtin,
                "source": details.origin,
                "summary": rule.meta.summary,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rules)?;
    writeln!(out)
}

/// `budlint explain RULE`.
pub fn write_explanation(
    rule: &Rule,
    details: &RuleDetails,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let meta = &rule.meta;
    let zh = lang == Lang::Zh;
    let label = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    writeln!(out, "{}", meta.id)?;
    writeln!(out)?;
    writeln!(out, "{}{}", label("kind:      ", "类别："), meta.kind)?;
    writeln!(
        out,
        "{}{}{}{}{}",
        label("severity:  ", "级别："),
        effective_severity(rule, details),
        label(" (default ", "（默认 "),
        rule.default_severity,
        label(")", "）")
    )?;
    writeln!(
        out,
        "{}{}",
        label("enabled:   ", "启用："),
        match (rule.enabled, zh) {
            (true, false) => "yes",
            (false, false) => "no",
            (true, true) => "是",
            (false, true) => "否",
        }
    )?;
    writeln!(out, "{}{}", label("source:    ", "来源："), details.origin)?;
    writeln!(
        out,
        "{}{}",
        label("summary:   ", "说明："),
        meta.summary_in(lang)
    )?;
    writeln!(out)?;
    for line in meta.explanation.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;
    if details.params.is_empty() {
        writeln!(out, "{}", label("params: none", "参数：无"))?;
    } else {
        writeln!(out, "{}", label("params:", "参数："))?;
        let text = toml::to_string(&details.params).unwrap_or_default();
        for line in text.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// `budlint explain KIND`: what the kind does and the rules of this build that use it.
pub fn write_kind_explanation(
    kind: &str,
    description: &str,
    set: &RuleSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{kind} (a rule kind)")?;
    writeln!(out)?;
    writeln!(out, "{description}")?;
    writeln!(out)?;
    let rules: Vec<&Rule> = set
        .iter()
        .map(|(rule, _)| rule)
        .filter(|rule| rule.meta.kind == kind)
        .collect();
    if rules.is_empty() {
        writeln!(out, "No rule of this kind is loaded.")?;
        return Ok(());
    }
    writeln!(
        out,
        "Rules of this kind (`budlint explain RULE` explains one):"
    )?;
    let width = rules.iter().map(|r| r.meta.id.len()).max().unwrap_or(0);
    for rule in rules {
        writeln!(
            out,
            "  {:width$}  {:7}  {}",
            rule.meta.id,
            rule.default_severity.as_str(),
            rule.meta.summary
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_give_every_result_in_the_order_of_the_items() {
        for n in 0..7 {
            let items: Vec<usize> = (0..n).collect();
            let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
            assert_eq!(map_on_two_threads(&items, |i| i * 2), doubled, "{n} items");
        }
    }

    #[test]
    fn rules_built_on_two_threads_are_in_id_order_with_their_own_kinds() {
        let definitions = parse_rule_files(&builtin_sources()).expect("built-in rules parse");
        let selected = definitions.iter().map(|d| d.id.clone()).collect();
        let set = build_rules(definitions, &selected, &BTreeMap::new(), None)
            .expect("built-in rules build");
        let ids: Vec<&str> = set.rules.iter().map(|r| r.meta.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        assert!(ids.len() > 30, "{ids:?}");
        // Each check is the one its rule's kind builds (a pattern rule's check is a pattern).
        for rule in &set.rules {
            let check = format!("{:?}", rule.check);
            let expected = match rule.meta.kind.as_str() {
                "pattern" => "PatternCheck",
                "table-sum" => "TableSumCheck",
                "years" => "YearsCheck",
                _ => continue,
            };
            assert!(check.starts_with(expected), "{}: {check:.60}", rule.meta.id);
        }
    }

    /// A built-in rule's own regexes are read on first use (start-up does not parse the
    /// prose-claims labels); one `budlint.toml` overrides is read at once, so a bad one is a
    /// configuration error.
    #[test]
    fn builtin_regexes_wait_and_overridden_ones_are_checked_at_once() {
        let definitions = parse_rule_files(&builtin_sources()).expect("built-in rules parse");
        let selected: BTreeSet<String> = definitions.iter().map(|d| d.id.clone()).collect();
        let set = build_rules(definitions, &selected, &BTreeMap::new(), None)
            .expect("built-in rules build");
        let labels: Vec<_> = set
            .rules
            .iter()
            .filter(|r| r.meta.kind == "prose-claims")
            .flat_map(|r| r.check.lazy_patterns())
            .collect();
        assert!(labels.len() > 10, "{}", labels.len());
        assert!(labels.iter().all(|l| !l.is_parsed()), "read at start-up");

        let (id, _) = set
            .iter()
            .find(|(r, d)| r.meta.kind == "pattern" && d.params.contains_key("regex"))
            .map(|(r, d)| (r.meta.id.clone(), d))
            .expect("a built-in pattern rule with a regex");
        let text: Arc<str> = format!("[{id}]\nregex = \"([a-z]\"\n").into();
        let rules: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, toml::Value>> =
            toml::from_str(&text).expect("overrides");
        let overrides = ParamOverrides {
            display: "budlint.toml",
            text: &text,
            rules: &rules,
        };
        let definitions = parse_rule_files(&builtin_sources()).expect("built-in rules parse");
        let errors = build_rules(definitions, &selected, &BTreeMap::new(), Some(overrides))
            .expect_err("a bad regex in budlint.toml");
        let message = format!("{errors:?}");
        assert!(
            message.contains(&format!("invalid parameter for rule `{id}`")),
            "{message}"
        );
        assert!(message.contains("([a-z]"), "{message}");
    }

    /// `parse_rule_file` skips the key checks for a file `RawRule` reads: they must find
    /// nothing in any such file, built-in or not.
    #[test]
    fn key_checks_pass_for_every_file_that_parses() {
        for source in builtin_sources() {
            assert!(
                toml::from_str::<RawRule>(&source.text).is_ok(),
                "{}",
                source.name
            );
            assert!(
                check_keys(&source.name, &source.text).is_ok(),
                "{}",
                source.name
            );
        }
    }

    fn source(text: &str) -> RuleSource {
        RuleSource {
            name: "my-rules/r.toml".into(),
            text: text.into(),
            builtin: false,
        }
    }

    const GOOD: &str = r#"id = "draft-watermark"
kind = "pattern"
severity = "error"
summary = "draft watermark left in"
explanation = "long"
[message]
zh = "水印"
en = "watermark"
[params]
literals = ["仅供内部审核"]
"#;

    #[test]
    fn every_builtin_rule_has_a_chinese_summary_and_one_is_optional_elsewhere() {
        let defs = parse_rule_files(&builtin_sources()).expect("built-in rules parse");
        for def in &defs {
            let zh = def.summary_zh.as_deref().unwrap_or_default();
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                def.id
            );
        }
        let source = |text: &str| RuleSource {
            name: "mine.toml".to_string(),
            text: text.into(),
            builtin: false,
        };
        let without = parse_rule_file(&source(GOOD)).expect("no Chinese summary is fine");
        assert_eq!(without.summary_zh, None);
        let blank = GOOD.replace(
            "summary = \"draft watermark left in\"\n",
            "summary = \"draft watermark left in\"\nsummary_zh = \" \"\n",
        );
        let errors = parse_rule_file(&source(&blank)).expect_err("a blank Chinese summary");
        assert_eq!(
            errors[0].message,
            "the Chinese summary must be one non-empty line"
        );
    }

    #[test]
    fn every_builtin_rule_file_is_read_at_build_time_as_at_run_time() {
        let sources = builtin_sources();
        assert!(!sources.is_empty());
        for source in &sources {
            let read = builtin_read(source)
                .unwrap_or_else(|| panic!("{} was not read at build time", source.name));
            let parsed: RawRule = toml::from_str(&source.text).expect("a built-in file parses");
            // Spans included: errors point into the built-in file.
            assert_eq!(
                format!("{read:?}"),
                format!("{parsed:?}"),
                "{}",
                source.name
            );
            let spans = |raw: &RawRule| {
                let mut spans = vec![raw.id.span(), raw.kind.span(), raw.severity.span()];
                spans.push(raw.summary.span());
                spans.extend(raw.summary_zh.as_ref().map(Spanned::span));
                spans.extend(raw.params.keys().map(Spanned::span));
                spans
            };
            assert_eq!(spans(&read), spans(&parsed), "{}", source.name);
        }
        // A text that is not the embedded one is parsed, never taken from the build.
        let mut edited = sources[0].clone();
        edited.text = format!("{}\n# edited\n", edited.text).into();
        assert!(builtin_read(&edited).is_none());
    }

    #[test]
    fn every_builtin_rule_file_loads_and_builds() {
        let definitions = parse_rule_files(&builtin_sources()).unwrap_or_else(|errors| {
            panic!("built-in rule files are malformed: {errors:#?}");
        });
        let selected = definitions.iter().map(|d| d.id.clone()).collect();
        let set = build_rules(definitions, &selected, &BTreeMap::new(), None)
            .unwrap_or_else(|errors| panic!("built-in rules do not build: {errors:#?}"));
        // Their regexes wait for their first use: each must compile.
        for rule in &set.rules {
            if let Err(e) = rule.check.compile_patterns() {
                panic!("{}: {}", rule.meta.id, e.message);
            }
        }
    }

    #[test]
    fn a_good_rule_file_parses_with_param_spans() {
        let def = parse_rule_file(&source(GOOD)).unwrap();
        assert_eq!(def.id, "draft-watermark");
        assert_eq!(def.severity, Severity::Error);
        assert!(def.enabled);
        let span = def.param_spans["literals"].clone();
        assert_eq!(&GOOD[span], "literals");
    }

    #[test]
    fn unknown_key_and_bad_values_point_at_their_line() {
        let text = GOOD.replace("severity = \"error\"", "severty = \"error\"");
        let errors = parse_rule_file(&source(&text)).unwrap_err();
        assert_eq!(errors[0].message, "unknown key `severty` in rule file");
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `severity`?"));

        let text = GOOD
            .replace("\"error\"", "\"fatal\"")
            .replace("draft-watermark", "Draft_Watermark");
        let errors = parse_rule_file(&source(&text)).unwrap_err();
        let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid rule id `Draft_Watermark`",
                "unknown severity `fatal`"
            ]
        );
    }

    #[test]
    fn missing_key_is_named() {
        let text = GOOD.replace("summary = \"draft watermark left in\"\n", "");
        let errors = parse_rule_file(&source(&text)).unwrap_err();
        assert_eq!(errors[0].message, "missing key `summary` in rule file");
    }

    #[test]
    fn duplicate_ids_are_reported_at_the_second() {
        let errors = parse_rule_files(&[source(GOOD), source(GOOD)]).unwrap_err();
        assert_eq!(errors[0].message, "duplicate rule id `draft-watermark`");
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("table-sum-subject-hierarchy"));
        assert!(is_kebab_case("rule2"));
        for bad in ["", "Rule", "a--b", "-a", "a-", "a_b", "2a"] {
            assert!(!is_kebab_case(bad), "{bad}");
        }
    }
}
