//! The machine-readable output formats and `--statistics`, end to end through the binary.
//!
//! Golden outputs live in `tests/fixtures/outputs/*.expected`, produced by running budlint with
//! `--isolated` in that directory on the small documents kept there (a watermark, one split over
//! three lines, a wrong 三公经费 total, a rounding difference, a clean file; CJK file names, one
//! with a space, one in a subdirectory). `BLESS=1 cargo test --test outputs` rewrites them;
//! review the diff before committing.
//!
//! The SARIF output of the whole corpus is validated against the official SARIF 2.1.0 JSON
//! schema, `tests/fixtures/outputs/sarif-schema-2.1.0.json`: the OASIS schema
//! (`$id` https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json)
//! as bundled in the `serde-sarif` 0.8.0 crate (`src/schema.json`), copied unchanged.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The documents of `tests/fixtures/outputs/`, in the order budlint sorts them.
const DOCUMENTS: &[&str] = &[
    "2023年/三公经费.txt",
    "三公经费 支出表.txt",
    "机构设置.txt",
    "预算公开说明.md",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures/outputs")
}

/// Run `budlint --isolated ARGS...` in `dir`; stdout and the exit code.
fn budlint(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .arg("--isolated")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("budlint runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.is_empty() || output.status.code() == Some(2),
        "unexpected stderr: {stderr}"
    );
    let stdout = String::from_utf8(output.stdout).expect("budlint writes UTF-8");
    (stdout, output.status.code().unwrap_or(-1))
}

/// Run budlint over the fixture documents with `args` before them.
fn on_documents(args: &[&str]) -> (String, i32) {
    let mut all = args.to_vec();
    all.extend_from_slice(DOCUMENTS);
    budlint(&fixtures(), &all)
}

fn assert_golden(name: &str, actual: &str) {
    let path = fixtures().join(name);
    if std::env::var_os("BLESS").is_some() {
        fs::write(&path, actual).expect("write expected output");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `BLESS=1 cargo test --test outputs` to create it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{name} differs from the output (BLESS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}"
        );
    }
}

#[test]
fn github_golden() {
    let (out, status) = on_documents(&["--show-info", "--fail-on", "never", "--format", "github"]);
    assert_eq!(status, 0);
    assert_golden("github.expected", &out);
    // Every line is one workflow command, whatever the message held.
    for line in out.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }
    // The default `--fail-on error` still decides the exit status.
    assert_eq!(on_documents(&["--format", "github"]).1, 1);
}

#[test]
fn junit_golden() {
    let (out, status) = on_documents(&["--show-info", "--fail-on", "never", "--format", "junit"]);
    assert_eq!(status, 0);
    assert_golden("junit.expected", &out);
    // Deterministic: no timestamps, durations or host names.
    assert_eq!(
        on_documents(&["--show-info", "--fail-on", "never", "--format", "junit"]).0,
        out
    );
    assert!(!out.contains("timestamp") && !out.contains("time="));
}

#[test]
fn statistics_golden_and_exit_status() {
    let (out, status) = on_documents(&["--show-info", "--statistics"]);
    assert_golden("statistics.expected", &out);
    let (_, status_without) = on_documents(&["--show-info"]);
    assert_eq!(status, status_without, "--statistics keeps the exit status");
    assert_eq!(status, 1);

    // Infos are dropped without --show-info, and --fail-on never makes the run pass.
    let (out, status) = on_documents(&["--statistics", "--fail-on", "never"]);
    assert_eq!(status, 0);
    assert!(!out.contains(" info "), "{out}");
    // --fail-on info shows infos, as it does for the diagnostics.
    let (out, status) = on_documents(&["--statistics", "--fail-on", "info"]);
    assert_eq!(status, 1);
    assert!(out.contains(" info "), "{out}");

    let (out, _) = on_documents(&["--show-info", "--statistics", "--format", "json"]);
    let counts: Value = serde_json::from_str(&out).expect("statistics as JSON");
    let total: u64 = counts
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["count"].as_u64()).sum())
        .unwrap_or(0);
    assert_eq!(total, 8);

    let (_, status) = on_documents(&["--statistics", "--format", "sarif"]);
    assert_eq!(status, 2, "--statistics has no SARIF form");
}

/// The SARIF log of the fixture documents, with the machine-dependent `%SRCROOT%` URI and the
/// version masked.
#[test]
fn sarif_golden() {
    let (out, status) = on_documents(&["--show-info", "--fail-on", "never", "--format", "sarif"]);
    assert_eq!(status, 0);
    let mut log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    validate_sarif(&log);
    check_uris_and_rules(&log, &fixtures());
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert_eq!(
        sarif_errors(&broken).len(),
        2,
        "{:?}",
        sarif_errors(&broken)
    );
    let base = &mut log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    let uri = base.as_str().unwrap_or_default();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/tests/fixtures/outputs/"),
        "{uri}"
    );
    *base = Value::from("file:///…/tests/fixtures/outputs/");
    // Nor should a release make the golden file change.
    let version = &mut log["runs"][0]["tool"]["driver"]["version"];
    assert_eq!(version.as_str(), Some(env!("CARGO_PKG_VERSION")));
    *version = Value::from("VERSION");
    let masked = serde_json::to_string_pretty(&log).expect("re-serialise") + "\n";
    assert_golden("sarif.expected", &masked);
}

fn validate_sarif(log: &Value) {
    let errors = sarif_errors(log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

/// What the SARIF 2.1.0 schema says is wrong with `log`.
fn sarif_errors(log: &Value) -> Vec<String> {
    let text = fs::read_to_string(fixtures().join("sarif-schema-2.1.0.json"))
        .expect("the SARIF schema fixture");
    // The published schema's pattern for `run.language` has a stray `]`, a literal in the
    // lenient JavaScript dialect but a syntax error for the validator's strict check of the
    // schema itself; escaped here, with the same meaning, rather than in the copied file.
    let pattern = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(pattern), "the schema fixture changed");
    let text = text.replace(pattern, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// `%41` → `A`: enough of RFC 3986 to turn a SARIF URI back into a path.
fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("URIs encode UTF-8")
}

/// Every location is a relative URI under `%SRCROOT%` naming a file that exists in `root`, and
/// every `ruleIndex` points at the descriptor of its `ruleId`; the rules listed are exactly those
/// that fired, sorted by id, with the levels SARIF knows.
fn check_uris_and_rules(log: &Value, root: &Path) {
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver.rules");
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "sorted, unique: {ids:?}"
    );
    let mut fired: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    fired.sort_unstable();
    fired.dedup();
    assert_eq!(ids, fired, "the rules listed are the rules that fired");
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["fullDescription"]["text"].is_string());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap_or("");
        assert!(["error", "warning", "note"].contains(&level), "{rule}");
    }
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
        let fingerprint = result["partialFingerprints"]["budlint/v1"]
            .as_str()
            .unwrap_or("");
        assert_eq!(fingerprint.len(), 16, "{result}");
        let related = result["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for location in result["locations"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(&related)
        {
            let physical = &location["physicalLocation"];
            let artifact = &physical["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            let uri = artifact["uri"].as_str().expect("uri");
            assert!(
                !uri.contains(':') && !uri.starts_with('/') && !uri.contains('\\'),
                "relative, forward slashes: {uri}"
            );
            assert!(
                uri.bytes().all(|b| b.is_ascii_graphic()),
                "percent-encoded: {uri}"
            );
            assert!(
                root.join(percent_decode(uri)).is_file(),
                "{uri} names a file"
            );
            let region = &physical["region"];
            let start_line = region["startLine"].as_u64().unwrap_or(0);
            let end_line = region["endLine"].as_u64().unwrap_or(0);
            assert!(start_line >= 1 && end_line >= start_line, "{region}");
        }
    }
}

#[test]
fn sarif_of_the_corpus_is_valid_sarif_2_1_0() {
    let root = manifest_dir();
    let (out, status) = budlint(
        &root,
        &[
            "--show-info",
            "--fail-on",
            "never",
            "--format",
            "sarif",
            "fixtures/corpus",
        ],
    );
    assert_eq!(status, 0);
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    validate_sarif(&log);
    check_uris_and_rules(&log, &root);
}

/// `(ruleId, fingerprint)` → start lines of the results, from a SARIF log.
fn fingerprinted_lines(out: &str) -> BTreeMap<(String, String), Vec<u64>> {
    let log: Value = serde_json::from_str(out).expect("SARIF is JSON");
    let mut map: BTreeMap<(String, String), Vec<u64>> = BTreeMap::new();
    for result in log["runs"][0]["results"].as_array().into_iter().flatten() {
        let key = (
            result["ruleId"].as_str().unwrap_or_default().to_string(),
            result["partialFingerprints"]["budlint/v1"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
        let line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap_or(0);
        map.entry(key).or_default().push(line);
    }
    map
}

#[test]
fn sarif_fingerprints_survive_lines_inserted_above_the_findings() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let documents = [
        (fixtures().join("预算公开说明.md"), "预算公开说明.md"),
        (
            fixtures().join("三公经费 支出表.txt"),
            "三公经费 支出表.txt",
        ),
        (
            manifest_dir().join("fixtures/corpus/tunliu-2024-budget.txt"),
            "tunliu-2024-budget.txt",
        ),
    ];
    for (from, name) in &documents {
        fs::copy(from, dir.path().join(name)).expect("copy a document");
    }
    let args = [
        "--show-info",
        "--fail-on",
        "never",
        "--format",
        "sarif",
        ".",
    ];
    let before = fingerprinted_lines(&budlint(dir.path(), &args).0);
    assert!(before.len() > 5, "enough findings to compare: {before:?}");

    // Two lines of front matter above everything: a department name and a blank line.
    for (_, name) in &documents {
        let path = dir.path().join(name);
        let text = fs::read_to_string(&path).expect("read back");
        fs::write(&path, format!("长治市屯留区医疗保障局\n\n{text}")).expect("rewrite");
    }
    let after = fingerprinted_lines(&budlint(dir.path(), &args).0);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same findings, the same fingerprints"
    );
    for (key, lines) in &before {
        let moved: Vec<u64> = lines.iter().map(|l| l + 2).collect();
        assert_eq!(after[key], moved, "{key:?} moved down two lines");
    }
}

#[test]
fn new_formats_are_never_coloured_and_accept_an_empty_run() {
    let dir = tempfile::tempdir().expect("temporary directory");
    for format in ["sarif", "github", "junit"] {
        let (out, status) = budlint(dir.path(), &["--color", "always", "--format", format]);
        // Nothing to lint is an error (status 2), but the document is still written whole.
        assert_eq!(status, 2, "{format}");
        assert!(!out.contains('\u{1b}'), "{format}: {out:?}");
    }
    let (out, _) = budlint(dir.path(), &["--format", "sarif"]);
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    validate_sarif(&log);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(budlint(dir.path(), &["--format", "github"]).0, "");
}
