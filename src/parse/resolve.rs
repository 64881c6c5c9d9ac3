//! Settling ambiguous row placements with arithmetic: when exactly one placement of a row's
//! numbers makes it agree, in every column, with the subject-code family it belongs to (its
//! children when it is a parent or the 合计 row, its parent and siblings when it is a child),
//! that placement is the row's, with [`Certainty::Arithmetic`].

use crate::arith::{Verdict, check_sum};
use crate::model::{Certainty, Family, Number, Row, Table};

/// Every order-preserving way to put `m` numbers into `k` columns (capped, as `k` is small).
pub fn ordered_placements(m: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(start: usize, m: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() >= 256 {
            return;
        }
        if cur.len() == m {
            out.push(cur.clone());
            return;
        }
        for c in start..k {
            if k - c < m - cur.len() {
                break;
            }
            cur.push(c);
            go(c + 1, m, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    if m <= k {
        go(0, m, k, &mut Vec::with_capacity(m), &mut out);
    }
    out
}

fn cell<'r>(row: &'r Row, placement: &[usize], column: usize) -> Option<&'r Number> {
    row.cell_in(placement, column)
}

/// Whether a family adds up in every column, with `row` placed by `candidate` and every other
/// row by its own (settled) placement.
fn family_consistent(table: &Table, family: &Family, row: usize, candidate: &[usize]) -> bool {
    let placement = |i: usize| -> &[usize] {
        if i == row {
            candidate
        } else {
            &table.rows[i].placement
        }
    };
    (0..table.columns.len()).all(|c| {
        let total = &table.rows[family.total];
        let stated = cell(total, placement(family.total), c);
        let parts: Vec<&Number> = family
            .parts
            .iter()
            .filter_map(|&i| cell(&table.rows[i], placement(i), c))
            .collect();
        (stated.is_none() && parts.is_empty())
            || check_sum(stated, &parts).verdict != Verdict::Mismatch
    })
}

/// Settle ambiguous rows of `table` whose family leaves exactly one placement.
pub fn settle_by_arithmetic(table: &mut Table) {
    if table.rows.iter().all(Row::is_settled) {
        return;
    }
    let families = table.code_families();
    for row in 0..table.rows.len() {
        if table.rows[row].is_settled() {
            continue;
        }
        // Only families whose other rows are all settled can decide.
        let deciding: Vec<&Family> = families
            .iter()
            .filter(|f| f.total == row || f.parts.contains(&row))
            .filter(|f| {
                std::iter::once(f.total)
                    .chain(f.parts.iter().copied())
                    .all(|i| i == row || table.rows[i].is_settled())
            })
            .collect();
        if deciding.is_empty() {
            continue;
        }
        let fitting: Vec<&Vec<usize>> = table.rows[row]
            .candidates
            .iter()
            .filter(|cand| {
                deciding
                    .iter()
                    .all(|f| family_consistent(table, f, row, cand))
            })
            .collect();
        if let [only] = fitting.as_slice() {
            let only = (*only).clone();
            let r = &mut table.rows[row];
            r.placement = only;
            r.certainty = Certainty::Arithmetic;
            r.candidates.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn placements_are_ordered_injections() {
        assert_eq!(
            ordered_placements(2, 3),
            vec![vec![0, 1], vec![0, 2], vec![1, 2]]
        );
        assert_eq!(ordered_placements(3, 7).len(), 35);
        assert!(ordered_placements(4, 3).is_empty());
    }

    #[test]
    fn an_ambiguous_total_row_is_settled_by_its_children() {
        // The 合计 row's runs of spaces do not match the 7 columns; its children settle it.
        let text = "2024年预算收入总表\n\n单位：万元\n\n科目编码 科目名称 合计 一般公共预算 政府性基金 国有资本经营预算 财政专户管理资金 单位资金 上年结转\n\n合计 529.12 529.12         21.57\n\n208 社会保障和就业支出 47.83 47.83      \n\n210 卫生健康支出 445.42 445.42     21.57\n\n221 住房保障支出 35.87 35.87      \n";
        let source = SourceFile::from_str("a.txt", text);
        let document = crate::parse::parse(&source);
        let table = document.tables().next().expect("a table");
        let total = &table.rows[0];
        assert_eq!(total.certainty, Certainty::Arithmetic);
        assert_eq!(total.placement, vec![0, 1, 6]);
    }

    #[test]
    fn a_total_that_fits_no_placement_stays_ambiguous() {
        let text = "2024年预算收入总表\n\n单位：万元\n\n科目编码 科目名称 合计 一般公共预算 政府性基金 国有资本经营预算 财政专户管理资金 单位资金 上年结转\n\n合计 540.12 529.12         21.57\n\n208 社会保障和就业支出 47.83 47.83      \n\n210 卫生健康支出 445.42 445.42     21.57\n\n221 住房保障支出 35.87 35.87      \n";
        let source = SourceFile::from_str("a.txt", text);
        let document = crate::parse::parse(&source);
        let table = document.tables().next().expect("a table");
        assert_eq!(table.rows[0].certainty, Certainty::Ambiguous);
        assert_eq!(table.rows[0].candidates.len(), 35);
    }
}
