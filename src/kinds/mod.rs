//! The rule kinds (engines written in Rust), one module each, and the one list of them.
//!
//! A rule file names its `kind` and fills in the kind's `[params]`; [`build_check`] turns those
//! parameters into a [`Check`], once, before any file is read. This is the only place that names
//! every kind: a kind imports the shared vocabulary of [`crate::engine`] and never this list,
//! and the registry builds a rule's check through [`build_check`] without knowing any kind.
//! Adding a kind is a module here, a line in [`KINDS`] and an arm in [`build_check`].

pub mod boilerplate;
pub mod cross_table;
pub mod pattern;
pub mod performance_target;
pub mod prose_claims;
pub mod reading;
pub mod suppression;
pub mod table_sum;
pub mod years;

use crate::engine::{Check, ParamError};

/// The rule kinds this build knows, for `budlint rules`, selectors and error messages.
///
/// `suppression` checks nothing while the rules run: its rules (`unused-suppression`,
/// `invalid-suppression`) judge the file's suppression comments afterwards, in
/// [`crate::suppress::apply`].
pub const KINDS: &[&str] = &[
    "pattern",
    "table-sum",
    "reading",
    "prose-claims",
    "performance-target",
    "years",
    "boilerplate",
    "cross-table",
    suppression::KIND,
];

/// What a kind does, for `budlint explain KIND`: one paragraph, then its rules are listed.
pub fn describe(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "pattern" => {
            "Finds literal strings or regular expressions in prose, table cells and headings \
             (draft watermarks, template placeholders, punctuation), optionally with a \
             replacement to suggest; each rule of this kind is a list of what to find."
        }
        "table-sum" => {
            "Checks the arithmetic of the tables as budlint read them: totals against the rows \
             they sum (subject codes, numbered items, sections, statements, the 三公经费) and \
             合计 / 小计 columns against the columns beside them, a year's column against the \
             previous year's plus the change (增减), within the rounding the \
             written decimals allow. A sum over rows the reader is unsure of is an info, not \
             an error."
        }
        "reading" => {
            "Reports what the reader had to repair to read the document: irregular subject \
             codes (`301 2` read as 30102) and other readings a reviewer should confirm."
        }
        "prose-claims" => {
            "Checks the numeric claims of the prose: growth rates, shares, breakdowns and \
             comparisons against the amounts of their own sentence, restated amounts against \
             the table cells their labels name, counts of projects against the 项目支出 table \
             and counts of offices against the names listed, and the shares of the 三公经费 \
             against 100%."
        }
        "performance-target" => {
            "Reads the performance-target (绩效目标) and self-evaluation (绩效自评) forms and checks \
             their funds, sources, scores, indicator values and unit costs against each other and \
             against the 项目支出 table."
        }
        "years" => {
            "Checks the years and dates of a document against the year and kind it is about: \
             titles and statements naming another year, impossible and cut-off dates, stale \
             subject names, and last year's figures against last year's report."
        }
        "boilerplate" => {
            "Finds text pasted where it does not belong: paragraphs and clauses repeated, \
             paragraphs copied unchanged from last year's report, and other entities' names."
        }
        "cross-table" => {
            "Checks the tables of one disclosure against each other: totals that several \
             tables restate (收支总表, 收入总表, 支出总表 …) must agree, a table marked 本表无数据 \
             must not meet a non-zero figure for the same money elsewhere, and a full budget \
             or final-accounts disclosure must contain the tables its kind requires."
        }
        suppression::KIND => {
            "Judges the suppression comments (`<!-- budlint-disable … -->`) after every other \
             rule has run: names that suppressed nothing, and comments that cannot work."
        }
        _ => return None,
    })
}

/// Compile the regular expressions the kinds keep in statics (growth rates, dates, counts, the
/// identity's year and department lines …) ahead of their first use. Each compiles once per
/// process whoever asks first, so this changes no result: run on an idle thread while the
/// first file is read and parsed, it takes their compilation (a quarter of the time of a
/// one-document run) off the path of that file's checks.
///
/// With a `hint` (the text of the document about to be checked), a pattern is compiled only
/// when the hint has what each of its matches contains ([`crate::lazy_regex::LazyRegex::warm`]):
/// the checks never search a text without it, so most documents never need the others.
pub fn warm_patterns(hint: Option<&str>) {
    crate::identity::warm_patterns(hint);
    for kind in KINDS {
        warm_kind_patterns(kind, hint);
    }
}

/// [`warm_patterns`] for one kind (the identity's are apart: many kinds use it).
pub fn warm_kind_patterns(kind: &str, hint: Option<&str>) {
    match kind {
        "years" => years::warm_patterns(hint),
        "prose-claims" => prose_claims::warm_patterns(hint),
        "performance-target" => performance_target::warm_patterns(hint),
        "cross-table" => cross_table::required::warm_patterns(hint),
        _ => {}
    }
}

/// Instantiate a kind with its parameters.
pub fn build_check(kind: &str, params: &toml::Table) -> Result<Box<dyn Check>, ParamError> {
    match kind {
        "pattern" => pattern::PatternCheck::from_params(params).map(|c| Box::new(c) as _),
        "table-sum" => table_sum::TableSumCheck::from_params(params).map(|c| Box::new(c) as _),
        "reading" => reading::ReadingCheck::from_params(params).map(|c| Box::new(c) as _),
        "prose-claims" => {
            prose_claims::ProseClaimsCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        "performance-target" => performance_target::PerformanceTargetCheck::from_params(params)
            .map(|c| Box::new(c) as _),
        "years" => years::YearsCheck::from_params(params).map(|c| Box::new(c) as _),
        "boilerplate" => {
            boilerplate::BoilerplateCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        "cross-table" => {
            cross_table::CrossTableCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        suppression::KIND => {
            suppression::SuppressionCheck::from_params(params).map(|c| Box::new(c) as _)
        }
        other => Err(ParamError::new(
            None,
            format!(
                "unknown rule kind `{other}` (known kinds: {})",
                KINDS.join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_is_described() {
        for kind in KINDS {
            assert!(describe(kind).is_some_and(|d| d.len() > 40), "{kind}");
        }
        assert_eq!(describe("patern"), None);
    }

    #[test]
    fn every_listed_kind_builds_and_no_other() {
        for kind in KINDS {
            // Empty parameters may be refused, but by the kind itself, not as an unknown kind.
            if let Err(e) = build_check(kind, &toml::Table::new()) {
                assert!(!e.message.contains("unknown rule kind"), "{kind}: {e:?}");
            }
        }
        let error = build_check("patern", &toml::Table::new()).expect_err("unknown kind");
        assert_eq!(
            error.message,
            "unknown rule kind `patern` (known kinds: pattern, table-sum, reading, prose-claims, performance-target, years, boilerplate, cross-table, suppression)"
        );
    }

    /// The prose-claims labels compile on first use: a syntax error is still found when the
    /// rule is built, one only compiling finds (over the size limit) by `compile_patterns`,
    /// which a user's rule goes through, with the message building used to give.
    #[test]
    fn label_patterns_keep_their_errors() {
        let params = |label: &str| -> toml::Table {
            toml::from_str(&format!(
                "check = \"amount\"\n[[cells]]\nname = \"支出预算\"\nlabels = ['{label}']\nat = [{{ tables = [\"支出总表\"], row = \"合计\" }}]\n"
            ))
            .expect("params")
        };
        let good = build_check("prose-claims", &params("支出预算|预算支出")).expect("builds");
        assert!(good.compile_patterns().is_ok());
        assert_eq!(good.lazy_patterns().len(), 1);
        let bad = build_check("prose-claims", &params("支出(预算")).expect_err("syntax");
        assert!(
            bad.message
                .starts_with("invalid label pattern `支出(预算`: regex parse error"),
            "{}",
            bad.message
        );
        let big = r"\w{1000}\w{1000}\w{1000}";
        let check = build_check("prose-claims", &params(big)).expect("the syntax is good");
        let error = check.compile_patterns().expect_err("too big");
        let expected = regex::Regex::new(&format!("(?:{big})$")).expect_err("too big");
        assert_eq!(
            error.message,
            format!("invalid label pattern `{big}`: {expected}")
        );
    }
}
