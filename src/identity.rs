//! What a document says it is: its report kind (budget 预算 / final accounts 决算), its year and
//! its department, inferred once from the title, the headings and the table titles, with the
//! evidence for each (shown by `budlint --verbose`).
//!
//! The title is the run of paragraphs before the table of contents or the first heading
//! (`2024 年聊城市东昌府区医疗保障局部` / `门预算`, joined); the body's votes are the headings and
//! table titles that name a year next to 预算 / 决算. The department is the most frequent
//! `部门名称：` / `部门：` / `预算主管部门：` value, else what the title says before its year.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, squeeze};
use crate::source::{SourceFile, Span};

/// Budget (预算, before the year) or final accounts (决算, after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportKind {
    Budget,
    FinalAccounts,
}

impl ReportKind {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (ReportKind::Budget, true) => "预算",
            (ReportKind::Budget, false) => "budget",
            (ReportKind::FinalAccounts, true) => "决算",
            (ReportKind::FinalAccounts, false) => "final accounts",
        }
    }
}

/// One place that told something about the document's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub span: Span,
    /// What was read there (`title: 2024年度部门决算`).
    pub what: String,
}

/// The document's kind, year and department, each when it could be told, with the evidence.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub kind: Option<ReportKind>,
    /// The year the report is for.
    pub year: Option<i32>,
    /// True when the title and the body agree on the year (or, without a year in the title,
    /// three quarters of the body's votes, three at least, name it): the year can be relied on
    /// for errors.
    pub year_certain: bool,
    /// The year the title names, when it names one, and where.
    pub title_year: Option<(i32, Span)>,
    /// The year most headings and table titles name, and how many of them name another.
    pub body_year: Option<i32>,
    /// How many headings and table titles name a year beside 预算 / 决算, and how many of
    /// them name another year than `body_year`.
    pub body_votes: usize,
    pub body_dissent: usize,
    pub department: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// The `--verbose` lines of one document: what it was taken to be, then the evidence with
/// line numbers.
pub fn write_identity(
    source: &SourceFile,
    identity: &Identity,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let kind = identity.kind.map_or("unknown kind", |k| k.name(false));
    let year = identity
        .year
        .map_or_else(|| "unknown year".to_string(), |y| y.to_string());
    let certainty = if identity.year_certain {
        "certain"
    } else {
        "uncertain"
    };
    let department = identity
        .department
        .as_deref()
        .unwrap_or("unknown department");
    writeln!(
        out,
        "{}: {kind}, {year} ({certainty}), {department}",
        source.path.display()
    )?;
    for evidence in &identity.evidence {
        if evidence.span == Span::default() {
            writeln!(out, "    {}", evidence.what)?;
        } else {
            let line = source.line_index(evidence.span.start) + 1;
            writeln!(out, "    line {line}: {}", evidence.what)?;
        }
    }
    Ok(())
}

/// A year written as in report titles: `2024年`, `2024 年度`.
static YEAR: LazyLock<LazyRegex> =
    LazyLock::new(|| LazyRegex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年").expect("valid regex"));

/// A department line: `部门名称：X`. The name is read as at most [`DEPARTMENT_CHARS`]
/// characters: the pattern asks for three or more and the code keeps the first forty, which
/// finds the same lines and names as `{3,40}` would, for a fifth of the compilation (each
/// repetition of the class is a UTF-8 automaton of its own).
static DEPARTMENT_LINE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?:预算主管部门|部门名称|单位名称|部\s*门)\s*[:：]\s*([^\s:：|]{3,})")
        .expect("valid regex")
});

const DEPARTMENT_CHARS: usize = 40;

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [&YEAR, &DEPARTMENT_LINE] {
        pattern.warm(hint);
    }
}

/// Infer the identity of a parsed document.
pub fn identify(source: &SourceFile, document: &Document) -> Identity {
    let mut identity = Identity::default();
    let title = title_blocks(document);
    let title_text: String = title.iter().map(|(t, _)| squeeze(t)).collect();
    let title_span = title
        .iter()
        .map(|(_, s)| *s)
        .reduce(Span::cover)
        .unwrap_or_default();
    if let Some(year) = first_year(&title_text) {
        identity.title_year = Some((year, title_span));
        identity.evidence.push(Evidence {
            span: title_span,
            what: format!("title `{title_text}`: year {year}"),
        });
    }
    identity.kind = kind_named(&title_text);
    if let Some(kind) = identity.kind {
        identity.evidence.push(Evidence {
            span: title_span,
            what: format!("title `{title_text}`: {}", kind.name(false)),
        });
    }

    // The body's votes: headings and table titles naming a year beside 预算 / 决算.
    let mut years: BTreeMap<i32, (usize, Span)> = BTreeMap::new();
    let mut kinds: BTreeMap<ReportKind, usize> = BTreeMap::new();
    for (text, span) in body_titles(document) {
        let text = squeeze(&text);
        let kind = kind_named(&text);
        // `一般公共预算` in `一、一般公共预算财政拨款收入` names a fund, printed in budgets and
        // final accounts alike: the vote is on the report kind a heading names besides.
        if let Some(kind) = kind_named(&without_fund_names(&text)) {
            *kinds.entry(kind).or_default() += 1;
        }
        if let (Some(year), Some(_)) = (first_year(&text), kind) {
            years.entry(year).or_insert((0, span)).0 += 1;
        }
    }
    let votes: usize = years.values().map(|(n, _)| n).sum();
    if let Some((&year, &(count, span))) = years.iter().max_by_key(|(_, (n, _))| *n) {
        identity.body_year = Some(year);
        identity.body_votes = votes;
        identity.body_dissent = votes - count;
        identity.evidence.push(Evidence {
            span,
            what: format!(
                "{count} of {votes} headings and table titles naming a year beside 预算/决算 name {year}"
            ),
        });
    }
    // The title's year, unless a clear body (three votes or more, all alike) says otherwise.
    identity.year = match (identity.title_year, identity.body_year) {
        (Some(_), Some(b)) if identity.body_dissent == 0 && votes >= 3 => Some(b),
        (Some((t, _)), _) => Some(t),
        (None, b) => b,
    };
    identity.year_certain = match (identity.title_year, identity.body_year) {
        (Some((t, _)), Some(b)) => t == b,
        (Some(_), None) => false,
        // Without a title, a body whose three quarters (three at least) name one year.
        (None, Some(_)) => votes - identity.body_dissent >= 3 && identity.body_dissent * 4 <= votes,
        (None, None) => false,
    };
    if identity.kind.is_none() {
        // Without a title, the kind most headings and table titles name, if clearly so.
        let budget = kinds.get(&ReportKind::Budget).copied().unwrap_or(0);
        let final_accounts = kinds.get(&ReportKind::FinalAccounts).copied().unwrap_or(0);
        identity.kind = if final_accounts > budget {
            Some(ReportKind::FinalAccounts)
        } else if budget > final_accounts {
            Some(ReportKind::Budget)
        } else {
            None
        };
        if let Some(kind) = identity.kind {
            identity.evidence.push(Evidence {
                span: Span::default(),
                what: format!(
                    "headings and table titles: {budget} name 预算, {final_accounts} name 决算: {}",
                    kind.name(false)
                ),
            });
        }
    }
    identity.department = department(source, &title_text);
    if let Some(department) = &identity.department {
        identity.evidence.push(Evidence {
            span: Span::default(),
            what: format!("department `{department}`"),
        });
    }
    identity
}

/// The title: the paragraphs before the table of contents (`目 录`) or the first heading or
/// table, at most six of them.
fn title_blocks(document: &Document) -> Vec<(String, Span)> {
    let mut title = Vec::new();
    for block in document.blocks.iter().take(12) {
        match block {
            Block::Paragraph(p) => {
                let text = squeeze(&p.text.text);
                if text.starts_with("目录") || text == "目" || title.len() >= 6 {
                    break;
                }
                title.push((p.text.text.clone(), p.text.span()));
            }
            Block::Furniture(_) => {}
            _ => break,
        }
    }
    title
}

/// Headings and table titles, with their spans.
fn body_titles(document: &Document) -> impl Iterator<Item = (String, Span)> + '_ {
    document.blocks.iter().filter_map(|block| match block {
        Block::Heading(h) => Some((h.text.text.clone(), h.text.span())),
        Block::Table(t) => t.title.as_ref().map(|x| (x.text.clone(), x.span())),
        _ => None,
    })
}

/// The first year written in `text` (`2024年`), if any.
pub fn first_year(text: &str) -> Option<i32> {
    // Most texts name no year: no search for them.
    if !text.contains('年') {
        return None;
    }
    YEAR.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// `text` without the names of the four budgets of public finance (`一般公共预算`,
/// `政府性基金预算`, `国有资本经营预算`, `社会保险基金预算`), which name funds, not the report.
fn without_fund_names(text: &str) -> std::borrow::Cow<'_, str> {
    const FUNDS: [&str; 4] = [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "社会保险基金预算",
    ];
    if !FUNDS.iter().any(|f| text.contains(f)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for fund in FUNDS {
        out = out.replace(fund, "");
    }
    std::borrow::Cow::Owned(out)
}

/// The report kind a title names: 决算 wins over 预算 (a final account compares with its 预算).
fn kind_named(text: &str) -> Option<ReportKind> {
    if text.contains("决算") {
        Some(ReportKind::FinalAccounts)
    } else if text.contains("预算") {
        Some(ReportKind::Budget)
    } else {
        None
    }
}

/// The department: the most frequent `部门名称：X` of the document, else the title's words
/// before its year (`江苏省人大常委会办公厅2018年度部门预算公开`) or after it
/// (`2024年聊城市东昌府区医疗保障局部门预算`).
fn department(source: &SourceFile, title: &str) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, _, line) in source.lines() {
        // Every label of the pattern has a 门 or a 称 (单位名称), and a colon follows it.
        // The single characters first: each is one fast byte search.
        let labelled = (line.contains('门') || line.contains('称'))
            && (line.contains(':') || line.contains('：'));
        if let Some(c) = labelled.then(|| DEPARTMENT_LINE.captures(line)).flatten() {
            let name = &c[1];
            let name = name
                .char_indices()
                .nth(DEPARTMENT_CHARS)
                .map_or(name, |(end, _)| &name[..end]);
            let name = name.trim_end_matches(['，', ',', '。']).to_string();
            if is_entity_name(&name) {
                *counts.entry(name).or_default() += 1;
            }
        }
    }
    if let Some((name, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
        return Some(name);
    }
    let m = YEAR.captures(title)?.get(1)?;
    let before = title[..m.start()].trim_end_matches(['(', '（']);
    let after = title[m.end()..].trim_start_matches(['年', '度']);
    let after = after
        .find("部门预算")
        .or_else(|| after.find("部门决算"))
        .map(|end| &after[..end]);
    [Some(before), after]
        .into_iter()
        .flatten()
        .map(|s| s.trim_end_matches("区级").trim_end_matches("省级"))
        .find(|s| is_entity_name(s))
        .map(str::to_string)
}

/// Names of government bodies end in one of these.
pub const ENTITY_SUFFIXES: &[&str] = &[
    "局", "厅", "委", "办", "院", "室", "处", "会", "所", "站", "中心", "部", "队", "馆", "校",
];

fn is_entity_name(s: &str) -> bool {
    s.chars().count() >= 3 && ENTITY_SUFFIXES.iter().any(|x| s.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity_of(text: &str) -> Identity {
        let source = SourceFile::from_str("t.txt", text);
        let document = crate::parse::parse(&source);
        identify(&source, &document)
    }

    #[test]
    fn fund_names_in_headings_do_not_vote_for_a_budget() {
        // A final account whose title comes after its first part heading (no title found), and
        // whose 收支决算总表 plain text scattered into headings naming the funds.
        let text = "第一部分 部门概况\n\n某区文化局\n2023年度部门决算\n\n\
                    一、主要职能\n\n负责全区文化工作。\n\n\
                    第二部分 某区文化局2023年度部门决算表\n\n收入支出决算总表\n\n\
                    一、一般公共预算财政拨款收入 1\n\n二、政府性基金预算财政拨款收入 2\n\n\
                    三、国有资本经营预算财政拨款收入 3\n";
        assert_eq!(identity_of(text).kind, Some(ReportKind::FinalAccounts));
    }

    #[test]
    fn a_title_split_over_lines_gives_year_kind_and_department() {
        let id =
            identity_of("上海市普陀区规划和自然\n    资源局\n 2024 年度部门决算\n   目   录\n");
        assert_eq!(id.year, Some(2024));
        assert_eq!(id.kind, Some(ReportKind::FinalAccounts));
        assert_eq!(
            id.department.as_deref(),
            Some("上海市普陀区规划和自然资源局")
        );
    }

    #[test]
    fn the_department_line_wins_over_the_title() {
        let id = identity_of(
            "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区财政局\n目 录\n",
        );
        assert_eq!(id.year, Some(2025));
        assert_eq!(id.kind, Some(ReportKind::Budget));
        assert_eq!(id.department.as_deref(), Some("上海市普陀区财政局"));
    }

    #[test]
    fn a_department_name_is_read_as_forty_characters_at_most() {
        let long = "上海市普陀区".repeat(8); // 48 characters
        let first_forty: String = long.chars().take(40).collect();
        // As the pattern `{3,40}` read it: the first forty characters (no suffix: not a name).
        let id = identity_of(&format!("部门名称：{long}\n单位名称：{first_forty}局\n"));
        assert_eq!(id.department, None);
        let name = format!("{}局", "普".repeat(39)); // 40 characters
        let id = identity_of(&format!("部门名称：{name}人\n"));
        assert_eq!(id.department.as_deref(), Some(name.as_str()), "cut to 40");
        // Fewer than three characters is no name: the next line's is taken.
        let id = identity_of("部门：局\n部门名称：上海市财政局\n");
        assert_eq!(id.department.as_deref(), Some("上海市财政局"));
    }

    #[test]
    fn without_a_year_nothing_is_certain() {
        let id = identity_of("部门概况\n\n本部门负责全区医疗保障工作。\n");
        assert_eq!(id.year, None);
        assert!(!id.year_certain);
    }
}
