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

/// fixtures/probes/shuyuan-street-2024-final.layout.txt lines 39–79 (cut): amounts in 元, a 行次
/// on both sides, each label wrapped over three lines around the line of its amounts, often with
/// no label of the other side on that line (`预算财政拨款  1  17,157,351.33  30  11,588,666.05`).
const WRAPPED_BOTH_SIDES: &str = "                    收入支出决算总表
                                                                  单位：元
               收入                                      支出
     项目   行次        决算数                    项目     行次        决算数
     栏次              1                     栏次                2
一、一般公共
                                          一、一般公
预算财政拨款    1               17,157,351.33           30              11,588,666.05
                                          共服务支出
收入
二、政府性基                                  二、社会保
金预算财政拨    2                3,001,500.00 障和就业支     31               8,649,341.28
款收入                                     出
                                          本年支出合
本年收入合计    20              20,158,851.33           50              20,238,007.33
                                          计
年初结转和结                                    年末结转和
          21                486,543.21            51                407,387.21
余                                         结余
总计        22              20,645,394.54 总计        52              20,645,394.54
";

#[test]
fn an_amount_in_the_expenditure_columns_on_an_income_line_is_the_expenditure_sides() {
    let document = parse(WRAPPED_BOTH_SIDES);
    let parts = parts(&document);
    let income = &parts
        .iter()
        .find(|(s, _)| *s == Some(Side::Income))
        .unwrap()
        .1;
    let spending = &parts
        .iter()
        .find(|(s, _)| *s == Some(Side::Expenditure))
        .unwrap()
        .1;
    // The middle line of the wrap carries the amounts; the three pieces are one name.
    assert!(
        has(income, "一、一般公共预算财政拨款收入=17157351.33"),
        "{income:?}"
    );
    assert!(
        has(income, "二、政府性基金预算财政拨款收入=3001500.00"),
        "{income:?}"
    );
    // The income total keeps its own amount only.
    assert!(has(income, "本年收入合计=20158851.33"), "{income:?}");
    assert!(
        has(spending, "一、一般公共服务支出=11588666.05"),
        "{spending:?}"
    );
    assert!(
        has(spending, "二、社会保障和就业支出=8649341.28"),
        "{spending:?}"
    );
    assert!(
        !income.iter().any(|r| r.contains("11588666.05")),
        "{income:?}"
    );
}

/// fixtures/probes/chaoyang-greening-2025-budget.layout.txt lines 27–55 (cut, sums not kept): 上年 / 本年 /
/// 增减 on both sides, the totals' names wrapped around their amounts (`本年收入` / amounts /
/// `合计`).
const TOTAL_WRAPPED_AROUND_AMOUNTS: &str = "                                       2025 年收支总表
                                                                                   单位：万元
                      收入                                                  支出
 项目    2024 年预算数       2025 年预算数        增减           项目    2024 年预算数      2025 年预算数       增减
一、一般                                            一、社会
公共预算        8443.86          8845.98     402.12 保障和就             723.64          762.94     39.30
拨款收入                                            业支出
四、事业                                                四、农林
             300.00           230.00     -70.00                 5939.40         6363.36    423.96
收入                                                  水支出
五、其他                                                五、住房
               0.00             0.00         0.00                385.52          399.99     14.47
收入                                                  保障支出
本年收入                                                本年支出
             300.00           230.00     -70.00                6324.92         6763.35    438.43
合计                                                  合计
收入总计         300.00           230.00     -70.00 支出总计          6324.92         6763.35    438.43
";

#[test]
fn a_total_name_wrapped_around_its_amounts_is_one_row() {
    let document = parse(TOTAL_WRAPPED_AROUND_AMOUNTS);
    let parts = parts(&document);
    let income = &parts
        .iter()
        .find(|(s, _)| *s == Some(Side::Income))
        .unwrap()
        .1;
    let spending = &parts
        .iter()
        .find(|(s, _)| *s == Some(Side::Expenditure))
        .unwrap()
        .1;
    assert!(
        has(income, "一、一般公共预算拨款收入=8443.86,8845.98,402.12"),
        "{income:?}"
    );
    assert!(has(income, "五、其他收入=0.00,0.00,0.00"), "{income:?}");
    assert!(
        has(income, "本年收入合计=300.00,230.00,-70.00"),
        "{income:?}"
    );
    assert!(
        has(spending, "五、住房保障支出=385.52,399.99,14.47"),
        "{spending:?}"
    );
    assert!(
        has(spending, "本年支出合计=6324.92,6763.35,438.43"),
        "{spending:?}"
    );
}

/// fixtures/unseen/pengjiang-water-2024-final.layout.txt lines 111–130 (a Guangdong-like
/// 财政拨款收入支出决算总表): every income label wraps above and below its 行次 and amount, rows 4
/// and 5 have a 行次 but no income label, and the only labelled income amounts are the totals'.
const INCOME_LABELS_AROUND_THEIR_AMOUNTS: &str = "                      财政拨款收入支出决算总表
                    编制单位：江门市蓬江区水务局                                单位：万元

               收入                                       支出
     项目   行次            金额                  项目     行次        金额
一、一般公共预                                  一、一般公共服
          1                  344354.00             30              12450.60
算财政拨款                                    务支出
二、政府性基金                                  二、社会保障和
          2                       0.00             31              13558.30
预算财政拨款                                   就业支出
三、国有资本经                                  三、卫生健康支
          3                       0.00             32               4215.70
营预算财政拨款                                  出
          4                              四、农林水支出   33             307676.20
                                         五、住房保障支
          5                                        34               6453.20
                                         出
本年收入合计    10                 344354.00 本年支出合计      50             344354.00
总计        12                 344354.00 总计          52             344354.00
";

#[test]
fn income_amounts_under_wrapped_labels_stay_on_the_income_side() {
    let document = parse(INCOME_LABELS_AROUND_THEIR_AMOUNTS);
    let parts = parts(&document);
    let side = |wanted: Side| {
        parts
            .iter()
            .find(|(s, _)| *s == Some(wanted))
            .map(|(_, rows)| rows.clone())
            .unwrap_or_default()
    };
    let (income, spending) = (side(Side::Income), side(Side::Expenditure));
    assert!(
        has(&income, "一、一般公共预算财政拨款=344354.00"),
        "{income:?}"
    );
    assert!(
        has(&income, "二、政府性基金预算财政拨款=0.00"),
        "{income:?}"
    );
    assert!(has(&income, "本年收入合计=344354.00"), "{income:?}");
    assert!(
        has(&spending, "一、一般公共服务支出=12450.60"),
        "{spending:?}"
    );
    assert!(has(&spending, "四、农林水支出=307676.20"), "{spending:?}");
    assert!(has(&spending, "五、住房保障支出=6453.20"), "{spending:?}");
    assert!(has(&spending, "本年支出合计=344354.00"), "{spending:?}");
    // Every expenditure row holds one amount: none of the income side's.
    assert!(spending.iter().all(|r| !r.contains(',')), "{spending:?}");
}

/// A made-up town's final accounts (fixtures/unseen/tanxu-town-2024-final.layout.txt lines
/// 131–168): both sides' names wrap around their figures, and a line holds the tail of one
/// side's name and the tail of the other's (`收入` … `支出`).
const TANXU: &str = "                                       收入支出决算总表
               编制单位：钦州市灵山县檀圩镇人民政府                                                                 单位：元

                      收入                                                    支出
     项目   行次   年初预算数         全年预算数         决算数             项目   行次   年初预算数         全年预算数         决算数
一、一般公共
                                                        一、一般公共
预算财政拨款 1       7,503,555.00 8,044,514.00 8,044,514.00          9     5,123,110.00 5,281,134.00 5,236,035.00
                                                        服务支出
收入
二、政府性基
                                                        二、社会保障
金预算财政拨 2              0.00         0.00          0.00          10     543,210.00   590,321.00   590,321.00
                                                        和就业支出
款收入
三、国有资本
                                                        三、卫生健康
经营预算财政 3              0.00         0.00          0.00          11     212,345.00   218,765.00   218,765.00
                                                        支出
拨款收入
四、上级补助                                                  四、城乡社区
       4              0.00         0.00          0.00          12     180,000.00   245,000.00   238,765.00
收入                                                      支出
                                                        五、农林水支
五、事业收入 5              0.00         0.00          0.00          13    1,077,000.00 1,338,060.00 1,296,546.00
                                                        出
                                                        六、住房保障
六、经营收入 6              0.00         0.00          0.00          14     367,890.00   371,234.00   371,234.00
                                                        支出
七、附属单位
       7              0.00         0.00          0.00           15
上缴收入
八、其他收入 8              0.00         0.00          0.00           16
本年收入合计 17      7,503,555.00 8,044,514.00 8,044,514.00 本年支出合计 20      7,503,555.00 8,044,514.00 7,951,666.00
年初结转和结                                                  年末结转和结
       18             0.00         0.00          0.00          21           0.00         0.00     92,848.00
余                                                       余
总计        19   7,503,555.00 8,044,514.00 8,044,514.00 总计        22   7,503,555.00 8,044,514.00 8,044,514.00
";

#[test]
fn names_wrapped_around_their_figures_on_both_sides_keep_their_figures() {
    let document = parse(TANXU);
    let parts = parts(&document);
    let expenditure = &parts
        .iter()
        .find(|(side, _)| *side == Some(Side::Expenditure))
        .expect("the expenditure side")
        .1;
    for wanted in [
        "三、卫生健康支出=212345.00,218765.00,218765.00",
        "四、城乡社区支出=180000.00,245000.00,238765.00",
        "五、农林水支出=1077000.00,1338060.00,1296546.00",
        "六、住房保障支出=367890.00,371234.00,371234.00",
    ] {
        assert!(has(expenditure, wanted), "{wanted} in {expenditure:?}");
    }
    let income = &parts
        .iter()
        .find(|(side, _)| *side == Some(Side::Income))
        .expect("the income side")
        .1;
    assert!(has(income, "四、上级补助收入=0.00,0.00,0.00"), "{income:?}");
}
