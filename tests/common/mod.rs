//! Helpers shared by the integration tests.

use budlint::config::{CliOverrides, ConfigChoice, resolve};
use budlint::registry::Rule;

/// The built-in rules of one kind (`table-sum`), as `--isolated --select KIND` would run them.
pub fn builtin_rules_of_kind(kind: &str) -> Vec<Rule> {
    let cli = CliOverrides {
        select: Some(vec![kind.to_string()]),
        ignore: Vec::new(),
    };
    resolve(&ConfigChoice::Isolated, &cli)
        .expect("built-in rules load")
        .rules
        .rules
}
