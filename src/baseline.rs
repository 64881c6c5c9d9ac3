//! Baselines: the findings a project has accepted for now, so that only new ones are reported.
//!
//! `budlint --write-baseline FILE PATHS` records every shown finding; `budlint --baseline FILE
//! PATHS` drops the findings recorded there. A finding is known by its file, rule and
//! [fingerprint](crate::fingerprint), never by its line, so text inserted above it does not bring
//! it back. The message is recorded for the reader of the file only and never compared: it
//! changes with `--lang`.
//!
//! File paths are recorded relative to the baseline's directory (with `/`), and fingerprints are
//! taken over that path, so the baseline matches whichever directory budlint runs from. A file
//! outside the baseline's directory keeps the path as given.
//!
//! The file is JSON, pretty-printed, its findings sorted, so it is the same for the same findings
//! and diffs well under version control:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "file": "2025/预算公开.md",
//!       "rule": "draft-watermark",
//!       "fingerprint": "174efbb3149f0e61",
//!       "message": "文中仍有草稿水印或草稿标记“仅供内部审核”"
//!     }
//!   ]
//! }
//! ```
//!
//! Fields may be added within version 1 (readers ignore those they do not know); none is renamed
//! or removed without raising `version`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::config::absolute;
use crate::config_error::io_reason;
use crate::diagnostic::{Diagnostic, FileReport};
use crate::fingerprint::{fingerprints, normalized_path};
use crate::source::{MAX_DOCUMENT_BYTES, read_bounded_text};

/// The baseline format this build reads and writes.
pub const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub rule: String,
    pub fingerprint: String,
    pub message: String,
}

/// A baseline file's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Finding>,
}

/// A baseline that cannot be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError(pub String);

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Shown findings left out because the baseline lists them.
    pub baselined: usize,
    /// Entries for files linted in this run that matched no finding (fixed since).
    pub stale: usize,
}

/// Only the version, read first so a future format is reported as such, not as malformed.
#[derive(Deserialize)]
struct Versioned {
    version: u32,
}

impl Baseline {
    /// The findings of `reports` that `shown` keeps, keyed relative to `baseline_path`'s
    /// directory. The reports must hold every diagnostic found (before info diagnostics are
    /// dropped), so occurrence numbers are the same whatever is shown.
    pub fn record(
        reports: &[FileReport],
        baseline_path: &Path,
        shown: impl Fn(&Diagnostic) -> bool,
    ) -> Baseline {
        let root = root_of(baseline_path);
        let mut findings: Vec<Finding> = reports
            .iter()
            .flat_map(|report| {
                let (file, prints) = keys(report, &root);
                report
                    .diagnostics
                    .iter()
                    .zip(prints)
                    .filter(|(d, _)| shown(d))
                    .map(|(d, fingerprint)| Finding {
                        file: file.clone(),
                        rule: d.rule.clone(),
                        fingerprint,
                        message: d.message.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        findings.sort();
        findings.dedup();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Read a baseline file; a missing, unreadable or malformed file is an error.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let display = crate::config::display_path(path);
        let text = read_bounded_text(path, MAX_DOCUMENT_BYTES).map_err(|e| {
            BaselineError(format!("cannot read baseline {display}: {}", io_reason(&e)))
        })?;
        Baseline::parse(&text)
            .map_err(|reason| BaselineError(format!("baseline {display} is not valid: {reason}")))
    }

    /// Parse a baseline's text; the error says what is wrong and where.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        // Editors on Windows save JSON with a BOM; it says nothing about the content.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("not JSON ({e}); `budlint --write-baseline FILE` writes one"))?;
        let found = match &value {
            serde_json::Value::Object(_) => None,
            serde_json::Value::Array(_) => Some("an array"),
            serde_json::Value::Null => Some("null"),
            serde_json::Value::Bool(_) => Some("a boolean"),
            serde_json::Value::Number(_) => Some("a number"),
            serde_json::Value::String(_) => Some("a string"),
        };
        if let Some(found) = found {
            return Err(format!(
                "it holds {found}, not a baseline: a baseline is the object \
                 `{{\"version\": {VERSION}, \"findings\": [...]}}` that \
                 `budlint --write-baseline FILE` writes"
            ));
        }
        let versioned: Versioned = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if versioned.version != VERSION {
            return Err(format!(
                "version {} is not supported (this budlint reads version {VERSION})",
                versioned.version
            ));
        }
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Serialising strings and numbers cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Write the baseline file (the only file budlint ever writes while linting). The text goes
    /// to a new temporary file in the same directory, which then replaces the baseline in one
    /// rename: a full disk or a crash leaves the old baseline whole, two runs writing the same
    /// baseline leave one of their files (never a mix), and a reader never sees half a file.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        write_replacing(path, self.to_json().as_bytes()).map_err(|e| {
            BaselineError(format!(
                "cannot write baseline {}: {}",
                crate::config::display_path(path),
                io_reason(&e)
            ))
        })
    }

    /// Remove from `reports` every finding the baseline lists (`baseline_path` is where it was
    /// read from: paths are relative to its directory). Like [`Baseline::record`], this needs
    /// the reports before info diagnostics are dropped; `shown` tells which removed findings to
    /// count.
    pub fn apply(
        &self,
        reports: &mut [FileReport],
        baseline_path: &Path,
        shown: impl Fn(&Diagnostic) -> bool,
    ) -> Applied {
        let index = self.index(baseline_path);
        let mut applied = Applied::default();
        for report in reports {
            let one = index.apply(report, &shown);
            applied.baselined += one.baselined;
            applied.stale += one.stale;
        }
        applied
    }

    /// The entries grouped by file, to apply the baseline one report at a time as reports are
    /// handed over: each report looks up its own file's entries only.
    pub fn index(&self, baseline_path: &Path) -> BaselineIndex<'_> {
        let mut by_file: HashMap<&str, BTreeSet<(&str, &str)>> = HashMap::new();
        for f in &self.findings {
            by_file
                .entry(f.file.as_str())
                .or_default()
                .insert((f.rule.as_str(), f.fingerprint.as_str()));
        }
        BaselineIndex {
            root: root_of(baseline_path),
            by_file,
        }
    }
}

/// A baseline's entries by file ([`Baseline::index`]).
#[derive(Debug)]
pub struct BaselineIndex<'a> {
    root: PathBuf,
    /// File → (rule, fingerprint) of its accepted findings.
    by_file: HashMap<&'a str, BTreeSet<(&'a str, &'a str)>>,
}

impl BaselineIndex<'_> {
    /// Remove from `report` the findings the baseline lists for its file; the entries of that
    /// file that matched none count as stale (the file is linted once per run).
    pub fn apply(&self, report: &mut FileReport, shown: impl Fn(&Diagnostic) -> bool) -> Applied {
        let (file, prints) = keys(report, &self.root);
        let mut applied = Applied::default();
        let Some(known) = self.by_file.get(file.as_str()) else {
            return applied;
        };
        let mut matched: BTreeSet<(String, String)> = BTreeSet::new();
        let mut prints = prints.into_iter();
        report.diagnostics.retain(|d| {
            let fingerprint = prints.next().unwrap_or_default();
            if !known.contains(&(d.rule.as_str(), fingerprint.as_str())) {
                return true;
            }
            if shown(d) {
                applied.baselined += 1;
            }
            matched.insert((d.rule.clone(), fingerprint));
            false
        });
        applied.stale = known.len() - matched.len();
        applied
    }
}

/// Replace `path` with `bytes` through a temporary file beside it and a rename.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Unique among the processes (pid) and the writes of this one (counter).
    let temporary = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// The directory paths in a baseline are relative to.
fn root_of(baseline_path: &Path) -> PathBuf {
    absolute(baseline_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The file as a baseline names it, and the fingerprint of each diagnostic of the report.
fn keys(report: &FileReport, root: &Path) -> (String, Vec<String>) {
    let given = normalized_path(&report.source.path);
    let file = absolute(&report.source.path)
        .strip_prefix(root)
        .ok()
        .filter(|relative| !relative.as_os_str().is_empty())
        .map_or_else(|| given.clone(), normalized_path);
    if file == given {
        return (file, fingerprints(report));
    }
    // The fingerprint covers the path: take it over the path the baseline records.
    let mut source = (*report.source).clone();
    source.path = PathBuf::from(&file);
    let renamed = FileReport {
        source: Arc::new(source),
        diagnostics: report.diagnostics.clone(),
    };
    (file, fingerprints(&renamed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};
    use crate::source::{SourceFile, Span};

    fn report(path: &str, text: &str, needle: &str, severity: Severity) -> FileReport {
        let diagnostics = text
            .match_indices(needle)
            .map(|(at, m)| {
                Diagnostic::new("draft-watermark", severity, "水印")
                    .with_label(Label::primary(Span::new(at, at + m.len()), ""))
            })
            .collect();
        FileReport {
            source: Arc::new(SourceFile::from_str(path, text)),
            diagnostics,
        }
    }

    fn baseline_path() -> PathBuf {
        std::env::current_dir()
            .unwrap()
            .join("budlint-baseline.json")
    }

    #[test]
    fn recorded_findings_are_sorted_relative_and_survive_inserted_lines() {
        let before = report(
            "./b.md",
            "仅供内部审核\n正文\n仅供内部审核\n",
            "仅供内部审核",
            Severity::Error,
        );
        let baseline = Baseline::record(&[before], &baseline_path(), |_| true);
        assert_eq!(baseline.findings.len(), 2);
        assert!(baseline.findings.iter().all(|f| f.file == "b.md"));
        assert!(baseline.findings.windows(2).all(|w| w[0] <= w[1]));

        let mut after = [report(
            "b.md",
            "新增\n\n\n\n\n仅供内部审核\n正文\n仅供内部审核\n仅供内部审核\n",
            "仅供内部审核",
            Severity::Error,
        )];
        let applied = baseline.apply(&mut after, &baseline_path(), |_| true);
        assert_eq!(
            applied,
            Applied {
                baselined: 2,
                stale: 0
            }
        );
        assert_eq!(after[0].diagnostics.len(), 1, "the third watermark is new");
    }

    #[test]
    fn stale_entries_count_only_for_files_linted() {
        let two = report(
            "a.md",
            "仅供内部审核\n仅供内部审核\n",
            "仅供内部审核",
            Severity::Error,
        );
        let other = report("z.md", "仅供内部审核\n", "仅供内部审核", Severity::Error);
        let baseline = Baseline::record(&[two, other], &baseline_path(), |_| true);
        let mut fixed = [report(
            "a.md",
            "仅供内部审核\n",
            "仅供内部审核",
            Severity::Error,
        )];
        let applied = baseline.apply(&mut fixed, &baseline_path(), |_| true);
        assert_eq!(
            applied,
            Applied {
                baselined: 1,
                stale: 1
            }
        );
    }

    #[test]
    fn json_round_trips_and_other_versions_are_refused() {
        let r = report("a.md", "仅供内部审核\n", "仅供内部审核", Severity::Warning);
        let baseline = Baseline::record(&[r], &baseline_path(), |_| true);
        let text = baseline.to_json();
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n"));
        assert_eq!(Baseline::parse(&text), Ok(baseline));
        let error = Baseline::parse("{\"version\": 2, \"findings\": []}").unwrap_err();
        assert!(error.contains("version 2 is not supported"), "{error}");
        assert!(Baseline::parse("{\"version\": 1}").is_err());
        assert!(Baseline::parse("[").is_err());
    }
}
