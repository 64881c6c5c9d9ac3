//! The one diagnostic type every rule produces and every renderer prints.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity in Chinese, for output in `--lang zh` that is read, not parsed.
    pub fn as_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the source a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
    /// The label marks one term of the sum the primary label states (a table rule's part), so
    /// a renderer can write the arithmetic out from the figures themselves (`--format html`).
    pub addend: bool,
}

impl Label {
    pub fn primary(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
            primary: true,
            addend: false,
        }
    }

    pub fn secondary(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
            primary: false,
            addend: false,
        }
    }

    /// A secondary label on one term of the sum stated at the primary label.
    pub fn addend(span: Span, message: impl Into<String>) -> Label {
        Label {
            addend: true,
            ..Label::secondary(span, message)
        }
    }
}

/// One finding of one rule in one file. The first primary label decides where it is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.labels.push(label);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The span the diagnostic is reported at: its first primary label (or first label).
    pub fn primary_span(&self) -> Span {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map(|l| l.span)
            .unwrap_or_default()
    }
}

/// The diagnostics found in one file, in reporting order.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Sort by position, then rule id, then message, so output never depends on rule order.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let (sa, sb) = (a.primary_span(), b.primary_span());
            (sa.start, sa.end, &a.rule, &a.message).cmp(&(sb.start, sb.end, &b.rule, &b.message))
        });
    }
}

/// A file that could not be linted at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub reason: String,
}
