//! The 三公经费 tables of every real document, in every text shape: none of them may raise a
//! table-sum error as published, and raising any of their 三公 cells by 11.00 must raise one on
//! that cell's line, wherever the reading of the table is settled.
//!
//! The cells are found through the parsed model (tables whose title or header names 三公, their
//! value cells outside the 机关运行经费, 会议费 and 培训费 columns), each is raised in turn in a copy of the text, and the
//! copy is linted with the `table-sum` rules. The detection rate per document is printed
//! (`cargo test --test three_public -- --nocapture`). Aligned (`pdftotext -layout`) text and
//! delimited tables must catch every planted fault; plain PDF text loses the header's geometry
//! (each header piece and each value on a line of its own), so its 三公 tables are read without
//! column names and the rules stay silent there: only the absence of false errors is required.

use std::sync::Arc;

mod common;

use budlint::diagnostic::{FileReport, Severity};
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::model::{Document, Layout, Table, squeeze};
use budlint::registry::Rule;
use budlint::source::{SourceFile, Span};
use rust_decimal::Decimal;

/// Every document with a 三公 table, and whether every planted fault must be caught.
const DOCUMENTS: &[(&str, bool)] = &[
    ("fixtures/corpus/js-highcourt-2017-budget.layout.txt", true),
    ("fixtures/corpus/js-highcourt-2017-budget.plain.txt", false),
    (
        "fixtures/corpus/js-partyoffice-2018-budget-tables.layout.txt",
        true,
    ),
    (
        "fixtures/corpus/js-partyoffice-2018-budget-tables.plain.txt",
        false,
    ),
    (
        "fixtures/corpus/js-procuratorate-2018-budget.layout.txt",
        true,
    ),
    (
        "fixtures/corpus/js-procuratorate-2018-budget.plain.txt",
        false,
    ),
    ("fixtures/corpus/js-rendaban-2017-budget.layout.txt", true),
    ("fixtures/corpus/js-rendaban-2017-budget.plain.txt", false),
    ("fixtures/corpus/js-rendaban-2018-budget.layout.txt", true),
    ("fixtures/corpus/js-rendaban-2018-budget.plain.txt", false),
    (
        "fixtures/corpus/sh-putuo-finance-2025-budget.layout.txt",
        true,
    ),
    (
        "fixtures/corpus/sh-putuo-finance-2025-budget.plain.txt",
        false,
    ),
    (
        "fixtures/corpus/sh-putuo-wanli-2024-budget.layout.txt",
        true,
    ),
    (
        "fixtures/corpus/sh-putuo-wanli-2024-budget.plain.txt",
        false,
    ),
    ("fixtures/corpus/putuo-planning-2024-final.txt", true),
    ("fixtures/corpus/tunliu-2024-budget.txt", true),
    ("fixtures/corpus/tunliu-2025-budget.md", true),
    ("fixtures/corpus/dongchangfu-2024-budget.md", true),
    ("fixtures/layouts/yiling-market-2023-final-plain.txt", false),
    (
        "fixtures/layouts/yiling-market-2023-final-aligned.txt",
        false,
    ),
    ("fixtures/layouts/daiyue-veterans-2025-pipe.md", true),
];

fn table_rules() -> Vec<Rule> {
    common::builtin_rules_of_kind("table-sum")
}

fn is_three_public(table: &Table) -> bool {
    let header: String = table.header.iter().map(|h| squeeze(&h.text)).collect();
    table.title_text().contains("三公") || header.contains("三公")
}

/// The value cells of the 三公 tables, outside the 机关运行经费, 会议费 and 培训费 columns that
/// share the table in some templates (they are not parts of 三公).
fn three_public_cells(document: &Document) -> Vec<Span> {
    document
        .tables()
        .filter(|t| is_three_public(t))
        .flat_map(|t| {
            t.rows.iter().flat_map(move |r| {
                r.values.iter().enumerate().filter_map(move |(i, n)| {
                    let column = r.placement.get(i).and_then(|&c| t.columns.get(c));
                    let outside = r.is_settled()
                        && column.is_some_and(|c| {
                            ["机关运行经费", "会议费", "培训费"]
                                .iter()
                                .any(|other| c.name.contains(other))
                        });
                    (!outside).then_some(n.span)
                })
            })
        })
        .collect()
}

/// `value` written as the document wrote the original: same decimals, separators if it had them.
fn errors_on_line(report: &FileReport, line: usize) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            d.labels
                .iter()
                .any(|l| report.source.line_col(l.span.start).0 == line)
        })
        .map(|d| format!("[{}] {}", d.rule, d.message))
        .collect()
}

/// Errors whose primary label lies in a 三公 table.
fn errors_in_three_public_tables(report: &FileReport, document: &Document) -> Vec<String> {
    let spans: Vec<Span> = document
        .tables()
        .filter(|t| is_three_public(t))
        .map(|t| t.span)
        .collect();
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            let at = d.primary_span().start;
            spans.iter().any(|s| s.start <= at && at < s.end)
        })
        .map(|d| {
            format!(
                "{}:{} [{}] {}",
                report.source.path.display(),
                report.source.line_col(d.primary_span().start).0,
                d.rule,
                d.message
            )
        })
        .collect()
}

#[test]
fn published_three_public_tables_raise_no_error() {
    let rules = table_rules();
    let mut false_errors = Vec::new();
    for (path, _) in DOCUMENTS {
        let source = common::read(path);
        let document = budlint::parse::parse(&source);
        let report = lint_source(Arc::new(source), &rules, Lang::Zh);
        false_errors.extend(errors_in_three_public_tables(&report, &document));
    }
    assert!(
        false_errors.is_empty(),
        "false errors:\n{}",
        false_errors.join("\n")
    );
}

#[test]
fn raising_any_three_public_cell_by_11_is_reported() {
    let rules = table_rules();
    let mut failures = Vec::new();
    let mut rates = Vec::new();
    for &(path, required) in DOCUMENTS {
        let original = common::read(path);
        let layout = budlint::parse::detect_layout(&original);
        let document = budlint::parse::parse(&original);
        let cells = three_public_cells(&document);
        let mut caught = 0;
        for span in &cells {
            let old = original.slice(*span).to_string();
            let Some((value, decimals)) = budlint::number::parse_amount(&old) else {
                continue;
            };
            let raised =
                common::written(value + Decimal::new(1100, 2), decimals, old.contains(','));
            let mut text = original.text.clone();
            text.replace_range(span.start..span.end, &raised);
            let source = SourceFile::new(original.path.clone(), text, original.encoding);
            let line = source.line_col(span.start).0;
            let report = lint_source(Arc::new(source), &rules, Lang::Zh);
            if errors_on_line(&report, line).is_empty() {
                if required {
                    failures.push(format!("{path}:{line}: `{old}` → `{raised}` not reported"));
                }
            } else {
                caught += 1;
            }
        }
        rates.push(format!(
            "{path} ({layout:?}): {caught} of {} 三公 cells",
            cells.len()
        ));
        if required && layout != Layout::Plain {
            assert!(
                !cells.is_empty() || path.ends_with("tunliu-2025-budget.md"),
                "{path}: no 三公 cells found"
            );
        }
    }
    println!("planted +11.00 faults reported:\n{}", rates.join("\n"));
    assert!(
        failures.is_empty(),
        "{} missed:\n{}\n\nrates:\n{}",
        failures.len(),
        failures.join("\n"),
        rates.join("\n")
    );
}
