//! The SARIF format: one SARIF 2.1.0 log (pretty-printed, trailing newline) that GitHub code
//! scanning and other SARIF viewers accept.
//!
//! - One run. `tool.driver` names budlint and its version and lists, sorted by id, every rule
//!   that fired: `shortDescription` is the rule's summary, `fullDescription` and `help` its
//!   explanation, `defaultConfiguration.level` its default severity (`error` → `error`,
//!   `warning` → `warning`, `info` → `note`). A rule id budlint does not know (none today) gets a
//!   descriptor with its id alone.
//! - A result per diagnostic: `ruleId`, `ruleIndex` into `tool.driver.rules`, `level` from the
//!   diagnostic's effective severity, `message.text` (the message, then `note:` and `help:` lines),
//!   `locations[0]` at the primary label (with its message), `relatedLocations` at the others.
//! - Paths are URIs relative to the directory budlint runs in, which the run declares as
//!   `%SRCROOT%` in `originalUriBaseIds`: `/` separators, percent-encoded UTF-8 (a Chinese file
//!   name becomes `%E9%A2%84…`). An absolute path outside that directory becomes a `file://` URI.
//! - Regions are 1-based with columns in Unicode code points (`columnKind`), `endColumn`
//!   exclusive, as in the JSON format.
//! - `partialFingerprints."budlint/v1"` is the diagnostic's [`fingerprint`](crate::fingerprint):
//!   rule, path and matched text, never a line number, so an alert survives lines moving.
//! - Files that could not be read are `toolExecutionNotifications` of the run's invocation, whose
//!   `executionSuccessful` is then false.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::Path;

use serde::Serialize;
use termcolor::WriteColor;

use super::spool::Spool;
use super::{Region, clamp_span, message_with_notes};
use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
use crate::fingerprint::{self, normalized_path};
use crate::registry::Rule;
use crate::source::{SourceFile, Span};

/// The schema as OASIS publishes it with the 2.1.0 errata.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key of the fingerprint in `partialFingerprints`; raise the version if its recipe changes.
const FINGERPRINT_KEY: &str = "budlint/v1";

/// Where the SARIF log sends a reader who wants to know what budlint is.
fn information_uri() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://crates.io/crates/budlint",
        repository => repository,
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

/// The explanation is Markdown; viewers that render it (GitHub does) use `markdown`.
#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// GitHub shows tags as filters; the rule kind groups the sums apart from the patterns.
#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: [&'a str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: OwnedText,
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BaseUri {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    description: OwnedText,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: OwnedText,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<PageProperty>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<OwnedText>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    /// In a PDF the artifact is not the text the lines count in: the extracted line is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<OwnedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<PageProperty>,
}

/// `properties.page` of a region (and of a result) in a PDF or a text with form feeds.
#[derive(Serialize, Clone, Copy)]
struct PageProperty {
    page: usize,
}

impl SarifRegion {
    fn of(source: &SourceFile, span: Span) -> SarifRegion {
        let r = Region::of(source, span);
        let snippet = r.page.map(|_| {
            let first = source.line_index(clamp_span(source, span).start);
            let last = source.line_index(clamp_span(source, span).end).max(first);
            let text = (first..=last)
                .map(|i| {
                    source
                        .slice(source.line_span(i))
                        .trim_start_matches('\u{c}')
                })
                .collect::<Vec<_>>()
                .join("\n");
            OwnedText { text }
        });
        SarifRegion {
            start_line: r.line,
            start_column: r.column,
            end_line: r.end_line,
            end_column: r.end_column,
            snippet,
            properties: r.page.map(|page| PageProperty { page }),
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Write the SARIF log. `root` is the directory relative URIs are relative to (the current
/// directory); without it, relative paths stay relative and `%SRCROOT%` has no URI.
/// Every report at once (the unit tests).
#[cfg(test)]
pub(super) fn render(
    reports: &[FileReport],
    errors: &[FileError],
    rules: &[Rule],
    root: Option<&Path>,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let mut stream = Stream::new(root.map(Path::to_path_buf));
    for report in reports {
        stream.file(report)?;
    }
    stream.finish(errors, rules, out)
}

/// Stands for a result's rule index until the rules that fired are all known.
const RULE_INDEX_PENDING: usize = usize::MAX;

/// The SARIF log fed one report at a time: each result is written out (as it stands in the
/// log) while its file is at hand, its rule index filled in at the end, when the rules that
/// fired, listed before the results, are known.
pub(super) struct Stream {
    root: Option<std::path::PathBuf>,
    /// The rules of the results, each once, in the order first met.
    rules: Vec<String>,
    /// Each result's rule (index into `rules`) and the length of its text in `texts`.
    results: Vec<(usize, usize)>,
    /// The results' texts, one after the other.
    texts: Spool,
}

impl Stream {
    pub(super) fn new(root: Option<std::path::PathBuf>) -> Stream {
        Stream {
            root,
            rules: Vec::new(),
            results: Vec::new(),
            texts: Spool::default(),
        }
    }

    pub(super) fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let artifact = artifact_location(&report.source.path, self.root.as_deref());
        let fingerprints = fingerprint::fingerprints(report);
        for (diagnostic, fingerprint) in report.diagnostics.iter().zip(fingerprints) {
            let result = result(
                &report.source,
                &artifact,
                diagnostic,
                RULE_INDEX_PENDING,
                fingerprint,
            );
            let text = serde_json::to_string_pretty(&result)?;
            let rule = match self.rules.iter().position(|r| *r == diagnostic.rule) {
                Some(rule) => rule,
                None => {
                    self.rules.push(diagnostic.rule.clone());
                    self.rules.len() - 1
                }
            };
            self.results.push((rule, text.len()));
            self.texts.append(text.as_bytes())?;
        }
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        errors: &[FileError],
        rules: &[Rule],
        out: &mut dyn WriteColor,
    ) -> io::Result<()> {
        let root = self.root.as_deref();
        let fired: BTreeSet<&str> = self.rules.iter().map(String::as_str).collect();
        let rule_index: BTreeMap<&str, usize> =
            fired.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let descriptors = fired.iter().map(|id| descriptor(id, rules)).collect();
        let notifications = errors
            .iter()
            .map(|e| Notification {
                level: "error",
                message: OwnedText {
                    text: format!("{}: {}", e.path.replace('\\', "/"), e.reason),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location(Path::new(&e.path), root),
                        region: None,
                    },
                    message: None,
                }],
            })
            .collect();

        let base = BaseUri {
            uri: root.map(directory_uri),
            description: OwnedText {
                text: "The directory budlint was run in.".to_string(),
            },
        };
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "budlint",
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: information_uri(),
                        rules: descriptors,
                    },
                },
                invocations: [Invocation {
                    execution_successful: errors.is_empty(),
                    tool_execution_notifications: notifications,
                }],
                original_uri_base_ids: BTreeMap::from([(SRCROOT, base)]),
                column_kind: "unicodeCodePoints",
                results: Vec::new(),
            }],
        };
        // The log without results, then the results where its empty list stands (the last
        // field of the run), each indented to its depth.
        let frame = serde_json::to_string_pretty(&log)?;
        const EMPTY: &str = "\"results\": []";
        let Some(at) = frame.rfind(EMPTY) else {
            return Err(io::Error::other("SARIF frame without results"));
        };
        out.write_all(&frame.as_bytes()[..at])?;
        out.write_all(b"\"results\": [")?;
        let pending = format!("\"ruleIndex\": {RULE_INDEX_PENDING}");
        let mut texts = self.texts.reader()?;
        let mut text = Vec::new();
        for (n, &(rule, len)) in self.results.iter().enumerate() {
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            let index = rule_index
                .get(self.rules[rule].as_str())
                .copied()
                .unwrap_or(0);
            text.resize(len, 0);
            texts.read_exact(&mut text)?;
            let text = String::from_utf8_lossy(&text);
            let text = text.replacen(&pending, &format!("\"ruleIndex\": {index}"), 1);
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"        ")?;
                out.write_all(line.as_bytes())?;
            }
        }
        if !self.results.is_empty() {
            out.write_all(b"\n      ")?;
        }
        out.write_all(b"]")?;
        out.write_all(&frame.as_bytes()[at + EMPTY.len()..])?;
        writeln!(out)
    }
}

fn descriptor<'a>(id: &'a str, rules: &'a [Rule]) -> RuleDescriptor<'a> {
    let Some(rule) = rules.iter().find(|r| r.meta.id == id) else {
        return RuleDescriptor {
            id,
            short_description: None,
            full_description: None,
            help: None,
            default_configuration: None,
            properties: None,
        };
    };
    let meta = &rule.meta;
    RuleDescriptor {
        id,
        short_description: Some(Text {
            text: &meta.summary,
        }),
        full_description: Some(Text {
            text: &meta.explanation,
        }),
        help: Some(Help {
            text: &meta.explanation,
            markdown: &meta.explanation,
        }),
        default_configuration: Some(Configuration {
            level: level(rule.default_severity),
        }),
        properties: Some(RuleProperties { tags: [&meta.kind] }),
    }
}

fn result<'a>(
    source: &SourceFile,
    artifact: &ArtifactLocation,
    diagnostic: &'a Diagnostic,
    rule_index: usize,
    fingerprint: String,
) -> SarifResult<'a> {
    // The label the diagnostic is reported at, as `Diagnostic::primary_span` chooses it.
    let primary = diagnostic
        .labels
        .iter()
        .position(|l| l.primary)
        .or((!diagnostic.labels.is_empty()).then_some(0));
    let location = |label: &Label, id: Option<usize>| Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: Some(SarifRegion::of(source, label.span)),
        },
        message: (!label.message.is_empty()).then(|| OwnedText {
            text: label.message.clone(),
        }),
    };
    let main = match primary.map(|i| &diagnostic.labels[i]) {
        Some(label) => location(label, None),
        // A whole-file finding: SARIF wants a region for GitHub to place it, so the file's start.
        None => Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact.clone(),
                region: Some(SarifRegion::of(source, diagnostic.primary_span())),
            },
            message: None,
        },
    };
    let related = diagnostic
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != primary)
        .enumerate()
        .map(|(n, (_, label))| location(label, Some(n + 1)))
        .collect();
    SarifResult {
        rule_id: &diagnostic.rule,
        rule_index,
        level: level(diagnostic.severity),
        message: OwnedText {
            text: message_with_notes(diagnostic),
        },
        locations: [main],
        related_locations: related,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        properties: source
            .page(clamp_span(source, diagnostic.primary_span()).start)
            .map(|page| PageProperty { page }),
    }
}

/// A relative URI under `%SRCROOT%` for a path inside `root` (or relative already), else an
/// absolute `file://` URI.
fn artifact_location(path: &Path, root: Option<&Path>) -> ArtifactLocation {
    let relative = if path.is_absolute() {
        root.and_then(|root| path.strip_prefix(root).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(relative) => ArtifactLocation {
            uri: percent_encode(&normalized_path(relative), false),
            uri_base_id: Some(SRCROOT),
        },
        None => ArtifactLocation {
            uri: file_uri(path),
            uri_base_id: None,
        },
    }
}

/// `file:///abs/path` (`file:///C:/abs/path` on Windows), percent-encoded.
fn file_uri(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", percent_encode(&path, true))
}

/// The URI of a directory, with the trailing `/` SARIF requires of a base URI.
fn directory_uri(dir: &Path) -> String {
    let mut uri = file_uri(dir);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encode every byte of `path` but the unreserved characters and `/` (and `:` in an
/// absolute URI, for a Windows drive; in a relative one it would read as a scheme).
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::{artifact_location, percent_encode};
    use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
    use crate::render::test_support::{find, report, table_source, table_sum_diagnostic};
    use crate::source::SourceFile;

    fn sarif(reports: &[FileReport], errors: &[FileError], root: Option<&Path>) -> Value {
        let mut out = termcolor::NoColor::new(Vec::new());
        super::render(reports, errors, &[], root, &mut out).expect("rendering into a Vec");
        let text = String::from_utf8(out.into_inner()).expect("UTF-8");
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn table_sum_result_with_related_location_and_fingerprint() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let log = sarif(&[report(source, vec![diagnostic])], &[], None);
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["rules"], json!([{"id": "table-sum"}]));
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "table-sum");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "合计与各行之和不符\nnote: 差额 21.57 万元\nhelp: 核对合计行或各明细行"
        );
        assert_eq!(
            result["locations"][0],
            json!({
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": "2024/%E6%94%B6%E6%94%AF%E6%80%BB%E8%A1%A8.txt",
                        "uriBaseId": "%SRCROOT%"
                    },
                    "region": {"startLine": 4, "startColumn": 11, "endLine": 4, "endColumn": 17}
                },
                "message": {"text": "合计为 550.69"}
            })
        );
        assert_eq!(result["relatedLocations"][0]["id"], 1);
        assert_eq!(
            result["relatedLocations"][0]["physicalLocation"]["region"],
            json!({"startLine": 3, "startColumn": 15, "endLine": 3, "endColumn": 21})
        );
        let fingerprint = result["partialFingerprints"]["budlint/v1"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(fingerprint.len(), 16);
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"].get("uri"),
            None,
            "no root, no base URI"
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn info_is_a_note_and_rules_are_indexed_in_id_order() {
        let source = SourceFile::from_str("a.txt", "仅供内部审核\n合计 1\n");
        let diagnostics = vec![
            Diagnostic::new("draft-watermark", Severity::Error, "水印")
                .with_label(Label::primary(find(&source, "仅供内部审核", 0), "")),
            Diagnostic::new("column-total", Severity::Info, "舍入")
                .with_label(Label::primary(find(&source, "1", 0), "")),
        ];
        let log = sarif(&[report(source, diagnostics)], &[], None);
        let run = &log["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"],
            json!([{"id": "column-total"}, {"id": "draft-watermark"}])
        );
        let results = &run["results"];
        assert_eq!(results[0]["ruleIndex"], 1);
        assert_eq!(results[1]["ruleIndex"], 0);
        assert_eq!(results[1]["level"], "note");
        assert_eq!(results[0]["locations"][0].get("message"), None);
    }

    #[test]
    fn unreadable_files_are_notifications() {
        let errors = [FileError {
            path: r"2024\扫描件.pdf".to_string(),
            reason: "binary file".to_string(),
        }];
        let log = sarif(&[], &errors, Some(Path::new("/srv/公开")));
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(
            invocation["toolExecutionNotifications"][0]["message"]["text"],
            "2024/扫描件.pdf: binary file"
        );
        assert_eq!(
            log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///srv/%E5%85%AC%E5%BC%80/"
        );
    }

    #[test]
    fn uris_are_relative_to_the_root_and_percent_encoded() {
        let root = Path::new("/srv/reports");
        let inside = artifact_location(Path::new("/srv/reports/2024 决算/a,b.txt"), Some(root));
        assert_eq!(inside.uri, "2024%20%E5%86%B3%E7%AE%97/a%2Cb.txt");
        assert_eq!(inside.uri_base_id, Some("%SRCROOT%"));
        let given_relative = artifact_location(Path::new("./docs/a:b.md"), Some(root));
        assert_eq!(given_relative.uri, "docs/a%3Ab.md");
        let outside = artifact_location(Path::new("/tmp/x.txt"), Some(root));
        assert_eq!(outside.uri, "file:///tmp/x.txt");
        assert_eq!(outside.uri_base_id, None);
        assert_eq!(percent_encode("~a-b_c.d%", false), "~a-b_c.d%25");
    }
}
