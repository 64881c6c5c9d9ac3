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
//! A failure that no reading avoids is not a misreading: once every orphan has found a row, a
//! move under which the sums fail, and under every other reading too, is not put in doubt.
//! Rows whose code the reader lost (amounts, a name, no code, in a coded table) put the sums of
//! the codes around them in doubt.

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
    // The sums that confirm a reading need the rows the arithmetic places.
    super::resolve::settle_by_arithmetic(table);
    assess(table, &rehomed, total);
}

/// Outside plain text (which [`settle`] reads), a row of amounts with neither a code nor a name
/// in a table of coded or named rows: a cell the layout printed away from its row (a name
/// wrapped around the amounts of another group's row in a table of groups side by side; a
/// project's last amount printed a line below the next project's, as Chromium's PDFs put it in
/// a 项目支出表 whose names wrap). Which row it belongs to is unknown, so every sum of the table is
/// in doubt.
pub fn doubt_stray_amounts(table: &mut Table) {
    if table.layout == Layout::Plain || table.columns.is_empty() {
        return;
    }
    let named = table
        .rows
        .iter()
        .filter(|r| (r.code.is_some() || !r.label.text.trim().is_empty()) && !r.values.is_empty())
        .count();
    let stray: Vec<crate::source::Span> = table
        .rows
        .iter()
        .filter(|r| is_orphan(r))
        .map(|r| r.span)
        .collect();
    if named >= 3 && !stray.is_empty() && stray.len() < table.rows.len() {
        table.doubts.push(Doubt {
            kind: DoubtKind::OrphanNumbers,
            spans: stray,
            rows: None,
        });
    }
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

/// Move orphans into homeless rows. Returns the rows that received numbers, with whether their
/// reading is settled (not in doubt).
///
/// Two ways plain text displaces a cell are seen in real extractions, and the sums tell them
/// apart: the cell is emitted rows later, out of order (`2040599`'s `910.00` after the next
/// five rows: the orphan belongs to the waiting row), or a row's amount lags behind the next
/// row's name, pushing each following amount one row down (`302` / `30201 办公费` / `1,585.96` /
/// `370.00`: `302` owns `1,585.96`, and the orphan `370.00` is the last row's). With one row
/// waiting, every such shift is tried; with several rows waiting, the orphans fill them in
/// order, and every other order of the same numbers among the same rows is tried too.
///
/// A reading is settled when it is the only one under which the sums of the rows it touches add
/// up. When several add up (the numbers of sibling rows swapped), the order of the text is kept
/// and the rows are in doubt. When none adds up, the sums fail whatever the reading; once every
/// orphan has found a row and every row its numbers, that failure is the document's, and the
/// rows are not in doubt (otherwise an orphan left over may be what was missing).
fn rehome(table: &mut Table) -> Vec<(usize, bool)> {
    if table.columns.len() == 1 {
        split_single_column_orphans(table);
    }
    let mut waiting: std::collections::VecDeque<usize> = Default::default();
    // Rows with numbers met after the row waiting first: the ones a lag may have shifted.
    let mut since_waiting: Vec<usize> = Vec::new();
    let mut received: Vec<(usize, Readings)> = Vec::new();
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
            let shifts = shifts_that_add_up(table, &chain, i);
            if let [p] = shifts.as_slice() {
                let moved = shift(table, &chain, i, *p);
                emptied[i] = true;
                waiting.clear();
                since_waiting.clear();
                received.extend(moved.into_iter().map(|r| (r, Readings::One)));
                continue;
            }
            if shifts.len() > 1 {
                // The order of the text, in doubt.
                waiting.clear();
                since_waiting.clear();
                move_numbers(table, i, home);
                emptied[i] = true;
                received.push((home, Readings::Several));
                continue;
            }
            // No reading adds up: the document has a wrong figure too. The reading that fails
            // the fewest families is the likeliest; if readings failing different families
            // tie, which holds is not known.
            match least_failing_shift(table, &chain, i) {
                Some(p) => {
                    let moved = shift(table, &chain, i, p);
                    for &r in &moved {
                        table.rows[r].certainty = Certainty::Spacing;
                    }
                    received.extend(moved.into_iter().map(|r| (r, Readings::None)));
                }
                None => {
                    move_numbers(table, i, home);
                    received.push((home, Readings::Several));
                }
            }
            emptied[i] = true;
            waiting.clear();
            since_waiting.clear();
            continue;
        }
        waiting.pop_front();
        match waiting.front() {
            Some(&next) => since_waiting.retain(|&r| r > next),
            None => since_waiting.clear(),
        }
        move_numbers(table, i, home);
        emptied[i] = true;
        by_order.push(home);
    }
    received.extend(settle_order(table, &by_order));
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
    // A failure of every reading is the document's once nothing is left to place.
    let all_placed = !table.rows.iter().any(|r| is_orphan(r) || is_homeless(r));
    received
        .into_iter()
        .map(|(home, readings)| {
            let settled = match readings {
                Readings::One => true,
                Readings::Several => false,
                Readings::None => all_placed,
            };
            (new_index[home], settled)
        })
        .collect()
}

/// The most rows a lagging amount is tried shifted over: a cell lags within its page, and
/// trying every shift of a long table would take time quadratic in its length.
const MAX_SHIFT: usize = 64;

/// How many readings of a move make the sums it touches add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readings {
    None,
    One,
    Several,
}

/// The families a set of rows belongs to (as total or part) all add up.
fn touched_add_up(table: &Table, families: &[Family], rows: &[usize]) -> bool {
    families
        .iter()
        .filter(|f| rows.iter().any(|r| f.total == *r || f.parts.contains(r)))
        .all(|f| adds_up(table, f))
}

/// Settle the rows that received numbers by order: the order of the text when the sums confirm
/// it, else the one other order of the same numbers among the same rows that they confirm
/// (tried for up to six rows).
fn settle_order(table: &mut Table, homes: &[usize]) -> Vec<(usize, Readings)> {
    if homes.is_empty() {
        return Vec::new();
    }
    let families = table.code_families();
    let verdict = |table: &Table, home: usize| touched_add_up(table, &families, &[home]);
    if homes.iter().all(|&h| verdict(table, h)) {
        for &h in homes {
            table.rows[h].certainty = Certainty::Arithmetic;
        }
        return homes.iter().map(|&h| (h, Readings::One)).collect();
    }
    let original: Vec<(Vec<Number>, Vec<usize>)> = homes
        .iter()
        .map(|&h| {
            (
                table.rows[h].values.clone(),
                table.rows[h].placement.clone(),
            )
        })
        .collect();
    let mut fitting: Vec<Vec<usize>> = Vec::new();
    if homes.len() <= 6 {
        for order in permutations(homes.len()) {
            for (k, &h) in homes.iter().enumerate() {
                let (values, placement) = original[order[k]].clone();
                table.rows[h].values = values;
                table.rows[h].placement = placement;
            }
            if touched_add_up(table, &families, homes) {
                fitting.push(order);
                if fitting.len() > 1 {
                    break;
                }
            }
        }
    }
    let (order, certainty, readings) = match fitting.as_slice() {
        [one] => (one.clone(), Certainty::Arithmetic, Readings::One),
        [] => (
            (0..homes.len()).collect(),
            Certainty::Spacing,
            Readings::None,
        ),
        _ => (
            (0..homes.len()).collect(),
            Certainty::Spacing,
            Readings::Several,
        ),
    };
    for (k, &h) in homes.iter().enumerate() {
        let (values, placement) = original[order[k]].clone();
        let row = &mut table.rows[h];
        for n in &values {
            row.span = row.span.cover(n.span);
        }
        row.values = values;
        row.placement = placement;
        row.certainty = certainty;
    }
    homes.iter().map(|&h| (h, readings)).collect()
}

/// Every order of `n` things, the identity first.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn go(cur: &mut Vec<usize>, used: &mut Vec<bool>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == used.len() {
            out.push(cur.clone());
            return;
        }
        for i in 0..used.len() {
            if !used[i] {
                used[i] = true;
                cur.push(i);
                go(cur, used, out);
                cur.pop();
                used[i] = false;
            }
        }
    }
    let mut out = Vec::new();
    go(&mut Vec::with_capacity(n), &mut vec![false; n], &mut out);
    out
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

/// The readings of one orphan row in a one-column table: for shift `p`, the rows `chain[0..p]`
/// (`chain[0]` waiting for its number) take the numbers of `chain[1..=p]`, each moving one row
/// up, and `chain[p]` takes the orphan's.
struct Shifts<'c> {
    chain: &'c [usize],
    original: Vec<Vec<Number>>,
    orphan_values: Vec<Number>,
}

impl<'c> Shifts<'c> {
    fn new(table: &Table, chain: &'c [usize], orphan: usize) -> Shifts<'c> {
        Shifts {
            chain,
            original: chain
                .iter()
                .map(|&r| table.rows[r].values.clone())
                .collect(),
            orphan_values: table.rows[orphan].values.clone(),
        }
    }

    /// Put the numbers where shift `p` puts them (`None`: where the text put them).
    fn apply(&self, table: &mut Table, p: Option<usize>) {
        for (k, &r) in self.chain.iter().enumerate() {
            let values = match p.map(|p| k.cmp(&p)) {
                Some(std::cmp::Ordering::Less) => self.original[k + 1].clone(),
                Some(std::cmp::Ordering::Equal) => self.orphan_values.clone(),
                _ => self.original[k].clone(),
            };
            table.rows[r].placement = if values.is_empty() {
                Vec::new()
            } else {
                vec![0]
            };
            table.rows[r].values = values;
        }
    }

    /// Try every shift, most orderly first (over at most [`MAX_SHIFT`] rows), judging each with
    /// `judge`; the table is left as it was.
    fn judged<T>(&self, table: &mut Table, judge: impl Fn(&Table, usize) -> T) -> Vec<(usize, T)> {
        let tried = (0..self.chain.len().min(MAX_SHIFT + 1))
            .rev()
            .map(|p| {
                self.apply(table, Some(p));
                (p, judge(table, p))
            })
            .collect();
        self.apply(table, None);
        tried
    }
}

/// The shifts (see [`Shifts`]) under which every family touched adds up.
fn shifts_that_add_up(table: &mut Table, chain: &[usize], orphan: usize) -> Vec<usize> {
    let families = table.code_families();
    Shifts::new(table, chain, orphan)
        .judged(table, |table, p| {
            touched_add_up(table, &families, &chain[..=p])
        })
        .into_iter()
        .filter(|(_, fits)| *fits)
        .map(|(p, _)| p)
        .collect()
}

/// The families that fail under one reading: each by its total row, with stated − sum.
type FailingSums = Vec<(usize, Option<Decimal>)>;

/// When no shift (see [`Shifts`]) makes the sums add up, the one that fails the
/// fewest families, or `None` when readings failing different families tie. Readings that fail
/// the same families (a shift among siblings of one parent) tie harmlessly: those families fail
/// whichever holds, and the one that misses by the least (a misprint is small next to a whole
/// amount moved into the wrong row) is taken. The table is left as it was.
fn least_failing_shift(table: &mut Table, chain: &[usize], orphan: usize) -> Option<usize> {
    let families = table.code_families();
    let touched: Vec<&Family> = families
        .iter()
        .filter(|f| chain.iter().any(|r| f.total == *r || f.parts.contains(r)))
        .collect();
    let outcomes: Vec<(usize, FailingSums)> =
        Shifts::new(table, chain, orphan).judged(table, |table, _| {
            touched
                .iter()
                .filter(|f| !adds_up(table, f))
                .map(|f| (f.total, family_difference(table, f)))
                .collect()
        });
    let fewest = outcomes.iter().map(|(_, f)| f.len()).min()?;
    let best: Vec<&(usize, FailingSums)> =
        outcomes.iter().filter(|(_, f)| f.len() == fewest).collect();
    let families_of = |f: &FailingSums| f.iter().map(|(total, _)| *total).collect::<Vec<_>>();
    if best
        .iter()
        .any(|(_, f)| families_of(f) != families_of(&best[0].1))
    {
        return None;
    }
    let miss =
        |f: &FailingSums| -> Decimal { f.iter().filter_map(|(_, d)| d.map(|d| d.abs())).sum() };
    best.iter().min_by_key(|(_, f)| miss(f)).map(|(p, _)| *p)
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

/// Apply shift `p` (see [`Shifts`]); returns the rows it changed.
fn shift(table: &mut Table, chain: &[usize], orphan: usize, p: usize) -> Vec<usize> {
    Shifts::new(table, chain, orphan).apply(table, Some(p));
    for &r in &chain[..=p] {
        let spans: Vec<_> = table.rows[r].values.iter().map(|n| n.span).collect();
        let row = &mut table.rows[r];
        for s in spans {
            row.span = row.span.cover(s);
        }
        row.certainty = Certainty::Arithmetic;
    }
    table.rows[orphan].values.clear();
    table.rows[orphan].placement.clear();
    chain[..=p].to_vec()
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
            // A total short of amounts: the cells it lacks may have come out after the next
            // row's (`合计` / `人员经费` / `公用经费` / `319.37` / `253.69` / `工资福利支出` /
            // `250.23` / `250.23` / `65.68`), so that row's reading is in doubt too.
            let mut rows = vec![total];
            if table.rows[total].values.len() < table.columns.len()
                && let Some(next) =
                    (total + 1..table.rows.len()).find(|&i| !table.rows[i].values.is_empty())
            {
                rows.push(next);
            }
            doubts.push(Doubt {
                kind: DoubtKind::TotalByPosition,
                spans: rows.iter().map(|&i| table.rows[i].span).collect(),
                rows: Some(rows),
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
    doubts.extend(codes_missing(table));
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

/// Rows with amounts but no code in a table of coded rows. Their codes are elsewhere, so the
/// sums they belong to are not known: every parent whose rows they stand among (up to the next
/// code outside it), and the total, is in doubt.
fn codes_missing(table: &Table) -> Option<Doubt> {
    let uncoded: Vec<usize> = (0..table.rows.len())
        .filter(|&i| {
            let r = &table.rows[i];
            r.code.is_none() && !r.is_total() && !r.values.is_empty() && !is_orphan(r)
        })
        .collect();
    let coded = table.rows.iter().filter(|r| r.code.is_some()).count();
    if uncoded.is_empty() || coded < 3 {
        return None;
    }
    let mut parents: Vec<usize> = (0..table.rows.len())
        .filter(|&i| table.rows[i].is_total())
        .collect();
    for (i, row) in table.rows.iter().enumerate() {
        let Some(code) = &row.code else { continue };
        let end = table.rows[i + 1..]
            .iter()
            .position(|r| {
                r.is_total()
                    || r.code
                        .as_ref()
                        .is_some_and(|c| !c.code.starts_with(&code.code))
            })
            .map_or(table.rows.len(), |p| i + 1 + p);
        if uncoded.iter().any(|&u| u > i && u < end) {
            parents.push(i);
        }
    }
    if parents.is_empty() {
        return None;
    }
    parents.sort_unstable();
    Some(Doubt {
        kind: DoubtKind::CodesMissing,
        spans: uncoded.iter().map(|&i| table.rows[i].span).collect(),
        rows: Some(parents),
    })
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
    fn a_misprint_no_reading_explains_is_the_documents() {
        // The same, with 2040501 misprinted: no reading of the moved cell makes 20405 add up, and
        // every number has found its row, so the failure is reported, not put in doubt.
        let text = MOVED_CELL.replace("21,553.11", "21,563.11");
        let table = table_of(&text);
        let home = table
            .rows
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.code == "2040599"))
            .expect("the robbed row is kept");
        assert_eq!(table.rows[home].values[0].value.to_string(), "910.00");
        assert!(!table.row_in_doubt(home), "{:?}", table.doubts);
        let parent = table
            .code_families()
            .into_iter()
            .find(|f| f.parts.contains(&home))
            .expect("20405 and its items");
        assert!(!adds_up(&table, &parent));
    }

    #[test]
    fn readings_the_sums_cannot_tell_apart_stay_in_doubt() {
        // Cut from js-highcourt-2017-budget.plain.txt: 30211 差旅费 has no amount, its 1,022.00
        // comes after 30218's. Giving it to 30211, or shifting 30213…30218's amounts up, adds up
        // the same: the text's order is kept, in doubt.
        let text = "机关运行经费支出预算表\n单位：万元\n\n科目编码\n\n科目名称\n合计\n\n机关运行经费支出\n2,199.00\n\n302\n\n商品和服务支出\n\n2,199.00\n\n30201\n\n办公费\n\n30.00\n\n30211\n\n差旅费\n\n30213\n\n维修（护）费\n\n841.00\n\n30215\n\n会议费\n\n228.00\n\n30218\n\n专用材料费\n\n78.00\n\n1,022.00\n";
        let table = table_of(text);
        let row = |code: &str| {
            table
                .rows
                .iter()
                .position(|r| r.code.as_ref().is_some_and(|c| c.code == code))
                .expect(code)
        };
        assert_eq!(
            table.rows[row("30211")].values[0].value.to_string(),
            "1022.00"
        );
        assert_eq!(
            table.rows[row("30213")].values[0].value.to_string(),
            "841.00"
        );
        assert!(table.row_in_doubt(row("30211")), "{:?}", table.doubts);
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
    fn failing_readings_the_sums_cannot_tell_apart_are_in_doubt() {
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

    #[test]
    fn a_total_short_of_amounts_puts_the_next_row_in_doubt() {
        // `fixtures/unseen/dongtou-fishery-2026-budget.plain.txt` lines 672–720 (一般公共预算基本
        // 支出表, LibreOffice's PDF): `合计` among the header cells, its `65.68` (公用经费) after
        // the next row's two amounts, so that row seems to have three.
        let text: String =
            include_str!("../../fixtures/unseen/dongtou-fishery-2026-budget.plain.txt")
                .lines()
                .skip(671)
                .take(49)
                .collect::<Vec<_>>()
                .join("\n");
        let table = table_of(&text);
        let next = table
            .rows
            .iter()
            .position(|r| r.label.text.contains("工资福利支出"))
            .expect("the row after the total");
        assert_eq!(table.rows[next].values.len(), 3, "{:?}", table.rows[next]);
        assert!(table.row_in_doubt(next), "{:?}", table.doubts);
    }
}
