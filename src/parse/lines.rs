//! Recognising what a single line is, independent of layout: page furniture, headings, table
//! titles, unit lines, notes.

use std::ops::Range;

use crate::model::{Unit, squeeze};

/// Page numbers (`-9-`, `- 9 -`, `第9页`, a lone `9`) and watermark fragments.
pub fn is_page_number(line: &str) -> bool {
    // Most lines fail on their first character; only the rest pay for squeezing.
    if !first_char(line).is_some_and(|c| matches!(c, '-' | '—' | '－' | '第' | '0'..='9')) {
        return false;
    }
    let t = squeeze(line);
    if t.is_empty() {
        return false;
    }
    let inner = t
        .trim_start_matches(['-', '—', '－'])
        .trim_end_matches(['-', '—', '－']);
    let dashed = inner.len() < t.len();
    let digits = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 4;
    (dashed && digits) || (t.starts_with('第') && t.ends_with('页') && t.chars().count() <= 8)
}

/// Words that make up draft watermarks; a line consisting only of them is page furniture.
const WATERMARK_WORDS: &[&str] = &[
    "仅供",
    "内部",
    "审核",
    "仅供内部审核",
    "内部资料",
    "草稿",
    "征求意见稿",
    "送审稿",
];

pub fn is_watermark_fragment(line: &str) -> bool {
    if !first_char(line).is_some_and(|c| WATERMARK_WORDS.iter().any(|w| w.starts_with(c))) {
        return false;
    }
    let t = squeeze(line);
    !t.is_empty() && WATERMARK_WORDS.contains(&&*t)
}

/// The unit stated by a line such as `单位：万元`, `金额单位：万元`, `部门名称：… 单位:万元`,
/// `编制单位：…局  金额单位：万元`.
pub fn unit_line(line: &str) -> Option<Unit> {
    if !line.contains('单') {
        return None;
    }
    let t = squeeze(line);
    // Every `单位:` is tried: `编制单位：…` and `部门(单位): 聊城市…` name the department, and
    // the unit may follow on the same line.
    ["单位:", "单位："].iter().find_map(|key| {
        t.match_indices(key)
            .find_map(|(i, _)| Unit::parse(&t[i + key.len()..]))
    })
}

/// `部门名称：…`, `部门(单位): …`, `编制单位：…` lines that sit between a title and its table.
pub fn is_table_meta(line: &str) -> bool {
    if unit_line(line).is_some() {
        return true;
    }
    if !first_char(line).is_some_and(|c| matches!(c, '部' | '编' | '单')) {
        return false;
    }
    let t = squeeze(line);
    t.starts_with("部门名称")
        || t.starts_with("部门(单位)")
        || t.starts_with("部门（单位）")
        || t.starts_with("编制单位")
        || t.starts_with("单位名称:")
        || t.starts_with("单位名称：")
        // `部门：成都市武侯区玉林街道办事处` on a line of its own (plain text).
        || t.starts_with("部门：")
        || t.starts_with("部门:")
}

/// The form number printed near a title: `预算公开表1`, `部门公开表9`, `公开02表`, `表8`,
/// `表1-1`.
pub fn is_form_number(line: &str) -> bool {
    // Every form number names a 表.
    if !line.contains('表') {
        return false;
    }
    let t = squeeze(line);
    let n = t.chars().count();
    let numbered = t.strip_prefix('表').is_some_and(|rest| {
        let mut parts = rest.split(['-', '－']);
        let chinese = !rest.is_empty() && rest.chars().count() <= 3 && rest.chars().all(is_numeral);
        chinese
            || rest.len() <= 5
                && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    n <= 12
        && (t.contains("公开表")
            || (t.starts_with("公开") && t.ends_with('表'))
            || t.starts_with("附表")
            || numbered)
}

fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// A form number opening a line and what follows it on the line: `公开 01 表：收支预算总表`,
/// `表一：收入总表`, `附表1 部门收支总表`, `公开表 01 收入总表`. The form number is the longest
/// one followed by a colon, `、` or a space; the rest is returned whatever it is (a title, or
/// the head of one wrapped onto the next line), without the separator. Byte ranges of `line`.
pub fn form_prefix(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    if !line.contains('表') || line.len() > 300 {
        return None;
    }
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    let mut found = None;
    for (k, c) in line[start..end].char_indices() {
        let k = start + k;
        if !(c.is_whitespace() || matches!(c, '：' | ':' | '、')) || k == start {
            continue;
        }
        let form = &line[start..k];
        if form.ends_with(char::is_whitespace) || !is_form_number(form) {
            continue;
        }
        let rest = line[k..end]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '、'));
        if !rest.is_empty() {
            found = Some((start..k, end - rest.len()..end));
        }
    }
    found
}

/// A line that marks the rest of a table printed after a page break: `续表`, `续表3`,
/// `表3（续表）`, `表 3（续）`, `（续上表）`, `部门支出总表（续）`. What stands before the mark is
/// at most a form number and a table title; nothing follows it.
pub fn is_continuation_mark(line: &str) -> bool {
    if !line.contains('续') || line.len() > 200 {
        return false;
    }
    let t: String = squeeze(line)
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '【' | '】' | '[' | ']'))
        .collect();
    if let Some(rest) = t.strip_prefix("续表") {
        // `续表`, `续表3`, `续表一`.
        return rest.is_empty() || is_form_number(&format!("表{rest}"));
    }
    let Some(before) = ["续上表", "续表", "续"]
        .iter()
        .find_map(|mark| t.strip_suffix(mark))
    else {
        return false;
    };
    before.is_empty()
        || is_form_number(before)
        || is_table_title(before)
        || form_and_title(before).is_some()
}

/// A form number and a table title on one line (see [`form_prefix`]).
pub fn form_and_title(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    form_prefix(line).filter(|(_, title)| is_table_title(&line[title.clone()]))
}

/// A table title: short, names a 表, and is not a sentence.
pub fn is_table_title(line: &str) -> bool {
    // A title ends in 表 (…表, …情况表, …总表); a line without one needs no squeezing.
    if !line.contains('表') {
        return false;
    }
    let t = squeeze(line.trim_start_matches('#'));
    let t = t
        .trim_start_matches("<b>")
        .trim_end_matches("</b>")
        .trim_matches('*');
    let n = t.chars().count();
    if !(3..=60).contains(&n)
        || t.contains('。')
        || t.contains("：")
        || t.contains("....")
        || t.contains("…")
    {
        return false;
    }
    if is_form_number(t) {
        return false;
    }
    let core = t.trim_end_matches([')', '）']);
    let core = match core.rfind(['(', '（']) {
        Some(i)
            if core.ends_with("结转")
                || core[i..].contains("不含")
                || core[i..].contains("本年")
                // `…支出明细表（按支出功能分类科目）`: a table's name and what it is by.
                || (core[..i].ends_with('表') && core[i..].chars().nth(1) == Some('按')) =>
        {
            &core[..i]
        }
        _ => core,
    };
    core.ends_with('表') || core.ends_with("情况表") || core.ends_with("总表")
}

/// A note that belongs to the table or section above: `注：本表无数据`, `说明：…`.
pub fn is_note(line: &str) -> bool {
    if !first_char(line).is_some_and(|c| matches!(c, '注' | '说')) {
        return false;
    }
    let t = squeeze(line);
    t.starts_with("注：")
        || t.starts_with("注:")
        || t.starts_with("说明：")
        || t.starts_with("说明:")
}

/// The first character that is not whitespace: the first character of the squeezed line.
fn first_char(line: &str) -> Option<char> {
    line.trim_start().chars().next()
}

/// Whether a note or sentence says the table holds no data.
pub fn says_no_data(text: &str) -> bool {
    let t = squeeze(text);
    t.contains("本表无数据")
        || t.contains("无数据")
        || (t.contains("没有") && (t.contains("支出") || t.contains("收入")))
        || t.contains("未安排")
        || t.contains("本表为空")
}

/// Headings recognised by their numbering in text layouts: `第一部分 概况`, `一、…`, `（一）…`,
/// `1、…`. Returns a nesting level (1 = 部分). Only short lines without sentence punctuation.
pub fn numbered_heading_level(line: &str) -> Option<u8> {
    let t = line.trim();
    let n = t.chars().count();
    if n == 0 || n > 40 || t.contains('。') || t.contains('，') || t.ends_with('：') && n > 30 {
        return None;
    }
    let rest_after = |prefix_len: usize| t[prefix_len..].trim();
    if t.starts_with('第') {
        if let Some(i) = t.find("部分") {
            let num = &t['第'.len_utf8()..i];
            if !num.is_empty() && num.chars().all(is_cjk_numeral) {
                return Some(1);
            }
        }
    }
    let mut chars = t.char_indices();
    let first = chars.next()?.1;
    if is_cjk_numeral(first) {
        let end = t.find('、')?;
        if t[..end].chars().all(is_cjk_numeral) && !rest_after(end + '、'.len_utf8()).is_empty() {
            return Some(2);
        }
        return None;
    }
    if first == '（' || first == '(' {
        let close = t.find(['）', ')'])?;
        let inner = &t[first.len_utf8()..close];
        if !inner.is_empty() && inner.chars().all(is_cjk_numeral) {
            return Some(3);
        }
        return None;
    }
    if first.is_ascii_digit() {
        let end = t.find(['、', '.', '．'])?;
        if t[..end].chars().all(|c| c.is_ascii_digit()) && end <= 2 {
            let rest = rest_after(end + t[end..].chars().next().map(char::len_utf8).unwrap_or(1));
            // `1.因公出国（境）费 0.00 万元，与上年持平。` is a sentence, not a heading.
            if !rest.is_empty()
                && !rest.contains('，')
                && !rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                return Some(4);
            }
        }
    }
    None
}

pub fn is_cjk_numeral(c: char) -> bool {
    "一二三四五六七八九十百零〇".contains(c)
}

/// Chinese prose (or a wrapped label) character, for deciding where wrapped lines join.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Display width of a line in terminal columns (CJK counts 2), used to find the wrap width.
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_number_and_a_title_share_a_line() {
        let split =
            |line: &str| form_prefix(line).map(|(f, t)| (line[f].to_string(), line[t].to_string()));
        let pair = |f: &str, t: &str| Some((f.to_string(), t.to_string()));
        assert_eq!(
            split("公开 01 表：收支预算总表"),
            pair("公开 01 表", "收支预算总表")
        );
        assert_eq!(split("表一：收入总表"), pair("表一", "收入总表"));
        assert_eq!(split("附表1  部门收支总表"), pair("附表1", "部门收支总表"));
        // The longest form number: `公开表` alone is one too.
        assert_eq!(split("公开表 01 收入总表"), pair("公开表 01", "收入总表"));
        // A title wrapped after the line: the head is returned, but it is no title yet.
        let line = "公开 09 表：一般公共预算“三公”经费、会议费、培训费";
        assert!(split(line).is_some());
        assert!(form_and_title(line).is_none());
        assert!(form_and_title("公开 06 表：财政拨款基本支出预算表").is_some());
        assert_eq!(split("公开 01 表"), None);
        assert_eq!(split("表二2024年预算收入总表"), None);
        assert_eq!(split("具体公开表样附后"), None);
        assert_eq!(split("表中 2024 年数据为预算数"), None);
    }

    #[test]
    fn a_continuation_mark_names_the_rest_of_a_table() {
        for mark in [
            "续表",
            "续表3",
            "续表一",
            "表 3（续表）",
            "表3（续）",
            "（续上表）",
            "部门支出总表（续）",
            "表3 部门支出总表（续表）",
        ] {
            assert!(is_continuation_mark(mark), "{mark}");
        }
        for line in [
            "继续做好续建项目的资金保障。",
            "续建项目支出表",
            "二、持续推进重点项目",
            "表3",
        ] {
            assert!(!is_continuation_mark(line), "{line}");
        }
    }

    #[test]
    fn recognises_titles_units_and_furniture() {
        assert!(is_table_title("2024年预算收支总表"));
        assert!(is_table_title(" 表二2024年预算收入总表"));
        assert!(is_table_title(
            "2024年一般公共预算支出预算表（不含上年结转）"
        ));
        assert!(is_table_title("收入总体情况表"));
        assert!(is_table_title("### 2025年预算收支总表"));
        assert!(!is_table_title("（项目绩效目标表公开情况见附件）。"));
        assert!(!is_table_title("预算公开表1"));
        // xunyi-education-2026 (unseen): what the table is by, in brackets after its name.
        assert!(is_table_title(
            "2026年部门综合预算一般公共预算支出明细表（按支出功能分类科目）"
        ));
        assert!(!is_table_title("项目支出绩效自评表（2023年度）"));
        assert_eq!(
            unit_line("部门名称：长治市屯留区医疗保障局 单位：万元"),
            Some(Unit::WanYuan)
        );
        assert_eq!(unit_line("单位:万元"), Some(Unit::WanYuan));
        assert_eq!(unit_line("部门(单位): 聊城市东昌府区医疗保障局"), None);
        // The department first, the unit after it on the same line.
        assert_eq!(
            unit_line("编制单位：杭州市西湖区文化广电旅游体育局      金额单位：万元"),
            Some(Unit::WanYuan)
        );
        assert_eq!(unit_line("编制单位：某某局"), None);
        assert!(is_page_number("-9-"));
        assert!(is_page_number("- 12 -"));
        assert!(!is_page_number("2024"));
        assert!(is_watermark_fragment("内部"));
        assert!(is_form_number("预算公开表12"));
        assert!(is_form_number("表8"));
        assert!(is_form_number(" 表 10"));
        assert!(is_form_number("表1-1"));
        assert!(!is_form_number("表"));
        assert!(!is_form_number("表二2024年预算收入总表"));
    }

    #[test]
    fn recognises_numbered_headings() {
        assert_eq!(numbered_heading_level(" 第一部分 概况"), Some(1));
        assert_eq!(numbered_heading_level("二、机构设置情况"), Some(2));
        assert_eq!(
            numbered_heading_level("（一）一般公共预算当年支出规模变化情况"),
            Some(3)
        );
        assert_eq!(numbered_heading_level("1、车辆情况："), Some(4));
        assert_eq!(
            numbered_heading_level("一、一般公共预算 529.12一、一般公共服务支出"),
            Some(2)
        );
        assert_eq!(
            numbered_heading_level(
                "2024年度长治市屯留区医疗保障局预算收入总计550.69万元，其中：本年收入"
            ),
            None
        );
    }
}
