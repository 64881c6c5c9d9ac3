//! `check = "breakdown"`: the parts a `其中` lists add up to the whole before it.
//!
//! `…项目4个，共计金额273.76万元。其中：其他运转类项目3个，涉及金额236.76万元；特定目标类项目1个，
//! 涉及金额37.00万元。` The whole is the last amount (and the last count) written before the
//! `其中`, in its own sentence or, when the `其中` starts a sentence, in the sentence before; the
//! parts are the amounts (counts) after it up to the end of the sentence, a second `其中`, or a
//! comparison with last year. Parts that exceed the whole are an error whatever the listing; a
//! listing of several parts that falls short of the whole is a warning (a `其中` may name only
//! some parts, but several parts usually are all of them). Amounts that are changes (`增加`,
//! `减少`), thresholds (`100万元以上`) or in brackets take no part, and a whole that is a change
//! makes no breakdown.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::lazy_regex::LazyRegex;
use crate::model::{Paragraph, Unit};
use crate::number::scan_numbers;

use super::{Figure, yuan_per};

/// The whole and the parts of one `其中`, in amounts or in counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub whole: Figure,
    pub parts: Vec<Figure>,
    /// A count's classifier (`个`), `None` for money.
    pub classifier: Option<String>,
}

/// How the parts of a breakdown compare with its whole, rounding allowed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The parts add up to more than the whole.
    Exceeds,
    /// Several parts add up to less than the whole.
    FallsShort,
}

impl Breakdown {
    /// The parts' sum, in the whole's unit.
    pub fn sum(&self) -> Decimal {
        let scale = yuan_per(self.whole.unit);
        self.parts
            .iter()
            .map(|p| p.value * yuan_per(p.unit) / scale)
            .sum()
    }

    /// Whether parts adding up to between `low` and `high` may make the whole, within
    /// rounding.
    fn reaches(&self, (low, high): (Decimal, Decimal)) -> bool {
        let whole = self.in_yuan(&self.whole);
        low <= whole.1 && high >= whole.0
    }

    /// A figure's value in yuan as an interval (counts are exact).
    fn in_yuan(&self, f: &Figure) -> (Decimal, Decimal) {
        if self.classifier.is_some() {
            (f.value, f.value)
        } else {
            f.in_yuan()
        }
    }

    /// The lowest and highest the parts may add up to, in yuan.
    fn bounds(&self) -> (Decimal, Decimal) {
        self.parts
            .iter()
            .map(|f| self.in_yuan(f))
            .fold((Decimal::ZERO, Decimal::ZERO), |(l, h), (a, b)| {
                (l + a, h + b)
            })
    }

    pub fn mismatch(&self) -> Option<Mismatch> {
        // Counts are exact; amounts are rounded by half a unit of their last written place.
        let whole = self.in_yuan(&self.whole);
        let (low, high) = self.bounds();
        if low > whole.1 {
            Some(Mismatch::Exceeds)
        } else if self.parts.len() >= 2 && high < whole.0 {
            Some(Mismatch::FallsShort)
        } else {
            None
        }
    }
}

/// A count: arabic or Chinese numerals and a classifier.
static COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[零一二两三四五六七八九十百]+)\\s*(个|项|辆|人|家|批次|台|套|名|所|处|条)",
    )
    .expect("count pattern compiles")
});

/// `按单位分：`, `按项目类型分，`: a count listed again by another dimension.
static BY_DIMENSION: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new("按[^，,。；;：:、0-9]{1,10}?分[：:，,]").expect("dimension pattern compiles")
});

/// Words after which an amount is a change against last year, not a part.
pub(super) const CHANGE_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "压减", "调减", "调增", "增支", "减支",
];

/// The value of Chinese numerals up to 999 (`两` = 2, `十一` = 11, `二十` = 20).
pub fn chinese_count(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    // `2,856人`: thousands separators between groups of three digits.
    if s.contains(',') && s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return s.replace(',', "").parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    let (mut total, mut current) = (0, None::<u32>);
    for c in s.chars() {
        match c {
            '两' => current = Some(2),
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current? * 100;
                current = None;
            }
            _ => current = Some(digit(c)?),
        }
    }
    Some(total + current.unwrap_or(0))
}

/// One figure of the paragraph, money or count, in text order.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    end: usize,
    figure: Figure,
    classifier: Option<String>,
    /// A change against last year, a threshold, or in brackets: no whole and no part.
    aside: bool,
    /// In brackets (`（其中：公务用车购置费 0 万元，…）`): part of a bracketed breakdown only.
    bracketed: bool,
    /// Introduced as a total (`共`, `合计`) since the figure before it: the whole of another
    /// statement, where a list of parts ends.
    total: bool,
}

/// Whether `clause` introduces the figure after it as a total (`共`, `共计`, `合计`, `总计`,
/// `总额`) rather than as a part; the `共` of `公共` (`一般公共预算`) is no total.
fn introduces_total(clause: &str) -> bool {
    ["合计", "总计", "总额"].iter().any(|w| clause.contains(w))
        || clause
            .match_indices('共')
            .any(|(i, _)| !clause[..i].ends_with('公'))
}

/// The clause before byte `at`: from the last `，。；：` (or the paragraph's start).
fn clause_before(text: &str, at: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rfind(|(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..at]
}

/// Whether a clause names the source of the money (`一般公共预算安排的`, `政府性基金`).
fn names_a_fund_source(clause: &str) -> bool {
    [
        "一般公共预算",
        "政府性基金",
        "国有资本经营",
        "财政拨款",
        "财政专户",
        "上级补助",
        "事业收入",
        "其他资金",
        "自有资金",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// Every breakdown of a paragraph.
pub fn breakdowns(p: &Paragraph) -> Vec<Breakdown> {
    let text = &p.text.text;
    let mut mentions: Vec<Mention> = Vec::new();
    // Whether more brackets open than close before a byte offset: the running balance after
    // each bracket, looked up by binary search so a long paragraph is read once.
    let balance: Vec<(usize, i64)> = text
        .match_indices(['（', '(', '）', ')'])
        .scan(0_i64, |depth, (i, b)| {
            *depth += if matches!(b, "（" | "(") { 1 } else { -1 };
            Some((i, *depth))
        })
        .collect();
    let depth_at = |at: usize| {
        let seen = balance.partition_point(|&(i, _)| i < at);
        seen > 0 && balance[seen - 1].1 > 0
    };
    let aside = |start: usize, end: usize| {
        let before: String = text[..start]
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .take(8)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = text[end..].trim_start();
        // The clause before the figure: `增加基本支出 844.15 万元` is a change too.
        let clause_start = text[..start]
            .char_indices()
            .rfind(|(_, c)| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let clause = &text[clause_start..start];
        CHANGE_WORDS
            .iter()
            .any(|w| before.ends_with(w) || clause.contains(w))
            || ["以上", "以下", "以内", "及以上"]
                .iter()
                .any(|w| after.starts_with(w))
    };
    for f in scan_numbers(text) {
        if f.unit.is_some_and(Unit::is_money) {
            mentions.push(Mention {
                at: f.range.start,
                end: f.unit_end,
                figure: Figure::found(p, &f),
                classifier: None,
                aside: aside(f.range.start, f.unit_end) || depth_at(f.range.start),
                bracketed: depth_at(f.range.start) && !aside(f.range.start, f.unit_end),
                total: false,
            });
        }
    }
    for c in COUNT.captures_iter(text) {
        let (Some(whole), Some(n), Some(classifier)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        // `2024年`, `3.5个`: a count stands alone.
        if text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '第')
        {
            continue;
        }
        let Some(value) = chinese_count(n.as_str()) else {
            continue;
        };
        // `单项金额100万元以上的项目2个`: a count of the items above a threshold is a subset by
        // size, not a part of a listing by kind.
        let by_size = ["以上", "以下", "以内"]
            .iter()
            .any(|w| clause_before(text, whole.start()).contains(w));
        mentions.push(Mention {
            at: whole.start(),
            end: whole.end(),
            figure: Figure {
                value: Decimal::from(value),
                decimals: 0,
                unit: None,
                span: p.text.source_span(whole.start()..whole.end()),
            },
            classifier: Some(classifier.as_str().to_string()),
            aside: by_size || aside(whole.start(), whole.end()) || depth_at(whole.start()),
            bracketed: depth_at(whole.start()) && !aside(whole.start(), whole.end()),
            total: false,
        });
    }
    mentions.sort_by_key(|m| m.at);
    // `其中:30 万元用于…;30 万元用于… 本项目共完成预算资金 89.97 万元`: two cells set side by
    // side in aligned text run into one paragraph, and the second statement's total is no
    // part of the first one's list.
    let mut previous_end = 0;
    for m in &mut mentions {
        let clause_start = text[..m.at]
            .rfind(['，', ',', '。', '；', ';', '：', ':'])
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let from = previous_end.max(clause_start).min(m.at);
        m.total = introduces_total(&text[from..m.at]);
        previous_end = previous_end.max(m.end);
    }

    let starting = |from: usize, to: usize| starting_in(&mentions, from, to);
    let marks = super::ListMarks::of(text);
    let mut out = dimension_breakdowns(text, &mentions, &marks);
    for (q, _) in text.match_indices("其中") {
        if depth_at(q) {
            out.extend(bracketed_breakdown(text, &mentions, q));
            continue;
        }
        let sentence_start = marks.sentence_start(q);
        // When `其中` opens a sentence, its whole is in the sentence before.
        let whole_from = if text[sentence_start..q].trim().is_empty() {
            marks.sentence_start(sentence_start.saturating_sub('。'.len_utf8()))
        } else {
            sentence_start
        };
        // After another 其中, the last figure is one of its parts, and which whole this `其中`
        // breaks down is not clear — unless a `；` closes the first list and a new clause
        // states the second whole (`共有房屋…，其中：办公用房…；共有车辆 3 辆，其中：…`).
        //
        // The first list's parts are then separated by `；`, and this one, nested in it
        // (`其中：因公出国（境）费0万元；公务用车购置及运行费5.40万元，其中：购置费0万元，运行费
        // 5.40万元；公务接待费2.00万元`), ends at the next `；`: what follows is the outer list's.
        let (whole_from, nested) = match marks.last_opening_within(whole_from, q) {
            None => (whole_from, false),
            // Only within one sentence: a `其中` that opens a sentence after another list has
            // no clear whole.
            Some(_) if whole_from != sentence_start => continue,
            Some(i) => {
                let after_other = i + "其中".len();
                match text[after_other..q].rfind(['；', ';']) {
                    Some(j) => (
                        after_other
                            + j
                            + text[after_other + j..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8),
                        true,
                    ),
                    None => continue,
                }
            }
        };
        // The parts end at the sentence's end, the next `其中` or a change against last year;
        // the words are looked for within the sentence only, so many `其中` cost one pass each.
        let after_q = q + "其中".len();
        let sentence_end = marks.period_from(after_q);
        let parts_to = marks
            .first_cut_within(after_q, sentence_end.unwrap_or(text.len()))
            .or(sentence_end)
            .unwrap_or(text.len());
        for classifier in figure_kinds(starting(q + 1, parts_to), q, parts_to) {
            let same_kind = |m: &&Mention| m.classifier == classifier;
            // The last figure before the `其中` that is not a change against last year
            // (`预算数为 10.00 万元，比上年减少 2.00 万元，其中：…` breaks down the 10.00), nor
            // in brackets; a threshold before it makes no breakdown.
            let Some(whole) = starting(whole_from, q).iter().rfind(|m| {
                m.at >= whole_from
                    && m.end <= q
                    && same_kind(m)
                    && !m.bracketed
                    && !(m.aside && is_change(text, m))
            }) else {
                continue;
            };
            if whole.aside {
                continue;
            }
            // `其中：行政编制21人，事业编制165人；实有人数179人`: a `；` after parts that already
            // make the whole ends the list when the figure after it is labelled unlike the
            // parts (`实有人数` after `…编制`): what follows is another statement. Parts alike
            // (`…涉及项目金额 273.76 万元；特定目标类项目1个，涉及项目金额 37.00 万元`) go on.
            let label_end = |m: &Mention| {
                let start = text[..m.at]
                    .rfind(['，', ',', '；', ';', '：', ':', '。'])
                    .unwrap_or(0);
                text[start..m.at].trim_end().chars().next_back()
            };
            // The text from a figure to the next `；` or `。`: a part's own statement, of its
            // change (`比上年减少…`, `与上年持平`) or its share of a whole (`占“三公”经费支出的
            // 13.85%`).
            let changes_after = |m: &Mention| {
                let rest = &text[m.end..];
                let segment = &rest[..rest.find(['；', ';', '。']).unwrap_or(rest.len())];
                CHANGE_WORDS.iter().any(|w| segment.contains(w))
                    || segment.contains("持平")
                    || segment
                        .find('占')
                        .is_some_and(|at| segment[at..].contains(['%', '％']))
            };
            let mut breakdown = Breakdown {
                whole: whole.figure.clone(),
                parts: Vec::new(),
                classifier: classifier.clone(),
            };
            // `其中：因公出国（境）费支出预算为 0 万元，支出决算为 0 万元；公务用车运行费支出预算为
            // 20.00 万元，支出决算为 18.65 万元…`: each part states a budget and an outturn; the
            // parts are the figures of the whole's own kind, and without a kind for the whole
            // which to sum is not clear.
            let in_list = |m: &&Mention| m.at > q && m.end <= parts_to;
            let listed = starting(q + 1, parts_to);
            let roles: Vec<Option<Role>> = listed
                .iter()
                .filter(in_list)
                .filter(same_kind)
                .map(|m| role_of(text, m.at))
                .collect();
            let mixed = roles.contains(&Some(Role::Budget)) && roles.contains(&Some(Role::Outturn));
            let keep_role = match (mixed, role_of(text, whole.at)) {
                (false, _) => None,
                (true, Some(r)) => Some(r),
                (true, None) => continue,
            };
            let mut parts: Vec<&Mention> = Vec::new();
            // The parts' bounds so far, added up as `Breakdown::bounds` does, so that a list
            // of thousands of parts is not added up again at each one.
            let mut sum = (Decimal::ZERO, Decimal::ZERO);
            for m in listed
                .iter()
                .filter(in_list)
                .filter(same_kind)
                .filter(|m| keep_role.is_none_or(|r| role_of(text, m.at) == Some(r)))
                .take_while(|m| !m.aside && !m.total)
            {
                if let Some(last) = parts.last()
                    && text[last.end..m.at].contains(['；', ';'])
                    && (nested
                        || breakdown.reaches(sum)
                            && (parts.iter().all(|p| label_end(p) != label_end(m))
                                || (changes_after(m) && !changes_after(last))))
                {
                    break;
                }
                parts.push(m);
                let (low, high) = breakdown.in_yuan(&m.figure);
                sum = (sum.0 + low, sum.1 + high);
                breakdown.parts.push(m.figure.clone());
            }
            if parts.is_empty() {
                continue;
            }
            // `项目5个，其中：一般公共预算安排的项目5个，政府性基金预算安排的项目1个`: money
            // splits exactly by source, but an item paid from two sources is counted under
            // each, so counts by source may add up to more than the whole.
            if classifier.is_some()
                && breakdown.mismatch() == Some(Mismatch::Exceeds)
                && parts
                    .iter()
                    .filter(|m| names_a_fund_source(clause_before(text, m.at)))
                    .count()
                    >= 2
            {
                continue;
            }
            // With a change between the whole and the `其中`, the parts may break down the
            // change instead (`比上年减少 20 万元，其中：A 12 万元，B 8 万元`): only parts that
            // exceed the whole and are not the change's parts are certain.
            let change = starting(whole.end + 1, q)
                .iter()
                .rfind(|m| m.at > whole.end && m.end <= q && same_kind(m) && m.aside);
            if let Some(change) = change {
                let of_change = Breakdown {
                    whole: change.figure.clone(),
                    ..breakdown.clone()
                };
                if of_change.mismatch().is_none() || breakdown.mismatch() != Some(Mismatch::Exceeds)
                {
                    continue;
                }
            }
            // A list the paragraph cuts off in mid-sentence (`…10.00 万元，信息`: the rest in a
            // paragraph of its own after a short line) may go on: falling short proves nothing.
            let cut_off = parts_to == text.len()
                && !text
                    .trim_end()
                    .ends_with(['。', '；', ';', '！', '!', '？', '?']);
            if cut_off && breakdown.mismatch() == Some(Mismatch::FallsShort) {
                continue;
            }
            out.push(breakdown);
        }
    }
    out
}

/// `实行绩效目标管理的项目 34 个，…。按单位分：甲 17 个，乙 8 个…；按项目类型分：特定目标类项目
/// 24 个，其他运转类项目 10 个。`: each `按…分` lists the count before the first of them again,
/// its parts up to the next `；`, `。` or `按…分`. Only counts, and not by the source of the
/// money (a project paid from two sources is counted under each).
fn dimension_breakdowns(
    text: &str,
    mentions: &[Mention],
    marks: &super::ListMarks,
) -> Vec<Breakdown> {
    let mut out = Vec::new();
    if !text.contains('按') {
        return out;
    }
    let introducers: Vec<(usize, usize)> = BY_DIMENSION
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    // The first introducer of the current run (those after one whole, a `；` apart).
    let mut first = 0;
    for (k, &(q, e)) in introducers.iter().enumerate() {
        let run_goes_on = k > 0
            && marks
                .period_from(introducers[k - 1].1)
                .is_none_or(|p| p >= q);
        if !run_goes_on {
            first = q;
        }
        let said = &text[q..e];
        if said.contains("来源") || said.contains("资金") || said.contains("金额") {
            continue;
        }
        // The whole: the last count before it, in its sentence or the one before.
        let start = marks.sentence_start(first);
        let counted = |from: usize| {
            starting_in(mentions, from, first)
                .iter()
                .any(|m| m.end <= first && m.classifier.is_some())
        };
        let from = if counted(start) {
            start
        } else {
            marks.sentence_start(start.saturating_sub('。'.len_utf8()))
        };
        // A `其中` list between them (`项目二十八个。其中：…项目二十四个，…项目四个。按项目类型
        // 分，…`) lists the same whole by one dimension: the whole stands before it.
        let before = marks.first_opening_within(from, first).unwrap_or(first);
        // A `其中` opening its own sentence (`…项目二十八个，…。其中：…项目二十四个，…。按项目
        // 类型分，…`) has its whole in the sentence before it.
        let (from, before) = if before < first && text[from..before].trim().is_empty() {
            (
                marks.sentence_start(from.saturating_sub('。'.len_utf8())),
                from,
            )
        } else {
            (from, before)
        };
        let Some(whole) = starting_in(mentions, from, before)
            .iter()
            .rfind(|m| m.end <= before && m.classifier.is_some() && !m.bracketed)
        else {
            continue;
        };
        if whole.aside {
            continue;
        }
        // The parts end at the next `；` or `。`, or the next introducer.
        let limit = introducers
            .get(k + 1)
            .map_or(text.len(), |&(next, _)| next)
            .min(marks.period_from(e).unwrap_or(text.len()));
        let to = e + text[e..limit].find(['；', ';']).unwrap_or(limit - e);
        let parts: Vec<&Mention> = starting_in(mentions, e, to)
            .iter()
            .filter(|m| m.end <= to && m.classifier == whole.classifier)
            .collect();
        if parts.len() < 2 || parts.iter().any(|m| m.aside || m.total) {
            continue;
        }
        if parts
            .iter()
            .any(|m| names_a_fund_source(clause_before(text, m.at)))
        {
            continue;
        }
        out.push(Breakdown {
            whole: whole.figure.clone(),
            parts: parts.iter().map(|m| m.figure.clone()).collect(),
            classifier: whole.classifier.clone(),
        });
    }
    out
}

/// The mentions that start within bytes `from..to`: the list is in order, so each list of a
/// long paragraph reads the mentions of its own sentence, not all of them.
fn starting_in(mentions: &[Mention], from: usize, to: usize) -> &[Mention] {
    let first = mentions.partition_point(|m| m.at < from);
    let after = mentions.partition_point(|m| m.at < to);
    &mentions[first..after.max(first)]
}

/// Whether a figure is stated as a budget or as an outturn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Budget,
    Outturn,
}

/// The role the words just before a figure give it, within its clause: `支出预算为`,
/// `年初预算数`, `预算是` → budget; `支出决算为`, `决算数`, `执行数为` → outturn. Names that only
/// contain the word (`一般公共预算拨款收入`) give none.
fn role_of(text: &str, at: usize) -> Option<Role> {
    let clause = clause_before(text, at).trim_end();
    let verb = clause.strip_suffix(['为', '是']).map(str::trim_end);
    let label = verb.unwrap_or(clause);
    let counted = label.strip_suffix('数');
    let label = counted.unwrap_or(label);
    if label.ends_with("决算") || label.ends_with("执行") {
        Some(Role::Outturn)
    } else if label.ends_with("预算") && (verb.is_some() || counted.is_some()) {
        Some(Role::Budget)
    } else {
        None
    }
}

/// `绩效评级为“优”的项目39个`, `评价等级为良好的项目2个`, `“差”等次项目0个`: a count of projects
/// of one self-evaluation grade, with the grade's rank (优, 良, 中, 差). Without the word 项目
/// (`其中：优 6 个，良 2 个`, `自评结果为优的5个、良的2个`) the grade must open its clause or
/// follow `为`, so that `其中的1个` is no grade 中.
static GRADE_COUNT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "(?:(?:^|[为：:、，,；;\\s])[“\"]?(?P<bare>优秀|优|良好|良|中等|中|合格|一般|不合格|较差|差)[”\"]?(?:等次|等级|级)?(?:的)?(?:项目)?|[“\"]?(?P<grade>优秀|优|良好|良|中等|中|合格|一般|不合格|较差|差)[”\"]?(?:等次|等级|级)?(?:的)?项目)\\s*(?P<n>[0-9]+|[零一二两三四五六七八九十百]+)\\s*个",
    )
    .expect("grade count pattern compiles")
});

/// `绩效自评的2024年度项目39个`, `开展绩效自评，共涉及项目8个`, `对2025年度12个一般公共预算项目
/// 开展了绩效自评`: the projects a self-evaluation graded.
static EVALUATED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "自评[^。；;，,（(]{0,16}?项目\\s*(?:共)?\\s*(?P<n>[0-9]+|[零一二两三四五六七八九十百]+)\\s*个|自评[，,]\\s*(?:共)?\\s*(?:涉及|覆盖|包括)\\s*项目\\s*(?P<n3>[0-9]+|[零一二两三四五六七八九十百]+)\\s*个|对[^。；;，,]{0,10}?(?P<n2>[0-9]+|[零一二两三四五六七八九十百]+)\\s*个[^。；;，,]{0,12}?项目[^。；;，,]{0,8}?自评",
    )
    .expect("evaluated count pattern compiles")
});

/// Compile this module's patterns ahead of their first use, on an idle thread
/// ([`crate::kinds::warm_patterns`]).
pub(crate) fn warm_patterns(hint: Option<&str>) {
    for pattern in [&COUNT, &GRADE_COUNT, &EVALUATED] {
        pattern.warm(hint);
    }
}

/// The grades of a self-evaluation (`优` + `良` + `中` + `差` projects) against the number of
/// projects it evaluated, stated before them in the same paragraph. Each grade is counted once;
/// a grade named twice, or a grade count before the count of projects, is no breakdown.
pub fn grade_breakdowns(p: &Paragraph) -> Vec<Breakdown> {
    let text = &p.text.text;
    let count = |m: crate::lazy_regex::Match<'_>, whole: crate::lazy_regex::Match<'_>| {
        chinese_count(m.as_str()).map(|v| Figure {
            value: Decimal::from(v),
            decimals: 0,
            unit: None,
            span: p.text.source_span(m.start()..whole.end()),
        })
    };
    // `自评结果为优的项目9个` is a grade's count, not the projects evaluated.
    let Some(evaluated) = EVALUATED
        .captures_iter(text)
        .filter(|c| c.get(0).is_some_and(|m| !GRADE_COUNT.is_match(m.as_str())))
        .last()
    else {
        return Vec::new();
    };
    let (Some(whole_match), Some(n)) = (
        evaluated.get(0),
        evaluated
            .name("n")
            .or_else(|| evaluated.name("n2"))
            .or_else(|| evaluated.name("n3")),
    ) else {
        return Vec::new();
    };
    let Some(whole) = count(n, whole_match) else {
        return Vec::new();
    };
    let mut ranks: Vec<usize> = Vec::new();
    let mut parts = Vec::new();
    for c in GRADE_COUNT.captures_iter(&text[whole_match.end()..]) {
        let (Some(all), Some(grade), Some(n)) = (
            c.get(0),
            c.name("grade").or_else(|| c.name("bare")),
            c.name("n"),
        ) else {
            continue;
        };
        let rank = match grade.as_str() {
            "优秀" | "优" => 0,
            "良好" | "良" => 1,
            "中等" | "中" | "合格" | "一般" => 2,
            _ => 3,
        };
        if ranks.contains(&rank) {
            return Vec::new();
        }
        ranks.push(rank);
        let Some(value) = chinese_count(n.as_str()) else {
            return Vec::new();
        };
        let offset = whole_match.end();
        parts.push(Figure {
            value: Decimal::from(value),
            decimals: 0,
            unit: None,
            span: p.text.source_span(offset + n.start()..offset + all.end()),
        });
    }
    if parts.len() < 2 {
        return Vec::new();
    }
    vec![Breakdown {
        whole,
        parts,
        classifier: Some("个".to_string()),
    }]
}

/// The kinds of figure (money, or each classifier) listed after a `其中` at `q`.
/// Whether a figure is a change against last year (`比上年减少 2.00 万元`), written right
/// after its change word.
fn is_change(text: &str, m: &Mention) -> bool {
    let before = text[..m.at].trim_end();
    CHANGE_WORDS.iter().any(|w| before.ends_with(w))
}

/// A `其中` in brackets right after an amount: `公务用车购置及运行维护费 7.00 万元（其中：公务用车
/// 购置费 0 万元，公务用车运行维护费 7.00 万元）`. The whole is the figure right before the
/// bracket, the parts the figures of its kind inside it.
fn bracketed_breakdown(text: &str, mentions: &[Mention], q: usize) -> Vec<Breakdown> {
    let Some(open) = text[..q].rfind(['（', '(']) else {
        return Vec::new();
    };
    // Only `（其中`: a bracket that opens with something else is not a breakdown of the figure
    // before it.
    if !text[open..q].chars().skip(1).all(char::is_whitespace) {
        return Vec::new();
    }
    let Some(close) = text[q..].find(['）', ')']).map(|i| q + i) else {
        return Vec::new();
    };
    let Some(whole) = mentions
        .iter()
        .rfind(|m| m.end <= open && text[m.end..open].trim().is_empty())
    else {
        return Vec::new();
    };
    if whole.aside {
        return Vec::new();
    }
    let parts: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.at > q && m.end <= close && m.classifier == whole.classifier)
        .collect();
    if parts.is_empty() || parts.iter().any(|m| !m.bracketed) {
        return Vec::new();
    }
    vec![Breakdown {
        whole: whole.figure.clone(),
        parts: parts.iter().map(|m| m.figure.clone()).collect(),
        classifier: whole.classifier.clone(),
    }]
}

fn figure_kinds(mentions: &[Mention], q: usize, to: usize) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    for m in mentions.iter().filter(|m| m.at > q && m.end <= to) {
        if !out.contains(&m.classifier) {
            out.push(m.classifier.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn read(s: &str) -> Vec<(String, Vec<String>, Option<Mismatch>)> {
        breakdowns(&Paragraph {
            text: Text::from_source(s, 0),
            numbers: Vec::new(),
        })
        .iter()
        .map(|b| {
            (
                b.whole.value.to_string(),
                b.parts.iter().map(|p| p.value.to_string()).collect(),
                b.mismatch(),
            )
        })
        .collect()
    }

    #[test]
    fn parts_stating_a_budget_and_an_outturn_are_summed_by_the_wholes_kind() {
        // Shanghai's 三公 paragraph: each item's budget and outturn; the whole is an outturn.
        let s = "“三公”经费财政拨款支出预算为 21.00 万元，支出决算为 18.65 万元，完成预算的 88.81%。其中：因公出国（境）费支出预算为 0 万元，支出决算为 0 万元；公务用车购置费支出预算为 0 万元，支出决算为 0 万元；公务用车运行费支出预算为 20.00 万元，支出决算为 18.65 万元，完成预算的 93.25%；公务接待费支出预算为 1.00 万元，支出决算为 0 万元。";
        assert_eq!(
            read(s),
            vec![(
                "18.65".into(),
                vec!["0".into(), "0".into(), "18.65".into(), "0".into()],
                None
            )]
        );
        // An outturn that no longer adds up is still found.
        let wrong = s.replace(
            "20.00 万元，支出决算为 18.65",
            "20.00 万元，支出决算为 28.65",
        );
        assert_eq!(read(&wrong)[0].2, Some(Mismatch::Exceeds));
        // Mixed parts under a whole of no stated kind: which to sum is not clear.
        let unkinded = s.replace(
            "支出预算为 21.00 万元，支出决算为 18.65 万元",
            "支出 18.65 万元",
        );
        assert!(read(&unkinded).is_empty());
    }

    #[test]
    fn a_count_listed_again_by_unit_and_by_type_adds_up_each_time() {
        let s = "2026 年本部门实行绩效目标管理的项目 34 个，涉及一般公共预算拨款 5894.30 万元。按单位分：永靖县卫生健康局（本级）17 个，永靖县疾病预防控制中心 8 个，永靖县妇幼保健院 5 个，永靖县卫生健康综合服务中心 4 个；按项目类型分：特定目标类项目 24 个，其他运转类项目 10 个。";
        let counts = |s: &str| -> Vec<(String, usize, Option<Mismatch>)> {
            read(s)
                .into_iter()
                .map(|(w, parts, m)| (w, parts.len(), m))
                .collect()
        };
        assert_eq!(
            counts(s),
            vec![("34".into(), 4, None), ("34".into(), 2, None)]
        );
        let wrong = s.replace("其他运转类项目 10 个", "其他运转类项目 11 个");
        assert_eq!(counts(&wrong)[1].2, Some(Mismatch::Exceeds));
        // After a `其中` list of the same whole, the whole stands before the `其中`.
        let after_list = "共安排项目二十八个，项目支出10742.99万元。其中：使用一般公共预算资金的项目二十四个，使用政府性基金预算资金的项目四个。按项目类型分，延续性项目二十二个，新增项目六个。";
        // (The first is the `按项目类型分` list, the second the `其中` by source of money.)
        assert_eq!(
            counts(after_list),
            vec![("28".into(), 2, None), ("28".into(), 2, None)]
        );
        let wrong = after_list.replace("新增项目六个", "新增项目七个");
        assert_eq!(counts(&wrong)[0], ("28".into(), 2, Some(Mismatch::Exceeds)));
        // By the source of the money, a project paid from two sources is counted twice.
        let by_source = "项目 5 个。按资金来源分：一般公共预算项目 5 个，政府性基金预算项目 1 个。";
        assert!(read(by_source).is_empty());
    }

    #[test]
    fn counts_by_fund_source_or_by_size_may_overlap_their_whole() {
        // A project paid from both sources is counted under each; the projects above a
        // threshold are a subset by size, not a further kind.
        let overlapping = "项目支出共安排项目5个，其中：一般公共预算安排的项目5个，政府性基金预算安排的项目1个；单项金额10000万元以上的项目2个。";
        assert!(
            read(overlapping).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(overlapping)
        );
        // Counts by kind still add up: one too many is found.
        let by_kind = "项目支出共安排项目5个，其中：其他运转类项目3个，特定目标类项目3个；单项金额100万元以上的项目2个。";
        assert_eq!(
            read(by_kind),
            vec![(
                "5".to_string(),
                vec!["3".to_string(), "3".to_string()],
                Some(Mismatch::Exceeds)
            )]
        );
    }

    #[test]
    fn a_whole_before_its_change_against_last_year_is_broken_down() {
        // The national budget wording of the 三公经费.
        let right = "2024年“三公”经费财政拨款预算数为10.00万元，比上年预算减少2.00万元，其中：因公出国（境）费0万元，公务接待费3.00万元，公务用车购置及运行维护费7.00万元。";
        assert!(
            read(right).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(right)
        );
        let wrong = right.replace("公务接待费3.00万元", "公务接待费4.00万元");
        assert!(
            read(&wrong)
                .iter()
                .any(|(w, _, m)| w == "10.00" && *m == Some(Mismatch::Exceeds)),
            "{:?}",
            read(&wrong)
        );
        // Parts that add up to the change break the change down: no finding, even above the
        // whole; parts short of the whole may be of the change: no finding either.
        let of_change =
            "支出10.00万元，比上年减少20.00万元，其中：人员经费12.00万元，公用经费8.00万元。";
        assert!(
            read(of_change).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(of_change)
        );
        let short =
            "支出100.00万元，比上年增加20.00万元，其中：人员经费15.00万元，公用经费4.00万元。";
        assert!(
            read(short).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(short)
        );
    }

    #[test]
    fn a_bracketed_breakdown_is_of_the_amount_before_the_bracket() {
        let right = "公务用车购置及运行维护费7.00万元（其中：公务用车购置费0万元，公务用车运行维护费7.00万元），公务接待费3.00万元。";
        assert!(
            read(right).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(right)
        );
        let wrong = right.replace("运行维护费7.00万元）", "运行维护费8.00万元）");
        assert!(
            read(&wrong)
                .iter()
                .any(|(w, p, m)| w == "7.00" && p.len() == 2 && *m == Some(Mismatch::Exceeds)),
            "{:?}",
            read(&wrong)
        );
        // A bracket that does not open with `其中` is not read as one.
        let other = "公务用车购置及运行维护费7.00万元（主要用于车辆保险等，其中保险费8.00万元）。";
        assert!(read(other).is_empty(), "{:?}", read(other));
    }

    #[test]
    fn a_list_cut_off_by_the_paragraph_falls_short_of_nothing() {
        // sh-putuo-finance-2025 line 407, wrapped narrower: the paragraph ends at `信 息`.
        let cut = "涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费 10.00 万元，信息";
        assert!(
            read(cut).iter().all(|(_, _, m)| m.is_none()),
            "{:?}",
            read(cut)
        );
        let ended =
            "涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费 10.00 万元。";
        assert_eq!(read(ended)[0].2, Some(Mismatch::FallsShort));
        // Parts above the whole are wrong however the list goes on.
        let over = cut.replace("418.80", "618.80");
        assert_eq!(read(&over)[0].2, Some(Mismatch::Exceeds));
    }

    #[test]
    fn a_list_that_makes_its_whole_ends_at_a_semicolon_before_another_statement() {
        for s in [
            // Another figure after the `；`, labelled unlike the parts.
            "年末编制人数186人，其中：行政编制21人，事业编制165人；实有人数179人。",
            "公务用车购置及运行维护费支出决算为26.54万元，其中：公务用车购置费0.00万元，公务用车运行维护费26.54万元；公务接待费支出决算为5.23万元。",
            // Labelled alike, but with its own change against last year.
            "公务用车购置及运行费48.00万元，比2025年预算减少4.00万元，其中：公务用车购置费0.00万元，公务用车运行费48.00万元；公务接待费15.00万元，比2025年预算减少3.00万元。",
            // Thousands separators in a count.
            "2024年末在职教职工213人，其中：专任教师186人，其他教职工27人；在校学生2,856人。",
            // daliang-street-2024 (unseen): labelled alike, with its own share and 持平.
            "公务用车购置及运行维护费7.65万元，占“三公”经费支出的86.15%，较上年减少0.33万元，下降4.14%，其中：公务用车购置费0.00万元，公务用车运行维护费7.65万元；公务接待费1.23万元，占“三公”经费支出的13.85%，与上年持平。",
            "公务用车购置及运行维护费7.65万元，其中：公务用车购置费0.00万元，公务用车运行维护费7.65万元；公务接待费1.23万元，与上年持平。",
            // A list nested in one whose parts a `；` separates ends at the next `；`
            // (unseen12 fenshui-town-2026-budget, from pandoc's Markdown).
            "2026年“三公”经费预算7.40万元，较2025年预算减少1.10万元，下降12.94%。其中：因公出国（境）费0万元；公务用车购置及运行费5.40万元，其中：公务用车购置费0万元，公务用车运行费5.40万元；公务接待费2.00万元。",
        ] {
            let found = read(s);
            assert!(found.iter().all(|b| b.2.is_none()), "{s}: {found:?}");
        }
        // A part changed: the list no longer makes its whole at the `；`, and still exceeds it.
        let found = read("年末编制人数186人，其中：行政编制31人，事业编制165人；实有人数179人。");
        assert!(
            found.iter().any(|b| b.2 == Some(Mismatch::Exceeds)),
            "{found:?}"
        );
        assert_eq!(chinese_count("2,856"), Some(2856));
        // The nested list is still checked up to its `；`.
        let found = read(
            "三公经费预算7.40万元。其中：因公出国（境）费0万元；公务用车购置及运行费5.40万元，其中：公务用车购置费0万元，公务用车运行费6.40万元；公务接待费2.00万元。",
        );
        assert!(
            found
                .iter()
                .any(|b| b.0 == "5.40" && b.2 == Some(Mismatch::Exceeds)),
            "{found:?}"
        );
    }

    #[test]
    fn chinese_numerals_are_read() {
        assert_eq!(chinese_count("两"), Some(2));
        assert_eq!(chinese_count("十一"), Some(11));
        assert_eq!(chinese_count("二十"), Some(20));
        assert_eq!(chinese_count("一百零五"), Some(105));
        assert_eq!(chinese_count("12"), Some(12));
    }

    #[test]
    fn a_breakdown_over_two_sentences_is_read_in_amounts_and_counts() {
        // tunliu-2025-budget.md line 450.
        let s = "纳入绩效目标管理的2级项目4个，共计金额273.76万元。其中：其他运转类项目3个，涉及金额236.76万元；特定目标类项目1个，涉及金额37.00万元。公开项目绩效目标4个，涉及项目金额273.76万元，占部门（单位）项目支出总额的100%。其中：其他运转类项目3个，涉及项目金额273.76万元；特定目标类项目1个，涉及项目金额37.00万元。";
        let found = read(s);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.iter().filter(|b| b.2.is_none()).count() == 3);
        assert_eq!(
            found.iter().find(|b| b.2.is_some()),
            Some(&(
                "273.76".to_string(),
                vec!["273.76".to_string(), "37.00".to_string()],
                Some(Mismatch::Exceeds)
            ))
        );
    }

    #[test]
    fn a_second_statement_run_into_the_list_ends_it() {
        // Two cells of a 绩效自评表 side by side in `pdftotext -layout` text (池州 2022).
        let s = "本项目共申请预算资金 90 万元。其中:30 万元用于基建工程项目预算编制;30 万元用于基建工程项目 本项目共完成预算资金 89.97 万元。其中:30 万元用于基建工程项目预算编制;30 万元用于基建工程";
        let found = read(s);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "90");
        assert_eq!(found[0].1, ["30", "30"]);
        // Listed as parts, the same amounts still exceed the whole.
        let s = "本项目共申请预算资金 90 万元。其中:30 万元用于预算编制;30 万元用于审计;89.97 万元用于设计。";
        assert_eq!(read(s)[0].2, Some(Mismatch::Exceeds));
        // `一般公共预算` is no total.
        let s = "收入预算100万元，其中：一般公共预算拨款收入60万元，政府性基金预算拨款收入50万元。";
        assert_eq!(read(s)[0].2, Some(Mismatch::Exceeds));
    }

    #[test]
    fn a_second_breakdown_after_a_semicolon_has_its_own_whole() {
        // donggang-culture-2023-final (unseen), the 国有资产占用情况 sentence.
        let s = "本部门共有房屋 8650.42 平方米，其中：办公用房 2134.56 平方米；共有车辆 3 辆，其中：一般公务用车 1 辆、其他用车 2 辆，其他用车主要是流动文化服务车。";
        let found = read(s);
        assert_eq!(
            found,
            [(
                "3".to_string(),
                vec!["1".to_string(), "2".to_string()],
                None
            )]
        );
        let wrong = s.replace("共有车辆 3 辆", "共有车辆 4 辆");
        assert!(read(&wrong)[0].2.is_some(), "{:?}", read(&wrong));
        // Without a `；`, the figure before the second `其中` may be a part of the first one.
        let run_on = "支出100万元，其中：项目支出60万元，其中：甲30万元、乙30万元。";
        assert_eq!(read(run_on).len(), 1, "{:?}", read(run_on));
    }

    #[test]
    fn counts_in_chinese_numerals_add_up() {
        assert_eq!(
            read("共有项目十一个，其中：运转类项目两个、特定目标类项目九个。")[0].2,
            None
        );
        assert_eq!(
            read("共有项目十一个，其中：运转类项目两个、特定目标类项目十个。")[0].2,
            Some(Mismatch::Exceeds)
        );
        assert_eq!(
            read("共有项目十一个，其中：运转类项目两个、特定目标类项目八个。")[0].2,
            Some(Mismatch::FallsShort)
        );
    }

    #[test]
    fn changes_thresholds_and_partial_lists_take_no_part() {
        // A change is no whole.
        assert!(
            read("收入预算减少 519.18 万元，其中：一般公共预算收入减少 519.18 万元。").is_empty()
        );
        // The parts stop at a comparison with last year.
        let found = read(
            "收入总计756.21万元，其中：本年收入730.42万元，上年结转25.79万元，比上年增加205.52万元，增长37.32%。",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, None);
        // One part may be any share of the whole.
        assert_eq!(
            read("预算资金 15,579.50 万元，其中财政拨款 15,000.00 万元。")[0].2,
            None
        );
        // Rounding: 0.005 per figure, so three thirds of 10.00 may be written 3.33 each.
        assert_eq!(
            read("总额10.00万元，其中：甲3.33万元，乙3.33万元，丙3.33万元。")[0].2,
            None
        );
        assert_eq!(
            read("总额10.00万元，其中：甲3.30万元，乙3.33万元，丙3.33万元。")[0].2,
            Some(Mismatch::FallsShort)
        );
    }

    #[test]
    fn self_evaluation_grades_add_up_to_the_projects_evaluated() {
        let grades = |s: &str| {
            grade_breakdowns(&Paragraph {
                text: Text::from_source(s, 0),
                numbers: Vec::new(),
            })
            .iter()
            .map(Breakdown::mismatch)
            .collect::<Vec<_>>()
        };
        // putuo-planning-2024-final lines 901-907.
        let s = "绩效自评的2024年度项目39个，涉及预算金额4415.48万元，平均得分99.33分（其中，绩效评级为“优”的项目39个；绩效评级为“良”的项目0个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。";
        assert_eq!(grades(s), vec![None]);
        assert_eq!(
            grades(&s.replace("“良”的项目0个", "“良”的项目1个")),
            vec![Some(Mismatch::Exceeds)]
        );
        assert_eq!(
            grades(&s.replace("“优”的项目39个", "“优”的项目38个")),
            vec![Some(Mismatch::FallsShort)]
        );
        // hebei-emergency-2024 (unseen14): the grades in the next sentence, without 项目.
        let s = "组织对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目8个，资金41,911.80万元，占一般公共预算项目支出总额的92.98%。自评结果为优的5个、良的2个、中的1个。";
        assert_eq!(grades(s), vec![None]);
        assert_eq!(
            grades(&s.replace("良的2个", "良的3个")),
            vec![Some(Mismatch::Exceeds)]
        );
        // The count before 项目, the grades bare (sanming-school-2024, unseen).
        let s = "本单位 2024 年度对 8 个项目开展了绩效自评，其中：优 6 个，良 2 个。";
        assert_eq!(grades(s), vec![None]);
        assert_eq!(
            grades(&s.replace("优 6 个", "优 7 个")),
            vec![Some(Mismatch::Exceeds)]
        );
        let s = "本部门对2025年度12个一般公共预算项目开展了绩效自评，涉及资金844.03万元，其中：自评结果为优的项目9个，为良的项目3个。";
        assert_eq!(grades(s), vec![None]);
        assert_eq!(
            grades(&s.replace("项目9个", "项目8个")),
            vec![Some(Mismatch::FallsShort)]
        );
        // `其中的1个` is no grade.
        let s = "对 3 个项目开展了绩效自评，其中的1个为新增项目，优 3 个。";
        assert!(grades(s).is_empty(), "{:?}", grades(s));
        // No count of the projects evaluated: nothing to add up to.
        assert!(grades("绩效评级为“优”的项目39个；绩效评级为“良”的项目0个。").is_empty());
    }
}
