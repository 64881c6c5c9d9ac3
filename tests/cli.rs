//! End-to-end tests of the `budlint` binary: encodings, unreadable paths, configuration and rule
//! file errors, selection, exit codes, the `rules` and `explain` commands, and determinism.
//!
//! Each test works in its own temporary directory with its own rule directory, so the tests do
//! not depend on the built-in rules, and never on a `budlint.toml` outside the directory.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// A rule file of kind `pattern` reporting `literal` at `severity`.
fn rule_file(id: &str, severity: &str, literal: &str) -> String {
    format!(
        r#"id = "{id}"
kind = "pattern"
severity = "{severity}"
summary = "test rule {id}"
explanation = """
Finds {literal} in a test document."""

[message]
zh = "发现“{{matched}}”"
en = "found `{{matched}}`"

[params]
literals = ["{literal}"]
"#
    )
}

/// A project with three test rules (error, warning, info) and a `budlint.toml` selecting them.
fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let rules = dir.path().join("test-rules");
    fs::create_dir(&rules).expect("create the rule directory");
    write(
        &rules.join("marker.toml"),
        &rule_file("test-marker", "error", "仅供内部审核"),
    );
    write(
        &rules.join("warn.toml"),
        &rule_file("test-warn", "warning", "注意事项"),
    );
    write(
        &rules.join("hint.toml"),
        &rule_file("test-hint", "info", "提示信息"),
    );
    write(
        &dir.path().join("budlint.toml"),
        "rule-dirs = [\"test-rules\"]\nselect = [\"test-marker\", \"test-warn\", \"test-hint\"]\n",
    );
    dir
}

fn write(path: &Path, text: &str) {
    write_bytes(path, text.as_bytes());
}

fn write_bytes(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent directory");
    }
    fs::write(path, bytes).expect("write test file");
}

fn budlint(dir: &Path, args: &[&str]) -> Output {
    budlint_env(dir, args, &[])
}

fn budlint_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_budlint"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run budlint")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("budlint exited normally")
}

/// A paragraph of prose that carries `marker`.
fn prose(marker: &str) -> String {
    format!("一、部门概况\n\n本部门负责全区医疗保障工作，本文{marker}，请核对。\n")
}

// ---------------------------------------------------------------------------------------------
// Encodings and line ends
// ---------------------------------------------------------------------------------------------

#[test]
fn gbk_file_is_decoded_and_positions_count_characters() {
    let dir = project();
    let text = prose("仅供内部审核");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    write_bytes(&dir.path().join("gbk.txt"), &bytes);
    let output = budlint(
        dir.path(),
        &["--format", "short", "--lang", "en", "gbk.txt"],
    );
    assert_eq!(
        stdout(&output),
        "gbk.txt:3:17: error[test-marker] found `仅供内部审核`\n"
    );
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
}

#[test]
fn utf16_file_with_bom_is_decoded() {
    let dir = project();
    for (name, bom, little_endian) in [
        ("le.txt", [0xFF, 0xFE], true),
        ("be.txt", [0xFE, 0xFF], false),
    ] {
        let mut bytes = bom.to_vec();
        for unit in prose("仅供内部审核").encode_utf16() {
            bytes.extend_from_slice(&if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        write_bytes(&dir.path().join(name), &bytes);
    }
    let output = budlint(
        dir.path(),
        &["--format", "short", "--lang", "en", "le.txt", "be.txt"],
    );
    assert_eq!(
        stdout(&output),
        "be.txt:3:17: error[test-marker] found `仅供内部审核`\n\
         le.txt:3:17: error[test-marker] found `仅供内部审核`\n"
    );
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
}

#[test]
fn crlf_line_ends_keep_lines_and_columns() {
    let dir = project();
    write(
        &dir.path().join("crlf.txt"),
        &prose("仅供内部审核").replace('\n', "\r\n"),
    );
    let output = budlint(
        dir.path(),
        &["--format", "short", "--lang", "en", "crlf.txt"],
    );
    assert_eq!(
        stdout(&output),
        "crlf.txt:3:17: error[test-marker] found `仅供内部审核`\n"
    );

    let output = budlint(dir.path(), &["--format", "json", "crlf.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["line"], 3);
    assert_eq!(diagnostic["column"], 17);
    assert_eq!(diagnostic["end_line"], 3);
    assert_eq!(diagnostic["end_column"], 23);
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be linted
// ---------------------------------------------------------------------------------------------

#[test]
fn binary_file_is_reported_and_other_files_still_linted() {
    let dir = project();
    write_bytes(
        &dir.path().join("scan.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    write(&dir.path().join("good.txt"), &prose("仅供内部审核"));
    let output = budlint(dir.path(), &["--format", "short", "--lang", "en", "."]);
    assert_eq!(
        stdout(&output),
        "good.txt:3:17: error[test-marker] found `仅供内部审核`\n"
    );
    assert_eq!(
        stderr(&output),
        "error: scan.txt: binary file (contains NUL bytes), not a text disclosure\n"
    );
    assert_eq!(code(&output), 2);
}

#[test]
fn undecodable_file_is_reported() {
    let dir = project();
    // Invalid in UTF-8 and in GB18030 (0xFF never starts a GB18030 sequence).
    write_bytes(&dir.path().join("bad.txt"), b"abc \xff\xff def\n");
    let output = budlint(dir.path(), &["bad.txt"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with("error: bad.txt: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn empty_file_is_linted_without_diagnostics() {
    let dir = project();
    write(&dir.path().join("empty.txt"), "");
    let output = budlint(dir.path(), &["--format", "json", "empty.txt"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
    assert_eq!(json["version"], 1);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn nonexistent_path_is_a_read_error() {
    let dir = project();
    write(
        &dir.path().join("good.txt"),
        "本部门负责全区医疗保障工作。\n",
    );
    let output = budlint(dir.path(), &["missing.txt", "good.txt"]);
    assert_eq!(
        stderr(&output),
        "error: missing.txt: no such file or directory (or a broken link)\n"
    );
    assert_eq!(code(&output), 2);
}

#[cfg(unix)]
#[test]
fn broken_symlink_found_while_walking_is_a_read_error() {
    let dir = project();
    write(&dir.path().join("docs/good.txt"), &prose("仅供内部审核"));
    std::os::unix::fs::symlink(
        dir.path().join("gone.txt"),
        dir.path().join("docs/link.txt"),
    )
    .expect("create a broken symbolic link");
    let output = budlint(dir.path(), &["--format", "short", "docs"]);
    assert_eq!(
        stderr(&output),
        "error: docs/link.txt: no such file or directory (or a broken link)\n"
    );
    assert!(
        stdout(&output).starts_with("docs/good.txt:3:17: error[test-marker]"),
        "{}",
        stdout(&output)
    );
    assert_eq!(code(&output), 2);
}

#[cfg(unix)]
#[test]
fn symlinked_directory_loop_does_not_trap_the_walk() {
    let dir = project();
    write(&dir.path().join("docs/a.txt"), &prose("仅供内部审核"));
    std::os::unix::fs::symlink(dir.path().join("docs"), dir.path().join("docs/loop"))
        .expect("create a directory link");
    let output = budlint(dir.path(), &["--format", "short", "docs"]);
    assert_eq!(stdout(&output).lines().count(), 1, "{}", stdout(&output));
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
}

// ---------------------------------------------------------------------------------------------
// Walking directories
// ---------------------------------------------------------------------------------------------

#[test]
fn walking_uses_include_exclude_and_skips_hidden_and_target() {
    let dir = project();
    for name in [
        "a.txt",
        "b.md",
        "c.csv",
        "drafts/d.txt",
        ".git/e.txt",
        "target/f.txt",
        "sub/.hidden.txt",
        "sub/g.txt",
        "sub/README.md",
        "CHANGELOG.md",
        "sub/readme.txt",
    ] {
        write(&dir.path().join(name), &prose("仅供内部审核"));
    }
    let config = dir.path().join("budlint.toml");
    let mut text = fs::read_to_string(&config).expect("read config");
    text.push_str("exclude = [\"drafts/**\"]\n");
    write(&config, &text);
    let output = budlint(dir.path(), &["--format", "short"]);
    let out = stdout(&output);
    let files: Vec<&str> = out.lines().filter_map(|l| l.split(':').next()).collect();
    assert_eq!(files, ["a.txt", "b.md", "sub/g.txt"]);

    // An explicit file is linted whatever its extension or name, even when excluded.
    let output = budlint(
        dir.path(),
        &[
            "--format",
            "short",
            "c.csv",
            "drafts/d.txt",
            "sub/README.md",
        ],
    );
    assert_eq!(stdout(&output).lines().count(), 3, "{}", stdout(&output));
}

// ---------------------------------------------------------------------------------------------
// Configuration errors
// ---------------------------------------------------------------------------------------------

#[test]
fn config_syntax_error_points_at_its_line() {
    let dir = project();
    write(
        &dir.path().join("budlint.toml"),
        "select = [\"test-marker\"\nignore = []\n",
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: invalid array\n  \
         --> budlint.toml:2:1\n  \
         |\n\
         2 | ignore = []\n  \
         | ^ expected `]`\n\n"
    );
}

#[test]
fn config_unknown_key_points_at_the_key() {
    let dir = project();
    write(
        &dir.path().join("budlint.toml"),
        "rule-dirs = [\"test-rules\"]\nexlude = [\"drafts/**\"]\n",
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: unknown key `exlude` in budlint.toml\n  \
         --> budlint.toml:2:1\n  \
         |\n\
         2 | exlude = [\"drafts/**\"]\n  \
         | ^^^^^^ unknown key\n  \
         |\n  \
         = note: expected one of: select, ignore, extend-select, include, exclude, rule-dirs, \
         severity, rules, per-file-ignores, pdftotext\n  \
         = help: did you mean `exclude`?\n\n"
    );
}

#[test]
fn config_unknown_rule_id_is_an_error() {
    let dir = project();
    write(
        &dir.path().join("budlint.toml"),
        "rule-dirs = [\"test-rules\"]\n[severity]\ntest-markr = \"warning\"\n",
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: unknown rule or kind `test-markr`\n  --> budlint.toml:3:1\n"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `test-marker`?"), "{err}");
}

#[test]
fn config_parameter_override_error_points_at_budlint_toml() {
    let dir = project();
    write(
        &dir.path().join("budlint.toml"),
        "rule-dirs = [\"test-rules\"]\n[rules.test-marker]\nscope = \"margins\"\n",
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: invalid parameter for rule `test-marker`: "),
        "{err}"
    );
    assert!(err.contains("--> budlint.toml:3:1\n"), "{err}");
}

#[test]
fn malformed_rule_file_in_a_rule_dir_stops_with_status_2() {
    let dir = project();
    let broken = rule_file("test-broken", "fatal", "x");
    write(&dir.path().join("test-rules/broken.toml"), &broken);
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: unknown severity `fatal`\n  \
         --> test-rules/broken.toml:3:12\n  \
         |\n\
         3 | severity = \"fatal\"\n  \
         |            ^^^^^^^ unknown severity\n  \
         |\n  \
         = note: expected one of: error, warning, info\n\n"
    );
}

#[test]
fn bad_rule_parameter_points_at_the_parameter() {
    let dir = project();
    let broken = rule_file("test-broken", "error", "x")
        .replace("literals = [\"x\"]", "literals = [\"x\"]\nscope = 3");
    write(&dir.path().join("test-rules/broken.toml"), &broken);
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: invalid parameter for rule `test-broken`: "),
        "{err}"
    );
    assert!(err.contains("--> test-rules/broken.toml:14:1\n"), "{err}");
    assert!(err.contains("14 | scope = 3\n"), "{err}");
}

#[test]
fn rule_file_syntax_error_and_unknown_key() {
    let dir = project();
    write(
        &dir.path().join("test-rules/broken.toml"),
        "id = \"x\"\nkind = \n",
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--> test-rules/broken.toml:2:"),
        "{}",
        stderr(&output)
    );

    let broken = rule_file("test-broken", "error", "x").replace("summary", "sumary");
    write(&dir.path().join("test-rules/broken.toml"), &broken);
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "error: unknown key `sumary` in rule file\n  --> test-rules/broken.toml:4:1\n"
        ),
        "{err}"
    );
}

#[test]
fn duplicate_rule_id_is_an_error() {
    let dir = project();
    write(
        &dir.path().join("test-rules/again.toml"),
        &rule_file("test-marker", "error", "x"),
    );
    let output = budlint(dir.path(), &["--color", "never"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("error: duplicate rule id `test-marker`\n"),
        "{err}"
    );
    assert!(
        err.contains("= note: first defined in test-rules/"),
        "{err}"
    );
}

#[test]
fn config_is_found_from_a_subdirectory_and_isolated_ignores_it() {
    let dir = project();
    write(&dir.path().join("sub/a.txt"), &prose("仅供内部审核"));
    let output = budlint(
        &dir.path().join("sub"),
        &["--format", "short", "--lang", "en"],
    );
    assert_eq!(
        stdout(&output),
        "a.txt:3:17: error[test-marker] found `仅供内部审核`\n"
    );

    // Without the configuration the test rules do not exist: selecting one is an error.
    let output = budlint(
        &dir.path().join("sub"),
        &["--isolated", "--select", "test-marker"],
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("unknown rule or kind `test-marker`"),
        "{}",
        stderr(&output)
    );

    // --config names a file explicitly.
    let output = budlint(
        dir.path(),
        &["--config", "budlint.toml", "--format", "short", "sub"],
    );
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
}

// ---------------------------------------------------------------------------------------------
// Selection, severities and exit codes
// ---------------------------------------------------------------------------------------------

/// A file with one finding of each test rule.
fn three_findings(dir: &Path) {
    write(
        &dir.join("doc.txt"),
        "一、部门概况\n\n本文仅供内部审核。\n\n二、注意事项说明\n\n以下为提示信息，不影响审核。\n",
    );
}

fn rules_reported(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|l| {
            l.split('[')
                .nth(1)
                .and_then(|r| r.split(']').next())
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn fail_on_decides_the_exit_status() {
    let dir = project();
    three_findings(dir.path());
    let run = |args: &[&str]| {
        let mut all = vec!["--format", "short"];
        all.extend_from_slice(args);
        budlint(dir.path(), &all)
    };
    assert_eq!(code(&run(&[])), 1);
    assert_eq!(code(&run(&["--fail-on", "never"])), 0);
    assert_eq!(code(&run(&["--ignore", "test-marker"])), 0);
    assert_eq!(
        code(&run(&["--ignore", "test-marker", "--fail-on", "warning"])),
        1
    );
    assert_eq!(
        code(&run(&["--select", "test-hint", "--fail-on", "warning"])),
        0
    );
    assert_eq!(
        code(&run(&["--select", "test-hint", "--fail-on", "info"])),
        1
    );
}

#[test]
fn info_is_shown_only_on_request() {
    let dir = project();
    three_findings(dir.path());
    let output = budlint(dir.path(), &["--format", "short"]);
    assert_eq!(rules_reported(&output), ["test-marker", "test-warn"]);
    let output = budlint(dir.path(), &["--format", "short", "--show-info"]);
    assert_eq!(
        rules_reported(&output),
        ["test-marker", "test-warn", "test-hint"]
    );
    let output = budlint(dir.path(), &["--format", "short", "--fail-on", "info"]);
    assert_eq!(
        rules_reported(&output),
        ["test-marker", "test-warn", "test-hint"]
    );
}

#[test]
fn cli_select_and_ignore_override_the_config() {
    let dir = project();
    three_findings(dir.path());
    let output = budlint(
        dir.path(),
        &[
            "--format",
            "short",
            "--select",
            "test-warn,test-hint",
            "--show-info",
        ],
    );
    assert_eq!(rules_reported(&output), ["test-warn", "test-hint"]);
    let output = budlint(dir.path(), &["--format", "short", "--ignore", "test-warn"]);
    assert_eq!(rules_reported(&output), ["test-marker"]);
    // A kind selects (or ignores) every rule of that kind.
    let output = budlint(dir.path(), &["--format", "short", "--ignore", "pattern"]);
    assert_eq!(rules_reported(&output), Vec::<String>::new());
    let output = budlint(dir.path(), &["--select", "test-wran"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "error: unknown rule or kind `test-wran` (in `--select`)\n = help: did you mean `test-warn`?\n\n"
    );
}

#[test]
fn config_severity_ignore_and_per_file_ignores() {
    let dir = project();
    three_findings(dir.path());
    write(&dir.path().join("archive/old.txt"), &prose("仅供内部审核"));
    write(
        &dir.path().join("budlint.toml"),
        "rule-dirs = [\"test-rules\"]\n\
         select = [\"test-marker\", \"test-warn\", \"test-hint\"]\n\
         ignore = [\"test-hint\"]\n\
         [severity]\n\
         test-marker = \"warning\"\n\
         test-warn = \"off\"\n\
         [per-file-ignores]\n\
         \"archive/*.txt\" = [\"test-marker\"]\n",
    );
    let output = budlint(
        dir.path(),
        &["--format", "short", "--show-info", "--lang", "en"],
    );
    assert_eq!(
        stdout(&output),
        "doc.txt:3:3: warning[test-marker] found `仅供内部审核`\n"
    );
    assert_eq!(code(&output), 0);
}

// ---------------------------------------------------------------------------------------------
// `rules` and `explain`
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_lists_default_and_effective_severity() {
    let dir = project();
    let mut text = fs::read_to_string(dir.path().join("budlint.toml")).expect("read config");
    text.push_str("[severity]\ntest-warn = \"error\"\n");
    write(&dir.path().join("budlint.toml"), &text);
    let output = budlint(dir.path(), &["rules", "--lang", "en"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let out = stdout(&output);
    let header = out.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("ID") && header.contains("SUMMARY"),
        "{out}"
    );
    let warn = out
        .lines()
        .find(|l| l.starts_with("test-warn "))
        .unwrap_or_default();
    let columns: Vec<&str> = warn.split_whitespace().collect();
    assert_eq!(
        columns[..5],
        ["test-warn", "pattern", "warning", "error", "yes"],
        "{out}"
    );

    let output = budlint(dir.path(), &["rules", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
    let rules = json.as_array().expect("an array of rules");
    let warn = rules
        .iter()
        .find(|r| r["id"] == "test-warn")
        .expect("test-warn listed");
    assert_eq!(warn["kind"], "pattern");
    assert_eq!(warn["default_severity"], "warning");
    assert_eq!(warn["severity"], "error");
    assert_eq!(warn["enabled"], true);
    assert_eq!(warn["summary"], "test rule test-warn");
    // The built-in rules are there as well (not selected by this configuration).
    assert!(
        rules
            .iter()
            .any(|r| r["builtin"] == true && r["enabled"] == false)
            || rules.len() == 3
    );
}

#[test]
fn explain_shows_the_rule() {
    let dir = project();
    let output = budlint(dir.path(), &["explain", "test-warn", "--lang", "en"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let out = stdout(&output);
    for expected in [
        "test-warn\n",
        "kind:      pattern\n",
        "severity:  warning (default warning)\n",
        "summary:   test rule test-warn\n",
        "Finds 注意事项 in a test document.\n",
        "params:\n  literals = [\"注意事项\"]\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }

    let output = budlint(dir.path(), &["--color", "never", "explain", "test-wrn"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with("error: unknown rule `test-wrn`\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_builtin_rule_loads() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let output = budlint(dir.path(), &["--isolated", "rules", "--format", "json"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
    for rule in json.as_array().expect("an array of rules") {
        let id = rule["id"].as_str().unwrap_or_default();
        let output = budlint(dir.path(), &["--isolated", "explain", id]);
        assert_eq!(code(&output), 0, "explain {id}: {}", stderr(&output));
    }
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = project();
    for i in 0..24 {
        let text = format!(
            "{}\n本段提示信息{i}。注意事项{i}。\n",
            prose("仅供内部审核").repeat(1 + i % 3)
        );
        write(&dir.path().join(format!("d{}/f{i:02}.txt", i % 4)), &text);
    }
    for format in ["short", "json", "human"] {
        let args = ["--format", format, "--show-info", "--color", "never"];
        let one = budlint_env(dir.path(), &args, &[("RAYON_NUM_THREADS", "1")]);
        let two = budlint_env(dir.path(), &args, &[("RAYON_NUM_THREADS", "2")]);
        assert_eq!(code(&one), 1, "stderr: {}", stderr(&one));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            stdout(&one),
            stdout(&two),
            "{format} output differs between 1 and 2 threads"
        );
    }
}

/// The note of `breakdown-change-sum` adds the parts' changes as written: a part `与上年持平`
/// shows as unchanged, not as `0万元`.
#[test]
fn a_part_unchanged_on_last_year_is_shown_as_such_in_the_change_sum_note() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/breakdown-change-sum");
    let output = budlint(
        &dir,
        &[
            "--isolated",
            "--select",
            "breakdown-change-sum",
            "--fail-on",
            "never",
            "three-public-and-totals-wrong.md",
        ],
    );
    let text = stdout(&output);
    assert!(
        text.contains("= note: 0（持平） 0（持平） +30.00万元 -5.00万元 = +25.00万元"),
        "{text}"
    );
    assert!(!text.contains(" 0万元"), "{text}");
}
