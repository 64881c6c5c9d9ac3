//! The same published PDF read from plain `pdftotext` output and from `pdftotext -layout`
//! output: the `-layout` reading, where a row is a whole line, is the reference for what each
//! coded row holds. For every coded table of the plain reading, the rows that agree with the
//! `-layout` reading (same subject code, same amounts in the same order, and the same columns
//! when both readings place them) are counted; `--nocapture` prints the counts per table, and
//! `BUDLINT_SHOW_DISAGREEMENTS=1` every row that does not agree.

mod common;

use budlint::model::{Row, Table};

fn amounts(row: &Row) -> Vec<String> {
    row.values
        .iter()
        .map(|n| n.value.normalize().to_string())
        .collect()
}

/// The amounts of a row by column, when its placement is settled; zeros left out, since one
/// reading may print `0` where the other leaves the cell empty.
fn by_column(row: &Row) -> Option<Vec<(usize, String)>> {
    row.is_settled().then(|| {
        row.values
            .iter()
            .zip(&row.placement)
            .filter(|(n, _)| !n.value.is_zero())
            .map(|(n, &c)| (c, n.value.normalize().to_string()))
            .collect()
    })
}

fn nonzero(row: &Row) -> Vec<String> {
    row.values
        .iter()
        .filter(|n| !n.value.is_zero())
        .map(|n| n.value.normalize().to_string())
        .collect()
}

/// Coded rows and total rows, keyed by code (`合计` for the total).
fn keyed(table: &Table) -> Vec<(String, &Row)> {
    table
        .rows
        .iter()
        .filter_map(|r| match (&r.code, r.is_total()) {
            (Some(c), _) => Some((c.code.clone(), r)),
            (None, true) => Some(("合计".to_string(), r)),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Agreement {
    /// Coded and total rows of the `-layout` table.
    reference: usize,
    /// Of these, rows the plain reading has with the same code and the same amounts.
    same_amounts: usize,
    /// Of these, rows whose amounts stand in the same columns (both settled), or that the plain
    /// reading leaves unplaced.
    same_columns: usize,
    /// Rows of the plain reading with a code the `-layout` reading does not have.
    unknown_codes: usize,
}

fn compare(plain: &Table, layout: &Table, show: bool, what: &str) -> Agreement {
    let reference = keyed(layout);
    let read = keyed(plain);
    let mut a = Agreement {
        reference: reference.len(),
        ..Agreement::default()
    };
    for (key, row) in &reference {
        let same: Vec<&&Row> = read
            .iter()
            .filter(|(k, r)| k == key && nonzero(r) == nonzero(row))
            .map(|(_, r)| r)
            .collect();
        match same.first() {
            Some(p) => {
                a.same_amounts += 1;
                match (by_column(p), by_column(row)) {
                    (Some(x), Some(y)) if x != y => {
                        if show {
                            eprintln!("  {what}: {key} in other columns: {x:?} vs {y:?}");
                        }
                    }
                    _ => a.same_columns += 1,
                }
            }
            None => {
                if show {
                    let got: Vec<Vec<String>> = read
                        .iter()
                        .filter(|(k, _)| k == key)
                        .map(|(_, r)| amounts(r))
                        .collect();
                    eprintln!(
                        "  {what}: {key} {} {:?}: plain has {got:?}",
                        row.name(),
                        amounts(row)
                    );
                }
            }
        }
    }
    let known: Vec<&String> = reference.iter().map(|(k, _)| k).collect();
    a.unknown_codes = read.iter().filter(|(k, _)| !known.contains(&k)).count();
    if show && a.unknown_codes > 0 {
        let unknown: Vec<&String> = read
            .iter()
            .map(|(k, _)| k)
            .filter(|k| !known.contains(k))
            .collect();
        eprintln!("  {what}: codes not in the -layout table: {unknown:?}");
    }
    a
}

/// Pair each coded plain table with the `-layout` table sharing most of its codes.
fn agreement(name: &str) -> Vec<(String, Agreement)> {
    let show = std::env::var_os("BUDLINT_SHOW_DISAGREEMENTS").is_some();
    let plain_source = common::read(&format!("fixtures/corpus/{name}.plain.txt"));
    let layout_source = common::read(&format!("fixtures/corpus/{name}.layout.txt"));
    let plain = budlint::parse::parse(&plain_source);
    let layout = budlint::parse::parse(&layout_source);
    let layout_tables: Vec<&Table> = layout
        .tables()
        .filter(|t| t.rows.iter().any(|r| r.code.is_some()))
        .collect();
    let mut out = Vec::new();
    let mut used = vec![false; layout_tables.len()];
    for table in plain.tables() {
        let codes: Vec<String> = keyed(table)
            .into_iter()
            .filter(|(k, _)| k != "合计")
            .map(|(k, _)| k)
            .collect();
        let overlap = |t: &Table| keyed(t).iter().filter(|(k, _)| codes.contains(k)).count();
        let best = (0..layout_tables.len())
            .filter(|&i| !used[i])
            .max_by_key(|&i| (overlap(layout_tables[i]), std::cmp::Reverse(i)));
        let Some(best) = best.filter(|&i| overlap(layout_tables[i]) > 0) else {
            continue;
        };
        used[best] = true;
        let line = plain_source.line_col(table.span.start).0;
        let what = format!("{name}.plain.txt:{line}");
        out.push((
            what.clone(),
            compare(table, layout_tables[best], show, &what),
        ));
    }
    // Coded tables of the reference that no plain table matched.
    for (i, t) in layout_tables.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let _ = i;
        let line = layout_source.line_col(t.span.start).0;
        out.push((
            format!("{name}.layout.txt:{line} (no plain table)"),
            Agreement {
                reference: keyed(t).len(),
                ..Agreement::default()
            },
        ));
    }
    out
}

fn report(name: &str) -> Agreement {
    let mut total = Agreement::default();
    for (what, a) in agreement(name) {
        eprintln!(
            "{what}: {}/{} rows agree ({} in the same columns), {} codes not in -layout",
            a.same_amounts, a.reference, a.same_columns, a.unknown_codes
        );
        total.reference += a.reference;
        total.same_amounts += a.same_amounts;
        total.same_columns += a.same_columns;
        total.unknown_codes += a.unknown_codes;
    }
    eprintln!(
        "{name}: {}/{} coded and total rows agree with -layout ({} in the same columns), {} codes not in -layout",
        total.same_amounts, total.reference, total.same_columns, total.unknown_codes
    );
    total
}

/// Per document: the coded and total rows of the `-layout` reading, how many of them the plain
/// reading must have with the same amounts, and how many codes it may have that the `-layout`
/// reading lacks.
const EXPECTED: &[(&str, usize, usize, usize)] = &[
    ("sh-putuo-wanli-2024-budget", 233, 193, 0),
    ("sh-putuo-finance-2025-budget", 90, 84, 0),
    ("js-highcourt-2017-budget", 116, 116, 0),
    ("js-partyoffice-2018-budget-tables", 106, 106, 0),
    ("js-procuratorate-2018-budget", 106, 106, 0),
    ("js-rendaban-2017-budget", 102, 102, 0),
    ("js-rendaban-2018-budget", 101, 97, 0),
];

#[test]
fn plain_readings_agree_with_layout_readings() {
    let mut problems = Vec::new();
    for &(name, reference, agree, unknown) in EXPECTED {
        let a = report(name);
        if a.reference != reference || a.same_amounts < agree || a.unknown_codes > unknown {
            problems.push(format!(
                "{name}: {}/{} rows agree (expected {agree}/{reference}), {} codes not in -layout (at most {unknown})",
                a.same_amounts, a.reference, a.unknown_codes
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Plain readings of tables drawn as PDF grids (WPS / Foxit exports), cut from the documents of
// `unseen14`: `tests/fixtures/plain/`.

/// Each error-level finding as `line [rule] message`.
fn plain_errors(path: &str) -> Vec<String> {
    use budlint::diagnostic::Severity;
    let source = std::sync::Arc::new(common::read(path));
    let report =
        budlint::lint::lint_source(source, &common::builtin_rules(), budlint::engine::Lang::En);
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let line = report.source.line_col(d.primary_span().start).0;
            format!("{line} [{}] {}", d.rule, d.message)
        })
        .collect()
}

/// The one table of a fixture, with the source to find its rows' lines.
fn only_table(path: &str) -> (budlint::source::SourceFile, Table) {
    let source = common::read(path);
    let doc = budlint::parse::parse(&source);
    let tables: Vec<&Table> = doc.tables().collect();
    assert_eq!(tables.len(), 1, "{path}: {} tables", tables.len());
    let table = tables[0].clone();
    (source, table)
}

const CONTINUED: &str = "tests/fixtures/plain/continued-after-form-number-and-mark.plain.txt";
const TALL: &str = "tests/fixtures/plain/tall-budget-column-beside-outturn-group.plain.txt";

/// A table broken over a page whose next page opens with the report's name, the form number
/// `公开02表`, `（续表）` and the header again: the rows after the break are the table's, the
/// page's head is no row, and 213 农林水支出 adds up with its 款 on both pages.
#[test]
fn plain_table_goes_on_after_form_number_and_continuation_mark() {
    let (source, table) = only_table(CONTINUED);
    let codes: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            "213", "21301", "2130104", "2130199", "21303", "2130305", "21307", "2130705"
        ],
        "{CONTINUED}: codes read"
    );
    let after_break = table
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.code == "21303"))
        .map(|r| source.line_col(r.span.start).0);
    assert_eq!(
        after_break,
        Some(139),
        "{CONTINUED}: 21303 水利 is a row of the table"
    );
    assert!(
        table
            .rows
            .iter()
            .all(|r| r.is_settled() && !r.name().contains("部门预算")),
        "{CONTINUED}: every row placed, the running header no row"
    );
    assert!(table.doubts.is_empty(), "{CONTINUED}: {:?}", table.doubts);
    let found = plain_errors(CONTINUED);
    assert!(
        found.is_empty(),
        "{CONTINUED}: false alarms:\n{}",
        found.join("\n")
    );
}

/// A fault planted after the page break (21303 水利 1,532.60 for 1,523.60) is reported, on the
/// changed row and on the 类 it no longer adds up to.
#[test]
fn plain_fault_after_a_continuation_mark_is_reported() {
    let path = "tests/fixtures/plain/continued-after-form-number-and-mark.faulty.plain.txt";
    let found = plain_errors(path);
    for line in ["143 [subject-code-sum]", "45 [subject-code-sum]"] {
        assert!(
            found.iter().any(|f| f.starts_with(line)),
            "{path}: no error `{line}`; found:\n{}",
            found.join("\n")
        );
    }
}

/// `决算数` / `科目编码` / `科目名称` / `年初预算数` / `合计` / `基本支出` / `项目支出` / `合计`: the
/// cell 年初预算数 spans both header rows, so plain text prints it between the rows; the last
/// `合计` is the total row's name. The rows' sums place 年初预算数 left of 决算数's columns, and
/// the prose's 一般公共预算财政拨款支出 6502.30 is the 决算数 合计, not the 年初预算 5804.76.
#[test]
fn plain_tall_header_cell_is_placed_by_the_rows_sums() {
    let (_, table) = only_table(TALL);
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "年初预算数",
            "决算数/合计",
            "决算数/基本支出",
            "决算数/项目支出"
        ],
        "{TALL}: columns"
    );
    let total = table.rows.iter().find(|r| r.is_total()).expect("total row");
    let values: Vec<String> = total.values.iter().map(|n| n.value.to_string()).collect();
    assert_eq!(
        values,
        ["5804.76", "6502.30", "1159.00", "5343.30"],
        "{TALL}"
    );
    let found = plain_errors(TALL);
    assert!(
        found.is_empty(),
        "{TALL}: false alarms:\n{}",
        found.join("\n")
    );
}

/// The prose restating the 决算数 合计 wrongly (6520.30) is still reported; a cell misprinted in
/// the table (45.60 → 46.50 under 决算数 合计) leaves the columns unnamed (no side fits every
/// row) and is still reported by its 款's sum.
#[test]
fn plain_faults_beside_a_tall_header_cell_are_reported() {
    let prose = "tests/fixtures/plain/tall-budget-column-beside-outturn-group.faulty.plain.txt";
    let found = plain_errors(prose);
    assert!(
        found.iter().any(|f| f.starts_with("372 [restated-amount]")),
        "{prose}: found:\n{}",
        found.join("\n")
    );
    let cell = "tests/fixtures/plain/tall-budget-column-beside-outturn-group.faulty-cell.plain.txt";
    let (_, table) = only_table(cell);
    assert!(
        table.columns.iter().all(|c| c.name.starts_with('列')),
        "{cell}: columns named without proof: {:?}",
        table.columns
    );
    let found = plain_errors(cell);
    assert!(
        found.iter().any(|f| f.starts_with("48 [subject-code-sum]")),
        "{cell}: found:\n{}",
        found.join("\n")
    );
}
