//! The made-up whole disclosures of `fixtures/unseen/` (tables and a 说明 generated from them by
//! `fixtures/unseen/src/gen.py`, every figure right, in templates the rules were not built on)
//! raise no warning or error of any rule, in either text shape. Their prose faults are planted
//! by `tests/prose_faults.rs`.

mod common;

use std::path::PathBuf;

fn unseen() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/unseen")
}

#[test]
fn correct_unseen_documents_raise_nothing() {
    // The text shapes, and the Markdown and saved web pages pandoc wrote from Word files.
    let files: Vec<String> = [".txt", ".md", ".html"]
        .iter()
        .flat_map(|suffix| common::file_names("fixtures/unseen", suffix))
        .filter(|name| name != "README.md")
        .collect();
    assert!(files.len() >= 70, "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".html")), "{files:?}");
    let stdout = common::short_output(&unseen(), &files);
    // Known and left as they are (fixtures/unseen/README.md): Shanghai's `其中` naming only
    // the main 类 of the year's spending falls short of it, a warning, in both shapes.
    let known = |l: &&str| {
        l.starts_with("changning-greening-2025-final.")
            && l.contains(
                ": warning[breakdown-sum] “其中”所列各项合计 9358.04万元，少于总数 10322.43万元",
            )
    };
    let found: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .filter(|l| !known(l))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert_eq!(stdout.lines().filter(known).count(), 2, "{stdout}");
}

/// One sentence of each new reading, with one figure changed, in a copy of the document:
/// reported on its line by the rule that reads it.
#[test]
fn changed_figures_of_the_unseen_prose_are_reported() {
    let path = unseen().join("pengjiang-water-2024-final.layout.txt");
    let original = std::fs::read_to_string(&path).expect("pengjiang layout");
    let cases = [
        // Last year's amount inside the comparison (较上年的 P 万元增加 Y 万元).
        ("较上年的\n342114.30", "较上年的\n342124.30", "growth-rate"),
        // The rate of the 三公经费 against the outturn of the sentence before.
        ("下降 23.46%", "下降 28.46%", "growth-rate"),
        // A decrease to nothing is all of last year.
        ("下降 100.00%", "下降 95.00%", "growth-rate"),
        // 0.00 万元 cannot have risen.
        (
            "0.00 万元，与上年持平",
            "0.00 万元，与上年增加",
            "zero-amount-rise",
        ),
        // A 三公 item's 决算 against the table's 决算数.
        (
            "公务接待费支出决算为 123.40",
            "公务接待费支出决算为 133.40",
            "restated-amount",
        ),
    ];
    let dir = std::env::temp_dir().join(format!("budlint-unseen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (from, to, rule) in cases {
        assert_eq!(original.matches(from).count(), 1, "{from}");
        // The line of the figure changed: the last line of `from`.
        let line = original[..original.find(from).expect("found")]
            .matches('\n')
            .count()
            + 1
            + from.matches('\n').count();
        let file = dir.join("changed.layout.txt");
        std::fs::write(&file, original.replacen(from, to, 1)).expect("write");
        let stdout = common::short_output(&dir, &[&file]);
        assert!(
            stdout
                .lines()
                .any(|l| l.contains(&format!(":{line}:")) && l.contains(&format!("[{rule}]"))),
            "{from} → {to}: expected {rule} on line {line}\n{stdout}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
