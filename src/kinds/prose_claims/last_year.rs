//! `check = "last-year"`: a comparison with last year against a table that prints both years.
//!
//! Budget tables often print last year's figure beside this year's: the 三公 table with
//! `2024年预算数` and `2025年预算数` (as rows or as one horizontal row per year), a 收支总表 with
//! `上年预算数` / `本年预算数` / `增减`. The prose then says of a line `公务接待费0万元，与上年预算数
//! 相同`, `…8.00万元，比上年减少1.00万元`, `本年数小于上年预算数` or `本年收入比上年增加697.12万元`.
//! The word (`相同` / `一致` / `持平`, `增加` / `减少` / `增长` / `下降`, `大于` / `小于`) and the
//! stated difference must agree with the two cells of the line.
//!
//! The line is named by a label the rule file maps to a row (or, in a horizontal table, to a
//! column) — the same `cells` entries as `check = "amount"` — written right before the amount
//! that the comparison follows, or right before the comparison itself. The two columns are
//! found by their years: `本年…` / `{year}年…` and `上年…` / `{year − 1}年…` (a column's header
//! path, or, when the reader could not name the columns, the year labels of the header line in
//! order, one per column). A claim is read only when everything is certain: one row, one column
//! per year, no doubt on the row, both cells printed, the comparison naming last year (or the
//! year before the document's) as a budget or without a kind, and the amount before it (when
//! there is one) equal to this year's cell. Each figure is rounded as written.

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;

use super::amount::{CellLabel, Place, about_another_year, claimant, row_name};
use super::{Figure, MONEY, yuan_interval};
use crate::model::{Document, Number, Paragraph, Table, squeeze};
use crate::number::{Found, scan_numbers};
use crate::source::Span;

/// A comparison with last year over a sentence's skeleton (whitespace removed, amounts one
/// `MONEY` character): `与上年预算数相同`, `本年数与上年数持平`, `比上年减少￿`,
/// `与上年相比预算数减少￿`, `本年数小于上年预算数`.
static COMPARISON: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:本年数?)?(?:与|和|同)(?P<eref>上年度?|[0-9]{4}年度?)(?P<ekind>预算数?|决算数?|数)?(?:相比|比较)?[，,]?(?:预算数?)?(?P<eq>基本持平|持平|相同|一致|相等)\
         |(?:(?:比|较)(?P<dref>上年度?|[0-9]{4}年度?)(?P<dkind>预算数?|决算数?|数)?\
            |与(?P<dref2>上年度?|[0-9]{4}年度?)(?P<dkind2>预算数?|决算数?|数)?(?:相比)?[，,]?(?:预算数?)?)\
          (?P<dir>增加|减少|增长|下降)了?(?P<d>\u{E000})?\
         |本年数?(?P<cmp>小于|大于|等于|低于|高于|少于|多于)(?P<cref>上年度?)(?P<ckind>预算数?|决算数?)?数?",
    )
    .expect("last-year comparison pattern compiles")
});

/// A year label of a header: `2024年预算数`, `本年`, `上年预算数`; `增减` keeps a column's place.
static HEADER_LABEL: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:[0-9]{4}年度?|本年度?|上年度?)(?:预算|决算)?(?:执行)?数?|增减(?:额|变动|数)?|增长率|增幅|变动(?:额|率)?",
    )
    .expect("header label pattern compiles")
});

pub(super) fn warm_patterns(hint: Option<&str>) {
    COMPARISON.warm(hint);
    HEADER_LABEL.warm(hint);
}

/// What the sentence says this year's figure is against last year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Same,
    More,
    Less,
}

/// A line's figures of the two years, as a table prints them.
#[derive(Debug, Clone)]
pub struct YearCells<'a> {
    pub table: &'a Table,
    pub earlier: &'a Number,
    pub later: &'a Number,
}

/// A comparison with last year that the table's two cells contradict.
#[derive(Debug, Clone)]
pub struct WrongComparison<'a> {
    /// The name of the line (`公务接待费`).
    pub name: &'a str,
    /// The comparison as written (`与上年预算数相同`, `减少`), whitespace removed.
    pub said_text: String,
    pub said: Said,
    /// The comparison word's span.
    pub word: Span,
    /// The amount the comparison is about, when the sentence gives it.
    pub current: Option<Figure>,
    /// The stated difference, when it is the wrong part (the word being right).
    pub difference: Option<Figure>,
    pub cells: YearCells<'a>,
}

/// The kind of figure a column or a comparison names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FigureKind {
    Budget,
    Outturn,
    Unnamed,
}

impl FigureKind {
    fn of(word: &str) -> FigureKind {
        if word.contains("决算") {
            FigureKind::Outturn
        } else if word.contains("预算") {
            FigureKind::Budget
        } else {
            FigureKind::Unnamed
        }
    }

    fn fits(self, other: FigureKind) -> bool {
        self == other || self == FigureKind::Unnamed || other == FigureKind::Unnamed
    }
}

/// Which year a column's figures are of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Earlier(FigureKind),
    Later(FigureKind),
    Other,
}

/// The role of one header part: `2025年预算数` in a 2025 document is this year's budget.
fn role_of(part: &str, year: Option<i32>) -> Role {
    let part = part.trim_end_matches('数');
    let (head, rest) = if let Some(rest) = part.strip_prefix("本年") {
        (Some(true), rest)
    } else if let Some(rest) = part.strip_prefix("上年") {
        (Some(false), rest)
    } else if part.len() > 7 && part.is_char_boundary(4) && part[4..].starts_with('年') {
        let named: Option<i32> = part[..4].parse().ok();
        let rest = &part[7..];
        match (named, year) {
            (Some(n), Some(y)) if n == y => (Some(true), rest),
            (Some(n), Some(y)) if n + 1 == y => (Some(false), rest),
            _ => (None, rest),
        }
    } else {
        (None, part)
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    let kind = match rest {
        "" => FigureKind::Unnamed,
        "预算" => FigureKind::Budget,
        "决算" => FigureKind::Outturn,
        // `上年执行数`, `上年结转`, `本年收入`: not a year's figure of the line.
        _ => return Role::Other,
    };
    match head {
        Some(true) => Role::Later(kind),
        Some(false) => Role::Earlier(kind),
        None => Role::Other,
    }
}

/// Normalise a name for comparing a label's row or column with the table's: whitespace,
/// brackets' width, a leading `其中：` and numbering.
fn normal(name: &str) -> String {
    let squeezed = squeeze(name);
    let s = squeezed
        .strip_prefix("其中：")
        .or_else(|| squeezed.strip_prefix("其中:"))
        .unwrap_or(&squeezed);
    row_name(s)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Of the columns called `name`, the one this year's figure is in: the only one, or, when a
/// table repeats the name under each year (`2024年预算数/公务接待费 | 2025年预算数/公务接待费`),
/// the one under this year; `None` when the years tell them apart and none (or several) is
/// this year's, or when the only one is last year's. Columns no year tells apart keep the
/// first (`预算数/…` before `决算数/…`).
pub(super) fn column_called(table: &Table, name: &str, year: Option<i32>) -> Option<usize> {
    let called = table.columns_called(name);
    let (&first, rest) = called.split_first()?;
    let roles = column_roles(table, year);
    let role = |c: usize| roles.get(c).map_or(&Role::Other, |(r, _)| r);
    if rest.is_empty() {
        // Last year's column is never this year's figure (this year's lost its name).
        return (!matches!(role(first), Role::Earlier(_))).then_some(first);
    }
    if called.iter().all(|&c| *role(c) == Role::Other) {
        return Some(first);
    }
    let this_year: Vec<usize> = called
        .into_iter()
        .filter(|&c| matches!(role(c), Role::Later(_)))
        .collect();
    match this_year.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// In a table of last year's and this year's figures, this year's column: the one column of
/// this year, beside at least one of last year.
pub(super) fn this_years_column(table: &Table, year: Option<i32>) -> Option<usize> {
    let roles = column_roles(table, year);
    let later: Vec<usize> = (0..roles.len())
        .filter(|&i| matches!(roles[i].0, Role::Later(_)) && roles[i].1.is_empty())
        .collect();
    let earlier = roles.iter().any(|(r, _)| matches!(r, Role::Earlier(_)));
    match later.as_slice() {
        [one] if earlier => Some(*one),
        _ => None,
    }
}

/// The role of each column and its header parts other than the year's.
fn column_roles(table: &Table, year: Option<i32>) -> Vec<(Role, Vec<String>)> {
    let named: Vec<(Role, Vec<String>)> = table
        .columns
        .iter()
        .map(|c| {
            let mut role = Role::Other;
            let mut rest = Vec::new();
            for part in c.name.split('/') {
                match role_of(part, year) {
                    Role::Other => rest.push(normal(part)),
                    r => role = r,
                }
            }
            (role, rest)
        })
        .collect();
    if named.iter().any(|(r, _)| *r != Role::Other) {
        return named;
    }
    // Columns whose names lost their years (`预算数`, or `列1` where the reader could not name
    // them): the year labels of a header line, one per column in order (two sets in a
    // side-by-side statement, one per side).
    for line in &table.header {
        let squeezed = squeeze(&line.text);
        let labels: Vec<Role> = HEADER_LABEL
            .find_iter(&squeezed)
            .filter(|m| !squeezed[m.end()..].starts_with(['结', '收', '支']))
            .map(|m| role_of(m.as_str(), year))
            .collect();
        let n = table.columns.len();
        let half = match table.side {
            Some(crate::model::Side::Income) => Some(0),
            Some(crate::model::Side::Expenditure) => Some(1),
            None => None,
        };
        let chosen = if labels.len() == n {
            &labels[..]
        } else if let (Some(h), true) = (half, labels.len() == 2 * n) {
            &labels[h * n..(h + 1) * n]
        } else {
            continue;
        };
        if chosen.iter().any(|r| *r != Role::Other) {
            return chosen.iter().map(|r| (r.clone(), Vec::new())).collect();
        }
    }
    named
}

/// Whether a column's other header parts fit the place's columns: one of them when the place
/// names columns (the last part first: `…/公务用车购置及运行维护费/小计` is the 小计), else none
/// but a total's.
fn fits_columns(rest: &[String], place: &Place, leaf_only: bool) -> bool {
    if place.columns.is_empty() {
        return rest
            .iter()
            .all(|p| matches!(p.as_str(), "合计" | "小计" | "总计"));
    }
    let wanted: Vec<String> = place.columns.iter().map(|c| normal(c)).collect();
    if leaf_only {
        rest.last().is_some_and(|p| wanted.contains(p))
    } else {
        rest.iter().any(|p| wanted.contains(p))
    }
}

/// The one column of `role` for the place: by its last header part, else by any part with a
/// 小计 / 合计 as the last.
fn year_column(
    roles: &[(Role, Vec<String>)],
    place: &Place,
    later: bool,
) -> Option<(usize, FigureKind)> {
    let of_year = |i: &usize| match &roles[*i].0 {
        Role::Later(_) => later,
        Role::Earlier(_) => !later,
        Role::Other => false,
    };
    let pick = |leaf_only: bool| -> Vec<usize> {
        (0..roles.len())
            .filter(of_year)
            .filter(|&i| fits_columns(&roles[i].1, place, leaf_only))
            .collect()
    };
    let mut found = pick(true);
    if found.is_empty() {
        found = pick(false)
            .into_iter()
            .filter(|&i| {
                roles[i]
                    .1
                    .last()
                    .is_some_and(|p| matches!(p.as_str(), "合计" | "小计"))
            })
            .collect();
    }
    let [i] = found.as_slice() else {
        return None;
    };
    let kind = match roles[*i].0 {
        Role::Later(k) | Role::Earlier(k) => k,
        Role::Other => return None,
    };
    Some((*i, kind))
}

/// The two years' cells of a place in a table; `Err` when the table reads it in doubt.
fn cells_at<'a>(
    table: &'a Table,
    place: &Place,
    year: Option<i32>,
) -> Result<Option<(YearCells<'a>, FigureKind)>, ()> {
    let roles = column_roles(table, year);
    let (Some((later, later_kind)), Some((earlier, earlier_kind))) = (
        year_column(&roles, place, true),
        year_column(&roles, place, false),
    ) else {
        return Ok(None);
    };
    if roles[later].1 != roles[earlier].1 || !later_kind.fits(earlier_kind) {
        return Ok(None);
    }
    let wanted: Vec<String> = place.rows.iter().map(|r| normal(r)).collect();
    let rows: Vec<usize> = (0..table.rows.len())
        .filter(|&i| {
            let row = &table.rows[i];
            wanted.iter().any(|name| {
                if name.is_empty() {
                    table.rows.len() == 1
                } else if name == "合计" {
                    row.is_total()
                } else {
                    normal(&row.name()) == *name
                }
            })
        })
        .collect();
    let [i] = rows.as_slice() else {
        return if rows.is_empty() { Ok(None) } else { Err(()) };
    };
    if table.row_in_doubt(*i) {
        return Err(());
    }
    let row = &table.rows[*i];
    match (row.cell(earlier), row.cell(later)) {
        (Some(Some(e)), Some(Some(l))) if e.unit.is_some() && e.unit == l.unit => Ok(Some((
            YearCells {
                table,
                earlier: e,
                later: l,
            },
            later_kind,
        ))),
        (Some(_), Some(_)) => Ok(None),
        _ => Err(()),
    }
}

/// The two years' cells the tables give for `entry`, when every table giving them agrees.
fn year_cells<'a>(
    document: &'a Document,
    entry: &CellLabel,
    year: Option<i32>,
) -> Option<(YearCells<'a>, FigureKind)> {
    let mut found: Vec<(YearCells<'a>, FigureKind)> = Vec::new();
    for place in &entry.at {
        for table in document.tables().filter(|t| place.selects(t)) {
            found.extend(cells_at(table, place, year).ok()?);
        }
    }
    let (first, kind) = found.first()?.clone();
    found
        .iter()
        .all(|(c, _)| {
            c.earlier.value == first.earlier.value
                && c.later.value == first.later.value
                && c.later.unit == first.later.unit
        })
        .then_some((first, kind))
}

/// What the two cells allow: (surely more, surely less, printed equal).
fn order(cells: &YearCells<'_>) -> (bool, bool, bool) {
    let e = yuan_interval(
        cells.earlier.value,
        cells.earlier.decimals,
        cells.earlier.unit,
    );
    let l = yuan_interval(cells.later.value, cells.later.decimals, cells.later.unit);
    let equal = super::yuan_per(cells.earlier.unit) * cells.earlier.value
        == super::yuan_per(cells.later.unit) * cells.later.value;
    (l.0 > e.1, l.1 < e.0, equal)
}

/// Whether the word contradicts the cells.
fn word_contradicted(said: Said, cells: &YearCells<'_>) -> bool {
    let (more, less, equal) = order(cells);
    match said {
        Said::Same => more || less,
        Said::More => !more && (less || equal),
        Said::Less => !less && (more || equal),
    }
}

/// Whether a stated difference contradicts the cells (the word being right).
fn difference_contradicted(said: Said, d: &Figure, cells: &YearCells<'_>) -> bool {
    if !matches!(
        d.unit,
        Some(crate::model::Unit::Yuan | crate::model::Unit::WanYuan | crate::model::Unit::YiYuan)
    ) {
        return false;
    }
    let e = yuan_interval(
        cells.earlier.value,
        cells.earlier.decimals,
        cells.earlier.unit,
    );
    let l = yuan_interval(cells.later.value, cells.later.decimals, cells.later.unit);
    let (low, high) = match said {
        Said::More => (l.0 - e.1, l.1 - e.0),
        Said::Less => (e.0 - l.1, e.1 - l.0),
        Said::Same => return false,
    };
    let stated = d.in_yuan();
    stated.1 < low || stated.0 > high
}

/// Every comparison with last year in the paragraph that its table's two cells contradict.
pub fn wrong_comparisons<'a>(
    document: &'a Document,
    p: &Paragraph,
    cells: &'a [CellLabel],
    year: Option<&str>,
) -> Vec<WrongComparison<'a>> {
    let text = &p.text.text;
    let mut out = Vec::new();
    // Every comparison names last year or a year.
    if !text.contains('年') {
        return out;
    }
    let found = scan_numbers(text);
    let year_number: Option<i32> = year.and_then(|y| y.parse().ok());
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
        if !matches!(c, '。' | '；' | ';') {
            continue;
        }
        if start < i {
            let (skeleton, placeholders) = super::skeleton(p, &found, start..i);
            for m in COMPARISON.captures_iter(&skeleton) {
                let sentence = Sentence {
                    start,
                    skeleton: &skeleton,
                    placeholders: &placeholders,
                };
                if let Some(w) = read_claim(document, p, cells, year, year_number, &sentence, &m) {
                    out.push(w);
                }
            }
        }
        start = i + c.len_utf8();
    }
    out
}

/// A sentence of a paragraph as the comparisons are read from it.
struct Sentence<'s, 'f> {
    /// Where it starts in the paragraph's text.
    start: usize,
    /// Whitespace removed, each amount one `MONEY` character.
    skeleton: &'s str,
    /// Each placeholder's offset in the skeleton and the number it stands for.
    placeholders: &'s [(usize, &'f Found)],
}

impl Sentence<'_, '_> {
    /// The range in the paragraph's text of a word of the skeleton (no placeholder inside it).
    /// The skeleton drops whitespace and the commas inside numbers, so the text is walked from
    /// the last placeholder before the word (or the sentence's start) character by character.
    fn source_range(
        &self,
        text: &str,
        word: crate::lazy_regex::Match<'_>,
    ) -> Option<std::ops::Range<usize>> {
        let (mut skel_at, mut at) = self
            .placeholders
            .iter()
            .rev()
            .find(|(o, _)| *o < word.start())
            .map_or((0, self.start), |(o, f)| (o + MONEY.len_utf8(), f.unit_end));
        let mut start = None;
        for c in self.skeleton.get(skel_at..word.end())?.chars() {
            let mut t = text.get(at..)?.chars().next()?;
            while t.is_whitespace() || (t == ',' && c != ',') {
                at += t.len_utf8();
                t = text.get(at..)?.chars().next()?;
            }
            if t != c {
                return None;
            }
            if skel_at == word.start() {
                start = Some(at);
            }
            at += t.len_utf8();
            skel_at += c.len_utf8();
        }
        Some(start?..at)
    }
}

/// One comparison of a sentence, read and checked.
fn read_claim<'a>(
    document: &'a Document,
    p: &Paragraph,
    cells: &'a [CellLabel],
    year: Option<&str>,
    year_number: Option<i32>,
    sentence: &Sentence<'_, '_>,
    m: &crate::lazy_regex::Captures<'_>,
) -> Option<WrongComparison<'a>> {
    let (skeleton, placeholders) = (sentence.skeleton, sentence.placeholders);
    let whole = m.get(0)?;
    let (said, word, reference, kind) = if let Some(eq) = m.name("eq") {
        (Said::Same, eq, m.name("eref")?, m.name("ekind"))
    } else if let Some(dir) = m.name("dir") {
        let said = match dir.as_str() {
            "减少" | "下降" => Said::Less,
            _ => Said::More,
        };
        let reference = m.name("dref").or(m.name("dref2"))?;
        (said, dir, reference, m.name("dkind").or(m.name("dkind2")))
    } else {
        let cmp = m.name("cmp")?;
        let said = match cmp.as_str() {
            "小于" | "低于" | "少于" => Said::Less,
            "大于" | "高于" | "多于" => Said::More,
            _ => Said::Same,
        };
        (said, cmp, m.name("cref")?, m.name("ckind"))
    };
    // Last year: `上年`, or the year before the document's.
    let reference = reference.as_str().trim_end_matches('度');
    if reference != "上年" {
        let named: i32 = reference.trim_end_matches('年').parse().ok()?;
        if Some(named + 1) != year_number {
            return None;
        }
    }
    let kind = FigureKind::of(kind.map_or("", |k| k.as_str()));
    // The subject: the amount right before the comparison (`…0万元，与上年…`), or a label right
    // before it (`本年收入比上年增加…`).
    let before = skeleton[..whole.start()].trim_end_matches(['，', ',']);
    let (current, lead) = if before.ends_with(MONEY) {
        let at = before.len() - MONEY.len_utf8();
        let (_, f) = placeholders.iter().find(|(o, _)| *o == at)?;
        (Some(Figure::found(p, f)), &skeleton[..at])
    } else if m.name("dir").is_some() && before.len() == whole.start() {
        (None, before)
    } else {
        return None;
    };
    let (entry, label_start) = claimant(lead, cells)?;
    if about_another_year(&lead[..label_start], year) {
        return None;
    }
    let (year_cells, later_kind) = year_cells(document, entry, year_number)?;
    if !kind.fits(later_kind) {
        return None;
    }
    if let Some(x) = &current {
        if !super::amount::same_figure(x, year_cells.later) {
            return None;
        }
    }
    let difference = m
        .name("d")
        .and_then(|d| placeholders.iter().find(|(o, _)| *o == d.start()))
        .map(|(_, f)| Figure::found(p, f));
    let word_span = p
        .text
        .source_span(sentence.source_range(&p.text.text, word)?);
    let said_text = whole.as_str().replace(MONEY, "");
    if word_contradicted(said, &year_cells) {
        return Some(WrongComparison {
            name: &entry.name,
            said_text,
            said,
            word: word_span,
            current,
            difference: None,
            cells: year_cells,
        });
    }
    let d = difference?;
    difference_contradicted(said, &d, &year_cells).then(|| WrongComparison {
        name: &entry.name,
        said_text,
        said,
        word: word_span,
        current,
        difference: Some(d),
        cells: year_cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::source::SourceFile;

    /// The cells of the built-in rule.
    fn cells() -> Vec<CellLabel> {
        let rule: toml::Table =
            toml::from_str(include_str!("../../../rules/last-year-comparison.toml"))
                .expect("rule file parses");
        let cells = &rule["params"]["cells"];
        super::super::amount::cell_labels(cells).expect("cells read")
    }

    /// A 2025 budget: the prose, then a vertical 三公 table of both years.
    fn vertical(prose: &str) -> Document {
        let text = format!(
            "{prose}\n\n表10 2025年一般公共预算“三公”经费支出预算表\n\n单位：万元\n\n\
             | 项目 | 2024年预算数 | 2025年预算数 |\n|---|---|---|\n\
             | 合计 | 83.00 | 64.00 |\n| 1.因公出国（境）费 | 12.00 | 0.00 |\n\
             | 2.公务用车购置及运行费 | 62.00 | 56.00 |\n| 其中：（1）公务用车购置费 | 0.00 | 0.00 |\n\
             | （2）公务用车运行维护费 | 62.00 | 56.00 |\n| 3.公务接待费 | 9.00 | 8.00 |\n"
        );
        crate::parse::parse(&SourceFile::new(
            "t.md".into(),
            text,
            crate::source::SourceEncoding::Utf8,
        ))
    }

    /// A 2024 budget with Shandong's horizontal 三公 table: one row, six columns per year.
    fn horizontal(prose: &str) -> Document {
        let text = format!(
            "{prose}\n\n2024年一般公共预算“三公”经费支出情况表\n\n单位: 万元\n\n\
             | 2023 年预算数 | | | | | | 2024 年预算数 | | | | | |\n\
             |------|------|------|------|------|------|------|------|------|------|------|------|\n\
             | 合计 | 因公出国 (境) 经费 | 公务用车购置及运行维护费 | | | 公务接待费 | 合计 | 因公出国 (境) 经费 | 公务用车购置及运行维护费 | | | 公务接待费 |\n\
             | | | 小计 | 公务用车购置 经费 | 公务用车运行 维护费 | | | | 小计 | 公务用车购置 经费 | 公务用车运行 维护费 | |\n\
             | 6.80 | 0.00 | 4.50 | 0.00 | 4.50 | 2.30 | 6.20 | 0.00 | 4.20 | 0.00 | 4.20 | 2.00 |\n"
        );
        crate::parse::parse(&SourceFile::new(
            "t.md".into(),
            text,
            crate::source::SourceEncoding::Utf8,
        ))
    }

    /// What each wrong comparison of the document's paragraphs says, as written.
    fn wrong(document: &Document) -> Vec<String> {
        let cells = cells();
        let year = super::super::amount::document_year(document);
        document
            .paragraphs()
            .flat_map(|p| wrong_comparisons(document, p, &cells, year.as_deref()))
            .map(|w| match &w.difference {
                Some(d) => format!("{} {}", w.said_text, d.value),
                None => w.said_text.clone(),
            })
            .collect()
    }

    #[test]
    fn right_comparisons_are_silent() {
        for prose in [
            // tunliu-2025's phrasing, wrapped and spaced.
            "其中：因公出国（境）费0万元，比上年预算数减少12万元；公务接待费 8.00 万元，与上年相比预算数减少1.00万元；公务用车购置及运行费56.00万元，与上年相比预算数减少\n6.00万元；公务用车购置费0万元，与上年预算数相同。",
            // Jiangsu: `本年数小于上年预算数`, `与上年预算数一致`.
            "3．公务接待费预算支出 8 万元，本年数小于上年预算数的主要原因是严格控制公务接待支出。",
            "（1）公务用车购置预算支出0万元，与上年预算数一致。",
            // Shanghai: the year compared against by number.
            "2025年“三公”经费预算数为64.00万元，比2024年预算减少19万元。",
            // Beijing: the amount, then the change and its rate.
            "2025 年“三公”经费财政拨款预算 64.00 万元，比上年减少 19.00 万元，下降 22.89%。",
        ] {
            assert_eq!(wrong(&vertical(prose)), Vec::<String>::new(), "{prose}");
        }
        assert_eq!(
            wrong(&horizontal(
                "1.因公出国（境）费 0.00 万元，与上年基本持平。2.公务用车购置及运行费 4.20 万元，比上年减少 0.30 万元。3.公务接待费 2.00 万元，较上年减少0.3万元。"
            )),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_word_the_two_years_contradict_fires() {
        assert_eq!(
            wrong(&vertical(
                "其中：因公出国（境）费0万元，与上年预算数相同；公务接待费8.00万元，与上年预算数相同；公务用车购置费0万元，与上年预算数相同。"
            )),
            ["与上年预算数相同", "与上年预算数相同"]
        );
        assert_eq!(
            wrong(&vertical(
                "3．公务接待费预算支出 8 万元，本年数大于上年预算数。"
            )),
            ["本年数大于上年预算数"]
        );
        assert_eq!(
            wrong(&vertical(
                "2025年“三公”经费预算数为64.00万元，与2024年预算持平。"
            )),
            ["与2024年预算持平"]
        );
        assert_eq!(
            wrong(&horizontal(
                "公务接待费 2.00 万元，与上年预算数持平；公务用车购置及运行维护费 4.20 万元，比上年增加 0.30 万元。"
            )),
            ["与上年预算数持平", "比上年增加"]
        );
    }

    #[test]
    fn a_wrong_difference_fires() {
        assert_eq!(
            wrong(&vertical(
                "2025 年“三公”经费财政拨款预算 64.00 万元，比上年减少 29.00 万元，下降 22.89%。"
            )),
            ["比上年减少 29.00"]
        );
        // Within the rounding of a whole difference: 1 stands for 0.5 to 1.5.
        assert!(wrong(&vertical("公务接待费8.00万元，比上年减少1万元。")).is_empty());
        assert_eq!(
            wrong(&vertical("公务接待费8.00万元，比上年减少2万元。")),
            ["比上年减少 2"]
        );
    }

    #[test]
    fn unsure_readings_are_silent() {
        for prose in [
            // Compared with last year's outturn, which the table does not print.
            "公务接待费8.00万元，比上年预算执行数增加5.00万元。",
            // Another year than last.
            "公务接待费8.00万元，比2022年增加5.00万元。",
            // The amount before the comparison is not this year's cell: another figure.
            "公务接待费7.00万元，与上年预算数相同。",
            // No label the rule knows.
            "会议费8.00万元，与上年预算数相同。",
            // The comparison is about the sentence's other amount.
            "公务接待费8.00万元，其中外事接待2.00万元，与上年预算数相同。",
        ] {
            assert_eq!(wrong(&vertical(prose)), Vec::<String>::new(), "{prose}");
        }
    }

    #[test]
    fn the_word_is_labelled_where_it_is_written() {
        let doc = vertical("公务接待费 8.00 万元，与上年预算数\n相同。");
        let cells = cells();
        let p = doc.paragraphs().next().expect("a paragraph");
        let found = wrong_comparisons(&doc, p, &cells, Some("2025"));
        let [w] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(w.said, Said::Same);
        let text = "公务接待费 8.00 万元，与上年预算数\n相同。";
        assert_eq!(&text[w.word.start..w.word.end], "相同");
        assert_eq!(w.cells.earlier.value.to_string(), "9.00");
        assert_eq!(w.cells.later.value.to_string(), "8.00");
    }

    #[test]
    fn header_parts_give_the_years() {
        let y = Some(2025);
        assert_eq!(role_of("2025年预算数", y), Role::Later(FigureKind::Budget));
        assert_eq!(
            role_of("2024年预算数", y),
            Role::Earlier(FigureKind::Budget)
        );
        assert_eq!(role_of("上年预算数", y), Role::Earlier(FigureKind::Budget));
        assert_eq!(role_of("本年", y), Role::Later(FigureKind::Unnamed));
        assert_eq!(
            role_of("2024年度决算数", y),
            Role::Earlier(FigureKind::Outturn)
        );
        // Not a year's figure of the line.
        assert_eq!(role_of("上年结转", y), Role::Other);
        assert_eq!(role_of("上年执行数", y), Role::Other);
        assert_eq!(role_of("2023年预算数", y), Role::Other);
        assert_eq!(role_of("合计", y), Role::Other);
    }

    #[test]
    fn names_are_compared_without_numbering_or_bracket_width() {
        assert_eq!(normal("其中：（1）公务用车购置费"), "公务用车购置费");
        assert_eq!(normal("1.因公出国（境）费"), "因公出国(境)费");
        assert_eq!(normal("因公出国 (境) 经费"), "因公出国(境)经费");
    }
}
