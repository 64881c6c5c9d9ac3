//! `cross-table`: what the tables of one disclosure say about each other. One check per rule
//! (`check = …` in the rule file):
//! - `equal`: the `equalities` each name two or more table places ([`place::Place`]) that must
//!   hold the same amount (收支总表 本年支出合计 and the 支出总表 合计 …), within the rounding of
//!   the figures as written.
//! - `empty`: a table marked as holding no data (`本表无数据`) while the `pairs` name a place
//!   elsewhere with a non-zero figure for the same money, or while it prints non-zero amounts.
//! - `required`: the tables a full budget (`budget`) or final-accounts (`final`) disclosure must
//!   contain ([`required::RequiredTable`]), once the document is clearly one.
//!
//! Every check is silent where the reading is unsure: a place that two rows or two tables claim,
//! or a row the reader doubts, makes its equality silent; a row placed by spacing or by the sums
//! makes an error a warning.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::{Check, CheckContext, Lang, ParamError};
use crate::identity::ReportKind;
use crate::model::{Certainty, Table, Unit};
use crate::source::SourceFile;

pub mod place;
pub mod required;

use place::{Cell, Lookup, Place};
use required::RequiredTable;

/// Places that must hold the same amount.
#[derive(Debug)]
pub struct Equality {
    /// What the amount is (`本年支出合计`), for the message.
    pub name: String,
    pub places: Vec<Place>,
}

/// Tables that may be marked empty, and the places that must then be zero.
#[derive(Debug)]
pub struct EmptyPair {
    /// The money the tables are about (`政府性基金`), for the message.
    pub name: String,
    pub tables: Vec<String>,
    pub exclude: Vec<String>,
    pub figures: Vec<Place>,
}

/// Which relation between the tables a rule checks.
#[derive(Debug)]
pub enum CrossTableCheck {
    Equal(Vec<Equality>),
    Empty(Vec<EmptyPair>),
    Required {
        budget: Vec<RequiredTable>,
        final_accounts: Vec<RequiredTable>,
        /// How many of the required tables must be there before the document is taken for a
        /// full disclosure (a text-only or tables-only part is not one).
        min_present: usize,
    },
}

const CHECKS: &str = "equal, empty, required";

impl CrossTableCheck {
    pub fn from_params(params: &toml::Table) -> Result<CrossTableCheck, ParamError> {
        let Some(check) = params.get("check").and_then(|v| v.as_str()) else {
            return Err(ParamError::new(
                Some("check"),
                format!("`check` is required: {CHECKS}"),
            ));
        };
        let allowed: &[&str] = match check {
            "equal" => &["check", "equalities"],
            "empty" => &["check", "pairs"],
            "required" => &["check", "budget", "final", "min_present"],
            other => {
                return Err(ParamError::new(
                    Some("check"),
                    format!("unknown check `{other}` (expected {CHECKS})"),
                ));
            }
        };
        crate::engine::only_params(
            params,
            allowed,
            &format!("check `{check}` of kind `cross-table`"),
        )?;
        let list = |key: &str| -> Result<&Vec<toml::Value>, ParamError> {
            params.get(key).and_then(|v| v.as_array()).ok_or_else(|| {
                ParamError::new(Some(key), format!("`{key}` must be an array of tables"))
            })
        };
        let name = |t: &toml::Table, key: &str| -> Result<String, ParamError> {
            t.get("name")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| {
                    ParamError::new(
                        Some(key),
                        format!("each entry of `{key}` needs a `name` string"),
                    )
                })
        };
        match check {
            "equal" => {
                let mut out = Vec::new();
                for entry in list("equalities")? {
                    let t = entry.as_table().ok_or_else(|| {
                        ParamError::new(Some("equalities"), "each equality must be a table")
                    })?;
                    if let Some(k) = t.keys().find(|k| !matches!(k.as_str(), "name" | "places")) {
                        return Err(ParamError::new(
                            Some("equalities"),
                            format!("unknown key `{k}` in an equality (expected: name, places)"),
                        ));
                    }
                    let places = t
                        .get("places")
                        .and_then(|v| v.as_array())
                        .ok_or_else(|| {
                            ParamError::new(Some("equalities"), "each equality needs `places`")
                        })?
                        .iter()
                        .map(|p| place::place(p, "equalities"))
                        .collect::<Result<Vec<_>, _>>()?;
                    if places.len() < 2 {
                        return Err(ParamError::new(
                            Some("equalities"),
                            "an equality needs two places or more",
                        ));
                    }
                    out.push(Equality {
                        name: name(t, "equalities")?,
                        places,
                    });
                }
                Ok(CrossTableCheck::Equal(out))
            }
            "empty" => {
                let mut out = Vec::new();
                for entry in list("pairs")? {
                    let t = entry.as_table().ok_or_else(|| {
                        ParamError::new(Some("pairs"), "each pair must be a table")
                    })?;
                    if let Some(k) = t
                        .keys()
                        .find(|k| !matches!(k.as_str(), "name" | "empty" | "figures"))
                    {
                        return Err(ParamError::new(
                            Some("pairs"),
                            format!("unknown key `{k}` in a pair (expected: name, empty, figures)"),
                        ));
                    }
                    let (tables, exclude) = place::selector(
                        t.get("empty").ok_or_else(|| {
                            ParamError::new(Some("pairs"), "each pair needs `empty`")
                        })?,
                        "pairs",
                    )?;
                    let figures = t
                        .get("figures")
                        .and_then(|v| v.as_array())
                        .map(|a| a.iter().map(|p| place::place(p, "pairs")).collect())
                        .unwrap_or(Ok(Vec::new()))?;
                    out.push(EmptyPair {
                        name: name(t, "pairs")?,
                        tables,
                        exclude,
                        figures,
                    });
                }
                Ok(CrossTableCheck::Empty(out))
            }
            _ => {
                let tables = |key: &str| match params.get(key) {
                    Some(v) => required::required_tables(v, key),
                    None => Ok(Vec::new()),
                };
                let min_present = match params.get("min_present") {
                    None => 4,
                    Some(v) => v
                        .as_integer()
                        .and_then(|n| usize::try_from(n).ok())
                        .filter(|&n| n > 0)
                        .ok_or_else(|| {
                            ParamError::new(
                                Some("min_present"),
                                "`min_present` must be a positive integer",
                            )
                        })?,
                };
                Ok(CrossTableCheck::Required {
                    budget: tables("budget")?,
                    final_accounts: tables("final")?,
                    min_present,
                })
            }
        }
    }
}

impl Check for CrossTableCheck {
    fn lazy_patterns(&self) -> Vec<crate::lazy_regex::LazyRegex> {
        match self {
            CrossTableCheck::Required {
                budget,
                final_accounts,
                ..
            } => budget
                .iter()
                .chain(final_accounts)
                .flat_map(|t| t.titles.iter().chain(&t.exclude))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn compile_patterns(&self) -> Result<(), ParamError> {
        if let CrossTableCheck::Required {
            budget,
            final_accounts,
            ..
        } = self
        {
            required::compile_patterns(budget, "budget")?;
            required::compile_patterns(final_accounts, "final")?;
        }
        Ok(())
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        match self {
            CrossTableCheck::Equal(equalities) => {
                for e in equalities {
                    check_equality(cx, e, out);
                }
            }
            CrossTableCheck::Empty(pairs) => check_empty(cx, pairs, out),
            CrossTableCheck::Required {
                budget,
                final_accounts,
                min_present,
            } => check_required(cx, budget, final_accounts, *min_present, out),
        }
    }
}

/// How a table is called in a message: its title, or its form number.
fn table_name(table: &Table) -> String {
    let title = table.title_text();
    if title.is_empty() {
        table
            .form
            .as_ref()
            .map(|f| crate::model::squeeze(&f.text).into_owned())
            .unwrap_or_default()
    } else {
        title
    }
}

/// A cell's amount as the document wrote it, with its unit.
fn amount(source: &SourceFile, cell: &Cell<'_>, zh: bool) -> String {
    let unit = match (Some(cell.unit), zh) {
        (Some(Unit::Yuan), true) => "元",
        (Some(Unit::WanYuan), true) => "万元",
        (Some(Unit::YiYuan), true) => "亿元",
        (Some(Unit::Yuan), false) => " yuan",
        (Some(Unit::WanYuan), false) => " wan yuan",
        (Some(Unit::YiYuan), false) => " yi yuan",
        _ => "",
    };
    let written = source.slice(cell.number.span).trim();
    if written.is_empty() {
        format!("{}{unit}", cell.number.value)
    } else {
        format!("{written}{unit}")
    }
}

/// Compare the places of one equality: the first place found against every other found.
fn check_equality(cx: &CheckContext<'_>, e: &Equality, out: &mut Vec<Diagnostic>) {
    let mut cells: Vec<Cell<'_>> = Vec::new();
    for place in &e.places {
        match place.lookup(cx.document) {
            Lookup::Absent => {}
            Lookup::Unsure => return,
            // Two places landing on the same cell say nothing about each other.
            Lookup::Found(cell) if cells.iter().any(|c| c.number.span == cell.number.span) => {}
            Lookup::Found(cell) => cells.push(cell),
        }
    }
    let Some((anchor, others)) = cells.split_first() else {
        return;
    };
    for other in others.iter().filter(|o| !anchor.agrees_with(o)) {
        out.push(equality_diagnostic(cx, e, anchor, other));
    }
}

fn equality_diagnostic(
    cx: &CheckContext<'_>,
    e: &Equality,
    anchor: &Cell<'_>,
    other: &Cell<'_>,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let near = anchor.near(other);
    let severity = if anchor.certain && other.certain && !near {
        cx.rule.severity
    } else {
        Severity::Warning.min(cx.rule.severity)
    };
    let (first, second) = (amount(cx.source, anchor, zh), amount(cx.source, other, zh));
    let (first_table, second_table) = (table_name(anchor.table), table_name(other.table));
    let note = if zh {
        format!(
            "两表应列同一金额；按各数所写位数舍入后仍不相等：{first_table} {first}，{second_table} {second}"
        )
    } else {
        format!(
            "the two tables must give the same amount; they differ beyond the rounding of the figures as written: {first} in {first_table}, {second} in {second_table}"
        )
    };
    let mut d = cx
        .rule
        .diagnostic(
            severity,
            cx.lang,
            &[
                ("name", &e.name),
                ("first", &first),
                ("first_table", &first_table),
                ("second", &second),
                ("second_table", &second_table),
            ],
        )
        .with_label(Label::primary(
            other.number.span,
            if zh {
                format!("{second_table}：{}", e.name)
            } else {
                format!("{} in {second_table}", e.name)
            },
        ))
        .with_label(Label::secondary(
            anchor.number.span,
            if zh {
                format!("{first_table}：{}", e.name)
            } else {
                format!("{} in {first_table}", e.name)
            },
        ))
        .with_note(note);
    if near {
        d = d.with_note(if zh {
            "两数只差末位几个单位，可能是金额单位换算的尾数误差，故仅作警告"
        } else {
            "the two differ by a few units of the last place only, which converting units may cause, so this is a warning only"
        });
    } else if severity < cx.rule.severity {
        d = d.with_note(if zh {
            "有一行的数字是按空格或合计推定其所在列的，故仅作警告"
        } else {
            "a row's numbers were placed by spacing or by the sums, so this is a warning only"
        });
    }
    d
}

/// Whether a row of the table prints a non-zero amount the reader placed for sure.
fn non_zero_amount(table: &Table) -> Option<&crate::model::Number> {
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| r.certainty <= Certainty::Aligned && !table.row_in_doubt(*i))
        .flat_map(|(_, r)| r.values.iter())
        .find(|n| n.unit.or(table.unit).is_some() && !n.value.is_zero())
}

/// Tables marked empty against non-zero figures: their own, and those the pairs name.
fn check_empty(cx: &CheckContext<'_>, pairs: &[EmptyPair], out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    for table in cx.document.tables().filter(|t| t.no_data) {
        if let Some(n) = non_zero_amount(table) {
            let name = table_name(table);
            let figure = amount(
                cx.source,
                &Cell {
                    table,
                    number: n,
                    unit: n.unit.or(table.unit).unwrap_or(Unit::Yuan),
                    certain: true,
                },
                zh,
            );
            let d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[
                        ("table", &name),
                        ("figure", &figure),
                        ("where", if zh { "本表" } else { "the table itself" }),
                    ],
                )
                .with_label(Label::primary(
                    n.span,
                    if zh {
                        "非零金额"
                    } else {
                        "a non-zero amount"
                    },
                ))
                .with_label(Label::secondary(
                    table.title.as_ref().map_or(table.span, |t| t.span()),
                    if zh {
                        "注明本表无数据"
                    } else {
                        "said to hold no data"
                    },
                ));
            out.push(d);
        }
    }
    for pair in pairs {
        let selected: Vec<&Table> = cx
            .document
            .tables()
            .filter(|t| place::title_selected(t, &pair.tables, &pair.exclude))
            .collect();
        // Every table of the pair marked empty, and none printing amounts.
        let Some(empty) = selected.first() else {
            continue;
        };
        if !selected
            .iter()
            .all(|t| t.no_data && non_zero_amount(t).is_none())
        {
            continue;
        }
        for figure in &pair.figures {
            let Lookup::Found(cell) = figure.lookup(cx.document) else {
                continue;
            };
            if !cell.is_non_zero() || !cell.certain {
                continue;
            }
            let empty_name = table_name(empty);
            let where_ = table_name(cell.table);
            let value = amount(cx.source, &cell, zh);
            let d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[
                        ("table", &empty_name),
                        ("figure", &value),
                        ("where", &where_),
                    ],
                )
                .with_label(Label::primary(
                    empty.title.as_ref().map_or(empty.span, |t| t.span()),
                    if zh {
                        "注明本表无数据".to_string()
                    } else {
                        "said to hold no data".to_string()
                    },
                ))
                .with_label(Label::secondary(
                    cell.number.span,
                    if zh {
                        format!("{where_}中的{}", pair.name)
                    } else {
                        format!("{} in {where_}", pair.name)
                    },
                ))
                .with_note(if zh {
                    format!("两表说的是同一笔{}：一处为空，另一处不为零", pair.name)
                } else {
                    format!(
                        "both are about the same {} money: one is empty, the other is not zero",
                        pair.name
                    )
                });
            out.push(d);
            // One contradiction per empty table is enough to send the reviewer to it.
            break;
        }
    }
}

/// The required tables missing from a document that is clearly a full disclosure.
fn check_required(
    cx: &CheckContext<'_>,
    budget: &[RequiredTable],
    final_accounts: &[RequiredTable],
    min_present: usize,
    out: &mut Vec<Diagnostic>,
) {
    let identity = cx.identity();
    let required = match identity.kind {
        Some(ReportKind::Budget) => budget,
        Some(ReportKind::FinalAccounts) => final_accounts,
        None => return,
    };
    let due: Vec<&RequiredTable> = required
        .iter()
        .filter(|r| r.required_in(identity.year))
        .collect();
    let lines = required::title_lines(cx.document, |t| due.iter().any(|r| r.is_title(t)));
    let (present, missing): (Vec<&RequiredTable>, Vec<&RequiredTable>) =
        due.iter().partition(|r| r.present_in(&lines));
    if present.len() < min_present || missing.is_empty() {
        return;
    }
    // Point at where the tables are: the first title of a required table.
    let Some(first) = lines
        .iter()
        .find(|l| present.iter().any(|r| r.is_title(&l.text)))
    else {
        return;
    };
    let zh = cx.lang == Lang::Zh;
    let kind = identity.kind.map_or("", |k| k.name(zh));
    let found: Vec<&str> = present.iter().map(|r| r.name.as_str()).collect();
    for table in missing {
        let d = cx
            .rule
            .diagnostic(
                cx.rule.severity,
                cx.lang,
                &[("table", &table.name), ("kind", kind)],
            )
            .with_label(Label::primary(
                first.span,
                if zh {
                    "公开报表从此开始"
                } else {
                    "the tables start here"
                },
            ))
            .with_note(if zh {
                format!("已找到的报表：{}", found.join("、"))
            } else {
                format!("tables found: {}", found.join(", "))
            });
        out.push(d);
    }
}
