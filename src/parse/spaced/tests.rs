//! Reading cells from spaced text: runs, glued amounts, segments.

use super::*;

/// The kind and text of every token of a line.
fn tokens(line: &str) -> Vec<(Kind, &str)> {
    let (toks, _) = tokenize(line, 0);
    toks.iter()
        .map(|t| (t.kind.clone(), &line[t.start..t.end]))
        .collect()
}

fn amount(value: &str, decimals: u32) -> Kind {
    Kind::Num(Some((value.parse().expect("a decimal"), decimals)))
}

#[test]
fn an_amount_glued_to_the_next_label_is_split_off() {
    // tunliu-2024-budget.txt line 77, plain text.
    assert_eq!(
        tokens("一、一般公共预算 529.12一、一般公共服务支出"),
        [
            (Kind::Text, "一、一般公共预算"),
            (amount("529.12", 2), "529.12"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
    // The same line of another budget, with a thousands separator.
    assert_eq!(
        tokens("一、一般公共预算 4,540.73一、一般公共服务支出"),
        [
            (Kind::Text, "一、一般公共预算"),
            (amount("4540.73", 2), "4,540.73"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
}

#[test]
fn a_total_row_with_its_amount_glued_to_the_other_half() {
    // tunliu-2024-budget.txt line 164, figures of another budget.
    assert_eq!(
        tokens("本年收入合计 4540.73本年支出合计 4540.73 4540.73"),
        [
            (Kind::Text, "本年收入合计"),
            (amount("4540.73", 2), "4540.73"),
            (Kind::Text, "本年支出合计"),
            (amount("4540.73", 2), "4540.73"),
            (amount("4540.73", 2), "4540.73"),
        ]
    );
    assert_eq!(
        tokens("上年结转 21.57年终结转"),
        [
            (Kind::Text, "上年结转"),
            (amount("21.57", 2), "21.57"),
            (Kind::Text, "年终结转"),
        ]
    );
}

#[test]
fn an_integer_amount_in_yuan_glued_to_the_next_label_is_split_off() {
    // sh-putuo-wanli-2024-budget.plain.txt line 217: amounts in 元, thousands separators.
    assert_eq!(
        tokens("156,211,123一、一般公共服务支出"),
        [
            (amount("156211123", 0), "156,211,123"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
    assert_eq!(
        tokens("-3.50二、项目支出"),
        [(amount("-3.50", 2), "-3.50"), (Kind::Text, "二、项目支出")]
    );
}

#[test]
fn enumerators_years_and_bare_integers_stay_text() {
    assert_eq!(tokens("1.一般公共预算"), [(Kind::Text, "1.一般公共预算")]);
    assert_eq!(tokens("2024年预算"), [(Kind::Text, "2024年预算")]);
    assert_eq!(tokens("17出"), [(Kind::Text, "17出")]);
    assert_eq!(tokens("1,2万元"), [(Kind::Text, "1,2万元")]);
}

#[test]
fn the_header_over_the_two_halves_of_a_statement() {
    assert!(is_two_sided_header(
        "收入                                    支出"
    ));
    assert!(is_two_sided_header("收 入 支 出"));
    // sh-putuo-wanli-2024-budget.layout.txt line 187, sh-putuo-finance-2025 line 236.
    assert!(is_two_sided_header(
        "本年收入                                   本年支出"
    ));
    assert!(is_two_sided_header(
        "财政拨款收入                                           财政拨款支出"
    ));
    assert!(is_two_sided_header("本年收入 本年支出"));
    assert!(!is_two_sided_header("项目 本年收入 本年支出"));
    assert!(!is_two_sided_header("收入预算总表"));
    assert!(!is_two_sided_header("本年收入合计 本年支出合计 结余"));
}
