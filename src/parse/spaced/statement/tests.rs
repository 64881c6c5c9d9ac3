//! Reading aligned statements: parts by position, rows put back together. The inputs are cut
//! from the corpus (`fixtures/corpus/`), lines as printed.

use super::*;
use crate::model::{Document, Row, Table};
use crate::source::SourceFile;

fn parse(text: &str) -> Document {
    crate::parse::parse(&SourceFile::from_str("statement.txt", text))
}

/// The parts of the first statement: (side, rows as `label=value,value`).
fn parts(document: &Document) -> Vec<(Option<Side>, Vec<String>)> {
    let tables: Vec<&Table> = document.tables().collect();
    let first = tables[0].span;
    tables
        .iter()
        .filter(|t| t.span == first)
        .map(|t| (t.side, t.rows.iter().map(row).collect()))
        .collect()
}

fn row(r: &Row) -> String {
    let values: Vec<String> = r.values.iter().map(|v| v.value.to_string()).collect();
    format!("{}={}", r.name(), values.join(","))
}

fn has(rows: &[String], wanted: &str) -> bool {
    rows.iter().any(|r| r == wanted)
}

#[test]
fn header_names_of_the_two_expenditure_breakdowns() {
    assert_eq!(
        expenditure_breakdowns("                                   功能分类              支出用途"),
        Some((39, 53))
    );
    assert_eq!(
        expenditure_breakdowns("            收入                  支出"),
        None
    );
    assert_eq!(
        expenditure_breakdowns("  项目名称          金额      功能科目名称"),
        None
    );
}

/// js-highcourt-2017-budget.layout.txt lines 243–295: one row per line, three parts.
const HIGHCOURT: &str = " 一、2017 年度江苏省高级人民法院部门收支预算总表
                                                             单位：万元
         收入                                支出

                                   功能分类              支出用途
  项目名称          金额
                             功能科目名称       金额      项目名称         金额

一、财政拨款        28,849.38   一、一般公共服务支出            一、基本支出       17,123.19

 1.一般公共预算     28,849.38   二、外交支出                二、项目支出       11,543.27

 2.政府性基金预算                三、国防支出                三、单位预留机动经费      182.92
二、财政专户管理资金                  四、公共安全支出           23,513.11

三、其他资金                      五、教育支出

                            八、社会保障和就业支出         2,347.13

                            九、医疗卫生与计划生育支
                            出

                            十八、住房保障支出           2,989.14

                            二十、其他支出

 当年收入小计         28,849.38                  当年支出小计          28,849.38

 上年结转资金                                    结转下年资金

  收入合计          28,849.38                   支出合计           28,849.38
";

#[test]
fn a_three_part_statement_splits_the_use_breakdown_off_by_position() {
    let document = parse(HIGHCOURT);
    let parts = parts(&document);
    let sides: Vec<Option<Side>> = parts.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        sides,
        [
            Some(Side::Income),
            Some(Side::Expenditure),
            Some(Side::Expenditure)
        ]
    );
    let (income, function, by_use) = (&parts[0].1, &parts[1].1, &parts[2].1);
    assert!(has(income, "一、财政拨款=28849.38"), "{income:?}");
    assert!(has(income, "1.一般公共预算=28849.38"), "{income:?}");
    assert!(has(income, "当年收入小计=28849.38"), "{income:?}");
    assert!(has(income, "收入合计=28849.38"), "{income:?}");
    assert!(has(function, "四、公共安全支出=23513.11"), "{function:?}");
    assert!(has(function, "九、医疗卫生与计划生育支出="), "{function:?}");
    // The subtotal and total span both breakdowns: they stay with the first.
    assert!(has(function, "当年支出小计=28849.38"), "{function:?}");
    assert!(has(function, "支出合计=28849.38"), "{function:?}");
    assert!(
        !function.iter().any(|r| r.contains("基本支出")),
        "{function:?}"
    );
    assert_eq!(
        by_use,
        &[
            "一、基本支出=17123.19",
            "二、项目支出=11543.27",
            "三、单位预留机动经费=182.92"
        ]
    );
}

/// js-rendaban-2018-budget.layout.txt lines 150–186: wrapped labels in every part, an amount
/// of 支出用途 printed on the 功能分类 line between the two halves of its label.
const RENDABAN_2018: &str = "                               收支预算总表
部门名称：江苏省人大
                                                                  单位:万元
常委会办公厅
          收入                                    支出
                                     功能分类                     支出用途
    项目名称         金额
                               功能科目名称         金额         项目名称         金额
一、财政拨款          15897.44   一、一般公共服务支出       12706.28    一、基本支出        7877.76
    1. 一般公共预算   15897.44   二、外交支出                       二、项目支出        6333.96
    2. 政府性基金预                                           三、单位预留机
                           三、国防支出                                     1685.72
算                                                       动经费
二、财政专户管理资金                 四、公共安全支出
三、其他资金                     五、教育支出
                           八、社会保障和就业支出        1068.78
                           九、医疗卫生与计划生育支
                           出
                           十八、住房保障支出          2122.38
    当年收入小计      15897.44                当年支出小计                       15897.44
    上年结转资金                              结转下年资金
    收入合计        15897.44                支出合计                         15897.44
";

#[test]
fn wrapped_labels_of_each_part_are_put_back_together() {
    let document = parse(RENDABAN_2018);
    let parts = parts(&document);
    assert_eq!(parts.len(), 3);
    let (income, function, by_use) = (&parts[0].1, &parts[1].1, &parts[2].1);
    assert!(has(income, "2.政府性基金预算="), "{income:?}");
    assert!(has(income, "二、财政专户管理资金="), "{income:?}");
    // 1685.72 stands on the 三、国防支出 line but in the 支出用途 amount column.
    assert!(has(function, "三、国防支出="), "{function:?}");
    assert!(has(function, "九、医疗卫生与计划生育支出="), "{function:?}");
    assert!(has(function, "当年支出小计=15897.44"), "{function:?}");
    assert_eq!(
        by_use,
        &[
            "一、基本支出=7877.76",
            "二、项目支出=6333.96",
            "三、单位预留机动经费=1685.72"
        ]
    );
}

/// js-rendaban-2017-budget.layout.txt lines 140–168, 187–188, 235–237 and 250–261: narrow
/// columns, every label
/// wrapped, its amount centred on the line between.
const RENDABAN_2017: &str = "                               收支预算总表
      部门：        江苏省人大常委会办公厅                                   单位：万元



            收入                                    支出


                                   功能分类                     支出用途
     项目名
                 金额           功能科目名
     称                                    金额        项目名称           金额
                               称


  一、财政                   一、一般公共服务
             13,649.07                10,528.33   一、基本支出       7,666.68
拨款                       支出


 1. 一 般 公
             13,649.07   二、外交支出                   二、项目支出       5,853.96
共预算


 2. 政 府 性                                         三、单位预留机
                         三、国防支出                                    128.43
基金预算                                              动经费


                         八、社会保障和就     1,608.51
                      业支出


                      十八、住房保障支
                                  1,512.23
                      出


当 年 收 入   13,649.07              当年支出小计      13,649.07
小计


     上年结
                                         结转下年资金
 转资金


     收入合
                 13,649.07                支出合计         13,649.07
     计
";

#[test]
fn an_amount_centred_between_the_lines_of_its_label_joins_it() {
    let document = parse(RENDABAN_2017);
    let parts = parts(&document);
    assert_eq!(parts.len(), 3, "{parts:?}");
    let (income, function, by_use) = (&parts[0].1, &parts[1].1, &parts[2].1);
    assert_eq!(
        income,
        &[
            "一、财政拨款=13649.07",
            "1.一般公共预算=13649.07",
            "2.政府性基金预算=",
            "当年收入小计=13649.07",
            "上年结转资金=",
            "收入合计=13649.07",
        ]
    );
    assert!(
        has(function, "一、一般公共服务支出=10528.33"),
        "{function:?}"
    );
    assert!(
        has(function, "八、社会保障和就业支出=1608.51"),
        "{function:?}"
    );
    assert!(has(function, "十八、住房保障支出=1512.23"), "{function:?}");
    assert!(has(function, "结转下年资金="), "{function:?}");
    assert!(has(function, "支出合计=13649.07"), "{function:?}");
    assert_eq!(
        by_use,
        &[
            "一、基本支出=7666.68",
            "二、项目支出=5853.96",
            "三、单位预留机动经费=128.43"
        ]
    );
}

/// sh-putuo-wanli-2024-budget.layout.txt lines 184–212, the totals' amounts moved onto the
/// line above their names (as `pdftotext -layout` prints a row whose name sits low in its cell).
const NUMBERS_ABOVE: &str = "                         2024年部门财务收支预算总表
编制部门：上海市普陀区人民政府万里街道办事处                                                单位：元

                  本年收入                                   本年支出

           项目             预算数                       项目          预算数

一、财政拨款收入                   156,211,123 一、一般公共服务支出                  2,932,700

1. 一般公共预算资金                156,211,123 二、公共安全支出                    1,633,000

2. 政府性基金                                 三、教育支出                       250,000

二、事业收入                                   八、城乡社区支出                119,385,303

三、事业单位经营收入                               九、住房保障支出                  8,882,399

四、其他收入

                           156,211,123                           156,211,123
           收入总计                                   支出总计
";

#[test]
fn amounts_on_the_line_above_a_total_join_that_total() {
    let document = parse(NUMBERS_ABOVE);
    let parts = parts(&document);
    assert_eq!(parts.len(), 2, "{parts:?}");
    let (income, expenditure) = (&parts[0].1, &parts[1].1);
    assert_eq!(
        income,
        &[
            "一、财政拨款收入=156211123",
            "1.一般公共预算资金=156211123",
            "2.政府性基金=",
            "二、事业收入=",
            "三、事业单位经营收入=",
            "四、其他收入=",
            "收入总计=156211123",
        ]
    );
    assert_eq!(
        expenditure.last().map(String::as_str),
        Some("支出总计=156211123")
    );
    assert!(
        !expenditure.iter().any(|r| r.starts_with('=')),
        "{expenditure:?}"
    );
}

#[test]
fn a_header_of_this_years_income_and_expenditure_makes_two_halves() {
    // The same statement as printed (amounts on the total line), header 本年收入 / 本年支出.
    let text = NUMBERS_ABOVE.replace(
        "                           156,211,123                           156,211,123\n           收入总计                                   支出总计\n",
        "           收入总计            156,211,123            支出总计           156,211,123\n",
    );
    let document = parse(&text);
    let parts = parts(&document);
    let sides: Vec<Option<Side>> = parts.iter().map(|(s, _)| *s).collect();
    assert_eq!(sides, [Some(Side::Income), Some(Side::Expenditure)]);
    // A label alone on its line belongs to the half it stands in.
    assert!(has(&parts[0].1, "四、其他收入="), "{parts:?}");
    assert!(has(&parts[0].1, "收入总计=156211123"), "{parts:?}");
    assert!(has(&parts[1].1, "九、住房保障支出=8882399"), "{parts:?}");
}

#[test]
fn the_tail_of_a_label_is_not_a_row_but_a_statement_line_is() {
    assert!(is_label_tail("动经费"));
    assert!(is_label_tail("出"));
    assert!(is_label_tail("小计"));
    assert!(!is_label_tail("上年结转资金"));
    assert!(!is_label_tail("收入合计"));
    assert!(!is_label_tail("结余分配"));
    assert!(!is_label_tail("2.政府性基金"));
    assert!(!is_label_tail("其中：财政拨款"));
}

#[test]
fn amounts_between_an_empty_row_and_a_total_go_to_the_total() {
    // No blank line: the amounts touch 四、其他收入 above and 收入总计 below. A row of its own
    // under them (not the tail of a wrapped label) is theirs.
    let text = NUMBERS_ABOVE.replace("四、其他收入\n\n", "四、其他收入\n");
    let document = parse(&text);
    let parts = parts(&document);
    assert!(has(&parts[0].1, "四、其他收入="), "{parts:?}");
    assert!(has(&parts[0].1, "收入总计=156211123"), "{parts:?}");
}
