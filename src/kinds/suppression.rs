//! `suppression`: the kind of the two rules that judge suppression comments,
//! `unused-suppression` and `invalid-suppression`.
//!
//! Its check does nothing while the rules run: a comment can only be judged once every other
//! rule has run on the file, so the linter's `suppress` module reports these two rules
//! afterwards. Being a kind like any other lets them be selected, ignored and given a severity
//! through the usual rule files and `budlint.toml`.

use crate::diagnostic::Diagnostic;
use crate::engine::{Check, CheckContext, ParamError};

/// The kind's name in rule files.
pub const KIND: &str = "suppression";

/// The check of kind `suppression`: nothing to do while the other rules run.
#[derive(Debug)]
pub struct SuppressionCheck;

impl SuppressionCheck {
    /// The kind takes no parameters.
    pub fn from_params(params: &toml::Table) -> Result<SuppressionCheck, ParamError> {
        match params.keys().next() {
            Some(key) => Err(ParamError::new(
                Some(key),
                format!("unknown parameter `{key}` (kind `{KIND}` takes none)"),
            )),
            None => Ok(SuppressionCheck),
        }
    }
}

impl Check for SuppressionCheck {
    fn check(&self, _cx: &CheckContext<'_>, _out: &mut Vec<Diagnostic>) {}
}
