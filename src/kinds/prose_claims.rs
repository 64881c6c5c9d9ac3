//! `prose-claims`: numeric claims of the 说明 prose checked against the sentence that makes them.
//!
//! Reads the paragraphs and notes of the document model, never the raw source. One check
//! (`check = …` in the rule file):
//! - `growth`: within one clause (split at `。；;`, not at `，`), an amount X, then a comparison
//!   (`比上年`, `较上年`, `同比`, `比2023年`, `与上年相比`…) `增加`/`减少` an amount Y, then
//!   `增长`/`下降` Z%. Z must follow from X and Y: Y ÷ (X − Y) for an increase, Y ÷ (X + Y) for a
//!   decrease, within the rounding of all three figures; and the two direction words must agree.
//!
//! The check is conservative: a clause with more than one amount that could be X, amounts in
//! different units, `持平`, or a rate not written right after its rate word is left alone.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::{Check, CheckContext, Lang, ParamError};
use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Paragraph, Unit};
use crate::number::{Found, scan_numbers};
use crate::source::Span;

pub mod amount;
pub mod breakdown;
pub mod change_rate;
pub mod change_sum;
pub mod comparison;
pub mod count;
pub mod last_year;
pub mod numbered;
pub mod share;
pub mod share_sum;
pub mod subject;
pub mod zero_rise;

use amount::CellLabel;

/// Which claims a rule checks.
#[derive(Debug)]
pub enum ProseClaimsCheck {
    Growth,
    /// Amounts restating table cells, with the labels that tie them to their cells.
    Amount(Vec<CellLabel>),
    /// A comparison with last year against the two years' cells of the line it is about.
    LastYear(Vec<CellLabel>),
    /// Shares of a named whole (`占本年支出合计的 Y%`) against the whole's table cell.
    NamedShare(Vec<CellLabel>),
    /// The parts a `其中` lists against the whole before it.
    Breakdown,
    /// Shares (`占Y%`) against the wholes written before them.
    Share,
    /// A completion rate and a comparison word against the budget and outturn they are about.
    Comparison,
    /// A count of projects against the 项目支出 table its sentence's amount names.
    ProjectCount,
    /// A count of offices or units against the list that names them.
    ListedCount,
    /// The shares of all the parts of one whole against 100%.
    ShareSum,
    /// Amounts given to a functional subject by name against the rows of that name.
    SubjectAmount,
    /// The shares of parts whose amounts make their whole against 100%.
    BreakdownShares,
    /// An amount of 0 said to be more than last year's.
    ZeroRise,
    /// The parts' changes against last year against the whole's change.
    ChangeSum,
    /// A count of all the year's projects stated again with another number.
    RestatedCount,
}

/// The built-in rules of a share against its whole and of a breakdown's shares against 100%:
/// a share moved in an exhaustive breakdown fails both, and is reported once, by the first
/// (which names the share and its right value).
const SHARE_OF_TOTAL: &str = "share-of-total";
const BREAKDOWN_SHARES: &str = "breakdown-shares";
const SHARE_OF_NAMED_TOTAL: &str = "share-of-named-total";

/// Drop a `breakdown-shares` finding that involves a share `share-of-total` already reports
/// (a warning or an error on that share): a moved share of an exhaustive breakdown is also the
/// breakdown's shares not making 100%, and the share's own finding names the share and its
/// right value. Run over a document's findings once every rule has run (the rules run in
/// parallel, so neither check can see the other's findings); each rule alone still reports.
pub fn report_shares_once(diagnostics: &mut Vec<Diagnostic>) {
    // A share of a named whole that both the tables (`share-of-named-total`, which names the
    // cell) and the prose give is reported once, by the first.
    let of_cell: Vec<Span> = diagnostics
        .iter()
        .filter(|d| d.rule == SHARE_OF_NAMED_TOTAL && d.severity >= Severity::Warning)
        .map(Diagnostic::primary_span)
        .collect();
    if !of_cell.is_empty() {
        diagnostics.retain(|d| !(d.rule == SHARE_OF_TOTAL && of_cell.contains(&d.primary_span())));
    }
    let named: Vec<Span> = diagnostics
        .iter()
        .filter(|d| d.rule == SHARE_OF_TOTAL && d.severity >= Severity::Warning)
        .map(Diagnostic::primary_span)
        .collect();
    if named.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        !(d.rule == BREAKDOWN_SHARES && d.labels.iter().any(|l| named.contains(&l.span)))
    });
}

const CHECKS: &str = "growth, amount, last-year, named-share, subject-amount, breakdown, breakdown-shares, share, comparison, project-count, listed-count, share-sum, zero-rise, change-sum, restated-count";

impl ProseClaimsCheck {
    pub fn from_params(params: &toml::Table) -> Result<ProseClaimsCheck, ParamError> {
        let check = match params.get("check").and_then(|v| v.as_str()) {
            Some(check) => check,
            None => {
                return Err(ParamError::new(
                    Some("check"),
                    format!("`check` is required: {CHECKS}"),
                ));
            }
        };
        let allowed: &[&str] = match check {
            "growth" | "breakdown" | "share" | "comparison" | "project-count" | "listed-count"
            | "share-sum" | "subject-amount" | "breakdown-shares" | "zero-rise" | "change-sum"
            | "restated-count" => &["check"],
            "amount" | "last-year" | "named-share" => &["check", "cells"],
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
            &format!("check `{check}` of kind `prose-claims`"),
        )?;
        match check {
            "amount" | "last-year" | "named-share" => {
                let cells = params.get("cells").ok_or_else(|| {
                    ParamError::new(Some("cells"), format!("check `{check}` needs `cells`"))
                })?;
                let cells = amount::cell_labels(cells)?;
                Ok(match check {
                    "amount" => ProseClaimsCheck::Amount(cells),
                    "last-year" => ProseClaimsCheck::LastYear(cells),
                    _ => ProseClaimsCheck::NamedShare(cells),
                })
            }
            "breakdown" => Ok(ProseClaimsCheck::Breakdown),
            "share" => Ok(ProseClaimsCheck::Share),
            "comparison" => Ok(ProseClaimsCheck::Comparison),
            "project-count" => Ok(ProseClaimsCheck::ProjectCount),
            "listed-count" => Ok(ProseClaimsCheck::ListedCount),
            "share-sum" => Ok(ProseClaimsCheck::ShareSum),
            "subject-amount" => Ok(ProseClaimsCheck::SubjectAmount),
            "breakdown-shares" => Ok(ProseClaimsCheck::BreakdownShares),
            "zero-rise" => Ok(ProseClaimsCheck::ZeroRise),
            "change-sum" => Ok(ProseClaimsCheck::ChangeSum),
            "restated-count" => Ok(ProseClaimsCheck::RestatedCount),
            _ => Ok(ProseClaimsCheck::Growth),
        }
    }
}

impl Check for ProseClaimsCheck {
    fn lazy_patterns(&self) -> Vec<LazyRegex> {
        match self {
            ProseClaimsCheck::Amount(cells) => cells
                .iter()
                .flat_map(|c| c.labels.iter().cloned())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn compile_patterns(&self) -> Result<(), ParamError> {
        match self {
            ProseClaimsCheck::Amount(cells) => amount::compile_labels(cells),
            _ => Ok(()),
        }
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if let ProseClaimsCheck::Share = self {
            for wrong in share::wrong_shares(cx.document) {
                out.push(share_diagnostic(cx, &wrong));
            }
            return;
        }
        let year = amount::document_year(cx.document);
        if let ProseClaimsCheck::RestatedCount = self {
            for w in count::restated_whole_counts(cx.document, year.as_deref()) {
                out.push(restated_count_diagnostic(cx, &w));
            }
            return;
        }
        if let ProseClaimsCheck::ListedCount = self {
            for w in numbered::wrong_numbered_counts(cx.document) {
                out.push(listed_count_diagnostic(cx, &w));
            }
        }
        if let ProseClaimsCheck::BreakdownShares = self {
            // Runs of paragraphs not parted by a heading or a table.
            let mut run: Vec<&Paragraph> = Vec::new();
            for block in cx.document.blocks.iter().map(Some).chain([None]) {
                match block {
                    Some(Block::Paragraph(p) | Block::Note(p)) => run.push(p),
                    _ => {
                        let listed = share_sum::listed_part_shares(&run);
                        for w in share_sum::part_shares(&run).iter().chain(&listed) {
                            if !w.make_a_whole() {
                                out.push(part_shares_diagnostic(cx, w));
                            }
                        }
                        run.clear();
                    }
                }
            }
            return;
        }
        if let ProseClaimsCheck::SubjectAmount = self {
            let subjects = subject::Subjects::of(cx.document);
            for p in cx.document.paragraphs() {
                for a in subject::subject_amounts(&subjects, p, year.as_deref()) {
                    if !a.agrees {
                        out.push(subject_amount_diagnostic(cx, &a));
                    }
                }
            }
            return;
        }
        if let ProseClaimsCheck::Growth = self {
            for p in sentences_joined(cx.document) {
                let p = p.as_ref();
                for claim in growth_claims(p) {
                    if let Some(d) = claim.problem().and_then(|p| diagnostic(cx, &claim, &p)) {
                        out.push(d);
                    }
                }
                for rate in change_rate::change_rates(p) {
                    if let Some(problem) = rate.problem() {
                        out.push(change_rate_diagnostic(cx, &rate, &problem));
                    }
                }
            }
            return;
        }
        let table_cells = match self {
            ProseClaimsCheck::Amount(cells) => {
                Some(amount::TableCells::new(cx.document, cells, year.as_deref()))
            }
            _ => None,
        };
        if matches!(self, ProseClaimsCheck::ProjectCount) {
            for w in count::wrong_noted_counts(cx.document) {
                out.push(project_count_diagnostic(cx, &w));
            }
        }
        for block in &cx.document.blocks {
            let (Block::Paragraph(p) | Block::Note(p)) = block else {
                continue;
            };
            match self {
                ProseClaimsCheck::Growth
                | ProseClaimsCheck::Share
                | ProseClaimsCheck::SubjectAmount
                | ProseClaimsCheck::BreakdownShares
                | ProseClaimsCheck::RestatedCount => {}
                ProseClaimsCheck::ZeroRise => {
                    for z in zero_rise::zero_rises(p) {
                        out.push(zero_rise_diagnostic(cx, &z));
                    }
                }
                ProseClaimsCheck::ProjectCount => {
                    for w in count::wrong_project_counts(cx.document, p, year.as_deref()) {
                        out.push(project_count_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::ListedCount => {
                    for w in count::wrong_listed_counts(p)
                        .into_iter()
                        .chain(count::wrong_itemised_counts(p))
                    {
                        out.push(listed_count_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::ShareSum => {
                    if let Some(w) = share::shares_not_whole(p) {
                        out.push(share_sum_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::Comparison => {
                    for c in comparison::wrong_comparisons(p) {
                        for w in &c.wrong {
                            out.push(comparison_diagnostic(cx, &c, w));
                        }
                    }
                    for w in comparison::wrong_implied_budgets(p) {
                        out.push(implied_budget_diagnostic(cx, &w));
                    }
                    for w in comparison::wrong_parts_comparisons(p) {
                        out.push(parts_comparison_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::ChangeSum => {
                    for w in change_sum::wrong_change_sums(p) {
                        out.push(change_sum_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::Breakdown => {
                    for b in breakdown::breakdowns(p)
                        .into_iter()
                        .chain(breakdown::grade_breakdowns(p))
                    {
                        if let Some(m) = b.mismatch() {
                            out.push(breakdown_diagnostic(cx, &b, m));
                        }
                    }
                }
                ProseClaimsCheck::Amount(_) => {
                    let Some(tables) = &table_cells else { continue };
                    for r in amount::restatements(tables, p, year.as_deref()) {
                        if !r.agrees() {
                            out.push(amount_diagnostic(cx, &r));
                        } else if let Some(c) =
                            amount::change_against_budget(p, &r).filter(|c| !c.agrees())
                        {
                            out.push(budget_change_diagnostic(cx, &r, &c));
                        } else if let Some(c) =
                            amount::rate_against_budget(p, &r).filter(|c| !c.agrees())
                        {
                            out.push(budget_rate_diagnostic(cx, &r, &c));
                        }
                    }
                }
                ProseClaimsCheck::NamedShare(cells) => {
                    for w in share::wrong_named_shares(cx.document, p, cells, year.as_deref()) {
                        out.push(named_share_diagnostic(cx, &w));
                    }
                }
                ProseClaimsCheck::LastYear(cells) => {
                    for w in last_year::wrong_comparisons(cx.document, p, cells, year.as_deref()) {
                        out.push(last_year_diagnostic(cx, &w));
                    }
                }
            }
        }
    }
}

/// The diagnostic for an amount of 0 said to be more than last year's.
fn zero_rise_diagnostic(cx: &CheckContext<'_>, z: &zero_rise::ZeroRise) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let amount = format!("{}{}", z.amount.value, money_unit(z.amount.unit, zh));
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("amount", &amount), ("word", &z.word_text)],
        )
        .with_label(Label::primary(
            z.word,
            if zh {
                "所述比较"
            } else {
                "comparison stated"
            },
        ))
        .with_label(Label::secondary(
            z.amount.span,
            if zh {
                "本年金额为 0"
            } else {
                "this year's amount is 0"
            },
        ))
        .with_note(if zh {
            "金额不会小于 0，为 0 的金额不可能比上年增加或大于上年数"
        } else {
            "an amount is never below 0, so an amount of 0 cannot be more than last year's"
        })
        .with_help(if zh {
            "核对本年金额或比较用语（如“与上年持平”“减少”“小于”）"
        } else {
            "check this year's amount or the comparison word (与上年持平, 减少, 小于)"
        })
}

/// The diagnostic for a share of a named whole that the whole's table cell contradicts.
fn named_share_diagnostic(cx: &CheckContext<'_>, w: &share::WrongNamedShare<'_>) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let (part, whole, rate) = (&w.claim.part, &w.whole, &w.claim.rate);
    let stated = format!("{}%", rate.value);
    let implied = (part.value * yuan_per(part.unit))
        .checked_div(whole.value * yuan_per(whole.unit))
        .map(|r| percent(r * Decimal::ONE_HUNDRED, rate.decimals))
        .unwrap_or_default();
    let whole_text = format!("{}{}", whole.value, money_unit(whole.unit, zh));
    let part_text = format!("{}{}", part.value, money_unit(part.unit, zh));
    let note = if zh {
        format!(
            "表中{}为 {whole_text}，{part_text} ÷ {whole_text} = {implied}",
            w.name
        )
    } else {
        format!(
            "the table gives {} as {whole_text}; {part_text} ÷ {whole_text} = {implied}",
            w.name
        )
    };
    let severity = if w.near {
        Severity::Info
    } else {
        cx.rule.severity
    };
    cx.rule
        .diagnostic(
            severity,
            cx.lang,
            &[("stated", &stated), ("implied", &implied), ("name", w.name)],
        )
        .with_label(Label::primary(
            rate.span,
            if zh { "所述占比" } else { "stated share" },
        ))
        .with_label(Label::secondary(
            part.span,
            if zh { "部分" } else { "part" },
        ))
        .with_label(Label::secondary(
            whole.span,
            if zh {
                format!("表中{}", w.name)
            } else {
                format!("{} in the table", w.name)
            },
        ))
        .with_note(note)
}

/// The diagnostic for a comparison with last year that the table's two cells contradict.
fn last_year_diagnostic(cx: &CheckContext<'_>, w: &last_year::WrongComparison<'_>) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let unit = |n: &crate::model::Number| format!("{}{}", n.value, money_unit(n.unit, zh));
    let (earlier, later) = (unit(w.cells.earlier), unit(w.cells.later));
    let table = w.cells.table.title_text();
    let (span, stated, primary) = match (&w.difference, zh) {
        (Some(d), true) => (
            d.span,
            format!("“{}{}{}”", w.said_text, d.value, money_unit(d.unit, true)),
            format!("所述增减额 {}{}", d.value, money_unit(d.unit, true)),
        ),
        (Some(d), false) => (
            d.span,
            format!("`{}{}{}`", w.said_text, d.value, money_unit(d.unit, true)),
            format!(
                "difference stated: {}{}",
                d.value,
                money_unit(d.unit, false)
            ),
        ),
        (None, true) => (
            w.word,
            format!("“{}”", w.said_text),
            "与表中两年数不符".to_string(),
        ),
        (None, false) => (
            w.word,
            format!("`{}`", w.said_text),
            "contradicts the table's two years".to_string(),
        ),
    };
    let difference = (w.cells.later.value * yuan_per(w.cells.later.unit)
        - w.cells.earlier.value * yuan_per(w.cells.earlier.unit))
        / yuan_per(w.cells.later.unit);
    let note = if zh {
        format!(
            "{table}：{}上年 {earlier}，本年 {later}，本年减上年为 {difference}",
            w.name
        )
    } else {
        format!(
            "{table}: {} last year {earlier}, this year {later}; this year minus last year is {difference}",
            w.name
        )
    };
    let mut d = cx
        .rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[
                ("stated", &stated),
                ("name", w.name),
                ("earlier", &earlier),
                ("later", &later),
            ],
        )
        .with_label(Label::primary(span, primary))
        .with_label(Label::secondary(
            w.cells.earlier.span,
            if zh {
                "表中上年数"
            } else {
                "last year in the table"
            },
        ))
        .with_label(Label::secondary(
            w.cells.later.span,
            if zh {
                "表中本年数"
            } else {
                "this year in the table"
            },
        ));
    if let Some(x) = &w.current {
        d = d.with_label(Label::secondary(
            x.span,
            if zh {
                "本年金额"
            } else {
                "this year's amount"
            },
        ));
    }
    d.with_note(note)
}

/// The diagnostic for a completion rate or a comparison word its amounts contradict.
fn comparison_diagnostic(
    cx: &CheckContext<'_>,
    c: &comparison::Comparison,
    wrong: &comparison::Wrong,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let (b, f) = (c.budget.value, c.outturn.value);
    let (span, stated, reason) = match (wrong, zh) {
        (comparison::Wrong::Rate { rate, implied }, true) => (
            rate.span,
            format!("完成率 {}%", rate.value),
            format!("{f} ÷ {b} = {implied}%"),
        ),
        (comparison::Wrong::Rate { rate, implied }, false) => (
            rate.span,
            format!("completion rate {}%", rate.value),
            format!("{f} ÷ {b} = {implied}%"),
        ),
        (comparison::Wrong::Word { word, said }, true) => (
            *word,
            format!("“{said}”"),
            format!("决算数 {f}，预算数 {b}"),
        ),
        (comparison::Wrong::Word { word, said }, false) => (
            *word,
            format!("`{said}`"),
            format!("outturn {f}, budget {b}"),
        ),
        (
            comparison::Wrong::Change {
                said,
                change,
                word,
                implied,
            },
            true,
        ) => (
            word.cover(change.span),
            format!("较预算{said} {}", change.value),
            format!("{f} − {b} = {implied}"),
        ),
        (
            comparison::Wrong::Budgets {
                word,
                said,
                adjusted,
            },
            true,
        ) => (
            *word,
            format!("“{said}”"),
            format!("全年预算数 {}，年初预算数 {b}", adjusted.value),
        ),
        (
            comparison::Wrong::Budgets {
                word,
                said,
                adjusted,
            },
            false,
        ) => (
            *word,
            format!("`{said}`"),
            format!("adjusted budget {}, initial budget {b}", adjusted.value),
        ),
        (
            comparison::Wrong::Change {
                said,
                change,
                word,
                implied,
            },
            false,
        ) => (
            word.cover(change.span),
            format!("`{said} {}` against the budget", change.value),
            format!("{f} − {b} = {implied}"),
        ),
    };
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("stated", &stated), ("reason", &reason)],
        )
        .with_label(Label::primary(
            span,
            if zh {
                "与金额不符"
            } else {
                "contradicted"
            },
        ))
        .with_label(Label::secondary(
            c.budget.span,
            if zh { "年初预算" } else { "budget" },
        ))
        .with_label(match wrong {
            // Two budgets compared: the other one, not the outturn.
            comparison::Wrong::Budgets { adjusted, .. } => Label::secondary(
                adjusted.span,
                if zh {
                    "全年预算"
                } else {
                    "adjusted budget"
                },
            ),
            _ => Label::secondary(c.outturn.span, if zh { "决算" } else { "outturn" }),
        })
}

/// The diagnostic for two named lines compared by a word their amounts contradict.
fn parts_comparison_diagnostic(
    cx: &CheckContext<'_>,
    w: &comparison::PartsComparison,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let ((a, x), (b, y)) = (&w.first, &w.second);
    let (stated, reason) = if zh {
        (
            format!("“{}”", w.said),
            format!("{a} {}，{b} {}", x.value, y.value),
        )
    } else {
        (
            format!("`{}`", w.said),
            format!("{a} {}, {b} {}", x.value, y.value),
        )
    };
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("stated", &stated), ("reason", &reason)],
        )
        .with_label(Label::primary(
            w.word,
            if zh {
                "与金额不符"
            } else {
                "contradicted"
            },
        ))
        .with_label(Label::secondary(x.span, a.clone()))
        .with_label(Label::secondary(y.span, b.clone()))
}

/// The diagnostic for an outturn, its change against the budget and its completion rate that
/// cannot all be right.
fn implied_budget_diagnostic(cx: &CheckContext<'_>, w: &comparison::ImpliedBudget) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let (x, d, said) = (w.outturn.value, w.change.value, w.said.as_str());
    let sign = if said == "减少" { '+' } else { '−' };
    let (b, r) = (w.budget, w.implied);
    let (stated, reason) = if zh {
        (
            format!("完成率 {}%", w.rate.value),
            format!("较预算{said} {d}，预算数为 {x} {sign} {d} = {b}，完成率 {r}%"),
        )
    } else {
        (
            format!("completion rate {}%", w.rate.value),
            format!(
                "`{said} {d}` against the budget makes it {x} {sign} {d} = {b}, a rate of {r}%"
            ),
        )
    };
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("stated", &stated), ("reason", &reason)],
        )
        .with_label(Label::primary(
            w.rate.span,
            if zh {
                "与金额及增减不符"
            } else {
                "contradicted"
            },
        ))
        .with_label(Label::secondary(
            w.word.cover(w.change.span),
            if zh {
                "较预算增减"
            } else {
                "change against the budget"
            },
        ))
        .with_label(Label::secondary(
            w.outturn.span,
            if zh { "决算" } else { "outturn" },
        ))
}

/// The diagnostic for a project count the 项目支出 table contradicts.
fn project_count_diagnostic(cx: &CheckContext<'_>, w: &count::WrongProjectCount<'_>) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let table = w.table.title_text();
    let amount = format!("{}{}", w.amount.value, money_unit(w.amount.unit, zh));
    let rows = w.rows;
    let (primary, secondary, note) = match (&w.tie, zh) {
        (count::ProjectTie::Sentence, true) => (
            "所述项目个数",
            format!("{table}的项目合计"),
            format!(
                "同一句所述金额 {amount} 即{table}所列 {rows} 个项目的合计，所述个数应与之相同"
            ),
        ),
        (count::ProjectTie::Sentence, false) => (
            "count stated",
            format!("the total of the projects of {table}"),
            format!(
                "the amount of the same sentence, {amount}, is the total of the {rows} projects {table} lists, so the count is of them"
            ),
        ),
        (count::ProjectTie::Note, true) => (
            "所述项目个数",
            format!("{table}的合计"),
            format!("表注所述个数是本表所列项目的个数：表中列出 {rows} 个项目（合计 {amount}）"),
        ),
        (count::ProjectTie::Note, false) => (
            "count stated",
            format!("the total of {table}"),
            format!(
                "the note counts the projects of the table above it, which lists {rows} (total {amount})"
            ),
        ),
        (tie, true) => (
            "所述项目个数",
            format!("{table}的合计"),
            format!(
                "{table}的合计 {amount} 即支出总表的项目支出合计，表中列出全部项目；{}",
                match tie {
                    count::ProjectTie::Source(s) => format!("其中{s}安排金额的项目为 {rows} 个"),
                    count::ProjectTie::AtLeast(s, a, b) => {
                        format!("其中{s}项目为 {a} 至 {b} 个（“以上”含或不含本数）")
                    }
                    count::ProjectTie::Type(t) => format!("其中{t}项目为 {rows} 个"),
                    _ => format!("共 {rows} 个项目"),
                }
            ),
        ),
        (tie, false) => (
            "count stated",
            format!("the total of {table}"),
            format!(
                "the total of {table}, {amount}, is the 项目支出 total of the 支出总表, so the table lists every project; {}",
                match tie {
                    count::ProjectTie::Source(s) =>
                        format!("{rows} of them have an amount from {s}"),
                    count::ProjectTie::AtLeast(s, a, b) => format!(
                        "{a} to {b} of them are {s} (以上 with or without the amount itself)"
                    ),
                    count::ProjectTie::Type(t) => format!("{rows} of them are of the type {t}"),
                    _ => format!("it lists {rows}"),
                }
            ),
        ),
    };
    let diagnostic = cx
        .rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[
                ("stated", &w.stated.value.to_string()),
                ("count", &w.rows.to_string()),
                ("table", &table),
            ],
        )
        .with_label(Label::primary(w.stated.span, primary))
        .with_label(Label::secondary(w.amount.span, secondary));
    match w.spending {
        Some(span) => diagnostic.with_label(Label::secondary(
            span,
            if zh {
                "支出总表的项目支出合计"
            } else {
                "the 项目支出 total of the 支出总表"
            },
        )),
        None => diagnostic,
    }
    .with_note(note)
}

/// The diagnostic for a count of offices or units the list after it contradicts.
fn listed_count_diagnostic(cx: &CheckContext<'_>, w: &count::WrongListedCount) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let note = match (w.open, zh) {
        _ if w.itemised && zh => "按“其中”所列各项计数：各项金额之和即同一句所述金额".to_string(),
        _ if w.itemised => {
            "items counted as the parts a 其中 lists, whose amounts make the sentence's amount"
                .to_string()
        }
        _ if w.numbered && zh => "按编号计数：从 1 起连续编号的各段".to_string(),
        _ if w.numbered => {
            "items counted by their numbers: the blocks numbered on from 1".to_string()
        }
        (true, true) => "列表以“等”结尾，可少于所述个数，但不能多于".to_string(),
        (true, false) => {
            "the list ends with 等 (and others): it may name fewer, never more".to_string()
        }
        (false, true) => "各项以“、”分隔计数".to_string(),
        (false, false) => "items counted as separated by 、".to_string(),
    };
    // The parts of an amount taken for the projects counted: a reading, not a list of names.
    let severity = if w.itemised {
        Severity::Warning.min(cx.rule.severity)
    } else {
        cx.rule.severity
    };
    cx.rule
        .diagnostic(
            severity,
            cx.lang,
            &[
                ("noun", &w.noun),
                ("stated", &format!("{} {}", w.stated.value, w.classifier)),
                ("count", &w.listed.to_string()),
            ],
        )
        .with_label(Label::primary(
            w.stated.span,
            if zh { "所述个数" } else { "count stated" },
        ))
        .with_label(Label::secondary(
            w.list,
            if zh {
                format!("列出 {} 项", w.listed)
            } else {
                format!("{} listed", w.listed)
            },
        ))
        .with_note(note)
}

/// The diagnostic for shares of all the parts of a whole that do not make 100%.
fn share_sum_diagnostic(cx: &CheckContext<'_>, w: &share::SharesNotWhole) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let sum = format!("{}%", w.sum());
    let terms: Vec<String> = w
        .shares
        .iter()
        .map(|s| format!("{}%", s.rate.value))
        .collect();
    let implied: Vec<String> = w
        .implied()
        .iter()
        .zip(&w.shares)
        .map(|(r, s)| percent(*r, s.rate.decimals))
        .collect();
    let (note, help) = if zh {
        (
            format!(
                "{} = {sum}；三项之和即“三公”经费全部，按所写位数舍入后应为 100%",
                terms.join(" + ")
            ),
            format!("按所述金额，各项占比应为 {}", implied.join("、")),
        )
    } else {
        (
            format!(
                "{} = {sum}; the three parts are all of the 三公经费, so their shares make 100% within rounding",
                terms.join(" + ")
            ),
            format!("the amounts stated give shares of {}", implied.join(", ")),
        )
    };
    let mut d = cx
        .rule
        .diagnostic(cx.rule.severity, cx.lang, &[("sum", &sum)]);
    for (i, s) in w.shares.iter().enumerate() {
        let label = if zh { "所述占比" } else { "stated share" };
        d = d.with_label(if i == 0 {
            Label::primary(s.rate.span, label)
        } else {
            Label::secondary(s.rate.span, label)
        });
    }
    d.with_note(note).with_help(help)
}

/// The diagnostic for the shares of all the parts of a whole that do not make 100%.
fn part_shares_diagnostic(cx: &CheckContext<'_>, w: &share_sum::PartShares) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let sum = format!("{}%", w.sum());
    let rates: Vec<String> = w
        .shares
        .iter()
        .map(|s| format!("{}%", s.rate.value))
        .collect();
    let amounts: Vec<String> = w.shares.iter().map(|s| s.part.value.to_string()).collect();
    let whole = format!("{}{}", w.whole.value, money_unit(w.whole.unit, zh));
    let (note, help) = if zh {
        (
            format!(
                "各部分金额 {} 之和即总数 {whole}（按所写位数舍入），故各部分占比之和应为 100%；{} = {sum}",
                amounts.join(" + "),
                rates.join(" + ")
            ),
            "核对各部分占比：按所述金额，各项占比应为部分 ÷ 总数".to_string(),
        )
    } else {
        (
            format!(
                "the parts' amounts {} add up to the whole, {whole} (rounded as written), so their shares make 100%; {} = {sum}",
                amounts.join(" + "),
                rates.join(" + ")
            ),
            "check each share against part ÷ whole".to_string(),
        )
    };
    let mut d = cx
        .rule
        .diagnostic(cx.rule.severity, cx.lang, &[("sum", &sum)])
        .with_label(Label::primary(
            w.shares[0].rate.span,
            if zh { "所述占比" } else { "stated share" },
        ));
    for s in &w.shares[1..] {
        d = d.with_label(Label::secondary(
            s.rate.span,
            if zh { "所述占比" } else { "stated share" },
        ));
    }
    d.with_label(Label::secondary(
        w.whole.span,
        if zh { "总数" } else { "the whole" },
    ))
    .with_note(note)
    .with_help(help)
}

/// How a money unit is written after a figure in a message.
fn money_unit(unit: Option<Unit>, zh: bool) -> &'static str {
    match (unit, zh) {
        (Some(Unit::Yuan), true) => "元",
        (Some(Unit::WanYuan), true) => "万元",
        (Some(Unit::YiYuan), true) => "亿元",
        (Some(Unit::Yuan), false) => " yuan",
        (Some(Unit::WanYuan), false) => " wan yuan",
        (Some(Unit::YiYuan), false) => " yi yuan",
        _ => "",
    }
}

/// The diagnostic for a share that no whole before it makes right.
fn share_diagnostic(cx: &CheckContext<'_>, wrong: &share::WrongShare) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let part = &wrong.claim.part;
    let whole = &wrong.whole;
    let rate = &wrong.claim.rate;
    let stated = format!("{}%", rate.value);
    let implied = (part.value * yuan_per(part.unit))
        .checked_div(whole.value * yuan_per(whole.unit))
        .map(|r| percent(r * Decimal::ONE_HUNDRED, rate.decimals))
        .unwrap_or_default();
    let arithmetic = format!("{} ÷ {} = {implied}", part.value, whole.value);
    let (note, help) = if zh {
        (
            format!("{arithmetic}；此前写出的金额中，没有一个按各数所写位数舍入后能得出 {stated}"),
            format!(
                "同一段落中其他占比以 {} 为总数，按此应为 {implied}",
                whole.value
            ),
        )
    } else {
        (
            format!(
                "{arithmetic}; no amount written before it gives {stated} with the rounding of the figures as written"
            ),
            format!(
                "the other shares of the passage are of {}, which gives {implied}",
                whole.value
            ),
        )
    };
    // Off by a few units of its last place only: a rounding slip (or a share adjusted to make
    // 100%), not a wrong figure.
    let severity = if wrong.near {
        Severity::Info
    } else {
        cx.rule.severity
    };
    cx.rule
        .diagnostic(
            severity,
            cx.lang,
            &[("stated", &stated), ("implied", &implied)],
        )
        .with_label(Label::primary(
            rate.span,
            if zh { "所述占比" } else { "stated share" },
        ))
        .with_label(Label::secondary(
            part.span,
            if zh { "部分" } else { "part" },
        ))
        .with_label(Label::secondary(
            whole.span,
            if zh { "总数" } else { "whole" },
        ))
        .with_note(note)
        .with_help(help)
}

/// The diagnostic for a count of all the projects that an earlier one contradicts.
fn restated_count_diagnostic(cx: &CheckContext<'_>, w: &count::RestatedCount) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let (again, first) = (w.again.value.to_string(), w.first.value.to_string());
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("again", &again), ("first", &first)],
        )
        .with_label(Label::primary(
            w.again.span,
            if zh {
                "此处的项目个数"
            } else {
                "this count"
            },
        ))
        .with_label(Label::secondary(
            w.first.span,
            if zh {
                "前文的项目个数"
            } else {
                "the first count"
            },
        ))
}

/// The diagnostic for a `其中` whose parts' changes against last year do not make the whole's.
fn change_sum_diagnostic(cx: &CheckContext<'_>, w: &change_sum::WrongChanges) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let signed = |v: Decimal, u: Option<Unit>| {
        let unit = money_unit(u.or(w.unit), zh);
        if v > Decimal::ZERO {
            format!("+{v}{unit}")
        } else if v.is_zero() {
            // A part `与上年持平`.
            if zh {
                "0（持平）".to_string()
            } else {
                "0 (unchanged)".to_string()
            }
        } else {
            format!("{v}{unit}")
        }
    };
    let whole = signed(w.whole.value, w.whole.unit);
    let sum = signed(w.sum, w.unit);
    let terms: Vec<String> = w.parts.iter().map(|c| signed(c.value, c.unit)).collect();
    let mut d = cx
        .rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[("sum", &sum), ("whole", &whole)],
        )
        .with_label(Label::primary(
            w.whole.span,
            if zh {
                "总数比上年的增减"
            } else {
                "the whole's change"
            },
        ));
    for part in &w.parts {
        d = d.with_label(Label::secondary(
            part.span,
            if zh {
                "其中一项的增减"
            } else {
                "a part's change"
            },
        ));
    }
    d.with_note(format!("{} = {sum}", terms.join(" ")))
}

/// The diagnostic for a breakdown whose parts do not make its whole.
fn breakdown_diagnostic(
    cx: &CheckContext<'_>,
    b: &breakdown::Breakdown,
    mismatch: breakdown::Mismatch,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let unit = |u: Option<Unit>| b.classifier.as_deref().unwrap_or(money_unit(u, zh));
    let whole = format!("{}{}", b.whole.value, unit(b.whole.unit));
    let sum = format!("{}{}", b.sum(), unit(b.whole.unit));
    let terms: Vec<String> = b.parts.iter().map(|p| p.value.to_string()).collect();
    let severity = match mismatch {
        breakdown::Mismatch::Exceeds => cx.rule.severity,
        breakdown::Mismatch::FallsShort => Severity::Warning.min(cx.rule.severity),
    };
    let relation = match (mismatch, zh) {
        (breakdown::Mismatch::Exceeds, true) => "多于",
        (breakdown::Mismatch::FallsShort, true) => "少于",
        (breakdown::Mismatch::Exceeds, false) => "more than",
        (breakdown::Mismatch::FallsShort, false) => "less than",
    };
    let mut d = cx
        .rule
        .diagnostic(
            severity,
            cx.lang,
            &[("sum", &sum), ("whole", &whole), ("relation", relation)],
        )
        .with_label(Label::primary(
            b.whole.span,
            if zh { "总数" } else { "the whole" },
        ));
    for part in &b.parts {
        d = d.with_label(Label::secondary(
            part.span,
            if zh { "其中一项" } else { "a part" },
        ));
    }
    let note = if zh {
        format!(
            "{} = {sum}，按各数所写位数舍入后仍{relation}总数 {whole}",
            terms.join(" + ")
        )
    } else {
        format!(
            "{} = {sum}, {relation} the whole of {whole} beyond the rounding of the figures as written",
            terms.join(" + ")
        )
    };
    d.with_note(note)
}

/// The diagnostic for an amount that is not the cell it restates.
fn amount_diagnostic(cx: &CheckContext<'_>, r: &amount::Restatement<'_>) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let cell = r.cell.number;
    let unit = |u: Option<Unit>| money_unit(u, zh);
    let stated = format!("{}{}", r.stated.value, unit(r.stated.unit));
    let in_table = format!("{}{}", cell.value, unit(cell.unit));
    let table = r.cell.table.title_text();
    let (primary, secondary, note) = if zh {
        (
            "所述金额",
            format!("{table}中的{}", r.name),
            format!("按各数所写位数舍入后两数仍不相等：正文 {stated}，表中 {in_table}"),
        )
    } else {
        (
            "amount stated",
            format!("{} in {table}", r.name),
            format!(
                "the two differ beyond the rounding of the figures as written: {stated} in the text, {in_table} in the table"
            ),
        )
    };
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[
                ("name", r.name),
                ("stated", &stated),
                ("cell", &in_table),
                ("table", &table),
            ],
        )
        .with_label(Label::primary(r.stated.span, primary))
        .with_label(Label::secondary(amount::cell_span(&r.cell), secondary))
        .with_note(note)
}

/// The diagnostic for a change against the budget (`较年初预算减少 79.90 万元`) that the row's
/// 预算数 and 决算数 contradict.
/// `restated-amount`'s message: the figure named, as stated and as the table gives it.
fn restated_message(
    cx: &CheckContext<'_>,
    name: &str,
    stated: &str,
    cell: &str,
    table: &str,
) -> Diagnostic {
    cx.rule.diagnostic(
        cx.rule.severity,
        cx.lang,
        &[
            ("name", name),
            ("stated", stated),
            ("cell", cell),
            ("table", table),
        ],
    )
}

/// The diagnostic for a completion rate after a restated 决算数 that its row's 预算数
/// contradicts.
fn budget_rate_diagnostic(
    cx: &CheckContext<'_>,
    r: &amount::Restatement<'_>,
    c: &amount::BudgetRate<'_>,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let name = if zh {
        format!("{}完成预算的比率", r.name)
    } else {
        format!("the share of its budget {} completes", r.name)
    };
    let stated = format!("{}%", c.rate.value);
    let in_table = c
        .implied()
        .map_or_else(|| "-".to_string(), |v| format!("{v}%"));
    let table = r.cell.table.title_text();
    let budget = format!("{}{}", c.budget.value, money_unit(c.budget.unit, zh));
    let outturn = format!("{}{}", c.outturn.value, money_unit(c.outturn.unit, zh));
    restated_message(cx, &name, &stated, &in_table, &table)
        .with_label(Label::primary(
            c.rate.span,
            if zh {
                "所述完成比率"
            } else {
                "rate stated"
            },
        ))
        .with_label(Label::secondary(
            r.stated.span,
            if zh { "决算数" } else { "outturn" },
        ))
        .with_label(Label::secondary(
            c.budget.span,
            if zh {
                "同行预算数"
            } else {
                "the row's budget"
            },
        ))
        .with_note(if zh {
            format!("{table}中决算数 {outturn} ÷ 预算数 {budget}")
        } else {
            format!("in {table}, the outturn {outturn} ÷ the budget {budget}")
        })
}

fn budget_change_diagnostic(
    cx: &CheckContext<'_>,
    r: &amount::Restatement<'_>,
    c: &amount::BudgetChange<'_>,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let unit = money_unit(c.change.unit, zh);
    // The table's difference in the prose's unit, to the decimals the prose wrote.
    let per = yuan_per(c.change.unit);
    let difference = ((c.outturn.value * yuan_per(c.outturn.unit)
        - c.budget.value * yuan_per(c.budget.unit))
        / per)
        .round_dp(c.change.decimals);
    let word = |rise: bool| match (rise, zh) {
        (true, true) => "增加",
        (false, true) => "减少",
        (true, false) => "up",
        (false, false) => "down",
    };
    let stated = if zh {
        format!("{}{}{unit}", c.said, c.change.value)
    } else {
        format!("{} {}{unit}", word(c.said == "增加"), c.change.value)
    };
    let in_table = format!(
        "{}{}{unit}",
        word(difference > Decimal::ZERO),
        difference.abs()
    );
    let name = if zh {
        format!("{}较年初预算", r.name)
    } else {
        format!("{} against the budget", r.name)
    };
    let table = r.cell.table.title_text();
    restated_message(cx, &name, &stated, &in_table, &table)
        .with_label(Label::primary(
            c.span,
            if zh { "所述增减" } else { "change stated" },
        ))
        .with_label(Label::secondary(
            c.budget.span,
            if zh {
                "表中预算数"
            } else {
                "the table's budget"
            },
        ))
        .with_label(Label::secondary(
            c.outturn.span,
            if zh {
                "表中决算数"
            } else {
                "the table's outturn"
            },
        ))
}

/// The diagnostic for an amount given to a subject that no cell of the subject's rows gives.
fn subject_amount_diagnostic(cx: &CheckContext<'_>, a: &subject::SubjectAmount<'_>) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let cell = a.cell.number;
    let unit = |u: Option<Unit>| money_unit(u, zh);
    let stated = format!("{}{}", a.stated.value, unit(a.stated.unit));
    let in_table = format!("{}{}", cell.value, unit(cell.unit));
    let table = match a.cell.table.title_text() {
        t if !t.is_empty() => t,
        _ if zh => "未具名的表".to_string(),
        _ => "an untitled table".to_string(),
    };
    let (primary, secondary, note) = if zh {
        (
            "所述金额",
            format!("{table}中“{}”行", a.name),
            format!(
                "各表“{}”行的金额（合计、基本支出、项目支出、当年、结转等各栏）按所写位数舍入后均不等于 {stated}",
                a.name
            ),
        )
    } else {
        (
            "amount stated",
            format!("the row `{}` of {table}", a.name),
            format!(
                "no amount of the rows `{}` of any table (total, basic, project, this year's, carried over …) equals {stated} within the rounding of the figures as written",
                a.name
            ),
        )
    };
    cx.rule
        .diagnostic(
            cx.rule.severity,
            cx.lang,
            &[
                ("name", &a.name),
                ("stated", &stated),
                ("cell", &in_table),
                ("table", &table),
            ],
        )
        .with_label(Label::primary(a.stated.span, primary))
        .with_label(Label::secondary(a.cell.number.span, secondary))
        .with_note(note)
}

/// The paragraphs of a document, each joined with the ones after it while it stops in the middle
/// of a sentence (its text does not end with `。`, `；`, `：`, `！`, `？` …): a reader may end a
/// paragraph at a short wrapped line (`…352.67万元，比` / `2023年预算执行数增加0.53%。`). Page
/// furniture between them is passed over; a heading or a table ends the run.
fn sentences_joined(document: &crate::model::Document) -> Vec<std::borrow::Cow<'_, Paragraph>> {
    use std::borrow::Cow;
    let ends_sentence =
        |p: &Paragraph| {
            p.text.text.trim_end().chars().next_back().is_none_or(|c| {
                matches!(c, '。' | '；' | ';' | '：' | ':' | '！' | '!' | '？' | '?')
            })
        };
    let mut out: Vec<Cow<'_, Paragraph>> = Vec::new();
    let mut open = false;
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) | Block::Note(p) => {
                match out.last_mut() {
                    Some(last) if open => {
                        let joined = last.to_mut();
                        let at = joined.text.span().end;
                        joined.text.push_synthetic("\n", at);
                        joined.text.append(&p.text);
                        joined.numbers.extend(p.numbers.iter().cloned());
                    }
                    _ => out.push(Cow::Borrowed(p)),
                }
                open = !ends_sentence(p);
            }
            Block::Furniture(_) => {}
            _ => open = false,
        }
    }
    out
}

/// Which way a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    fn of(word: &str) -> Direction {
        match word {
            "减少" | "下降" | "降低" | "降幅" | "下降率" => Direction::Down,
            _ => Direction::Up,
        }
    }

    fn rate_name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Direction::Up, true) => "增长率",
            (Direction::Down, true) => "下降率",
            (Direction::Up, false) => "growth rate",
            (Direction::Down, false) => "rate of decrease",
        }
    }
}

/// A figure of a claim: its value and decimals as written, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub value: Decimal,
    pub decimals: u32,
    pub unit: Option<Unit>,
    /// The number and its unit, in the source.
    pub span: Span,
}

/// 元 in one `unit`; a count or a percentage counts one.
pub(super) fn yuan_per(unit: Option<Unit>) -> Decimal {
    match unit {
        Some(Unit::WanYuan) => Decimal::new(10_000, 0),
        Some(Unit::YiYuan) => Decimal::new(100_000_000, 0),
        _ => Decimal::ONE,
    }
}

/// The values in 元 an amount written with `decimals` places in `unit` may stand for.
fn yuan_interval(value: Decimal, decimals: u32, unit: Option<Unit>) -> (Decimal, Decimal) {
    let half = Decimal::new(5, decimals + 1);
    let scale = yuan_per(unit);
    ((value - half) * scale, (value + half) * scale)
}

impl Figure {
    /// A number `scan_numbers` found in the paragraph `p`, with its unit, where it stands.
    pub(crate) fn found(p: &Paragraph, f: &Found) -> Figure {
        Figure {
            value: f.value,
            decimals: f.decimals,
            unit: f.unit,
            span: p.text.source_span(f.range.start..f.unit_end),
        }
    }

    /// The values in 元 this amount may stand for, rounded as written.
    fn in_yuan(&self) -> (Decimal, Decimal) {
        yuan_interval(self.value, self.decimals, self.unit)
    }

    /// Whether the two amounts can be the same, each rounded as written.
    fn may_equal(&self, other: &Figure) -> bool {
        let (a, b) = (self.in_yuan(), other.in_yuan());
        a.0 <= b.1 && b.0 <= a.1
    }

    fn half_ulp(&self) -> Decimal {
        Decimal::try_new(5, (self.decimals + 1).min(28)).unwrap_or_default()
    }

    fn low(&self) -> Decimal {
        self.value - self.half_ulp()
    }

    fn high(&self) -> Decimal {
        self.value + self.half_ulp()
    }
}

/// `X万元，比上年增加 Y万元，增长 Z%`, as read from one clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowthClaim {
    /// The current amount, when the clause names exactly one before the comparison.
    pub current: Option<Figure>,
    /// The current amount is the only one of the sentence before, not of this clause.
    pub from_sentence_before: bool,
    /// Last year's amount, when the comparison names it (`较上年的 800.00 万元增加 200.00 万元`).
    pub prior: Option<Figure>,
    pub change: Figure,
    /// The direction of `增加 Y` and of `增长 Z%`.
    pub change_direction: Direction,
    pub rate_direction: Direction,
    pub rate: Figure,
}

/// What is wrong with a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `增加 Y，下降 Z%`.
    Direction,
    /// Z is outside the rates X and Y allow; `implied` is Y ÷ (X ∓ Y) × 100, `low..high` the
    /// rates the rounding of X and Y allows.
    Rate {
        implied: Decimal,
        low: Decimal,
        high: Decimal,
    },
    /// The change is not the difference of the two years' amounts the sentence names
    /// (`X 万元，较上年的 P 万元增加 Y 万元`): `implied` is X − P.
    Change { implied: Decimal },
}

impl GrowthClaim {
    /// The problem of this claim, if one is certain.
    pub fn problem(&self) -> Option<Problem> {
        if self.change_direction != self.rate_direction {
            return Some(Problem::Direction);
        }
        if let Some(prior) = &self.prior {
            return self.problem_against(prior);
        }
        let x = self.current.as_ref()?;
        let y = &self.change;
        let z = &self.rate;
        // X may be 0 after a decrease (`0.00 万元，减少 285.00 万元，下降 100.00%`). A total in
        // 亿元 and its change in 万元 (`总计 16.76 亿元…增加 55,223.48 万元`) are taken in 元,
        // each with the rounding of the unit it is written in; 万元 against 元 is more likely a
        // unit written wrong than two units meant, and is left alone.
        let money = |f: &Figure| f.unit.is_some_and(Unit::is_money);
        let yi = |f: &Figure| f.unit == Some(Unit::YiYuan);
        if x.unit != y.unit && !(money(x) && money(y) && (yi(x) || yi(y)))
            || x.value < Decimal::ZERO
            || y.value <= Decimal::ZERO
        {
            return None;
        }
        let ((x_low, x_high), (y_low, y_high)) = (x.in_yuan(), y.in_yuan());
        let (x_value, y_value) = (x.value * yuan_per(x.unit), y.value * yuan_per(y.unit));
        let hundred = Decimal::ONE_HUNDRED;
        // Y ÷ (X − Y) rises with Y and falls with X (and likewise Y ÷ (X + Y)), so the extreme
        // rates come from the extreme ends of the two rounding intervals.
        let (implied, low, high) = match self.change_direction {
            Direction::Up => {
                let base = x_value - y_value;
                let widest = x_low - y_high;
                if base <= Decimal::ZERO || widest <= Decimal::ZERO {
                    return None;
                }
                (
                    y_value.checked_div(base)?,
                    y_low.checked_div(x_high - y_low)?,
                    y_high.checked_div(widest)?,
                )
            }
            Direction::Down => (
                y_value.checked_div(x_value + y_value)?,
                y_low.checked_div(x_high + y_low)?,
                y_high.checked_div(x_low + y_high)?,
            ),
        };
        let (implied, low, high) = (implied * hundred, low * hundred, high * hundred);
        if z.high() < low || z.low() > high {
            Some(Problem::Rate { implied, low, high })
        } else {
            None
        }
    }
}

impl GrowthClaim {
    /// With last year's amount P named: Y = ±(X − P) when X is known, and Z = Y ÷ P, each
    /// within the rounding of the figures as written.
    fn problem_against(&self, p: &Figure) -> Option<Problem> {
        let y = &self.change;
        let z = &self.rate;
        if p.unit != y.unit || p.value <= Decimal::ZERO || y.value <= Decimal::ZERO {
            return None;
        }
        if let Some(x) = self.current.as_ref().filter(|x| x.unit == p.unit) {
            let sign = match self.change_direction {
                Direction::Up => Decimal::ONE,
                Direction::Down => Decimal::NEGATIVE_ONE,
            };
            // The signed change the two amounts allow, and the one stated.
            let (low, high) = (x.low() - p.high(), x.high() - p.low());
            let (said_low, said_high) = if sign.is_sign_positive() {
                (y.low(), y.high())
            } else {
                (-y.high(), -y.low())
            };
            if said_high < low || said_low > high {
                return Some(Problem::Change {
                    implied: x.value - p.value,
                });
            }
        }
        let hundred = Decimal::ONE_HUNDRED;
        let implied = y.value.checked_div(p.value)? * hundred;
        let low = y.low().checked_div(p.high())? * hundred;
        let high = y.high().checked_div(p.low())? * hundred;
        if z.high() < low || z.low() > high {
            Some(Problem::Rate { implied, low, high })
        } else {
            None
        }
    }
}

/// Placeholders for an amount in money and for a percentage in a clause's skeleton.
const MONEY: char = '\u{E000}';
const PERCENT: char = '\u{E001}';

/// `比上年…增加 Y，增长 Z%` over a clause's skeleton (whitespace removed, each amount one
/// `MONEY` and each percentage one `PERCENT` character).
static GROWTH: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(concat!(
        "(?:比上年|较上年|同比|与上年相比[，,]?|比[0-9]{4}年度?|较[0-9]{4}年度?|与[0-9]{4}年度?相比[，,]?)",
        // Last year's amount named in the comparison: `较上年的 800.00 万元增加`.
        "(?:(?:同期)?(?:决算数|预算数|支出|收入)?的?(?P<p>\u{E000}))?",
        "[^，,：:\u{E000}\u{E001}0-9]{0,12}?",
        "(?P<dir>增加|增长|减少|下降|降低)了?(?P<c>\u{E000})[，,]?",
        // `…增加 3362.80 万元，同比增长 7.55％` (Sichuan): the rate restating the comparison.
        "(?:同比)?(?P<rate>增长率|下降率|增幅|降幅|增长|下降|减少|增加|降低|上升)(?:了|为|达)?(?P<z>\u{E001})",
    ))
    .expect("growth pattern compiles")
});

/// The rate before the change (`同比下降 25.00%，减少 1.00 万元`).
static GROWTH_RATE_FIRST: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(concat!(
        "(?:比上年|较上年|同比|与上年相比[，,]?|比[0-9]{4}年度?|较[0-9]{4}年度?|与[0-9]{4}年度?相比[，,]?)",
        "[^，,：:\u{E000}\u{E001}0-9]{0,12}?",
        "(?P<rate>增长|下降|降低|上升|增幅|降幅)(?:了|为|达)?(?P<z>\u{E001})[，,]?",
        "(?P<dir>增加|减少|增长|下降|降低)了?(?P<c>\u{E000})",
    ))
    .expect("rate-first growth pattern compiles")
});

/// Compile the patterns of the prose claims ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    GROWTH.warm(hint);
    GROWTH_RATE_FIRST.warm(hint);
    amount::warm_patterns(hint);
    breakdown::warm_patterns(hint);
    change_rate::warm_patterns(hint);
    change_sum::warm_patterns(hint);
    comparison::warm_patterns(hint);
    last_year::warm_patterns(hint);
    count::warm_patterns(hint);
    share::warm_patterns(hint);
    zero_rise::warm_patterns(hint);
}

/// Extend `lead`, the text of the clause before a number with whitespace removed, by `text`;
/// a sentence or clause end (`。；;`) starts it again.
pub(super) fn extend_lead(lead: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '。' | '；' | ';') {
            lead.clear();
        } else if !c.is_whitespace() {
            lead.push(c);
        }
    }
}

/// Where the sentences of a paragraph's text end (`。`), where a `其中` opens a list and where a
/// comparison with last year (`比上年`, `较上年`, `与上年`) starts, in order: what each `其中` of
/// a breakdown asks of its sentence, looked up by halving instead of searching the text again
/// from each (a paragraph, or a sentence, of thousands of `其中`).
pub(super) struct ListMarks {
    periods: Vec<usize>,
    openings: Vec<usize>,
    comparisons: Vec<usize>,
}

impl ListMarks {
    pub(super) fn of(text: &str) -> ListMarks {
        let mut comparisons: Vec<usize> = ["比上年", "较上年", "与上年"]
            .iter()
            .flat_map(|w| text.match_indices(w).map(|(i, _)| i))
            .collect();
        comparisons.sort_unstable();
        ListMarks {
            periods: text.match_indices('。').map(|(i, _)| i).collect(),
            openings: text.match_indices("其中").map(|(i, _)| i).collect(),
            comparisons,
        }
    }

    /// Where the first `。` at or after byte `at` stands (as `text[at..].find('。')`).
    pub(super) fn period_from(&self, at: usize) -> Option<usize> {
        self.periods
            .get(self.periods.partition_point(|&i| i < at))
            .copied()
    }

    /// Where the sentence of byte `at` starts: after the last `。` before it (as
    /// `text[..at].rfind('。')`).
    pub(super) fn sentence_start(&self, at: usize) -> usize {
        let n = self.periods.partition_point(|&i| i < at);
        n.checked_sub(1)
            .map_or(0, |n| self.periods[n] + '。'.len_utf8())
    }

    /// Where the first `其中` within bytes `from..to` starts.
    pub(super) fn first_opening_within(&self, from: usize, to: usize) -> Option<usize> {
        let i = *self
            .openings
            .get(self.openings.partition_point(|&i| i < from))?;
        (i + "其中".len() <= to).then_some(i)
    }

    /// Where the last `其中` within bytes `from..to` starts.
    pub(super) fn last_opening_within(&self, from: usize, to: usize) -> Option<usize> {
        let n = self.openings.partition_point(|&i| i + "其中".len() <= to);
        let i = *self.openings.get(n.checked_sub(1)?)?;
        (i >= from).then_some(i)
    }

    /// Where the first `其中` or comparison with last year within bytes `from..to` starts.
    pub(super) fn first_cut_within(&self, from: usize, to: usize) -> Option<usize> {
        let first = |marks: &[usize], len: usize| {
            marks
                .get(marks.partition_point(|&i| i < from))
                .copied()
                .filter(|&i| i + len <= to)
        };
        let opening = first(&self.openings, "其中".len());
        let comparison = first(&self.comparisons, "比上年".len());
        opening.into_iter().chain(comparison).min()
    }
}

/// A clause's skeleton: whitespace removed, each amount one `MONEY` and each percentage one
/// `PERCENT` character; and for each placeholder its byte offset there and the number it
/// stands for.
pub(super) fn skeleton<'f>(
    p: &Paragraph,
    found: &'f [Found],
    range: std::ops::Range<usize>,
) -> (String, Vec<(usize, &'f Found)>) {
    let mut skeleton = String::new();
    let mut placeholders: Vec<(usize, &Found)> = Vec::new();
    // The numbers are in order: those of the range are read, not every number of the
    // paragraph for each clause of it.
    let first = found.partition_point(|f| f.range.start < range.start);
    let after = found.partition_point(|f| f.range.start < range.end);
    let mut numbers = found[first..after.max(first)]
        .iter()
        .filter(|f| f.range.start >= range.start && f.unit_end <= range.end)
        .peekable();
    let mut at = range.start;
    while at < range.end {
        if let Some(f) = numbers.next_if(|f| f.range.start == at) {
            let mark = match f.unit {
                Some(Unit::Percent) => Some(PERCENT),
                Some(_) => Some(MONEY),
                None => None,
            };
            match mark {
                Some(mark) => {
                    placeholders.push((skeleton.len(), f));
                    skeleton.push(mark);
                    at = f.unit_end;
                }
                None => {
                    skeleton.extend(p.text.text[f.range.clone()].chars().filter(|c| *c != ','));
                    at = f.range.end;
                }
            }
            continue;
        }
        let Some(c) = p.text.text[at..].chars().next() else {
            break;
        };
        if !c.is_whitespace() {
            skeleton.push(c);
        }
        at += c.len_utf8();
    }
    (skeleton, placeholders)
}

/// Whether `between` (from an amount to the direction word of a comparison after it:
/// `，与上年相比，本年收入合计`) names, in the clause of the direction word, a budget line other
/// than the amount's `label` (`收入总计`): then the change is of that line, not of the amount.
fn names_another_line(between: &str, label: &str) -> bool {
    const COMPARING: &[&str] = &[
        "比上年同期",
        "较上年同期",
        "比上年",
        "较上年",
        "比去年",
        "较去年",
        "同比",
    ];
    let clause = between
        .trim_end_matches(['，', ','])
        .rsplit(['，', ','])
        .next()
        .unwrap_or_default();
    // `与2024年度相比` (a clause of its own when a comma follows it).
    let clause = clause.rsplit("相比").next().unwrap_or_default();
    let mut named = clause.to_string();
    for w in COMPARING {
        named = named.replace(w, "");
    }
    let named = named.trim_end_matches('各');
    // The same line, or lines of the same head word (`收、支总计各增加` after `支出总计 A`).
    let head = named
        .char_indices()
        .rev()
        .nth(1)
        .map_or(named, |(i, _)| &named[i..]);
    let label = label.trim_end_matches(['为', '是', '均']);
    ["收入", "支出", "经费", "拨款", "合计", "总计"]
        .iter()
        .any(|w| named.contains(w))
        && !label.contains(named)
        && !label.ends_with(head)
}

/// Every growth claim of a paragraph.
pub fn growth_claims(p: &Paragraph) -> Vec<GrowthClaim> {
    let text = &p.text.text;
    let found = scan_numbers(text);
    let mut claims = Vec::new();
    let mut start = 0;
    // The only amount of the sentence before, when it has one and ends at `。`.
    let mut carried: Option<&Found> = None;
    for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
        if matches!(c, '。' | '；' | ';') {
            if start < i {
                claims.extend(clause_claims(p, &found, start..i, carried));
            }
            // The numbers are in order: the clause's are found by halving, not by reading all
            // the paragraph's for each clause.
            let first = found.partition_point(|f| f.range.start < start);
            let clause = &found[first..found.partition_point(|f| f.range.start < i).max(first)];
            let mut amounts = clause.iter().filter(|f| {
                f.range.start >= start
                    && f.unit_end <= i
                    && matches!(f.unit, Some(Unit::WanYuan | Unit::Yuan | Unit::YiYuan))
            });
            // Several amounts of one value are one amount said of several things
            // (`收入总计 1234.56 万元、支出总计 1234.56 万元。与上年相比，收、支总计各增加…`).
            let first = amounts.next();
            let rest: Vec<&Found> = amounts.collect();
            // `决算数小于年初预算数，主要原因是…。`: a sentence of no figure that explains the
            // pair before it leaves the outturn the figure a comparison after it is about.
            if c == '。'
                && carried.is_some()
                && !clause
                    .iter()
                    .any(|f| f.range.start >= start && f.range.end <= i)
                && explains_the_pair(&text[start..i])
            {
                start = i + c.len_utf8();
                continue;
            }
            carried = match (c, first) {
                ('。', Some(one)) if rest.iter().all(|other| same_amount(one, other)) => Some(one),
                // A budget and an outturn (`支出预算为 A 万元，支出决算为 B 万元，完成预算的 R%`):
                // the year compared with last year is the outturn.
                ('。', Some(one)) => comparison::outturn_of_pair(&text[start..i]).and_then(|at| {
                    std::iter::once(one)
                        .chain(rest.iter().copied())
                        .find(|f| f.range.start == start + at)
                }),
                _ => None,
            };
            start = i + c.len_utf8();
        }
    }
    claims
}

/// The growth claims of the clause `range` of the paragraph's text; `carried` is the only
/// amount of the sentence before, which a clause opening with its comparison
/// (`…2347.13 万元，主要用于…。与上年相比增加 345.96 万元，增长 17.29%`) is about.
fn clause_claims(
    p: &Paragraph,
    found: &[Found],
    range: std::ops::Range<usize>,
    carried: Option<&Found>,
) -> Vec<GrowthClaim> {
    let text = &p.text.text[range.clone()];
    let clause_start = range.start;
    if text.contains("持平") {
        return Vec::new();
    }
    // The pattern needs 比 / 较 and a change word (增加, 增长, 减少, 下降); whitespace may stand
    // between their characters, so each is looked for alone. Most clauses stop here.
    if !text.contains(['比', '较']) || !text.contains(['增', '减', '降']) {
        return Vec::new();
    }
    let (skeleton, placeholders) = skeleton(p, found, range);
    let figure = |f: &Found| Figure::found(p, f);
    // The placeholders are in the order of their offsets: found by halving, so that a clause
    // of thousands of claims does not read all of them for each.
    let placeholder_at = |offset: usize| {
        let i = placeholders.partition_point(|(o, _)| *o < offset);
        placeholders
            .get(i)
            .filter(|(o, _)| *o == offset)
            .map(|(_, f)| *f)
    };
    // The claims of both word orders, in the order they are written; a match overlapping one
    // before it is not another claim.
    let mut matches: Vec<crate::lazy_regex::Captures<'_>> = GROWTH
        .captures_iter(&skeleton)
        .chain(GROWTH_RATE_FIRST.captures_iter(&skeleton))
        .collect();
    matches.sort_by_key(|m| m.get(0).map_or(0, |w| w.start()));
    let mut claims = Vec::new();
    let mut since = 0;
    for m in matches {
        let (Some(whole), Some(dir), Some(rate), Some(c), Some(z)) = (
            m.get(0),
            m.name("dir"),
            m.name("rate"),
            m.name("c"),
            m.name("z"),
        ) else {
            continue;
        };
        if whole.start() < since {
            continue;
        }
        let (Some(change), Some(stated)) = (placeholder_at(c.start()), placeholder_at(z.start()))
        else {
            continue;
        };
        // X: the one amount between the previous claim (or the clause's start) and this one;
        // after a `其中`, the one amount of the part it lists (`收入 A 万元，其中：B 收入 X 万元，
        // 占 s%，与上年相比增加 Y 万元`: the comparison is the part's, not the whole's).
        let from = skeleton[since..whole.start()]
            .rfind("其中")
            .map_or(since, |q| since + q);
        let first = placeholders.partition_point(|(o, _)| *o < from);
        let after = placeholders.partition_point(|(o, _)| *o < whole.start());
        let candidate_places: Vec<&(usize, &Found)> = placeholders[first..after.max(first)]
            .iter()
            .filter(|(o, f)| *o >= from && *o < whole.start() && f.unit != Some(Unit::Percent))
            .filter(|(o, _)| !changes_against_budget(&skeleton[..*o]))
            .collect();
        let candidates: Vec<&Found> = candidate_places.iter().map(|(_, f)| *f).collect();
        let outturn = outturn_among(&p.text.text, clause_start, change, &candidates);
        // `收入总计 A 万元，与上年相比，本年收入合计减少 Y 万元`: the comparison names a line of
        // its own, which has no amount here; A is not its current amount.
        let names_another = candidate_places.last().is_some_and(|(o, _)| {
            let label_start = skeleton[..*o]
                .rfind(['，', ',', '：', ':', '、'])
                .map_or(0, |i| {
                    i + skeleton[i..].chars().next().map_or(1, char::len_utf8)
                });
            // From the last figure before the direction word (`占…的 s%，比上年…`).
            let between = &skeleton[o + MONEY.len_utf8()..dir.start()];
            let between = between
                .rfind([MONEY, PERCENT])
                .map_or(between, |i| &between[i + MONEY.len_utf8()..]);
            names_another_line(between, &skeleton[label_start..*o])
        });
        let (current, from_sentence_before) = match (candidates.as_slice(), carried) {
            (_, _) if names_another => (None, false),
            ([one, rest @ ..], _) if rest.iter().all(|other| same_amount(one, other)) => {
                (Some(figure(one)), false)
            }
            // `全年预算为 A 万元，支出决算为 C 万元，完成全年预算的 R%，比上年减少 Y 万元`.
            ([_, _, ..], _) if outturn.is_some() => (outturn.map(figure), false),
            // `2.17 亿元，具体为 21,709.75 万元`: one amount in two units, the finer one used.
            ([_, _, ..], _) if restated(&candidates).is_some() => {
                (restated(&candidates).map(figure), false)
            }
            ([], Some(x)) if since == 0 && opens_with_comparison(&skeleton[..whole.start()]) => {
                (Some(figure(x)), true)
            }
            _ => (None, false),
        };
        claims.push(GrowthClaim {
            current,
            from_sentence_before,
            prior: m
                .name("p")
                .and_then(|p| placeholder_at(p.start()))
                .map(figure),
            change: figure(change),
            change_direction: Direction::of(dir.as_str()),
            rate_direction: Direction::of(rate.as_str()),
            rate: figure(stated),
        });
        since = whole.end();
    }
    claims
}

/// The outturn of a budget-and-outturn pair (`全年预算为 A 万元，支出决算为 C 万元`) written in
/// `text` between the clause's start (`start`) and the `change` compared with last year, when
/// the amounts before the change are that pair's two and no other: in final accounts the year
/// compared with last year is the outturn, not the budget.
fn outturn_among<'f>(
    text: &str,
    start: usize,
    change: &Found,
    candidates: &[&'f Found],
) -> Option<&'f Found> {
    if candidates.len() < 2 || change.range.start <= start {
        return None;
    }
    let at = start + comparison::outturn_of_pair(&text[start..change.range.start])?;
    let outturn = *candidates.iter().find(|f| f.range.start == at)?;
    let mut others = candidates.iter().filter(|f| !same_amount(f, outturn));
    let budget = others.next()?;
    (others.next().is_none() && budget.range.start < outturn.range.start).then_some(outturn)
}

/// Whether the amount after `prefix` is a change against the budget (`较年初预算减少 79.90 万元`):
/// not the year's amount a comparison with last year after it (`，比上年减少 22.11 万元，下降
/// 5.24%`) is about.
fn changes_against_budget(prefix: &str) -> bool {
    let Some(rest) = prefix
        .strip_suffix("增加")
        .or_else(|| prefix.strip_suffix("减少"))
    else {
        return false;
    };
    let rest = rest.strip_suffix('数').unwrap_or(rest);
    let Some(rest) = rest.strip_suffix("预算") else {
        return false;
    };
    let rest = ["年初", "全年", "调整后的", "调整后", "调整"]
        .iter()
        .find_map(|w| rest.strip_suffix(w))
        .unwrap_or(rest);
    rest.ends_with(['较', '比'])
}

/// `决算数小于年初预算数，主要原因是…`, `决算数大于预算数的主要原因是…`: a sentence about the
/// budget-and-outturn pair before it, adding no figure of its own.
fn explains_the_pair(sentence: &str) -> bool {
    let sentence = crate::model::squeeze(sentence);
    ["决算数", "本年决算数", "支出决算数"]
        .iter()
        .any(|w| sentence.starts_with(w))
        && ["大于", "小于", "等于", "高于", "低于"]
            .iter()
            .any(|w| sentence.contains(w))
}

/// Whether two amounts are written alike: the same value, decimals and unit. A clause that gives
/// several things one amount (`收入总计 1234.56 万元、支出总计 1234.56 万元`) and then their common
/// change (`收、支总计各增加 123.45 万元`) has one current amount, whichever thing it is of.
fn same_amount(a: &Found, b: &Found) -> bool {
    a.value == b.value && a.decimals == b.decimals && a.unit == b.unit
}

/// The finest of amounts that all restate one amount in units of money (`2.17 亿元，具体为
/// 21,709.75 万元`): the one whose rounding interval, in 元, is the narrowest and lies inside
/// every other's. `None` when some two cannot be the same amount.
fn restated<'f>(amounts: &[&'f Found]) -> Option<&'f Found> {
    let interval = |f: &Found| {
        f.unit
            .is_some_and(Unit::is_money)
            .then(|| yuan_interval(f.value, f.decimals, f.unit))
    };
    let finest = amounts
        .iter()
        .min_by_key(|f| interval(f).map(|(low, high)| high - low))?;
    let (low, high) = interval(finest)?;
    amounts
        .iter()
        .all(|f| interval(f).is_some_and(|(l, h)| l <= low && high <= h))
        .then_some(*finest)
}

/// Whether the clause's text before its comparison leaves it about the amount before it: a
/// clause that opens with `与上年相比` or names a short subject (`财政拨款支出`), not `其中…`.
fn opens_with_comparison(prefix: &str) -> bool {
    prefix.chars().count() <= 8
        && !prefix.contains("其中")
        && !prefix.contains([MONEY, PERCENT, '，', ','])
}

/// Whether `stated`, written with `decimals` places, is some rate in `low..=high` cut off (not
/// rounded) at that place: stated ≤ rate < stated + one unit of its last place.
fn cut_off_to(stated: Decimal, decimals: u32, low: Decimal, high: Decimal) -> bool {
    let unit = Decimal::new(1, decimals);
    stated <= high && low < stated + unit
}

/// A percentage with at least two decimals, or the decimals the document wrote if more.
fn percent(value: Decimal, decimals: u32) -> String {
    format!("{}%", value.round_dp(decimals.max(2)))
}

/// The diagnostic for a claim's problem (`None` for a rate problem without a current amount,
/// which [`GrowthClaim::problem`] never reports).
fn diagnostic(cx: &CheckContext<'_>, claim: &GrowthClaim, problem: &Problem) -> Option<Diagnostic> {
    let zh = cx.lang == Lang::Zh;
    let z = &claim.rate;
    let y = &claim.change;
    let stated = format!("{}%", z.value);
    let rate_name = claim.rate_direction.rate_name(zh);
    let (reason, note, help) = match (problem, claim.current.as_ref()) {
        (Problem::Direction, _) => {
            let (change, rate) = match (claim.change_direction, zh) {
                (Direction::Up, true) => ("增加", "下降"),
                (Direction::Down, true) => ("减少", "增长"),
                (Direction::Up, false) => ("an increase", "a decrease"),
                (Direction::Down, false) => ("a decrease", "an increase"),
            };
            if zh {
                (
                    format!("金额{change} {}，比率却称{rate}", y.value),
                    format!("同一句中金额为{change}，比率为{rate}"),
                    "核对增减方向：增加对应增长，减少对应下降".to_string(),
                )
            } else {
                (
                    format!("the amount shows {change} of {}, the rate {rate}", y.value),
                    format!("the sentence gives the amount as {change} and the rate as {rate}"),
                    "check the direction: an increase goes with growth, a decrease with a decline"
                        .to_string(),
                )
            }
        }
        (Problem::Change { implied }, _) => {
            let (x, p) = (claim.current.as_ref()?, claim.prior.as_ref()?);
            let word = match (claim.change_direction, zh) {
                (Direction::Up, true) => "增加",
                (Direction::Down, true) => "减少",
                (Direction::Up, false) => "an increase",
                (Direction::Down, false) => "a decrease",
            };
            if zh {
                (
                    format!(
                        "{} − {} = {implied}，所述{word} {}",
                        x.value, p.value, y.value
                    ),
                    format!("本年 {}，上年 {}，本年减上年为 {implied}", x.value, p.value),
                    "核对本年数、上年数和增减额".to_string(),
                )
            } else {
                (
                    format!(
                        "{} − {} = {implied}, stated as {word} of {}",
                        x.value, p.value, y.value
                    ),
                    format!(
                        "this year {}, last year {}; this year minus last year is {implied}",
                        x.value, p.value
                    ),
                    "check this year's amount, last year's and the change".to_string(),
                )
            }
        }
        (Problem::Rate { implied, low, high }, x) => {
            let shown = percent(*implied, z.decimals);
            // Two more places than the rate was written with, so a narrow interval still shows.
            let bounds = z.decimals.max(2) + 2;
            let (low, high) = (percent(*low, bounds), percent(*high, bounds));
            // Last year's amount: named in the comparison (`较上年的 P 万元`), else this year's
            // less the change; `derived` is how it was found, after `上年数` / `last year`.
            let (base, divisor, derived) = match (&claim.prior, x) {
                (Some(p), _) => (p.value, p.value.to_string(), format!(" {}", p.value)),
                (None, None) => return None,
                (None, Some(x)) => {
                    // This year's amount in the change's unit (`16.76 亿元` as 167600 万元).
                    let xv = if x.unit == y.unit {
                        x.value
                    } else {
                        (x.value * yuan_per(x.unit) / yuan_per(y.unit)).normalize()
                    };
                    let (sign, base) = match claim.change_direction {
                        Direction::Up => ("−", xv - y.value),
                        Direction::Down => ("+", xv + y.value),
                    };
                    (
                        base,
                        format!("({xv} {sign} {})", y.value),
                        format!(" = {xv} {sign} {} = {base}", y.value),
                    )
                }
            };
            let arithmetic = format!("{} ÷ {divisor} = {shown}", y.value);
            if zh {
                (
                    arithmetic,
                    format!(
                        "上年数{derived}，{} ÷ {base} × 100 = {shown}；按各数所写位数舍入，比率可在 {low} 至 {high} 之间",
                        y.value
                    ),
                    format!("按所述金额，{rate_name}应为 {shown}"),
                )
            } else {
                (
                    arithmetic,
                    format!(
                        "last year{derived}; {} ÷ {base} × 100 = {shown}; with the rounding of the figures as written the rate lies between {low} and {high}",
                        y.value
                    ),
                    format!("the amounts stated imply a {rate_name} of {shown}"),
                )
            }
        }
    };
    // A rate cut off at its last written place instead of rounded (36.5859% written 36.58%) is
    // a habit of some templates, not a wrong figure: `info`, like a rounding difference.
    let truncated = matches!(problem, Problem::Rate { low, high, .. }
        if cut_off_to(z.value, z.decimals, *low, *high));
    // X taken from the sentence before is a reading, not the sentence's own figure: a warning.
    let severity = if truncated {
        Severity::Info
    } else if claim.from_sentence_before {
        Severity::Warning.min(cx.rule.severity)
    } else {
        cx.rule.severity
    };
    let help = if truncated {
        if zh {
            format!("{help}；所述比率是截去而非四舍五入的结果，不是错误")
        } else {
            format!(
                "{help}; the stated rate was cut off rather than rounded, which is not an error"
            )
        }
    } else {
        help
    };
    let mut d = if let Problem::Change { .. } = problem {
        // The amounts disagree, whatever the rate: the change is the figure in doubt.
        cx.rule
            .diagnostic(
                severity,
                cx.lang,
                &[
                    ("rate_name", rate_name),
                    ("stated", &stated),
                    ("reason", &reason),
                ],
            )
            .with_label(Label::primary(
                y.span,
                if zh {
                    "所述增减额"
                } else {
                    "stated change"
                },
            ))
            .with_label(Label::secondary(
                z.span,
                if zh { "所述比率" } else { "stated rate" },
            ))
    } else {
        rate_diagnostic(cx, severity, rate_name, &stated, &reason, z.span)
    };
    if let Some(p) = &claim.prior {
        d = d.with_label(Label::secondary(
            p.span,
            if zh {
                "上年金额"
            } else {
                "last year's amount"
            },
        ));
    }
    if let Some(x) = &claim.current {
        d = d.with_label(Label::secondary(
            x.span,
            if zh {
                "本年金额"
            } else {
                "this year's amount"
            },
        ));
    }
    if !matches!(problem, Problem::Change { .. }) {
        d = d.with_label(Label::secondary(
            y.span,
            if zh { "增减额" } else { "change" },
        ));
    }
    Some(d.with_note(note).with_help(help))
}

/// A stated rate's diagnostic, its label on the rate; the callers add the amounts it comes from.
fn rate_diagnostic(
    cx: &CheckContext<'_>,
    severity: Severity,
    rate_name: &str,
    stated: &str,
    reason: &str,
    rate: Span,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    cx.rule
        .diagnostic(
            severity,
            cx.lang,
            &[
                ("rate_name", rate_name),
                ("stated", stated),
                ("reason", reason),
            ],
        )
        .with_label(Label::primary(
            rate,
            if zh { "所述比率" } else { "stated rate" },
        ))
}

/// The diagnostic for a rate of change that its two amounts contradict.
fn change_rate_diagnostic(
    cx: &CheckContext<'_>,
    r: &change_rate::ChangeRate,
    problem: &change_rate::ChangeProblem,
) -> Diagnostic {
    let zh = cx.lang == Lang::Zh;
    let (a, b, z) = (&r.earlier, &r.later, &r.rate);
    let stated = format!("{}%", z.value);
    let rate_name = r.direction.rate_name(zh);
    let (reason, note, help, truncated) = match problem {
        change_rate::ChangeProblem::Direction => {
            let (word, way) = match (r.direction, zh) {
                (Direction::Up, true) => ("增加", "少于"),
                (Direction::Down, true) => ("减少", "多于"),
                (Direction::Up, false) => ("an increase", "less than"),
                (Direction::Down, false) => ("a decrease", "more than"),
            };
            if zh {
                (
                    format!("{} {way} {}，却称{word}", b.value, a.value),
                    format!("比较的基数为 {}，本数为 {}", a.value, b.value),
                    "核对增减方向：本数大于基数为增加，小于基数为减少".to_string(),
                    false,
                )
            } else {
                (
                    format!("{} is {way} {}, yet the text says {word}", b.value, a.value),
                    format!(
                        "the amount compared against is {}, the amount compared {}",
                        a.value, b.value
                    ),
                    "check the direction: more than the base is an increase, less a decrease"
                        .to_string(),
                    false,
                )
            }
        }
        change_rate::ChangeProblem::Rate { implied, low, high } => {
            let shown = percent(*implied, z.decimals);
            let (x, y) = match r.direction {
                Direction::Up => (b.value, a.value),
                Direction::Down => (a.value, b.value),
            };
            let arithmetic = format!("({x} − {y}) ÷ {} = {shown}", a.value);
            let bounds = z.decimals.max(2) + 2;
            let (lo, hi) = (percent(*low, bounds), percent(*high, bounds));
            let truncated = cut_off_to(z.value, z.decimals, *low, *high);
            if zh {
                (
                    arithmetic,
                    format!(
                        "比较的基数为 {}，本数为 {}；按各数所写位数舍入，比率可在 {lo} 至 {hi} 之间",
                        a.value, b.value
                    ),
                    format!("按所述金额，{rate_name}应为 {shown}"),
                    truncated,
                )
            } else {
                (
                    arithmetic,
                    format!(
                        "the base is {}, the amount compared {}; with the rounding of the figures as written the rate lies between {lo} and {hi}",
                        a.value, b.value
                    ),
                    format!("the amounts stated imply a {rate_name} of {shown}"),
                    truncated,
                )
            }
        }
    };
    let severity = if truncated {
        Severity::Info
    } else {
        cx.rule.severity
    };
    rate_diagnostic(cx, severity, rate_name, &stated, &reason, z.span)
        .with_label(Label::secondary(
            a.span,
            if zh { "比较的基数" } else { "the base" },
        ))
        .with_label(Label::secondary(
            b.span,
            if zh { "本数" } else { "the amount compared" },
        ))
        .with_note(note)
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn claims(s: &str) -> Vec<GrowthClaim> {
        // The claims are read from the paragraph's text; its numbers are not needed.
        growth_claims(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
    }

    /// The current amount of the first claim, as written.
    fn current(s: &str) -> Option<String> {
        claims(s)[0].current.as_ref().map(|x| x.value.to_string())
    }

    fn problems(s: &str) -> Vec<Option<Problem>> {
        claims(s).iter().map(GrowthClaim::problem).collect()
    }

    #[test]
    fn the_rate_after_the_change_may_repeat_its_comparison() {
        // A Sichuan-like budget: `较2025年预算数增加 Y 万元，同比增长 Z％`.
        let right = "2026年收入预算总额47930.60万元，较2025年预算数增加3362.80万元，同比增长7.55％，\
                     主要原因是老旧院落改造项目纳入年初预算。";
        assert_eq!(problems(right), vec![None]);
        let wrong = right.replace("7.55％", "12.55％");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn last_years_amount_inside_the_comparison_is_the_rates_base() {
        let right =
            "本年收入合计 369010.00 万元，较上年的 342114.30 万元增加 26895.70 万元，增长 7.86%。";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(
            claims(right)[0].prior.as_ref().map(|p| p.value.to_string()),
            Some("342114.30".to_string())
        );
        // The rate against last year's amount, not against X − Y.
        let rate = right.replace("7.86%", "12.86%");
        assert!(matches!(problems(&rate)[..], [Some(Problem::Rate { .. })]));
        // Last year's amount moved: the change is no longer the difference.
        let prior = right.replace("342114.30", "342124.30");
        assert!(matches!(
            problems(&prior)[..],
            [Some(Problem::Change { .. })]
        ));
        // The direction flipped: the two words disagree.
        let flipped = right.replace("增加", "减少");
        assert_eq!(problems(&flipped), vec![Some(Problem::Direction)]);
        // A decrease against a larger last year.
        let down = "支出 90.00 万元，比上年的 100.00 万元减少 10.00 万元，下降 10.00%。";
        assert_eq!(problems(down), vec![None]);
    }

    #[test]
    fn a_change_against_the_budget_is_not_the_years_amount() {
        // fixtures/unseen/donggang-culture-2023: the outturn, its change against the budget,
        // then the comparison with last year.
        let right = "2023 年度“三公”经费财政拨款支出决算 400.10 万元，较年初预算减少 79.90 万元，比上年减少 22.11 万元，下降 5.24%。";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(current(right), Some("400.10".to_string()));
        let wrong = right.replace("5.24%", "10.24%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
        assert!(changes_against_budget("支出X，较年初预算减少"));
        assert!(changes_against_budget("比预算数增加"));
        assert!(!changes_against_budget("比上年减少"));
    }

    #[test]
    fn a_comparison_naming_a_line_of_its_own_is_not_of_the_amount_before() {
        // The change is of 本年收入合计, which the sentence gives no amount for.
        let other = "2024年度收入总计10300.31万元，支出总计10300.31万元，与上年相比，本年收入合计减少921.90万元，下降8.39%。";
        assert_eq!(current(other), None);
        assert_eq!(problems(other), vec![None]);
        // The same line named again is the amount's.
        let same = "基本支出 500.00 万元，较上年基本支出增加 50.00 万元，增长 11.11%。";
        assert_eq!(current(same), Some("500.00".to_string()));
        let wrong = same.replace("11.11%", "16.11%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
        assert!(names_another_line(
            "，与上年相比，本年收入合计",
            "2024年度收入总计"
        ));
        assert!(!names_another_line("，比上年预算", "支出"));
        // Only the clause of the direction word names the line changed.
        assert!(!names_another_line(
            "，全部为一般公共预算拨款，比上年",
            "2026年财政拨款收支预算"
        ));
        assert!(!names_another_line(
            "，与2024年度相比，财政拨款收入、支出总计各",
            "2025年度财政拨款收入、支出总计均为"
        ));
        // A share between the amount and its comparison names no other line.
        let share = "（一）一般公共服务支出（类）4845.66万元，占一般公共预算拨款支出的69.67%，比2025年预算减少218.66万元，下降4.32%。";
        assert_eq!(current(share), Some("4845.66".to_string()));
    }

    #[test]
    fn a_comparison_after_a_budget_and_an_outturn_is_the_outturns() {
        let right = "“三公”经费财政拨款支出预算为1400.00万元，支出决算为1111.00万元，完成预算的79.36%。与上年相比减少340.60万元，下降23.46%。";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(current(right), Some("1111.00".to_string()));
        assert!(claims(right)[0].from_sentence_before);
        let wrong = right.replace("23.46%", "28.46%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn a_comparison_in_the_clause_of_a_budget_and_an_outturn_is_the_outturns() {
        // fixtures/unseen/tanxu-town-2024-final: the pair, the completion rate, then the
        // comparison with last year, all in one clause.
        let right = "2024 年度“三公”经费财政拨款支出全年预算为 7.50 万元，支出决算为 6.36 万元，完成全年预算的 84.77%，比上\n年减少 0.44 万元，下降 6.53%。";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(current(right), Some("6.36".to_string()));
        let wrong = right.replace("6.53%", "11.53%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
        // A third amount before the comparison: which one it is about is not known.
        let three = "全年预算为 7.50 万元，支出决算为 6.36 万元，其他 1.00 万元，比上年减少 0.44 万元，下降 11.53%。";
        assert_eq!(current(three), None);
    }

    #[test]
    fn a_comparison_after_the_pair_and_its_explanation_is_the_outturns() {
        // fixtures/unseen/jiangxi-forestry-2025: the pair, why the outturn is below the budget,
        // then the comparison with last year.
        let right = "2025 年度“三公”经费财政拨款支出年初预算为 160.00 万元，支\n出决算为 134.18 万元，决算数为年初预算的 83.86%。决算数小于年初预算数，主要原因是严格执行中央八项规定\n精神，厉行节约。与 2024 年度相比，“三公”经费支出增加 32.72 万元，增长 32.25%，主要原因是更新了车辆。";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(current(right), Some("134.18".to_string()));
        let wrong = right.replace("32.25%", "37.25%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
        // Another sentence between them (not about the pair): the comparison may be of
        // something else.
        let apart = wrong.replace("决算数小于年初预算数，", "其中公务用车运行费减少，");
        assert!(
            claims(&apart).iter().all(|c| c.current.is_none()),
            "{apart}"
        );
    }

    #[test]
    fn a_decrease_to_nothing_is_all_of_last_year() {
        let right = "公务用车购置费0.00万元，与上年相比减少285.00万元，下降100.00%。";
        assert_eq!(problems(right), vec![None]);
        let wrong = right.replace("100.00%", "95.00%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn a_comparison_after_a_part_of_a_breakdown_is_the_parts() {
        let right = "2025年收入预算122530.50万元，其中：一般公共预算拨款收入110530.50万元，占90.21%，与上年相比增加3987.30万元，增长3.74%；";
        assert_eq!(problems(right), vec![None]);
        assert_eq!(current(right), Some("110530.50".to_string()));
        let wrong = right.replace("3.74%", "8.74%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn correct_sentences_are_silent() {
        for s in [
            "2024年支出预算为 756.21万元，比上年增加 205.52 万元，增长 37.32%。",
            "一般公共预算当年支出730.42万元，比上年增加201.30万元，增长38.04%。",
            "机关运行经费财政拨款预算17.08万元，比2024年预算增加3.4万元，增长24.85%，原因是增加了残疾保障金。",
            "收入预算 16,390.41 万元，与上年相比增加 1,670.85 万元，增长 11.35 %。",
            "支出550.69万元，比上年减少557.90万元 ，下降50.33%，主要原因是上年结转减少。",
        ] {
            let found = claims(s);
            assert_eq!(found.len(), 1, "{s}");
            assert!(found[0].current.is_some(), "{s}");
            assert_eq!(found[0].problem(), None, "{s}");
        }
    }

    #[test]
    fn an_amount_in_two_units_and_a_change_in_another_are_one_sum() {
        // The total in 亿元 restated in 万元: the finer one is this year's amount.
        let right = "本部门2025年收支预算总额2.17亿元，具体为21,709.75万元，同口径比2024年预算增加\
                     1,364.08万元，增长6.70%。";
        assert_eq!(current(right), Some("21709.75".to_string()));
        assert_eq!(problems(right), vec![None]);
        let wrong = right.replace("6.70%", "11.70%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
        // Two amounts that cannot be one: no amount is this year's.
        let two = right
            .replace("2.17亿元", "2.27亿元")
            .replace("6.70%", "11.70%");
        assert_eq!(current(&two), None);
        // This year's total in 亿元 and the change in 万元, within the rounding of 16.76 亿元.
        let right = "2025年度收入总计16.76亿元，支出总计16.76亿元。与2024年度相比，收入、支出总计\
                     各增加55,223.48万元，增长49.15%。";
        assert_eq!(problems(right), vec![None]);
        let wrong = right.replace("49.15%", "54.15%");
        assert!(matches!(problems(&wrong)[..], [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn a_wrong_rate_fires() {
        let found = problems("支出预算为 756.21万元，比上年增加 205.52 万元，增长 36.32%。");
        let [Some(Problem::Rate { implied, .. })] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(implied.round_dp(2).to_string(), "37.32");
        let found = problems("支出550.69万元，比上年减少557.90万元，下降55.33%。");
        assert!(matches!(found.as_slice(), [Some(Problem::Rate { .. })]));
    }

    #[test]
    fn a_clause_opening_with_its_comparison_is_about_the_amount_before() {
        // js-highcourt-2017: the amount, what it is for, then the change in a sentence of its own.
        let s = "社会保障和就业（类）支出 2347.13 万元，主要用于离退休\n人员的经费支出。与上年相比增加 345.96 万元，增长 17.29%。";
        let found = claims(s);
        assert_eq!(found.len(), 1);
        assert!(found[0].from_sentence_before);
        assert_eq!(found[0].problem(), None);
        // js-procuratorate-2018: `与上年相比，` then the subject again; a rate moved by 5 points.
        let s = "财政拨款预算支出 21,940.96 万元，占本年支出合计的 99.94 %。与上年相比，财政拨款支出\n增加 3,958.98 万元，增长 27 %。";
        assert!(matches!(
            problems(s).as_slice(),
            [Some(Problem::Rate { .. })]
        ));
        // `下降了`.
        let s = "本年支出 3528.13 万元。与上年相比减少 161.96 万元，下降了 9.39%。";
        assert!(matches!(
            problems(s).as_slice(),
            [Some(Problem::Rate { .. })]
        ));
    }

    #[test]
    fn other_rate_words_and_the_rate_before_the_change_are_read() {
        // (right, the same with the rate moved, the rate the amounts imply)
        for (right, faulty, implied) in [
            (
                "公务用车购置及运行维护费支出决算12.00万元，较上年减少3万元，降低20%。",
                "公务用车购置及运行维护费支出决算12.00万元，较上年减少3万元，降低25%。",
                "20",
            ),
            (
                "机关运行经费支出决算80.00万元，比上年增加10.00万元，增幅为14.29%。",
                "机关运行经费支出决算80.00万元，比上年增加10.00万元，增幅为19.29%。",
                "14.29",
            ),
            // js-procuratorate-2018 writes `降幅` (and prints 0.66 for 6.60).
            (
                "检察监督支出（项） 1,895 万元，与上年相比减少 134 万元，降幅 6.60 %。",
                "检察监督支出（项） 1,895 万元，与上年相比减少 134 万元，降幅 0.66 %。",
                "6.6",
            ),
            // The rate before the change.
            (
                "公务接待费支出决算3.00万元，同比下降25.00%，减少1.00万元。",
                "公务接待费支出决算3.00万元，同比下降30.00%，减少1.00万元。",
                "25",
            ),
        ] {
            assert_eq!(problems(right), [None], "{right}");
            let found = problems(faulty);
            let [Some(Problem::Rate { implied: got, .. })] = found.as_slice() else {
                panic!("{faulty}: {found:?}");
            };
            assert_eq!(got.round_dp(2).normalize().to_string(), implied, "{faulty}");
        }
    }

    #[test]
    fn one_amount_said_of_income_and_expenditure_is_the_current_amount() {
        // The national final-accounts wording: income and expenditure totals are equal, and
        // the comparison speaks of both (`各增加`), in the same sentence or the next.
        for s in [
            "2023年度收入总计1,234.56万元、支出总计1,234.56万元，与上年相比，收、支总计各增加123.45万元，增长16.11%。",
            "2023年度收入总计1,234.56万元、支出总计1,234.56万元。与上年相比，收、支总计各增加123.45万元，增长16.11%。",
        ] {
            let found = problems(s);
            let [Some(Problem::Rate { implied, .. })] = found.as_slice() else {
                panic!("{s}: {found:?}");
            };
            assert_eq!(implied.round_dp(2).to_string(), "11.11", "{s}");
            let right = s.replace("16.11%", "11.11%");
            assert_eq!(problems(&right), [None], "{right}");
        }
        // Two different amounts before the comparison: which one changed is not said.
        let s =
            "收入总计1,234.56万元、支出总计1,200.00万元，与上年相比各增加123.45万元，增长16.11%。";
        assert!(claims(s).iter().all(|c| c.current.is_none()), "{s}");
        let s = "收入总计1,234.56万元、支出总计1,200.00万元。与上年相比，收、支总计各增加123.45万元，增长16.11%。";
        assert!(claims(s).iter().all(|c| c.current.is_none()), "{s}");
    }

    #[test]
    fn a_sentence_a_reader_cut_into_two_paragraphs_is_read_whole() {
        // sh-putuo-wanli-2024 rewrapped: the reader ends the paragraph at the short line.
        let first = "2023年当年预算执行数为\n348.52万元，2024年预算安排352.67万元，比";
        let second = "2023年预算执行数增加1.19%。主要原因是：住房公积金经";
        let third = "费增加。";
        let fourth = "32. “住房保障支出（类）住房改革支出（款）购房补贴（项）”320.17万元。";
        let mut at = 0;
        let mut blocks = Vec::new();
        for s in [first, second, third, fourth] {
            blocks.push(Block::Paragraph(Paragraph {
                text: Text::from_source(s, at),
                numbers: Vec::new(),
            }));
            at += s.len() + 1;
        }
        let document = crate::model::Document {
            blocks,
            ..Default::default()
        };
        let joined = sentences_joined(&document);
        // The first three are cut mid-sentence (the second mid-word); the fourth follows a full
        // stop.
        assert_eq!(joined.len(), 2);
        let rates = change_rate::change_rates(&joined[0]);
        assert_eq!(rates.len(), 1);
        assert_eq!(rates[0].problem(), None);
        // Spans still point into the source: the rate is in the second paragraph.
        let rate = rates[0].rate.span;
        let source = format!("{first}\n{second}\n{third}");
        assert_eq!(&source[rate.start..rate.end], "1.19%");
    }

    #[test]
    fn a_direction_mismatch_fires() {
        let found = problems("支出预算为 756.21万元，比上年增加 205.52 万元，下降 37.32%。");
        assert_eq!(found, vec![Some(Problem::Direction)]);
    }

    #[test]
    fn a_rate_cut_off_instead_of_rounded_is_recognised() {
        // js-procuratorate-2018: 2915.22 ÷ 7968.14 = 36.5859…%, written 36.58%.
        assert!(cut_off_to(
            Decimal::new(3658, 2),
            2,
            Decimal::new(365858, 4),
            Decimal::new(365861, 4)
        ));
        // 79.05% for 79.089%: more than the last place cut off.
        assert!(!cut_off_to(
            Decimal::new(7905, 2),
            2,
            Decimal::new(790885, 4),
            Decimal::new(790895, 4)
        ));
    }

    #[test]
    fn rounding_at_the_edge_is_silent() {
        // 3.4 ÷ 13.68 = 24.854…%: stated 24.85 is right; with 3.4 ±0.05 the rate may be anywhere
        // from 24.4% to 25.3%, so 25.2% is still possible.
        assert_eq!(
            problems("预算17.08万元，比上年增加3.4万元，增长25.2%。"),
            vec![None]
        );
        // 1 ÷ 9 = 11.11…%, stated to one whole percent: 11% is right.
        assert_eq!(
            problems("预算10万元，比上年增加1万元，增长11%。"),
            vec![None]
        );
        // But 11.5% is beyond what 1 ÷ (10 − 1) allows even with the rounding of 10 and 1.
        assert_eq!(
            problems("预算10.00万元，比上年增加1.00万元，增长11.50%。").len(),
            1
        );
        assert!(problems("预算10.00万元，比上年增加1.00万元，增长11.50%。")[0].is_some());
    }

    #[test]
    fn unclear_sentences_are_silent() {
        for s in [
            // Two amounts that could be this year's.
            "收入总计756.21万元，其中：本年收入730.42万元，上年结转25.79万元，比上年增加205.52万元，增长30.32%。",
            // Units that differ.
            "支出预算为 756.21万元，比上年增加 205.52 元，增长 30.32%。",
            // The change exceeds the amount.
            "支出预算为 100.00万元，比上年增加 205.52 万元，增长 30.32%。",
            // 持平.
            "支出预算为 756.21万元，与上年持平，比上年增加 205.52 万元，增长 30.32%。",
            // The amount in another clause, which has two.
            "支出预算为 756.21万元，其中项目支出 100.00万元。比上年增加 205.52 万元，增长 30.32%。",
            // The amount in a clause ended by `；`.
            "支出预算为 756.21万元；比上年增加 205.52 万元，增长 30.32%。",
            // The clause is about a part of it.
            "支出预算为 756.21万元。其中项目支出比上年增加 205.52 万元，增长 30.32%。",
        ] {
            assert!(problems(s).iter().all(Option::is_none), "{s}");
        }
        for s in [
            // The percentage not right after the rate word.
            "支出预算为 756.21万元，比上年增加 205.52 万元，增长幅度为 30.32%。",
            // A share, not a rate.
            "支出预算为 756.21万元，比上年增加 205.52 万元，占 30.32%。",
            // No amount of change.
            "2024年预算安排25.77万元，比2023年预算执行数减少57.14%。",
        ] {
            assert!(claims(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn the_change_and_rate_are_read_with_their_spans() {
        let s = "支出预算为 756.21万元，比上年增加 205.52 万元，增长 37.32 %。";
        let c = &claims(s)[0];
        let x = c.current.as_ref().expect("one current amount");
        assert_eq!(&s[x.span.start..x.span.end], "756.21万元");
        assert_eq!(&s[c.change.span.start..c.change.span.end], "205.52 万元");
        assert_eq!(&s[c.rate.span.start..c.rate.span.end], "37.32 %");
    }
}
