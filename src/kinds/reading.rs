//! `reading`: what the reader noticed about how the document itself is written.
//!
//! The readers repair some faults of the text so the arithmetic can go on (a 款 code printed
//! without its leading zero is read as the code it must be) and mark what they repaired on the
//! model. This kind reports those marks. One check (`check = …` in the rule file):
//! - `irregular-codes`: a subject code printed irregularly (`301   2  津贴补贴`, read as
//!   `30102`), reported on the code as written.

use crate::diagnostic::{Diagnostic, Label};
use crate::engine::{Check, CheckContext, Lang, ParamError};

#[derive(Debug)]
pub struct ReadingCheck;

impl ReadingCheck {
    pub fn from_params(params: &toml::Table) -> Result<ReadingCheck, ParamError> {
        if let Some(key) = params.keys().find(|k| k.as_str() != "check") {
            return Err(ParamError::new(
                Some(key),
                format!("unknown parameter `{key}` for kind `reading` (expected: check)"),
            ));
        }
        match params.get("check").and_then(|v| v.as_str()) {
            Some("irregular-codes") => Ok(ReadingCheck),
            Some(other) => Err(ParamError::new(
                Some("check"),
                format!("unknown check `{other}` (expected irregular-codes)"),
            )),
            None => Err(ParamError::new(
                Some("check"),
                "`check` is required: irregular-codes",
            )),
        }
    }
}

impl Check for ReadingCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
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
}
