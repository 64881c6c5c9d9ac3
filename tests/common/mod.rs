//! Helpers shared by the integration tests.
//!
//! Each test crate compiles this module for itself and uses only part of it.
#![allow(dead_code)]

pub mod faults;
pub mod html;
pub mod metamorphic;

use std::path::Path;

use budlint::config::{CliOverrides, ConfigChoice, resolve};
use budlint::registry::Rule;
use budlint::source::SourceFile;
use rust_decimal::Decimal;

/// A file of the repository (`fixtures/corpus/…`), read and decoded as budlint reads it.
pub fn read(path: &str) -> SourceFile {
    SourceFile::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every real document, in every text shape the corpus holds (`fixtures/corpus/…`), sorted.
pub fn corpus_documents() -> Vec<String> {
    file_names("fixtures/corpus", "")
        .into_iter()
        .map(|name| format!("fixtures/corpus/{name}"))
        .collect()
}

/// The names of the files in the repository's directory `dir` that end in `suffix`, sorted.
pub fn file_names(dir: &str, suffix: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// `value` written as the document wrote the original: same decimals, thousands separators if
/// it had them (`16,390.41`).
pub fn written(value: Decimal, decimals: u32, grouped: bool) -> String {
    let mut v = value;
    v.rescale(decimals);
    let text = v.to_string();
    if !grouped {
        return text;
    }
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

/// The built-in rules of one kind (`table-sum`), as `--isolated --select KIND` would run them.
pub fn builtin_rules_of_kind(kind: &str) -> Vec<Rule> {
    builtin_rules_selected(&[kind])
}

/// The built-in rules `--select` would pick for these rule ids and kinds.
pub fn builtin_rules_selected(selectors: &[&str]) -> Vec<Rule> {
    isolated_rules(Some(selectors.iter().map(|s| s.to_string()).collect()))
}

/// Every built-in rule, as `--isolated` runs them.
pub fn builtin_rules() -> Vec<Rule> {
    isolated_rules(None)
}

fn isolated_rules(select: Option<Vec<String>>) -> Vec<Rule> {
    let cli = CliOverrides {
        select,
        ignore: Vec::new(),
    };
    resolve(&ConfigChoice::Isolated, &cli)
        .expect("built-in rules load")
        .rules
        .rules
}

/// Whether `BLESS` (set, not empty, not `0`) asks snapshot tests to rewrite their expected files.
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compare `actual` with the expected file at `path`, or write it there when blessing. Returns
/// what is wrong, if anything: a missing file, or the first differing stretch of lines.
/// `bless` is the command that rewrites the expected files, for the hint.
pub fn check_snapshot(path: &Path, actual: &str, bless: &str) -> Option<String> {
    let name = path.display();
    if blessing() {
        return std::fs::write(path, actual)
            .err()
            .map(|e| format!("{name}: cannot write: {e}"));
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!(
            "{name}: output differs (- expected, + actual); after checking, `{bless}` rewrites it\n{}",
            changed_lines(&expected, actual)
        )),
        Err(_) => Some(format!(
            "{name}: missing; `{bless}` writes it, then check it by hand. The output is:\n{actual}"
        )),
    }
}

/// The stretch between the common first and last lines of two texts, with line numbers, cut
/// to a screenful: enough to see what changed in a long snapshot.
pub fn changed_lines(expected: &str, actual: &str) -> String {
    const SHOWN: usize = 30;
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    for (sign, lines) in [("-", &a), ("+", &b)] {
        let changed = &lines[head..lines.len() - tail];
        for (i, line) in changed.iter().enumerate().take(SHOWN) {
            out.push_str(&format!("{sign}{:>5} {line}\n", head + i + 1));
        }
        if changed.len() > SHOWN {
            out.push_str(&format!(
                "{sign}      … {} more lines\n",
                changed.len() - SHOWN
            ));
        }
    }
    if out.is_empty() {
        out.push_str("  (only the final line break differs)\n");
    }
    out
}

/// The `--format short` findings of budlint on `document`, run in the repository's directory
/// `dir` with the built-in rules only and infos shown (`extra` adds arguments such as
/// `--select`); the run must not fail to read or configure.
pub fn lint_short(dir: &str, extra: &[&str], document: &str) -> String {
    let mut args = vec!["--show-info"];
    args.extend(extra);
    args.push(document);
    short_output(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &args)
}

/// budlint's `--format short` output on `args` (files and options), run in `dir` with the
/// built-in rules only and `--fail-on never`; the run must not fail to read or configure.
pub fn short_output<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args(["--isolated", "--format", "short", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("budlint runs");
    assert!(
        out.status.success(),
        "{:?}: {}",
        args.iter().map(AsRef::as_ref).collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
