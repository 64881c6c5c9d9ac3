//! The rules in force: built-in rule files embedded in the binary, extra rule directories named
//! in `budlint.toml`, and the user's selection, severity and parameter overrides.

use crate::engine::{Check, RuleMeta};

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
