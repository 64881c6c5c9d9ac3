//! Embeds the built-in rule files: every `rules/*.toml` becomes an `include_str!` entry in a
//! generated list, so the binary carries its rules and needs no data files at run time.
//!
//! Each file is also read here, at build time, with the same TOML parser and the same shape as
//! `registry::RawRule` (spans included), and turned into code that builds that value: start-up
//! then parses no TOML for the built-in rules. A file that does not read as a rule is left to
//! the parse at run time, which reports why exactly as for a user's rule file.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

include!("src/raw_rule.rs");

fn main() {
    // Re-run when a rule file is added, removed or edited (a directory's mtime covers the first
    // two, each file the last).
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_dir = manifest_dir.join("rules");
    let mut files: Vec<PathBuf> = match fs::read_dir(&rules_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect(),
        // No rules directory yet: the binary simply has no built-in rules.
        Err(_) => Vec::new(),
    };
    // Sorted so the generated file, and the rule order, never depend on the file system.
    files.sort();

    let mut generated = String::from(
        "/// Built-in rule files: (path shown in messages, contents).\n\
         pub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    let mut readers = String::from(
        "/// Each built-in rule file as read at build time (same order), or `None` when it did\n\
         /// not read as a rule.\n\
         pub static BUILTIN_RULES_READ: &[Option<fn() -> super::RawRule>] = &[\n",
    );
    let mut functions = String::new();
    for (n, file) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        generated.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("rules/{name}"),
            file.display().to_string()
        ));
        let text = fs::read_to_string(file).unwrap_or_default();
        match toml::from_str::<RawRule>(&text) {
            Ok(raw) => {
                readers.push_str(&format!("    Some(rule_{n}),\n"));
                functions.push_str(&rule_function(n, &raw));
            }
            Err(_) => readers.push_str("    None,\n"),
        }
    }
    generated.push_str("];\n");
    readers.push_str("];\n");
    generated.push_str(&readers);
    generated.push_str(&functions);

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_if_changed(&out_dir.join("builtin_rules.rs"), &generated);
}

/// A function that builds the `RawRule` of one file.
fn rule_function(n: usize, raw: &RawRule) -> String {
    let spanned = |s: &Spanned<String>| {
        let span = s.span();
        format!(
            "toml::Spanned::new({}..{}, {:?}.to_string())",
            span.start,
            span.end,
            s.get_ref()
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "fn rule_{n}() -> super::RawRule {{");
    let _ = writeln!(out, "    super::RawRule {{");
    let _ = writeln!(out, "        id: {},", spanned(&raw.id));
    let _ = writeln!(out, "        kind: {},", spanned(&raw.kind));
    let _ = writeln!(out, "        severity: {},", spanned(&raw.severity));
    let _ = writeln!(out, "        summary: {},", spanned(&raw.summary));
    let summary_zh = raw
        .summary_zh
        .as_ref()
        .map_or_else(|| "None".to_string(), |s| format!("Some({})", spanned(s)));
    let _ = writeln!(out, "        summary_zh: {summary_zh},");
    let _ = writeln!(
        out,
        "        explanation: {:?}.to_string(),",
        raw.explanation
    );
    let _ = writeln!(out, "        enabled: {},", raw.enabled);
    let _ = writeln!(
        out,
        "        message: super::RawMessage {{ zh: {:?}.to_string(), en: {:?}.to_string() }},",
        raw.message.zh, raw.message.en
    );
    let _ = writeln!(out, "        params: std::collections::BTreeMap::from([");
    for (key, value) in &raw.params {
        let _ = writeln!(
            out,
            "            ({}, {}),",
            spanned(key),
            value_code(value)
        );
    }
    let _ = writeln!(out, "        ]),");
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}");
    out
}

/// Rust code that builds `value`.
fn value_code(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("toml::Value::String({s:?}.to_string())"),
        toml::Value::Integer(i) => format!("toml::Value::Integer({i}i64)"),
        toml::Value::Float(f) if f.is_nan() => "toml::Value::Float(f64::NAN)".to_string(),
        toml::Value::Float(f) if f.is_infinite() && *f > 0.0 => {
            "toml::Value::Float(f64::INFINITY)".to_string()
        }
        toml::Value::Float(f) if f.is_infinite() => {
            "toml::Value::Float(f64::NEG_INFINITY)".to_string()
        }
        toml::Value::Float(f) => format!("toml::Value::Float({f:?}f64)"),
        toml::Value::Boolean(b) => format!("toml::Value::Boolean({b})"),
        toml::Value::Datetime(d) => format!(
            "toml::Value::Datetime({:?}.parse().expect(\"a datetime read at build time\"))",
            d.to_string()
        ),
        toml::Value::Array(items) => format!(
            "toml::Value::Array(vec![{}])",
            items.iter().map(value_code).collect::<Vec<_>>().join(", ")
        ),
        toml::Value::Table(table) => format!(
            "toml::Value::Table(toml::Table::from_iter([{}]))",
            table
                .iter()
                .map(|(k, v)| format!("({k:?}.to_string(), {})", value_code(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Avoid touching the file when nothing changed, so dependent code is not rebuilt needlessly.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    fs::write(path, contents).expect("cannot write the generated built-in rule list");
}
