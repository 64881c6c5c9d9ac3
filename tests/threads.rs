//! The output does not depend on the number of threads: `--threads 1` and `--threads 4` give
//! the same bytes in every format, over the corpus, the layout probes and a pair of consecutive
//! years (whose findings across documents are made after every file is checked), and reports
//! come in path order.

use std::path::Path;
use std::process::{Command, Output};

fn budlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("budlint runs")
}

/// A directory with tunliu's 2025 budget and the same budget moved on to 2026 (every year one
/// later): the 2026 copy restates 2025's paragraphs and its 比上年 figures no longer match.
fn consecutive_years(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("fixtures/corpus/tunliu-2025-budget.md"))
        .expect("tunliu 2025");
    std::fs::write(dir.join("a-2025.md"), &text).expect("written");
    let moved = text.replace("2025", "2026").replace("2024", "2025");
    std::fs::write(dir.join("b-2026.md"), moved).expect("written");
}

#[test]
fn one_thread_and_four_give_the_same_output_in_every_format() {
    let years = tempfile::tempdir().expect("temp dir");
    consecutive_years(years.path());
    let years_dir = years.path().to_str().expect("UTF-8 path");
    let paths = ["fixtures/corpus", "fixtures/layouts", years_dir];
    let formats: [&[&str]; 9] = [
        &["--format", "human"],
        &["--format", "short"],
        &["--format", "json"],
        &["--format", "sarif"],
        &["--format", "github"],
        &["--format", "junit"],
        &["--format", "html"],
        &["--statistics"],
        &["--statistics", "--format", "json"],
    ];
    for format in formats {
        let run = |threads: &str| {
            let mut args = vec!["--isolated", "--show-info", "--threads", threads];
            args.extend_from_slice(format);
            args.extend_from_slice(&paths);
            budlint(&args)
        };
        let (one, four) = (run("1"), run("4"));
        assert_eq!(
            one.status.code(),
            Some(1),
            "{format:?}: the corpus has errors"
        );
        assert_eq!(one.status.code(), four.status.code(), "{format:?}");
        assert!(!one.stdout.is_empty(), "{format:?}");
        assert!(
            one.stdout == four.stdout,
            "{format:?}: the output differs between 1 and 4 threads"
        );
    }
}

#[test]
fn findings_across_years_and_file_order_survive_streaming() {
    let years = tempfile::tempdir().expect("temp dir");
    consecutive_years(years.path());
    let years_dir = years.path().to_str().expect("UTF-8 path");
    let out = budlint(&[
        "--isolated",
        "--format",
        "short",
        "--threads",
        "2",
        "fixtures/corpus",
        years_dir,
    ]);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // The 2026 copy is checked against 2025: its restated paragraph and its 比上年 figures.
    let newer: Vec<&str> = text.lines().filter(|l| l.contains("b-2026.md")).collect();
    assert!(
        newer
            .iter()
            .any(|l| l.contains("warning[copied-paragraph]")),
        "{newer:#?}"
    );
    assert!(
        newer
            .iter()
            .any(|l| l.contains("warning[previous-year-figure]")),
        "{newer:#?}"
    );
    // Never on the older report.
    assert!(!text.lines().any(|l| l.contains("a-2025.md")
        && (l.contains("[copied-paragraph]") || l.contains("[previous-year-figure]"))));
    // Files in path order, each file's findings together.
    let files: Vec<&str> = text.lines().filter_map(|l| l.split(':').next()).collect();
    let mut runs = files.clone();
    runs.dedup();
    let mut sorted = runs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(runs, sorted, "each file once, in path order");
}

#[test]
fn threads_must_be_at_least_one() {
    let out = budlint(&["--isolated", "--threads", "0", "fixtures/corpus"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_keeps_the_error_status_of_inspect() {
    // `inspect` of a missing file and a real one, its output closed after the first read: the
    // status must still say a file could not be read.
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--isolated",
            "inspect",
            "fixtures/corpus/tunliu-2024-budget.txt",
            "no-such-file.txt",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("budlint runs");
    // Read one byte and close the pipe, as `head -c1` would.
    let mut stdout = child.stdout.take().expect("piped");
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("finished");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
}
