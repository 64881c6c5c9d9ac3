// The shape of a rule file as written, shared by `registry` (the run-time parse) and
// `build.rs` (the build-time parse of the built-in files) with `include!`, so the two cannot
// drift apart. `build.rs` reads only some fields; the run-time parse reads them all.

/// A rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RawRule {
    id: Spanned<String>,
    kind: Spanned<String>,
    severity: Spanned<String>,
    summary: Spanned<String>,
    #[serde(default)]
    summary_zh: Option<Spanned<String>>,
    explanation: String,
    #[serde(default = "default_enabled")]
    enabled: bool,
    message: RawMessage,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, toml::Value>,
}

fn default_enabled() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessage {
    zh: String,
    en: String,
}
