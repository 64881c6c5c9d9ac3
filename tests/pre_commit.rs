//! End-to-end test of the pre-commit hook in `.pre-commit-hooks.yaml`, with the real `pre-commit`:
//! `pre-commit try-repo` builds budlint the way pre-commit builds every Rust hook (`cargo install
//! --path .` into its own environment) and runs it on files of a temporary git repository.
//!
//! pre-commit is the command in `BUDLINT_PRE_COMMIT` (`.ci/run` installs a pinned version and
//! sets it), or `pre-commit` on `PATH`. Without one the test passes after printing that it was
//! skipped, unless `BUDLINT_REQUIRE_PRE_COMMIT=1` (set by `.ci/run`): then it fails.
//!
//! The hook repository handed to pre-commit is a snapshot of this checkout as `cargo test` sees
//! it (the tracked and the untracked, not ignored, files, committed in a temporary repository),
//! so uncommitted work, new files included, is what gets tested; in a clean checkout it is
//! `HEAD`. pre-commit builds in release mode; `CARGO_TARGET_DIR` points the build at
//! `target/tmp/pre-commit-cargo` so that later runs reuse the compiled dependencies. Both runs
//! still compile budlint itself, since every `try-repo` clones into a new directory.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const PRE_COMMIT_VAR: &str = "BUDLINT_PRE_COMMIT";
const REQUIRE_VAR: &str = "BUDLINT_REQUIRE_PRE_COMMIT";

/// Where the disclosures live in the test repository: names as a department would give them.
const DIR: &str = "2025年部门预算";
const REPORT_MD: &str = "2025年部门预算/屯留区医疗保障局2025年部门预算公开.md";
const NOTES_TXT: &str = "2025年部门预算/预算编制说明.txt";
const LIST_CSV: &str = "2025年部门预算/附件清单.csv";

const WATERMARK: &str = "仅供内部审核";

/// The opening of `fixtures/corpus/tunliu-2025-budget.md`, watermark included.
const REPORT: &str = "\
仅供内部审核

仅供内部审核

长治市屯留区医疗保障局

2025年度部门预算公开

仅供内部审核

## 第一部分 概况

### 一、本部门职责

(一) 组织实施全区医疗保险、生育保险等医疗保障制度的政策、规划和标准。制定医疗救助制度的政策、规划和标准，并组织实施。

(二) 组织实施全区医疗保障基金监督管理办法，建立健全医疗保障基金安全防控机制，推进医疗保障基金支付方式改革。

### 二、机构设置情况

根据部门职责分工，本部门内设机构包括综合办公室、医药管理和待遇保障股、基金监管股。本部门下属单位包括：长治市屯留区医疗保险管理服务中心。
";

/// Plain text as exported from a word processor, saved in GBK, with the watermark in a
/// paragraph.
const NOTES: &str = "\
三、支出预算情况说明

本部门2025年支出预算主要用于保障机构正常运转和完成医疗保障日常工作任务（仅供内部审核）。
";

/// Not a disclosure: the hook must not pass it to budlint, watermark or not.
const LIST: &str = "序号,附件,备注\n1,2025年部门预算公开,仅供内部审核\n";

#[test]
fn hook_refuses_a_watermark_and_passes_once_it_is_removed() {
    let Some(pre_commit) = find_pre_commit() else {
        return;
    };
    if !runs(Command::new("git").arg("--version")) {
        unavailable("git was not found");
        return;
    }
    let started = Instant::now();
    let scratch = tempfile::tempdir().expect("create a temporary directory");
    let hook_repo = scratch.path().join("budlint");
    snapshot_checkout(Path::new(env!("CARGO_MANIFEST_DIR")), &hook_repo);

    let work = scratch.path().join("work");
    fs::create_dir_all(work.join(DIR)).expect("create the test repository");
    git(&work, &["init", "--quiet"]);
    git(&work, &["config", "user.name", "budlint test"]);
    git(
        &work,
        &["config", "user.email", "budlint-test@example.invalid"],
    );
    write_documents(&work, true);
    git(&work, &["add", "--all"]);

    let home = scratch.path().join("pre-commit-home");
    let try_repo = |what: &str| {
        let run_started = Instant::now();
        let output = pre_commit_command(&pre_commit, &work, &home)
            .arg("try-repo")
            .arg(&hook_repo)
            .args(["budlint", "--color", "never", "--files"])
            .args([REPORT_MD, NOTES_TXT, LIST_CSV])
            .output()
            .expect("run pre-commit");
        note(&format!(
            "pre-commit try-repo ({what}): {:.0?}",
            run_started.elapsed()
        ));
        output
    };

    let failed = try_repo("with the watermark");
    let text = combined(&failed);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "pre-commit must fail the hook on a watermark:\n{text}"
    );
    assert!(text.contains("budlint"), "the hook is named:\n{text}");
    assert!(text.contains("Failed"), "the hook failed:\n{text}");
    assert!(
        text.contains("draft-watermark"),
        "the rule is shown:\n{text}"
    );
    assert!(
        text.contains(WATERMARK),
        "the matched text is shown:\n{text}"
    );
    assert!(
        text.contains(REPORT_MD),
        "the Markdown report is linted:\n{text}"
    );
    assert!(
        text.contains(NOTES_TXT),
        "the GBK text file is linted:\n{text}"
    );
    assert!(
        !text.contains(LIST_CSV),
        "a .csv file is not passed to budlint:\n{text}"
    );

    write_documents(&work, false);
    git(&work, &["add", "--all"]);
    let passed = try_repo("watermark removed");
    let text = combined(&passed);
    assert_eq!(
        passed.status.code(),
        Some(0),
        "pre-commit must pass once the watermark is gone:\n{text}"
    );
    assert!(text.contains("Passed"), "the hook passed:\n{text}");
    note(&format!(
        "pre-commit end-to-end test: {:.0?} in all",
        started.elapsed()
    ));
}

/// The pre-commit command to use, or `None` (after saying why) when there is none.
fn find_pre_commit() -> Option<OsString> {
    let (program, origin) = match env::var_os(PRE_COMMIT_VAR) {
        Some(program) if !program.is_empty() => (program, PRE_COMMIT_VAR),
        _ => (OsString::from("pre-commit"), "PATH"),
    };
    let version = Command::new(&program).arg("--version").output();
    match version {
        Ok(output) if output.status.success() => {
            let version = String::from_utf8_lossy(&output.stdout);
            note(&format!("using {} from {origin}", version.trim()));
            Some(program)
        }
        _ => {
            unavailable(&format!(
                "`{} --version` could not be run (from {origin})",
                program.to_string_lossy()
            ));
            None
        }
    }
}

/// Fail when the test is required, else say clearly that it was skipped.
fn unavailable(reason: &str) {
    if env::var_os(REQUIRE_VAR).is_some_and(|v| v == "1") {
        panic!("{REQUIRE_VAR}=1 but {reason}");
    }
    note(&format!(
        "SKIPPED the pre-commit end-to-end test: {reason}. Set {PRE_COMMIT_VAR} to a pre-commit \
         command or put pre-commit on PATH; `bash .ci/run` installs one and requires the test."
    ));
}

/// A line on the real stderr: the test harness captures `eprintln!` of passing tests, and the
/// skip notice and the timings must show in a plain `cargo test`.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "tests/pre_commit.rs: {line}");
}

/// Commit the files of the checkout at `source` (tracked, and untracked but not ignored, as
/// they are on disk) as the only commit of a new repository at `dest`.
fn snapshot_checkout(source: &Path, dest: &Path) {
    let mut list = Command::new("git");
    list.current_dir(source).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]);
    scrub(&mut list);
    let listed = run_ok(
        &mut list,
        "list the files of this checkout (is it a git checkout?)",
    );
    let listed = String::from_utf8(listed.stdout).expect("file names are UTF-8");
    for name in listed.split('\0').filter(|n| !n.is_empty()) {
        let from = source.join(name);
        // Deleted but still tracked: gone from the tree cargo builds, so from the snapshot too.
        if !from.is_file() {
            continue;
        }
        let to = dest.join(name);
        fs::create_dir_all(to.parent().expect("a file has a parent")).expect("create directory");
        fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
    git(dest, &["init", "--quiet"]);
    git(dest, &["add", "--all"]);
    git(
        dest,
        &[
            "-c",
            "user.name=budlint test",
            "-c",
            "user.email=budlint-test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "--no-verify",
            "--message",
            "snapshot of the checkout under test",
        ],
    );
}

/// The three documents, with the watermark or without it.
fn write_documents(work: &Path, watermarked: bool) {
    let clean = |text: &str| -> String {
        if watermarked {
            return text.to_string();
        }
        text.lines()
            .filter(|line| line.trim() != WATERMARK)
            .map(|line| line.replace("（仅供内部审核）", "") + "\n")
            .collect()
    };
    let report = clean(REPORT);
    let notes = clean(NOTES);
    assert_eq!(
        report.contains(WATERMARK) || notes.contains(WATERMARK),
        watermarked
    );
    fs::write(work.join(REPORT_MD), report).expect("write the report");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&notes);
    assert!(!unmappable, "the notes are GBK");
    fs::write(work.join(NOTES_TXT), gbk).expect("write the notes");
    fs::write(work.join(LIST_CSV), LIST).expect("write the list");
}

/// pre-commit in `work`, with its cache in `home` and nothing of the caller's git or
/// pre-commit state.
fn pre_commit_command(program: &OsString, work: &Path, home: &Path) -> Command {
    let mut command = Command::new(program);
    command.current_dir(work);
    scrub(&mut command);
    command
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", hook_target_dir());
    command
}

/// cargo's build directory for the hook: kept between runs, so only budlint is compiled again.
fn hook_target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-cargo")
}

/// Drop what would leak the caller's repository or pre-commit settings into the test: `GIT_DIR`
/// and friends (set when the tests run from a git hook), `SKIP`, `PRE_COMMIT_*`.
fn scrub(command: &mut Command) {
    for (key, _) in env::vars_os() {
        let key_text = key.to_string_lossy();
        if key_text.starts_with("GIT_") || key_text.starts_with("PRE_COMMIT") || key_text == "SKIP"
        {
            command.env_remove(&key);
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let mut command = Command::new("git");
    command.current_dir(dir).args(args);
    scrub(&mut command);
    run_ok(&mut command, &format!("git {}", args.join(" ")));
}

fn run_ok(command: &mut Command, what: &str) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        combined(&output)
    );
    output
}

fn runs(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

fn combined(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
