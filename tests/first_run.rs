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
    assert!(out(&output).contains("基线 bom.json 记录的 1 条发现未显示"));

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

#[test]
fn the_first_screen_shows_errors_once_each_and_the_summary_follows_lang() {
    let dir = dir();
    // `a.txt` sorts first and has a warning only; `b.txt` has a watermark on each of 3 pages.
    fs::write(dir.path().join("a.txt"), "本部门无预算。。\n").expect("write");
    fs::write(
        dir.path().join("b.txt"),
        "仅供内部审核\n正文\n\u{c}仅供内部审核\n\u{c}仅供内部审核\n",
    )
    .expect("write");
    let output = budlint(dir.path(), &["--isolated", "--color", "never", "."]);
    assert_eq!(output.status.code(), Some(1));
    let text = out(&output);
    let headers: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .collect();
    assert_eq!(headers.len(), 2, "one block per distinct finding:\n{text}");
    assert!(headers[0].starts_with("error[draft-watermark]"), "{text}");
    assert!(
        headers[1].starts_with("warning[doubled-punctuation]"),
        "{text}"
    );
    assert!(
        text.contains(
            "the same finding 2 more times in this file, at lines 3 (page 2), 4 (page 3)"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("发现 3 个错误和 1 个警告（2 个文件）\n"),
        "{text}"
    );
    let english = out(&budlint(dir.path(), &["--isolated", "--lang", "en", "."]));
    assert!(
        english.ends_with("found 3 errors and 1 warning in 2 files\n"),
        "{english}"
    );
    // The short format stays one line per finding.
    let short = out(&budlint(
        dir.path(),
        &["--isolated", "--format", "short", "."],
    ));
    assert_eq!(short.lines().count(), 4, "{short}");
}

#[test]
fn markdown_code_is_not_linted_as_prose() {
    let dir = dir();
    let text = "\
# 说明

草稿带有水印 `仅供内部审核`，发布前须删除。

```text
仅供内部审核
<!-- budlint-disable-next-line draft-watermark -->
```

~~~
（征求意见稿）
~~~

仅供内部审核
";
    fs::write(dir.path().join("readme.md"), text).expect("write");
    let output = budlint(
        dir.path(),
        &[
            "--isolated",
            "--show-info",
            "--format",
            "short",
            "readme.md",
        ],
    );
    // Only the watermark in the text itself, on the last line: nothing from the code, and no
    // unused or misplaced suppression for the comment shown in the example.
    assert_eq!(
        out(&output),
        "readme.md:14:1: error[draft-watermark] 文中仍有草稿水印或草稿标记“仅供内部审核”\n"
    );
}

#[test]
fn rules_explain_and_statistics_follow_lang() {
    let dir = dir();
    fs::write(dir.path().join("a.txt"), "仅供内部审核\n").expect("write");
    let in_lang = |lang: &str, args: &[&str]| {
        out(&budlint(
            dir.path(),
            &[&["--isolated", "--lang", lang][..], args].concat(),
        ))
    };
    let rules = |lang| in_lang(lang, &["rules"]);
    assert!(rules("zh").starts_with("规则 "), "{}", rules("zh"));
    assert!(rules("en").starts_with("ID "), "{}", rules("en"));
    let explain = |lang| in_lang(lang, &["explain", "draft-watermark"]);
    let zh = explain("zh");
    assert!(zh.contains("\n级别：error（默认 error）\n"), "{zh}");
    assert!(explain("en").contains("\nseverity:  error (default error)\n"));
    let statistics = |lang| in_lang(lang, &["--statistics", "a.txt"]);
    let zh = statistics("zh");
    assert!(zh.starts_with("1  draft-watermark  错误  "), "{zh}");
    let en = statistics("en");
    assert!(en.starts_with("1  draft-watermark  error  "), "{en}");
    // The rules' own summaries follow too, where the rule file gives a Chinese one.
    assert!(zh.contains("文中仍有草稿水印或草稿标记"), "{zh}");
    assert!(en.contains("A draft watermark or draft marker"), "{en}");
    assert!(explain("zh").contains("说明：文中仍有草稿水印或草稿标记"));
    let rules_zh = rules("zh");
    assert!(rules_zh.contains("科目编码书写不规范"), "{rules_zh}");
    assert!(!rules_zh.contains("A draft watermark"), "{rules_zh}");
}
