//! Stable fingerprints of diagnostics, shared by SARIF `partialFingerprints` and baselines.
//!
//! A fingerprint must survive lines being inserted above a finding, so it never includes a line
//! or column. It is built from the rule id, the file path (as given, `./` and `\` normalised) and
//! the text the primary label covers with whitespace removed, plus an occurrence number telling
//! apart the same text found several times by the same rule in the same file (the watermark
//! printed on every page). The hash is FNV-1a 64, written out here so it never changes with a
//! dependency.

use std::collections::HashMap;

use crate::diagnostic::FileReport;

/// The path as it goes into a fingerprint: forward slashes, no leading `./`.
pub fn normalized_path(path: &std::path::Path) -> String {
    let p = path.to_string_lossy().replace('\\', "/");
    let mut s = p.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One fingerprint per diagnostic of `report`, in the report's order (which must be sorted, so
/// occurrence numbers follow the document).
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    let path = normalized_path(&report.source.path);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let text: String = report
                .source
                .slice(d.primary_span())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let occurrence = seen.entry((d.rule.clone(), text.clone())).or_insert(0);
            *occurrence += 1;
            let key = format!("{}\u{1f}{}\u{1f}{}\u{1f}{}", d.rule, path, text, occurrence);
            format!("{:016x}", fnv1a(key.as_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Label, Severity};
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    fn report(text: &str, needle: &str) -> FileReport {
        let source = SourceFile::from_str("./docs/a.txt", text);
        let diagnostics = text
            .match_indices(needle)
            .map(|(at, m)| {
                Diagnostic::new("draft-watermark", Severity::Error, "m")
                    .with_label(Label::primary(Span::new(at, at + m.len()), ""))
            })
            .collect();
        FileReport {
            source: Arc::new(source),
            diagnostics,
        }
    }

    #[test]
    fn fingerprints_survive_inserted_lines_and_tell_repeats_apart() {
        let before = fingerprints(&report(
            "仅供内部审核\n正文\n仅供内部审核\n",
            "仅供内部审核",
        ));
        let after = fingerprints(&report(
            "新增一行\n\n仅供内部审核\n正文\n仅供内部审核\n",
            "仅供内部审核",
        ));
        assert_eq!(before, after);
        assert_ne!(before[0], before[1]);
        assert_eq!(before[0].len(), 16);
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(
            normalized_path(std::path::Path::new("./docs\\a.txt")),
            "docs/a.txt"
        );
    }
}
