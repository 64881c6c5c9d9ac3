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
    family_fits(table, family, &|i| {
        if i == row {
            candidate
        } else {
            &table.rows[i].placement
        }
    })
}

/// Settle ambiguous rows of `table` whose family leaves exactly one placement.
pub fn settle_by_arithmetic(table: &mut Table) {
    if table.rows.iter().all(Row::is_settled) {
        return;
    }
    let families = table.code_families();
    settle_rows_one_by_one(table, &families);
    settle_families_whole(table, &families);
}

/// The most ways a family's unsettled rows are tried together in (the product of their
/// candidates): families are small, and this keeps the search bounded whatever the table.
const MAX_COMBINATIONS: usize = 256;

/// How many passes [`settle_families_whole`] makes: each settles a level of subject codes
/// (合计, 类, 款, 项) from the families above it, so a few suffice.
const PASSES: usize = 4;

/// Settle families whose unsettled rows (several of them) fit the family's sums together in
/// exactly one way: every other combination of their placements fails the family, so that one
/// is theirs. A family settled this way settles its rows' own families in the next pass.
fn settle_families_whole(table: &mut Table, families: &[Family]) {
    for _ in 0..PASSES {
        let mut changed = false;
        for family in families {
            let members: Vec<usize> = std::iter::once(family.total)
                .chain(family.parts.iter().copied())
                .collect();
            let open: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| !table.rows[i].is_settled())
                .collect();
            let combinations = open.iter().try_fold(1usize, |n, &i| {
                n.checked_mul(table.rows[i].candidates.len())
                    .filter(|&n| n <= MAX_COMBINATIONS)
            });
            if open.is_empty() || combinations.is_none_or(|n| n == 0) {
                continue;
            }
            let mut fitting: Option<Vec<usize>> = None;
            let mut fits = 0;
            let mut choice = vec![0usize; open.len()];
            loop {
                let placement = |i: usize| -> &[usize] {
                    match open.iter().position(|&o| o == i) {
                        Some(k) => &table.rows[i].candidates[choice[k]],
                        None => &table.rows[i].placement,
                    }
                };
                if family_fits(table, family, &placement) {
                    fits += 1;
                    fitting = Some(choice.clone());
                    if fits > 1 {
                        break;
                    }
                }
                // The next combination, the last row's candidate turning fastest.
                let mut k = open.len();
                while k > 0 {
                    k -= 1;
                    choice[k] += 1;
                    if choice[k] < table.rows[open[k]].candidates.len() {
                        break;
                    }
                    choice[k] = 0;
                }
                if choice.iter().all(|&c| c == 0) {
                    break;
                }
            }
            if let (1, Some(choice)) = (fits, fitting) {
                for (k, &i) in open.iter().enumerate() {
                    let row = &mut table.rows[i];
                    row.placement = row.candidates[choice[k]].clone();
                    row.certainty = Certainty::Arithmetic;
                    row.candidates.clear();
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Whether a family whose rows are all placed adds up in every column.
pub(crate) fn family_adds_up(table: &Table, family: &Family) -> bool {
    let members = std::iter::once(family.total).chain(family.parts.iter().copied());
    members
        .clone()
        .all(|i| table.rows.get(i).is_some_and(Row::is_settled))
        && family_fits(table, family, &|i| table.rows[i].placement.as_slice())
}

/// Whether a family adds up in every column with each row placed by `placement`.
fn family_fits<'t>(
    table: &'t Table,
    family: &Family,
    placement: &dyn Fn(usize) -> &'t [usize],
) -> bool {
    (0..table.columns.len()).all(|c| {
        let stated = cell(&table.rows[family.total], placement(family.total), c);
        let parts: Vec<&Number> = family
            .parts
            .iter()
            .filter_map(|&i| cell(&table.rows[i], placement(i), c))
            .collect();
        (stated.is_none() && parts.is_empty())
            || check_sum(stated, &parts).verdict != Verdict::Mismatch
    })
}

/// Settle ambiguous rows one at a time, each by the families whose other rows are settled.
fn settle_rows_one_by_one(table: &mut Table, families: &[Family]) {
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
