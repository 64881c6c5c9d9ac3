//! A rule's regular expression, checked when the rule is built and compiled on first use.
//!
//! Compiling a regex costs far more than checking its syntax (the `\p{Han}` classes and bounded
//! repetitions of the pattern rules build large automata): a rule that is disabled, `budlint
//! rules` and `budlint explain` never pay for it, and a run compiles the regexes of the enabled
//! rules on a spare thread while the first file is read ([`crate::lint::lint_each`]).

use std::sync::{Arc, OnceLock};

use regex::Regex;

/// A regex whose syntax is known good, compiled by whoever needs it first. Clones share the
/// compiled regex.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    pattern: String,
    /// The name of each capture group by index (group 0, the whole match, has none).
    capture_names: Vec<Option<String>>,
    compiled: OnceLock<Result<Regex, regex::Error>>,
}

impl LazyRegex {
    /// Check the syntax of `pattern`: the error is the one `Regex::new` gives for it. Errors
    /// only a compilation finds (a regex over the size limit) come from [`LazyRegex::compile`].
    pub fn new(pattern: &str) -> Result<LazyRegex, regex::Error> {
        // The parser `Regex::new` uses, with its defaults, so the same message.
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        let mut capture_names = vec![None; hir.properties().explicit_captures_len() + 1];
        collect_capture_names(&hir, &mut capture_names);
        Ok(LazyRegex(Arc::new(Inner {
            pattern: pattern.to_string(),
            capture_names,
            compiled: OnceLock::new(),
        })))
    }

    /// The compiled regex, compiling it now unless done already.
    pub fn compile(&self) -> Result<&Regex, &regex::Error> {
        self.0
            .compiled
            .get_or_init(|| Regex::new(&self.0.pattern))
            .as_ref()
    }

    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }

    /// As [`Regex::captures_len`], without compiling.
    pub fn captures_len(&self) -> usize {
        self.0.capture_names.len()
    }

    /// As [`Regex::capture_names`], without compiling.
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.0.capture_names.iter().map(|n| n.as_deref())
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    /// The compiled regex. One that does not compile (impossible for a built-in rule, whose
    /// regexes a test compiles; a user's rule is compiled while the configuration is checked)
    /// matches nothing.
    fn deref(&self) -> &Regex {
        static NOTHING: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(r"\z.").expect("a regex that matches nothing"));
        self.compile().unwrap_or(&NOTHING)
    }
}

fn collect_capture_names(hir: &regex_syntax::hir::Hir, names: &mut [Option<String>]) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let (Some(name), Some(slot)) = (&capture.name, names.get_mut(capture.index as usize))
            {
                *slot = Some(name.to_string());
            }
            collect_capture_names(&capture.sub, names);
        }
        HirKind::Repetition(repetition) => collect_capture_names(&repetition.sub, names),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                collect_capture_names(sub, names);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_those_of_regex_new() {
        for bad in ["([a-z]", "a{2,1}", r"\p{Nope}", "(?P<x>a)(?P<x>b)", "*a"] {
            let lazy = LazyRegex::new(bad).expect_err(bad).to_string();
            let eager = Regex::new(bad).expect_err(bad).to_string();
            assert_eq!(lazy, eager, "{bad}");
        }
    }

    #[test]
    fn capture_groups_are_known_before_compiling() {
        for pattern in [
            r"[\p{Han}，][ ]*([a-z]{2,})[ ]*[\p{Han}，]",
            r"(?P<mark>[,:;])|(?:x(y)?)+(?P<z>q)*",
            "no groups",
        ] {
            let lazy = LazyRegex::new(pattern).expect(pattern);
            let names: Vec<Option<&str>> = lazy.capture_names().collect();
            let regex = Regex::new(pattern).expect(pattern);
            assert_eq!(lazy.captures_len(), regex.captures_len(), "{pattern}");
            assert_eq!(
                names,
                regex.capture_names().collect::<Vec<_>>(),
                "{pattern}"
            );
            assert!(lazy.0.compiled.get().is_none(), "not compiled yet");
            assert_eq!(
                lazy.find("中文 word，").is_some(),
                regex.is_match("中文 word，")
            );
        }
    }

    #[test]
    fn a_regex_too_big_to_compile_fails_on_compiling() {
        let pattern = r"\w{1000}\w{1000}\w{1000}";
        let lazy = LazyRegex::new(pattern).expect("the syntax is good");
        let error = lazy.compile().expect_err("over the size limit").to_string();
        assert_eq!(error, Regex::new(pattern).expect_err("too big").to_string());
        assert!(!lazy.is_match("abc"), "matches nothing");
    }
}
