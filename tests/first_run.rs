//! What a new user meets in the first five minutes: runs that lint nothing are not green, every
//! error names the file it is about, standard input, `explain` on a kind, the output in the
//! chosen language, and the human output showing what matters most first.
//!
//! Each test runs the binary in its own temporary directory with the built-in rules.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn budlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run budlint")
}

fn budlint_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run budlint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait for budlint")
}

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn dir() -> TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn a_missing_file_is_an_error_without_a_summary_of_nothing() {
    let dir = dir();
    let output = budlint(dir.path(), &["--isolated", "nosuch.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        out(&output),
        "",
        "nothing on stdout: no 'no problems found in 0 files'"
    );
    assert!(err(&output).contains("error: nosuch.txt: no such file"));
}

#[test]
fn an_empty_or_mistyped_directory_is_not_a_clean_run() {
    let dir = dir();
    fs::create_dir(dir.path().join("empty")).expect("mkdir");
    fs::write(dir.path().join("empty/notes.docx"), "not linted").expect("write");
    let output = budlint(dir.path(), &["--isolated", "empty"]);
    assert_eq!(output.status.code(), Some(2), "{}", out(&output));
    assert!(
        err(&output).contains("no file to lint in empty"),
        "{}",
        err(&output)
    );
    assert!(!out(&output).contains("no problems found"));
}

#[test]
fn a_selection_leaving_no_rule_is_refused() {
    let dir = dir();
    fs::write(dir.path().join("a.txt"), "仅供内部审核\n").expect("write");
    let output = budlint(
        dir.path(),
        &[
            "--isolated",
            "--select",
            "draft-watermark",
            "--ignore",
            "draft-watermark",
            "a.txt",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(err(&output).contains("no rule runs"), "{}", err(&output));
    // One rule left is a normal run.
    let output = budlint(
        dir.path(),
        &["--isolated", "--select", "draft-watermark", "a.txt"],
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn errors_in_another_configuration_file_name_it() {
    let dir = dir();
    fs::write(dir.path().join("other.toml"), "selct = []\n").expect("write");
    fs::write(dir.path().join("a.txt"), "正文\n").expect("write");
    let output = budlint(dir.path(), &["--config", "other.toml", "a.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let err = err(&output);
    assert!(err.contains("unknown key `selct` in other.toml"), "{err}");
    assert!(err.contains("--> other.toml:1:1"), "{err}");
    assert!(!err.contains("budlint.toml"), "{err}");
}

#[test]
fn a_baseline_with_a_bom_is_read_and_a_wrong_shape_is_explained() {
    let dir = dir();
    fs::write(dir.path().join("a.txt"), "仅供内部审核\n").expect("write");
    let written = budlint(
        dir.path(),
        &["--isolated", "--write-baseline", "base.json", "a.txt"],
    );
    assert_eq!(written.status.code(), Some(0), "{}", err(&written));
    let json = fs::read_to_string(dir.path().join("base.json")).expect("baseline");
    fs::write(dir.path().join("bom.json"), format!("\u{feff}{json}")).expect("write");
    let output = budlint(
        dir.path(),
        &["--isolated", "--baseline", "bom.json", "a.txt"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert!(out(&output).contains("1 finding in the baseline bom.json not shown"));

    fs::write(dir.path().join("list.json"), "[]\n").expect("write");
    let output = budlint(
        dir.path(),
        &["--isolated", "--baseline", "list.json", "a.txt"],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = err(&output);
    assert!(
        err.contains("baseline list.json is not valid: it holds an array"),
        "{err}"
    );
    assert!(err.contains("--write-baseline"), "{err}");
}

#[test]
fn explain_and_init_refuse_a_format() {
    let dir = dir();
    for args in [
        &["explain", "draft-watermark", "--format", "json"][..],
        &["init", "--format", "short"][..],
    ] {
        let output = budlint(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            err(&output).contains("has no output formats"),
            "{}",
            err(&output)
        );
    }
    assert!(
        !dir.path().join("budlint.toml").exists(),
        "init wrote nothing"
    );
    let output = budlint(dir.path(), &["explain", "draft-watermark"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn standard_input_is_linted_under_its_given_name() {
    let dir = dir();
    let output = budlint_with_stdin(
        dir.path(),
        &["--isolated", "--format", "short", "-"],
        "说明\n仅供内部审核\n".as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        out(&output),
        "<stdin>:2:1: error[draft-watermark] 文中仍有草稿水印或草稿标记“仅供内部审核”\n"
    );
    // The name given is shown and matched against per-file-ignores.
    fs::write(
        dir.path().join("budlint.toml"),
        "[per-file-ignores]\n\"drafts/*.txt\" = [\"draft-watermark\"]\n",
    )
    .expect("write");
    let ignored = budlint_with_stdin(
        dir.path(),
        &["--format", "short", "--stdin-filename", "drafts/a.txt", "-"],
        "仅供内部审核\n".as_bytes(),
    );
    assert_eq!(ignored.status.code(), Some(0), "{}", out(&ignored));
    let shown = budlint_with_stdin(
        dir.path(),
        &["--format", "short", "--stdin-filename", "final/a.txt", "-"],
        "仅供内部审核\n".as_bytes(),
    );
    assert!(out(&shown).starts_with("final/a.txt:1:1: error[draft-watermark]"));
}

#[test]
fn explain_a_kind_lists_its_rules() {
    let dir = dir();
    let output = budlint(dir.path(), &["--isolated", "explain", "table-sum"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    let text = out(&output);
    assert!(text.starts_with("table-sum (a rule kind)\n"), "{text}");
    // Every rule of the kind, as `budlint rules` lists them, and no other.
    let rules = out(&budlint(
        dir.path(),
        &["--isolated", "rules", "--format", "json"],
    ));
    let rules: serde_json::Value = serde_json::from_str(&rules).expect("rules JSON");
    for rule in rules.as_array().expect("an array") {
        let id = rule["id"].as_str().expect("id");
        let listed = text
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{id} ")));
        assert_eq!(listed, rule["kind"] == "table-sum", "{id} in:\n{text}");
    }
    let unknown = budlint(dir.path(), &["--isolated", "explain", "table-summ"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(err(&unknown).contains("unknown rule `table-summ`"));
}

#[test]
fn every_explanation_has_the_same_markdown_headings() {
    let dir = dir();
    let rules = out(&budlint(
        dir.path(),
        &["--isolated", "rules", "--format", "json"],
    ));
    let rules: serde_json::Value = serde_json::from_str(&rules).expect("rules JSON");
    for rule in rules.as_array().expect("an array") {
        let id = rule["id"].as_str().expect("id");
        let text = out(&budlint(dir.path(), &["--isolated", "explain", id]));
        for heading in ["## What it does\n", "## Why is this bad?\n", "## Example\n"] {
            assert!(text.contains(heading), "{id}: no {heading:?}");
        }
        // The other way of writing them: a bare heading line over an indented body.
        for bare in ["\nWhat it does\n", "\nWhy is this bad?\n", "\nExample\n"] {
            assert!(!text.contains(bare), "{id}: {bare:?} without ##");
        }
    }
}
