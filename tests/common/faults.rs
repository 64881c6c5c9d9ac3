//! Fault injection shared by `tests/prose_faults.rs` and `tests/performance_faults.rs`: plant
//! one fault at a time in a document's text, lint it, and count the faults reported on their
//! line.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

use budlint::diagnostic::{FileReport, Severity};
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::registry::Rule;
use budlint::source::SourceFile;

/// A fault: the bytes replaced and what replaces them.
pub struct Fault<K> {
    pub kind: K,
    pub start: usize,
    pub end: usize,
    pub written: String,
}

/// Per kind of fault: (planted, found).
pub type Counts<K> = HashMap<K, (usize, usize)>;

/// Per line, the warnings and errors that show it (any label of the diagnostic on that line).
pub fn reported_lines(report: &FileReport) -> HashMap<usize, usize> {
    let mut lines = HashMap::new();
    for d in &report.diagnostics {
        if d.severity >= Severity::Warning {
            let mut shown: Vec<usize> = d
                .labels
                .iter()
                .map(|l| report.source.line_col(l.span.start).0)
                .collect();
            shown.sort_unstable();
            shown.dedup();
            for line in shown {
                *lines.entry(line).or_default() += 1;
            }
        }
    }
    lines
}

/// Plant each fault `faults` gives for the document at `path`, alone, and count it found when
/// its line shows more findings than in the untouched document; the misses, for printing.
pub fn detection<K: Copy + Eq + Hash + Debug>(
    path: &str,
    rules: &[Rule],
    faults: impl Fn(&SourceFile) -> Vec<Fault<K>>,
) -> (Counts<K>, Vec<String>) {
    let original = super::read(path);
    let before = reported_lines(&lint_source(Arc::new(original.clone()), rules, Lang::En));
    let mut counts = Counts::new();
    let mut misses = Vec::new();
    for f in faults(&original) {
        let mut text = original.text.clone();
        let old = text[f.start..f.end].to_string();
        text.replace_range(f.start..f.end, &f.written);
        let source = SourceFile::new(original.path.clone(), text, original.encoding);
        let line = source.line_col(f.start).0;
        let after = reported_lines(&lint_source(Arc::new(source), rules, Lang::En));
        let found =
            after.get(&line).copied().unwrap_or(0) > before.get(&line).copied().unwrap_or(0);
        let entry = counts.entry(f.kind).or_default();
        entry.0 += 1;
        if found {
            entry.1 += 1;
        } else {
            misses.push(format!("{path}:{line} {:?} {old} → {}", f.kind, f.written));
        }
    }
    (counts, misses)
}

/// [`detection`] over every document: the totals and each document's counts. Prints the rates
/// (`--nocapture`) and, with `BUDLINT_ALL_MISSES` set, every miss.
pub fn tally<K: Copy + Eq + Hash + Ord + Debug>(
    documents: Vec<String>,
    rules: &[Rule],
    faults: impl Fn(&SourceFile) -> Vec<Fault<K>>,
) -> (Counts<K>, HashMap<String, Counts<K>>) {
    let mut total = Counts::new();
    let mut per_document = HashMap::new();
    for path in documents {
        let (counts, misses) = detection(&path, rules, &faults);
        let mut kinds: Vec<_> = counts.iter().collect();
        kinds.sort();
        for (kind, (planted, found)) in kinds {
            let t = total.entry(*kind).or_default();
            t.0 += planted;
            t.1 += found;
            println!("{path}: {kind:?} {found}/{planted}");
        }
        if std::env::var_os("BUDLINT_ALL_MISSES").is_some() {
            for m in &misses {
                println!("  miss {m}");
            }
        }
        per_document.insert(path, counts);
    }
    let mut kinds: Vec<_> = total.iter().collect();
    kinds.sort();
    for (kind, (planted, found)) in &kinds {
        println!("total {kind:?}: {found}/{planted}");
    }
    (total, per_document)
}
