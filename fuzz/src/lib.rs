//! The bodies of budlint's fuzz targets, shared by `cargo fuzz` (`fuzz_targets/`) and by the
//! bounded libFuzzer-free run of `tests/fuzz.rs`, which includes this file. Each takes arbitrary
//! bytes and drives one way input enters budlint through everything that follows it; a panic or
//! a hang is the bug. Nothing here writes a file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use budlint::config::{CliOverrides, ConfigChoice, ConfigFile, resolve, resolve_with};
use budlint::diagnostic::FileReport;
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::registry::{self, Rule, RuleSource};
use budlint::render::{self, Format, RenderOptions};
use budlint::source::{SourceEncoding, SourceFile, decode};

/// Every built-in rule, resolved once.
fn builtin_rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        resolve(&ConfigChoice::Isolated, &CliOverrides::default())
            .map(|settings| settings.rules.rules)
            .unwrap_or_default()
    })
}

/// A document's bytes as read from disk: decoded, parsed, linted, rendered in every format.
pub fn document_bytes(data: &[u8]) {
    if let Ok((text, encoding)) = decode(data) {
        lint_and_render(text, encoding, builtin_rules());
    }
}

/// Arbitrary text in every layout budlint reads: as written, its blanks widened into aligned
/// columns, turned into tab-separated and pipe table lines, and with CRLF and CR line ends.
pub fn document_layouts(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for layout in layouts(&text) {
        lint_and_render(layout, SourceEncoding::Utf8, builtin_rules());
    }
}

/// The text in each layout (see [`document_layouts`]).
pub fn layouts(text: &str) -> Vec<String> {
    let per_line =
        |f: &dyn Fn(&str) -> String| -> String { text.lines().map(|l| f(l) + "\n").collect() };
    let cells =
        |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_string).collect() };
    vec![
        text.to_string(),
        per_line(&|l| cells(l).join("      ")),
        per_line(&|l| cells(l).join("\t")),
        per_line(&|l| {
            let cells = cells(l);
            if cells.is_empty() {
                String::new()
            } else {
                format!("| {} |", cells.join(" | "))
            }
        }),
        text.replace('\n', "\r\n"),
        text.replace('\n', "\r"),
    ]
}

/// A `budlint.toml`: parsed, resolved with the built-in rules, and used on a document.
pub fn config_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(config) = ConfigFile::from_text(Path::new("budlint.toml"), text.as_ref()) else {
        return;
    };
    if let Ok(settings) = resolve_with(Some(&config), &CliOverrides::default(), Path::new(".")) {
        let _ = settings.ignored_rules_for(Path::new("2024/预算公开.txt"));
        lint_and_render(
            SAMPLE.to_string(),
            SourceEncoding::Utf8,
            &settings.rules.rules,
        );
    }
}

/// A rule file beside the built-in ones: parsed, built, and run on a document.
pub fn rule_text(data: &[u8]) {
    let mut sources = registry::builtin_sources();
    sources.push(RuleSource {
        name: "fuzz/rule.toml".to_string(),
        text: String::from_utf8_lossy(data).as_ref().into(),
        builtin: false,
    });
    let Ok(definitions) = registry::parse_rule_files(&sources) else {
        return;
    };
    let selected: BTreeSet<String> = definitions.iter().map(|d| d.id.clone()).collect();
    if let Ok(set) = registry::build_rules(definitions, &selected, &BTreeMap::new(), None) {
        lint_and_render(SAMPLE.to_string(), SourceEncoding::Utf8, &set.rules);
    }
}

/// A small disclosure every rule kind has something to read in.
const SAMPLE: &str = "\
2024年部门预算公开 仅供内部审核

一、收支预算总体情况
2024年收入预算 16,390.41 万元，比上年增加 205.52 万元，增长 1.27%。

一般公共预算支出情况表
单位: 万元
| 科目编码 | 科目名称 | 合计 |
|---|---|---|
| 合计 | | 3.00 |
| 201 | 一般公共服务支出 | 3.00 |
| 20101 | 人大事务 | 1.00 |
| 20102 | 政协事务 | 2.00 |
";

fn lint_and_render(text: String, encoding: SourceEncoding, rules: &[Rule]) {
    let source = Arc::new(SourceFile::new("fuzz.txt".into(), text, encoding));
    let reports: Vec<FileReport> = [Lang::Zh, Lang::En]
        .into_iter()
        .map(|lang| lint_source(source.clone(), rules, lang))
        .collect();
    let options = RenderOptions {
        lang: Lang::Zh,
        rules,
    };
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ] {
        let mut out = termcolor::NoColor::new(Vec::new());
        render::render(format, &reports, &[], &options, &mut out).expect("render to memory");
    }
    let mut out = termcolor::NoColor::new(Vec::new());
    render::render_statistics(&reports, &options, false, &mut out).expect("render statistics");
}
