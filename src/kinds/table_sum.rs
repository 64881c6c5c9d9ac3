//! `table-sum`: parent rows equal the sum of their children; declared column equations hold.

use crate::diagnostic::Diagnostic;
use crate::engine::{Check, CheckContext, ParamError};

#[derive(Debug)]
pub struct TableSumCheck {}

impl TableSumCheck {
    pub fn from_params(_params: &toml::Table) -> Result<TableSumCheck, ParamError> {
        Ok(TableSumCheck {})
    }
}

impl Check for TableSumCheck {
    fn check(&self, _cx: &CheckContext<'_>, _out: &mut Vec<Diagnostic>) {}
}
