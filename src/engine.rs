//! The vocabulary shared by the rule kinds and the linter that runs them: the [`Check`] a kind
//! builds from a rule's parameters, the [`CheckContext`] it sees of one file, the [`RuleMeta`]
//! of the rule instantiating it, the output [`Lang`], and the [`ParamError`] it reports bad
//! parameters with.
//!
//! This module imports no kind. The kinds import it; the list of kinds and the constructor
//! that picks one by name live in [`crate::kinds`].

use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, Severity};
use crate::identity::{Identity, identify};
use crate::model::Document;
use crate::source::SourceFile;

/// Output language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// What a check needs to know about the rule instantiating it.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub kind: String,
    /// The effective severity (after `budlint.toml` overrides).
    pub severity: Severity,
    pub summary: String,
    /// The summary in Chinese (`summary_zh` in the rule file), when the file gives one.
    pub summary_zh: Option<String>,
    pub explanation: String,
    pub message_zh: String,
    pub message_en: String,
}

impl RuleMeta {
    /// The one-line summary in `lang`: the Chinese one when the rule file gives it.
    pub fn summary_in(&self, lang: Lang) -> &str {
        match (lang, &self.summary_zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.summary,
        }
    }

    /// The rule's message in `lang` with `{name}` placeholders filled from `args`.
    pub fn message(&self, lang: Lang, args: &[(&str, &str)]) -> String {
        let template = match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        };
        fill_template(template, args)
    }

    pub fn diagnostic(&self, severity: Severity, lang: Lang, args: &[(&str, &str)]) -> Diagnostic {
        Diagnostic::new(&self.id, severity, self.message(lang, args))
    }
}

/// Replace `{name}` with its value; unknown placeholders stay as written.
pub fn fill_template(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Everything a check sees of one file.
pub struct CheckContext<'a> {
    pub source: &'a SourceFile,
    pub document: &'a Document,
    pub rule: &'a RuleMeta,
    pub lang: Lang,
    /// What the document is (kind, year, department), inferred on first use and shared by
    /// every check of the document: one per document, not one per rule. Read it through
    /// [`CheckContext::identity`]; give a new context a fresh `&OnceLock::new()`.
    pub identity: &'a OnceLock<Identity>,
}

impl<'a> CheckContext<'a> {
    /// The document's identity, inferred once per document (the first check to ask pays).
    pub fn identity(&self) -> &'a Identity {
        self.identity
            .get_or_init(|| identify(self.source, self.document))
    }
}

/// A configured rule kind, ready to run over documents. Built once, shared across threads.
pub trait Check: Send + Sync + std::fmt::Debug {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>);

    /// What this check needs to keep of a document for [`Check::check_previous`], taken while
    /// the document is alive: the document itself is dropped once its own report is made, so
    /// that memory does not grow with the number of files. Most kinds look at one document
    /// only and keep this default, which keeps nothing.
    fn digest(&self, _cx: &CheckContext<'_>) -> Option<Digest> {
        None
    }

    /// Whether this check compares a document with the previous year's ([`Check::digest`] and
    /// [`Check::check_previous`]): only then does a run first tell which files pair up.
    fn across_years(&self) -> bool {
        false
    }

    /// Check a document against the previous year's report of the same department and kind
    /// (`previous`), when both were given to one run, from the digests both left; findings are
    /// on `cx`'s document.
    fn check_previous(
        &self,
        _cx: &DigestContext<'_>,
        _previous: &DigestContext<'_>,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// The regexes this check compiles on first use ([`crate::lazy_regex`]): a run compiles
    /// those of the enabled rules on a spare thread ahead of the first document.
    fn lazy_patterns(&self) -> Vec<crate::lazy_regex::LazyRegex> {
        Vec::new()
    }

    /// Compile those regexes now, with the error a compilation while building the check would
    /// have given: for a user's rule or parameters, whose errors belong to the configuration.
    fn compile_patterns(&self) -> Result<(), ParamError> {
        Ok(())
    }
}

/// What one check kept of one document ([`Check::digest`]): only the check that made it knows
/// its type, and reads it back with [`Digest::get`].
pub struct Digest(Box<dyn std::any::Any + Send + Sync>);

impl Digest {
    pub fn new<T: std::any::Any + Send + Sync>(value: T) -> Digest {
        Digest(Box::new(value))
    }

    /// The digest as the type its check made it with; `None` for another type.
    pub fn get<T: std::any::Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Digest(..)")
    }
}

/// Everything a check across years sees of one document once it is gone: its path and the
/// digest the check kept of it.
pub struct DigestContext<'a> {
    pub path: &'a std::path::Path,
    pub digest: &'a Digest,
    pub rule: &'a RuleMeta,
    pub lang: Lang,
}

/// The `check` parameter of a kind that runs one of several checks: the value named, among
/// `choices` (name and value), or the error naming them all.
pub fn chosen_check<T: Copy>(params: &toml::Table, choices: &[(&str, T)]) -> Result<T, ParamError> {
    let names = choices
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    match params.get("check").and_then(|v| v.as_str()) {
        Some(name) => choices
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                ParamError::new(
                    Some("check"),
                    format!("unknown check `{name}` (expected one of {names})"),
                )
            }),
        None => Err(ParamError::new(
            Some("check"),
            format!("`check` is required: one of {names}"),
        )),
    }
}

/// The error for the first key of `params` not in `allowed`, if any; `what` says what takes
/// them (`check `growth` of kind `prose-claims``).
pub fn only_params(params: &toml::Table, allowed: &[&str], what: &str) -> Result<(), ParamError> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(ParamError::new(
            Some(key),
            format!(
                "unknown parameter `{key}` for {what} (expected: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// Why a rule's parameters could not be used: the message and, when known, the parameter key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub key: Option<String>,
    pub message: String,
}

impl ParamError {
    pub fn new(key: Option<&str>, message: impl Into<String>) -> ParamError {
        ParamError {
            key: key.map(str::to_string),
            message: message.into(),
        }
    }
}
