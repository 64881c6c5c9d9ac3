//! A table header read as a grid of stacked names, and the values of a table placed under its
//! columns by where they stand.
//!
//! In aligned text (`pdftotext -layout`) every header cell is a piece of text with a horizontal
//! extent. A cell broken over several lines (`公务接` over `待费`) is one column, named by its
//! pieces joined top to bottom; a cell standing over several columns (`公务用车购置及运行费` over
//! `小计` / `购置费` / `运行费`) is their parent in the header path. A *horizontal* table (one or
//! a few value rows without a label under such a header, as in the 三公经费 table) has its values
//! placed under the leaf columns by their position, never by their order, since empty cells
//! vanish from the text ([`read_horizontal`]). A *vertical* table (one row per subject code or
//! line) gets its amount columns the same way, the names of its code and label columns left
//! out, and the reader places each row under them ([`read_columns`]). The 栏次 row of final
//! accounts (`栏次 1 2 … n`) is no name: it counts the columns and stands over them. Plain text
//! keeps no positions; what its header says is read in [`plain`].
//!
//! Positions are approximate. `pdftotext -layout` starts a piece of text at its character index
//! but draws a Chinese character 1.5 to 2 columns wide ([`Measure::CharGrid`]); text aligned for
//! display counts it 2 wide ([`Measure::Display`]). Both readings are made and the one the values
//! line up with is kept. Where the geometry leaves a choice, it is weighed the way
//! [`super::resolve`] weighs rows: the columns a spanning cell covers are the ones under which
//! the table's totals add up (and no two totals stand side by side), else the best centred; a
//! value whose column stays uncertain leaves its row [`Certainty::Ambiguous`].

use unicode_width::UnicodeWidthChar;

use super::Line;
use super::spaced::strip_leaf_years;
use crate::arith::{Verdict, check_sum};
use crate::model::{Certainty, Column, ColumnKind, Layout, Number, Row, Table, Text, squeeze};
use crate::source::Span;

pub(crate) mod plain;

/// How horizontal positions are counted on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// `pdftotext -layout`: a piece starts at its character index; a Chinese character is drawn
    /// 1.5 to 2 columns wide.
    CharGrid,
    /// Text aligned for display: display columns, Chinese characters 2 wide.
    Display,
}

/// A piece of text on one header line, with its horizontal extent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    /// The line it stands on (an index that grows downwards).
    pub line: usize,
    pub text: String,
    pub x0: f64,
    /// The right edge with Chinese characters 1.5 wide ([`Measure::CharGrid`]) or 2 wide.
    pub x1: f64,
    /// The right edge with Chinese characters 2 wide: the widest the piece may be.
    pub x1_wide: f64,
}

impl Piece {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The range its centre may lie in, narrowest to widest reading.
    fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.x0 + self.x1_wide) / 2.0)
    }

    fn mid(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// The widest gap between two characters of one name spaced out across its cell.
const SPACED_OUT: usize = 6;

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{c}')
}

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// The pieces of text on a line. Pieces are separated by two or more spaces, or by one space
/// between two Chinese characters (`公务用车购 公务用车运行`: two cells side by side); one space
/// elsewhere stays inside the piece (`2024 年预算数`). Single characters spaced out across their
/// cell (`合     计`) are one piece.
pub(crate) fn pieces(text: &str, line: usize, measure: Measure) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut display = Vec::with_capacity(chars.len() + 1);
    let mut d = 0usize;
    for &c in &chars {
        display.push(d);
        d += if c == '\t' { 1 } else { c.width().unwrap_or(0) };
    }
    display.push(d);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_blank(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            if !is_blank(chars[end]) {
                end += 1;
                continue;
            }
            let single = chars[end] == ' '
                && end + 1 < chars.len()
                && !is_blank(chars[end + 1])
                && !(is_wide(chars[end - 1]) && is_wide(chars[end + 1]));
            if !single {
                break;
            }
            end += 1;
        }
        // `合     计`: a lone character, then another within a few columns.
        let lone = |from: usize| {
            from + 1 < chars.len() && is_wide(chars[from]) && is_blank(chars[from + 1])
        };
        if end == start + 1 && lone(start) {
            let next = (end..chars.len()).find(|&k| !is_blank(chars[k]));
            if let Some(k) = next {
                let alone = k + 1 == chars.len() || is_blank(chars[k + 1]);
                if k - end <= SPACED_OUT && is_wide(chars[k]) && alone {
                    end = k + 1;
                }
            }
        }
        let run = &chars[start..end];
        let wide = run.iter().filter(|&&c| is_wide(c)).count() as f64;
        let narrow = run.len() as f64 - wide;
        let (x0, x1, x1_wide) = match measure {
            Measure::CharGrid => {
                let x0 = start as f64;
                (x0, x0 + narrow + 1.5 * wide, x0 + narrow + 2.0 * wide)
            }
            Measure::Display => {
                let (x0, x1) = (display[start] as f64, display[end] as f64);
                (x0, x1, x1)
            }
        };
        out.push(Piece {
            line,
            text: run.iter().filter(|&&c| !is_blank(c)).collect(),
            x0,
            x1,
            x1_wide,
        });
        i = end;
    }
    out
}

/// `栏次 1 2 3 …` or `1 2 3 …`: a row of column numbers. Returns the numbers' pieces.
fn ordinal_row(pieces: &[Piece]) -> Option<&[Piece]> {
    let numbers = match pieces.first() {
        Some(p) if squeeze(&p.text) == "栏次" => &pieces[1..],
        _ => pieces,
    };
    let counts = numbers.len() >= 2
        && numbers
            .iter()
            .enumerate()
            .all(|(i, p)| p.text.parse::<usize>().ok() == Some(i + 1));
    counts.then_some(numbers)
}

/// Whether a header name may end with this character. A name broken over lines in its cell
/// breaks anywhere (`公务接` / `待费`, `国有资本经营` / `预算`, `事业单位` / `经营收入`); whole
/// names end in one of these (合计, 收入, 支出, 经费, 预算数, 资金, 预算, 结余, 拨款, 金额…).
pub(crate) fn ends_name(c: char) -> bool {
    "计入出费数金算额余转款类项目称码次率减值".contains(c)
}

/// Whether `f` is a group's cell drawn right over one of its columns (`支出预算` over
/// `基本支出`, with `合计` and `项目支出` on either side): a whole name over another whole name
/// that is not a total (`本年收入` over `合计` reads as one name, `本年收入合计`), with names
/// below it on both sides within reach (`机关运行经费` over `预算数` at the table's edge is one
/// name, `机关运行经费预算数`).
fn group_over_a_column(f: &Piece, all: &[Piece]) -> bool {
    let whole = |p: &Piece| {
        p.chars() >= 3
            && p.text.chars().last().is_some_and(ends_name)
            && !p.text.starts_with(['和', '及', '与', '、', '（', '('])
    };
    if !whole(f) {
        return false;
    }
    let below = |p: &&Piece| p.line > f.line && p.chars() >= 2;
    // A name below `f` centred under it a line apart may be the rest of `f`'s own cell
    // (`一般公共预算` / `拨款收入`, with `合计` and `上年结转` centred in their cells on the
    // line between, nothing over it): then only names on its line or lower are its siblings.
    all.iter().filter(below).any(|p| {
        let wrapped = p.line > f.line + 1
            && continues(f, p)
            && !all.iter().any(|q| {
                q.line > f.line && q.line < p.line && overlap(q.x0, q.x1, p.x0, p.x1) > 0.0
            });
        let sibling = |q: &&Piece| below(q) && (q.line >= p.line || !wrapped);
        overlap(f.x0, f.x1, p.x0, p.x1) >= 0.5 * (f.x1 - f.x0).min(p.x1 - p.x0)
            && whole(p)
            && !is_total_name(&p.text)
            && all
                .iter()
                .filter(sibling)
                .any(|l| l.x1 <= p.x0 && l.x1 >= f.x0 - REACH)
            && all
                .iter()
                .filter(sibling)
                .any(|r| r.x0 >= p.x1 && r.x0 <= f.x1 + REACH)
    })
}

/// Whether `p`, below `f`, may carry on `f`'s name: it lies within `f`, near its centre.
fn continues(f: &Piece, p: &Piece) -> bool {
    let (wf, wp) = (f.x1 - f.x0, p.x1 - p.x0);
    overlap(f.x0, f.x1, p.x0, p.x1) >= 0.6 * wp && (f.mid() - p.mid()).abs() <= wf.max(wp) / 4.0
}

/// Whether `p` carries on `f`'s name with about its width (`公务用车` / `购置费`).
fn continues_closely(f: &Piece, p: &Piece) -> bool {
    let (wf, wp) = (f.x1 - f.x0, p.x1 - p.x0);
    continues(f, p) && wf.min(wp) >= 0.5 * wf.max(wp)
}

/// Which pieces are cells standing over at least two cells below them, one on each side of
/// their centre. Single characters (`小` over `计`) are always pieces of a broken name, and so
/// is a piece whose name carries on below it in a piece of about its width that spans nothing.
/// Decided from the lowest line up, since that depends on the pieces below.
fn spanning_cells(all: &[Piece]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(all[i].line));
    let mut spans = vec![false; all.len()];
    for f_idx in order {
        let f = &all[f_idx];
        if f.chars() < 2 {
            continue;
        }
        let below = |p: &Piece| p.line > f.line;
        // A cell above a spanning cell spans at least its columns (or carries on its name).
        let over_spanning = all.iter().enumerate().any(|(j, p)| {
            spans[j]
                && below(p)
                && overlap(f.x0, f.x1, p.x0, p.x1) >= 0.25 * (f.x1 - f.x0).min(p.x1 - p.x0)
        });
        if over_spanning {
            spans[f_idx] = true;
            continue;
        }
        if group_over_a_column(f, all) {
            spans[f_idx] = true;
            continue;
        }
        let vetoed = all
            .iter()
            .enumerate()
            .any(|(j, p)| below(p) && !spans[j] && continues_closely(f, p));
        if vetoed {
            continue;
        }
        let width = f.x1_wide - f.x0;
        let pad = (width / 2.0).max(4.0);
        let (lo, hi) = (f.x0 - pad, f.x1_wide + pad);
        let c = f.mid();
        let evidence: Vec<&Piece> = all
            .iter()
            .filter(|p| below(p) && p.chars() >= 2 && p.x1 > lo && p.x0 < hi)
            .filter(|p| !continues(f, p))
            .collect();
        spans[f_idx] = evidence.iter().any(|l| {
            l.mid() < c - 0.5
                && evidence
                    .iter()
                    .any(|r| r.mid() > c + 0.5 && (l.x1 <= r.x0 || r.x1 <= l.x0))
        });
    }
    spans
}

/// One leaf column: the pieces naming it (top to bottom) and its extent.
#[derive(Debug, Clone)]
struct Leaf {
    pieces: Vec<usize>,
    x0: f64,
    x1: f64,
    x1_wide: f64,
    top: usize,
}

impl Leaf {
    fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.x0 + self.x1_wide) / 2.0)
    }
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    a1.min(b1) - a0.max(b0)
}

/// Group the pieces that are not spanning cells into leaf columns: pieces on different lines
/// that overlap belong to one cell (strongest overlap first, never two pieces of one line in a
/// column); a lone character left over joins the nearest column within three columns.
fn leaves(pieces: &[Piece], members: &[usize]) -> Vec<Leaf> {
    let mut cluster: Vec<usize> = (0..pieces.len()).collect();
    fn root(cluster: &mut [usize], mut i: usize) -> usize {
        while cluster[i] != i {
            cluster[i] = cluster[cluster[i]];
            i = cluster[i];
        }
        i
    }
    let mut lines_of: Vec<Vec<usize>> = (0..pieces.len()).map(|i| vec![pieces[i].line]).collect();
    let mut edges: Vec<(f64, usize, usize)> = Vec::new();
    for (k, &a) in members.iter().enumerate() {
        for &b in &members[k + 1..] {
            let (pa, pb) = (&pieces[a], &pieces[b]);
            if pa.line == pb.line {
                continue;
            }
            let ov = overlap(pa.x0, pa.x1, pb.x0, pb.x1);
            let narrower = (pa.x1 - pa.x0).min(pb.x1 - pb.x0).max(0.5);
            if ov > 0.0 && ov / narrower >= 0.25 {
                edges.push((ov / narrower, a, b));
            }
        }
    }
    edges.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut mids: Vec<(f64, f64)> = pieces.iter().map(|p| (p.mid(), p.x1 - p.x0)).collect();
    let join = |cluster: &mut Vec<usize>,
                lines_of: &mut Vec<Vec<usize>>,
                mids: &mut Vec<(f64, f64)>,
                a: usize,
                b: usize| {
        let (ra, rb) = (root(cluster, a), root(cluster, b));
        if ra == rb || lines_of[ra].iter().any(|l| lines_of[rb].contains(l)) {
            return false;
        }
        // Two names centred in cells side by side, of two and three lines, interleave their
        // lines (`政府性基金` / `一般公共预算拨款` / `预算拨款收` / `收入` / `入`): not one name
        // unless they share their centre.
        let ((ma, wa), (mb, wb)) = (mids[ra], mids[rb]);
        if interleave(&lines_of[ra], &lines_of[rb]) && (ma - mb).abs() > wa.max(wb) / 4.0 {
            return false;
        }
        mids[ra] = (ma.min(mb) / 2.0 + ma.max(mb) / 2.0, wa.max(wb));
        cluster[rb] = ra;
        let moved = std::mem::take(&mut lines_of[rb]);
        lines_of[ra].extend(moved);
        true
    };
    for &(_, a, b) in &edges {
        join(&mut cluster, &mut lines_of, &mut mids, a, b);
    }
    // Lone characters (`小` and `计` set apart, `费` under `会议`): the nearest column.
    let lone: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| pieces[i].chars() == 1)
        .filter(|&i| {
            let r = root(&mut cluster, i);
            members
                .iter()
                .all(|&j| j == i || root(&mut cluster, j) != r)
        })
        .collect();
    for i in lone {
        let p = &pieces[i];
        let nearest = members
            .iter()
            .copied()
            .filter(|&j| j != i && pieces[j].line != p.line)
            .map(|j| {
                let q = &pieces[j];
                (j, (-overlap(p.x0, p.x1, q.x0, q.x1)).max(0.0))
            })
            .filter(|&(_, gap)| gap <= 3.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = nearest {
            join(&mut cluster, &mut lines_of, &mut mids, j, i);
        }
    }
    let mut by_root: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in members {
        let r = root(&mut cluster, i);
        match by_root.iter_mut().find(|(k, _)| *k == r) {
            Some((_, v)) => v.push(i),
            None => by_root.push((r, vec![i])),
        }
    }
    let mut out: Vec<Leaf> = by_root
        .into_iter()
        .map(|(_, mut ps)| {
            ps.sort_by_key(|&i| pieces[i].line);
            Leaf {
                x0: ps.iter().map(|&i| pieces[i].x0).fold(f64::MAX, f64::min),
                x1: ps.iter().map(|&i| pieces[i].x1).fold(f64::MIN, f64::max),
                x1_wide: ps
                    .iter()
                    .map(|&i| pieces[i].x1_wide)
                    .fold(f64::MIN, f64::max),
                top: ps.iter().map(|&i| pieces[i].line).min().unwrap_or(0),
                pieces: ps,
            }
        })
        .collect();
    out.sort_by(|a, b| a.centre().0.total_cmp(&b.centre().0));
    out
}

/// Whether each of two sets of lines has a line between two lines of the other.
fn interleave(a: &[usize], b: &[usize]) -> bool {
    let between = |x: &[usize], y: &[usize]| {
        let (lo, hi) = (x.iter().min(), x.iter().max());
        y.iter()
            .any(|l| lo.is_some_and(|lo| l > lo) && hi.is_some_and(|hi| l < hi))
    };
    between(a, b) && between(b, a)
}

/// Distance from `x` to the interval `[lo, hi]`, signed: negative left of it.
fn signed_gap(x: f64, (lo, hi): (f64, f64)) -> f64 {
    if x < lo {
        x - lo
    } else if x > hi {
        x - hi
    } else {
        0.0
    }
}

fn gap(x: f64, range: (f64, f64)) -> f64 {
    signed_gap(x, range).abs()
}

/// How the values of one row fall under the leaf columns.
#[derive(Debug, Clone, PartialEq)]
struct Placement {
    /// Every placement within reach of the best, best first.
    candidates: Vec<Vec<usize>>,
    /// The misfit of the best one, in columns.
    cost: f64,
}

/// A value may sit off its column's centre by this much on every column of the row alike
/// (numbers right-aligned under centred names).
const MAX_SHIFT: f64 = 4.0;
/// Placements this close to the best are as likely as the best.
const PLACEMENT_MARGIN: f64 = 3.0;
/// A value standing this far from its column (after the row's common shift) casts doubt on
/// the reading.
const MAX_MISALIGNMENT: f64 = 6.0;
/// A value this far from a column's name is not under it.
const REACH: f64 = 15.0;

/// How far short of the amounts a total name centred in its cell may end (columns).
const TOTAL_REACH: f64 = 4.0;

/// How far the values stand from the columns they are placed under, once every value of the
/// row is shifted alike: (sum, largest).
fn placement_fit(values: &[(f64, f64)], leaves: &[Leaf], assignment: &[usize]) -> (f64, f64) {
    let offsets: Vec<f64> = values
        .iter()
        .zip(assignment)
        .map(|(v, &c)| signed_gap((v.0 + v.1) / 2.0, leaves[c].centre()))
        .collect();
    let mut sorted = offsets.clone();
    sorted.sort_by(f64::total_cmp);
    let shift = sorted[sorted.len() / 2].clamp(-MAX_SHIFT, MAX_SHIFT);
    offsets
        .iter()
        .map(|o| (o - shift).abs())
        .fold((0.0, 0.0), |(sum, max), r| (sum + r, f64::max(max, r)))
}

fn placement_cost(values: &[(f64, f64)], leaves: &[Leaf], assignment: &[usize]) -> f64 {
    placement_fit(values, leaves, assignment).0
}

/// Place a row's values (extents, left to right) under `leaves`, keeping the order.
fn place(values: &[(f64, f64)], leaves: &[Leaf]) -> Option<Placement> {
    let (m, k) = (values.len(), leaves.len());
    if m == 0 || m > k {
        return None;
    }
    if m == k {
        return Some(Placement {
            candidates: vec![(0..k).collect()],
            cost: placement_cost(values, leaves, &(0..k).collect::<Vec<_>>()),
        });
    }
    fn go(
        i: usize,
        from: usize,
        values: &[(f64, f64)],
        leaves: &[Leaf],
        cur: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if out.len() >= 4096 {
            return;
        }
        if i == values.len() {
            out.push(cur.clone());
            return;
        }
        let centre = (values[i].0 + values[i].1) / 2.0;
        for c in from..leaves.len() {
            if leaves.len() - c < values.len() - i {
                break;
            }
            if gap(centre, leaves[c].centre()) > REACH {
                continue;
            }
            cur.push(c);
            go(i + 1, c + 1, values, leaves, cur, out);
            cur.pop();
        }
    }
    let mut all = Vec::new();
    go(0, 0, values, leaves, &mut Vec::new(), &mut all);
    let mut scored: Vec<(f64, Vec<usize>)> = all
        .into_iter()
        .map(|a| (placement_cost(values, leaves, &a), a))
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let best = scored.first()?.0;
    Some(Placement {
        candidates: scored
            .into_iter()
            .take_while(|(c, _)| *c < best + PLACEMENT_MARGIN)
            .take(64)
            .map(|(_, a)| a)
            .collect(),
        cost: best,
    })
}

/// A node of the header being built: a leaf column, or a spanning cell over its children.
#[derive(Debug, Clone)]
struct Unit {
    /// The pieces naming it (a group's may be broken over lines).
    name: Vec<usize>,
    leaf: Option<usize>,
    children: Vec<Unit>,
    x0: f64,
    x1: f64,
    /// The highest line of its pieces: a spanning cell stands above all its children.
    top: usize,
}

impl Unit {
    fn text(&self, pieces: &[Piece]) -> String {
        let mut ps = self.name.clone();
        ps.sort_by_key(|&i| pieces[i].line);
        squeeze(
            &ps.iter()
                .map(|&i| pieces[i].text.as_str())
                .collect::<String>(),
        )
        .into_owned()
    }

    fn name_centre(&self, pieces: &[Piece]) -> (f64, f64) {
        let x0 = self
            .name
            .iter()
            .map(|&i| pieces[i].x0)
            .fold(f64::MAX, f64::min);
        let x1 = self
            .name
            .iter()
            .map(|&i| pieces[i].x1)
            .fold(f64::MIN, f64::max);
        let x1w = self
            .name
            .iter()
            .map(|&i| pieces[i].x1_wide)
            .fold(f64::MIN, f64::max);
        ((x0 + x1) / 2.0, (x0 + x1w) / 2.0)
    }

    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// `合计`, `小计`, `总计`, `本年支出合计`: a column holding the sum of its siblings.
fn is_total_name(name: &str) -> bool {
    matches!(name, "合计" | "小计" | "总计") || name.ends_with("合计") && name.chars().count() <= 8
}

/// The value rows as numbers by leaf column, for weighing readings of the header.
type Grid<'a> = Vec<Vec<Option<&'a Number>>>;

/// The columns a node adds to its parent's total: itself, its own total, or its parts.
fn part_columns(unit: &Unit, pieces: &[Piece]) -> Vec<usize> {
    if let Some(c) = unit.leaf {
        return vec![c];
    }
    if let Some(total) = unit
        .children
        .iter()
        .find(|u| u.leaf.is_some() && is_total_name(&u.text(pieces)))
    {
        return total.leaf.into_iter().collect();
    }
    unit.children
        .iter()
        .flat_map(|u| part_columns(u, pieces))
        .collect()
}

/// Totals out of place in a reading of the header: in every set of siblings, each total
/// beyond the first, and each total that does not come first (a group opens with its 合计 or
/// 小计).
fn misplaced_totals(siblings: &[Unit], pieces: &[Piece]) -> u32 {
    let totals: Vec<usize> = (0..siblings.len())
        .filter(|&i| siblings[i].leaf.is_some() && is_total_name(&siblings[i].text(pieces)))
        .collect();
    let here = totals.len().saturating_sub(1) + totals.iter().filter(|&&i| i > 0).count();
    here as u32
        + siblings
            .iter()
            .map(|u| misplaced_totals(&u.children, pieces))
            .sum::<u32>()
}

/// For a set of siblings with one total: the rows where it adds up and where it does not.
fn tally(siblings: &[Unit], pieces: &[Piece], grid: &Grid) -> Option<(u32, u32)> {
    let totals: Vec<&Unit> = siblings
        .iter()
        .filter(|u| u.leaf.is_some() && is_total_name(&u.text(pieces)))
        .collect();
    let [total] = totals.as_slice() else {
        return None;
    };
    let parts: Vec<usize> = siblings
        .iter()
        .filter(|u| u.leaf != total.leaf)
        .flat_map(|u| part_columns(u, pieces))
        .collect();
    if parts.is_empty() {
        return None;
    }
    let t = total.leaf.unwrap_or(usize::MAX);
    let (mut good, mut bad) = (0, 0);
    for row in grid {
        let stated = row.get(t).copied().flatten();
        let addends: Vec<&Number> = parts.iter().filter_map(|&c| row[c]).collect();
        if stated.is_none() && addends.is_empty() {
            continue;
        }
        if check_sum(stated, &addends).verdict == Verdict::Mismatch {
            bad += 1;
        } else {
            good += 1;
        }
    }
    Some((good, bad))
}

/// In how many rows a set of siblings fails to add up: the rows where its one total does not
/// equal the rest, or every row when it has no total or no row confirms it. One misprinted
/// figure fails one row, a wrong grouping most of them.
fn failures(siblings: &[Unit], pieces: &[Piece], grid: &Grid) -> u32 {
    let rows = grid.len().max(1) as u32;
    match tally(siblings, pieces, grid) {
        Some((good, bad)) if good > 0 => bad,
        _ => rows,
    }
}

/// Rows in which some total of the reading does not add up, and misplaced totals.
fn misfit(siblings: &[Unit], pieces: &[Piece], grid: &Grid) -> u32 {
    let here = tally(siblings, pieces, grid).map_or(0, |(_, bad)| bad);
    here + misplaced_totals(siblings, pieces)
        + siblings
            .iter()
            .map(|u| misfit(&u.children, pieces, grid))
            .sum::<u32>()
}

/// One way to place a spanning cell in the header being built.
struct Choice {
    /// Misplaced totals, then the rows where the columns under the cell fail to add up: what
    /// the arithmetic says where the geometry is unsure.
    rank: (u32, u32),
    /// How far the cell's centre is from the centre of what it stands over.
    centring: f64,
    /// `centring`, preferring narrow runs and runs that keep the total before them.
    preference: f64,
    units: Vec<Unit>,
}

/// Places spanning cells over the units (columns and groups already built) of one header.
struct TreeBuilder<'a> {
    pieces: &'a [Piece],
    grid: &'a Grid<'a>,
    left_edge: f64,
    right_edge: f64,
}

impl TreeBuilder<'_> {
    /// The units `f` may stand over: those wholly below it.
    fn eligible(&self, units: &[Unit], f: usize) -> Vec<bool> {
        units.iter().map(|u| u.top > self.pieces[f].line).collect()
    }

    /// The units `f`'s text overlaps.
    fn covered(&self, units: &[Unit], f: usize) -> Vec<usize> {
        let p = &self.pieces[f];
        let eligible = self.eligible(units, f);
        (0..units.len())
            .filter(|&i| eligible[i] && overlap(p.x0, p.x1, units[i].x0, units[i].x1) > 0.0)
            .collect()
    }

    /// `f` as the upper line of the name of the one group below it (`公务用车` over `购置费`).
    fn carried_on(&self, units: &[Unit], f: usize) -> Option<Choice> {
        let [only] = self.covered(units, f)[..] else {
            return None;
        };
        if units[only].leaf.is_some() {
            return None;
        }
        let p = &self.pieces[f];
        let centre = p.centre();
        let centring = (gap(
            (centre.0 + centre.1) / 2.0,
            units[only].name_centre(self.pieces),
        ) - STACKING_BIAS)
            .max(0.0);
        let mut next = units.to_vec();
        next[only].name.push(f);
        next[only].top = next[only].top.min(p.line);
        Some(Choice {
            rank: (
                misplaced_totals(&next, self.pieces),
                failures(&next[only].children, self.pieces, self.grid),
            ),
            centring,
            preference: centring,
            units: next,
        })
    }

    /// `f` standing over the run `a..=b` of units, if it can.
    fn over_run(&self, units: &[Unit], f: usize, a: usize, b: usize) -> Option<Choice> {
        let p = &self.pieces[f];
        let centre = p.centre();
        let covered = self.covered(units, f);
        if covered.iter().any(|&c| c < a || c > b)
            || covered.is_empty() && !(units[a].centre() < centre.1 && units[b].centre() > centre.0)
        {
            return None;
        }
        let boundary = |i: usize| (units[i].x1 + units[i + 1].x0) / 2.0;
        let lo = if a == 0 {
            self.left_edge.min(p.x0)
        } else {
            boundary(a - 1)
        };
        let hi = if b + 1 == units.len() {
            self.right_edge.max(p.x1)
        } else {
            boundary(b)
        };
        let centring = gap((lo + hi) / 2.0, centre);
        if centring > REACH {
            return None;
        }
        // A total comes first in its group: a run starting right after one leaves it out.
        let orphans_total = a > 0 && is_total_name(&units[a - 1].text(self.pieces));
        let preference = centring + 0.05 * (hi - lo) + if orphans_total { 5.0 } else { 0.0 };
        let mut next = units.to_vec();
        let children: Vec<Unit> = next.drain(a..=b).collect();
        let group = Unit {
            name: vec![f],
            leaf: None,
            x0: children.iter().map(|u| u.x0).fold(p.x0, f64::min),
            x1: children.iter().map(|u| u.x1).fold(p.x1, f64::max),
            top: p.line,
            children,
        };
        let unsure = failures(&group.children, self.pieces, self.grid);
        next.insert(a, group);
        Some(Choice {
            rank: (misplaced_totals(&next, self.pieces), unsure),
            centring,
            preference,
            units: next,
        })
    }

    /// The best run of units for `f` to stand over.
    fn best_run(&self, units: &[Unit], f: usize) -> Option<Choice> {
        let eligible = self.eligible(units, f);
        let mut best: Option<Choice> = None;
        for a in 0..units.len() {
            for b in a + 1..units.len() {
                if !eligible[b] || !eligible[a] {
                    break;
                }
                let Some(choice) = self.over_run(units, f, a, b) else {
                    continue;
                };
                let better = best.as_ref().is_none_or(|c| {
                    choice.rank < c.rank
                        || choice.rank == c.rank && choice.preference < c.preference
                });
                if better {
                    best = Some(choice);
                }
            }
        }
        best
    }

    /// Place `f`: over a run of units, or as the upper line of a group's name.
    fn place(&self, units: Vec<Unit>, f: usize) -> Vec<Unit> {
        let best = match (self.carried_on(&units, f), self.best_run(&units, f)) {
            (Some(s), Some(r)) if (r.rank, r.centring) < (s.rank, s.centring) => r,
            (Some(s), _) => s,
            (None, Some(r)) => r,
            (None, None) => return units,
        };
        best.units
    }
}

/// Hang each spanning cell over the run of columns it covers, lowest cells first.
fn build_tree(pieces: &[Piece], spanning: &[usize], leaves: &[Leaf], grid: &Grid) -> Vec<Unit> {
    let mut units: Vec<Unit> = leaves
        .iter()
        .enumerate()
        .map(|(i, l)| Unit {
            name: l.pieces.clone(),
            leaf: Some(i),
            children: Vec::new(),
            x0: l.x0,
            x1: l.x1,
            top: l.top,
        })
        .collect();
    let builder = TreeBuilder {
        pieces,
        grid,
        left_edge: units.iter().map(|u| u.x0).fold(f64::MAX, f64::min),
        right_edge: units.iter().map(|u| u.x1).fold(f64::MIN, f64::max),
    };
    let mut order: Vec<usize> = spanning.to_vec();
    order.sort_by(|&a, &b| {
        pieces[b]
            .line
            .cmp(&pieces[a].line)
            .then(pieces[a].x0.total_cmp(&pieces[b].x0))
    });
    for f in order {
        units = builder.place(units, f);
    }
    units
}

/// How much better centred a wider cell must be than a name carried on over two lines.
const STACKING_BIAS: f64 = 2.0;

/// The header path of every leaf column, left to right.
fn paths(units: &[Unit], pieces: &[Piece], prefix: &[String], out: &mut Vec<(usize, Vec<String>)>) {
    for u in units {
        let mut path = prefix.to_vec();
        path.push(u.text(pieces));
        match u.leaf {
            Some(c) => out.push((c, path)),
            None => paths(&u.children, pieces, &path, out),
        }
    }
}

/// One reading of a horizontal table's header and rows.
#[derive(Debug)]
struct Reading {
    measure: Measure,
    pieces: Vec<Piece>,
    spanning: Vec<usize>,
    leaves: Vec<Leaf>,
    /// Each row's placement; `None` for a row of a vertical table its position does not place.
    placements: Vec<Option<Placement>>,
    /// Rows of a vertical table the reading does not place, then the mean misfit per value:
    /// for choosing between measures.
    unplaced: usize,
    misfit: f64,
    /// The farthest a value (or column number) stands from its column.
    worst: f64,
    /// Pieces centred left of the amounts, taken only as a total name reaching over them.
    reached: Vec<usize>,
}

impl Reading {
    /// Leaf columns named by one character alone: the tail of a name broken over lines that
    /// the measure has set apart from its head (`入` under `预算拨款收`), not a column.
    fn broken(&self) -> usize {
        self.leaves
            .iter()
            .filter(|l| {
                let chars: usize = l.pieces.iter().map(|&i| self.pieces[i].chars()).sum();
                !l.pieces.is_empty() && chars == 1
            })
            .count()
    }
}

/// Which header pieces may name amount columns, and how rows are held to the grid.
#[derive(Debug, Clone, Copy)]
struct Scope {
    /// Pieces and column numbers centred left of this stand over the codes and labels.
    left: f64,
    /// A vertical table (one row per subject code or line): the names of label and code
    /// columns (项目, 科目名称, 类 / 款 / 项…) are dropped wherever they stand, one column is
    /// enough, a row with a value in every column is placed by count, and a row its position
    /// does not place (printed on a page drawn to another scale) is left to the reader's other
    /// evidence instead of failing the reading.
    vertical: bool,
    /// Take the numbers of the 栏次 row for the columns, not the names above them.
    by_column_numbers: bool,
}

impl Scope {
    /// A horizontal table: every piece names a column.
    const HORIZONTAL: Scope = Scope {
        left: f64::NEG_INFINITY,
        vertical: false,
        by_column_numbers: false,
    };

    /// Whether `p` may name an amount column. A short total name over right-aligned amounts
    /// may stand a little left of where the widest of them start (`合计` over `122530.50` and
    /// `6543.20`, or a few columns short of `826.06` in a wide cell): it counts when it reaches
    /// within [`TOTAL_REACH`] of them (the reading then holds only if that column adds up).
    fn names_amounts(&self, p: &Piece) -> bool {
        let reaches = self.vertical
            && is_total_name(&squeeze(&p.text))
            && p.x1_wide + TOTAL_REACH >= self.left;
        (p.mid() >= self.left || reaches) && !(self.vertical && is_label_header(&p.text))
    }

    /// A name wider than the short, right-aligned amounts under it, centred in its cell, may
    /// centre left of where they start (`项目  2025 年预算数` over `150.00`): in a vertical
    /// table the cell right after the label column's name (`项目`, `科目名称`) names the first
    /// amount column when it ends over the amounts.
    fn names_first_amounts(&self, p: &Piece, on_line: &[Piece]) -> bool {
        let before = on_line
            .iter()
            .filter(|q| q.x1 <= p.x0)
            .max_by(|a, b| a.x1.total_cmp(&b.x1));
        self.vertical
            && p.mid() < self.left
            && p.x1 > self.left
            && !is_label_header(&p.text)
            && before.is_some_and(|q| is_label_header(&q.text))
    }
}

/// The pieces of the header lines that may name amount columns, and the column numbers of the
/// 栏次 row standing over amount columns.
fn header_pieces(
    measure: Measure,
    header: &[(usize, &str)],
    scope: Scope,
) -> (Vec<Piece>, Vec<Piece>) {
    let mut pieces = Vec::new();
    let mut ordinals: Vec<Piece> = Vec::new();
    for &(line, text) in header {
        let on_line = self::pieces(text, line, measure);
        match ordinal_row(&on_line) {
            Some(numbers) => {
                ordinals = numbers
                    .iter()
                    .filter(|p| p.mid() >= scope.left)
                    .cloned()
                    .collect()
            }
            None => pieces.extend(
                on_line
                    .iter()
                    .filter(|p| scope.names_amounts(p) || scope.names_first_amounts(p, &on_line))
                    .cloned(),
            ),
        }
    }
    (pieces, ordinals)
}

fn read_with(
    measure: Measure,
    header: &[(usize, &str)],
    rows: &[Vec<(f64, f64)>],
    scope: Scope,
) -> Option<Reading> {
    let (mut pieces, mut ordinals) = header_pieces(measure, header, scope);
    if scope.by_column_numbers {
        pieces.clear();
    }
    let spans = spanning_cells(&pieces);
    let spanning: Vec<usize> = (0..pieces.len()).filter(|&i| spans[i]).collect();
    let members: Vec<usize> = (0..pieces.len())
        .filter(|i| !spanning.contains(i))
        .collect();
    let leaves = if scope.by_column_numbers {
        ordinals
            .drain(..)
            .map(|p| Leaf {
                pieces: Vec::new(),
                x0: p.x0,
                x1: p.x1,
                x1_wide: p.x1_wide,
                top: p.line,
            })
            .collect()
    } else {
        leaves(&pieces, &members)
    };
    let min_leaves = if scope.vertical { 1 } else { 2 };
    if leaves.len() < min_leaves || !ordinals.is_empty() && ordinals.len() != leaves.len() {
        return None;
    }
    let k = leaves.len();
    let mut placements = Vec::new();
    let mut worst: f64 = 0.0;
    let mut total = 0.0;
    let mut count = 0usize;
    let mut unplaced = 0;
    for values in rows {
        if values.is_empty() || scope.vertical && values.len() == k {
            placements.push(Some(Placement {
                candidates: vec![(0..values.len()).collect()],
                cost: 0.0,
            }));
            continue;
        }
        let placed = place(values, &leaves).and_then(|p| {
            let far = placement_fit(values, &leaves, &p.candidates[0]).1;
            (!scope.vertical || far <= MAX_MISALIGNMENT).then_some((p, far))
        });
        let Some((p, far)) = placed else {
            if scope.vertical {
                placements.push(None);
                unplaced += 1;
                continue;
            }
            return None;
        };
        worst = worst.max(far);
        total += p.cost;
        count += values.len();
        placements.push(Some(p));
    }
    // The column numbers stand under the columns, one each.
    let anchors: Vec<(f64, f64)> = ordinals.iter().map(|p| (p.x0, p.x1)).collect();
    if !anchors.is_empty() {
        let (sum, far) = placement_fit(&anchors, &leaves, &(0..leaves.len()).collect::<Vec<_>>());
        worst = worst.max(far);
        total += sum;
        count += anchors.len();
    }
    // Total names reaching left of the amounts (a first column's name over them is not one).
    let reached = (0..pieces.len())
        .filter(|&i| pieces[i].mid() < scope.left && is_total_name(&squeeze(&pieces[i].text)))
        .collect();
    Some(Reading {
        measure,
        reached,
        pieces,
        spanning,
        leaves,
        placements,
        unplaced,
        misfit: total / count.max(1) as f64,
        worst,
    })
}

/// The name of a label or code column (项目, 科目名称, 类 / 款 / 项, 科目编码, 行次…), never
/// the name of an amount column.
pub(crate) fn is_label_header(name: &str) -> bool {
    const LABELS: &[&str] = &[
        "项目",
        "功能分类",
        "经济分类",
        "类",
        "款",
        "项",
        "序号",
        "备注",
    ];
    // Names, codes and text columns: 科目名称, 科目编码, 功能科目代码, 经济科目, 采购组织形式…
    const ENDINGS: &[&str] = &["名称", "编码", "代码", "科目", "形式", "大类", "类别"];
    let n = squeeze(name);
    LABELS.contains(&&*n)
        || ENDINGS.iter().any(|end| n.ends_with(end))
        || n.contains("行次")
        || n.contains("栏次")
}

/// Whether `line` is one of the header's lines printed again (after a page break), spaces
/// aside. A lone total (`合计`) is the total row's name, wherever else it stands.
pub(crate) fn repeats(line: &str, header: &[Text]) -> bool {
    let line = squeeze(line);
    line.chars().count() >= 2
        && !crate::model::is_total_label(&line)
        && header
            .iter()
            .any(|h| crate::model::same_squeezed(&h.text, &line))
}

/// One value cell of a row as the reader found it: where it stands, and the number it holds
/// (`None` for a not-applicable mark such as `——`).
#[derive(Debug, Clone)]
pub(crate) struct ValueCell {
    pub span: Span,
    pub number: Option<Number>,
}

/// A table's amount columns as its header declares them.
#[derive(Debug, Clone)]
pub(crate) struct HeaderColumns {
    pub columns: Vec<Column>,
    /// Aligned text: for each row, every placement of its cells by position (one when the
    /// position settles it; one empty placement for a row without cells), or `None` when its
    /// position does not place it. `None` in plain text, where the header gives the count and
    /// the names but no positions.
    pub placements: Option<Vec<Option<Vec<Vec<usize>>>>>,
}

/// Read the amount columns of a vertical table (one row per subject code or line) from its
/// header: in aligned text a grid of stacked names over the values, each row's cells placed
/// under the columns they stand below; in plain text the 栏次 row's count and the names the
/// header lists ([`plain`]). `None` where the header does not say, or what it says does not
/// fit the rows: the reader then keeps its own count.
pub(crate) fn read_columns(
    layout: Layout,
    lines: &[Line],
    header_lines: &[usize],
    rows: &[Vec<ValueCell>],
) -> Option<HeaderColumns> {
    let header: Vec<(usize, &str)> = header_lines
        .iter()
        .filter_map(|&i| lines.get(i).map(|l| (l.index, l.text)))
        .collect();
    match layout {
        Layout::Aligned => read_aligned_columns(lines, &header, rows),
        Layout::Plain => {
            let texts: Vec<&str> = header.iter().map(|&(_, t)| t).collect();
            let most = rows.iter().map(Vec::len).max().unwrap_or(0);
            plain::read(&texts, most).map(|columns| HeaderColumns {
                columns,
                placements: None,
            })
        }
        Layout::Tabbed | Layout::Piped => None,
    }
}

fn read_aligned_columns(
    lines: &[Line],
    header: &[(usize, &str)],
    rows: &[Vec<ValueCell>],
) -> Option<HeaderColumns> {
    let values: Vec<Vec<Option<&Number>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.number.as_ref()).collect())
        .collect();
    // The names over the values; failing that, the numbers of the 栏次 row, one over each
    // amount column, for the count and the positions.
    [false, true].into_iter().find_map(|by_column_numbers| {
        let reading = [Measure::CharGrid, Measure::Display]
            .into_iter()
            .filter_map(|measure| {
                let extents = rows
                    .iter()
                    .map(|r| {
                        let mut columns = Columns::new(lines);
                        r.iter()
                            .map(|c| columns.extent(c.span, measure).map(|(_, a, b)| (a, b)))
                            .collect::<Option<Vec<_>>>()
                    })
                    .collect::<Option<Vec<_>>>()?;
                // Codes and labels stand left of the amounts: so do their names in the header.
                // (A row on a page drawn to another scale may stand far off: not the first
                // tenth.)
                let mut firsts: Vec<f64> = extents
                    .iter()
                    .filter_map(|r| r.first().map(|e| e.0))
                    .collect();
                firsts.sort_by(f64::total_cmp);
                let left = *firsts.get(firsts.len() / 10)?;
                let scope = Scope {
                    left,
                    vertical: true,
                    by_column_numbers,
                };
                read_with(measure, header, &extents, scope)
            })
            .min_by(|a, b| {
                a.broken()
                    .cmp(&b.broken())
                    .then(a.unplaced.cmp(&b.unplaced))
                    .then(a.misfit.total_cmp(&b.misfit))
            })?;
        let mut reading = reading;
        settle_by_full_rows(&mut reading, lines, rows);
        if !holds_over_vertical_rows(&reading, header, rows) {
            return None;
        }
        let columns = if by_column_numbers {
            (1..=reading.leaves.len())
                .map(|c| Column {
                    name: format!("列{c}"),
                    leaf: format!("列{c}"),
                    kind: ColumnKind::Amount,
                })
                .collect()
        } else {
            name_columns(&reading, &values)?
        };
        Some(HeaderColumns {
            columns,
            placements: Some(
                reading
                    .placements
                    .into_iter()
                    .map(|p| p.map(|p| p.candidates))
                    .collect(),
            ),
        })
    })
}

/// A partial row whose every amount ends exactly where the amounts of one column end in the
/// table's full rows (right-aligned numbers) stands in those columns, whatever the header's
/// positions say: in `pdftotext -layout` a long name (`机关事业单位基本养老保险缴费支出`) shifts
/// the display columns of the amounts after it but not their character columns, and a header
/// of centred names stands off its amounts. The measure is the one the full rows line up under
/// (both when alike); only a placement it gives (both alike), each amount on its own column,
/// left to right, replaces the reading's.
fn settle_by_full_rows(reading: &mut Reading, lines: &[Line], rows: &[Vec<ValueCell>]) {
    let k = reading.leaves.len();
    let ends = |r: &Vec<ValueCell>, measure: Measure| -> Option<Vec<i64>> {
        let mut columns = Columns::new(lines);
        r.iter()
            .map(|c| {
                columns
                    .extent(c.span, measure)
                    .map(|(_, _, b)| b.round() as i64)
            })
            .collect()
    };
    // Per measure, the right edges of each column in the full rows.
    let columns = |measure: Measure| -> Vec<Vec<i64>> {
        let mut edges = vec![Vec::new(); k];
        for r in rows.iter().filter(|r| r.len() == k) {
            if let Some(e) = ends(r, measure) {
                for (c, x) in e.into_iter().enumerate() {
                    if !edges[c].contains(&x) {
                        edges[c].push(x);
                    }
                }
            }
        }
        edges
    };
    let mut by_measure: Vec<(Measure, Vec<Vec<i64>>)> = [Measure::CharGrid, Measure::Display]
        .into_iter()
        .map(|m| (m, columns(m)))
        .collect();
    if by_measure
        .iter()
        .any(|(_, edges)| edges.iter().any(Vec::is_empty))
    {
        return;
    }
    // The text's measure is the one its full rows line up under; both when they do alike.
    let spread = |edges: &Vec<Vec<i64>>| -> i64 {
        edges
            .iter()
            .map(|e| e.iter().max().unwrap_or(&0) - e.iter().min().unwrap_or(&0))
            .sum()
    };
    let tightest = by_measure.iter().map(|(_, e)| spread(e)).min().unwrap_or(0);
    by_measure.retain(|(_, e)| spread(e) == tightest);
    for (r, placement) in rows.iter().zip(reading.placements.iter_mut()) {
        if r.is_empty() || r.len() >= k {
            continue;
        }
        let settled: Vec<Vec<usize>> = by_measure
            .iter()
            .filter_map(|(measure, edges)| {
                let mut placed: Vec<usize> = Vec::with_capacity(r.len());
                for x in ends(r, *measure)? {
                    let mut at = edges.iter().enumerate().filter(|(_, e)| e.contains(&x));
                    let (c, _) = at.next()?;
                    if at.next().is_some() || placed.last().is_some_and(|&p| p >= c) {
                        return None;
                    }
                    placed.push(c);
                }
                Some(placed)
            })
            .collect();
        if let [first, rest @ ..] = settled.as_slice()
            && rest.iter().all(|p| p == first)
        {
            *placement = Some(Placement {
                candidates: vec![first.clone()],
                cost: 0.0,
            });
        }
    }
}

/// Whether a reading of a vertical table's header holds: no label or code column among its
/// amount columns (two tables side by side, 人员经费 | 公用经费, or text columns between the
/// amounts are not one grid of amount columns), no row with more values than it has columns,
/// and the rows its positions do not place are few (a row or two on a page drawn to another
/// scale), not a header that does not stand over the values.
fn holds_over_vertical_rows(
    reading: &Reading,
    header: &[(usize, &str)],
    rows: &[Vec<ValueCell>],
) -> bool {
    let first_amount = reading
        .leaves
        .first()
        .map_or(f64::INFINITY, |l| l.centre().0);
    let labels_among_amounts = header.iter().any(|&(line, text)| {
        pieces(text, line, reading.measure)
            .iter()
            .any(|p| p.mid() > first_amount && is_label_header(&p.text))
    });
    let partial = |r: &&Vec<ValueCell>| !r.is_empty() && r.len() < reading.leaves.len();
    let unplaced = rows
        .iter()
        .zip(&reading.placements)
        .filter(|(r, p)| partial(r) && p.is_none())
        .count();
    let too_many = rows.iter().any(|r| r.len() > reading.leaves.len());
    !labels_among_amounts && !too_many && unplaced * 4 <= rows.iter().filter(partial).count()
}

/// A row without a label or code: the values of a horizontal table.
fn is_bare(row: &Row) -> bool {
    row.code.is_none() && row.name().is_empty()
}

/// The line's index, and the characters and display columns before `offset` on it.
fn position(lines: &[Line], offset: usize) -> Option<(usize, usize, usize)> {
    Columns::new(lines).position(offset)
}

/// The columns of offsets in `lines`, counted on from the last offset asked for when the next
/// is further along the same line: a row's values, asked for left to right, cost one count of
/// their line however many there are (a `-layout` line of thousands of cells).
struct Columns<'l, 'a> {
    lines: &'l [Line<'a>],
    /// The last position counted: (index in `lines`, offset in the line, characters, display
    /// columns before it).
    last: Option<(usize, usize, usize, usize)>,
}

impl<'l, 'a> Columns<'l, 'a> {
    fn new(lines: &'l [Line<'a>]) -> Self {
        Columns { lines, last: None }
    }

    /// The line's index, and the characters and display columns before `offset` on it.
    fn position(&mut self, offset: usize) -> Option<(usize, usize, usize)> {
        let at = self
            .lines
            .partition_point(|l| l.span.start <= offset)
            .checked_sub(1)?;
        let line = &self.lines[at];
        let to = offset.checked_sub(line.span.start)?;
        let (from, chars, display) = match self.last {
            Some((a, from, chars, display)) if a == at && from <= to => (from, chars, display),
            _ => (0, 0, 0),
        };
        let between = line.text.get(from..to)?;
        let chars = chars + between.chars().count();
        let display = display + unicode_width::UnicodeWidthStr::width(between);
        self.last = Some((at, to, chars, display));
        Some((line.index, chars, display))
    }

    /// A value's extent under a measure: its line, and where it starts and ends.
    fn extent(&mut self, span: Span, measure: Measure) -> Option<(usize, f64, f64)> {
        let (line, chars, display) = self.position(span.start)?;
        let x0 = match measure {
            Measure::CharGrid => chars,
            Measure::Display => display,
        } as f64;
        Some((line, x0, x0 + span.len() as f64))
    }
}

/// Whether `table` is horizontal: a header of several lines over rows that are only values.
fn is_horizontal(table: &Table, header_lines: &[usize]) -> bool {
    table.layout == Layout::Aligned
        && !header_lines.is_empty()
        && !table.rows.is_empty()
        && table
            .rows
            .iter()
            .all(|r| is_bare(r) && !r.values.is_empty() && r.not_applicable.is_empty())
}

/// A second line of values right under a value row, filling its gaps (a `0` printed a line
/// lower than the others), belongs to that row.
fn join_split_rows(table: &mut Table, lines: &[Line]) {
    let line_of = |r: &Row| position(lines, r.span.start).map(|p| p.0);
    let mut i = 1;
    while i < table.rows.len() {
        let (prev, next) = (&table.rows[i - 1], &table.rows[i]);
        let adjacent = match (line_of(prev), line_of(next)) {
            (Some(a), Some(b)) => b == a + 1,
            _ => false,
        };
        let cols = |r: &Row| -> Vec<(f64, f64)> {
            let mut columns = Columns::new(lines);
            r.values
                .iter()
                .filter_map(|n| columns.extent(n.span, Measure::CharGrid))
                .map(|(_, a, b)| (a, b))
                .collect()
        };
        let (above, below) = (cols(prev), cols(next));
        let in_gaps = below
            .iter()
            .all(|b| above.iter().all(|a| overlap(a.0, a.1, b.0, b.1) <= 0.0));
        if adjacent && below.len() < above.len() && below.len() <= 2 && in_gaps {
            let next = table.rows.remove(i);
            let row = &mut table.rows[i - 1];
            row.values.extend(next.values);
            row.values
                .sort_by_key(|n| position(lines, n.span.start).map(|p| p.1));
            row.span = row.span.cover(next.span);
        } else {
            i += 1;
        }
    }
}

/// The header path of every leaf column of a reading, or `None` when the reading is in doubt:
/// values far from their columns whose totals do not add up either are more likely a header
/// whose lines do not line up than a wrong figure. `values` are the rows' cells in source order
/// (`None` for a not-applicable mark), placed by the reading's best placements.
fn name_columns(reading: &Reading, values: &[Vec<Option<&Number>>]) -> Option<Vec<Column>> {
    let k = reading.leaves.len();
    // The rows as settled so far, for weighing the spanning cells' extents.
    let grid: Grid = values
        .iter()
        .zip(&reading.placements)
        .filter_map(|(r, p)| p.as_ref().map(|p| (r, p)))
        .filter(|(_, p)| p.candidates.len() == 1)
        .map(|(r, p)| {
            let mut cells = vec![None; k];
            for (n, &c) in r.iter().zip(&p.candidates[0]) {
                cells[c] = *n;
            }
            cells
        })
        .collect();
    let tree = build_tree(&reading.pieces, &reading.spanning, &reading.leaves, &grid);
    if reading.worst > MAX_MISALIGNMENT && misfit(&tree, &reading.pieces, &grid) > 0 {
        return None;
    }
    // A total name left of the amounts is their first column only when the reading bears it
    // out: a column of its own at the top, adding up the others in most rows (else it may be
    // a group's first column, `一般公共预算` / `拨款收入` stacked beside `上年结转`).
    if !reading.reached.is_empty() {
        // Top level, or under the one caption over every amount column (`2026 年基本支出` over
        // `合计 人员经费 公用经费`).
        let top_level = reading.reached.iter().all(|r| {
            let leaf_with = |u: &Unit| u.leaf.is_some() && u.name.contains(r);
            tree.iter().any(leaf_with)
                || matches!(tree.as_slice(), [caption]
                    if caption.leaf.is_none() && caption.children.iter().any(leaf_with))
        });
        let siblings = match tree.as_slice() {
            [caption] if caption.leaf.is_none() => &caption.children[..],
            _ => &tree[..],
        };
        let adds_up = tally(siblings, &reading.pieces, &grid)
            .is_some_and(|(good, bad)| good > 0 && bad * 4 <= good);
        if !(top_level && adds_up) {
            return None;
        }
    }
    let mut named = Vec::new();
    paths(&tree, &reading.pieces, &[], &mut named);
    named.sort_by_key(|(c, _)| *c);
    if named.len() != k {
        return None;
    }
    let mut paths: Vec<Vec<String>> = named.into_iter().map(|(_, path)| path).collect();
    strip_leaf_years(&mut paths);
    Some(
        paths
            .into_iter()
            .map(|path| Column {
                name: path.join("/"),
                leaf: path.last().cloned().unwrap_or_default(),
                kind: ColumnKind::Amount,
            })
            .collect(),
    )
}

/// Read the header of a horizontal table in aligned text as a grid of stacked names, and place
/// each value under its column by position. Other tables are left as they are.
pub(crate) fn read_horizontal(table: &mut Table, lines: &[Line], header_lines: &[usize]) {
    if !is_horizontal(table, header_lines) {
        return;
    }
    join_split_rows(table, lines);
    let header: Vec<(usize, &str)> = header_lines
        .iter()
        .filter_map(|&i| lines.get(i).map(|l| (l.index, l.text)))
        .collect();
    let rows_in = |measure: Measure| -> Option<Vec<Vec<(f64, f64)>>> {
        table
            .rows
            .iter()
            .map(|r| {
                let mut columns = Columns::new(lines);
                r.values
                    .iter()
                    .map(|n| columns.extent(n.span, measure).map(|(_, a, b)| (a, b)))
                    .collect()
            })
            .collect()
    };
    let reading = [Measure::CharGrid, Measure::Display]
        .into_iter()
        .filter_map(|m| read_with(m, &header, &rows_in(m)?, Scope::HORIZONTAL))
        .min_by(|a, b| a.misfit.total_cmp(&b.misfit));
    let Some(reading) = reading else {
        return;
    };
    let k = reading.leaves.len();
    let values: Vec<Vec<Option<&Number>>> = table
        .rows
        .iter()
        .map(|r| r.values.iter().map(Some).collect())
        .collect();
    let Some(columns) = name_columns(&reading, &values) else {
        return;
    };
    table.columns = columns;
    for (row, placement) in table.rows.iter_mut().zip(reading.placements) {
        let Some(placement) = placement else {
            continue;
        };
        let exact = row.values.len() == k;
        row.placement = placement.candidates[0].clone();
        if exact {
            row.certainty = Certainty::Exact;
            row.candidates.clear();
        } else if placement.candidates.len() == 1 {
            row.certainty = Certainty::Aligned;
            row.candidates.clear();
        } else {
            row.certainty = Certainty::Ambiguous;
            row.candidates = placement.candidates;
        }
    }
}

#[cfg(test)]
mod tests;
