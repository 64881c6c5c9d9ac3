//! `boilerplate`: text pasted where it does not belong: a paragraph or clause repeated, a
//! paragraph copied with a few words changed, another department's name, a paragraph copied
//! unchanged from last year's report.
//!
//! One check per rule (`check = …` in the rule file):
//! - `repeated`: the same paragraph twice or more in one document (each later copy is reported,
//!   labelled with the first), the same clause twice in one paragraph, and near copies (a few
//!   words changed, the same amounts) shown with a character diff from `similar`. Paragraphs are
//!   grouped by exact hash, near-copy candidates by sampled character shingles: never all pairs.
//! - `foreign-entity`: a department of the document's own kind of body (`医疗保障局`) named with
//!   another place than its own (`东昌府区医疗保障局` in 屯留区's report), anywhere in prose and
//!   headings, or without its district in a heading (`上海市规划和自然资源局`).
//! - `copied-previous`: across two reports of one department for consecutive years, a paragraph
//!   of the newer one that is word for word a paragraph of the older one and states amounts or
//!   years ([`Check::check_previous`]).
//!
//! Sections boilerplate by nature (`exempt-sections`, by default 名词解释 and the duties) are
//! skipped by `repeated` and `copied-previous`.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use similar::{ChangeTag, TextDiff};

use crate::diagnostic::{Diagnostic, Label};
use crate::engine::{Check, CheckContext, Digest, DigestContext, Lang, ParamError, chosen_check};
use crate::lazy_regex::LazyRegex;
use crate::model::{Block, Document, Paragraph, Text, squeeze};
use crate::parse::prose::clauses;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Repeated,
    ForeignEntity,
    CopiedPrevious,
}

#[derive(Debug)]
pub struct BoilerplateCheck {
    which: Which,
    exempt_sections: Vec<String>,
    min_chars: usize,
}

const DEFAULT_EXEMPT: &[&str] = &["名词解释", "职责", "职能"];

impl BoilerplateCheck {
    pub fn from_params(params: &toml::Table) -> Result<BoilerplateCheck, ParamError> {
        if let Some(key) = params
            .keys()
            .find(|k| !matches!(k.as_str(), "check" | "exempt-sections" | "min-chars"))
        {
            return Err(ParamError::new(
                Some(key),
                format!(
                    "unknown parameter `{key}` for kind `boilerplate` (expected: check, exempt-sections, min-chars)"
                ),
            ));
        }
        let which = chosen_check(
            params,
            &[
                ("repeated", Which::Repeated),
                ("foreign-entity", Which::ForeignEntity),
                ("copied-previous", Which::CopiedPrevious),
            ],
        )?;
        let exempt_sections = match params.get("exempt-sections") {
            None => DEFAULT_EXEMPT.iter().map(|s| s.to_string()).collect(),
            Some(v) => v
                .as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|x| x.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| {
                    ParamError::new(
                        Some("exempt-sections"),
                        "`exempt-sections` must be an array of strings",
                    )
                })?,
        };
        let min_chars = match params.get("min-chars") {
            None => 20,
            Some(v) => v
                .as_integer()
                .and_then(|n| usize::try_from(n).ok())
                .filter(|&n| n > 0)
                .ok_or_else(|| {
                    ParamError::new(Some("min-chars"), "`min-chars` must be a positive integer")
                })?,
        };
        Ok(BoilerplateCheck {
            which,
            exempt_sections,
            min_chars,
        })
    }
}

impl Check for BoilerplateCheck {
    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        match self.which {
            Which::Repeated => self.repeated(cx, out),
            Which::ForeignEntity => foreign_entities(cx, out),
            Which::CopiedPrevious => {}
        }
    }

    fn across_years(&self) -> bool {
        self.which == Which::CopiedPrevious
    }

    fn digest(&self, cx: &CheckContext<'_>) -> Option<Digest> {
        (self.which == Which::CopiedPrevious).then(|| Digest::new(self.paragraph_digest(cx)))
    }

    fn check_previous(
        &self,
        cx: &DigestContext<'_>,
        previous: &DigestContext<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.which != Which::CopiedPrevious {
            return;
        }
        if let (Some(newer), Some(older)) = (
            cx.digest.get::<ParagraphDigest>(),
            previous.digest.get::<ParagraphDigest>(),
        ) {
            copied_previous(cx, newer, previous, older, out);
        }
    }
}

/// The rank of a heading for sectioning: its numbering (`第一部分` 1, `一、` 2, `（一）` 3,
/// `1.` 4), else its Markdown level (templates put `第一部分` under `##` or `#` alike, so the
/// numbering is the better guide), else 5.
fn heading_rank(level: u8, text: &str) -> u8 {
    static NUMBERED: LazyLock<[LazyRegex; 4]> = LazyLock::new(|| {
        [
            LazyRegex::new(r"^第[一二三四五六七八九十]+部分").expect("valid regex"),
            LazyRegex::new(r"^[一二三四五六七八九十]+[、.．]").expect("valid regex"),
            LazyRegex::new(r"^[（(][一二三四五六七八九十]+[）)]").expect("valid regex"),
            LazyRegex::new(r"^[0-9]+[、.．]").expect("valid regex"),
        ]
    });
    let text = text.trim();
    match NUMBERED.iter().position(|r| r.is_match(text)) {
        Some(i) => i as u8 + 1,
        None if level > 0 => level,
        None => 5,
    }
}

/// The paragraphs of a document outside the exempt sections, each with the number of the
/// section (the stretch between two headings) it stands in.
fn checked_paragraphs<'a>(
    document: &'a Document,
    exempt: &[String],
) -> Vec<(usize, &'a Paragraph)> {
    let mut out = Vec::new();
    let mut section = 0;
    // The rank of the exempt section we are in, if any.
    let mut exempt_rank: Option<u8> = None;
    for block in &document.blocks {
        match block {
            // A table-of-contents entry (`第四部分 名词解释……25`) opens no section.
            Block::Heading(h) if h.text.text.contains("..") || h.text.text.contains('…') => {}
            Block::Heading(h) => {
                section += 1;
                let rank = heading_rank(h.level, &h.text.text);
                if exempt_rank.is_some_and(|r| rank <= r) {
                    exempt_rank = None;
                }
                if exempt_rank.is_none() {
                    let text = squeeze(&h.text.text);
                    if exempt.iter().any(|e| text.contains(e.as_str())) {
                        exempt_rank = Some(rank);
                    }
                }
            }
            Block::Paragraph(p) if exempt_rank.is_none() => out.push((section, p)),
            _ => {}
        }
    }
    out
}

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Whether a paragraph says something of its own: long enough, made of sentences (a label such
/// as `编制部门：…` over every table is not), and not a table-of-contents line.
fn substantial(text: &str, min_chars: usize) -> bool {
    let han = text.chars().filter(|c| is_han(*c)).count();
    han >= min_chars
        && !text.contains("……")
        && !text.contains("...")
        && text.contains(['。', '；', '！', '？'])
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The numbers written in a text, as written: near copies must have the same ones.
fn numbers_of(text: &str) -> Vec<String> {
    crate::number::scan_numbers(text)
        .iter()
        .map(|n| text[n.range.clone()].to_string())
        .collect()
}

/// Sampled 6-character shingles of a text: the same content gives the same samples wherever it
/// stands, so two near copies share most of theirs.
fn shingles(text: &str) -> Vec<u64> {
    // Each shingle hashed as the slice of the squeezed text it is, without building a string.
    let text = squeeze(text);
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut out: Vec<u64> = starts
        .windows(7)
        .map(|w| hash_of(&text[w[0]..w[6]]))
        .filter(|h| h % 4 == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl BoilerplateCheck {
    fn repeated(&self, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let zh = cx.lang == Lang::Zh;
        let paragraphs = checked_paragraphs(cx.document, &self.exempt_sections);
        // Keyed by section too: two tables explained alike (the same figures in a 财政拨款 and
        // a 一般公共预算 table) repeat a paragraph under another heading on purpose; a paste
        // slip repeats it within one section.
        let mut first_of: HashMap<(usize, u64), usize> = HashMap::new();
        let mut by_shingle: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        for (i, &(section, p)) in paragraphs.iter().enumerate() {
            let text = squeeze(&p.text.text);
            repeated_clauses(cx, p, self.min_chars / 2, out);
            if !substantial(&text, self.min_chars) {
                continue;
            }
            if let Some(&first) = first_of.get(&(section, hash_of(&text))) {
                let earlier = paragraphs[first].1;
                let line = cx.source.line_index(earlier.text.span().start) + 1;
                let d = cx
                    .rule
                    .diagnostic(cx.rule.severity, cx.lang, &[("line", &line.to_string())])
                    .with_label(Label::primary(
                        p.text.span(),
                        if zh {
                            "重复的段落"
                        } else {
                            "repeated paragraph"
                        },
                    ))
                    .with_label(Label::secondary(
                        earlier.text.span(),
                        if zh {
                            "首次出现"
                        } else {
                            "first written here"
                        },
                    ));
                out.push(d);
                continue;
            }
            first_of.insert((section, hash_of(&text)), i);
            // Near copies: the earlier paragraph sharing most sampled shingles.
            let own = shingles(&text);
            let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
            for s in &own {
                // A shingle of a stock phrase found in many paragraphs tells nothing and would
                // make the work grow with the square of the section's length.
                if let Some(list) = by_shingle.get(&(section, *s)).filter(|l| l.len() <= 16) {
                    for &j in list {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let best = shared.into_iter().max_by_key(|&(j, n)| (n, usize::MAX - j));
            if let Some((j, n)) = best {
                if n * 10 >= own.len() * 7 {
                    if let Some(d) = self.near_copy(cx, paragraphs[j].1, p) {
                        out.push(d);
                    }
                }
            }
            for s in own {
                by_shingle.entry((section, s)).or_default().push(i);
            }
        }
    }

    /// A near copy: at least 90% of the characters the same, the same numbers, and a
    /// difference of words only.
    fn near_copy(
        &self,
        cx: &CheckContext<'_>,
        earlier: &Paragraph,
        later: &Paragraph,
    ) -> Option<Diagnostic> {
        let zh = cx.lang == Lang::Zh;
        let (a, b) = (squeeze(&earlier.text.text), squeeze(&later.text.text));
        if numbers_of(&a) != numbers_of(&b) || b.chars().count() < self.min_chars * 2 {
            return None;
        }
        let diff = TextDiff::from_chars(&*a, &*b);
        if diff.ratio() < 0.9 {
            return None;
        }
        let changes = word_diff(&diff);
        if changes.is_empty() {
            return None;
        }
        let line = cx.source.line_index(earlier.text.span().start) + 1;
        let mut d = cx
            .rule
            .diagnostic(cx.rule.severity, cx.lang, &[("line", &line.to_string())])
            .with_label(Label::primary(
                later.text.span(),
                if zh {
                    "与前文段落仅个别字词不同"
                } else {
                    "a near copy of an earlier paragraph"
                },
            ))
            .with_label(Label::secondary(
                earlier.text.span(),
                if zh {
                    "前文段落"
                } else {
                    "the earlier paragraph"
                },
            ));
        for change in changes {
            d = d.with_note(change);
        }
        Some(d)
    }

    /// What `copied-previous` keeps of a document: the hash and line of each paragraph that
    /// could be copied, and where its figures stand.
    fn paragraph_digest(&self, cx: &CheckContext<'_>) -> ParagraphDigest {
        let mut first_lines = HashMap::new();
        let mut stating = Vec::new();
        for (_, p) in checked_paragraphs(cx.document, &self.exempt_sections) {
            let text = squeeze(&p.text.text);
            // Only paragraphs that state figures or years: prose about duties stays the same.
            // A paragraph of last year that is not substantial cannot be the copy of one that is.
            if !substantial(&text, self.min_chars) {
                continue;
            }
            let hash = hash_of(&text);
            first_lines
                .entry(hash)
                .or_insert_with(|| cx.source.line_index(p.text.span().start) + 1);
            if !p.numbers.is_empty() {
                stating.push(StatingParagraph {
                    hash,
                    span: p.text.span(),
                    figures: numbers_of(&text).into_iter().take(6).collect(),
                });
            }
        }
        first_lines.shrink_to_fit();
        ParagraphDigest {
            first_lines,
            stating,
        }
    }
}

/// What `copied-previous` keeps of a document ([`BoilerplateCheck::paragraph_digest`]).
#[derive(Debug)]
struct ParagraphDigest {
    /// As last year's report: the line of the first paragraph with each hash (squeezed text).
    first_lines: HashMap<u64, usize>,
    /// As this year's: the substantial paragraphs that state figures.
    stating: Vec<StatingParagraph>,
}

#[derive(Debug)]
struct StatingParagraph {
    hash: u64,
    span: Span,
    /// The first figures written, for the note.
    figures: Vec<String>,
}

/// A paragraph of the newer report that is word for word one of the older report's.
fn copied_previous(
    cx: &DigestContext<'_>,
    newer: &ParagraphDigest,
    previous: &DigestContext<'_>,
    older: &ParagraphDigest,
    out: &mut Vec<Diagnostic>,
) {
    let zh = cx.lang == Lang::Zh;
    let older_name = previous.path.display().to_string();
    for p in &newer.stating {
        let Some(&line) = older.first_lines.get(&p.hash) else {
            continue;
        };
        let figures = &p.figures;
        let d = cx
            .rule
            .diagnostic(
                cx.rule.severity,
                cx.lang,
                &[("previous", &format!("{older_name}:{line}"))],
            )
            .with_label(Label::primary(
                p.span,
                if zh {
                    "与上年报告的段落完全相同"
                } else {
                    "word for word last year's paragraph"
                },
            ))
            .with_note(if zh {
                format!(
                    "{older_name}:{line} 写有同一段落，数字（{}）也未更新",
                    figures.join("、")
                )
            } else {
                format!(
                    "{older_name}:{line} has the same paragraph, its figures ({}) unchanged",
                    figures.join(", ")
                )
            });
        out.push(d);
    }
}

/// The same clause written twice in one paragraph (a sentence pasted twice).
fn repeated_clauses(
    cx: &CheckContext<'_>,
    p: &Paragraph,
    min_chars: usize,
    out: &mut Vec<Diagnostic>,
) {
    let zh = cx.lang == Lang::Zh;
    let text = &p.text.text;
    // Only a clause written again right after itself: a template paragraph repeats its
    // clauses (`与上年相比增加（减少）0万元`) for each item on purpose.
    let mut previous: Option<(String, std::ops::Range<usize>)> = None;
    for clause in clauses(text) {
        let body = squeeze(text[clause.clone()].trim_end_matches(['。', '；', ';', '！', '？']))
            .into_owned();
        if body.chars().filter(|c| is_han(*c)).count() < min_chars.max(6) {
            previous = None;
            continue;
        }
        if let Some((_, first)) = previous.as_ref().filter(|(b, _)| *b == body) {
            let d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[(
                        "line",
                        &(cx.source
                            .line_index(p.text.source_span(first.clone()).start)
                            + 1)
                        .to_string(),
                    )],
                )
                .with_label(Label::primary(
                    p.text.source_span(clause.clone()),
                    if zh {
                        "同一段中重复的句子"
                    } else {
                        "clause repeated in its paragraph"
                    },
                ))
                .with_label(Label::secondary(
                    p.text.source_span(first.clone()),
                    if zh {
                        "首次出现"
                    } else {
                        "first written here"
                    },
                ));
            out.push(d);
        }
        previous = Some((body, clause));
    }
}

/// The changes of a character diff, grouped into runs: `“旧” → “新”`.
fn word_diff(diff: &TextDiff<'_, '_, str>) -> Vec<String> {
    let mut out = Vec::new();
    for group in diff.grouped_ops(0) {
        let (mut old, mut new) = (String::new(), String::new());
        for op in group {
            for change in diff.iter_changes(&op) {
                match change.tag() {
                    ChangeTag::Delete => old.push_str(change.value()),
                    ChangeTag::Insert => new.push_str(change.value()),
                    ChangeTag::Equal => {}
                }
            }
        }
        if !(old.is_empty() && new.is_empty()) {
            out.push(format!("“{old}” → “{new}”"));
        }
    }
    out
}

/// The characters that end a place name.
const PLACE_ENDS: &[char] = &['省', '市', '区', '县', '州', '旗', '盟'];
/// Characters never inside a place name here (function words, other place ends, generic words).
const NOT_IN_PLACE: &str = "省市区县旗盟按照由经与和及的对在为将从向本我全各该其、，。：；（）()“”";

/// The place names written right before `end` in `text`, nearest first (`长治市屯留区` gives
/// 屯留区, 长治市). A place of `known` (the department's own) is read whole: its name may hold a
/// character that ends the reading elsewhere (`日照市`, `本溪市`, `和平区`, `从化区`).
fn places_before(text: &str, end: usize, known: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = end;
    loop {
        if let Some(place) = known
            .iter()
            .find(|p| p.chars().count() > 1 && text[..at].ends_with(p.as_str()))
        {
            at -= place.len();
            out.push((at, place.clone()));
            continue;
        }
        let mut chars = text[..at].char_indices().rev();
        let Some((suffix_at, suffix)) = chars.next() else {
            break;
        };
        if !PLACE_ENDS.contains(&suffix) {
            break;
        }
        let mut start = suffix_at;
        let mut len = 0;
        while let Some((i, c)) = chars.next() {
            if len == 4 || !is_han(c) {
                break;
            }
            if NOT_IN_PLACE.contains(c) {
                // `青岛市市南区`, `济南市市中区`: a `市` right after a place's own `市` begins
                // the district's name.
                if c == '市' && chars.next().is_some_and(|(_, b)| b == '市') {
                    start = i;
                    len += 1;
                }
                break;
            }
            start = i;
            len += 1;
        }
        // A verb read back with the place (`联系县教育局`, `咨询区财政局`) is no part of it; a
        // level word left alone (`县`) is the document's own short form, as `全区` is.
        if let Some(cut) = VERBS_BEFORE_PLACE
            .iter()
            .filter_map(|v| text[start..suffix_at].rfind(v).map(|i| start + i + v.len()))
            .max()
        {
            start = cut;
        }
        if len < 1 || start == suffix_at {
            break;
        }
        out.push((start, text[start..at].to_string()));
        at = start;
    }
    out
}

/// Verbs that may stand right before a body's name without a mark between (`联系县教育局计划
/// 财务股`, `请致电区财政局`): read back as the start of a place name they would make one up.
const VERBS_BEFORE_PLACE: &[&str] = &[
    "联系", "咨询", "致电", "拨打", "报送", "前往", "通知", "会同", "配合", "请",
];

/// A department's name split into its places (`长治市`, `屯留区`) and what the body is
/// (`医疗保障局`).
fn split_entity(name: &str) -> (Vec<String>, String) {
    static PLACE: LazyLock<LazyRegex> = LazyLock::new(|| {
        LazyRegex::new(r"^(?:中共)?([\p{Han}]{1,4}?(?:省|市|区|县|州|旗|盟))").expect("valid regex")
    });
    let mut places = Vec::new();
    let mut rest = name;
    while let Some(c) = PLACE.captures(rest) {
        let (Some(whole), Some(place)) = (c.get(0), c.get(1)) else {
            break;
        };
        // `州` is also inside names (`杭州市`, `贵州省`, `通州区`, `潞州区`): a `州` followed by a
        // place ending is part of the name that ending closes.
        let mut end = whole.end();
        if place.as_str().ends_with('州') {
            if let Some(next) = rest[end..]
                .chars()
                .next()
                .filter(|c| "省市区县".contains(*c))
            {
                end += next.len_utf8();
            }
        }
        places.push(rest[place.start()..end].to_string());
        rest = &rest[end..];
    }
    (places, rest.to_string())
}

fn foreign_entities(cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let zh = cx.lang == Lang::Zh;
    let Some(department) = cx.identity().department.as_deref() else {
        return;
    };
    let (own_places, body) = split_entity(department);
    if own_places.is_empty() || body.chars().count() < 3 {
        return;
    }
    // Headings, table titles and title-like lines (short, no sentence in them) name the
    // department in full; prose may name the superior department without the district.
    let texts = cx.document.blocks.iter().filter_map(|b| match b {
        Block::Paragraph(p) => Some((&p.text, is_title_like(&p.text.text))),
        Block::Heading(h) => Some((&h.text, true)),
        Block::Table(t) => t.title.as_ref().map(|x| (x, true)),
        _ => None,
    });
    for (text, heading) in texts {
        let joined = squeeze_text(text);
        for (at, _) in joined.0.match_indices(body.as_str()) {
            let places = places_before(&joined.0, at, &own_places);
            let Some(&(start, _)) = places.last() else {
                continue;
            };
            // A place read back may carry a word before it (`包括聊城市`): it is the own place
            // when it ends with it.
            // Reading back also stops at a function word inside a name (`呼和浩特市` read as
            // `浩特市`): a place that ends an own place is that place.
            let is_own = |p: &str| {
                own_places
                    .iter()
                    .any(|o| p.ends_with(o.as_str()) || o.ends_with(p))
            };
            let foreign = places.iter().find(|(_, p)| !is_own(p));
            // A heading without the department's own district or county (`上海市规划和自然资源
            // 局` for 上海市普陀区规划和自然资源局) names another body; one without only the city
            // above the district (`东港区文化和旅游局` for 日照市东港区文化和旅游局) is the same.
            let local = own_places.last().map(String::as_str);
            let has_local = places.first().is_some_and(|(_, p)| {
                local.is_some_and(|l| p.ends_with(l) || l.ends_with(p.as_str()))
            });
            let missing =
                heading && foreign.is_none() && places.len() < own_places.len() && !has_local;
            if foreign.is_none() && !missing {
                continue;
            }
            let written = &joined.0[start..at + body.len()];
            let last = joined.1[at + body.len() - 1];
            let end = last + text.text[last..].chars().next().map_or(1, char::len_utf8);
            let span = text.source_span(joined.1[start]..end);
            let reason = match (foreign, zh) {
                (Some((_, p)), true) => format!("地名“{p}”不是本单位的"),
                (Some((_, p)), false) => format!("`{p}` is not this department's place"),
                (None, true) => "单位名称缺少所在区县".to_string(),
                (None, false) => "the department's name lacks its district".to_string(),
            };
            let d = cx
                .rule
                .diagnostic(
                    cx.rule.severity,
                    cx.lang,
                    &[("name", written), ("own", department)],
                )
                .with_label(Label::primary(span, reason))
                .with_note(if zh {
                    format!("本文件的单位为“{department}”")
                } else {
                    format!("this document is {department}'s")
                });
            out.push(d);
        }
    }
}

/// A line that reads as a title: short, without sentence punctuation.
fn is_title_like(text: &str) -> bool {
    text.chars().count() <= 40 && !text.contains(['。', '，', '；', '：', ':', ','])
}

/// A text without whitespace (names are split by spaces and wraps in PDF text), with the byte
/// offset in the original text of each byte kept.
fn squeeze_text(text: &Text) -> (String, Vec<usize>) {
    let mut s = String::new();
    let mut map = Vec::new();
    for (i, c) in text.text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        s.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    (s, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_splits_into_places_and_body() {
        assert_eq!(
            split_entity("长治市屯留区医疗保障局"),
            (
                vec!["长治市".to_string(), "屯留区".to_string()],
                "医疗保障局".to_string()
            )
        );
        assert_eq!(
            split_entity("中共江苏省委办公厅"),
            (vec!["江苏省".to_string()], "委办公厅".to_string())
        );
    }

    #[test]
    fn a_zhou_inside_a_place_name_is_not_its_end() {
        let split = |name: &str| split_entity(name);
        let own = |places: &[&str], body: &str| {
            (
                places.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                body.to_string(),
            )
        };
        assert_eq!(
            split("杭州市西湖区文化广电旅游体育局"),
            own(&["杭州市", "西湖区"], "文化广电旅游体育局")
        );
        assert_eq!(
            split("长治市潞州区医疗保障局"),
            own(&["长治市", "潞州区"], "医疗保障局")
        );
        assert_eq!(
            split("贵州省贵阳市财政局"),
            own(&["贵州省", "贵阳市"], "财政局")
        );
        assert_eq!(
            split("北京市通州区园林绿化局"),
            own(&["北京市", "通州区"], "园林绿化局")
        );
        // A prefecture is a place of its own.
        assert_eq!(split("甘孜州财政局"), own(&["甘孜州"], "财政局"));
    }

    #[test]
    fn a_district_named_after_its_city_is_read_whole() {
        let text = "青岛市市南区文化局";
        let at = text.find("文化局").unwrap_or_default();
        let places: Vec<String> = places_before(text, at, &[])
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["市南区", "青岛市"]);
    }

    #[test]
    fn places_are_read_back_from_a_name_and_stop_at_function_words() {
        let text = "按照长治市潞州区医疗保障局";
        let at = text.find("医疗保障局").unwrap_or_default();
        let places: Vec<String> = places_before(text, at, &[])
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["潞州区", "长治市"]);
        let text = "全区医疗保障局";
        let at = text.find("医疗保障局").unwrap_or_default();
        assert!(places_before(text, at, &[]).is_empty());
        // xunyi-education-2026 (unseen): a verb before the own short form is no place; a
        // place after a verb is still read.
        let text = "请于工作日联系县教育局计划财务股";
        let at = text.find("教育局").unwrap_or_default();
        assert!(places_before(text, at, &[]).is_empty());
        let text = "联系淳化县教育局";
        let at = text.find("教育局").unwrap_or_default();
        let places: Vec<String> = places_before(text, at, &[])
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["淳化县"]);
    }

    #[test]
    fn an_own_place_holding_a_function_word_is_read_whole() {
        // `照` (of `按照`) ends a reading back; the department's own `日照市` is read whole.
        let (own, body) = split_entity("日照市东港区文化和旅游局");
        assert_eq!(own, vec!["日照市".to_string(), "东港区".to_string()]);
        let text = "日照市东港区文化和旅游局2023年度部门决算";
        let at = text.find(body.as_str()).unwrap_or_default();
        let places: Vec<String> = places_before(text, at, &own)
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["东港区", "日照市"]);
        // Without the department's places the reading stops at `照`.
        let places: Vec<String> = places_before(text, at, &[])
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["东港区"]);
        // Another city before the own district is still read.
        let text = "临沂市东港区文化和旅游局";
        let at = text.find(body.as_str()).unwrap_or_default();
        let places: Vec<String> = places_before(text, at, &own)
            .into_iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(places, vec!["东港区", "临沂市"]);
    }
}
