//! `table-sum`: the arithmetic inside a table.
//!
//! One kind, several checks (`check = …` in the rule file):
//! - `subject-codes`: a parent subject code equals the sum of its children (`210` = `21011` +
//!   `21015` …, `301` = `30101` + …), and the 合计 row equals the sum of the top-level codes;
//! - `column-groups`: in every row, a 合计 / 小计 column equals the sum of its sibling columns
//!   under the same header (合计 = 基本支出 + 项目支出, 小计 = 人员支出 + 日常公用支出);
//! - `sections`: in tables without codes, a named section row (工资福利支出…) equals the rows
//!   under it, and the 合计 row equals the sections;
//! - `named-groups`: declared equations by name (三公经费: 合计 = 因公出国（境）费 + …), over
//!   the row labels, or over the column names of a horizontal table when the names are there;
//! - `statement-totals`: in a 收支总表, on each side the subtotal = the numbered lines above it
//!   and the total = the subtotal + the carry-over lines, in the shapes the rule file declares;
//!   收入总计 = 支出总计 across the sides (see [`statement`]);
//! - `numbered-lines`: in tables without codes, 合计 = the lines numbered 一、二、三、….
//! - `year-change`: in a table with a column per year (`2024年预算数`, `2025年预算数`) and a
//!   change column (`增减`), in every row the later year = the earlier year + the change, when
//!   the rows show the change is taken that way (本年 − 上年) and not the other.
//!
//! A difference inside the rounding interval is reported at `info`; beyond it, at the rule's
//! severity. A row whose numbers could not be placed in columns with certainty is reported only
//! when no possible placement adds up.

use crate::arith::{SumCheck, Verdict, check_sum, checked_total, show_sum};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::{Check, CheckContext, Lang, ParamError};
use crate::model::{Certainty, Layout, Number, Row, Table, squeeze};
use crate::source::Span;

#[derive(Debug, Clone)]
struct NamedGroup {
    total: Vec<String>,
    parts: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
enum Mode {
    SubjectCodes,
    ColumnGroups {
        total_names: Vec<String>,
        optional_parts: Vec<String>,
        skip_columns: Vec<String>,
    },
    Sections {
        sections: Vec<String>,
    },
    NamedGroups {
        groups: Vec<NamedGroup>,
    },
    StatementTotals {
        shapes: Vec<statement::Shape>,
    },
    NumberedLines {
        totals: Vec<String>,
    },
    YearChange {
        change_names: Vec<String>,
    },
}

#[derive(Debug)]
pub struct TableSumCheck {
    mode: Mode,
    /// Only tables whose title (or header) contains one of these (empty: all tables).
    tables: Vec<String>,
    exclude_tables: Vec<String>,
}

fn strings(params: &toml::Table, key: &str) -> Result<Vec<String>, ParamError> {
    match params.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(|s| squeeze(s).into_owned()).ok_or_else(|| {
                    ParamError::new(Some(key), format!("`{key}` must be a list of strings"))
                })
            })
            .collect(),
        Some(_) => Err(ParamError::new(
            Some(key),
            format!("`{key}` must be a list of strings"),
        )),
    }
}

/// A list of names, or a list of lists of alternative names.
fn alternatives(value: &toml::Value, key: &str) -> Result<Vec<Vec<String>>, ParamError> {
    let err = || {
        ParamError::new(
            Some(key),
            format!("`{key}` must be a list of names or of lists of alternative names"),
        )
    };
    let items = value.as_array().ok_or_else(err)?;
    items
        .iter()
        .map(|item| match item {
            toml::Value::String(s) => Ok(vec![plain_text_name(s)]),
            toml::Value::Array(alts) => alts
                .iter()
                .map(|a| a.as_str().map(plain_text_name).ok_or_else(err))
                .collect(),
            _ => Err(err()),
        })
        .collect()
}

impl TableSumCheck {
    pub fn from_params(params: &toml::Table) -> Result<TableSumCheck, ParamError> {
        const KEYS: &[&str] = &[
            "check",
            "tables",
            "exclude-tables",
            "total-names",
            "optional-parts",
            "skip-columns",
            "sections",
            "groups",
            "subtotal-labels",
            "total-labels",
            "shapes",
            "change-names",
        ];
        if let Some(key) = params.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(ParamError::new(
                Some(key),
                format!(
                    "unknown parameter `{key}` for kind `table-sum` (expected one of: {})",
                    KEYS.join(", ")
                ),
            ));
        }
        let check = params
            .get("check")
            .and_then(|v| v.as_str())
            .ok_or_else(|| ParamError::new(Some("check"), "`check` is required: subject-codes, column-groups, sections, named-groups, statement-totals, numbered-lines or year-change"))?;
        let mode = match check {
            "subject-codes" => Mode::SubjectCodes,
            "column-groups" => Mode::ColumnGroups {
                total_names: or_default(strings(params, "total-names")?, &["合计", "小计", "总计"]),
                optional_parts: strings(params, "optional-parts")?,
                skip_columns: strings(params, "skip-columns")?,
            },
            "sections" => {
                let sections = strings(params, "sections")?;
                if sections.is_empty() {
                    return Err(ParamError::new(
                        Some("sections"),
                        "`sections` must name at least one section row",
                    ));
                }
                Mode::Sections { sections }
            }
            "named-groups" => {
                let Some(toml::Value::Array(items)) = params.get("groups") else {
                    return Err(ParamError::new(
                        Some("groups"),
                        "`groups` must be a list of { total = [...], parts = [...] }",
                    ));
                };
                let mut groups = Vec::new();
                for item in items {
                    let t = item.as_table().ok_or_else(|| {
                        ParamError::new(
                            Some("groups"),
                            "each group must be a table { total, parts }",
                        )
                    })?;
                    let total = t
                        .get("total")
                        .map(|v| alternatives(&toml::Value::Array(vec![v.clone()]), "groups"))
                        .transpose()?
                        .and_then(|mut v| v.pop())
                        .unwrap_or_default();
                    let parts = t
                        .get("parts")
                        .map(|v| alternatives(v, "groups"))
                        .transpose()?
                        .unwrap_or_default();
                    if total.is_empty() || parts.is_empty() {
                        return Err(ParamError::new(
                            Some("groups"),
                            "each group needs `total` and `parts`",
                        ));
                    }
                    groups.push(NamedGroup { total, parts });
                }
                Mode::NamedGroups { groups }
            }
            "statement-totals" => Mode::StatementTotals {
                shapes: statement::shapes_from_params(params)?,
            },
            "numbered-lines" => Mode::NumberedLines {
                totals: or_default(strings(params, "total-labels")?, &["合计", "总计"]),
            },
            "year-change" => Mode::YearChange {
                change_names: or_default(strings(params, "change-names")?, &["增减"]),
            },
            other => {
                return Err(ParamError::new(
                    Some("check"),
                    format!(
                        "unknown check `{other}` (expected subject-codes, column-groups, sections, named-groups, statement-totals, numbered-lines or year-change)"
                    ),
                ));
            }
        };
        Ok(TableSumCheck {
            mode,
            tables: strings(params, "tables")?,
            exclude_tables: strings(params, "exclude-tables")?,
        })
    }

    /// A table is named by its title or, where the title is lost or cut short in the text
    /// (`支出预算表` for `…“三公”经费、会议费、培训费支出预算表`), by its header.
    fn applies_to(&self, table: &Table) -> bool {
        let title = table.title_text();
        let header: String = table.header.iter().map(|h| squeeze(&h.text)).collect();
        let named = |t: &String| title.contains(t.as_str()) || header.contains(t.as_str());
        (self.tables.is_empty() || self.tables.iter().any(named))
            && !self
                .exclude_tables
                .iter()
                .any(|t| title.contains(t.as_str()))
    }
}

fn or_default(v: Vec<String>, default: &[&str]) -> Vec<String> {
    if v.is_empty() {
        default.iter().map(|s| s.to_string()).collect()
    } else {
        v
    }
}

impl Check for TableSumCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let tables: Vec<&Table> = cx
            .document
            .tables()
            .filter(|t| self.applies_to(t) && !t.columns.is_empty())
            .collect();
        if let Mode::StatementTotals { shapes } = &self.mode {
            // The halves (and parts) of one 收支总表 are checked together.
            let mut i = 0;
            while i < tables.len() {
                let mut j = i + 1;
                while tables[i].side.is_some()
                    && j < tables.len()
                    && tables[j].side.is_some()
                    && tables[j].span == tables[i].span
                {
                    j += 1;
                }
                statement::check_statement(cx, out, &tables[i..j], shapes);
                i = j;
            }
            return;
        }
        for table in tables {
            let mut report = Reporter::new(cx, table, out);
            match &self.mode {
                Mode::SubjectCodes => subject_codes(&mut report),
                Mode::ColumnGroups {
                    total_names,
                    optional_parts,
                    skip_columns,
                } => column_groups(&mut report, total_names, optional_parts, skip_columns),
                Mode::Sections { sections } => named_sections(&mut report, sections),
                Mode::NamedGroups { groups } => named_groups(&mut report, groups),
                Mode::StatementTotals { .. } => {}
                Mode::NumberedLines { totals } => numbered_lines(&mut report, totals),
                Mode::YearChange { change_names } => year_change(&mut report, change_names),
            }
            report.finish_table();
        }
    }
}

/// A row's name with enumerators and markers removed: `①公务用车购置费` → `公务用车购置费`.
fn plain_name(row: &Row) -> String {
    plain_text_name(&row.name())
}

/// A name with enumerators, markers and quotes removed and parentheses made full-width:
/// `①公务用车购置费` → `公务用车购置费`, `因公出国(境)费` → `因公出国（境）费`,
/// `“三公”经费` → `三公经费`.
fn plain_text_name(name: &str) -> String {
    // One pass over the name: whitespace and quotes dropped, parentheses made full-width.
    let mut plain = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            '(' => plain.push('（'),
            ')' => plain.push('）'),
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' => {}
            c if c.is_whitespace() => {}
            c => plain.push(c),
        }
    }
    // `其中：（1）公务用车购置费`: the lead-in and a parenthesised enumerator are not the name.
    let unled = plain
        .strip_prefix("其中：")
        .or_else(|| plain.strip_prefix("其中:"))
        .unwrap_or(&plain);
    let unled = unled
        .strip_prefix('（')
        .and_then(|r| {
            let n: usize = r
                .chars()
                .take_while(|&c| crate::parse::lines::is_cjk_numeral(c) || c.is_ascii_digit())
                .map(char::len_utf8)
                .sum();
            (n > 0).then(|| r[n..].strip_prefix('）')).flatten()
        })
        .filter(|r| !r.is_empty())
        .unwrap_or(unled);
    if unled.len() < plain.len() {
        return unled.to_string();
    }
    let trimmed = plain.trim_start_matches([
        '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '.', '、', '．',
    ]);
    let head_len: usize = trimmed
        .chars()
        .take_while(|&c| crate::parse::lines::is_cjk_numeral(c) || c.is_ascii_digit())
        .map(char::len_utf8)
        .sum();
    let rest = &trimmed[head_len..];
    match rest
        .strip_prefix('、')
        .or(rest.strip_prefix('.'))
        .or(rest.strip_prefix('．'))
    {
        Some(r) if head_len > 0 => r.to_string(),
        _ if trimmed.len() == plain.len() => plain,
        _ => trimmed.to_string(),
    }
}

fn describe(row: &Row) -> String {
    let label = squeeze(&row.label.text);
    match (&row.code, label.is_empty()) {
        (Some(code), false) => format!("{} {}", code.code, label),
        (Some(code), true) => code.code.clone(),
        (None, false) => label.into_owned(),
        (None, true) => "（未命名行）".to_string(),
    }
}

fn column_name(table: &Table, c: usize, lang: Lang) -> String {
    match table.columns.get(c) {
        Some(col) if !col.leaf.starts_with('列') => col.leaf.clone(),
        _ => match lang {
            Lang::Zh => format!("第{}列", c + 1),
            Lang::En => format!("column {}", c + 1),
        },
    }
}

/// The number a row holds in a column under a placement (`None`: the row's own settled one).
fn cell<'r>(row: &'r Row, placement: Option<&[usize]>, column: usize) -> Option<&'r Number> {
    match placement {
        Some(p) => row.cell_in(p, column),
        None => row.cell(column).flatten(),
    }
}

/// The placements to try for a row: its candidates when ambiguous, else only its own.
/// Whether some combination of the rows' placements (`options[0]` the total's, then each
/// part's) makes the total agree with its parts in every column, within rounding; `None` when
/// there are none to try or too many (over 4096).
fn some_placement_adds_up(
    total: &Row,
    parts: &[&Row],
    ncols: usize,
    options: &[Vec<Option<&[usize]>>],
) -> Option<bool> {
    let combos = options
        .iter()
        .try_fold(1usize, |n, o| n.checked_mul(o.len()))
        .filter(|&n| n > 0 && n <= 4096)?;
    let mut index = vec![0usize; options.len()];
    for _ in 0..combos {
        let consistent = (0..ncols).all(|c| {
            let stated = cell(total, options[0][index[0]], c);
            let addends: Vec<&Number> = parts
                .iter()
                .enumerate()
                .filter_map(|(k, r)| cell(r, options[k + 1][index[k + 1]], c))
                .collect();
            (stated.is_none() && addends.is_empty())
                || check_sum(stated, &addends).verdict != Verdict::Mismatch
        });
        if consistent {
            return Some(true);
        }
        // Next combination, the first row's option turning fastest.
        for (k, i) in index.iter_mut().enumerate() {
            *i += 1;
            if *i < options[k].len() {
                break;
            }
            *i = 0;
        }
    }
    Some(false)
}

/// How many placements [`adds_up_if_moved`] tries in all, for one sum.
const RESCUE_BUDGET: usize = 100_000;

/// How many rows [`adds_up_if_moved`] may visit in all, for one sum (each move visits every row
/// of the sum to set it up, and every placement tried checks every row): with hundreds of rows
/// placed by position, the pairs of rows to move alone are tens of thousands. Past it the
/// search is cut off, as past [`RESCUE_BUDGET`].
const RESCUE_WORK: usize = 2_000_000;

/// What [`adds_up_if_moved`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    /// Some placement adds up.
    AddsUp,
    /// No placement tried adds up, and every one it could try was tried (or the sum fails in
    /// every placement: [`fails_in_every_placement`]).
    Fails,
    /// No placement tried adds up, but the search was cut off before it had tried them all
    /// (past [`RESCUE_BUDGET`]) and the sum is not proved to fail in every placement: the
    /// failure may be the reader's.
    Unfinished,
}

/// Whether the sum fails whatever columns its rows' numbers are put in: a placement adds up
/// when each column's total is its parts' sum within that column's rounding, so summing over
/// the columns, the total row's numbers add up to the parts' numbers within the rounding of all
/// of them. When they do not, no placement can add up. (`false` when a sum overflows.)
fn fails_in_every_placement(total: &Row, parts: &[&Row]) -> bool {
    let stated = checked_total(total.values.iter().map(|n| n.value));
    let sum = checked_total(parts.iter().flat_map(|r| r.values.iter().map(|n| n.value)));
    let tolerance = checked_total(
        std::iter::once(total)
            .chain(parts.iter().copied())
            .flat_map(|r| r.values.iter().map(Number::half_ulp)),
    );
    match (stated, sum, tolerance) {
        (Some(stated), Some(sum), Some(tolerance)) => {
            stated.checked_sub(sum).is_some_and(|d| d.abs() > tolerance)
        }
        _ => false,
    }
}

/// Whether the sum adds up when the unsettled rows take any order-preserving placement and at
/// most two of the rows placed only by position ([`placed_by_position`]) are moved too:
/// positions are evidence, not proof (a long name pushes the amounts after it right in some PDFs' text, a
/// total's row is printed off its column). The search is bounded: past [`RESCUE_BUDGET`]
/// placements it gives up, and the sum fails only if it fails in every placement
/// ([`fails_in_every_placement`]); otherwise the search is [`Moved::Unfinished`].
fn adds_up_if_moved(total: &Row, parts: &[&Row], involved: &[&Row], ncols: usize) -> Moved {
    let movable: Vec<usize> = (0..involved.len())
        .filter(|&i| involved[i].is_settled() && placed_by_position(involved[i]))
        .collect();
    // Every placement of the rows that may take another: the unplaced and the movable ones.
    let every: Vec<Vec<Vec<usize>>> = involved
        .iter()
        .map(|r| {
            if r.is_settled() && !placed_by_position(r) {
                Vec::new()
            } else {
                crate::parse::resolve::ordered_placements(r.values.len(), ncols)
            }
        })
        .collect();
    // None moved, then each one, then each two: made as they are tried, since the work
    // budget stops the search long before the pairs of a long table run out.
    let singles = movable.iter().map(|&i| [Some(i), None]);
    let pairs = movable
        .iter()
        .enumerate()
        .flat_map(|(k, &i)| movable[k + 1..].iter().map(move |&j| [Some(i), Some(j)]));
    let moves = std::iter::once([None, None]).chain(singles).chain(pairs);
    let mut budget = RESCUE_BUDGET;
    let mut work = RESCUE_WORK;
    let mut cut_off = false;
    for moved in moves {
        if work < involved.len() {
            cut_off = true;
            break;
        }
        work -= involved.len();
        let options: Vec<Vec<Option<&[usize]>>> = involved
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if !r.is_settled() || moved.contains(&Some(i)) {
                    every[i].iter().map(|p| Some(p.as_slice())).collect()
                } else {
                    vec![None]
                }
            })
            .collect();
        let combos = options
            .iter()
            .try_fold(1usize, |n, o| n.checked_mul(o.len()));
        let Some(combos) = combos.filter(|&n| n > 0 && n <= budget) else {
            // No placement at all (a row with more numbers than columns) is no cut.
            cut_off |= combos != Some(0);
            continue;
        };
        let Some(left) = work.checked_sub(combos.saturating_mul(involved.len())) else {
            cut_off = true;
            break;
        };
        work = left;
        budget -= combos;
        match some_placement_adds_up(total, parts, ncols, &options) {
            Some(true) => return Moved::AddsUp,
            Some(false) => {}
            None => cut_off = true,
        }
    }
    if cut_off && !fails_in_every_placement(total, parts) {
        Moved::Unfinished
    } else {
        Moved::Fails
    }
}

/// A row placed only by where its numbers stand (columns in aligned text, runs of spaces in
/// plain text): evidence, not proof.
fn placed_by_position(row: &Row) -> bool {
    matches!(row.certainty, Certainty::Aligned | Certainty::Spacing)
}

/// Whether some order-preserving placement of `row`'s numbers fills `total_col` or its parts
/// and makes the total column equal the parts (`part_cols`, or `alt_cols`) within rounding.
fn fits_elsewhere(
    row: &Row,
    total_col: usize,
    part_cols: &[usize],
    alt_cols: Option<&[usize]>,
) -> bool {
    let ncols = std::iter::once(total_col)
        .chain(part_cols.iter().copied())
        .chain(alt_cols.into_iter().flatten().copied())
        .max()
        .map_or(0, |c| c + 1)
        .max(row.placement.iter().max().map_or(0, |c| c + 1));
    crate::parse::resolve::ordered_placements(row.values.len(), ncols)
        .iter()
        .any(|placement| {
            let stated = cell(row, Some(placement), total_col);
            std::iter::once(part_cols).chain(alt_cols).any(|cols| {
                let addends: Vec<&Number> = cols
                    .iter()
                    .filter_map(|&c| cell(row, Some(placement), c))
                    .collect();
                stated.is_some()
                    && !addends.is_empty()
                    && check_sum(stated, &addends).verdict != Verdict::Mismatch
            })
        })
}

fn placements(row: &Row) -> Vec<Option<&[usize]>> {
    if row.is_settled() {
        vec![None]
    } else {
        row.candidates.iter().map(|c| Some(c.as_slice())).collect()
    }
}

/// One stated cell compared with the sum of its parts, ready to report.
struct Comparison<'a> {
    check: &'a SumCheck,
    stated: Option<&'a Number>,
    stated_row: &'a Row,
    parts: &'a [&'a Number],
    part_rows: &'a [&'a Row],
    /// The row, as the message names it (`210 卫生健康支出`).
    what: &'a str,
    column: &'a str,
    parts_desc: &'a str,
}

struct Reporter<'a, 'b> {
    cx: &'a CheckContext<'b>,
    table: &'a Table,
    /// Where this table's diagnostics start in `out` (they are put in source order at the end).
    first_out: usize,
    out: &'a mut Vec<Diagnostic>,
    /// Sums that do not add up where the reading of a row involved is in doubt: not errors, but
    /// one `info` for the table saying why it could not be read reliably.
    unsure: Vec<(Span, String)>,
    /// Errors of this table, held until the table is done: if they need more than one wrong row
    /// to explain them, they are a misreading, not misprints (see [`Reporter::finish_table`]).
    pending: Vec<PendingError>,
    /// The pending errors were too scattered to be misprints.
    scattered: bool,
    /// Other tables whose rows a sum involves (the other half of a 收支总表): their doubts
    /// count too.
    partners: Vec<&'a Table>,
}

impl<'a, 'b> Reporter<'a, 'b> {
    fn new(
        cx: &'a CheckContext<'b>,
        table: &'a Table,
        out: &'a mut Vec<Diagnostic>,
    ) -> Reporter<'a, 'b> {
        Reporter {
            cx,
            table,
            first_out: out.len(),
            out,
            unsure: Vec::new(),
            pending: Vec::new(),
            scattered: false,
            partners: Vec::new(),
        }
    }
}

/// An error waiting for the verdict on its table.
struct PendingError {
    diagnostic: Diagnostic,
    /// Every row the failing sum involves (the stated one and its parts), by span.
    rows: Vec<Span>,
    /// Where to point if it joins the table's `info`, and what to note there.
    at: Span,
    note: String,
}

/// This many failing sums in one table, with no row common to them all, look like a misreading.
/// In plain text, where cells move between rows, two already do: a number read into the wrong
/// family makes one sum too large and another too small.
fn scattered_failures(table: &Table) -> usize {
    if table.layout == Layout::Plain { 2 } else { 3 }
}

impl Reporter<'_, '_> {
    fn lang(&self) -> Lang {
        self.cx.lang
    }

    /// The tables a sum of this reporter may involve: its own, then its partners.
    fn tables(&self) -> impl Iterator<Item = &Table> {
        std::iter::once(self.table).chain(self.partners.iter().copied())
    }

    /// Whether any of `rows` has numbers the reader may have misplaced.
    fn in_doubt<'r>(&self, rows: impl IntoIterator<Item = &'r Row>) -> bool {
        if self.tables().all(|t| t.doubts.is_empty()) {
            return false;
        }
        rows.into_iter().any(|row| {
            self.tables().any(|table| {
                table
                    .rows
                    .iter()
                    .position(|r| std::ptr::eq(r, row))
                    .is_some_and(|i| table.row_in_doubt(i))
            })
        })
    }

    /// Hold an error until the whole table has been checked.
    fn hold(&mut self, diagnostic: Diagnostic, rows: Vec<Span>, at: Span, note: String) {
        self.pending.push(PendingError {
            diagnostic,
            rows,
            at,
            note,
        });
    }

    /// Report the table's errors, unless they look like a misreading: a single wrong row (a
    /// misprint, a total not updated, a planted fault) makes every sum it belongs to fail, so the
    /// failing sums share that row. When several sums fail and no one row is common to them, the
    /// reading is the likelier culprit: one `info` for the table instead, with the failures as
    /// notes.
    fn finish_table(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let common_row = pending.first().is_some_and(|first| {
            first
                .rows
                .iter()
                .any(|r| pending.iter().all(|p| p.rows.contains(r)))
        });
        if pending.len() >= scattered_failures(self.table) && !common_row {
            self.scattered = true;
            self.unsure
                .extend(pending.into_iter().map(|p| (p.at, p.note)));
        } else {
            self.out.extend(pending.into_iter().map(|p| p.diagnostic));
        }
        self.report_unsure_reading();
        self.out[self.first_out..].sort_by_key(|d| d.primary_span().start);
    }

    /// One `info` per table whose sums failed only where its reading is in doubt.
    fn report_unsure_reading(&mut self) {
        if self.unsure.is_empty() {
            return;
        }
        let zh = self.lang() == Lang::Zh;
        let title = self.table.title_text();
        let what = if title.is_empty() {
            if zh {
                "此表".to_string()
            } else {
                "this table".to_string()
            }
        } else {
            title
        };
        let mut reasons: Vec<&str> = self
            .tables()
            .flat_map(|t| t.doubts.iter())
            .map(|d| d.kind.describe(zh))
            .collect();
        if self.scattered {
            reasons.push(if zh {
                "多处合计同时不符，且没有一个共同的行能解释全部不符（更像读取错误而非印刷错误）"
            } else {
                "several sums fail at once and no single row is common to them all (a misreading, not a misprint)"
            });
        }
        let n = self.unsure.len();
        let message = if zh {
            format!("{what} 未能可靠读取，{n} 处合计不符未作为错误报告")
        } else if n == 1 {
            format!(
                "{what} could not be read reliably; a sum that does not add up is not reported as an error"
            )
        } else {
            format!(
                "{what} could not be read reliably; {n} sums that do not add up are not reported as errors"
            )
        };
        let mut d = Diagnostic::new(&self.cx.rule.id, Severity::Info, message);
        let (first, _) = &self.unsure[0];
        d = d.with_label(Label::primary(
            *first,
            if zh {
                "此处合计不符，但所涉数字的位置不确定"
            } else {
                "does not add up, but where these numbers belong is uncertain"
            },
        ));
        for (span, _) in self.unsure.iter().skip(1) {
            d = d.with_label(Label::secondary(
                *span,
                if zh {
                    "合计不符"
                } else {
                    "does not add up"
                },
            ));
        }
        let doubts: Vec<_> = self.tables().flat_map(|t| t.doubts.iter()).collect();
        for doubt in doubts {
            for span in doubt.spans.iter().take(8) {
                d = d.with_label(Label::secondary(*span, doubt.kind.describe(zh)));
            }
        }
        for reason in &reasons {
            d = d.with_note(if zh {
                format!("原因：{reason}")
            } else {
                format!("because: {reason}")
            });
        }
        for (_, note) in &self.unsure {
            d = d.with_note(note.clone());
        }
        d = d.with_help(if zh {
            "用 `budlint inspect` 查看此表的读取结果；若原文正确，可忽略此提示"
        } else {
            "run `budlint inspect` to see how this table was read; if the document is right, ignore this"
        });
        self.out.push(d);
        self.unsure.clear();
    }

    /// Report one comparison of a stated cell with the sum of its parts.
    fn emit(&mut self, c: Comparison<'_>) {
        let Comparison {
            check,
            stated,
            stated_row,
            parts,
            part_rows,
            what,
            column,
            parts_desc,
        } = c;
        let severity = match check.verdict {
            Verdict::Equal | Verdict::Unverifiable => return,
            Verdict::Rounding => Severity::Info,
            Verdict::Mismatch => self.cx.rule.severity,
        };
        let (stated_s, expected_s, diff_s) = (
            check.stated.to_string(),
            check.sum.to_string(),
            check.difference.to_string(),
        );
        if check.verdict == Verdict::Mismatch
            && self.in_doubt(std::iter::once(stated_row).chain(part_rows.iter().copied()))
        {
            let span = stated.map(|n| n.span).unwrap_or(stated_row.span);
            self.unsure
                .push((span, format!("{what} {column}: {stated_s} ≠ {expected_s}")));
            return;
        }
        let mut d = self.cx.rule.diagnostic(
            severity,
            self.lang(),
            &[
                ("row", what),
                ("column", column),
                ("stated", &stated_s),
                ("expected", &expected_s),
                ("difference", &diff_s),
                ("parts", parts_desc),
            ],
        );
        let zh = self.lang() == Lang::Zh;
        let primary_span = stated.map(|n| n.span).unwrap_or(stated_row.span);
        let primary_msg = if zh {
            format!("列示 {stated_s}，应为 {expected_s}")
        } else {
            format!("stated {stated_s}, parts add up to {expected_s}")
        };
        d = d.with_label(Label::primary(primary_span, primary_msg));
        for n in parts {
            d = d.with_label(Label::addend(n.span, if zh { "加数" } else { "part" }));
        }
        if parts.is_empty() {
            for r in part_rows {
                d = d.with_label(Label::secondary(
                    r.span,
                    if zh {
                        "明细行（空）"
                    } else {
                        "part (empty)"
                    },
                ));
            }
        }
        d = d.with_note(show_sum(parts, check.sum));
        d = d.with_note(if zh {
            format!(
                "差额 {diff_s}，舍入误差最多 ±{}",
                check.tolerance.normalize()
            )
        } else {
            format!(
                "difference {diff_s}; rounding explains at most ±{}",
                check.tolerance.normalize()
            )
        });
        if check.verdict == Verdict::Rounding {
            d = d.with_help(if zh {
                "差额在舍入误差范围内，不是错误"
            } else {
                "the difference is within rounding; not an error"
            });
            self.out.push(d);
            return;
        }
        let rows: Vec<Span> = std::iter::once(stated_row.span)
            .chain(part_rows.iter().map(|r| r.span))
            .collect();
        let note = format!("{what} {column}: {stated_s} ≠ {expected_s}");
        self.hold(d, rows, primary_span, note);
    }

    /// `total` = sum of `parts`, column by column (vertical sums). Returns whether it held (within
    /// rounding, or under some placement of uncertain rows).
    fn rows_sum(&mut self, total: &Row, parts: &[&Row], parts_desc: &str) -> bool {
        let ncols = self.table.columns.len();
        let involved: Vec<&Row> = std::iter::once(total)
            .chain(parts.iter().copied())
            .collect();
        let what = describe(total);
        // A sum that fails as the rows stand, where a row was placed only by where its numbers
        // stand (columns or spaces): if another order of that row's numbers in the columns adds
        // up, the positions may have misled (a long name pushes the amounts after it right in
        // some PDFs' text), so it is no error; the table is reported as not read reliably.
        let as_placed: Vec<Vec<Option<&[usize]>>> = involved.iter().map(|_| vec![None]).collect();
        if involved.iter().all(|r| r.is_settled())
            && involved.iter().any(|r| placed_by_position(r))
            && some_placement_adds_up(total, parts, ncols, &as_placed) == Some(false)
            && adds_up_if_moved(total, parts, &involved, ncols) != Moved::Fails
        {
            self.unsure
                .push((total.span, format!("{what}: {parts_desc}")));
            return true;
        }
        if involved.iter().all(|r| r.is_settled()) {
            let mut held = true;
            for c in 0..ncols {
                if total.not_applicable.contains(&c) {
                    continue;
                }
                let stated = cell(total, None, c);
                let addends: Vec<&Number> = parts.iter().filter_map(|r| cell(r, None, c)).collect();
                if stated.is_none() && addends.is_empty() {
                    continue;
                }
                let check = check_sum(stated, &addends);
                held &= check.verdict != Verdict::Mismatch;
                let column = column_name(self.table, c, self.lang());
                self.emit(Comparison {
                    check: &check,
                    stated,
                    stated_row: total,
                    parts: &addends,
                    part_rows: parts,
                    what: &what,
                    column: &column,
                    parts_desc,
                });
            }
            return held;
        }
        // Some placement is uncertain: it is an error only if no placement adds up. The
        // candidates the reader kept (by position) are tried first; when none adds up, every
        // order-preserving placement of the uncertain rows is, as positions are evidence, not
        // proof (a long name pushes the amounts after it right in some PDFs' text).
        let candidates: Vec<Vec<Option<&[usize]>>> =
            involved.iter().map(|r| placements(r)).collect();
        match some_placement_adds_up(total, parts, ncols, &candidates) {
            Some(true) | None => return true,
            Some(false) => {}
        }
        if adds_up_if_moved(total, parts, &involved, ncols) != Moved::Fails {
            self.unsure
                .push((total.span, format!("{what}: {parts_desc}")));
            return true;
        }
        self.emit_unplaced(total, parts, &what, parts_desc);
        false
    }

    /// No placement of the uncertain rows' numbers makes the sum work.
    fn emit_unplaced(&mut self, total: &Row, parts: &[&Row], what: &str, parts_desc: &str) {
        let zh = self.lang() == Lang::Zh;
        if self.in_doubt(std::iter::once(total).chain(parts.iter().copied())) {
            self.unsure
                .push((total.span, format!("{what}: {parts_desc}")));
            return;
        }
        // The rule's message names one column and two figures; here no column is known, so the
        // message says what was established instead.
        let message = if zh {
            format!("{what} 的数字无论归入哪些列，都与{parts_desc}之和不符")
        } else {
            format!(
                "the numbers of {what} do not add up with {parts_desc} under any placement in the columns"
            )
        };
        let mut d = Diagnostic::new(&self.cx.rule.id, self.cx.rule.severity, message);
        d = d.with_label(Label::primary(
            total.span,
            if zh {
                "无论各数如何归列，合计都不相符"
            } else {
                "no placement of these numbers adds up"
            },
        ));
        // Rows without numbers add nothing to any placement; pointing at them is noise.
        for r in parts.iter().filter(|r| !r.values.is_empty()) {
            d = d.with_label(Label::secondary(r.span, if zh { "明细行" } else { "part" }));
        }
        let uncertain: Vec<&Row> = std::iter::once(total)
            .chain(parts.iter().copied())
            .filter(|r| !r.is_settled())
            .collect();
        let source = self.cx.source;
        let line = |offset: usize| source.line_col(offset).0;
        for r in &uncertain {
            // A row over several lines (plain text may put each cell on its own): point at each
            // number whose column is unknown, not only where the row starts.
            let one_line = line(r.span.start) == line(r.span.end.saturating_sub(1));
            for n in r.values.iter().filter(|_| !one_line) {
                d = d.with_label(Label::secondary(
                    n.span,
                    if zh {
                        "所在列不确定"
                    } else {
                        "column uncertain"
                    },
                ));
            }
            let numbers: Vec<String> = r.values.iter().map(|n| n.value.to_string()).collect();
            d = d.with_note(if zh {
                format!(
                    "{}：{}，可能的列位置 {} 种",
                    describe(r),
                    numbers.join("、"),
                    r.candidates.len()
                )
            } else {
                format!(
                    "{}: {}, {} possible placements",
                    describe(r),
                    numbers.join(", "),
                    r.candidates.len()
                )
            });
        }
        d = d.with_note(if zh {
            "空单元格在纯文本中消失，这些数字所在的列无法确定；已逐一尝试所有可能的列位置，没有一种能使各列相符"
        } else {
            "empty cells vanished in the text, so the columns of these numbers are uncertain; every possible placement was tried and none adds up"
        });
        let rows: Vec<Span> = std::iter::once(total)
            .chain(parts.iter().copied())
            .map(|r| r.span)
            .collect();
        self.hold(d, rows, total.span, format!("{what}: {parts_desc}"));
    }

    /// In every row: `total_col` = sum of `part_cols` (or of `alt_cols`, when given).
    fn columns_sum(&mut self, total_col: usize, part_cols: &[usize], alt_cols: Option<&[usize]>) {
        let column = column_name(self.table, total_col, self.lang());
        let parts_desc = part_cols
            .iter()
            .map(|&c| column_name(self.table, c, self.lang()))
            .collect::<Vec<_>>()
            .join(" + ");
        self.columns_sum_as(total_col, part_cols, alt_cols, &column, &parts_desc);
    }

    /// [`Self::columns_sum`], naming the total column and its parts as given.
    fn columns_sum_as(
        &mut self,
        total_col: usize,
        part_cols: &[usize],
        alt_cols: Option<&[usize]>,
        column: &str,
        parts_desc: &str,
    ) {
        for row in &self.table.rows {
            if row.not_applicable.contains(&total_col) || row.values.is_empty() {
                continue;
            }
            let mut best: Option<(SumCheck, Option<&Number>, Vec<&Number>)> = None;
            for placement in placements(row) {
                let stated = cell(row, placement, total_col);
                for cols in std::iter::once(part_cols).chain(alt_cols) {
                    let addends: Vec<&Number> = cols
                        .iter()
                        .filter_map(|&c| cell(row, placement, c))
                        .collect();
                    if stated.is_none() && addends.is_empty() {
                        best = None;
                        break;
                    }
                    let check = check_sum(stated, &addends);
                    let better = best
                        .as_ref()
                        .is_none_or(|(b, _, _)| rank(check.verdict) < rank(b.verdict));
                    if better {
                        best = Some((check, stated, addends));
                    }
                }
                if best
                    .as_ref()
                    .is_none_or(|(b, _, _)| b.verdict == Verdict::Equal)
                {
                    break;
                }
            }
            let Some((check, stated, addends)) = best else {
                continue;
            };
            let what = describe(row);
            // Placed only by where its numbers stand, and another order of them in the columns
            // adds up: the positions may have misled (see `rows_sum`).
            if check.verdict == Verdict::Mismatch
                && row.is_settled()
                && placed_by_position(row)
                && fits_elsewhere(row, total_col, part_cols, alt_cols)
            {
                self.unsure
                    .push((row.span, format!("{what}: {parts_desc}")));
                continue;
            }
            if !row.is_settled() && check.verdict == Verdict::Mismatch {
                self.emit_unplaced(row, &[], &what, parts_desc);
                continue;
            }
            self.emit(Comparison {
                check: &check,
                stated,
                stated_row: row,
                parts: &addends,
                part_rows: &[],
                what: &what,
                column,
                parts_desc,
            });
        }
    }
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Equal | Verdict::Unverifiable => 0,
        Verdict::Rounding => 1,
        Verdict::Mismatch => 2,
    }
}

fn subject_codes(report: &mut Reporter) {
    let table = report.table;
    // Not one coded row has an amount: the amounts were printed away from their rows (plain
    // text of a PDF that draws the codes and names as one block and the amounts as another),
    // so a total against nothing proves nothing.
    if !table
        .rows
        .iter()
        .any(|r| r.code.is_some() && !r.values.is_empty())
    {
        return;
    }
    let zh = report.lang() == Lang::Zh;
    // Rows of amounts without a code beside the coded ones (a 项目支出表 whose projects carry
    // a 功能分类科目 among their cells): the codes are not what the rows are, and the 合计 is
    // no sum of them.
    let uncoded = table
        .rows
        .iter()
        .any(|r| r.code.is_none() && !r.values.is_empty() && !r.is_total());
    for family in table.code_families() {
        let total = &table.rows[family.total];
        if uncoded && total.code.is_none() {
            continue;
        }
        let parts: Vec<&Row> = family.parts.iter().map(|&i| &table.rows[i]).collect();
        let desc = match (total.code.is_some(), zh) {
            (true, true) => "下级科目",
            (true, false) => "its sub-items",
            (false, true) => "各类级科目",
            (false, false) => "the top-level items",
        };
        report.rows_sum(total, &parts, desc);
    }
}

/// A node of the header tree: a run of adjacent columns sharing a header cell.
#[derive(Debug)]
struct Node {
    name: String,
    /// The column itself, when this node is a leaf.
    column: Option<usize>,
    children: Vec<Node>,
}

/// Header paths deeper than this are no header (a table of text rows only, read as all
/// header, or a cell full of `/`): no groups are read from them. The tree is built and walked
/// by recursion, one level a call, so the cap also bounds the stack.
const MAX_HEADER_DEPTH: usize = 24;

fn header_tree(table: &Table, columns: &[usize], depth: usize) -> Vec<Node> {
    let paths: Vec<Vec<&str>> = table
        .columns
        .iter()
        .map(|c| c.name.split('/').collect())
        .collect();
    if paths.iter().any(|p| p.len() > MAX_HEADER_DEPTH) {
        return Vec::new();
    }
    subtree(&paths, columns, depth)
}

/// The nodes of `columns` at `depth`, from every column's header path (split once per table).
fn subtree(paths: &[Vec<&str>], columns: &[usize], depth: usize) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        let c = columns[i];
        let Some(name) = paths[c].get(depth) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < columns.len()
            && paths[columns[j]].get(depth) == Some(name)
            && paths[columns[j]].len() > depth + 1
            && paths[c].len() > depth + 1
        {
            j += 1;
        }
        if paths[c].len() == depth + 1 {
            nodes.push(Node {
                name: name.to_string(),
                column: Some(c),
                children: Vec::new(),
            });
            i += 1;
        } else {
            let children = subtree(paths, &columns[i..j], depth + 1);
            nodes.push(Node {
                name: name.to_string(),
                column: None,
                children,
            });
            i = j;
        }
    }
    nodes
}

/// A total column: one of `total_names`, or a name ending in 合计 (`本年支出合计`).
fn is_total_name(total_names: &[String], name: &str) -> bool {
    total_names.iter().any(|t| t == name) || name.ends_with("合计") && name.chars().count() <= 8
}

/// The columns that make up a part: itself, its own 小计 / 合计, or its leaves.
fn part_columns(node: &Node, total_names: &[String]) -> Vec<usize> {
    if let Some(c) = node.column {
        return vec![c];
    }
    if let Some(sub) = node
        .children
        .iter()
        .find(|n| n.column.is_some() && is_total_name(total_names, &n.name))
    {
        return sub.column.into_iter().collect();
    }
    node.children
        .iter()
        .flat_map(|n| part_columns(n, total_names))
        .collect()
}

/// The columns a 小计 among the parts already sums, when the header lost the group the 小计 was
/// in (a converter flattened `公务用车购置及运行费` over `小计 | 购置费 | 运行费` into one line of
/// names): the fewest columns right after it (two or more) whose cells add up to the 小计's on
/// every line, within the rounding of its figures. `None` when a 小计 is zero on every line, so
/// which columns it sums is unknown (the group is not checked); an empty list when no part is
/// a 小计, or none is matched by the columns after it (the 小计 is then a part like another).
fn summed_by_flat_subtotals(table: &Table, part_cols: &[usize]) -> Option<Vec<usize>> {
    let mut summed = Vec::new();
    for (i, &c) in part_cols.iter().enumerate() {
        if !table.columns[c].leaf.contains("小计") {
            continue;
        }
        let nonzero = table
            .rows
            .iter()
            .any(|r| r.cell(c).flatten().is_some_and(|n| !n.value.is_zero()));
        if !nonzero {
            return None;
        }
        let adds_up = |k: usize| {
            let after = &part_cols[i + 1..=i + k];
            table.rows.iter().all(|r| {
                let Some(Some(stated)) = r.cell(c) else {
                    return true;
                };
                let Some(cells) = after.iter().map(|&a| r.cell(a)).collect::<Option<Vec<_>>>()
                else {
                    return false;
                };
                let parts: Vec<&Number> = cells.into_iter().flatten().collect();
                matches!(
                    check_sum(Some(stated), &parts).verdict,
                    Verdict::Equal | Verdict::Rounding
                )
            })
        };
        if let Some(k) = (2..part_cols.len() - i).find(|&k| adds_up(k)) {
            summed.extend_from_slice(&part_cols[i + 1..=i + k]);
        }
    }
    Some(summed)
}

fn column_groups(
    report: &mut Reporter,
    total_names: &[String],
    optional: &[String],
    skip: &[String],
) {
    let table = report.table;
    let all: Vec<usize> = (0..table.columns.len())
        .filter(|&c| !table.columns[c].leaf.starts_with('列'))
        .collect();
    if all.len() < 2 {
        return;
    }
    let tree = header_tree(table, &all, 0);
    let mut groups: Vec<&[Node]> = vec![&tree];
    let mut stack: Vec<&Node> = tree.iter().collect();
    while let Some(n) = stack.pop() {
        if !n.children.is_empty() {
            groups.push(&n.children);
            stack.extend(n.children.iter());
        }
    }
    for siblings in groups {
        let totals: Vec<&Node> = siblings
            .iter()
            .filter(|n| n.column.is_some() && is_total_name(total_names, &n.name))
            .collect();
        let [total] = totals.as_slice() else { continue };
        let Some(total_col) = total.column else {
            continue;
        };
        let parts: Vec<&Node> = siblings
            .iter()
            .filter(|n| n.column != Some(total_col))
            .collect();
        if parts.is_empty()
            || parts
                .iter()
                .any(|p| skip.iter().any(|s| p.name.contains(s.as_str())))
        {
            continue;
        }
        let part_cols: Vec<usize> = parts
            .iter()
            .flat_map(|p| part_columns(p, total_names))
            .collect();
        let Some(summed) = summed_by_flat_subtotals(table, &part_cols) else {
            continue;
        };
        let part_cols: Vec<usize> = part_cols
            .into_iter()
            .filter(|c| !summed.contains(c))
            .collect();
        let optional_cols: Vec<usize> = parts
            .iter()
            .filter(|p| !optional.iter().any(|o| p.name.contains(o.as_str())))
            .flat_map(|p| part_columns(p, total_names))
            .filter(|c| !summed.contains(c))
            .collect();
        if optional_cols.len() == part_cols.len() {
            report.columns_sum(total_col, &part_cols, None);
            continue;
        }
        // Whether 合计 includes the carry-over column is a property of the template: decide it
        // once for the table from the rows that tell the two readings apart.
        match carry_over_reading(table, total_col, &part_cols, &optional_cols) {
            Some(true) => report.columns_sum(total_col, &part_cols, None),
            Some(false) => report.columns_sum(total_col, &optional_cols, None),
            None => report.columns_sum(total_col, &part_cols, Some(&optional_cols)),
        }
    }
}

/// The later year's column = the earlier year's + the change column, row by row. The columns:
/// exactly two named by a year and the same name after it (`2024年预算数`, `2025年预算数`), and
/// exactly one named as a change (`增减`). Which way the change is taken (later − earlier, or the
/// other way) is read from the rows that tell the two apart; when none does, or as many say
/// each, the table stays silent.
fn year_change(report: &mut Reporter, change_names: &[String]) {
    let table = report.table;
    let years: Vec<(usize, u32, &str)> = table
        .columns
        .iter()
        .enumerate()
        .filter_map(|(c, col)| {
            let leaf = col.leaf.as_str();
            let year: u32 = leaf.get(..4)?.parse().ok()?;
            let rest = leaf[4..].strip_prefix('年')?;
            (!rest.is_empty()).then_some((c, year, rest))
        })
        .collect();
    let [(a, year_a, name_a), (b, year_b, name_b)] = years.as_slice() else {
        return;
    };
    if name_a != name_b || year_a == year_b {
        return;
    }
    let (earlier, later) = if year_a < year_b { (*a, *b) } else { (*b, *a) };
    let changes: Vec<usize> = (0..table.columns.len())
        .filter(|&c| change_names.iter().any(|n| table.columns[c].is_called(n)))
        .collect();
    let [change] = changes.as_slice() else {
        return;
    };
    let fits = |row: &Row, stated: usize, plus: usize| {
        let parts: Vec<&Number> = [plus, *change]
            .iter()
            .filter_map(|&c| cell(row, None, c))
            .collect();
        check_sum(cell(row, None, stated), &parts).verdict != Verdict::Mismatch
    };
    let (mut forward, mut backward) = (0, 0);
    for row in table
        .rows
        .iter()
        .filter(|r| r.is_settled() && cell(r, None, *change).is_some_and(|n| !n.value.is_zero()))
    {
        match (fits(row, later, earlier), fits(row, earlier, later)) {
            (true, false) => forward += 1,
            (false, true) => backward += 1,
            _ => {}
        }
    }
    match forward.cmp(&backward) {
        std::cmp::Ordering::Greater => report.columns_sum(later, &[earlier, *change], None),
        std::cmp::Ordering::Less => report.columns_sum(earlier, &[later, *change], None),
        std::cmp::Ordering::Equal => {}
    }
}

/// `Some(true)` when the settled rows show 合计 includes the optional columns, `Some(false)`
/// when they show it does not (by majority), `None` when no row tells or as many rows say each.
fn carry_over_reading(
    table: &Table,
    total_col: usize,
    with: &[usize],
    without: &[usize],
) -> Option<bool> {
    let fits = |row: &Row, cols: &[usize]| {
        let stated = cell(row, None, total_col);
        let parts: Vec<&Number> = cols.iter().filter_map(|&c| cell(row, None, c)).collect();
        check_sum(stated, &parts).verdict != Verdict::Mismatch
    };
    let (mut needs_with, mut needs_without) = (0, 0);
    for row in table
        .rows
        .iter()
        .filter(|r| r.is_settled() && !r.values.is_empty())
    {
        match (fits(row, with), fits(row, without)) {
            (true, false) => needs_with += 1,
            (false, true) => needs_without += 1,
            _ => {}
        }
    }
    // The template's reading is the one most rows follow; a tie decides nothing.
    match needs_with.cmp(&needs_without) {
        std::cmp::Ordering::Greater => Some(true),
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal => None,
    }
}

fn named_sections(report: &mut Reporter, sections: &[String]) {
    let table = report.table;
    let zh = report.lang() == Lang::Zh;
    // Codes have their own check; a two-sided summary table has no sections.
    if table.side.is_some() || table.rows.iter().any(|r| r.code.is_some()) {
        return;
    }
    let is_section = |r: &Row| sections.contains(&plain_name(r));
    // One section name alone (a category line that happens to match) is not a breakdown.
    let distinct: std::collections::HashSet<String> = table
        .rows
        .iter()
        .filter(|r| is_section(r))
        .map(plain_name)
        .collect();
    if distinct.len() < 2 {
        return;
    }
    let mut section_rows: Vec<&Row> = Vec::new();
    let mut orphan = false;
    let mut i = 0;
    let rows = &table.rows;
    while i < rows.len() {
        if is_section(&rows[i]) {
            let start = i;
            let mut j = i + 1;
            while j < rows.len() && !is_section(&rows[j]) && !rows[j].is_total() {
                j += 1;
            }
            let children: Vec<&Row> = rows[start + 1..j].iter().collect();
            section_rows.push(&rows[start]);
            if !children.is_empty() {
                report.rows_sum(
                    &rows[start],
                    &children,
                    if zh {
                        "其下各项"
                    } else {
                        "the items under it"
                    },
                );
            }
            i = j;
        } else {
            if !rows[i].is_total() && !section_rows.is_empty()
                || !rows[i].is_total() && !rows[i].values.is_empty()
            {
                orphan = true;
            }
            i += 1;
        }
    }
    let totals: Vec<&Row> = rows.iter().filter(|r| r.is_total()).collect();
    if let ([total], false, false) = (totals.as_slice(), orphan, section_rows.is_empty()) {
        report.rows_sum(
            total,
            &section_rows,
            if zh { "各大类" } else { "the sections" },
        );
    }
}

fn named_groups(report: &mut Reporter, groups: &[NamedGroup]) {
    let table = report.table;
    if names_in_columns(table, groups) {
        named_column_groups(report, groups);
        return;
    }
    let find = |names: &[String]| -> Vec<&Row> {
        table
            .rows
            .iter()
            .filter(|r| names.contains(&plain_name(r)))
            .collect()
    };
    for group in groups {
        let totals = find(&group.total);
        let [total] = totals.as_slice() else { continue };
        let mut parts = Vec::new();
        let mut ambiguous = false;
        for alts in &group.parts {
            match find(alts).as_slice() {
                [] => {}
                [one] => parts.push(*one),
                _ => ambiguous = true,
            }
        }
        if ambiguous || parts.is_empty() {
            continue;
        }
        let desc = group
            .parts
            .iter()
            .filter_map(|a| a.first().cloned())
            .collect::<Vec<_>>()
            .join(" + ");
        report.rows_sum(total, &parts, &desc);
    }
}

/// Whether the declared names stand in the header rather than in the rows: a horizontal
/// table, such as a 三公经费 table with one value row under 合计 | 因公出国（境）费 | ….
fn names_in_columns(table: &Table, groups: &[NamedGroup]) -> bool {
    let alternatives = || groups.iter().flat_map(|g| g.parts.iter());
    // Each name made plain once, not once per alternative.
    let column_names: Vec<String> = table
        .columns
        .iter()
        .flat_map(|c| c.name.split('/').map(plain_text_name))
        .collect();
    let row_names: Vec<String> = table.rows.iter().map(plain_name).collect();
    let in_columns = alternatives()
        .filter(|alts| column_names.iter().any(|n| alts.contains(n)))
        .count();
    let in_rows = alternatives()
        .filter(|alts| row_names.iter().any(|n| alts.contains(n)))
        .count();
    in_columns >= 2 && in_columns > in_rows
}

/// The columns holding a header node's amounts, each with its qualifier: a leaf column itself;
/// a group by its own 小计 / 合计; a group of qualifier columns (`预算数` / `决算数`) by each
/// of them. Empty when the node's amount is not stated in one column per qualifier.
fn value_columns(node: &Node, declared: &[String]) -> Vec<(String, usize)> {
    if let Some(c) = node.column {
        return vec![(String::new(), c)];
    }
    let totals: Vec<&Node> = node
        .children
        .iter()
        .filter(|n| is_generic_total(&n.name))
        .collect();
    if let [total] = totals.as_slice() {
        return value_columns(total, declared);
    }
    let qualifiers = node.children.iter().all(|n| {
        n.column.is_some()
            && !declared.contains(&plain_text_name(&n.name))
            && !is_generic_total(&n.name)
    });
    if !qualifiers || !totals.is_empty() {
        return Vec::new();
    }
    node.children
        .iter()
        .filter_map(|n| n.column.map(|c| (plain_text_name(&n.name), c)))
        .collect()
}

/// `合计`, `小计`, `总计`: a column summing its siblings, whatever they are.
fn is_generic_total(name: &str) -> bool {
    matches!(plain_text_name(name).as_str(), "合计" | "小计" | "总计")
}

/// One equation of a group found in the header: the total's column and its parts' columns.
struct ColumnEquation {
    total: usize,
    parts: Vec<usize>,
}

/// The equations of `group` among `siblings`, the children of one header node (or the top
/// row of the header): every declared part present once, with exactly one total beside them
/// (a `合计` / `小计` column or one named as the group's total). A plain `合计` beside other
/// columns (会议费, 培训费) may sum those too, so it counts only under a cell named as the
/// group's total (`“三公”经费` over `小计`). Then the nodes below.
fn column_equations(
    siblings: &[Node],
    scope_named: bool,
    group: &NamedGroup,
    declared: &[String],
    out: &mut Vec<ColumnEquation>,
) {
    let named = |n: &Node, alts: &[String]| alts.contains(&plain_text_name(&n.name));
    let parts: Vec<Vec<&Node>> = group
        .parts
        .iter()
        .map(|alts| siblings.iter().filter(|n| named(n, alts)).collect())
        .collect();
    let totals: Vec<&Node> = siblings
        .iter()
        .filter(|n| is_generic_total(&n.name) || named(n, &group.total))
        .filter(|n| !group.parts.iter().any(|alts| named(n, alts)))
        .collect();
    let others = siblings.len() > parts.len() + 1;
    let complete = parts.iter().all(|p| p.len() == 1);
    if let ([total], true) = (totals.as_slice(), complete) {
        if others && is_generic_total(&total.name) && !scope_named {
            return column_equations_below(siblings, group, declared, out);
        }
        for (qualifier, total_col) in value_columns(total, declared) {
            let part_cols: Option<Vec<usize>> = parts
                .iter()
                .map(|p| {
                    let cols: Vec<usize> = value_columns(p[0], declared)
                        .into_iter()
                        .filter(|(q, _)| *q == qualifier)
                        .map(|(_, c)| c)
                        .collect();
                    match cols.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    }
                })
                .collect();
            if let Some(parts) = part_cols {
                out.push(ColumnEquation {
                    total: total_col,
                    parts,
                });
            }
        }
    }
    column_equations_below(siblings, group, declared, out);
}

/// [`column_equations`] under each of `siblings`.
fn column_equations_below(
    siblings: &[Node],
    group: &NamedGroup,
    declared: &[String],
    out: &mut Vec<ColumnEquation>,
) {
    for n in siblings {
        let scope_named = group.total.contains(&plain_text_name(&n.name));
        column_equations(&n.children, scope_named, group, declared, out);
    }
}

/// The declared groups applied to the header of a horizontal table: in every value row, the
/// total's column equals the sum of the parts' columns, under every qualifier (预算数, 决算数).
fn named_column_groups(report: &mut Reporter, groups: &[NamedGroup]) {
    let table = report.table;
    let all: Vec<usize> = (0..table.columns.len())
        .filter(|&c| !table.columns[c].leaf.starts_with('列'))
        .collect();
    let tree = header_tree(table, &all, 0);
    let declared: Vec<String> = groups
        .iter()
        .flat_map(|g| g.total.iter().chain(g.parts.iter().flatten()))
        .cloned()
        .collect();
    for group in groups {
        let mut equations = Vec::new();
        column_equations(&tree, false, group, &declared, &mut equations);
        let parts_desc = group
            .parts
            .iter()
            .filter_map(|a| a.first().cloned())
            .collect::<Vec<_>>()
            .join(" + ");
        for eq in equations {
            let column = table.columns[eq.total].name.clone();
            report.columns_sum_as(eq.total, &eq.parts, None, &column, &parts_desc);
        }
    }
}

/// The Chinese numeral a label is numbered with (`三、服务 C` → 3), up to 十九.
fn numeral(row: &Row) -> Option<u32> {
    let name = row.name();
    let (head, _) = name.split_once('、')?;
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = head.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', c] => digit(*c).map(|d| 10 + d),
        _ => None,
    }
}

/// In a table without subject codes, the one total row equals the lines numbered 一、二、三、…
/// (政府采购: 一、货物 + 二、工程 + 三、服务), when the numbering runs from 一 without a gap or a
/// restart, so the numbered lines are one level of one breakdown.
fn numbered_lines(report: &mut Reporter, totals: &[String]) {
    let table = report.table;
    let zh = report.lang() == Lang::Zh;
    if table.side.is_some() || table.rows.iter().any(|r| r.code.is_some()) {
        return;
    }
    let numbered: Vec<(u32, &Row)> = table
        .rows
        .iter()
        .filter_map(|r| numeral(r).map(|n| (n, r)))
        .collect();
    let in_sequence = numbered
        .iter()
        .enumerate()
        .all(|(k, (n, _))| *n == k as u32 + 1);
    if numbered.len() < 2 || !in_sequence {
        return;
    }
    let total_rows: Vec<&Row> = table
        .rows
        .iter()
        .filter(|r| r.code.is_none() && totals.contains(&r.name()))
        .collect();
    let [total] = total_rows.as_slice() else {
        return;
    };
    let parts: Vec<&Row> = numbered.into_iter().map(|(_, r)| r).collect();
    report.rows_sum(
        total,
        &parts,
        if zh {
            "一、二、三……各项"
        } else {
            "the lines numbered 一、二、三…"
        },
    );
}

mod statement;

#[cfg(test)]
mod tests;
