//! The `cross-table` rules over the real documents: silent on every unchanged corpus file in
//! every text shape (apart from the faults those documents really have), and a cell changed in
//! a table that must equal another is reported, on the changed line, as an error.

use std::sync::Arc;

mod common;

use budlint::diagnostic::{FileReport, Severity};
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::registry::Rule;
use budlint::source::SourceFile;

fn cross_table_rules() -> Vec<Rule> {
    common::builtin_rules_of_kind("cross-table")
}

/// `rule line severity` of every diagnostic, one a line.
fn findings(report: &FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d.rule,
                report.source.line_col(d.primary_span().start).0,
                d.severity.as_str()
            )
        })
        .collect()
}

#[test]
fn unchanged_corpus_documents_give_only_their_real_faults() {
    let rules = cross_table_rules();
    for path in common::corpus_documents() {
        let report = lint_source(Arc::new(common::read(&path)), &rules, Lang::Zh);
        let expected: &[&str] = match path.rsplit('/').next().unwrap_or_default() {
            // The table of contents lists 一、收支总体情况表, which the document never prints.
            "dongchangfu-2024-budget.md" => &["required-table 64 warning"],
            // 本表为空表 under a 三公 table that prints 47.91 (the prose gives 47.91 as well).
            "sh-putuo-wanli-2024-budget.layout.txt" => &["empty-table-contradiction 791 warning"],
            _ => &[],
        };
        assert_eq!(findings(&report), expected, "{path}");
    }
}

/// The document at `path` with `old` replaced by `new` on line `line` (1-based).
fn changed(path: &str, line: usize, old: &str, new: &str) -> SourceFile {
    let source = common::read(path);
    let mut lines: Vec<String> = source.text.split('\n').map(str::to_string).collect();
    let target = &mut lines[line - 1];
    assert!(
        target.contains(old),
        "{path}:{line} has no `{old}`: {target}"
    );
    *target = target.replacen(old, new, 1);
    SourceFile::from_str(path, &lines.join("\n"))
}

#[test]
fn a_changed_cell_of_a_restated_total_is_an_error_on_its_line() {
    // Each cell is restated by another table of the same document; changing it by more than
    // rounding must be reported where it was changed.
    let faults: &[(&str, usize, &str, &str, &str)] = &[
        // 收入总表 合计 (本年收入) against the 收支总表 本年收入合计.
        (
            "fixtures/corpus/tunliu-2025-budget.md",
            145,
            "730.42",
            "703.42",
            "本年收入合计",
        ),
        // 支出总表 合计 against the 收支总表 本年支出合计.
        (
            "fixtures/corpus/tunliu-2025-budget.md",
            170,
            "756.21",
            "765.21",
            "本年支出合计",
        ),
        // The economic-code table's 合计 against the 基本支出 of the 一般公共预算 table.
        (
            "fixtures/corpus/tunliu-2025-budget.md",
            267,
            "456.66",
            "465.66",
            "一般公共预算基本支出",
        ),
        (
            "fixtures/corpus/tunliu-2024-budget.txt",
            465,
            "452.01",
            "425.01",
            "一般公共预算基本支出",
        ),
        (
            "fixtures/corpus/dongchangfu-2024-budget.md",
            230,
            "810.46",
            "801.46",
            "一般公共预算基本支出",
        ),
        // The 支出总表's 项目支出 column against the 项目支出 table's total.
        (
            "fixtures/corpus/dongchangfu-2024-budget.md",
            109,
            "15,579.95",
            "15,597.95",
            "项目支出",
        ),
        // The 一般公共预算 table's 合计 against the 财政拨款收支总表's 一般公共预算 column.
        (
            "fixtures/corpus/dongchangfu-2024-budget.md",
            190,
            "16,390.41",
            "16,309.41",
            "一般公共预算支出合计",
        ),
        // Final accounts: 收入决算表 and 支出决算表 against the 收入支出决算总表.
        (
            "fixtures/corpus/putuo-planning-2024-final.txt",
            232,
            "9746.50",
            "9764.50",
            "本年收入合计",
        ),
        (
            "fixtures/corpus/putuo-planning-2024-final.txt",
            289,
            "9759.38",
            "9795.38",
            "本年支出合计",
        ),
        // Shanghai, amounts in 元.
        (
            "fixtures/corpus/sh-putuo-finance-2025-budget.layout.txt",
            379,
            "25,121,091.00",
            "25,121,901.00",
            "一般公共预算基本支出",
        ),
        (
            "fixtures/corpus/sh-putuo-wanli-2024-budget.layout.txt",
            777,
            "99,706,020",
            "99,760,020",
            "一般公共预算基本支出",
        ),
    ];
    let rules = cross_table_rules();
    for (path, line, old, new, name) in faults {
        let report = lint_source(Arc::new(changed(path, *line, old, new)), &rules, Lang::Zh);
        let on_line: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "cross-table-total")
            .filter(|d| {
                d.labels
                    .iter()
                    .any(|l| report.source.line_col(l.span.start).0 == *line)
            })
            .collect();
        assert_eq!(
            on_line.len(),
            1,
            "{path}:{line} {old} → {new}: {:?}",
            findings(&report)
        );
        assert_eq!(on_line[0].severity, Severity::Error, "{path}:{line}");
        assert!(
            on_line[0].message.contains(name),
            "{path}:{line}: {}",
            on_line[0].message
        );
        // Both cells are labelled: the changed one and the one it restates.
        assert_eq!(on_line[0].labels.len(), 2, "{path}:{line}");
    }
}

#[test]
fn a_tail_difference_between_two_tables_is_a_warning() {
    // 456.66 against 456.68: two units of the last place, beyond rounding, within the tail
    // differences that converting 元 to 万元 table by table leaves.
    let rules = cross_table_rules();
    let source = changed(
        "fixtures/corpus/tunliu-2025-budget.md",
        267,
        "456.66",
        "456.68",
    );
    let report = lint_source(Arc::new(source), &rules, Lang::En);
    assert_eq!(findings(&report), ["cross-table-total 267 warning"]);
    // And one unit is rounding: nothing.
    let source = changed(
        "fixtures/corpus/tunliu-2025-budget.md",
        267,
        "456.66",
        "456.67",
    );
    let report = lint_source(Arc::new(source), &rules, Lang::En);
    assert_eq!(findings(&report), Vec::<String>::new());
}

#[test]
fn a_table_missing_from_a_full_disclosure_is_named_once() {
    // Cut the 三公 table (title to note) out of the 2025 budget.
    let source = common::read("fixtures/corpus/tunliu-2025-budget.md");
    let text = &source.text;
    let start = text
        .find("2025年财政拨款安排“三公”经费支出预算表\n")
        .expect("三公 table title");
    let end = start
        + text[start..]
            .find("2025年财政拨款安排机关运行经费预算表")
            .expect("next table");
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let rules = cross_table_rules();
    let report = lint_source(
        Arc::new(SourceFile::from_str("cut.md", &cut)),
        &rules,
        Lang::En,
    );
    let missing: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "required-table")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing, ["the budget disclosure has no “三公”经费支出表"]);
}
