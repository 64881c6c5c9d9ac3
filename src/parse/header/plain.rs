//! The amount columns a header declares in plain PDF text, where it keeps no positions.
//!
//! Plain text gives the header cells one after another in reading order, a name wrapped in its
//! cell broken over lines (`本年收入合` / `计`). Two things in it are reliable: the 栏次 row
//! (`栏次 1 2 … n`), which is the number of amount columns; and the names, when read in order
//! they are exactly `n` amount columns, or `q` qualifiers (`预算数 决算数`) each over the same
//! names (`合计 因公出国（境）费 …`, `小计 公务用车购置费 …`), so that the tree of the header
//! follows from the count. Anything else leaves the columns unnamed rather than guessed.

use super::{ends_name, is_label_header};
use crate::model::{Column, ColumnKind, squeeze};

/// The columns of a plain-text table whose header has a 栏次 row, named where the names can
/// be told; `None` without a 栏次 row, or when a row holds more values than it counts.
pub(super) fn read(header: &[&str], most_values: usize) -> Option<Vec<Column>> {
    let (at, n) = header
        .iter()
        .enumerate()
        .find_map(|(i, line)| column_numbers(line).map(|n| (i, n)))?;
    if most_values > n {
        return None;
    }
    let names = names(&header[..at]);
    let paths = flat(&names, n)
        .or_else(|| qualified(&names, n))
        .or_else(|| one_line(&header[..at], n))
        .unwrap_or_else(|| (1..=n).map(|c| vec![format!("列{c}")]).collect());
    let mut paths = paths;
    super::strip_leaf_years(&mut paths);
    Some(
        paths
            .into_iter()
            .map(|path| Column {
                name: path.join("/"),
                leaf: path.last().cloned().unwrap_or_default(),
                kind: ColumnKind::Amount,
            })
            .collect(),
    )
}

/// `栏次 1 2 3 … n`: the number of amount columns. (Without `栏次`, the first number may be a
/// label column's: the count is not certain.)
fn column_numbers(line: &str) -> Option<usize> {
    let tokens = tokens(line);
    let (first, numbers) = tokens.split_first()?;
    if first != "栏次" {
        return None;
    }
    let counts = !numbers.is_empty()
        && numbers
            .iter()
            .enumerate()
            .all(|(i, t)| t.parse::<usize>().ok() == Some(i + 1));
    counts.then_some(numbers.len())
}

/// The header's names in reading order, wrapped pieces joined, without the names of label and
/// code columns.
pub(crate) fn names(header: &[&str]) -> Vec<String> {
    let lines: Vec<Vec<String>> = header.iter().map(|l| tokens(l)).collect();
    let mut out: Vec<String> = Vec::new();
    // A name left open at the end of the line before.
    let mut open = false;
    for line in &lines {
        for (k, token) in line.iter().enumerate() {
            match out.last_mut() {
                Some(last) if open && k == 0 => last.push_str(token),
                _ => out.push(token.clone()),
            }
            open = false;
        }
        open = out
            .last()
            .and_then(|n| n.chars().last())
            .is_some_and(|c| !ends_name(c) && crate::parse::lines::is_han(c));
    }
    out.retain(|n| !is_label_header(n));
    out
}

/// The cells of one plain header line: runs separated by spaces, single characters spaced out
/// across their cell (`合 计`) joined.
fn tokens(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut lone = false;
    for t in line.split_whitespace() {
        let single = t.chars().count() == 1 && t.chars().all(crate::parse::lines::is_han);
        match out.last_mut() {
            Some(last) if single && lone => last.push_str(t),
            _ => out.push(t.to_string()),
        }
        lone = single;
    }
    out
}

/// Exactly `n` names: one per column, in order.
fn flat(names: &[String], n: usize) -> Option<Vec<Vec<String>>> {
    (names.len() == n).then(|| names.iter().map(|s| vec![s.clone()]).collect())
}

/// `预算数 决算数` over the same names repeated: `q` qualifiers, then each level of the names
/// under them once per qualifier (`合计 因公出国（境）费 公务用车购置及运行费 公务接待费` twice,
/// then `小计 公务用车购置费 公务用车运行费` twice). One level: the names are the columns. Two
/// levels: the lower stands under one name of the upper, the one whose name it carries on
/// (`公务用车购置及运行费` over `公务用车购置费`), found only when the count leaves one parent.
fn qualified(names: &[String], n: usize) -> Option<Vec<Vec<String>>> {
    (2..=4)
        .filter(|q| n % q == 0 && names.len() > *q)
        .find_map(|q| {
            let (qualifiers, rest) = names.split_at(q);
            let distinct = qualifiers.iter().all(|x| !rest.contains(x) && !is_total(x))
                && qualifiers
                    .iter()
                    .enumerate()
                    .all(|(i, x)| !qualifiers[..i].contains(x));
            if !distinct {
                return None;
            }
            let levels = repeated_levels(rest, q)?;
            let under = subtree(&levels, n / q)?;
            Some(
                qualifiers
                    .iter()
                    .flat_map(|x| {
                        under.iter().map(move |path| {
                            std::iter::once(x.clone())
                                .chain(path.iter().cloned())
                                .collect()
                        })
                    })
                    .collect(),
            )
        })
}

/// Split `names` into runs each repeated `q` times in a row: the levels of the header under
/// each qualifier.
fn repeated_levels(names: &[String], q: usize) -> Option<Vec<Vec<String>>> {
    if names.is_empty() {
        return Some(Vec::new());
    }
    (1..=names.len() / q).find_map(|len| {
        let block = &names[..len];
        let repeated = (1..q).all(|i| &names[i * len..(i + 1) * len] == block);
        if !repeated {
            return None;
        }
        let mut levels = vec![block.to_vec()];
        levels.extend(repeated_levels(&names[q * len..], q)?);
        Some(levels)
    })
}

/// The columns under one qualifier, from its levels, when they have `leaves` columns.
fn subtree(levels: &[Vec<String>], leaves: usize) -> Option<Vec<Vec<String>>> {
    match levels {
        [only] if only.len() == leaves => Some(only.iter().map(|s| vec![s.clone()]).collect()),
        [upper, lower] if upper.len() + lower.len() == leaves + 1 && lower.len() >= 2 => {
            let parent = carried_on_by(upper, lower)?;
            Some(
                upper
                    .iter()
                    .enumerate()
                    .flat_map(|(i, name)| {
                        if i == parent {
                            lower
                                .iter()
                                .map(|child| vec![name.clone(), child.clone()])
                                .collect()
                        } else {
                            vec![vec![name.clone()]]
                        }
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// The one name of `upper` the names of `lower` carry on, by the longest shared beginning
/// (`公务用车购置及运行费` and `公务用车购置费`); never a total. `None` when no name or several
/// share as much.
fn carried_on_by(upper: &[String], lower: &[String]) -> Option<usize> {
    let shared = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let scores: Vec<usize> = upper
        .iter()
        .map(|u| {
            if is_total(u) {
                return 0;
            }
            lower
                .iter()
                .filter(|l| !is_total(l))
                .map(|l| shared(u, l))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let best = *scores.iter().max()?;
    let at: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] == best).collect();
    match at.as_slice() {
        [one] if best >= 2 => Some(*one),
        _ => None,
    }
}

fn is_total(name: &str) -> bool {
    matches!(squeeze(name).as_ref(), "合计" | "小计" | "总计")
}

/// One header line naming exactly `n` columns (`科目名称 小计 基本支出 项目支出`).
fn one_line(header: &[&str], n: usize) -> Option<Vec<Vec<String>>> {
    header.iter().rev().find_map(|line| {
        let names: Vec<String> = tokens(line)
            .into_iter()
            .filter(|t| !is_label_header(t))
            .collect();
        (names.len() == n).then(|| names.into_iter().map(|s| vec![s]).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn the_column_numbers_give_the_count_and_wrapped_names_are_joined() {
        // `fixtures/layouts/yiling-market-2023-final-plain.txt` lines 51–65 (收入决算表).
        let header = [
            "项目",
            "本年收入合",
            "计",
            "财政拨款收",
            "入",
            "上级补助收",
            "入",
            "事业收入 经营收入",
            "附属单位上",
            "缴收入",
            "其他收入",
            "功能分类",
            "科目编码",
            "科目名称",
            "栏次 1 2 3 4 5 6 7",
        ];
        let columns = read(&header, 3).expect("a 栏次 row");
        assert_eq!(
            names_of(&columns),
            [
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入"
            ]
        );
    }

    #[test]
    fn budget_and_actual_over_the_same_names_make_a_tree() {
        // `fixtures/layouts/yiling-market-2023-final-plain.txt` lines 277–293 (三公 table).
        let header = [
            "预算数 决算数",
            "合计 因公出国（境）费",
            "公务用车购置及运行费",
            "公务接待费 合计 因公出国（境）费",
            "公务用车购置及运行费",
            "公务接待费",
            "小计",
            "公务用车购",
            "置费",
            "公务用车运",
            "行费",
            "小计",
            "公务用车购",
            "置费",
            "公务用车运",
            "行费",
            "栏次 1 2 3 4 5 6 7 8 9 10 11 12",
        ];
        let columns = read(&header, 12).expect("a 栏次 row");
        assert_eq!(
            names_of(&columns),
            [
                "预算数/合计",
                "预算数/因公出国（境）费",
                "预算数/公务用车购置及运行费/小计",
                "预算数/公务用车购置及运行费/公务用车购置费",
                "预算数/公务用车购置及运行费/公务用车运行费",
                "预算数/公务接待费",
                "决算数/合计",
                "决算数/因公出国（境）费",
                "决算数/公务用车购置及运行费/小计",
                "决算数/公务用车购置及运行费/公务用车购置费",
                "决算数/公务用车购置及运行费/公务用车运行费",
                "决算数/公务接待费",
            ]
        );
    }

    #[test]
    fn a_line_naming_the_counted_columns_names_them() {
        // Lines 197–201 of the same file (一般公共预算财政拨款支出决算表): 本年支出 over three.
        let header = [
            "项目 本年支出",
            "功能分类",
            "科目编码",
            "科目名称 小计 基本支出 项目支出",
            "栏次 1 2 3",
        ];
        let columns = read(&header, 3).expect("a 栏次 row");
        assert_eq!(names_of(&columns), ["小计", "基本支出", "项目支出"]);
    }

    #[test]
    fn names_that_do_not_fit_the_count_are_not_guessed() {
        // Lines 260–263 (政府性基金 table): seven names over six columns.
        let header = [
            "项目 年初结转和结余 本年收入 本年支出 年末结转和结余",
            "功能分类科目编码 科目名称 小计 基本支出 项目支出",
            "栏次 1 2 3 4 5 6",
        ];
        let columns = read(&header, 0).expect("a 栏次 row");
        assert_eq!(
            names_of(&columns),
            ["列1", "列2", "列3", "列4", "列5", "列6"]
        );
    }

    #[test]
    fn characters_spaced_out_across_their_cell_are_one_word() {
        let columns =
            read(&["科目名称 合 计 基本支出 项目支出", "栏 次 1 2 3"], 2).expect("a 栏次 row");
        assert_eq!(names_of(&columns), ["合计", "基本支出", "项目支出"]);
    }

    #[test]
    fn no_count_without_the_word_or_with_more_values_than_columns() {
        assert!(read(&["项目名称 合计", "1 2 3 4 5 6 7"], 2).is_none());
        assert!(read(&["项目 合计", "栏次 1 2"], 3).is_none());
        assert!(read(&["收入 支出", "栏次 1 栏次 2"], 1).is_none());
    }
}
