//! `pattern`: literal or regex matches over prose, cells and headings.

use crate::diagnostic::Diagnostic;
use crate::engine::{Check, CheckContext, ParamError};

#[derive(Debug)]
pub struct PatternCheck {}

impl PatternCheck {
    pub fn from_params(_params: &toml::Table) -> Result<PatternCheck, ParamError> {
        Ok(PatternCheck {})
    }
}

impl Check for PatternCheck {
    fn check(&self, _cx: &CheckContext<'_>, _out: &mut Vec<Diagnostic>) {}
}
