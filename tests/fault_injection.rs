//! Fault injection over the real documents: raise any amount of a subject-code row or a total
//! row by 11.00 and budlint must report an error on that line. Also: the unmodified documents
//! produce no error-level table diagnostic at all (rounding differences are info at most).

use std::sync::Arc;

mod common;

use budlint::diagnostic::{FileReport, Severity};
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::model::{Row, Table};
use budlint::registry::Rule;
use budlint::source::SourceFile;
use rust_decimal::Decimal;

const DOCUMENTS: &[&str] = &[
    "fixtures/corpus/tunliu-2024-budget.txt",
    "fixtures/corpus/tunliu-2025-budget.md",
    "fixtures/corpus/dongchangfu-2024-budget.md",
    "fixtures/corpus/putuo-planning-2024-final.txt",
];

fn table_rules() -> Vec<Rule> {
    common::builtin_rules_of_kind("table-sum")
}

/// Write `value` the way the document wrote the original: same decimals, separators if it had them.
fn errors_on_line(report: &FileReport, line: usize) -> bool {
    report.diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && d.labels
                .iter()
                .any(|l| report.source.line_col(l.span.start).0 == line)
    })
}

#[test]
fn corpus_tables_have_no_error_from_rounding_or_placement() {
    let rules = table_rules();
    for path in DOCUMENTS {
        let report = lint_source(Arc::new(common::read(path)), &rules, Lang::En);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                format!(
                    "{}:{} {}",
                    path,
                    report.source.line_col(d.primary_span().start).0,
                    d.message
                )
            })
            .collect();
        assert!(
            errors.is_empty(),
            "unexpected errors:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn rounding_only_difference_is_info() {
    // tunliu-2025-budget.md line 268: 工资福利支出 435.80, its items add up to 435.79.
    let rules = table_rules();
    let report = lint_source(Arc::new(common::read(DOCUMENTS[1])), &rules, Lang::En);
    let at_268: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| report.source.line_col(d.primary_span().start).0 == 268)
        .collect();
    assert!(
        !at_268.is_empty(),
        "the rounding difference is reported at info"
    );
    assert!(at_268.iter().all(|d| d.severity == Severity::Info));
    assert!(
        at_268[0].notes.iter().any(|n| n.contains("= 435.79")),
        "{:?}",
        at_268[0].notes
    );
}

#[test]
fn raising_any_coded_or_total_amount_by_11_is_an_error_on_its_line() {
    let rules = table_rules();
    let mut failures = Vec::new();
    let mut injected = 0;
    for path in DOCUMENTS {
        let (planted, detected, misses) = detection(path, &rules, coded_or_total);
        assert!(
            planted > 20,
            "{path}: only {planted} amounts found in coded or total rows"
        );
        injected += planted;
        if detected < planted {
            failures.push(format!(
                "{path}: {} missed, e.g. {}",
                planted - detected,
                misses.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "injected {injected} faults; missed:\n{}",
        failures.join("\n")
    );
}

/// The amounts a fault is planted in: every amount of a coded, total or statement row (a row
/// named `…合计` / `…总计` / `…小计`, or numbered `一、…`), and every amount of a 三公 table.
fn fault_targets(original: &SourceFile, targeted: TargetRows) -> Vec<(usize, usize, String)> {
    let document = budlint::parse::parse(original);
    document
        .tables()
        .flat_map(|t| t.rows.iter().filter(move |r| targeted(t, r)))
        .flat_map(|r| r.values.iter())
        .map(|n| {
            let old = original.slice(n.span);
            let raised = common::written(
                n.value + Decimal::new(1100, 2),
                n.decimals,
                old.contains(','),
            );
            (n.span.start, n.span.end, raised)
        })
        .collect()
}

/// Which rows of a table get faults planted in their amounts.
type TargetRows = fn(&Table, &Row) -> bool;

/// Coded and total rows.
fn coded_or_total(_: &Table, r: &Row) -> bool {
    r.code.is_some() || r.is_total()
}

/// Coded, total and statement rows (`…合计` / `…总计` / `…小计`), and every row of a 三公 table.
fn coded_total_statement_or_three_public(t: &Table, r: &Row) -> bool {
    let name = r.name();
    t.title_text().contains("三公")
        || coded_or_total(t, r)
        || ["合计", "总计", "小计"].iter().any(|s| name.ends_with(s))
}

/// Plant each fault in turn and count those reported as an error on the fault's line. Returns
/// (planted, detected, the first few misses).
fn detection(path: &str, rules: &[Rule], targeted: TargetRows) -> (usize, usize, Vec<String>) {
    let original = common::read(path);
    let mut detected = 0;
    let mut misses = Vec::new();
    let targets = fault_targets(&original, targeted);
    for (start, end, raised) in &targets {
        let mut text = original.text.clone();
        text.replace_range(*start..*end, raised);
        let source = SourceFile::new(original.path.clone(), text, original.encoding);
        let line = source.line_col(*start).0;
        let report = lint_source(Arc::new(source), rules, Lang::En);
        if errors_on_line(&report, line) {
            detected += 1;
        } else if misses.len() < 5 || std::env::var_os("BUDLINT_ALL_MISSES").is_some() {
            misses.push(format!("{path}:{line} → {raised}"));
        }
    }
    (targets.len(), detected, misses)
}

/// The whole corpus, both text shapes: at least 95% of planted faults reported in `-layout`,
/// tab-separated and pipe text, at least 85% in plain text (where cells leave their rows and the
/// checks stay silent on what could not be read with certainty). Prints the rate per document.
#[test]
fn detection_rate_per_document_and_text_shape() {
    let rules = table_rules();
    let mut shortfalls = Vec::new();
    let only = std::env::var("BUDLINT_DOCUMENT").unwrap_or_default();
    for path in common::corpus_documents()
        .into_iter()
        .filter(|p| p.contains(&only))
    {
        let (planted, detected, misses) =
            detection(&path, &rules, coded_total_statement_or_three_public);
        let plain = path.ends_with(".plain.txt")
            || budlint::parse::detect_layout(&common::read(&path)) == budlint::model::Layout::Plain;
        let required = if plain { 85 } else { 95 };
        let rate = (detected * 100).checked_div(planted).unwrap_or(100);
        eprintln!("{path}: {detected}/{planted} ({rate}%) detected; required {required}%");
        if std::env::var_os("BUDLINT_ALL_MISSES").is_some() {
            for miss in &misses {
                eprintln!("  missed: {miss}");
            }
        }
        if rate < required {
            shortfalls.push(format!(
                "{path}: {detected}/{planted} = {rate}% < {required}%; e.g. {}",
                misses.join(", ")
            ));
        }
    }
    assert!(shortfalls.is_empty(), "{}", shortfalls.join("\n"));
}

/// A fault to plant: the byte range of an amount and the raised amount, written as the original.
type Fault = (usize, usize, String);

/// The statement tables of a document (the halves and parts of a 收支总表, or a table titled as
/// one, or one with a row named like a statement's total) and, per table, the amounts of its rows.
fn statement_targets(original: &SourceFile) -> Vec<(String, Vec<Fault>)> {
    const NAMES: &[&str] = &[
        "本年收入合计",
        "本年支出合计",
        "收入总计",
        "支出总计",
        "当年收入小计",
        "当年支出小计",
        "收入合计",
        "支出合计",
    ];
    let document = budlint::parse::parse(original);
    document
        .tables()
        .filter(|t| {
            let title = t.title_text();
            let named = |side: &str| {
                t.rows
                    .iter()
                    .any(|r| NAMES.contains(&r.name().as_str()) && r.name().contains(side))
            };
            // An untitled table (plain text often loses the title) by its rows' names.
            t.side.is_some()
                || (title.contains("收支") || title.contains("收入支出")) && title.contains("总")
                || title.is_empty() && named("收入") && named("支出")
        })
        .map(|t| {
            let side = match t.side {
                Some(budlint::model::Side::Income) => " (income)",
                Some(budlint::model::Side::Expenditure) => " (expenditure)",
                None => "",
            };
            let first = t
                .rows
                .first()
                .map(|r| original.line_col(r.span.start).0)
                .unwrap_or(0);
            let name = format!("{} line {first}{side}", t.title_text());
            let targets = t
                .rows
                .iter()
                .flat_map(|r| r.values.iter())
                .map(|n| {
                    let old = original.slice(n.span);
                    let raised = common::written(
                        n.value + Decimal::new(1100, 2),
                        n.decimals,
                        old.contains(','),
                    );
                    (n.span.start, n.span.end, raised)
                })
                .collect();
            (name, targets)
        })
        .collect()
}

/// For the plain-text twin of a `-layout` document: the statements' amounts as the plain text
/// prints them, whatever table (if any) the reader put them in. A statement is the stretch from
/// a title naming a 收支总表 (followed by its unit line, so not the table of contents) to the
/// next title; its amounts are those of the twin's statement tables.
fn plain_twin_targets(path: &str) -> Option<Vec<(String, Vec<Fault>)>> {
    let twin = format!("{}.layout.txt", path.strip_suffix(".plain.txt")?);
    let layout = common::read(&twin);
    let amounts: std::collections::HashSet<String> = statement_targets(&layout)
        .into_iter()
        .flat_map(|(_, faults)| faults)
        .map(|(start, end, _)| layout.text[start..end].to_string())
        .collect();
    let plain = common::read(path);
    let lines: Vec<(usize, &str)> = plain.lines().map(|(_, span, t)| (span.start, t)).collect();
    let is_title = |t: &str| budlint::parse::lines::is_table_title(t);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (_, text) = lines[i];
        let squeezed: String = text.split_whitespace().collect();
        let unit_follows = lines[i + 1..]
            .iter()
            .take(8)
            .any(|(_, t)| t.contains("单位"));
        if !(squeezed.contains("收支") && squeezed.contains("总表") && unit_follows) {
            i += 1;
            continue;
        }
        let end = (i + 4..lines.len())
            .find(|&k| is_title(lines[k].1) || lines[k].1.trim_start().starts_with("公开"))
            .unwrap_or(lines.len());
        let mut faults = Vec::new();
        for &(start, line) in &lines[i + 1..end] {
            for found in budlint::number::scan_numbers(line) {
                let written = &line[found.range.clone()];
                if amounts.contains(written) {
                    let raised = written_like(written, found.value, found.decimals);
                    faults.push((start + found.range.start, start + found.range.end, raised));
                }
            }
        }
        out.push((format!("{squeezed} line {} (plain text)", i + 1), faults));
        i = end;
    }
    Some(out)
}

fn written_like(old: &str, value: Decimal, decimals: u32) -> String {
    common::written(value + Decimal::new(1100, 2), decimals, old.contains(','))
}

/// Per document and statement table: how many of the faults planted in its rows the
/// `statement-total` rule reports as an error on the fault's line.
fn statement_detection(path: &str) -> Vec<(String, usize, usize, Vec<String>)> {
    let rules = common::builtin_rules_of_kind("statement-total");
    let original = common::read(path);
    let mut out = Vec::new();
    let targets = plain_twin_targets(path).unwrap_or_else(|| statement_targets(&original));
    for (table, targets) in targets {
        let mut detected = 0;
        let mut misses = Vec::new();
        for (start, end, raised) in &targets {
            let mut text = original.text.clone();
            text.replace_range(*start..*end, raised);
            let source = SourceFile::new(original.path.clone(), text, original.encoding);
            let line = source.line_col(*start).0;
            let report = lint_source(Arc::new(source), &rules, Lang::En);
            if errors_on_line(&report, line) {
                detected += 1;
            } else {
                misses.push(format!("{line} → {raised}"));
            }
        }
        out.push((table, targets.len(), detected, misses));
    }
    out
}

/// Prints the detection rate of `statement-total` per document and statement table (run with
/// `--ignored --nocapture`; `BUDLINT_DOCUMENT=part-of-name` for one document).
#[test]
#[ignore = "a measurement: prints the rates, asserts nothing"]
fn statement_detection_rate_per_document() {
    let only = std::env::var("BUDLINT_DOCUMENT").unwrap_or_default();
    for path in common::corpus_documents()
        .into_iter()
        .filter(|p| p.contains(&only))
    {
        let tables = statement_detection(&path);
        let planted: usize = tables.iter().map(|t| t.1).sum();
        let detected: usize = tables.iter().map(|t| t.2).sum();
        eprintln!("{path}: {detected}/{planted}");
        for (table, planted, detected, misses) in tables {
            eprintln!(
                "    {table}: {detected}/{planted}  missed: {}",
                misses.join(", ")
            );
        }
    }
}

/// Every amount of every statement row of the `-layout`, tab-separated and pipe documents,
/// raised by 11.00, is reported by `statement-total` on its line; in plain text (where the
/// statement is read only when its rows keep their lines) at least 90% where a statement was
/// read at all.
#[test]
fn statement_total_reports_every_fault_planted_in_a_statement_row() {
    let mut shortfalls = Vec::new();
    for path in common::corpus_documents() {
        let plain = path.ends_with(".plain.txt")
            || budlint::parse::detect_layout(&common::read(&path)) == budlint::model::Layout::Plain;
        let tables = statement_detection(&path);
        let planted: usize = tables.iter().map(|t| t.1).sum();
        let detected: usize = tables.iter().map(|t| t.2).sum();
        let enough = if plain {
            // The Jiangsu and Shanghai plain extractions put every cell on a line of its own:
            // no statement row is read, and the rule stays silent on them (see the README).
            detected == 0 || detected * 10 >= planted * 9
        } else {
            detected == planted
        };
        if !enough {
            let misses: Vec<String> = tables
                .iter()
                .flat_map(|(t, _, _, m)| m.iter().map(move |m| format!("{t}: {m}")))
                .collect();
            shortfalls.push(format!(
                "{path}: {detected}/{planted}; missed {}",
                misses.join(", ")
            ));
        }
    }
    assert!(shortfalls.is_empty(), "{}", shortfalls.join("\n"));
}
