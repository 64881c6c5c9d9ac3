//! Cells that left their rows, and the doubts they leave behind.
//!
//! Plain PDF-to-text output (without `-layout`) emits some right-aligned cells away from their
//! row: `2040599 其他法院支出` arrives without its amount, and its `910.00` turns up a few rows
//! further down on a line of its own. The reader keeps such a number as a row without code or
//! name (an *orphan*) and the robbed row as a coded row without numbers (a *homeless* row).
//!
//! [`rehome`] gives orphans back to homeless rows above them when the sums confirm it, and
//! [`assess`] writes down, as [`Doubt`]s on the table, whatever could not be settled, so that the
//! table checks stay silent on the rows concerned instead of reporting the misreading as an error.

use rust_decimal::Decimal;

use crate::arith::{Verdict, check_sum};
use crate::model::{Certainty, Doubt, DoubtKind, Family, Layout, Number, Row, Table};

/// A row holding only numbers: no code, no name.
fn is_orphan(row: &Row) -> bool {
    row.code.is_none()
        && row.label.text.trim().is_empty()
        && !row.values.is_empty()
        && row.not_applicable.is_empty()
}

/// A coded or total row that has no number at all.
fn is_homeless(row: &Row) -> bool {
    (row.code.is_some() || row.is_total()) && row.values.is_empty() && row.not_applicable.is_empty()
}

/// Give orphan numbers back to the homeless rows above them, and record what stays in doubt.
///
/// Only plain text moves cells; in other layouts a row without numbers is a row of empty cells.
pub fn settle(table: &mut Table) {
    if table.layout != Layout::Plain || table.columns.is_empty() {
        return;
    }
    let total = name_leading_total(table);
    let rehomed = rehome(table);
    assess(table, &rehomed, total);
}

/// Numbers before the first named row of a coded table, where no row is named as the total:
/// plain text puts the total row's name (`合计`) among the header cells above the unit line, so
/// this is the total row. Named `合计` by position; returns its index so [`assess`] can put it in
/// doubt when its sum does not confirm the reading.
fn name_leading_total(table: &mut Table) -> Option<usize> {
    let first = table
        .rows
        .iter()
        .position(|r| !r.values.is_empty() || r.code.is_some())?;
    // `1579.38` / `合计`: the total's amount came before its name.
    if is_orphan(&table.rows[first])
        && table
            .rows
            .get(first + 1)
            .is_some_and(|r| r.is_total() && is_homeless(r))
    {
        move_numbers(table, first, first + 1);
        table.rows.remove(first);
        return None;
    }
    let coded = table.rows.iter().any(|r| r.code.is_some());
    if !coded || !is_orphan(&table.rows[first]) || table.rows.iter().any(Row::is_total) {
        return None;
    }
    let row = &mut table.rows[first];
    let at = row.span.start;
    let mut label = crate::model::Text::new();
    label.push_synthetic("合计", at);
    row.label = label;
    Some(first)
}

/// Move orphans into homeless rows. Returns the rows that received numbers, each with whether
/// its reading stands (`false`: the sums could not choose between readings; see [`shift`]).
///
/// Two ways plain text displaces a cell are seen in real extractions, and the sums tell them
/// apart: the cell is emitted rows later, out of order (`2040599`'s `910.00` after the next
/// five rows: the orphan belongs to the waiting row), or a row's amount lags behind the next
/// row's name, pushing each following amount one row down (`302` / `30201 办公费` / `1,585.96` /
/// `370.00`: `302` owns `1,585.96`, and the orphan `370.00` is the last row's). With one row
/// waiting, every such shift is tried, most orderly first, and the first the sums confirm is
/// taken. With several rows waiting, the orphans fill them in order.
fn rehome(table: &mut Table) -> Vec<(usize, bool)> {
    if table.columns.len() == 1 {
        split_single_column_orphans(table);
    }
    let mut waiting: std::collections::VecDeque<usize> = Default::default();
    // Rows with numbers met since the first waiting row: the ones a lag may have shifted.
    let mut since_waiting: Vec<usize> = Vec::new();
    let mut received: Vec<(usize, bool)> = Vec::new();
    let mut emptied = vec![false; table.rows.len()];
    let mut by_order: Vec<usize> = Vec::new();
    // Indices, not an iterator: rows are rewritten as the walk goes.
    #[allow(clippy::needless_range_loop)]
    for i in 0..table.rows.len() {
        let row = &table.rows[i];
        if is_homeless(row) {
            waiting.push_back(i);
            continue;
        }
        if !is_orphan(row) || !row.is_settled() {
            if !waiting.is_empty() && !row.values.is_empty() {
                since_waiting.push(i);
            }
            continue;
        }
        let Some(&home) = waiting.front() else {
            continue;
        };
        if waiting.len() == 1 && table.columns.len() == 1 {
            let chain: Vec<usize> = std::iter::once(home)
                .chain(since_waiting.iter().copied())
                .collect();
            let result = shift(table, &chain, i);
            emptied[i] = true;
            waiting.clear();
            since_waiting.clear();
            // A reading the sums cannot single out is in doubt; one that fails only where a
            // wrong figure of the document would (the fewest sums, unambiguously) is not.
            let settled = result.confirmed || !result.doubtful;
            received.extend(result.moved.into_iter().map(|r| (r, settled)));
            continue;
        }
        waiting.pop_front();
        if waiting.is_empty() {
            since_waiting.clear();
        }
        move_numbers(table, i, home);
        emptied[i] = true;
        by_order.push(home);
    }
    // Several rows waiting, filled in order: the order gives each orphan exactly one home. If
    // the sums then fail, either the document has a wrong figure (one sum fails, and is
    // reported) or the order was wrong (sums fail in two families at once, which the table
    // checks take for a misreading).
    let families = table.code_families();
    for home in by_order {
        let confirmed = families
            .iter()
            .filter(|f| f.total == home || f.parts.contains(&home))
            .all(|f| adds_up(table, f));
        table.rows[home].certainty = if confirmed {
            Certainty::Arithmetic
        } else {
            Certainty::Spacing
        };
        received.push((home, true));
    }
    // The emptied orphan rows go; row indices of the homes follow.
    let mut new_index = vec![usize::MAX; table.rows.len()];
    let mut kept = Vec::with_capacity(table.rows.len());
    for (i, row) in std::mem::take(&mut table.rows).into_iter().enumerate() {
        if !emptied[i] {
            new_index[i] = kept.len();
            kept.push(row);
        }
    }
    table.rows = kept;
    received
        .into_iter()
        .map(|(home, ok)| (new_index[home], ok))
        .collect()
}

/// Put the numbers of row `from` into row `to` (which has none), with their placement.
fn move_numbers(table: &mut Table, from: usize, to: usize) {
    let values = std::mem::take(&mut table.rows[from].values);
    let placement = std::mem::take(&mut table.rows[from].placement);
    let row = &mut table.rows[to];
    for n in &values {
        row.span = row.span.cover(n.span);
    }
    row.values = values;
    row.placement = placement;
}

/// The families that fail under one reading: each by its total row, with stated − sum.
type FailingSums = Vec<(usize, Option<Decimal>)>;

/// How one orphan was given back.
struct Shift {
    /// The rows whose numbers changed.
    moved: Vec<usize>,
    /// Every family those rows belong to adds up.
    confirmed: bool,
    /// The sums cannot tell this reading from another one that fails differently.
    doubtful: bool,
}

/// In a one-column table, give the orphan row `orphan` to `chain[0]` (the one row waiting for
/// its number), with the numbers of `chain[1..=p]` each moved one row up and the orphan taking
/// `chain[p]`'s place, for the p that makes the fewest families fail (0: the orphan goes
/// straight to the waiting row).
///
/// When one reading adds up everywhere, it is taken. When none does, the document has a wrong
/// figure as well, and the reading that needs the fewest wrong sums is taken; if several tie with
/// different families failing, which one holds is not known, and the shift is doubtful. Readings
/// that fail the same families (a shift among siblings of one parent) tie harmlessly: those
/// families fail whichever holds.
fn shift(table: &mut Table, chain: &[usize], orphan: usize) -> Shift {
    let families = table.code_families();
    let original: Vec<Vec<Number>> = chain
        .iter()
        .map(|&r| table.rows[r].values.clone())
        .collect();
    let orphan_values = table.rows[orphan].values.clone();
    let apply = |table: &mut Table, p: usize| {
        for (k, &r) in chain.iter().enumerate() {
            let values = if k < p {
                original[k + 1].clone()
            } else if k == p {
                orphan_values.clone()
            } else {
                original[k].clone()
            };
            table.rows[r].placement = if values.is_empty() {
                Vec::new()
            } else {
                vec![0]
            };
            table.rows[r].values = values;
        }
    };
    // Every family any chain row belongs to, and which of them fail under each p.
    let touched: Vec<&Family> = families
        .iter()
        .filter(|f| chain.iter().any(|r| f.total == *r || f.parts.contains(r)))
        .collect();
    let mut outcomes: Vec<(usize, FailingSums)> = Vec::new();
    for p in (0..chain.len()).rev() {
        apply(table, p);
        let failing: FailingSums = touched
            .iter()
            .filter(|f| !adds_up(table, f))
            .map(|f| (f.total, family_difference(table, f)))
            .collect();
        outcomes.push((p, failing));
    }
    let fewest = outcomes.iter().map(|(_, f)| f.len()).min().unwrap_or(0);
    let best: Vec<&(usize, FailingSums)> =
        outcomes.iter().filter(|(_, f)| f.len() == fewest).collect();
    // Tied readings that fail the same families leave no doubt that those families fail; the
    // one that misses by the least is the likeliest (a misprint is small next to a whole amount
    // moved into the wrong row), and the first of those, the most orderly, is taken.
    let families_of = |f: &FailingSums| f.iter().map(|(total, _)| *total).collect::<Vec<_>>();
    let miss =
        |f: &FailingSums| -> Decimal { f.iter().filter_map(|(_, d)| d.map(|d| d.abs())).sum() };
    let doubtful = best
        .iter()
        .any(|(_, f)| families_of(f) != families_of(&best[0].1));
    let p = if doubtful {
        0
    } else {
        best.iter()
            .min_by_key(|(_, f)| miss(f))
            .map_or(0, |(p, _)| *p)
    };
    apply(table, p);
    let confirmed = fewest == 0;
    let moved = chain[..=p].to_vec();
    for &r in &moved {
        let spans: Vec<_> = table.rows[r].values.iter().map(|n| n.span).collect();
        let row = &mut table.rows[r];
        for s in spans {
            row.span = row.span.cover(s);
        }
        row.certainty = if confirmed {
            Certainty::Arithmetic
        } else {
            Certainty::Spacing
        };
    }
    table.rows[orphan].values.clear();
    table.rows[orphan].placement.clear();
    Shift {
        moved,
        confirmed,
        doubtful,
    }
}

/// The difference (stated − sum) of a one-column family, to tell failing readings apart.
fn family_difference(table: &Table, family: &Family) -> Option<Decimal> {
    let stated = table.rows[family.total].values.first()?.value;
    let sum: Decimal = family
        .parts
        .iter()
        .filter_map(|&i| table.rows[i].values.first())
        .map(|n| n.value)
        .sum();
    Some(stated - sum)
}

/// In a one-column table, an orphan line with several numbers is several orphans.
fn split_single_column_orphans(table: &mut Table) {
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in std::mem::take(&mut table.rows) {
        if is_orphan(&row) && row.values.len() > 1 {
            for n in &row.values {
                rows.push(Row {
                    values: vec![n.clone()],
                    placement: vec![0],
                    certainty: Certainty::Exact,
                    candidates: Vec::new(),
                    span: n.span,
                    ..row.clone()
                });
            }
        } else {
            rows.push(row);
        }
    }
    table.rows = rows;
}

/// Whether a family adds up (within rounding) in every column under the rows' placements.
fn adds_up(table: &Table, family: &Family) -> bool {
    let rows = std::iter::once(family.total).chain(family.parts.iter().copied());
    if rows.clone().any(|i| !table.rows[i].is_settled()) {
        return false;
    }
    (0..table.columns.len()).all(|c| {
        let stated = table.rows[family.total].cell(c).flatten();
        let parts: Vec<&Number> = family
            .parts
            .iter()
            .filter_map(|&i| table.rows[i].cell(c).flatten())
            .collect();
        (stated.is_none() && parts.is_empty())
            || check_sum(stated, &parts).verdict != Verdict::Mismatch
    })
}

/// Record the doubts a plain-text table's reading leaves.
fn assess(table: &mut Table, rehomed: &[(usize, bool)], total_by_position: Option<usize>) {
    let mut doubts = Vec::new();
    if let Some(total) = total_by_position {
        let confirmed = table
            .code_families()
            .iter()
            .filter(|f| f.total == total)
            .all(|f| adds_up(table, f));
        if !confirmed {
            doubts.push(Doubt {
                kind: DoubtKind::TotalByPosition,
                spans: vec![table.rows[total].span],
                rows: Some(vec![total]),
            });
        }
    }
    let unconfirmed: Vec<usize> = rehomed
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(i, _)| *i)
        .collect();
    if !unconfirmed.is_empty() {
        doubts.push(Doubt {
            kind: DoubtKind::RehomedByOrder,
            spans: unconfirmed.iter().map(|&i| table.rows[i].span).collect(),
            rows: Some(unconfirmed),
        });
    }
    let orphans: Vec<usize> = (0..table.rows.len())
        .filter(|&i| is_orphan(&table.rows[i]))
        .collect();
    // A table of value rows only (a horizontal table: 三公经费 under its header) has no row
    // for them to have left.
    if !orphans.is_empty() && orphans.len() < table.rows.len() {
        // Where an orphan came from is unknown: any row above it may be short.
        doubts.push(Doubt {
            kind: DoubtKind::OrphanNumbers,
            spans: orphans.iter().map(|&i| table.rows[i].span).collect(),
            rows: None,
        });
    }
    let has_numbers = table
        .rows
        .iter()
        .any(|r| r.code.is_some() && !r.values.is_empty());
    let homeless: Vec<usize> = (0..table.rows.len())
        .filter(|&i| is_homeless(&table.rows[i]))
        .collect();
    if has_numbers && !homeless.is_empty() {
        doubts.push(Doubt {
            kind: DoubtKind::RowsWithoutNumbers,
            spans: homeless.iter().map(|&i| table.rows[i].span).collect(),
            rows: Some(homeless),
        });
    }
    // Amounts written with decimals make a lone integer suspect (a page number, a stray cell).
    let decimals = table
        .rows
        .iter()
        .flat_map(|r| &r.values)
        .filter(|n| n.decimals > 0)
        .count();
    let integers: Vec<(usize, &Number)> = table
        .rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.values.iter().map(move |n| (i, n)))
        .filter(|(_, n)| n.decimals == 0)
        .collect();
    if decimals >= 3 && !integers.is_empty() && integers.len() * 10 <= decimals {
        let mut rows: Vec<usize> = integers.iter().map(|(i, _)| *i).collect();
        rows.dedup();
        doubts.push(Doubt {
            kind: DoubtKind::StrayInteger,
            spans: integers.iter().map(|(_, n)| n.span).collect(),
            rows: Some(rows),
        });
    }
    table.doubts = doubts;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn table_of(text: &str) -> Table {
        let source = SourceFile::from_str("a.txt", text);
        let document = crate::parse::parse(&source);
        document.tables().next().cloned().expect("a table")
    }

    /// Cut from js-highcourt-2017-budget.plain.txt: `2040599 其他法院支出` loses its 910.00,
    /// which plain text emits after the next rows.
    const MOVED_CELL: &str = "五、财政拨款支出预算表\n单位：万元\n\n科目编码\n\n功能科目名称\n合计\n\n金额\n28,849.38\n\n204\n\n公共安全支出\n\n23,513.11\n\n20405\n\n法院\n\n23,513.11\n\n2040501\n\n行政运行\n\n21,553.11\n\n2040505\n\n案件执行\n\n1,050.00\n\n2040599\n\n其他法院支出\n\n221\n\n住房保障支出\n\n5,336.27\n\n22102\n\n住房改革支出\n\n5,336.27\n\n910.00\n\n2210201\n\n住房公积金\n\n5,336.27\n";

    #[test]
    fn a_moved_cell_goes_back_to_the_row_it_left() {
        let table = table_of(MOVED_CELL);
        let row = table
            .rows
            .iter()
            .find(|r| r.code.as_ref().is_some_and(|c| c.code == "2040599"))
            .expect("the robbed row is kept");
        assert_eq!(row.values.len(), 1);
        assert_eq!(row.values[0].value.to_string(), "910.00");
        assert_eq!(row.certainty, Certainty::Arithmetic);
        assert!(table.doubts.is_empty(), "{:?}", table.doubts);
        assert!(table.rows.iter().all(|r| !is_orphan(r)));
    }

    #[test]
    fn a_misprint_near_a_moved_cell_leaves_the_move_standing() {
        // The same, with 2040501 misprinted: no reading adds up, but giving 910.00 to 2040599
        // fails one sum (20405's, where the misprint is) and every other reading fails more.
        let text = MOVED_CELL.replace("21,553.11", "21,563.11");
        let table = table_of(&text);
        let home = table
            .rows
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.code == "2040599"))
            .expect("the robbed row is kept");
        assert_eq!(table.rows[home].values[0].value.to_string(), "910.00");
        assert!(!table.row_in_doubt(home), "{:?}", table.doubts);
    }

    #[test]
    fn readings_the_sums_cannot_tell_apart_are_in_doubt() {
        // 20102 waits for its number; 60.00 comes after 20801. Given to 20102, 201 fails; moved
        // down the rows, 208 fails instead: one wrong figure either way, so no reading stands.
        let text = "支出预算表\n单位：万元\n\n科目编码\n\n科目名称\n\n金额\n\n201\n\n一般公共服务支出\n\n100.00\n\n20101\n\n人大事务\n\n50.00\n\n20102\n\n政协事务\n\n208\n\n社会保障和就业支出\n\n50.00\n\n20801\n\n人力资源事务\n\n50.00\n\n60.00\n";
        let table = table_of(text);
        let home = table
            .rows
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.code == "20102"))
            .expect("the waiting row");
        assert_eq!(table.rows[home].values[0].value.to_string(), "60.00");
        assert!(table.row_in_doubt(home), "{:?}", table.doubts);
        assert_eq!(table.doubts[0].kind, DoubtKind::RehomedByOrder);
    }

    #[test]
    fn an_amount_lagging_behind_the_next_name_shifts_the_rows_below() {
        // Cut from js-rendaban-2017-budget.plain.txt: 302's 1,585.96 comes after 30201's name,
        // and 30201's 370.00 after that.
        let text = "一般公共预算基本支出预算表\n单位：万元\n\n金额\n2,005.96\n\n302\n\n商品和服务支出\n\n30201\n\n办公费\n\n1,585.96\n\n370.00\n\n30205\n\n水费\n\n50.00\n\n30299\n\n其他商品和服务支出\n\n1,165.96\n\n310\n\n其他资本性支出\n\n420.00\n\n31002\n\n办公设备购置\n\n420.00\n";
        let table = table_of(text);
        let amount = |code: &str| {
            table
                .rows
                .iter()
                .find(|r| r.code.as_ref().is_some_and(|c| c.code == code))
                .map(|r| {
                    r.values
                        .iter()
                        .map(|n| n.value.to_string())
                        .collect::<Vec<_>>()
                })
        };
        assert_eq!(amount("302"), Some(vec!["1585.96".to_string()]));
        assert_eq!(amount("30201"), Some(vec!["370.00".to_string()]));
        assert_eq!(amount("30205"), Some(vec!["50.00".to_string()]));
        assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    }

    #[test]
    fn a_total_named_after_its_amount_and_a_name_after_its_row_amount() {
        // Cut from js-rendaban-2018-budget.plain.txt (一般公共预算机关运行经费支出预算表): the
        // total's amount comes before `合计`, and 302's name after its amount.
        let text = "一般公共预算机关运行经费支出预算表\n单位：万元\n\n科目编码\n\n科目名称\n\n机关运行经费支出\n1579.38\n\n合计\n302\n\n1579.38\n\n商品和服务支出\n\n30201\n\n办公费\n\n370.00\n\n30299\n\n其他商品和服务支出\n\n1209.38\n";
        let table = table_of(text);
        let rows: Vec<(String, String, Vec<String>)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r.code.as_ref().map(|c| c.code.clone()).unwrap_or_default(),
                    r.name(),
                    r.values.iter().map(|n| n.value.to_string()).collect(),
                )
            })
            .collect();
        let row = |c: &str, n: &str, v: &str| (c.to_string(), n.to_string(), vec![v.to_string()]);
        assert_eq!(
            rows,
            [
                row("", "合计", "1579.38"),
                row("302", "商品和服务支出", "1579.38"),
                row("30201", "办公费", "370.00"),
                row("30299", "其他商品和服务支出", "1209.38"),
            ]
        );
        assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    }

    #[test]
    fn a_number_with_no_row_above_to_take_it_puts_the_table_in_doubt() {
        let text = "支出预算表\n单位：万元\n\n科目编码\n\n功能科目名称\n\n金额\n\n204\n\n公共安全支出\n\n23,513.11\n\n910.00\n\n20405\n\n法院\n\n23,513.11\n";
        let table = table_of(text);
        assert!(
            table
                .doubts
                .iter()
                .any(|d| d.kind == DoubtKind::OrphanNumbers && d.rows.is_none()),
            "{:?}",
            table.doubts
        );
        assert!(table.row_in_doubt(0));
    }
}
