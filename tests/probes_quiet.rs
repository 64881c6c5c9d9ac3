//! The correct probes (`fixtures/probes/*.txt`: disclosures in templates budlint was not built
//! on, every figure right) raise no warning or error of any rule, in either text shape, but the
//! true ones listed here. `tests/probes.rs` looks at the table rules and the planted faults;
//! this looks at everything else a reviewer would see (a department name misread as another
//! department's, a year, a paragraph, a prose claim).

use std::path::PathBuf;
use std::process::Command;

/// (file name prefix, `rule`) of findings that are true of the correct probes.
const TRUE_FINDINGS: &[(&str, &str)] = &[
    // The Beijing-like budget prints no 财政拨款收支总表 and no 国有资本经营 table.
    ("chaoyang-greening-2025-budget.", "required-table"),
];

fn probes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/probes")
}

#[test]
fn correct_probes_raise_nothing_untrue() {
    let mut files: Vec<String> = std::fs::read_dir(probes())
        .expect("fixtures/probes")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(probes())
        .args(["--isolated", "--format", "short", "--fail-on", "never"])
        .args(&files)
        .output()
        .expect("budlint runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let untrue: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .filter(|l| {
            !TRUE_FINDINGS
                .iter()
                .any(|(file, rule)| l.starts_with(file) && l.contains(&format!("[{rule}]")))
        })
        .collect();
    assert!(untrue.is_empty(), "{}", untrue.join("\n"));
}
