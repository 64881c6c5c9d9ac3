//! `check = "subject-amount"`: an amount the prose gives a functional subject by name
//! (`卫生健康支出 670.54万元`, `社会保障和就业支出（类）47.53万元`, `公共安全（类）支出 23513.11 万元`,
//! `法院（款）行政运行（项）支出 11786.92 万元`) is one of the figures the tables give that
//! subject's row.
//!
//! The names are the tables' own: a row with a functional subject code (`2…`, 3, 5 or 7
//! digits). A name is read only when it ends right before the amount (optionally followed by
//! `支出`, `预算`, `决算`, `为` …) and starts the clause, follows a mark or a word such as
//! `其中` / `包括`. The amount must agree, rounded as written, with some amount cell of the
//! rows of that name in any table (the 支出总表's 合计, 基本支出 or 项目支出, the 一般公共预算
//! table's, the 收支总表's 当年 or 结转 …): prose may restate any of them, so only an amount none
//! of them gives is reported. Silent when a table has two rows of the name, when the name is
//! also an economic subject's or a project's, when a row of the name is in doubt (one whose
//! amounts may stand in either of two columns is read: an amount of it agreeing is enough), and
//! when the clause names another year.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_decimal::RoundingStrategy;

use crate::lazy_regex::LazyRegex;
use crate::model::{Document, Number, Paragraph, Table, Unit};
use crate::number::scan_numbers;

use super::amount::{Cell, about_another_year, row_name, same_figure, starts_a_label, years_named};
use super::{Figure, yuan_per};

/// What may stand between a subject's name and its amount: `支出`, `预算数为`, `决算为`, the
/// closing quote of `“…行政运行（项）”1,623.18万元`, `住房改革支出(款): 2018 年预算支出合计`
/// (a year other than the document's makes the amount another year's: not read).
static CONNECTOR: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        "[：:]?(?:20[0-9]{2}年度?)?[”\"]?(?:支出)?[”\"]?(?:预算数|预算|决算数|决算|安排)?(?:支出)?(?:为|是|共计|合计)?[：:]?$",
    )
    .expect("connector pattern compiles")
});

/// A name marked with its level: `公共安全（类）`, `行政运行（项）`.
static MARKED: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(\p{Han}+)[（(](类|款|项)[）)]$").expect("marked pattern compiles")
});

/// A clause after a subject's `：` that gives one of its figures (`年初预算为12600.00万元`,
/// `支出决算为186543.00万元`), or (`$`) the words before the amount being read.
static FIGURE_CLAUSE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"^(?:年初|全年|调整后)?(?:支出)?(?:预算数|预算|决算数|决算)(?:为|是)?(?:[0-9]+(?:\.[0-9]+)?(?:万元|亿元|元))?$",
    )
    .expect("figure clause pattern compiles")
});

/// An amount the prose gives a subject by name, with the rows of that name.
#[derive(Debug, Clone)]
pub struct SubjectAmount<'a> {
    pub name: String,
    pub stated: Figure,
    /// The cell shown: of the rows' 合计 (or first amount) cells, the one nearest the amount.
    pub cell: Cell<'a>,
    /// Whether some cell of some row of the name agrees with the amount.
    pub agrees: bool,
}

/// Where the rows of each name stand.
pub struct Subjects<'a> {
    /// Name → rows (table, row index), for names at least one functional-coded row has.
    rows: HashMap<String, Vec<(&'a Table, usize)>>,
    /// Names that cannot be read: twice in one table, or also another kind of row's name.
    unclear: HashSet<String>,
    /// Names of which one table has two functional 项 (行政运行 under two 款): unclear even when
    /// the text marks the name `（项）`.
    twice_as_item: HashSet<String>,
}

/// A name the text ends with, where it starts, and whether the text marks it a 项
/// (`住房公积金（项）`), which rules out an economic subject of the same name.
struct Named {
    name: String,
    start: usize,
    item: bool,
}

impl<'a> Subjects<'a> {
    /// The rows of every table, by name.
    pub fn of(document: &'a Document) -> Subjects<'a> {
        let mut rows: HashMap<String, Vec<(&'a Table, usize)>> = HashMap::new();
        let mut functional: HashSet<String> = HashSet::new();
        let mut unclear: HashSet<String> = HashSet::new();
        let mut twice_as_item: HashSet<String> = HashSet::new();
        for table in document.tables() {
            let mut seen: HashSet<String> = HashSet::new();
            let mut items: HashSet<String> = HashSet::new();
            for (i, row) in table.rows.iter().enumerate() {
                let printed = row_name(&row.name()).to_string();
                // A table without a code column marks its subjects' levels: `行政运行（项）`.
                let (name, level) = match level_marked(&printed) {
                    Some((name, level)) => (name.to_string(), Some(level)),
                    None => (printed, None),
                };
                if name.chars().count() < 2 || row.is_total() {
                    continue;
                }
                match &row.code {
                    Some(c) if c.code.starts_with('2') && matches!(c.code.len(), 3 | 5 | 7) => {
                        functional.insert(name.clone());
                    }
                    // An economic subject (`30101 基本工资`) or anything else coded.
                    Some(_) => {
                        unclear.insert(name.clone());
                    }
                    None if level.is_some() => {
                        functional.insert(name.clone());
                    }
                    None => {}
                }
                if !seen.insert(name.clone()) {
                    unclear.insert(name.clone());
                }
                if is_item(table, i) && !items.insert(name.clone()) {
                    twice_as_item.insert(name.clone());
                }
                rows.entry(name).or_default().push((table, i));
            }
        }
        rows.retain(|name, _| functional.contains(name));
        Subjects {
            rows,
            unclear,
            twice_as_item,
        }
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The name `lead` ends with, and where it starts in `lead`.
    fn named_at_end(&self, lead: &str) -> Option<Named> {
        let end = CONNECTOR.find(lead).map_or(lead.len(), |m| m.start());
        // Try the shortest connector first, `卫生健康支出` being a name and `支出` a connector:
        // `卫生健康支出预算为` is the name, then `预算为`.
        let kept = if lead[end..].starts_with("支出") {
            end + "支出".len()
        } else {
            end
        };
        for end in [lead.len(), kept, end] {
            let head = &lead[..end];
            if let Some(m) = MARKED.captures(head) {
                // `公共安全（类）` is the row `公共安全支出`; `行政运行（项）` the row `行政运行`;
                // `公诉、审判、侦查、执行等检察监督支出（项）` keeps its `、`.
                let name_end = m.get(1).map_or(head.len(), |n| n.end());
                let item = m.get(2).is_some_and(|l| l.as_str() == "项");
                for (at, _) in head[..name_end]
                    .char_indices()
                    .filter(|(at, _)| name_end - at <= 90)
                {
                    let name = &head[at..name_end];
                    for candidate in [name.to_string(), format!("{name}支出")] {
                        if self.rows.contains_key(&candidate) && starts_a_label(head, at) {
                            return Some(Named {
                                name: candidate,
                                start: at,
                                item,
                            });
                        }
                    }
                }
                continue;
            }
            // The longest name the text ends with.
            for (at, _) in head.char_indices().filter(|(at, _)| head.len() - at <= 90) {
                let name = &head[at..];
                if self.rows.contains_key(name) && starts_a_label(head, at) {
                    return Some(Named {
                        name: name.to_string(),
                        start: at,
                        item: false,
                    });
                }
            }
        }
        None
    }

    /// The subject a sentence names before its `：` when every clause after it gives one of the
    /// subject's figures: `农林水支出（类）水利（款）水利工程建设（项）：年初预算为210000.00万元，
    /// 支出决算为` names 水利工程建设 for the amount that follows.
    ///
    /// A sentence that is only the subject's marked name stands for the `：`
    /// (`1.教育支出（类）职业教育（款）中等职业教育（项）。年初预算为…`).
    fn named_before_colon(&self, lead: &str) -> Option<Named> {
        let sentence = lead.rfind('。').map_or(0, |i| i + '。'.len_utf8());
        let (colon, after) = match lead[sentence..].find(['：', ':']) {
            Some(k) => {
                let colon = sentence + k;
                (
                    colon,
                    colon + lead[colon..].chars().next().map_or(1, char::len_utf8),
                )
            }
            None => {
                let stop = sentence.checked_sub('。'.len_utf8())?;
                let name = &lead[lead[..stop].rfind('。').map_or(0, |i| i + '。'.len_utf8())..stop];
                let marked = ["（项）", "（款）", "（类）", "(项)", "(款)", "(类)"]
                    .iter()
                    .any(|m| name.ends_with(m));
                if !marked || name.contains(['，', ',', '；', '：', ':']) {
                    return None;
                }
                (stop, sentence)
            }
        };
        let mut clauses = lead[after..].split(['，', ',']);
        let last = clauses.next_back()?;
        let figure = |c: &str| FIGURE_CLAUSE.is_match(c);
        let connector = last.is_empty()
            || figure(last) && !last.ends_with(|c: char| c.is_ascii_digit() || c == '元');
        if !connector || !clauses.all(|c| figure(c) && c.ends_with('元')) {
            return None;
        }
        // The name with its `：`, or without the `。` closing it.
        let head = if lead[colon..].starts_with(['：', ':']) {
            &lead[..after]
        } else {
            &lead[..colon]
        };
        self.named_at_end(head)
    }

    /// The amount of the row `name` checked against, and whether any cell agrees: `None` when
    /// the rows of the name are in doubt or give no amount.
    ///
    /// A budget figure (`年初预算为 2,900.00 万元`) is an outturn table's only under a column
    /// of budgets (`年初预算数`): a final account whose tables print only the outturn says
    /// nothing of it.
    fn check(
        &self,
        named: &Named,
        parent: Option<&str>,
        stated: &Figure,
        budget_figure: bool,
    ) -> Option<(Cell<'a>, bool)> {
        let name = named.name.as_str();
        let all = self.rows.get(name)?;
        let under: Vec<(&'a Table, usize)>;
        let rows = if !self.unclear.contains(name) {
            all
        } else if named.item && !self.twice_as_item.contains(name) {
            // `住房公积金（项）`: the text says which of the functional 2210201 and the economic
            // 30113 it means, and no table has two 项 of the name.
            under = all
                .iter()
                .copied()
                .filter(|&(table, i)| is_item(table, i))
                .collect();
            if under.is_empty() {
                return None;
            }
            &under
        } else {
            // `住房改革支出（款）提租补贴（项）`: of the rows of a name also an economic subject's
            // (30312 提租补贴) or twice in a table (行政运行 under two 款), the functional 项 under
            // the 款 the text names, one per table.
            under = all
                .iter()
                .copied()
                .filter(|&(table, i)| parent.is_some_and(|p| is_under(table, i, p)))
                .collect();
            let mut tables: Vec<*const Table> =
                under.iter().map(|(t, _)| *t as *const Table).collect();
            tables.sort_unstable();
            tables.dedup();
            if under.is_empty() || tables.len() != under.len() {
                return None;
            }
            &under
        };
        let mut shown: Option<Cell<'a>> = None;
        let mut agrees = false;
        let stated_yuan = stated.value * yuan_per(stated.unit);
        let in_yuan = |n: &Number| n.value * yuan_per(n.unit);
        for &(table, i) in rows.iter() {
            let row = &table.rows[i];
            // A row whose columns are unsure (two placements possible) still has its amounts:
            // any of them agreeing is enough. A row in doubt may be missing its own.
            if table.row_in_doubt(i) {
                return None;
            }
            let outturns = table
                .title
                .as_ref()
                .is_some_and(|t| t.text.contains("决算"));
            if budget_figure && outturns {
                let budgets: Vec<&Number> = (0..table.columns.len())
                    .filter(|&c| is_budget_column(&table.columns[c].name))
                    .filter_map(|c| row.cell(c).flatten())
                    .collect();
                agrees |= budgets
                    .iter()
                    .any(|n| same_figure(stated, n) || cut_off_from(stated, n));
                if let Some(&number) = budgets.first()
                    && shown.is_none()
                {
                    shown = Some(Cell {
                        table,
                        number,
                        whole: None,
                    });
                }
                continue;
            }
            agrees |= row
                .values
                .iter()
                .any(|n| same_figure(stated, n) || cut_off_from(stated, n));
            // Show the row's 合计 nearest the amount: the figure the prose most likely meant.
            if let Some(number) = main_cell(table, i) {
                let distance = |n: &Number| (in_yuan(n) - stated_yuan).abs();
                if shown
                    .as_ref()
                    .is_none_or(|s| distance(number) < distance(s.number))
                {
                    shown = Some(Cell {
                        table,
                        number,
                        whole: None,
                    });
                }
            }
        }
        Some((shown?, agrees))
    }
}

/// A row's name marked with its level (`行政运行（项）`, `文化和旅游（款）`), as a table without a
/// code column prints it: the name and the level.
fn level_marked(name: &str) -> Option<(&str, char)> {
    let level = ['类', '款', '项']
        .into_iter()
        .find(|l| name.ends_with(&format!("（{l}）")) || name.ends_with(&format!("({l})")))?;
    let bare = name
        .strip_suffix(&format!("（{level}）"))
        .or_else(|| name.strip_suffix(&format!("({level})")))?;
    (bare.chars().count() >= 2).then_some((bare, level))
}

/// Whether row `i` of `table` is a functional 项: coded with 7 digits starting `2`, or, in a
/// table without codes, marked `（项）`.
fn is_item(table: &Table, i: usize) -> bool {
    let row = &table.rows[i];
    match &row.code {
        Some(c) => c.code.len() == 7 && c.code.starts_with('2'),
        None => level_marked(row_name(&row.name())).is_some_and(|(_, level)| level == '项'),
    }
}

/// Whether row `i` of `table` is a functional 项 (7 digits) whose 款 row (its code's first five
/// digits) in the same table is called `parent` (or `parent` and `支出`). In a table without
/// codes, a row marked `（项）` under the nearest row above it marked `（款）`.
fn is_under(table: &Table, i: usize, parent: &str) -> bool {
    let same = |bare: &str| {
        let name = row_name(bare).to_string();
        name == parent || name == format!("{parent}支出")
    };
    if !is_item(table, i) {
        return false;
    }
    if table.rows[i].code.is_none() {
        return table.rows[..i]
            .iter()
            .rev()
            .find_map(|r| {
                let printed = r.name();
                let (bare, level) = level_marked(row_name(&printed))?;
                (level == '款').then(|| same(bare))
            })
            .unwrap_or(false);
    }
    let Some(kuan) = table.rows[i].code.as_ref().and_then(|c| c.code.get(..5)) else {
        return false;
    };
    table
        .rows
        .iter()
        .any(|r| r.code.as_ref().is_some_and(|c| c.code == kuan) && same(&r.name()))
}

/// The 款 a lead names right before the 项 starting at `start`: `住房改革支出（款）` before
/// `提租补贴（项）`.
fn parent_named(lead: &str, start: usize) -> Option<&str> {
    let before = &lead[..start];
    let before = before
        .strip_suffix("（款）")
        .or_else(|| before.strip_suffix("(款)"))?;
    let run = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| crate::parse::lines::is_han(*c))
        .last()
        .map(|(at, _)| &before[at..])?;
    (run.chars().count() >= 2).then_some(run)
}

/// Whether `stated` is the cell converted to its unit and cut off (not rounded) at its last
/// place: `877,080.00` 元 written `87.70万元`. Some templates convert so; it is not a wrong figure.
fn cut_off_from(stated: &Figure, cell: &Number) -> bool {
    if stated.unit == cell.unit {
        return false;
    }
    let Some(converted) = (cell.value * yuan_per(cell.unit)).checked_div(yuan_per(stated.unit))
    else {
        return false;
    };
    converted.round_dp_with_strategy(stated.decimals, RoundingStrategy::ToZero) == stated.value
}

/// A column of budgets: `年初预算数`, `预算数`, `2024年预算数`, `调整预算数` (not `决算数`).
fn is_budget_column(name: &str) -> bool {
    let leaf = name.rsplit('/').next().unwrap_or(name);
    leaf.ends_with("预算数") || leaf.ends_with("年初预算") || leaf == "预算"
}

/// Whether the words right before an amount call it a budget (`年初预算为`, `预算数`), not an
/// outturn (`决算`).
fn names_a_budget(lead: &str) -> bool {
    let clause = lead
        .rfind(['，', ',', '。', '；', '：', ':'])
        .map_or(lead, |i| &lead[i..])
        .replace("一般公共预算", "");
    clause.contains("预算") && !clause.contains("决算")
}

/// A row's 合计 (总计, 小计) cell, or the first amount when no column is so called.
fn main_cell(table: &Table, i: usize) -> Option<&Number> {
    let row = &table.rows[i];
    let number = ["合计", "总计", "小计"]
        .iter()
        .find_map(|c| table.column_named(c))
        .and_then(|c| row.cell(c).flatten())
        .or_else(|| row.values.first())?;
    number.unit.is_some_and(Unit::is_money).then_some(number)
}

/// Every amount of the paragraph given to a subject by name.
pub fn subject_amounts<'a>(
    subjects: &Subjects<'a>,
    p: &Paragraph,
    year: Option<&str>,
) -> Vec<SubjectAmount<'a>> {
    if subjects.is_empty() {
        return Vec::new();
    }
    let text = &p.text.text;
    let mut out = Vec::new();
    let mut lead = String::new();
    let mut at = 0;
    // The sentence the last `。` closed, when short: it may be only a subject's marked name
    // (`1.教育支出（类）职业教育（款）中等职业教育（项）。年初预算为…`).
    let mut prior = String::new();
    for f in scan_numbers(text) {
        let chunk = &text[at..f.range.start];
        if let Some(k) = chunk.rfind('。') {
            let mut ended = lead.clone();
            super::extend_lead(&mut ended, &chunk[..k]);
            prior = if ended.len() <= 200 {
                ended
            } else {
                String::new()
            };
        }
        super::extend_lead(&mut lead, chunk);
        if f.unit.is_some_and(Unit::is_money) {
            let stated = Figure::found(p, &f);
            let joined = (!prior.is_empty()).then(|| format!("{prior}。{lead}"));
            let found = subjects
                .named_at_end(&lead)
                .or_else(|| subjects.named_before_colon(&lead))
                .map(|named| (named, lead.as_str()))
                .or_else(|| {
                    let joined = joined.as_deref()?;
                    subjects
                        .named_before_colon(joined)
                        .map(|named| (named, joined))
                });
            if let Some((named, named_in)) = found
                && !about_another_year(&named_in[..named.start], year)
                && years_named(&named_in[named.start..]).all(|y| year.is_none_or(|d| d == y))
                && let Some((cell, agrees)) = subjects.check(
                    &named,
                    parent_named(named_in, named.start),
                    &stated,
                    names_a_budget(&lead),
                )
            {
                out.push(SubjectAmount {
                    name: named.name,
                    stated,
                    cell,
                    agrees,
                });
            }
        }
        let end = if f.unit.is_some() {
            f.unit_end
        } else {
            f.range.end
        };
        lead.extend(
            text[f.range.start..end]
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ','),
        );
        // Keep the lead short: a name is never longer than 30 characters.
        if lead.len() > 400 {
            let cut = lead.len() - 200;
            let cut = (cut..lead.len())
                .find(|&i| lead.is_char_boundary(i))
                .unwrap_or(lead.len());
            lead.drain(..cut);
        }
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::squeeze;
    use crate::source::SourceFile;

    fn document(text: &str) -> Document {
        crate::parse::parse(&SourceFile::new(
            "t.md".into(),
            text.to_string(),
            crate::source::SourceEncoding::Utf8,
        ))
    }

    /// Each amount a sentence gives a subject: the name, the amount and whether a row agrees.
    fn named_amounts(subjects: &Subjects, s: &str, year: &str) -> Vec<(String, String, bool)> {
        let p = Paragraph {
            text: crate::model::Text::from_source(s, 0),
            numbers: Vec::new(),
        };
        subject_amounts(subjects, &p, Some(year))
            .into_iter()
            .map(|a| (a.name, a.stated.value.to_string(), a.agrees))
            .collect()
    }

    /// fixtures/unseen/pengjiang-water-2024-final (cut): each 项 named with its 类 and 款 before
    /// `：`, then its 年初预算 and 决算 in clauses of their own.
    #[test]
    fn the_figures_after_a_subjects_colon_are_its() {
        let doc = document(
            "一般公共预算财政拨款支出决算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 年初预算数 | 决算数 |\n|---|---|---|---|\n| | 合计 | 241000.00 | 217799.80 |\n| 213 | 农林水支出 | 241000.00 | 217799.80 |\n| 21303 | 水利 | 241000.00 | 217799.80 |\n| 2130301 | 行政运行 | 31000.00 | 31256.80 |\n| 2130305 | 水利工程建设 | 210000.00 | 186543.00 |\n",
        );
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| named_amounts(&subjects, s, "2024");
        let right = "6.农林水支出（类）水利（款）水利工程建设（项）：年初预算为 210000.00 万元，\n支出决算为 186543.00 万元，完成年初预算的 88.83%。";
        let name = "水利工程建设".to_string();
        assert_eq!(
            stated(right),
            vec![
                (name.clone(), "210000.00".to_string(), true),
                (name.clone(), "186543.00".to_string(), true)
            ]
        );
        let wrong = right.replace("186543.00", "186553.00");
        assert_eq!(stated(&wrong)[1], (name, "186553.00".to_string(), false));
        // A clause that is not one of the subject's figures ends the reading.
        let change = "水利工程建设（项）：年初预算为 210000.00 万元，比上年增加 20.00 万元。";
        assert_eq!(stated(change).len(), 1, "{:?}", stated(change));
    }

    /// fixtures/corpus/js-procuratorate-2018-budget (cut): a 项 whose name is also an economic
    /// subject's (2210201 and 30113 住房公积金) marked `(项)` is the functional row; a name with
    /// `、` inside and a 项 whose table name ends in `支出` are read with their marks; a 款 before
    /// `: 2018 年预算支出合计` gives its amount, another year's does not.
    #[test]
    fn marked_items_and_kuan_totals_are_read() {
        let doc = document(
            "财政拨款支出预算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| | 合计 | 6662.38 |\n| 204 | 公共安全支出 | 1895.00 |\n| 20404 | 检察 | 1895.00 |\n| 2040405 | 公诉、审判、侦查、执行等检察监督支出 | 1895.00 |\n| 208 | 社会保障和就业支出 | 1045.93 |\n| 20805 | 行政事业单位离退休 | 1045.93 |\n| 2080505 | 机关事业单位基本养老保险缴费支出 | 1045.93 |\n| 221 | 住房保障支出 | 3660.38 |\n| 22102 | 住房改革支出 | 3660.38 |\n| 2210201 | 住房公积金 | 1073.77 |\n| 2210203 | 购房补贴 | 2586.61 |\n\n财政拨款基本支出预算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| | 合计 | 2119.70 |\n| 30108 | 机关事业单位基本养老保险缴费 | 1045.93 |\n| 30113 | 住房公积金 | 1073.77 |\n",
        );
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| named_amounts(&subjects, s, "2018");
        let amounts = |s: &str| {
            stated(s)
                .into_iter()
                .map(|(name, _, agrees)| (name, agrees))
                .collect::<Vec<_>>()
        };
        let one = |name: &str, agrees: bool| vec![(name.to_string(), agrees)];
        assert_eq!(
            amounts("1.住房公积金(项):支出 1,073.77 万元。"),
            one("住房公积金", true)
        );
        assert_eq!(
            amounts("1.住房公积金(项):支出 1,083.77 万元。"),
            one("住房公积金", false)
        );
        // Unmarked, the name is also the economic subject's: not read.
        assert!(stated("其中住房公积金 1,083.77 万元。").is_empty());
        let name = "公诉、审判、侦查、执行等检察监督支出";
        assert_eq!(
            amounts(&format!("3．{name}（项） 1,895 万元。")),
            one(name, true)
        );
        assert_eq!(
            amounts(&format!("3．{name}（项） 1,905 万元。")),
            one(name, false)
        );
        let name = "机关事业单位基本养老保险缴费支出";
        assert_eq!(
            amounts("2．机关事业单位基本养老保险缴费（项）支出 1,055.93 万元，与上年相比增加。"),
            one(name, false)
        );
        assert_eq!(
            amounts("住房改革支出(款): 2018 年预算支出合计 3,670.38 万元。"),
            one("住房改革支出", false)
        );
        assert!(stated("住房改革支出(款): 2017 年预算支出合计 3,670.38 万元。").is_empty());
    }

    /// fixtures/unseen/jiangxi-forestry-2025-final (cut): a provincial final account whose
    /// 一般公共预算财政拨款支出决算表 prints only the outturn; the 说明 names each 项 in a sentence
    /// of its own, then its 年初预算 and 决算. The 决算 is checked; the 年初预算, which no table
    /// prints, is not (it was read against the outturn: a false error on every 项).
    #[test]
    fn a_budget_figure_is_an_outturn_tables_only_under_a_budget_column() {
        let doc = document(
            "一般公共预算财政拨款支出决算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 小计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| | 合计 | 2913.56 | 2345.67 | 567.89 |\n| 205 | 教育支出 | 2913.56 | 2345.67 | 567.89 |\n| 20503 | 职业教育 | 2913.56 | 2345.67 | 567.89 |\n| 2050302 | 中等职业教育 | 2913.56 | 2345.67 | 567.89 |\n",
        );
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| named_amounts(&subjects, s, "2025");
        let right = "1.教育支出（类）职业教育（款）中等职业教育（项）。年初预算为 2,900.00 万元，\n支出决算为 2,913.56 万元，决算数为年初预算的 100.47%。";
        let name = "中等职业教育".to_string();
        assert_eq!(
            stated(right),
            vec![(name.clone(), "2913.56".to_string(), true)]
        );
        let wrong = right.replace("2,913.56", "2,923.56");
        assert_eq!(stated(&wrong), vec![(name, "2923.56".to_string(), false)]);
        // With the colon, the same.
        let colon = right.replace("（项）。", "（项）：");
        assert_eq!(stated(&colon).len(), 1, "{:?}", stated(&colon));
        // A sentence before that is not only a name does not name the subject.
        let prose =
            "中等职业教育（项）支出有所增加，主要用于实训基地建设。年初预算为 2,900.00 万元。";
        assert!(stated(prose).is_empty(), "{:?}", stated(prose));
    }

    /// fixtures/unseen/donggang-culture-2023-final (cut): a 一般公共预算财政拨款支出决算表 without
    /// a code column, each subject's level marked after its name; `行政运行` stands under two
    /// 款, and the 款 named before the 项 picks the row.
    #[test]
    fn subjects_marked_with_their_level_in_a_table_without_codes_are_read() {
        let doc = document(
            "一般公共预算财政拨款支出决算表\n\n单位：万元\n\n| 科目名称 | 年初预算数 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| 合计 | 4900.00 | 4824.52 | 4587.65 | 236.87 |\n| 文化旅游体育与传媒支出（类） | 4900.00 | 4824.52 | 4587.65 | 236.87 |\n| 文化和旅游（款） | 4100.00 | 3987.65 | 3987.65 | 0.00 |\n| 行政运行（项） | 4100.00 | 3987.65 | 3987.65 | 0.00 |\n| 文物（款） | 800.00 | 836.87 | 600.00 | 236.87 |\n| 行政运行（项） | 600.00 | 600.00 | 600.00 | 0.00 |\n| 博物馆（项） | 200.00 | 236.87 | 0.00 | 236.87 |\n",
        );
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| named_amounts(&subjects, s, "2023");
        let right = "文化旅游体育与传媒支出（类）文物（款）博物馆（项）。年初预算 200.00 万元，支出决算 236.87 万元，较年初预算增加 36.87 万元。";
        let name = "博物馆".to_string();
        assert_eq!(
            stated(right),
            vec![
                (name.clone(), "200.00".to_string(), true),
                (name.clone(), "236.87".to_string(), true)
            ]
        );
        let wrong = right.replace("236.87 万元，较", "263.87 万元，较");
        assert_eq!(stated(&wrong)[1], (name, "263.87".to_string(), false));
        // `行政运行` twice: the 款 before it names the row.
        let first = "文化旅游体育与传媒支出（类）文化和旅游（款）行政运行（项）。年初预算 4100.00 万元，支出决算 3978.65 万元。";
        assert_eq!(
            stated(first),
            vec![
                ("行政运行".to_string(), "4100.00".to_string(), true),
                ("行政运行".to_string(), "3978.65".to_string(), false)
            ]
        );
        let second = "文化旅游体育与传媒支出（类）文物（款）行政运行（项）。支出决算 600.00 万元。";
        assert_eq!(
            stated(second),
            vec![("行政运行".to_string(), "600.00".to_string(), true)]
        );
    }

    /// js-highcourt-2017 (cut): `提租补贴` is a functional 项 (2210202) and an economic 款
    /// (30312); `行政运行` stands under two 款. The 款 named before the 项 tells which row.
    #[test]
    fn the_kuan_named_before_a_xiang_picks_its_row() {
        let doc = document(
            "财政拨款支出预算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| | 合计 | 4489.14 |\n| 204 | 公共安全支出 | 1500.00 |\n| 20405 | 法院 | 1000.00 |\n| 2040501 | 行政运行 | 1000.00 |\n| 20406 | 司法 | 500.00 |\n| 2040601 | 行政运行 | 500.00 |\n| 221 | 住房保障支出 | 2989.14 |\n| 22102 | 住房改革支出 | 2989.14 |\n| 2210201 | 住房公积金 | 1029.15 |\n| 2210202 | 提租补贴 | 1959.99 |\n\n基本支出预算表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| | 合计 | 1959.99 |\n| 303 | 对个人和家庭的补助 | 1959.99 |\n| 30312 | 提租补贴 | 1959.99 |\n",
        );
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| -> Vec<(String, bool)> {
            let p = Paragraph {
                text: crate::model::Text::from_source(s, 0),
                numbers: Vec::new(),
            };
            subject_amounts(&subjects, &p, None)
                .into_iter()
                .map(|a| (a.stated.value.to_string(), a.agrees))
                .collect()
        };
        let rent =
            "2．住房改革支出（款）提租补贴（项）支出 1959.99 万元，与上年相比增加 865.57 万元。";
        assert_eq!(stated(rent), vec![("1959.99".to_string(), true)]);
        assert_eq!(
            stated(&rent.replace("1959.99", "1969.99")),
            vec![("1969.99".to_string(), false)]
        );
        let run = "1．司法（款）行政运行（项）支出 500.00 万元。";
        assert_eq!(stated(run), vec![("500.00".to_string(), true)]);
        assert_eq!(
            stated(&run.replace("500.00", "1000.00")),
            vec![("1000.00".to_string(), false)]
        );
        // Without its 款, `（项）` still says the functional 提租补贴 (the economic one is a 款 of
        // 303); `行政运行`, a 项 under two 款, is not clear: silent.
        assert_eq!(
            stated("提租补贴（项）支出 1969.99 万元。"),
            vec![("1969.99".to_string(), false)]
        );
        assert!(stated("提租补贴支出 1969.99 万元。").is_empty());
        assert!(stated("行政运行（项）支出 700.00 万元。").is_empty());
    }

    /// fixtures/unseen/dongtou-fishery-2026-budget (`-layout`, cut): a 收入预算表 whose rows of
    /// two equal amounts may stand under 合计 and either source column (the reader keeps both
    /// placements). The amounts are the row's all the same: a subject's amount is checked
    /// against them.
    #[test]
    fn a_row_of_unsure_columns_still_gives_its_amounts() {
        let doc = crate::parse::parse(&SourceFile::new(
            "t.layout.txt".into(),
            concat!(
                "                              表二   收入预算表\n",
                "                                                                        单位：万元\n",
                "\n",
                "                                                           政府性基金\n",
                "                                                  一般公共预算拨款\n",
                "        科目编码           科目名称         合计                     预算拨款收   事业收入\n",
                "                                                     收入\n",
                "                                                             入\n",
                "合计                                       826.06        814.06         12.00\n",
                "208            社会保障和就业支出                  48.38         48.38\n",
                "20805          行政事业单位养老支出                 48.38         48.38\n",
                "               机关事业单位基本养老保险缴费\n",
                "2080505                                   34.56         34.56\n",
                "               支出\n",
                "2080506        机关事业单位职业年金缴费支出             13.82         13.82\n",
                "210            卫生健康支出                     15.68         15.68\n",
                "21011          行政事业单位医疗                   15.68         15.68\n",
                "2101102        事业单位医疗                     15.68         15.68\n",
                "213            农林水支出                     741.26        729.26         12.00\n",
                "21301          农业农村                      741.26        729.26         12.00\n",
            )
            .to_string(),
            crate::source::SourceEncoding::Utf8,
        ));
        let subjects = Subjects::of(&doc);
        let stated = |s: &str| named_amounts(&subjects, s, "2026");
        let table = doc.tables().next().expect("the table is read");
        let row = table
            .rows
            .iter()
            .position(|r| r.name().contains("社会保障和就业支出"))
            .expect("the row is read");
        assert!(!table.rows[row].is_settled() && !table.row_in_doubt(row));
        let right = "1.社会保障和就业支出 48.38 万元，占一般公共预算拨款支出的 5.94%。";
        let name = "社会保障和就业支出".to_string();
        assert_eq!(
            stated(right),
            vec![(name.clone(), "48.38".to_string(), true)]
        );
        assert_eq!(
            stated(&right.replace("48.38", "58.38")),
            vec![(name, "58.38".to_string(), false)]
        );
    }

    #[test]
    fn marked_and_plain_names_are_found() {
        let doc = document(
            "表3 2024年支出预算总表\n\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n| 204 | 公共安全支出 | 120.00 | 100.00 | 20.00 |\n| 20405 | 法院 | 120.00 | 100.00 | 20.00 |\n| 2040501 | 行政运行 | 120.00 | 100.00 | 20.00 |\n| | 合计 | 120.00 | 100.00 | 20.00 |\n",
        );
        let s = Subjects::of(&doc);
        let name = |lead: &str| s.named_at_end(&squeeze(lead)).map(|n| n.name);
        assert_eq!(
            name("1．公共安全（类）支出").as_deref(),
            Some("公共安全支出")
        );
        assert_eq!(
            name("法院（款）行政运行（项）支出").as_deref(),
            Some("行政运行")
        );
        assert_eq!(
            name("主要用于：公共安全支出").as_deref(),
            Some("公共安全支出")
        );
        assert_eq!(
            name("其中公共安全支出预算为").as_deref(),
            Some("公共安全支出")
        );
        // Not at a label's start.
        assert_eq!(name("一般公共预算行政运行"), None);
        assert_eq!(name("公共安全支出增加"), None);
    }
}
