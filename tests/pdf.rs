//! PDF input, end to end: the binary reads real PDFs (fixtures/pdf/, printed by LibreOffice from
//! the probe generator, see fixtures/pdf/make.sh) through `pdftotext`, reports the planted fault
//! with the page it is on, finds exactly what linting the `-layout` text finds, and reports
//! PDFs it cannot read, or a missing `pdftotext`, without stopping the other files.
//!
//! These tests need poppler's `pdftotext` on PATH (`.ci/run` installs poppler-utils); they
//! fail, never skip, without it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CORRECT: &str = "fixtures/pdf/wuhou-education-2025-budget.pdf";
const FAULT: &str = "fixtures/pdf/budget-f3-gp-persons.pdf";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn budlint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run budlint")
}

fn budlint(args: &[&str]) -> Output {
    budlint_in(root(), args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The text of one page of a PDF, as `pdftotext` extracts that page alone.
fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(output.status.success(), "pdftotext failed on {pdf:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// `(line, page, rest)` of a short-format line `file:line:col: … (page N)`.
fn parse_short(line: &str, file: &str) -> (usize, Option<usize>, String) {
    let rest = line
        .strip_prefix(&format!("{file}:"))
        .unwrap_or_else(|| panic!("{line:?} does not start with {file}"));
    let (number, rest) = rest.split_once(':').expect("a line number");
    let (text, page) = match rest.rsplit_once(" (page ") {
        Some((text, page)) => (
            text,
            Some(page.trim_end_matches(')').parse().expect("a page number")),
        ),
        None => (rest, None),
    };
    (
        number.parse().expect("a line number"),
        page,
        text.to_string(),
    )
}

#[test]
fn the_planted_fault_is_reported_on_its_page() {
    let output = budlint(&["--isolated", "--format", "short", FAULT]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    let findings: Vec<_> = out.lines().map(|l| parse_short(l, FAULT)).collect();
    // The fault (a 人员经费 of 2050201 学前教育 raised by 5.00) breaks the 款's sum and the row's
    // 小计 = 人员经费 + 公用经费.
    let sum = findings
        .iter()
        .find(|(_, _, text)| text.contains("error[subject-code-sum] 20502 普通教育"))
        .unwrap_or_else(|| panic!("no subject-code-sum error on 20502:\n{out}"));
    assert!(
        findings
            .iter()
            .any(|(_, _, text)| text.contains("error[column-total] 2050201 学前教育")),
        "{out}"
    );
    // Every finding's page is the page whose own extraction holds the finding's line.
    let extracted =
        fs::read_to_string(root().join("fixtures/probes/faults/budget-f3-gp-persons.layout.txt"))
            .expect("the probe's text");
    let lines: Vec<&str> = extracted.lines().collect();
    for (line, page, text) in &findings {
        let page = page.unwrap_or_else(|| panic!("no page on {text}"));
        let content = lines[line - 1].trim_start_matches('\u{c}').trim();
        assert!(
            page_text(&root().join(FAULT), page).contains(content),
            "line {line} ({content:?}) is not on page {page}"
        );
    }
    assert_eq!(sum.1, Some(7), "the 一般公共预算支出表 is on page 7");
}

#[test]
fn a_pdf_gives_the_findings_of_its_layout_text() {
    for (pdf, text) in [
        (
            CORRECT,
            "fixtures/probes/wuhou-education-2025-budget.layout.txt",
        ),
        (
            FAULT,
            "fixtures/probes/faults/budget-f3-gp-persons.layout.txt",
        ),
    ] {
        let args = ["--isolated", "--show-info", "--format", "short"];
        let from_pdf = stdout(&budlint(&[&args[..], &[pdf]].concat()));
        let from_text = stdout(&budlint(&[&args[..], &[text]].concat()));
        assert_eq!(from_pdf.is_empty(), pdf == CORRECT, "{pdf}:\n{from_pdf}");
        let strip = |out: &str, file: &str| -> Vec<(usize, Option<usize>, String)> {
            out.lines().map(|l| parse_short(l, file)).collect()
        };
        // The text files keep pdftotext's form feeds: they get the same pages.
        assert_eq!(strip(&from_pdf, pdf), strip(&from_text, text), "{pdf}");
    }
}

#[test]
fn every_format_carries_the_page() {
    let json = stdout(&budlint(&["--isolated", "--format", "json", FAULT]));
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let first = &json["diagnostics"][0];
    assert_eq!(first["file"], FAULT);
    assert_eq!(first["line"], 225);
    assert_eq!(first["page"], 7);
    assert!(
        first["labels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["page"] == 7)
    );

    let sarif = stdout(&budlint(&["--isolated", "--format", "sarif", FAULT]));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["page"], 7);
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["properties"]["page"], 7);
    let snippet = region["snippet"]["text"].as_str().expect("a snippet");
    assert!(
        snippet.contains("普通教育") && snippet.contains("26365.65"),
        "{snippet}"
    );

    let human = stdout(&budlint(&["--isolated", "--color", "never", FAULT]));
    assert!(
        human.contains(&format!("--> {FAULT}:225:62 (page 7)")),
        "{human}"
    );
    let github = stdout(&budlint(&["--isolated", "--format", "github", FAULT]));
    assert!(
        github.contains("title=budlint (subject-code-sum) (page 7)"),
        "{github}"
    );
    let junit = stdout(&budlint(&["--isolated", "--format", "junit", FAULT]));
    assert!(
        junit.contains(&format!("--&gt; {FAULT}:225:62 (page 7)")),
        "{junit}"
    );
}

#[test]
fn a_directory_of_pdfs_is_walked_and_inspect_reads_them() {
    let output = budlint(&["--isolated", "--format", "short", "fixtures/pdf"]);
    let out = stdout(&output);
    assert!(out.contains(FAULT), "{out}");
    let inspected = budlint(&["inspect", "--isolated", "--format", "json", CORRECT]);
    assert_eq!(inspected.status.code(), Some(0), "{}", stderr(&inspected));
    let reading: serde_json::Value =
        serde_json::from_str(&stdout(&inspected)).expect("inspect JSON");
    let file = &reading["files"][0];
    assert_eq!(file["encoding"], "PDF (pdftotext -layout)");
    let tables = file["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["kind"] == "table")
        .count();
    assert!(tables >= 8, "only {tables} tables read from {CORRECT}");
}

#[test]
fn emit_text_writes_what_was_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emitted = dir.path().join("text");
    let output = budlint(&[
        "--isolated",
        "--format",
        "short",
        "--emit-text",
        emitted.to_str().unwrap(),
        FAULT,
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let written = emitted.join(format!("{FAULT}.txt"));
    let text = fs::read_to_string(&written).unwrap_or_else(|e| panic!("{written:?}: {e}"));
    let probe =
        fs::read_to_string(root().join("fixtures/probes/faults/budget-f3-gp-persons.layout.txt"))
            .expect("probe text");
    assert_eq!(
        text, probe,
        "the emitted text is pdftotext's -layout output"
    );
}

/// A directory with a text disclosure carrying a watermark, next to `pdf_name` holding `pdf`.
fn mixed_dir(pdf_name: &str, pdf: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("说明.txt"), "仅供内部审核\n").expect("write");
    fs::write(dir.path().join(pdf_name), pdf).expect("write");
    dir
}

#[test]
fn an_unreadable_pdf_is_a_read_error_and_the_others_are_linted() {
    let dir = mixed_dir("broken.pdf", b"%PDF-1.4\nthis is not a PDF body\n");
    let output = budlint_in(dir.path(), &["--isolated", "--format", "short", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("说明.txt:1:1: error[draft-watermark]"));
    let err = stderr(&output);
    assert!(
        err.contains("error: broken.pdf: not a readable PDF"),
        "{err}"
    );
}

/// A real one-page PDF with nothing drawn on it: what a scan without OCR looks like to
/// `pdftotext`.
fn blank_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn a_pdf_without_text_is_a_read_error() {
    let dir = mixed_dir("scan.pdf", &blank_pdf());
    let output = budlint_in(dir.path(), &["--isolated", "--format", "short", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("说明.txt:1:1: error[draft-watermark]"));
    let err = stderr(&output);
    assert!(
        err.contains("error: scan.pdf: PDF without a text layer"),
        "{err}"
    );
}

#[test]
fn a_missing_pdftotext_is_one_error_saying_how_to_install_it() {
    let dir = mixed_dir("a.pdf", &fs::read(root().join(FAULT)).expect("fixture"));
    fs::copy(root().join(CORRECT), dir.path().join("b.pdf")).expect("copy");
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir.path())
        .env("PATH", "")
        .args(["--isolated", "--format", "short", "."])
        .output()
        .expect("run budlint");
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("说明.txt:1:1: error[draft-watermark]"));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one error for both PDFs:\n{err}");
    assert!(lines[0].contains("2 PDFs (a.pdf, b.pdf) not read"), "{err}");
    assert!(lines[0].contains("apt-get install poppler-utils"), "{err}");
    assert!(lines[0].contains("brew install poppler"), "{err}");
}

/// A `pdftotext` of budlint.toml is used instead of PATH's: here a wrapper that leaves a mark.
#[test]
fn the_pdftotext_of_the_configuration_is_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = dir.path().join("tools");
    fs::create_dir(&bin).expect("mkdir");
    let real = which_pdftotext();
    let wrapper = bin.join("my-pdftotext");
    fs::write(
        &wrapper,
        format!(
            // Shell built-ins only: PATH is empty when it runs.
            "#!/bin/sh\n: > \"${{0%/*}}/used\"\nexec {} \"$@\"\n",
            real.display()
        ),
    )
    .expect("write the wrapper");
    make_executable(&wrapper);
    fs::write(
        dir.path().join("budlint.toml"),
        "pdftotext = \"tools/my-pdftotext\"\n",
    )
    .expect("write config");
    fs::copy(root().join(FAULT), dir.path().join("report.pdf")).expect("copy");
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir.path())
        .env("PATH", "")
        .args(["--format", "short", "report.pdf"])
        .output()
        .expect("run budlint");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        bin.join("used").exists(),
        "the configured program was not run"
    );
    assert!(stdout(&output).contains("report.pdf:225:62: error[subject-code-sum]"));

    fs::write(
        dir.path().join("budlint.toml"),
        "pdftotext = \"tools/none\"\n",
    )
    .expect("write");
    let output = budlint_in(dir.path(), &["--format", "short", "report.pdf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("tools/none"),
        "{}",
        stderr(&output)
    );
}

fn which_pdftotext() -> PathBuf {
    let path = std::env::var_os("PATH").expect("PATH");
    std::env::split_paths(&path)
        .map(|dir| dir.join("pdftotext"))
        .find(|p| p.is_file())
        .expect("pdftotext is installed (poppler-utils)")
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}
