//! The rule kinds (engines written in Rust), one module each, and the one list of them.
//!
//! A rule file names its `kind` and fills in the kind's `[params]`; [`build_check`] turns those
//! parameters into a [`Check`], once, before any file is read. This is the only place that names
//! every kind: a kind imports the shared vocabulary of [`crate::engine`] and never this list,
//! and the registry builds a rule's check through [`build_check`] without knowing any kind.
//! Adding a kind is a module here, a line in [`KINDS`] and an arm in [`build_check`].

pub mod boilerplate;
pub mod pattern;
pub mod prose_claims;
pub mod reading;
pub mod suppression;
pub mod table_sum;
pub mod years;

use crate::engine::{Check, ParamError};

/// The rule kinds this build knows, for `budlint rules`, selectors and error messages.
///
/// `suppression` checks nothing while the rules run: its rules (`unused-suppression`,
/// `invalid-suppression`) judge the file's suppression comments afterwards, in
/// [`crate::suppress::apply`].
pub const KINDS: &[&str] = &[
    "pattern",
    "table-sum",
    "reading",
    "prose-claims",
    "years",
    "boilerplate",
    suppression::KIND,
];

/// Instantiate a kind with its parameters.
pub fn build_check(kind: &str, params: &toml::Table) -> Result<Box<dyn Check>, ParamError> {
    match kind {
        "pattern" => pattern::PatternCheck::from_params(params).map(|c| Box::new(c) as _),
        "table-sum" => table_sum::TableSumCheck::from_params(params).map(|c| Box::new(c) as _),
        "reading" => reading::ReadingCheck::from_params(params).map(|c| Box::new(c) as _),
        "prose-claims" => {
            prose_claims::ProseClaimsCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        "years" => years::YearsCheck::from_params(params).map(|c| Box::new(c) as _),
        "boilerplate" => {
            boilerplate::BoilerplateCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        suppression::KIND => {
            suppression::SuppressionCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        other => Err(ParamError::new(
            None,
            format!(
                "unknown rule kind `{other}` (known kinds: {})",
                KINDS.join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_builds_and_no_other() {
        for kind in KINDS {
            // Empty parameters may be refused, but by the kind itself, not as an unknown kind.
            if let Err(e) = build_check(kind, &toml::Table::new()) {
                assert!(!e.message.contains("unknown rule kind"), "{kind}: {e:?}");
            }
        }
        let error = build_check("patern", &toml::Table::new()).expect_err("unknown kind");
        assert_eq!(
            error.message,
            "unknown rule kind `patern` (known kinds: pattern, table-sum, reading, prose-claims, years, boilerplate, suppression)"
        );
    }
}
