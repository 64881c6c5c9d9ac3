//! Errors in what budlint is told before it reads a disclosure: `budlint.toml`, rule files and
//! command-line selections. Owns the error type, how it is printed (rustc-style, pointing at the
//! offending line), and the helpers that word such errors (`did you mean …?`, unknown keys, I/O
//! failures).
//!
//! It sits below both [`crate::registry`] (rule files) and [`crate::config`] (`budlint.toml`),
//! which report their mistakes through it, and imports neither.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::de::IgnoredAny;
use termcolor::WriteColor;
use toml::Spanned;

/// A place in a configuration or rule file.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file name shown to the user.
    pub file: String,
    pub text: Arc<str>,
    pub span: Range<usize>,
}

/// Something wrong in the configuration, a rule file or a command-line selection; any of them
/// stops budlint before it reads a disclosure (exit status 2).
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub message: String,
    pub location: Option<Location>,
    /// Printed under the pointed text.
    pub label: String,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl ConfigError {
    /// An error with no place to point at (a missing file, a command-line value).
    pub fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError {
            message: message.into(),
            location: None,
            label: String::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// An error pointing at `span` of a file.
    pub fn at(
        file: &str,
        text: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            message: message.into(),
            location: Some(Location {
                file: file.to_string(),
                text: Arc::clone(text),
                span,
            }),
            label: label.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> ConfigError {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: Option<String>) -> ConfigError {
        self.help = help;
        self
    }

    /// Turn a TOML parse or deserialisation error into one pointing at its span.
    pub fn from_toml(file: &str, text: &Arc<str>, error: &toml::de::Error) -> ConfigError {
        // toml's messages may run over several lines (`expected ...` on the second); the first
        // line is the headline, the rest explains the pointed place.
        let mut lines = error.message().trim().lines();
        let headline = lines.next().unwrap_or("invalid TOML").trim().to_string();
        let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
        let span = error.span().unwrap_or(0..0);
        let span = clamp_span(text, span);
        ConfigError::at(file, text, span, headline, rest.join("; "))
    }
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    start..end
}

/// Print errors rustc-style: `error: message`, `--> file:line:col`, the pointed line, notes.
pub fn emit_errors(errors: &[ConfigError], out: &mut dyn WriteColor) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    for error in errors {
        let mut diagnostic = CsDiagnostic::error().with_message(&error.message);
        if let Some(location) = &error.location {
            let id = files.add(location.file.clone(), Arc::clone(&location.text));
            diagnostic = diagnostic.with_labels(vec![
                CsLabel::primary(id, location.span.clone()).with_message(&error.label),
            ]);
        }
        let mut notes: Vec<String> = error.notes.iter().map(|n| format!("note: {n}")).collect();
        if let Some(help) = &error.help {
            notes.push(format!("help: {help}"));
        }
        diagnostic = diagnostic.with_notes(notes);
        term::emit(out, &config, &files, &diagnostic).map_err(io::Error::other)?;
    }
    Ok(())
}

/// The closest candidate to a misspelt name, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let best = candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))?;
    let limit = (name.chars().count() / 3).max(1);
    (best.0 <= limit).then(|| format!("did you mean `{}`?", best.1))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// Report keys of a table that are not in `allowed`, each pointing at the key.
pub fn unknown_keys(
    file: &str,
    text: &Arc<str>,
    keys: &BTreeMap<Spanned<String>, IgnoredAny>,
    allowed: &[&str],
    what: &str,
) -> Vec<ConfigError> {
    keys.keys()
        .filter(|key| !allowed.contains(&key.get_ref().as_str()))
        .map(|key| {
            ConfigError::at(
                file,
                text,
                key.span(),
                format!("unknown key `{}` in {what}", key.get_ref()),
                "unknown key",
            )
            .with_note(format!("expected one of: {}", allowed.join(", ")))
            .with_help(did_you_mean(key.get_ref(), allowed.iter().copied()))
        })
        .collect()
}

/// A short, lowercase reason for an I/O failure.
pub fn io_reason(e: &io::Error) -> String {
    // An error budlint built itself already says what it means.
    if let Some(inner) = e.get_ref() {
        return inner.to_string();
    }
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            // Drop the "(os error N)" suffix: it says nothing to a finance reviewer.
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}
