use super::*;

fn field(text: &str) -> Field {
    Field {
        text: text.to_string(),
        span: Span::new(100, 100 + text.len()),
    }
}

fn value(text: &str) -> IndicatorValue {
    crate::parse::performance::indicator_value(field(text))
}

#[test]
fn a_deduction_above_the_target_contradicts_it() {
    let rule = field("召开次数等于或大于5次得10分, 少于8次视情况扣分。");
    let conflict = scoring_conflict(&value("≥5次"), &rule).expect("conflict");
    assert_eq!(conflict.clause, "少于8次视情况扣分");
    assert_eq!(
        &rule.text[conflict.span.start - 100..conflict.span.end - 100],
        " 少于8次视情况扣分"
    );
}

#[test]
fn agreeing_or_incomparable_rules_are_quiet() {
    for (target, rule) in [
        ("≥5次", "召开次数等于或大于5次得10分, 少于5次视情况扣分。"),
        // A lower bound for zero points below the target is usual.
        ("≥90%", "满意率达90%得10分, 低于60%不得分。"),
        ("≥90%", "细化率大于90得10分, 小于60不得分。"),
        // Other units measure other things.
        ("≥62人", "工作完成率达100%得5分，低于100%视情况扣分。"),
        ("≥688144人", "人次≥688144人得10分, 大于或小于视情况扣分。"),
        ("依照国家标准", "依照国家标准得10分, 未依照标准视情况扣分"),
        ("≤30分钟", "响应时间不超过30分钟得5分，超过30分钟不得分"),
    ] {
        assert_eq!(
            scoring_conflict(&value(target), &field(rule)),
            None,
            "{target} / {rule}"
        );
    }
}

#[test]
fn an_upper_bound_target_contradicts_a_lower_deduction_threshold() {
    let conflict = scoring_conflict(
        &value("≤60分钟"),
        &field("响应时间在60分钟内得5分，超过30分钟视情况扣分"),
    );
    assert_eq!(
        conflict.map(|c| c.clause),
        Some("超过30分钟视情况扣分".into())
    );
}

fn row(name: &str, wan: &str) -> ProjectRow {
    let value: Decimal = wan.parse().expect("decimal");
    ProjectRow {
        name: name.to_string(),
        key: name_key(name),
        number: Number {
            value,
            decimals: 2,
            span: Span::default(),
            unit: Some(Unit::WanYuan),
        },
        yuan: value * Decimal::from(10_000),
        half_ulp_yuan: Decimal::from(50),
    }
}

#[test]
fn project_names_match_without_punctuation_and_approximately() {
    let rows = [
        row(
            "长财社【2024】180号关于提前下达2025年中央财政医疗服务与保障能力提升补助资金",
            "37.00",
        ),
        row("2025年医保经办经费", "30.00"),
        row("2025年医保政策宣传", "197.68"),
        row("城乡居民医疗保险财政补贴区级配 套部分", "10000.00"),
    ];
    let (m, exact) = match_project(
        "长财社[2024]180号关于提前下达2025年中央财政医疗服务与保障能力提升补助资金",
        &rows,
    )
    .expect("match");
    assert!(exact);
    assert_eq!(m[0].name, rows[0].name);
    let (m, exact) = match_project("城乡居民医疗保险财政补贴区级配套部分", &rows).expect("match");
    assert!(exact, "a space inside a wrapped name is no difference");
    assert_eq!(m[0].yuan, Decimal::from(100_000_000));
    let (m, exact) = match_project("2025年度医保政策宣传", &rows).expect("similar");
    assert!(!exact);
    assert_eq!(m[0].name, "2025年医保政策宣传");
    // A name missing a word still finds its row.
    let (m, _) = match_project("2025年医保经费", &rows).expect("similar");
    assert_eq!(m[0].name, "2025年医保经办经费");
    // Two rows equally close, or none close: no match.
    let mut two = rows.to_vec();
    two.push(row("2025年医保经办补助", "5.00"));
    assert!(match_project("2025年医保经办", &two).is_none());
    assert!(match_project("办公楼维修改造", &rows).is_none());
}
