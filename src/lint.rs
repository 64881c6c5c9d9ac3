//! Linting files: find them, read them in parallel, parse each once, run every enabled rule.

use std::sync::Arc;

use crate::diagnostic::FileReport;
use crate::engine::{CheckContext, Lang};
use crate::registry::Rule;
use crate::source::SourceFile;

/// Parse one source and run `rules` over it; diagnostics come back sorted.
pub fn lint_source(source: Arc<SourceFile>, rules: &[Rule], lang: Lang) -> FileReport {
    let document = crate::parse::parse(&source);
    let mut diagnostics = Vec::new();
    for rule in rules.iter().filter(|r| r.enabled) {
        let cx = CheckContext { source: &source, document: &document, rule: &rule.meta, lang };
        rule.check.check(&cx, &mut diagnostics);
    }
    let mut report = FileReport { source, diagnostics };
    report.sort();
    report
}
