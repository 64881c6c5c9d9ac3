//! `budlint init`: a commented starter `budlint.toml`.
//!
//! The file changes nothing as written: every setting is commented out or set to its default,
//! so a team starts from budlint's defaults and uncomments what it wants to change. Every rule
//! is listed under `[severity]` with its kind, default severity and summary.

use std::io::{self, Write};
use std::path::Path;

use crate::config::DEFAULT_INCLUDE;
use crate::registry::RuleSet;

/// The text of the starter configuration for `rules` (the built-in ones, in id order).
pub fn starter_config(rules: &RuleSet) -> String {
    let mut out = String::new();
    let include = DEFAULT_INCLUDE
        .iter()
        .map(|g| format!("\"{g}\""))
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str(&format!(
        "\
# budlint.toml: settings for budlint {version}, used when it runs here or in a directory below.
# Written by `budlint init`. Every key is optional; the values below are the defaults, and a
# commented line shows what can be set. `budlint rules` lists the rules in force,
# `budlint explain RULE` tells what one checks.

# Rules to run: rule ids or kind names. Default: every rule enabled in its file.
# select = [\"draft-watermark\", \"table-sum\"]
# Added to the selection (or to the default set).
# extend-select = []
# Removed from the selection.
# ignore = []

# Files taken when walking a directory, relative to the directory walked.
include = [{include}]
# exclude = [\"drafts/**\", \"archive/**\"]

# More rule files: every *.toml in these directories (relative to this file).
# rule-dirs = [\"my-rules\"]

# PDFs are read through poppler's pdftotext, found on PATH; or name the program (a path is
# relative to this file).
# pdftotext = \"/usr/bin/pdftotext\"

# Severity per rule id (or kind): error, warning, info, or off. Uncomment to change one.
[severity]
",
        version = env!("CARGO_PKG_VERSION"),
    ));
    for (rule, _) in rules.iter() {
        let meta = &rule.meta;
        out.push_str(&format!(
            "# {} ({}, default {}): {}\n",
            meta.id,
            meta.kind,
            rule.default_severity,
            one_line(&meta.summary)
        ));
        out.push_str(&format!(
            "# {} = \"{}\"\n",
            meta.id,
            rule.default_severity.as_str()
        ));
    }
    out.push_str(
        "
# Parameter overrides, merged key by key over a rule's [params] (`budlint explain RULE` lists
# them).
# [rules.draft-watermark]
# scope = \"prose\"

# Rules not run on some files. A pattern is matched against the path relative to this file, and
# against the file name alone.
[per-file-ignores]
# \"archive/**\" = [\"draft-watermark\"]
# \"*.md\" = [\"half-width-punctuation\"]
",
    );
    out
}

/// A summary as one comment line, whatever it holds.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Write the starter configuration to `path`; an existing file is kept unless `force`.
pub fn write_starter_config(path: &Path, rules: &RuleSet, force: bool) -> io::Result<()> {
    let text = starter_config(rules);
    if force {
        return std::fs::write(path, text);
    }
    // `create_new` refuses an existing file atomically, even one created a moment ago.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CliOverrides, ConfigChoice, resolve};

    fn builtin() -> RuleSet {
        resolve(&ConfigChoice::Isolated, &CliOverrides::default())
            .expect("built-in rules load")
            .rules
    }

    #[test]
    fn every_rule_is_listed_commented_out() {
        let rules = builtin();
        let text = starter_config(&rules);
        for (rule, _) in rules.iter() {
            let line = format!("# {} = \"{}\"\n", rule.meta.id, rule.default_severity);
            assert!(text.contains(&line), "missing {line:?}");
        }
        let uncommented: Vec<&str> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(
            uncommented,
            [
                "include = [\"**/*.txt\", \"**/*.md\", \"**/*.pdf\", \"**/*.html\", \"**/*.htm\"]",
                "[severity]",
                "[per-file-ignores]"
            ]
        );
    }
}
