//! Probes: disclosures budlint was never tuned on, with content known cell by cell. Each was
//! written as HTML with real table markup (`fixtures/probes/src/gen.py`), printed to PDF by
//! LibreOffice and extracted by `pdftotext -layout` and plain `pdftotext`; `fixtures/probes/make.sh`
//! regenerates them (these tests only read the text files). See `fixtures/probes/README.md`.
//!
//! - On the correct documents, every error of a table rule is a misreading. The ones still
//!   there are listed in `KNOWN_FALSE_ERRORS`, with their cause: any other fails the test, and so
//!   does a listed one that went away (strike it from the list then).
//! - On the copies with one planted fault, the faults budlint catches must stay caught.

use std::path::PathBuf;
use std::process::Command;

const TABLE_RULES: &[&str] = &[
    "subject-code-sum",
    "column-total",
    "section-sum",
    "statement-total",
    "three-public-sum",
    "numbered-total",
    "year-change",
];

const CORRECT: &[&str] = &[
    "westlake-culture-2023-final.layout.txt",
    "westlake-culture-2023-final.plain.txt",
    "wuhou-education-2025-budget.layout.txt",
    "wuhou-education-2025-budget.plain.txt",
    "shuyuan-street-2024-final.layout.txt",
    "shuyuan-street-2024-final.plain.txt",
    "chaoyang-greening-2025-budget.layout.txt",
    "chaoyang-greening-2025-budget.plain.txt",
];

/// (file, `line:rule`) of the false errors not fixed yet; the README says what each misreads.
const KNOWN_FALSE_ERRORS: &[(&str, &str)] = &[];

/// (fault file, `line:rule` of an error that must be reported). Only the faults caught
/// reliably; the README lists the others and why.
const CAUGHT: &[(&str, &str)] = &[
    ("final-f1-income-leaf.layout.txt", "91:subject-code-sum"),
    ("final-f1-income-leaf.layout.txt", "93:column-total"),
    ("final-f2-spend-kuan.layout.txt", "131:subject-code-sum"),
    ("final-f2-spend-kuan.layout.txt", "137:column-total"),
    ("final-f2-spend-kuan.layout.txt", "137:subject-code-sum"),
    ("final-f3-spend-total.layout.txt", "130:column-total"),
    ("final-f3-spend-total.layout.txt", "130:subject-code-sum"),
    ("final-f4-gp-leaf.layout.txt", "293:subject-code-sum"),
    ("final-f7-statement.layout.txt", "74:statement-total"),
    ("final-f5-econ-item.layout.txt", "321:subject-code-sum"),
    ("final-f5-econ-item.plain.txt", "1376:subject-code-sum"),
    ("budget-f1-income-xiang.layout.txt", "70:subject-code-sum"),
    ("budget-f1-income-xiang.layout.txt", "72:column-total"),
    ("budget-f2-spend-lei.layout.txt", "122:subject-code-sum"),
    ("budget-f3-gp-persons.layout.txt", "225:subject-code-sum"),
    ("budget-f3-gp-persons.layout.txt", "226:column-total"),
    ("budget-f4-econ.layout.txt", "260:subject-code-sum"),
    ("budget-f5-three-public.layout.txt", "298:three-public-sum"),
    ("budget-f6-statement.layout.txt", "51:statement-total"),
    ("budget-f7-fund.layout.txt", "314:subject-code-sum"),
    ("street-f1-income-leaf.layout.txt", "120:subject-code-sum"),
    ("street-f5-fund-table.layout.txt", "403:subject-code-sum"),
    ("street-f6-statement.layout.txt", "74:statement-total"),
    ("bj-f2-income-kuan.layout.txt", "87:subject-code-sum"),
    ("bj-f2-income-kuan.layout.txt", "88:subject-code-sum"),
    ("bj-f3-gp-prev.layout.txt", "158:subject-code-sum"),
    ("bj-f4-econ.layout.txt", "174:subject-code-sum"),
    ("bj-f5-three-public.layout.txt", "202:three-public-sum"),
    ("street-f4-three-public.layout.txt", "382:three-public-sum"),
    ("bj-f1-statement-now.layout.txt", "52:statement-total"),
    // The wrong cell itself: 2025 = 2024 + 增减 fails on its row.
    ("bj-f1-statement-now.layout.txt", "46:year-change"),
    // The 项目支出 table by project with its 科目编码 right of the name: one project's 合计
    // against its sources (the codes are the code column's, not amounts).
    ("bj-f6-project.layout.txt", "234:column-total"),
];

fn probes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/probes")
}

/// The table-rule errors budlint reports on `file` (relative to fixtures/probes), as `line:rule`.
fn table_errors(file: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(probes())
        .args([
            "--isolated",
            "--format",
            "short",
            "--fail-on",
            "never",
            file,
        ])
        .output()
        .expect("budlint runs");
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8 output")
        .lines()
        .filter_map(|l| {
            // `file:line:col: error[rule] message`
            let mut parts = l.splitn(4, ':');
            let _file = parts.next()?;
            let line = parts.next()?;
            let _col = parts.next()?;
            let rest = parts.next()?.trim_start();
            let rule = rest.strip_prefix("error[")?.split(']').next()?;
            TABLE_RULES
                .contains(&rule)
                .then(|| format!("{line}:{rule}"))
        })
        .collect()
}

#[test]
fn correct_probes_raise_no_table_error_but_the_known_ones() {
    let mut problems = Vec::new();
    for file in CORRECT {
        let mut found = table_errors(file);
        found.sort();
        found.dedup();
        let mut known: Vec<String> = KNOWN_FALSE_ERRORS
            .iter()
            .filter(|(f, _)| f == file)
            .map(|(_, e)| e.to_string())
            .collect();
        known.sort();
        for e in found.iter().filter(|e| !known.contains(e)) {
            problems.push(format!("{file}: new false error {e}"));
        }
        for e in known.iter().filter(|e| !found.contains(e)) {
            problems.push(format!(
                "{file}: known false error {e} is gone: strike it from KNOWN_FALSE_ERRORS"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn planted_faults_are_reported() {
    let mut missed = Vec::new();
    for (file, expected) in CAUGHT {
        let found = table_errors(&format!("faults/{file}"));
        if !found.iter().any(|e| e == expected) {
            missed.push(format!("{file}: expected {expected}, found {found:?}"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn every_probe_file_is_tested() {
    // A fault copy regenerated by make.sh but forgotten here would test nothing.
    let mut listed: Vec<String> = CORRECT.iter().map(|s| s.to_string()).collect();
    let faults = std::fs::read_dir(probes().join("faults")).expect("fixtures/probes/faults");
    let mut fault_files: Vec<String> = faults
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    fault_files.sort();
    let documented = std::fs::read_to_string(probes().join("README.md")).expect("README.md");
    for f in &fault_files {
        let stem = f
            .trim_end_matches(".layout.txt")
            .trim_end_matches(".plain.txt");
        assert!(
            CAUGHT.iter().any(|(c, _)| c == f) || documented.contains(stem),
            "faults/{f}: neither asserted in CAUGHT nor listed as a miss in the README"
        );
    }
    listed.sort();
    for f in &listed {
        assert!(probes().join(f).is_file(), "{f} missing");
    }
}
