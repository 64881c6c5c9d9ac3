//! `check = "share"`: a share (`X万元，占Y%`) equals the part divided by a whole the text gives.
//!
//! The whole is rarely next to its parts: `收入预算756.21万元，主要包括一般公共预算拨款收入
//! 730.42万元，占96.59%`, or one share per line under a total printed above. So the wholes tried
//! for a share are every amount written before it in its run of paragraphs (paragraphs not
//! parted by a heading or a table). A share is reported only when none of them makes it right,
//! rounding allowed for, and another share of the run is right with one of them: the run is a
//! listing of shares whose whole is in the text. A share of a named whole (`占政府采购支出总额的
//! 88.06%`) is read against the amount its paragraph states under that name, if there is one.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, Unit};
use crate::number::scan_numbers;
use crate::source::Span;

use super::Figure;

/// What may stand between a part and its share: `，占`, `,占比`, `，占比为`.
static SHARE_WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    // `，占`, `，占比为`, `，所占比重为` (Shaanxi, Tianjin), `，占比例为`.
    LazyRegex::new("^\\s*[，,]?\\s*所?\\s*占\\s*(?:比重|比例|比)?\\s*(?:为|是)?\\s*$")
        .expect("share pattern")
});

/// `part，占 rate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareClaim {
    pub part: Figure,
    pub rate: Figure,
}

/// A wrong share: the claim and the amounts tried as its whole.
#[derive(Debug, Clone)]
pub struct WrongShare {
    pub claim: ShareClaim,
    /// The whole that made another share of the run right, nearest before the claim.
    pub whole: Figure,
    /// The share is within a few units of its last place of that whole's: a slip of rounding
    /// rather than a wrong figure.
    pub near: bool,
}

impl ShareClaim {
    /// Whether `whole` makes this share right, each figure rounded as written and the rate
    /// allowed one unit of its last place (cut off instead of rounded, or adjusted to make 100%).
    pub fn fits(&self, whole: &Figure) -> bool {
        self.fits_within(whole, Decimal::new(1, self.rate.decimals))
    }

    /// Whether `whole` makes this share right with the rate off by up to `slack` points.
    pub fn fits_within(&self, whole: &Figure, slack: Decimal) -> bool {
        let (p_low, p_high) = self.part.in_yuan();
        let (w_low, w_high) = whole.in_yuan();
        if w_low <= Decimal::ZERO || p_high > w_high {
            return false;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let (Some(low), Some(high)) = (
            p_low.max(Decimal::ZERO).checked_div(w_high),
            p_high.checked_div(w_low),
        ) else {
            return false;
        };
        let (low, high) = (low * hundred, high * hundred);
        // One unit of the last written place either way: the last share of a listing is often
        // adjusted so that the shares add up to 100% (0.64% for 0.634%).
        let r = &self.rate;
        r.value - slack <= high && low <= r.value + slack
    }

    /// Bounds on the low end (in 元) of any whole that [`ShareClaim::fits`], when the high
    /// ends of the wholes tried lie at most `widest` above their low ends: a whole is at most
    /// the part over the rate less its slack, and at least the part over the rate plus it (and
    /// the part itself). Widened by far more than the rounding of `fits`' divisions, so that
    /// they only leave out wholes `fits` refuses; no bound where a rate is too near zero to
    /// divide by.
    fn whole_low_bounds(&self, widest: Decimal) -> (Decimal, Option<Decimal>) {
        let slack = Decimal::new(1, self.rate.decimals);
        let (p_low, p_high) = self.part.in_yuan();
        let hundred = Decimal::ONE_HUNDRED;
        let tiny = Decimal::new(1, 6);
        let margin = Decimal::new(1, 9);
        let r = self.rate.value;
        let below = r - slack;
        let high = (below > tiny)
            .then(|| {
                p_high
                    .checked_mul(hundred)?
                    .checked_div(below)?
                    .checked_mul(Decimal::ONE + margin)
            })
            .flatten();
        let above = r + slack;
        let by_rate = (above > tiny)
            .then(|| {
                p_low
                    .max(Decimal::ZERO)
                    .checked_mul(hundred)?
                    .checked_div(above)?
                    .checked_mul(Decimal::ONE - margin)
            })
            .flatten()
            .unwrap_or(Decimal::ZERO);
        let high_end = by_rate.max(p_high);
        let low = high_end
            .checked_sub(widest)
            .and_then(|l| l.checked_sub(high_end.abs() * margin))
            .unwrap_or(Decimal::MIN)
            .max(Decimal::ZERO);
        (low, high)
    }
}

/// The shares of a document that no amount before them makes right.
pub fn wrong_shares(document: &Document) -> Vec<WrongShare> {
    let mut out = Vec::new();
    // One run of paragraphs: the amounts read so far and the claims with the wholes tried.
    let mut amounts = RunAmounts::default();
    // Each claim with the number of amounts before it and the whole its sentence declares.
    let mut claims: Vec<(ShareClaim, usize, Option<Figure>)> = Vec::new();
    // Shares of a whole the paragraph names and states (read apart from the run's listing).
    let mut named: Vec<WrongShare> = Vec::new();
    // Every amount stated so far in the document, by the name its clause gives it: the whole a
    // later share names may have been stated sections before (`本年支出合计 369010.00 万元` in
    // the 支出 section, `占本年支出合计的 93.32%` in the 一般公共预算 one).
    let mut stated = StatedWholes::default();
    let mut flush = |amounts: &mut RunAmounts,
                     claims: &mut Vec<(ShareClaim, usize, Option<Figure>)>| {
        // The whole each claim is right with: the nearest amount before it that makes it so.
        let wholes: Vec<Option<usize>> = claims
            .iter()
            .map(|(c, before, _)| amounts.nearest_fitting(c, *before))
            .collect();
        let confirmed = wholes.iter().filter(|w| w.is_some()).count();
        // The whole another share of the run was right with, nearest before a claim: the last
        // confirmed whole (in the order of the claims) that is among the amounts before it.
        // `last_below[n]` is the last confirmed claim whose whole is one of the first `n`
        // amounts, so that a listing of thousands of shares is not searched whole per share.
        let mut last_below: Vec<Option<usize>> = vec![None; amounts.figures.len() + 1];
        for (j, whole) in wholes.iter().enumerate() {
            if let Some(k) = whole {
                let first = amounts.first_equal(*k);
                last_below[first + 1] = Some(j);
            }
        }
        for n in 1..last_below.len() {
            last_below[n] = last_below[n].max(last_below[n - 1]);
        }
        for ((claim, before, declared), whole) in claims.iter().zip(&wholes) {
            if whole.is_some() {
                continue;
            }
            // Or, when no share of the run is right, the whole the sentence declares.
            let whole = if confirmed == 0 {
                declared.clone()
            } else {
                last_below[*before]
                    .and_then(|j| wholes[j])
                    .map(|k| amounts.figures[k].clone())
            };
            if let Some(whole) = whole {
                out.push(WrongShare {
                    // Five units of a last place, and no more than a tenth of a point.
                    near: claim.fits_within(
                        &whole,
                        Decimal::new(5, claim.rate.decimals).min(Decimal::new(1, 1)),
                    ),
                    claim: claim.clone(),
                    whole,
                });
            }
        }
        *amounts = RunAmounts::default();
        claims.clear();
    };
    for block in &document.blocks {
        let p = match block {
            Block::Paragraph(p) | Block::Note(p) => p,
            Block::Heading(_) | Block::Table(_) => {
                flush(&mut amounts, &mut claims);
                continue;
            }
            Block::Furniture(_) => continue,
        };
        let text = &p.text.text;
        let found = scan_numbers(text);
        let marks = ClauseMarks::of(text);
        for (i, f) in found.iter().enumerate() {
            let figure = |f: &crate::number::Found| Figure::found(p, f);
            match f.unit {
                Some(Unit::Yuan | Unit::WanYuan | Unit::YiYuan) => amounts.push(figure(f)),
                Some(Unit::Percent) if i > 0 => {
                    let part = &found[i - 1];
                    let money = part.unit.is_some_and(Unit::is_money);
                    if money && SHARE_WORD.is_match(&text[part.unit_end..f.range.start]) {
                        // The part itself is no whole of its own share.
                        claims.push((
                            ShareClaim {
                                part: figure(part),
                                rate: figure(f),
                            },
                            amounts.figures.len() - 1,
                            declared_whole(text, &found[..i - 1], part, &marks).map(figure),
                        ));
                    } else if money {
                        named.extend(stated_named_share(p, &found[..i - 1], part, f, &stated));
                    }
                }
                _ => {}
            }
        }
        stated.add(p, &found);
    }
    flush(&mut amounts, &mut claims);
    out.extend(named);
    out
}

/// The values in 元 an amount may stand for, each bound as computed (its scale kept, so that
/// amounts of one key compute alike in [`ShareClaim::fits`]); ordered by the low bound first.
type YuanInterval = (Decimal, u32, Decimal, u32);

/// The amounts of one run of paragraphs, in order, and grouped by the values in 元 they may
/// stand for: a share's whole is looked up by the value the share implies, not by trying every
/// amount before it (a listing of thousands of `项目i支出A万元，占B%` tried each against all).
#[derive(Default)]
struct RunAmounts {
    figures: Vec<Figure>,
    /// The indices of the amounts of each interval, in order.
    by_interval: BTreeMap<YuanInterval, Vec<usize>>,
    /// The indices of the amounts at each place (amounts equal as figures stand at one place).
    by_span: HashMap<Span, Vec<usize>>,
    /// The widest interval of the run: how far below a bound on its high end a whole's low end
    /// may lie.
    widest: Decimal,
}

impl RunAmounts {
    fn push(&mut self, figure: Figure) {
        let (low, high) = figure.in_yuan();
        let at = self.figures.len();
        self.widest = self.widest.max(high - low);
        self.by_interval
            .entry((low, low.scale(), high, high.scale()))
            .or_default()
            .push(at);
        self.by_span.entry(figure.span).or_default().push(at);
        self.figures.push(figure);
    }

    /// The index of the last of the first `before` amounts that makes `claim` right: of every
    /// interval the claim's value can reach, the last amount before the claim.
    fn nearest_fitting(&self, claim: &ShareClaim, before: usize) -> Option<usize> {
        let (from, to) = claim.whole_low_bounds(self.widest);
        // A share above 100% (`占103.84%`) bounds the whole below the part: no whole fits,
        // and a range whose start lies past its end is no range.
        if to.is_some_and(|to| to < from) {
            return None;
        }
        let from = Bound::Included((from, 0, Decimal::MIN, 0));
        let to = to.map_or(Bound::Unbounded, |to| {
            Bound::Included((to, u32::MAX, Decimal::MAX, u32::MAX))
        });
        self.by_interval
            .range((from, to))
            .filter_map(|(_, indices)| {
                let last = *indices[..indices.partition_point(|&i| i < before)].last()?;
                claim.fits(&self.figures[last]).then_some(last)
            })
            .max()
    }

    /// The first amount of the run equal to amount `k` (the one `contains` would find).
    fn first_equal(&self, k: usize) -> usize {
        let figure = &self.figures[k];
        self.by_span
            .get(&figure.span)
            .and_then(|at| at.iter().copied().find(|&i| self.figures[i] == *figure))
            .unwrap_or(k)
    }
}

/// Where the clauses of a paragraph's text end (`。`, `；`) and where a `其中` opens, in order:
/// what [`declared_whole`] asks of the text before each share, answered without reading it
/// again for each.
struct ClauseMarks {
    stops: Vec<usize>,
    openings: Vec<usize>,
}

impl ClauseMarks {
    fn of(text: &str) -> ClauseMarks {
        ClauseMarks {
            stops: text
                .match_indices(['。', '；', ';'])
                .map(|(i, _)| i)
                .collect(),
            openings: text.match_indices("其中").map(|(i, _)| i).collect(),
        }
    }

    /// Where the last `其中` that ends by byte `end` starts.
    fn last_opening(&self, end: usize) -> Option<usize> {
        let n = self.openings.partition_point(|&i| i + "其中".len() <= end);
        n.checked_sub(1).map(|n| self.openings[n])
    }

    /// Whether a clause ends between bytes `from` and `to`.
    fn stop_between(&self, from: usize, to: usize) -> bool {
        let n = self.stops.partition_point(|&i| i < from);
        self.stops.get(n).is_some_and(|&i| i < to)
    }
}

/// A share of a whole the paragraph names and states: `政府采购支出总额 56.78 万元，…授予中小企业
/// 合同金额 50.00 万元，占政府采购支出总额的 88.06%`. The whole is the one amount before the part
/// whose clause ends with the whole's name (`…总额`, `…合计`, `…为`); a share it does not make is
/// wrong. Two such amounts, and the share is not read here. None, and the whole is the one
/// amount an earlier paragraph states under that very name ([`StatedWholes`]); none or two
/// different ones there too, and the share is left to `share-of-named-total`, which reads the
/// wholes the tables give.
fn stated_named_share(
    p: &crate::model::Paragraph,
    before: &[crate::number::Found],
    part: &crate::number::Found,
    rate: &crate::number::Found,
    stated: &StatedWholes,
) -> Option<WrongShare> {
    let text = &p.text.text;
    let between = crate::model::squeeze(text.get(part.unit_end..rate.range.start)?);
    let captures = NAMED_SHARE_WORD.captures(&between)?;
    let name = captures.name("whole")?.as_str();
    let money = |f: &&crate::number::Found| f.unit.is_some_and(Unit::is_money);
    let mut labelled = before
        .iter()
        .filter(money)
        .filter(|w| labelled_with(text, w, name));
    let whole = match (labelled.next(), labelled.next()) {
        (Some(whole), None) => Figure::found(p, whole),
        (None, _) => stated.only(name)?,
        _ => return None,
    };
    let claim = ShareClaim {
        part: Figure::found(p, part),
        rate: Figure::found(p, rate),
    };
    if claim.fits(&whole) {
        return None;
    }
    Some(WrongShare {
        near: claim.fits_within(
            &whole,
            Decimal::new(5, claim.rate.decimals).min(Decimal::new(1, 1)),
        ),
        claim,
        whole,
    })
}

/// The amounts stated in the paragraphs read so far, by the name their clause gives them, year
/// and `本部门` set aside (`2025 年支出预算 122530.50 万元` is the whole of `占本部门支出预算的`).
#[derive(Default)]
struct StatedWholes {
    by_name: std::collections::HashMap<String, Vec<Figure>>,
}

impl StatedWholes {
    fn add(&mut self, p: &crate::model::Paragraph, found: &[crate::number::Found]) {
        let text = &p.text.text;
        for f in found.iter().filter(|f| f.unit.is_some_and(Unit::is_money)) {
            let start = clause_start(text, f.range.start);
            let name = whole_name(&crate::model::squeeze(&text[start..f.range.start]));
            if !name.is_empty() {
                self.by_name
                    .entry(name)
                    .or_default()
                    .push(Figure::found(p, f));
            }
        }
    }

    /// The one amount stated under `name`; none when none is, or two that differ (last year's
    /// and this year's, a department's and a unit's).
    fn only(&self, name: &str) -> Option<Figure> {
        let figures = self.by_name.get(&whole_name(name))?;
        let first = figures.first()?;
        let same = |f: &Figure| f.value == first.value && f.unit == first.unit;
        figures.iter().all(same).then(|| first.clone())
    }
}

/// A whole's name as stated and as named in a share, compared exactly: the verb after it, the
/// year and `本部门` / `本单位` before it and a closing `总额` / `合计` set aside, so that only
/// the label itself is left (`2025年支出预算为` and `本部门支出预算` are both `支出预算`).
fn whole_name(label: &str) -> String {
    let mut s = label;
    for verb in ["为", "是", "共计", "共", "达"] {
        if let Some(l) = s.strip_suffix(verb) {
            s = l;
            break;
        }
    }
    // `2025年本部门`, `本部门2025年度`: the owner and the year in either order.
    for _ in 0..2 {
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 4 {
            let rest = &s[digits..];
            s = rest
                .strip_prefix("年度")
                .or_else(|| rest.strip_prefix('年'))
                .unwrap_or(s);
        }
        for owner in ["本部门", "本单位", "部门"] {
            if let Some(l) = s.strip_prefix(owner) {
                s = l;
                break;
            }
        }
    }
    for total in ["总额", "总计", "合计", "总数"] {
        if let Some(l) = s.strip_suffix(total) {
            s = l;
            break;
        }
    }
    s.to_string()
}

/// Where the clause that ends at byte `end` of `text` begins: after the last punctuation mark.
fn clause_start(text: &str, end: usize) -> usize {
    text[..end]
        .rfind(['，', ',', '。', '；', ';', '：', ':'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        })
}

/// Whether the clause before the amount `w` ends with `name` (`2023年度政府采购支出总额` for
/// `政府采购支出`, `本年支出合计为` for `本年支出合计`).
pub(super) fn labelled_with(text: &str, w: &crate::number::Found, name: &str) -> bool {
    let clause = crate::model::squeeze(&text[clause_start(text, w.range.start)..w.range.start]);
    let label = ["为", "是", "共计", "共", "达"]
        .iter()
        .find_map(|s| clause.strip_suffix(s))
        .unwrap_or(&clause);
    label.ends_with(name)
        || ["总额", "总计", "合计", "总数"]
            .iter()
            .any(|s| label.strip_suffix(s).is_some_and(|l| l.ends_with(name)))
}

/// The whole a sentence declares for the part `part`: the amount right before the last `其中`
/// before the part, in the same sentence and clause (no `。`, `；` between), when every figure
/// between that `其中` and the part is an amount (the parts listed before it): `本年收入合计
/// 9746.50 万元，其中：财政拨款收入 9746.50 万元，占 100.00%`, `政府采购预算总额999.99万元，
/// 其中：货物类123.45万元，服务类876.54万元，占87.65%`. An amount stating a change (`比上年增加
/// 120.00 万元，其中：…`) declares no whole.
fn declared_whole<'f>(
    text: &str,
    before: &'f [crate::number::Found],
    part: &crate::number::Found,
    marks: &ClauseMarks,
) -> Option<&'f crate::number::Found> {
    let opening = marks.last_opening(part.range.start)?;
    if marks.stop_between(opening, part.range.start) {
        return None;
    }
    // The numbers are in order: the last one ending by the `其中`.
    let at = before
        .partition_point(|f| f.unit_end <= opening)
        .checked_sub(1)?;
    let whole = &before[at];
    let listed = &before[at + 1..];
    if !whole.unit.is_some_and(Unit::is_money)
        || !listed.iter().all(|f| f.unit.is_some_and(Unit::is_money))
        || super::change_rate::is_change(&text[..whole.range.start])
    {
        return None;
    }
    (!marks.stop_between(whole.unit_end, opening)).then_some(whole)
}

/// A share of a named whole that the whole's table cell contradicts.
#[derive(Debug, Clone)]
pub struct WrongNamedShare<'a> {
    pub claim: ShareClaim,
    /// The name of the whole, as the rule file calls it.
    pub name: &'a str,
    /// The whole's table cell.
    pub whole: Figure,
    /// Off by a few units of the last place only: a rounding slip.
    pub near: bool,
}

/// The shares of named wholes in a paragraph that the wholes' table cells do not make right;
/// only a share whose part the whole's table also gives is judged.
pub fn wrong_named_shares<'a>(
    document: &Document,
    p: &crate::model::Paragraph,
    cells: &'a [super::amount::CellLabel],
    year: Option<&str>,
) -> Vec<WrongNamedShare<'a>> {
    let year_number: Option<i32> = year.and_then(|y| y.parse().ok());
    let text = &p.text.text;
    let mut out = Vec::new();
    if !text.contains('占') {
        return out;
    }
    let found = scan_numbers(text);
    for (i, f) in found.iter().enumerate() {
        if f.unit != Some(Unit::Percent) || i == 0 {
            continue;
        }
        let Some((part, after_part)) = part_of_share(text, &found, i) else {
            continue;
        };
        let between = crate::model::squeeze(&text[after_part..f.range.start]);
        let Some(name) = NAMED_SHARE_WORD
            .captures(&between)
            .and_then(|c| c.name("whole"))
            .map(|m| m.as_str())
        else {
            continue;
        };
        // The whole's name is one entry's label, whole.
        let mut entries = cells.iter().filter(|e| {
            e.labels
                .iter()
                .any(|l| l.find(name).is_some_and(|m| m.start() == 0))
        });
        let (Some(entry), None) = (entries.next(), entries.next()) else {
            continue;
        };
        // A share of last year's figures is no claim on this year's column (a table of
        // `2025年预算数 | 2026年预算数` gives this year's whole).
        let sentence = text[..part.range.start]
            .rfind(['。', '；', ';'])
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let lead = crate::model::squeeze(&text[sentence..part.range.start]);
        if super::amount::about_another_year(&lead, year) {
            continue;
        }
        let Some(cell) = super::amount::table_cell(
            document,
            entry,
            year_number,
            super::amount::says_budget(name),
        ) else {
            continue;
        };
        let whole = Figure {
            value: cell.number.value,
            decimals: cell.number.decimals,
            unit: cell.number.unit,
            span: cell.number.span,
        };
        let claim = ShareClaim {
            part: Figure::found(p, part),
            rate: Figure::found(p, f),
        };
        if claim.fits(&whole) {
            continue;
        }
        // A table of the whole's must also give the part (or the part be the whole): a table
        // read wrongly gives a cell that is no whole of anything the prose names. (The 收支总表
        // gives 本年支出合计 and the 支出总表 its 基本支出.)
        let confirmed = super::amount::tables_of(document, entry)
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.values)
            .any(|n| super::amount::same_figure(&claim.part, n));
        if !confirmed {
            continue;
        }
        out.push(WrongNamedShare {
            near: claim.fits_within(
                &whole,
                Decimal::new(5, claim.rate.decimals).min(Decimal::new(1, 1)),
            ),
            claim,
            name: &entry.name,
            whole,
        });
    }
    out
}

/// The part a share at `found[i]` is of, and where the words naming the share begin: the money
/// amount right before it, or the one before a completion rate between them (`支出决算为
/// 5242.36万元，完成全年预算的98.11%，占本年支出合计的84.45%`).
fn part_of_share<'f>(
    text: &str,
    found: &'f [crate::number::Found],
    i: usize,
) -> Option<(&'f crate::number::Found, usize)> {
    let before = found.get(i.checked_sub(1)?)?;
    if before.unit.is_some_and(Unit::is_money) {
        return Some((before, before.unit_end));
    }
    if before.unit != Some(Unit::Percent) {
        return None;
    }
    let part = found.get(i.checked_sub(2)?)?;
    let rate_words = crate::model::squeeze(&text[part.unit_end..before.range.start]);
    (part.unit.is_some_and(Unit::is_money) && COMPLETION_WORDS.is_match(&rate_words))
        .then_some((part, before.unit_end))
}

/// `，完成全年预算的`, `，为年初预算的`, `，预算完成率为` (whitespace removed): a completion rate
/// between an amount and its share.
static COMPLETION_WORDS: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("^[，,](?:完成|为|达到)[^，,。；;：:0-9%％]{0,10}?(?:的|率为|率)$")
        .expect("completion words pattern")
});

/// The three parts of the 三公经费, each a share of it: together they are all of it.
const THREE_PUBLIC_PARTS: [&str; 3] = ["因公出国", "公务用车", "公务接待"];

/// `占“三公”经费的 8.75%`, `占三公经费的`, `占“三公”经费总额的`.
static THREE_PUBLIC_SHARE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("占\\s*[“\"]?\\s*三\\s*公\\s*[”\"]?\\s*经\\s*费\\s*(?:总额|支出)?\\s*的\\s*$")
        .expect("three-public share pattern")
});

/// `，占本年支出合计的`, `占“三公”经费总额的比重为` (whitespace removed): the name of the whole.
static NAMED_SHARE_WORD: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("^[，,]?占(?P<whole>[^，,。；;、0-9]{2,20}?)(?:总额|总数|的总额)?的(?:比重|比例)?(?:为|是)?$")
        .expect("named share pattern")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [
        &SHARE_WORD,
        &THREE_PUBLIC_SHARE,
        &NAMED_SHARE_WORD,
        &COMPLETION_WORDS,
    ] {
        pattern.warm(hint);
    }
}

/// Shares of one whole that name all of its parts but do not add up to 100%.
#[derive(Debug, Clone)]
pub struct SharesNotWhole {
    /// Each part's amount and its share.
    pub shares: Vec<ShareClaim>,
    /// The lowest and highest sum the shares may stand for, rounded as written.
    pub low: Decimal,
    pub high: Decimal,
}

impl SharesNotWhole {
    pub fn sum(&self) -> Decimal {
        self.shares.iter().map(|s| s.rate.value).sum()
    }

    /// The share of each part implied by the parts' amounts.
    pub fn implied(&self) -> Vec<Decimal> {
        let yuan: Vec<Decimal> = self
            .shares
            .iter()
            .map(|s| s.part.value * super::yuan_per(s.part.unit))
            .collect();
        let whole: Decimal = yuan.iter().sum();
        yuan.iter()
            .map(|y| {
                y.checked_div(whole)
                    .map_or(Decimal::ZERO, |r| r * Decimal::ONE_HUNDRED)
            })
            .collect()
    }
}

/// The shares of the 三公经费 (one per part, each `占“三公”经费的 X%`) that do not add up to 100%
/// within the rounding of the shares as written. Only a paragraph naming each of the three parts
/// once, each with its amount and share, is read: the three are all of the 三公经费 by definition.
pub fn shares_not_whole(p: &crate::model::Paragraph) -> Option<SharesNotWhole> {
    let text = &p.text.text;
    // A bare `占 X%` is of the 三公经费 only in a paragraph about them, and only when the three
    // parts are all it gives shares of (checked below: a clause naming none of them, such as
    // `会议费…，占 4%`, leaves the paragraph unread).
    // A paragraph that also speaks of 会议费 or 培训费 may give shares of all five together.
    let plain = crate::model::squeeze(text);
    let about_three_public =
        plain.contains("三公") && !plain.contains("会议") && !plain.contains("培训");
    let found = scan_numbers(text);
    let mut shares: Vec<(usize, ShareClaim)> = Vec::new();
    let figure = |f: &crate::number::Found| Figure::found(p, f);
    for (i, f) in found.iter().enumerate() {
        if f.unit != Some(Unit::Percent) || i == 0 {
            continue;
        }
        let part = &found[i - 1];
        if !part.unit.is_some_and(Unit::is_money) {
            continue;
        }
        let between = &text[part.unit_end..f.range.start];
        let Some(rest) = between.trim_start().strip_prefix(['，', ',']) else {
            continue;
        };
        let bare = about_three_public && SHARE_WORD.is_match(between);
        if !bare && !THREE_PUBLIC_SHARE.is_match(rest.trim_start()) {
            continue;
        }
        // The part is named in its clause, before its amount.
        let clause_start = text[..part.range.start]
            .rfind(['；', ';', '。', '：', ':'])
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let label = crate::model::squeeze(&text[clause_start..part.range.start]);
        let which = THREE_PUBLIC_PARTS.iter().position(|n| label.contains(n))?;
        if THREE_PUBLIC_PARTS
            .iter()
            .filter(|n| label.contains(*n))
            .count()
            > 1
        {
            return None;
        }
        shares.push((
            which,
            ShareClaim {
                part: figure(part),
                rate: figure(f),
            },
        ));
    }
    let mut named: Vec<usize> = shares.iter().map(|(w, _)| *w).collect();
    // A part of nothing is stated without a share (`其中：因公出国（境）费支出 0.00 元，与上年
    // 持平；…`): its share is 0 exactly. Only a part named alone in its clause.
    if (1..3).contains(&named.len()) {
        for f in &found {
            if !f.unit.is_some_and(Unit::is_money) || !f.value.is_zero() {
                continue;
            }
            let clause_start = text[..f.range.start]
                .rfind(['；', ';', '。', '：', ':', '，', ','])
                .map_or(0, |i| {
                    i + text[i..].chars().next().map_or(1, char::len_utf8)
                });
            let label = crate::model::squeeze(&text[clause_start..f.range.start]);
            let mut parts = THREE_PUBLIC_PARTS
                .iter()
                .enumerate()
                .filter(|(_, n)| label.contains(*n));
            if let (Some((w, _)), None) = (parts.next(), parts.next())
                && !named.contains(&w)
                && !label.contains("购置")
                && !label.contains("运行")
            {
                named.push(w);
            }
        }
    }
    named.sort_unstable();
    if named != [0, 1, 2] {
        return None;
    }
    let shares: Vec<ShareClaim> = shares.into_iter().map(|(_, s)| s).collect();
    // Nothing spent: the shares are of nothing.
    if shares.iter().all(|s| s.part.value.is_zero()) {
        return None;
    }
    let half = |s: &ShareClaim| Decimal::new(5, s.rate.decimals + 1);
    let low: Decimal = shares.iter().map(|s| s.rate.value - half(s)).sum();
    let high: Decimal = shares.iter().map(|s| s.rate.value + half(s)).sum();
    let hundred = Decimal::ONE_HUNDRED;
    (low > hundred || high < hundred).then_some(SharesNotWhole { shares, low, high })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paragraph, Text};

    /// The wholes of the built-in rule `share-of-named-total`.
    fn named_wholes() -> Vec<super::super::amount::CellLabel> {
        let rule: toml::Table =
            toml::from_str(include_str!("../../../rules/share-of-named-total.toml"))
                .expect("rule file parses");
        super::super::amount::cell_labels(&rule["params"]["cells"]).expect("cells read")
    }

    /// The stated shares of named wholes that the tables contradict, in a Jiangsu-like budget:
    /// the 支出预算总表 (its one total row) and a vertical 三公 table.
    fn wrong_named(prose: &str) -> Vec<String> {
        let text = format!(
            "三、2017 年度部门支出预算总表\n\n单位：万元\n\n| 合计 | 基本支出 | 项目支出 |\n|---|---|---|\n| 28,849.38 | 17,123.19 | 11,726.19 |\n\n\
             十一、2017 年部门一般公共预算“三公”经费支出预算表\n\n单位：万元\n\n\
             | 项目 | 合计 |\n|---|---|\n| 合计 | 670.12 |\n| 1.因公出国（境）费 | 180.00 |\n\
             | 2.公务用车购置及运行维护费 | 304.40 |\n| 3.公务接待费 | 185.72 |\n\n{prose}\n"
        );
        wrong_named_in(text)
    }

    /// The stated shares of named wholes that the tables of `text` contradict (not nearly).
    fn wrong_named_in(text: String) -> Vec<String> {
        let document = crate::parse::parse(&crate::source::SourceFile::new(
            "t.md".into(),
            text,
            crate::source::SourceEncoding::Utf8,
        ));
        let wholes = named_wholes();
        let year = super::super::amount::document_year(&document);
        document
            .paragraphs()
            .flat_map(|p| wrong_named_shares(&document, p, &wholes, year.as_deref()))
            .filter(|w| !w.near)
            .map(|w| format!("{} {}", w.name, w.claim.rate.value))
            .collect()
    }

    #[test]
    fn a_share_of_a_whole_in_a_table_of_two_years_is_of_this_years_column() {
        // hedong-urban-2026 (unseen): `2025年预算数 | 2026年预算数` on each side.
        let table = "                                        2026年部门收支总表\n\
                                                                             单位：万元\n\
                收入                                                     支出\n\
           项目        2025年预算数          2026年预算数                   项目        2025年预算数          2026年预算数\n\
一、一般公共预算资金                13987.65          14548.10 一、基本支出                       7012.34           7352.99\n\
二、政府性基金预算资金                2987.65           3246.88 二、项目支出                    10282.96          10742.99\n\
三、其他收入                       169.65            176.00\n\
本年收入合计                    17145.30          17970.98 本年支出合计                      17295.30          18095.98\n\
上年结转                        150.00            125.00 结转下年                              0.00              0.00\n\
收入总计                      17295.30          18095.98 支出总计                        17295.30          18095.98\n\n";
        let prose = |share: &str| {
            format!(
                "{table}2026年部门收入预算总计18095.98万元。本年收入中，一般公共预算资金14548.10万元，占收入总计的{share}%。\n"
            )
        };
        assert!(wrong_named_in(prose("80.39")).is_empty());
        assert_eq!(wrong_named_in(prose("85.39")), ["收入总计 85.39"]);
        // Last year's share is not read against this year's column.
        let last = prose("85.39").replace("本年收入中，", "2025年收入中，");
        assert!(wrong_named_in(last).is_empty());
        // A completion rate between the part and its share (daliang-street-2024, unseen).
        let rated = |share: &str| {
            format!(
                "{table}本年收入中，一般公共预算资金年初预算为14000.00万元，全年预算为14600.00万元，决算为14548.10万元，完成全年预算的99.64%，占收入总计的{share}%。\n"
            )
        };
        assert!(wrong_named_in(rated("80.39")).is_empty());
        assert_eq!(wrong_named_in(rated("85.39")), ["收入总计 85.39"]);
        // Another figure between them (a change) leaves the share unread.
        let changed = rated("85.39").replace("完成全年预算的99.64%", "比上年增加560.45万元");
        assert!(wrong_named_in(changed).is_empty());
    }

    #[test]
    fn shares_of_named_wholes_are_judged_against_their_cells() {
        // js-highcourt-2017, with a wrap and stray spaces.
        let right = "江苏省高级人民法院 2017 年财政拨款预算支出 28849.38 万元，\n占本年支出合计的 100%。因公出国（境）费支出 180 万元，占“三公” 经费的 26.86%；公务接待费支出 185.72 万元，占“三公”经费的 27.71%。";
        assert_eq!(wrong_named(right), Vec::<String>::new());
        let wrong = right
            .replace("的 100%", "的 95%")
            .replace("26.86%", "31.86%");
        assert_eq!(wrong_named(&wrong), ["本年支出合计 95", "“三公”经费 31.86"]);
        // Another phrasing: `占…总额的比重为`.
        assert_eq!(
            wrong_named("公务接待费 185.72 万元，占“三公”经费总额的比重为 7.15%。"),
            ["“三公”经费 7.15"]
        );
        // A whole no table gives, or one the rule does not know: silent.
        assert!(wrong_named("会议费 228 万元，占会议费和培训费的 50%。").is_empty());
        assert!(wrong_named("基本支出 17123.19 万元，占部门预算的 50%。").is_empty());
    }

    /// Beijing's `占部门预算总额的 X%`: a share of the whole budget, the 收支总表's 收入总计.
    #[test]
    fn a_share_of_the_department_budget_is_of_the_statements_total() {
        let shares = |prose: &str| {
            let text = format!(
                "表1-1\n\n收支总表\n\n单位：万元\n\n| 项目 | 预算数 | 项目 | 预算数 |\n|---|---|---|---|\n\
                 | 一、一般公共预算财政拨款 | 16,515.97 | 一、农林水支出 | 21,709.75 |\n\
                 | 二、单位资金 | 5,193.78 | | |\n\
                 | 收入总计 | 21,709.75 | 支出总计 | 21,709.75 |\n\n{prose}\n"
            );
            wrong_named_in(text)
        };
        let right = "一般公共预算财政拨款16,515.97万元，占部门预算总额的76.08%。";
        assert_eq!(shares(right), Vec::<String>::new());
        assert_eq!(shares(&right.replace("76.08", "81.08")), ["收入总计 81.08"]);
    }

    fn document(paragraphs: &[&str]) -> Document {
        let mut at = 0;
        Document {
            blocks: paragraphs
                .iter()
                .map(|s| {
                    let p = Block::Paragraph(Paragraph {
                        text: Text::from_source(s, at),
                        numbers: Vec::new(),
                    });
                    at += s.len() + 1;
                    p
                })
                .collect(),
            ..Document::default()
        }
    }

    fn wrong(paragraphs: &[&str]) -> Vec<String> {
        wrong_shares(&document(paragraphs))
            .iter()
            .map(|w| format!("{} of {}", w.claim.rate.value, w.whole.value))
            .collect()
    }

    #[test]
    fn right_shares_are_silent() {
        // tunliu-2025: two wholes in one paragraph, 756.21 and 730.42.
        assert!(wrong(&[
            "收入预算756.21万元，主要包括一般公共预算拨款收入730.42万元，占96.59%；政府性基金预算拨款收入0万元，占0%。上年结转25.79万元，占3.41%。",
            "一般公共预算当年支出730.42万元，主要用于以下方面：社会保障和就业支出47.53万元，占6.51%；卫生健康支出644.75万元，占88.27%；住房保障支出38.14万元，占5.22%。",
        ])
        .is_empty());
        // One share per paragraph, under the total.
        assert!(
            wrong(&[
                "支出预算总计 28849.38 万元。",
                "基本支出 17123.19 万元，占 59.35%",
                "项目支出 11543.27 万元，占 40.01%",
                "单位预留机动经费 182.92 万元，占 0.64%",
            ])
            .is_empty()
        );
    }

    #[test]
    fn a_share_above_a_hundred_is_wrong_against_every_whole() {
        // hebei-emergency-2024 (unseen14) with one share moved past 100%: no whole is below
        // its part, and the listing's other shares say the whole is in the text.
        assert_eq!(
            wrong(&[
                "2024年度本年收入合计72,467.05万元，比上年增加4,563.21万元，增长6.72%。其中：一般公共预算财政拨款收入71,627.95万元，占103.84%；事业收入719.10万元，占0.99%；其他收入120.00万元，占0.17%。"
            ]),
            vec!["103.84 of 72467.05"]
        );
        for share in ["100.01", "250", "99999"] {
            let text = format!("支出合计 30.00 万元，其中：基本支出 20.00 万元，占 {share}%。");
            assert_eq!(wrong(&[&text]).len(), 1, "{text}");
        }
    }

    #[test]
    fn a_share_of_the_whole_its_sentence_declares_fires_alone() {
        // putuo-planning-2024, js-highcourt-2017 (wrapped): the only share of the run, of the
        // amount before `其中`.
        assert_eq!(
            wrong(&["本年收入合计 9746.50 万元，其中：财政拨款收入 9746.50 万元，占 95.00%。"]),
            vec!["95.00 of 9746.50"]
        );
        assert_eq!(
            wrong(&[
                "本年收入预算合计 28849.38 万元，其中：\n一般公共预算收入 28849.38 万元，占 95%；"
            ]),
            vec!["95 of 28849.38"]
        );
        // Right, or rounded: silent.
        assert!(
            wrong(&["本年收入合计 9746.50 万元，其中：财政拨款收入\n9746.50 万元，占 100.00%。"])
                .is_empty()
        );
        assert!(wrong(&["支出合计 30.00 万元，其中：基本支出 10.00 万元，占 33%。"]).is_empty());
        // No `其中`, or another sentence between: no declared whole, and no other share to go by.
        for s in [
            "本年收入合计 9746.50 万元，财政拨款收入 9746.50 万元，占 95.00%。",
            "本年收入合计 9746.50 万元。其中：财政拨款收入 9746.50 万元。另有 100.00 万元，占 95.00%。",
        ] {
            assert!(wrong(&[s]).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_share_of_a_later_part_is_of_the_whole_before_its_qizhong() {
        // jiulongpo-commerce-2026 (unseen): the only share follows the second part.
        let text = |share: &str| {
            format!(
                "2026年本部门政府采购预算总额999.99万元，其中：货物类123.45万元，服务类876.54万元，占{share}%。"
            )
        };
        assert_eq!(wrong(&[&text("92.65")]), vec!["92.65 of 999.99"]);
        assert!(wrong(&[&text("87.65")]).is_empty());
        // A change before `其中` is no whole; a count between the whole and the part leaves
        // the parts unclear; a `；` ends the clause.
        for s in [
            "收入合计 999.99 万元，比上年增加 123.45 万元，其中：服务类 100.00 万元，占 92.65%。",
            "采购总额 999.99 万元，其中：货物类 3 个，服务类 876.54 万元，占 92.65%。",
            "采购总额 999.99 万元，其中：货物类 123.45 万元；服务类 876.54 万元，占 92.65%。",
        ] {
            assert!(wrong(&[s]).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_share_written_as_its_proportion_is_read() {
        // hedong-urban-2026 (unseen): `所占比重为`.
        let text = |share: &str| {
            format!(
                "2026年本部门政府采购预算8592.56万元，其中：货物类567.89万元，所占比重为{share}%；工程类3456.78万元，所占比重为40.23%；服务类4567.89万元，所占比重为53.16%。"
            )
        };
        assert!(wrong(&[&text("6.61")]).is_empty());
        assert_eq!(wrong(&[&text("11.61")]), vec!["11.61 of 8592.56"]);
    }

    #[test]
    fn a_share_no_whole_makes_right_fires() {
        assert_eq!(
            wrong(&[
                "支出预算总计 28849.38 万元。",
                "基本支出 17123.19 万元，占 64.35%",
                "项目支出 11543.27 万元，占 40.01%",
            ]),
            vec!["64.35 of 28849.38"]
        );
    }

    #[test]
    fn a_share_of_a_whole_named_and_stated_in_the_paragraph_is_judged() {
        // The national final-accounts wording of 政府采购.
        let right = "2023年度政府采购支出总额56.78万元，其中：政府采购货物支出12.34万元、政府采购服务支出44.44万元。授予中小企业合同金额50.00万元，占政府采购支出总额的88.06%，其中：授予小微企业合同金额40.00万元，占政府采购支出总额的70.45%。";
        assert!(wrong(&[right]).is_empty(), "{:?}", wrong(&[right]));
        let moved = right.replace("88.06%", "83.06%");
        assert_eq!(wrong(&[&moved]), ["83.06 of 56.78"]);
        // A whole named twice before the share, or not stated: not judged.
        let twice = right
            .replace(
                "其中：政府采购货物",
                "上年政府采购支出总额60.00万元，其中：政府采购货物",
            )
            .replace("88.06%", "83.06%");
        assert!(wrong(&[&twice]).is_empty(), "{:?}", wrong(&[&twice]));
        assert!(wrong(&["授予中小企业合同金额50.00万元，占政府采购支出总额的83.06%。"]).is_empty());
    }

    #[test]
    fn a_share_of_a_whole_stated_sections_before_is_judged() {
        // A Guangdong-like final account: the whole in the 支出 section, the share two
        // sections on (344354.00 ÷ 369010.00 = 93.32%).
        let spending = "本年支出合计 369010.00 万元，其中：基本支出 67934.60 万元，占 18.41%；项目支出 301075.40 万元，占 81.59%。";
        let share = "（一）总体情况。2024 年度一般公共预算财政拨款支出 344354.00 万元，占本年支出合计的 93.32%。";
        assert!(wrong(&[spending, share]).is_empty());
        let moved = share.replace("93.32%", "98.32%");
        assert_eq!(wrong(&[spending, &moved]), ["98.32 of 369010.00"]);
        // A Hubei-like budget: `本部门支出预算` is the year's `支出预算` (110530.50 ÷ 122530.50
        // = 90.21%); other provinces write `本部门支出预算总额为`.
        let budget = "2025 年支出预算 122530.50 万元，其中：基本支出 50654.10 万元，占 41.34%；项目支出 71876.40 万元，占 58.66%。";
        let general = "2025 年一般公共预算拨款支出预算 110530.50 万元，占本部门支出预算的 95.21%。";
        assert_eq!(wrong(&[budget, general]), ["95.21 of 122530.50"]);
        assert!(wrong(&[budget, &general.replace("95.21%", "90.21%")]).is_empty());
        let total = "本部门2025年支出预算总额为122530.50万元。";
        assert!(wrong(&[total, &general.replace("95.21%", "90.21%")]).is_empty());
        assert_eq!(wrong(&[total, general]), ["95.21 of 122530.50"]);
        assert_eq!(
            wrong(&["2025年部门支出预算总额为122530.50万元。", general]),
            ["95.21 of 122530.50"]
        );
        // Two different wholes under the name (last year's and this year's), the name not
        // stated, or stated after the share: not judged.
        let last_year = "2024 年支出预算 118765.40 万元。";
        assert!(wrong(&[last_year, budget, general]).is_empty());
        assert!(wrong(&[general]).is_empty());
        assert!(wrong(&[general, budget]).is_empty());
        // A whole stated under a longer name is another whole.
        assert!(wrong(&["2025 年项目支出预算 71876.40 万元。", general]).is_empty());
    }

    #[test]
    fn a_lone_share_or_a_named_whole_is_not_judged() {
        assert!(
            wrong(&["支出预算总计 28849.38 万元。基本支出 17123.19 万元，占 64.35%"]).is_empty()
        );
        assert!(wrong(&[
            "支出预算总计 28849.38 万元。基本支出 17123.19 万元，占 59.35%，公务接待费 100 万元，占“三公”经费的 50%。"
        ])
        .is_empty());
    }

    fn not_whole(s: &str) -> Option<String> {
        shares_not_whole(&Paragraph {
            text: crate::model::Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .map(|w| w.sum().to_string())
    }

    #[test]
    fn three_public_shares_add_up_to_a_hundred() {
        // js-highcourt-2017: 26.86 + 45.43 + 27.71 = 100.
        assert_eq!(
            not_whole(
                "“三公”经费预算支出中，因公出国（境）费支出 180 万元，占“三公”经费的 26.86%；公务用车购置及运行费支出 304.4 万元，占“三公”经费的 45.43%；公务接待费支出 185.72 万元，占“三公”经费的 27.71%。"
            ),
            None
        );
        // js-procuratorate-2018: 20.65 + 55.3 + 24 = 99.95, within the rounding of 24 and 55.3.
        assert_eq!(
            not_whole(
                "因公出国（境）费支出 100 万元，占“三公”经费的 20.65 %；公务用车购置及运行费支出 267.8 万元，占“三公”经费的 55.3 %；公务接待费支出 116.5 万元，占“三公”经费的 24 %。"
            ),
            None
        );
        // js-rendaban-2017: shares of another whole (三公 with 会议费 and 培训费).
        assert_eq!(
            not_whole(
                "因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的 7.22%；公务接待费支出 427.5 万元，占“三公”经费的 16.81%。"
            )
            .as_deref(),
            Some("32.78")
        );
    }

    #[test]
    fn bare_shares_in_a_three_public_paragraph_are_of_the_three_public_funds() {
        // The national final-accounts wording: `占 X%` with no whole named.
        let right = "2023年度一般公共预算财政拨款安排的“三公”经费支出决算中，因公出国（境）费支出决算为0万元，占0%；公务用车购置及运行维护费支出决算为12.00万元，占80.00%；公务接待费支出决算为3.00万元，占20.00%。";
        assert_eq!(not_whole(right), None);
        let wrong = right.replace("占80.00%", "占85.00%");
        assert_eq!(not_whole(&wrong).as_deref(), Some("105.00"));
        // Not about the 三公经费: bare shares are of something else.
        let other = wrong.replace("“三公”经费", "项目");
        assert_eq!(not_whole(&other), None);
        // Shares that may be of the 三公经费, 会议费 and 培训费 together, or a fourth part with
        // a share: not read.
        let five = wrong.replace("“三公”经费支出", "“三公”经费、会议费和培训费支出");
        assert_eq!(not_whole(&five), None);
        let fourth = wrong.replace("。", "；其他支出1.00万元，占5.00%。");
        assert_eq!(not_whole(&fourth), None);
    }

    #[test]
    fn shares_of_some_parts_only_are_not_judged() {
        assert_eq!(
            not_whole(
                "因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%；公务接待费支出 427.5 万元，占“三公”经费的 16.81%。"
            ),
            None
        );
        // fixtures/unseen/danzhou-ecology-2025-final: a part of nothing has no share, and the
        // 0.00 of the 购置费 inside the 公务用车 part is not the missing part.
        let danzhou = "其中：因公出国（境）费支出0.00元，与上年持平；公务用车购置及运行维护费支出156,789.50元，占“三公”经费的80.18%，比上年减少14,444.50元，下降8.44%，其中：公务用车购置费0.00元，公务用车运行维护费156,789.50元；公务接待费支出38,765.00元，占“三公”经费的19.82%，比上年减少6,913.00元，下降15.13%。";
        assert_eq!(not_whole(danzhou), None);
        assert_eq!(
            not_whole(&danzhou.replace("80.18%", "85.18%")).as_deref(),
            Some("105.00")
        );
        // Without the part of nothing, two shares are not all of it.
        let two = danzhou.replace("因公出国（境）费支出0.00元，与上年持平；", "");
        assert_eq!(not_whole(&two.replace("80.18%", "85.18%")), None);
        // A part of something stated without its share: not all the shares are given.
        let some = danzhou.replace("因公出国（境）费支出0.00元", "因公出国（境）费支出5.00元");
        assert_eq!(not_whole(&some.replace("80.18%", "85.18%")), None);
    }
}
