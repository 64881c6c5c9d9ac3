//! `reading`: what the reader noticed about how the document itself is written.
//!
//! The readers repair some faults of the text so the arithmetic can go on (a 款 code printed
//! without its leading zero is read as the code it must be) and mark what they repaired on the
//! model. This kind reports those marks. One check (`check = …` in the rule file):
//! - `irregular-codes`: a subject code printed irregularly (`301   2  津贴补贴`, read as
//!   `30102`), reported on the code as written.
//! - `unreadable-amounts`: an amount written with more digits than can be computed with exactly
//!   (a cell of `1.000…0` with 30 decimals, a 29-digit total), read as no number: reported on the
//!   amount, whose rows' sums the table checks then hold in doubt.

use crate::diagnostic::{Diagnostic, Label};
use crate::engine::{Check, CheckContext, Lang, ParamError};
use crate::model::{Block, DoubtKind};
use crate::number::unrepresentable_amounts;
use crate::source::Span;

#[derive(Debug)]
pub enum ReadingCheck {
    IrregularCodes,
    UnreadableAmounts,
}

impl ReadingCheck {
    pub fn from_params(params: &toml::Table) -> Result<ReadingCheck, ParamError> {
        if let Some(key) = params.keys().find(|k| k.as_str() != "check") {
            return Err(ParamError::new(
                Some(key),
                format!("unknown parameter `{key}` for kind `reading` (expected: check)"),
            ));
        }
        match params.get("check").and_then(|v| v.as_str()) {
            Some("irregular-codes") => Ok(ReadingCheck::IrregularCodes),
            Some("unreadable-amounts") => Ok(ReadingCheck::UnreadableAmounts),
            Some(other) => Err(ParamError::new(
                Some("check"),
                format!("unknown check `{other}` (expected irregular-codes or unreadable-amounts)"),
            )),
            None => Err(ParamError::new(
                Some("check"),
                "`check` is required: irregular-codes or unreadable-amounts",
            )),
        }
    }
}

impl Check for ReadingCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        match self {
            ReadingCheck::IrregularCodes => irregular_codes(cx, out),
            ReadingCheck::UnreadableAmounts => unreadable_amounts(cx, out),
        }
    }
}

/// Amounts too long to compute with: in tables as the readers marked them, in prose as written.
fn unreadable_amounts(cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    let mut spans: Vec<Span> = Vec::new();
    for block in &cx.document.blocks {
        match block {
            Block::Table(table) => spans.extend(
                table
                    .doubts
                    .iter()
                    .filter(|d| d.kind == DoubtKind::UnreadableAmounts)
                    .flat_map(|d| d.spans.iter().copied()),
            ),
            Block::Paragraph(p) | Block::Note(p) => spans.extend(
                unrepresentable_amounts(&p.text.text)
                    .into_iter()
                    .map(|range| p.text.source_span(range)),
            ),
            Block::Heading(_) | Block::Furniture(_) => {}
        }
    }
    for span in spans {
        let written = cx.source.slice(span);
        out.push(
            cx.rule
                .diagnostic(cx.rule.severity, cx.lang, &[("written", written)])
                .with_label(Label::primary(
                    span,
                    if zh {
                        "未按数字读取"
                    } else {
                        "not read as a number"
                    },
                ))
                .with_note(if zh {
                    "金额最多读取 18 位整数、10 位小数，超出则无法可靠计算；所在行的合计不作核对"
                } else {
                    "amounts are read with at most 18 integer digits and 10 decimals, beyond \
                     which they cannot be computed with reliably; the sums of their rows are not checked"
                }),
        );
    }
}

fn irregular_codes(cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    for code in cx
        .document
        .tables()
        .flat_map(|t| &t.rows)
        .filter_map(|r| r.code.as_ref())
        .filter(|c| c.irregular)
    {
        let written = cx.source.slice(code.span);
        // The digits as printed, one space between the columns they stand in.
        let written: String = written
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let d = cx
            .rule
            .diagnostic(
                cx.rule.severity,
                cx.lang,
                &[("written", &written), ("code", &code.code)],
            )
            .with_label(Label::primary(
                code.span,
                if zh {
                    format!("按 {} 读取", code.code)
                } else {
                    format!("read as {}", code.code)
                },
            ))
            .with_help(if zh {
                "款、项编码各为两位数字，不足两位时前面补零"
            } else {
                "款 and 项 codes are two digits each; write the leading zero"
            });
        out.push(d);
    }
}
