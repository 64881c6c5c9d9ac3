//! The correct probes (`fixtures/probes/*.txt`: disclosures in templates budlint was not built
//! on, every figure right) raise no warning or error of any rule, in either text shape, but the
//! true ones listed here. `tests/probes.rs` looks at the table rules and the planted faults;
//! this looks at everything else a reviewer would see (a department name misread as another
//! department's, a year, a paragraph, a prose claim).

mod common;

use std::path::PathBuf;

/// (file name prefix, `rule`) of findings that are true of the correct probes.
const TRUE_FINDINGS: &[(&str, &str)] = &[
    // The Beijing-like budget prints no 财政拨款收支总表 and no 国有资本经营 table.
    ("chaoyang-greening-2025-budget.", "required-table"),
];

fn probes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/probes")
}

#[test]
fn correct_probes_raise_nothing_untrue() {
    let files = common::file_names("fixtures/probes", ".txt");
    assert!(files.len() >= 8, "{files:?}");
    let stdout = common::short_output(&probes(), &files);
    let untrue: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .filter(|l| {
            !TRUE_FINDINGS
                .iter()
                .any(|(file, rule)| l.starts_with(file) && l.contains(&format!("[{rule}]")))
        })
        .collect();
    assert!(untrue.is_empty(), "{}", untrue.join("\n"));
}

/// Departments of other cities, districts, prefectures and banners (`州` inside a name, `和`
/// inside `呼和浩特`, `市南区` after `青岛市`, 自治州, 林区, 新区, 盟, 旗): the 杭州 probe with its
/// department moved there names only itself, and names another district where one is planted.
#[test]
fn a_department_anywhere_is_its_own_and_another_one_is_not() {
    const PLACES: &[&str] = &[
        "广州市天河区",
        "苏州市姑苏区",
        "郑州市金水区",
        "贵州省贵阳市",
        "北京市通州区",
        "内蒙古自治区呼和浩特市",
        "呼和浩特市赛罕区",
        "湖北省神农架林区",
        "恩施土家族苗族自治州恩施市",
        "上海市浦东新区",
        "锡林郭勒盟锡林浩特市",
        "阿拉善盟阿拉善左旗",
        "青岛市市南区",
        "济南市市中区",
        "兰州市城关区",
        "株洲市芦淞区",
        "沧州市运河区",
    ];
    let original = std::fs::read_to_string(probes().join("westlake-culture-2023-final.layout.txt"))
        .expect("probe");
    let dir = std::env::temp_dir().join(format!("budlint-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let lint = |name: &str, text: &str| -> Vec<String> {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        common::short_output(&dir, &[&path])
            .lines()
            .filter(|l| l.contains("[foreign-entity]"))
            .map(str::to_string)
            .collect()
    };
    for (k, place) in PLACES.iter().enumerate() {
        // The district alone (`西湖区` in prose) becomes the new place's last part.
        let last: String = {
            let chars: Vec<char> = place.chars().collect();
            chars[chars.len().saturating_sub(3)..].iter().collect()
        };
        let moved = original
            .replace("杭州市西湖区", place)
            .replace("西湖区", &last);
        let found = lint(&format!("p{k}.txt"), &moved);
        assert!(found.is_empty(), "{place}: {found:?}");
        // Another district of the same city in one heading is reported (where the place ends
        // with a district: a department named by its 自治区 alone is not split into places).
        let planted = moved.replacen(
            &format!("第二部分 {place}"),
            &format!("第二部分 {}", place.replace(&last, "滨江区")),
            1,
        );
        if planted != moved && place.ends_with('区') {
            let found = lint(&format!("q{k}.txt"), &planted);
            assert!(
                !found.is_empty(),
                "{place}: a heading naming 滨江区 is not reported"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
