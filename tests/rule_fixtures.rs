//! Snapshot tests of every rule: `tests/fixtures/rules/<rule-id>/` holds documents and, next to
//! each, `<file>.expected` with the exact `--format short` output of that rule alone.
//!
//! Each document is linted by the built binary from inside its directory with
//! `--isolated --select <rule-id> --show-info --format short --fail-on never <file>`, and stdout
//! must equal the expected file byte for byte. Run with `BLESS=1` to write the expected files
//! from the current output instead (then review the diff before committing).
//!
//! A directory inside a rule's directory is a set of documents linted together by one run
//! (`budlint … <dir>`), with `<dir>.expected` beside it.
//!
//! Every rule directory needs a document the rule fires on and one it stays silent on, and every
//! built-in rule needs a directory.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Sorted entries of a directory that satisfy `keep`.
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    paths.sort();
    paths
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_document(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|x| x == "txt" || x == "md")
}

/// A document, or a directory of documents linted together (for the rules that compare a
/// department's reports of consecutive years): `<dir>.expected` holds the output of the run.
fn is_document_or_set(path: &Path) -> bool {
    is_document(path) || path.is_dir()
}

/// Run the rule alone over one document, from the document's directory.
fn lint_alone(dir: &Path, rule: &str, file: &str) -> Result<String, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args([
            "--isolated",
            "--select",
            rule,
            "--show-info",
            "--format",
            "short",
            "--fail-on",
            "never",
            file,
        ])
        .env_remove("NO_COLOR")
        .output()
        .map_err(|e| format!("cannot run budlint: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.code() != Some(0) {
        return Err(format!(
            "budlint exited with {:?} (expected 0 with --fail-on never)\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}

/// A line diff (longest common subsequence): `-` expected only, `+` actual only.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j] = length of the LCS of a[i..] and b[j..]
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "   {}", a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "  -{}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "  +{}", b[j]);
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n')
        && !expected.is_empty()
        && !actual.is_empty()
    {
        out.push_str("  (the final line break differs)\n");
    }
    out
}

#[test]
fn every_rule_fixture_matches_its_expected_output() {
    let root = fixtures_root();
    let bless = blessing();
    let mut failures: Vec<String> = Vec::new();
    let mut checked = 0;
    for rule_dir in entries(&root, |p| p.is_dir()) {
        let rule = file_name(&rule_dir);
        let (mut fires, mut silent) = (false, false);
        let documents = entries(&rule_dir, is_document_or_set);
        for document in &documents {
            let name = file_name(document);
            let expected_path = rule_dir.join(format!("{name}.expected"));
            let actual = match lint_alone(&rule_dir, &rule, &name) {
                Ok(actual) => actual,
                Err(e) => {
                    failures.push(format!("{rule}/{name}: {e}"));
                    continue;
                }
            };
            checked += 1;
            if bless {
                if let Err(e) = fs::write(&expected_path, &actual) {
                    failures.push(format!(
                        "{rule}/{name}: cannot write {}: {e}",
                        expected_path.display()
                    ));
                }
            } else {
                match fs::read_to_string(&expected_path) {
                    Ok(expected) if expected == actual => {}
                    Ok(expected) => failures.push(format!(
                        "{rule}/{name}: output differs from {name}.expected (- expected, + actual):\n{}",
                        diff(&expected, &actual)
                    )),
                    Err(_) => failures.push(format!(
                        "{rule}/{name}: missing {name}.expected\n  hint: run `BLESS=1 cargo test --test rule_fixtures` \
                         to write it, then check it by hand; the output is:\n{actual}"
                    )),
                }
            }
            // Judge fires/silent on what is (or is about to be) committed.
            let committed = fs::read_to_string(&expected_path).unwrap_or(actual);
            if committed.trim().is_empty() {
                silent = true;
            } else {
                fires = true;
            }
        }
        for orphan in entries(&rule_dir, |p| {
            p.extension().is_some_and(|x| x == "expected")
        }) {
            let source = orphan.with_extension("");
            if !source.exists() {
                failures.push(format!(
                    "{rule}/{}: expected output without a document",
                    file_name(&orphan)
                ));
            }
        }
        if !fires {
            failures.push(format!(
                "{rule}: no fixture the rule fires on (every .expected file is empty)"
            ));
        }
        if !silent {
            failures.push(format!(
                "{rule}: no fixture the rule stays silent on (add one whose .expected is empty)"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule fixture problem(s) ({checked} documents checked):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_builtin_rule_has_a_fixture_directory() {
    // Listed from a directory without budlint.toml, so only the built-ins appear.
    let empty = std::env::temp_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(&empty)
        .args(["--isolated", "rules", "--format", "json"])
        .output()
        .expect("run budlint rules");
    assert_eq!(
        output.status.code(),
        Some(0),
        "`budlint rules` failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rules: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("`budlint rules --format json` is JSON");
    let builtins: BTreeSet<String> = rules
        .as_array()
        .expect("a JSON array of rules")
        .iter()
        .filter(|r| r["builtin"] == true)
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    let dirs: BTreeSet<String> = entries(&fixtures_root(), |p| p.is_dir())
        .iter()
        .map(|p| file_name(p))
        .collect();
    let missing: Vec<&String> = builtins.difference(&dirs).collect();
    assert!(
        missing.is_empty(),
        "built-in rules without tests/fixtures/rules/<id>/: {missing:?}"
    );
    let unknown: Vec<&String> = dirs.difference(&builtins).collect();
    assert!(
        unknown.is_empty(),
        "fixture directories for no built-in rule: {unknown:?}"
    );
}

#[test]
fn diff_marks_changed_lines() {
    assert_eq!(diff("a\nb\nc\n", "a\nx\nc\n"), "   a\n  -b\n  +x\n   c\n");
    assert_eq!(diff("", "a\n"), "  +a\n");
}
