//! Joined labels, on lines cut from the plain `pdftotext` statements of the Jiangsu corpus
//! (js-procuratorate-2018, js-highcourt-2017, js-rendaban-2017/2018) and from real row names
//! that must stay readable.

use super::*;
use crate::model::DoubtKind;
use crate::parse::parse;
use crate::source::SourceFile;

#[test]
fn names_made_of_several_labels_are_recognised() {
    for joined in [
        // Two halves' ordinals.
        "二、外交支出2.政府性基金预支出用途金额项目名称金额",
        "支出1.一般公",
        "二、外交支出共预算2.政府性",
        // A 收入 label and a 支出 label.
        "二十、其他支出当年收入小计",
        "当年支出小计上年结转资金收入合计",
        // Text after a total.
        "收入总计一般公共预算资金",
        "专项收入政府性基金小计小计财政专户管理资金",
        "小计上年结结转下年资金转资金收入合",
        // A header cell in a row.
        "三、其他资金支出用途金额",
        "二、政府性基金预算收入合计金额",
        // A word cut in two.
        "十七、国土海洋气象等支",
        "八、社会保障和就",
        "一般公共预",
        "出",
        "计",
    ] {
        assert!(is_joined_label(joined), "{joined}");
    }
}

#[test]
fn whole_row_names_are_not_joined() {
    for whole in [
        "一、一般公共服务支出",
        "十七、国土海洋气象等支出",
        "九、医疗卫生与计划生育支出",
        "二十、其他支出",
        "当年收入小计",
        "收入合计",
        "支出合计",
        "本年收入合计",
        "收入总计",
        "上年结转资金",
        "结转下年资金",
        "公共财政拨款(补助)资金",
        "一、财政拨款",
        "1.一般公共预算",
        "（一）一般公共预算拨款",
        "其中：1.公务用车购置费",
        "其中：（1）公务用车购置费",
        "公务用车购置及运行费",
        "因公出国（境）费",
        "合计数",
        "综合计划处",
        "用事业基金弥补收支差额",
        "年初结转和结余",
        "三公经费合计",
        "台式计算机",
        "行政监管",
    ] {
        assert!(!is_joined_label(whole), "{whole}");
    }
}

/// The head of js-procuratorate-2018's plain 收支预算总表 (lines 293–403): the 收入, 支出功能分类
/// and 支出用途 columns interleaved cell by cell.
const PLAIN_STATEMENT: &str = "公开 01 表：收支预算总表\n部门：\n\n某检察院\n\n单位：万元\n\n收入\n\n支出\n功能分类\n\n项目名称\n\n功能科目名称\n一、财政拨款\n1.一般公共预\n算\n\n金额\n\n项目名称\n\n金额\n\n21,940.96\n\n一、一般公共服务支出\n\n一、基本支出\n\n13,994.31\n\n21,940.96\n\n二、外交支出\n\n二、项目支出\n\n5,573.00\n\n2.政府性基金\n\n三、单位预留机动\n\n三、国防支出\n\n预算\n二、财政专户管理\n\n经费\n\n四、公共安全支出\n\n资金\n三、其他资金\n\n支出用途\n\n金额\n\n14.39\n\n16,458.75\n\n五、教育支出\n六、科学技术支出\n十七、国土海洋气象等支\n\n1,836.22\n\n2,388.04\n\n出\n十八、住房保障支出\n\n3,660.38\n\n十九、粮油物资储备支出\n二十、其他支出\n当年收入小计\n\n21,955.35\n\n当年支出小计\n\n上年结转资金\n收入合计\n\n21,955.35\n\n结转下年资金\n21,955.35\n\n支出合计\n\n21,955.35\n";

#[test]
fn an_interleaved_plain_statement_is_read_in_doubt() {
    let source = SourceFile::from_str("a.plain.txt", PLAIN_STATEMENT);
    let document = parse(&source);
    let table = document
        .tables()
        .find(|t| t.rows.iter().any(|r| r.name().contains("国土海洋")))
        .expect("the statement is read as a table");
    let doubt = table
        .doubts
        .iter()
        .find(|d| d.kind == DoubtKind::JoinedLabels)
        .expect("joined labels");
    assert_eq!(doubt.rows, None, "every row of the table is in doubt");
    assert!((0..table.rows.len()).all(|i| table.row_in_doubt(i)));
    // The doubt points at a joined name, such as the cut `十七、国土海洋气象等支`.
    let cut = PLAIN_STATEMENT.find("十七、").expect("in the text");
    assert!(doubt.spans.iter().any(|s| s.start == cut), "{doubt:?}");
}

#[test]
fn a_plain_table_of_whole_names_is_not_in_doubt() {
    let text = "收入预算总表\n\n单位：万元\n\n项目名称\n\n金额\n\n收入总计\n\n21,955.35\n\n一般公共预算资金\n\n21,940.96\n\n财政专户管理资金\n\n14.39\n";
    let source = SourceFile::from_str("a.plain.txt", text);
    let document = parse(&source);
    for table in document.tables() {
        assert!(
            table
                .doubts
                .iter()
                .all(|d| d.kind != DoubtKind::JoinedLabels),
            "{:?}",
            table.doubts
        );
    }
}

#[test]
fn rows_named_for_the_other_half_of_a_statement_are_recognised() {
    for income in [
        "二、政府性基金预算拨款",
        "本年收入合计",
        "一、一般公共预算拨款收入",
        "事业收入",
    ] {
        assert!(names_other_side(income, Side::Expenditure), "{income}");
        assert!(!names_other_side(income, Side::Income), "{income}");
    }
    for spending in [
        "三、社会保障和就业支出",
        "一、一般公共服务支出",
        "十七、国土海洋气象等支出",
    ] {
        assert!(names_other_side(spending, Side::Income), "{spending}");
        assert!(!names_other_side(spending, Side::Expenditure), "{spending}");
    }
    // Rows either half may hold.
    for either in [
        "上年结转",
        "结转下年",
        "年末结转和结余",
        "用事业基金弥补收支差额",
        "收入总计",
    ] {
        assert!(!names_other_side(either, Side::Income), "{either}");
    }
    for either in ["上年结转", "结转下年", "年末结转和结余", "支出总计"] {
        assert!(!names_other_side(either, Side::Expenditure), "{either}");
    }
}
