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
