//! A regular expression checked when it is declared and compiled on first need: the regexes
//! of the rules, and the kinds' own patterns (`static X: LazyLock<LazyRegex>`).
//!
//! Compiling a regex costs far more than checking its syntax (the `\p{Han}` classes and bounded
//! repetitions build large automata, about half the instructions of a one-document run): a
//! rule that is disabled, `budlint rules` and `budlint explain` never pay for it, and a run
//! compiles the regexes of the enabled rules on a spare thread while the first file is read
//! ([`crate::lint::lint_each`]).
//!
//! From the syntax tree comes what every match must contain ([`Needles`]: `绩效目标管理`, one of
//! `增加` / `增长` / `减少` / `下降`, a `%` placeholder). The searching methods ([`LazyRegex::is_match`],
//! [`LazyRegex::find`], [`LazyRegex::captures`], …) look for those first, with `str::contains`:
//! a text without them cannot match, so it is not searched, and a document without them never
//! compiles the regex. The answers are those of the regex itself, always.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use memchr::memmem::Finder;
use regex_automata::util::captures::Captures as GroupSpans;
use regex_automata::{Input, MatchKind, meta};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A regex whose syntax is known good, compiled by whoever needs it first. Clones share the
/// compiled regex.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    pattern: String,
    /// The pattern read: by [`LazyRegex::new`], or on first need for a regex declared inside
    /// [`deferring_syntax`].
    parsed: OnceLock<Result<Parsed, regex::Error>>,
    compiled: OnceLock<Result<meta::Regex, regex::Error>>,
}

/// What the syntax tree of a pattern gives.
#[derive(Debug)]
struct Parsed {
    /// The syntax tree, compiled as it is (not parsed again).
    hir: Hir,
    /// The name of each capture group by index (group 0, the whole match, has none).
    capture_names: Vec<Option<String>>,
    /// What every match contains.
    needles: Needles,
    /// Whether every match ends at the haystack's end (`…$`).
    anchored_end: bool,
    /// How many bytes a match may span at most, when every match ends at the haystack's end
    /// (a label `(?:…)$` matched against a clause's text before an amount): only that many
    /// last bytes of a haystack can hold a match, whatever its length.
    end_window: Option<usize>,
}

impl Parsed {
    fn of(pattern: &str) -> Result<Parsed, regex::Error> {
        // The parser `Regex::new` uses, with its defaults, so the same message.
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        let mut capture_names = vec![None; hir.properties().explicit_captures_len() + 1];
        collect_capture_names(&hir, &mut capture_names);
        let needles = Needles::of(&hir);
        let properties = hir.properties();
        let anchored_end = properties
            .look_set_suffix()
            .contains(regex_syntax::hir::Look::End);
        let end_window = properties.maximum_len().filter(|_| anchored_end);
        Ok(Parsed {
            hir,
            capture_names,
            needles,
            anchored_end,
            end_window,
        })
    }
}

thread_local! {
    /// Set by [`deferring_syntax`] on the thread running it.
    static DEFERRING: Cell<bool> = const { Cell::new(false) };
    /// The warm-up running on this thread ([`WarmUp::run`]), if any.
    static WARMING: RefCell<Option<WarmUp>> = const { RefCell::new(None) };
}

/// A run's warm-up: a spare thread compiling the regexes the first document will likely need
/// ([`LazyRegex::warm`]) while that document is read and parsed, until its checks start
/// ([`WarmUp::stop`]). From then on the spare thread is better used running checks, each of
/// which compiles what it does need on first use: a warm-up guided by the document's whole
/// text compiled 127 regexes for a 23 KB document whose checks searched with 75 (their words
/// are in the document, but not in a text a check searches). Stopping changes only which thread
/// compiles a regex, and whether one nobody searches with is compiled; never a result.
#[derive(Debug, Clone, Default)]
pub struct WarmUp(Arc<AtomicBool>);

impl WarmUp {
    /// Run `work` (calls of [`LazyRegex::warm`]) on this thread as this warm-up: once stopped,
    /// those calls compile nothing.
    pub fn run(&self, work: impl FnOnce()) {
        struct Restore(Option<WarmUp>);
        impl Drop for Restore {
            fn drop(&mut self) {
                WARMING.set(self.0.take());
            }
        }
        let _restore = Restore(WARMING.replace(Some(self.clone())));
        work();
    }

    /// Tell the warm-up to compile nothing more (the checks have started).
    pub fn stop(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether this thread runs a warm-up that has been stopped.
fn warm_up_stopped() -> bool {
    WARMING.with_borrow(|w| w.as_ref().is_some_and(WarmUp::is_stopped))
}

/// Run `build` with the regexes it declares ([`LazyRegex::new`], on this thread) read on their
/// first use instead of at once: for a built-in rule's own parameters, whose syntax a test
/// checks (`every_builtin_rule_file_loads_and_builds`), so that start-up does not parse the
/// patterns of every rule (about half its instructions, most for the prose-claims labels).
/// A user's patterns are read at once, so that their errors are configuration errors. Were a
/// deferred pattern bad after all, it would match nothing, as one too big to compile.
pub fn deferring_syntax<T>(build: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEFERRING.set(self.0);
        }
    }
    let _restore = Restore(DEFERRING.replace(true));
    build()
}

/// The configuration `regex::Regex::new` compiles with (its size limits, leftmost-first,
/// no empty match inside a character), but without the regex's own literal prefilter: the
/// needles ([`Needles`]) already keep texts without the words from being searched, and
/// building the prefilter (extracting the literal prefixes, then a Teddy or Aho–Corasick
/// searcher of them) was about a third of each compilation. Matches are the same; only how the
/// start of one is looked for differs.
fn config() -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .auto_prefilter(false)
}

/// A haystack longer than this is searched from its end without looking for the needles first
/// by a regex anchored there ([`LazyRegex::searched_from_end`]): far longer than a clause of a
/// real document, so that its regexes still compile only when their words are there.
const LONG_HAYSTACK: usize = 4096;

/// A match: the part of the haystack it covers (as `regex::Match`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, start: usize, end: usize) -> Match<'h> {
        Match {
            haystack,
            start,
            end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text. A match's bounds are character boundaries (the regex is compiled for
    /// UTF-8), so this is never empty for a non-empty match.
    pub fn as_str(&self) -> &'h str {
        self.haystack.get(self.range()).unwrap_or_default()
    }
}

/// The groups of one match (as `regex::Captures`).
#[derive(Debug, Clone)]
pub struct Captures<'h> {
    haystack: &'h str,
    spans: GroupSpans,
}

impl<'h> Captures<'h> {
    /// Group `i` (0: the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        let span = self.spans.get_group(i)?;
        Some(Match::new(self.haystack, span.start, span.end))
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        let span = self.spans.get_group_by_name(name)?;
        Some(Match::new(self.haystack, span.start, span.end))
    }

    /// The number of groups, the whole match included (as `regex::Captures::len`: never 0,
    /// so no `is_empty`).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.spans.group_len()
    }

    /// As `regex::Captures::expand`: `$1`, `${name}` replaced by the groups (the same code).
    pub fn expand(&self, replacement: &str, dst: &mut String) {
        self.spans
            .interpolate_string_into(self.haystack, replacement, dst);
    }
}

impl<'h> std::ops::Index<usize> for Captures<'h> {
    type Output = str;

    /// As `regex::Captures`: panics when group `i` did not take part (a caller's mistake, as
    /// there: the checks index only groups every match has).
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

impl<'h> std::ops::Index<&str> for Captures<'h> {
    type Output = str;

    /// As `regex::Captures`: panics when the group did not take part.
    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group named '{name}'"))
    }
}

impl LazyRegex {
    /// Check the syntax of `pattern`: the error is the one `Regex::new` gives for it. Errors
    /// only a compilation finds (a regex over the size limit) come from [`LazyRegex::compile`].
    /// Inside [`deferring_syntax`], the syntax is read on first need instead.
    pub fn new(pattern: &str) -> Result<LazyRegex, regex::Error> {
        let parsed = OnceLock::new();
        if !DEFERRING.get() {
            let _ = parsed.set(Ok(Parsed::of(pattern)?));
        }
        Ok(LazyRegex(Arc::new(Inner {
            pattern: pattern.to_string(),
            parsed,
            compiled: OnceLock::new(),
        })))
    }

    /// The pattern read, reading it now unless done already.
    fn parsed(&self) -> Result<&Parsed, &regex::Error> {
        self.0
            .parsed
            .get_or_init(|| Parsed::of(&self.0.pattern))
            .as_ref()
    }

    /// Whether `haystack` has what every match needs: when not, no search of it (or of any
    /// part of it) can match.
    pub fn may_match(&self, haystack: &str) -> bool {
        self.parsed()
            .is_ok_and(|parsed| parsed.needles.found_in(haystack))
    }

    /// Whether `haystack` is searched without looking for the needles first: a long one, for a
    /// regex whose every match ends at the haystack's end but may be of any length (a label
    /// `收入总计[0-9.]+万元，支出总计$`). Looking for the needles reads the whole haystack, the
    /// regex only its end: a clause of thousands of amounts is searched so for each amount.
    fn searched_from_end(&self, haystack: &str) -> bool {
        haystack.len() > LONG_HAYSTACK
            && self
                .parsed()
                .is_ok_and(|p| p.anchored_end && p.end_window.is_none())
    }

    /// Compile now, unless `hint` (the text of a document about to be checked, when known)
    /// lacks what every match needs: then the document's checks will likely never ask for it.
    /// Only when, and on which thread, the regex compiles depends on this; never a result.
    /// Inside a [`WarmUp`] that has been stopped, nothing is read or compiled.
    pub fn warm(&self, hint: Option<&str>) {
        if warm_up_stopped() {
            return;
        }
        let Ok(parsed) = self.parsed() else {
            return;
        };
        if hint.is_none_or(|text| parsed.needles.found_in_document(text)) {
            let _ = self.compile();
        }
    }

    /// The compiled regex when `haystack` may match: `None` when it lacks the needles (or,
    /// impossible for a built-in rule, whose regexes a test compiles, the regex does not
    /// compile: a user's rule is compiled while the configuration is checked).
    fn searcher(&self, haystack: &str) -> Option<&meta::Regex> {
        if self.searched_from_end(haystack) || self.may_match(haystack) {
            self.compile().ok()
        } else {
            None
        }
    }

    /// Where in `haystack` a match may start: for a regex whose matches all end at the
    /// haystack's end, no earlier than its longest match from there (a character boundary);
    /// otherwise anywhere. A clause of thousands of amounts is then searched near each amount
    /// only, not whole for each.
    fn earliest_start(&self, haystack: &str) -> usize {
        let Some(longest) = self.parsed().ok().and_then(|p| p.end_window) else {
            return 0;
        };
        let mut start = haystack.len().saturating_sub(longest);
        while !haystack.is_char_boundary(start) {
            start -= 1;
        }
        start
    }

    /// As `regex::Regex::is_match`.
    pub fn is_match(&self, haystack: &str) -> bool {
        // Look-arounds (`^`) still see the whole haystack: only where a match may lie is
        // narrowed.
        let from = self.earliest_start(haystack);
        self.searcher(&haystack[from..])
            .is_some_and(|re| re.is_match(Input::new(haystack).span(from..haystack.len())))
    }

    /// As `regex::Regex::find`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        let from = self.earliest_start(haystack);
        let m = self
            .searcher(&haystack[from..])?
            .find(Input::new(haystack).span(from..haystack.len()))?;
        Some(Match::new(haystack, m.start(), m.end()))
    }

    /// As `regex::Regex::find_iter`.
    pub fn find_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> {
        self.searcher(haystack)
            .into_iter()
            .flat_map(move |re| re.find_iter(haystack))
            .map(move |m| Match::new(haystack, m.start(), m.end()))
    }

    /// As `regex::Regex::captures`.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.captures_at(haystack, 0)
    }

    /// As `regex::Regex::captures_at`: the whole haystack is looked at for the needles.
    pub fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        let re = self.searcher(haystack)?;
        Self::search_captures(re, haystack, start)
    }

    /// As [`LazyRegex::captures_at`], without looking for the needles: for a caller that
    /// searches one haystack from several starts and has checked [`LazyRegex::may_match`] on
    /// it once.
    pub fn captures_at_unchecked<'h>(
        &self,
        haystack: &'h str,
        start: usize,
    ) -> Option<Captures<'h>> {
        let re = self.compile().ok()?;
        Self::search_captures(re, haystack, start)
    }

    fn search_captures<'h>(
        re: &meta::Regex,
        haystack: &'h str,
        start: usize,
    ) -> Option<Captures<'h>> {
        if start > haystack.len() {
            return None;
        }
        let input = Input::new(haystack).span(start..haystack.len());
        let mut spans = re.create_captures();
        re.search_captures(&input, &mut spans);
        spans.is_match().then_some(Captures { haystack, spans })
    }

    /// As `regex::Regex::captures_iter`.
    pub fn captures_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Captures<'h>> {
        self.searcher(haystack)
            .into_iter()
            .flat_map(move |re| re.captures_iter(haystack))
            .map(move |spans| Captures { haystack, spans })
    }

    /// The compiled regex, compiling it now unless done already. The errors are those of
    /// `regex::Regex::new` (a regex over its size limit).
    pub fn compile(&self) -> Result<&meta::Regex, &regex::Error> {
        self.0
            .compiled
            .get_or_init(|| {
                let parsed = self.parsed().map_err(Clone::clone)?;
                meta::Builder::new()
                    .configure(config())
                    .build_from_hir(&parsed.hir)
                    .map_err(|e| match e.size_limit() {
                        Some(limit) => regex::Error::CompiledTooBig(limit),
                        None => regex::Error::Syntax(e.to_string()),
                    })
            })
            .as_ref()
    }

    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }

    /// Whether the pattern has been read (a test's question: see [`deferring_syntax`]).
    #[cfg(test)]
    pub(crate) fn is_parsed(&self) -> bool {
        self.0.parsed.get().is_some()
    }

    /// Whether the regex has been compiled (a test's question: see [`WarmUp`]).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    /// As `regex::Regex::captures_len`, without compiling (1, the whole match, for a
    /// deferred pattern that does not parse).
    pub fn captures_len(&self) -> usize {
        self.parsed().map_or(1, |parsed| parsed.capture_names.len())
    }

    /// As `regex::Regex::capture_names`, without compiling.
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        const WHOLE_MATCH: &[Option<String>] = &[None];
        let names = self
            .parsed()
            .map_or(WHOLE_MATCH, |parsed| &parsed.capture_names[..]);
        names.iter().map(|n| n.as_deref())
    }
}

/// What every match of a regex contains: at least one string of each group. Groups are
/// checked in order, the most telling first; no group means nothing is known (any text may
/// match).
#[derive(Debug, Clone, Default)]
struct Needles {
    groups: Vec<Vec<String>>,
    /// For each group of ASCII characters (`[a-z]`), the set of their bytes: one pass over the
    /// haystack's bytes instead of a search per character. 0 for the other groups.
    ascii: Vec<u128>,
    /// For each group, a searcher of each of its strings, built once: `str::contains` builds
    /// one (a two-way searcher) at every call, and the needles are looked for in every text
    /// a check may search (about a tenth of a run over many files).
    finders: Vec<Vec<Finder<'static>>>,
}

/// A class of more characters than this says too little to be worth a group, unless they are
/// all ASCII (looked for in one pass, [`Needles::ascii`]).
const MAX_CLASS_NEEDLES: u32 = 16;
/// A group of more strings than this costs more to look for than it saves.
const MAX_GROUP_NEEDLES: usize = 32;
/// Groups kept: the first that fails settles it; more rarely add anything.
const MAX_GROUPS: usize = 3;

impl Needles {
    fn of(hir: &Hir) -> Needles {
        let mut groups = required(hir);
        groups.sort_by(|a, b| better(a, b));
        groups.dedup();
        groups.truncate(MAX_GROUPS);
        let ascii = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .try_fold(0u128, |set, needle| match needle.as_bytes() {
                        [byte] if byte.is_ascii() => Some(set | 1 << byte),
                        _ => None,
                    })
            })
            .map(Option::unwrap_or_default)
            .collect();
        let finders = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|needle| Finder::new(needle.as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        Needles {
            groups,
            ascii,
            finders,
        }
    }

    /// [`Needles::found_in`] for a document's text, not yet a text the checks search: a group
    /// with a private-use character (`\u{E000}`, a placeholder the checks put in place of each
    /// amount) counts as found.
    fn found_in_document(&self, text: &str) -> bool {
        let placeholder = |n: &String| n.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c));
        self.groups
            .iter()
            .zip(&self.ascii)
            .zip(&self.finders)
            .all(|((group, &ascii), finders)| {
                group.iter().any(placeholder) || group_in(finders, ascii, text)
            })
    }

    fn found_in(&self, haystack: &str) -> bool {
        self.ascii
            .iter()
            .zip(&self.finders)
            .all(|(&ascii, finders)| group_in(finders, ascii, haystack))
    }
}

/// Whether `haystack` has one string of a group (`finders`: a searcher of each; `ascii`: their
/// bytes' set, when it is a group of ASCII characters).
fn group_in(finders: &[Finder<'static>], ascii: u128, haystack: &str) -> bool {
    if ascii != 0 {
        haystack.bytes().any(|b| b < 128 && ascii >> b & 1 == 1)
    } else {
        finders
            .iter()
            .any(|finder| finder.find(haystack.as_bytes()).is_some())
    }
}

/// Groups of strings every match of `hir` contains one of (an empty list when nothing is
/// known). Sound by construction: a concatenation needs what each of its parts needs, an
/// alternation one of what its branches need, a repetition what its body needs if it repeats
/// at least once; assertions and empty matches need nothing.
fn required(hir: &Hir) -> Vec<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) if !text.is_empty() => vec![vec![text.to_string()]],
            _ => Vec::new(),
        },
        HirKind::Class(class) => class_needles(class).into_iter().collect(),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(required).collect(),
        HirKind::Alternation(branches) => {
            let mut union: Vec<String> = Vec::new();
            for branch in branches {
                let Some(best) = required(branch).into_iter().min_by(|a, b| better(a, b)) else {
                    return Vec::new();
                };
                union.extend(best);
            }
            union.sort();
            union.dedup();
            // A string containing another is found whenever it is: the shorter one suffices.
            let minimal: Vec<String> = union
                .iter()
                .filter(|n| !union.iter().any(|m| m != *n && n.contains(m.as_str())))
                .cloned()
                .collect();
            if minimal.is_empty() || minimal.len() > MAX_GROUP_NEEDLES {
                return Vec::new();
            }
            vec![minimal]
        }
    }
}

/// The characters of a small class, one string each.
fn class_needles(class: &Class) -> Option<Vec<String>> {
    let mut needles = Vec::new();
    match class {
        Class::Unicode(class) => {
            let count: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            let ascii = class.ranges().iter().all(|r| r.end().is_ascii());
            if count == 0 || (count > MAX_CLASS_NEEDLES && !ascii) {
                return None;
            }
            for range in class.ranges() {
                needles.extend((range.start()..=range.end()).map(String::from));
            }
        }
        Class::Bytes(class) => {
            let count: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            // A byte above ASCII is no character on its own.
            if count == 0 || class.ranges().iter().any(|r| r.end() > 0x7F) {
                return None;
            }
            for range in class.ranges() {
                needles.extend((range.start()..=range.end()).map(|b| char::from(b).to_string()));
            }
        }
    }
    Some(needles)
}

/// Orders groups best first: the longer its shortest string (in characters), the rarer a
/// text holding one; then the fewer strings to look for.
fn better(a: &[String], b: &[String]) -> std::cmp::Ordering {
    let shortest = |g: &[String]| g.iter().map(|n| n.chars().count()).min().unwrap_or(0);
    shortest(b)
        .cmp(&shortest(a))
        .then(a.len().cmp(&b.len()))
        .then_with(|| a.cmp(b))
}

fn collect_capture_names(hir: &Hir, names: &mut [Option<String>]) {
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
    use regex::Regex;

    #[test]
    fn a_stopped_warm_up_compiles_nothing_and_changes_no_answer() {
        let pattern = "(?P<dir>增加|减少)(?P<c>[0-9]+)万元";
        let warm_up = WarmUp::default();
        let early = LazyRegex::new(pattern).expect(pattern);
        warm_up.run(|| early.warm(Some("比上年增加5万元")));
        assert!(
            early.is_compiled(),
            "compiled before the warm-up is stopped"
        );

        let late = LazyRegex::new(pattern).expect(pattern);
        warm_up.stop();
        warm_up.run(|| late.warm(Some("比上年增加5万元")));
        assert!(!late.is_compiled(), "nothing compiled once stopped");
        // The check that needs it compiles it, with the same answer.
        let found = late.captures("比上年减少12万元").expect("a match");
        assert_eq!((&found["dir"], &found["c"]), ("减少", "12"));
        // Outside the warm-up, warming compiles again.
        let other = LazyRegex::new(pattern).expect(pattern);
        other.warm(None);
        assert!(other.is_compiled());
    }

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

    fn needles(pattern: &str) -> Vec<Vec<&'static str>> {
        let lazy = LazyRegex::new(pattern).expect(pattern);
        lazy.parsed()
            .expect(pattern)
            .needles
            .groups
            .iter()
            .map(|g| g.iter().map(|n| &*n.clone().leak()).collect())
            .collect()
    }

    #[test]
    fn needles_are_what_every_match_contains() {
        // `performance_target::MANAGED`: the literal in the middle is the rarest.
        assert_eq!(
            needles(
                r"(?:纳入|实施|实行)[^。；]{0,6}?绩效目标管理[^。；0-9０-９]{0,12}?项目(?:支出)?\s*([0-9０-９]+)\s*个"
            ),
            vec![
                vec!["绩效目标管理"],
                vec!["项目"],
                vec!["实施", "实行", "纳入"]
            ]
        );
        // Every branch of an alternation must give one; the longer literal is found whenever
        // the shorter one it contains is.
        assert_eq!(
            needles("(?:比|较)上年(?P<dir>增加|增长|减少|下降)|同比(?:增加|减少)"),
            vec![vec!["上年", "同比"]]
        );
        // The template placeholder: `XX`, `××`, `（此处填写…）`.
        assert_eq!(
            needles(
                r"(?:^|[^A-Za-z])([XxＸｘ]{2,}|×{2,}|[（(【\[]\s*(?:此处|请)?\s*(?:填写|输入)[^）)】\]]{0,40}[）)】\]])(?:[^A-Za-z]|$)"
            ),
            vec![vec!["X", "x", "×", "填写", "输入", "Ｘ", "ｘ"]]
        );
        // Nothing is known of what may match empty, a big class or an optional part.
        for pattern in [
            "(?:为|是|共计)?[：:]?$",
            r"[\p{Han}，]+[0-9０-９]",
            "(?:预算)?|支出",
            "x*",
            ".",
        ] {
            assert_eq!(needles(pattern), Vec::<Vec<&str>>::new(), "{pattern}");
        }
        // Case-insensitive letters are small classes; ASCII byte classes too.
        assert_eq!(needles("(?i)ab"), vec![vec!["A", "a"], vec!["B", "b"]]);
        assert_eq!(needles("(?-u:[ab])c"), vec![vec!["c"], vec!["a", "b"]]);
        // A class of ASCII characters, however many, is looked for in one pass of the bytes.
        let stray = LazyRegex::new(r"[\p{Han}，][ ]*([a-z]{2,})[ ]*[\p{Han}，]").expect("stray");
        assert_eq!(
            stray.parsed().expect("stray").needles.groups,
            vec![('a'..='z').map(String::from).collect::<Vec<_>>()]
        );
        assert!(stray.may_match("中文 word，"));
        assert!(!stray.may_match("中文ＷＯＲＤ，2024年，ABC"));
    }

    /// Soundness: a text the regex matches always has the needles. Over every line of the
    /// corpus (and pairs of lines, as paragraphs join them) for the built-in rules' regexes.
    #[test]
    fn a_text_without_the_needles_never_matches() {
        let mut patterns: Vec<String> = Vec::new();
        for entry in std::fs::read_dir("rules").expect("rules/") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("rule file");
            let rule: toml::Table = toml::from_str(&text).expect("a rule file");
            collect_regexes(&toml::Value::Table(rule), &mut patterns);
        }
        assert!(patterns.len() > 10, "{patterns:?}");
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir("fixtures/corpus").expect("fixtures/corpus") {
            let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) else {
                continue;
            };
            let lines: Vec<&str> = text.lines().collect();
            texts.extend(lines.iter().map(|l| l.to_string()));
            texts.extend(lines.windows(2).map(|w| w.concat()));
        }
        let mut matched = 0;
        for pattern in &patterns {
            let lazy = LazyRegex::new(pattern).expect(pattern);
            let regex = Regex::new(pattern).expect(pattern);
            for text in &texts {
                if regex.is_match(text) {
                    matched += 1;
                    assert!(lazy.may_match(text), "{pattern} matches {text}");
                }
                assert_eq!(
                    lazy.is_match(text),
                    regex.is_match(text),
                    "{pattern}: {text}"
                );
            }
        }
        assert!(
            matched > 100,
            "the corpus exercises the patterns: {matched}"
        );
    }

    /// Every group of every match, as (start, end) pairs.
    fn spans_of_lazy(lazy: &LazyRegex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        lazy.captures_iter(text)
            .map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
            .collect()
    }

    fn spans_of_regex(regex: &Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        regex
            .captures_iter(text)
            .map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
            .collect()
    }

    /// Compiled without `regex`'s literal prefilter, from the tree already parsed: the same
    /// matches, groups, iteration over empty matches and `$n` expansion as `Regex`, on the
    /// rules' regexes over the corpus lines they match and on patterns with optional groups
    /// and empty matches.
    #[test]
    fn matches_and_groups_are_those_of_regex() {
        let mut patterns: Vec<String> = vec![
            r"(增加|减少)?\s*([0-9]+(?:\.[0-9]+)?)(万元|%)?".to_string(),
            r"x*".to_string(),
            r"(?P<year>(?:19|20)[0-9]{2})\s*年(?P<kind>预算|决算)?".to_string(),
            r"^[，,]?占(?:比|[^，,；;。]{1,10}?(?:比重为|比例为))?".to_string(),
        ];
        for entry in std::fs::read_dir("rules").expect("rules/") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("rule file");
            let rule: toml::Table = toml::from_str(&text).expect("a rule file");
            collect_regexes(&toml::Value::Table(rule), &mut patterns);
        }
        let mut texts: Vec<String> = vec![
            "2024年预算比2023 年决算增加 12.5万元，占比 3%".to_string(),
            "中文xx字".to_string(),
            String::new(),
        ];
        for entry in std::fs::read_dir("fixtures/corpus").expect("fixtures/corpus") {
            let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) else {
                continue;
            };
            texts.extend(text.lines().map(str::to_string));
        }
        let mut compared = 0;
        for pattern in &patterns {
            let lazy = LazyRegex::new(pattern).expect(pattern);
            let regex = Regex::new(pattern).expect(pattern);
            for text in texts.iter().filter(|t| regex.is_match(t)) {
                compared += 1;
                let found: Vec<_> = lazy.find_iter(text).map(|m| m.range()).collect();
                let wanted: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(found, wanted, "{pattern}: {text}");
                assert_eq!(
                    spans_of_lazy(&lazy, text),
                    spans_of_regex(&regex, text),
                    "{pattern}: {text}"
                );
                let from = text.len() / 2;
                assert_eq!(
                    lazy.captures_at(text, from)
                        .map(|c| c.get(0).map(|m| m.range())),
                    regex
                        .captures_at(text, from)
                        .map(|c| c.get(0).map(|m| m.range())),
                    "{pattern} from {from}: {text}"
                );
                let (Some(ours), Some(theirs)) = (lazy.captures(text), regex.captures(text)) else {
                    panic!("{pattern} matches {text}");
                };
                let (mut expanded, mut wanted) = (String::new(), String::new());
                ours.expand("<$0|$1|${2}>", &mut expanded);
                theirs.expand("<$0|$1|${2}>", &mut wanted);
                assert_eq!(expanded, wanted, "{pattern}: {text}");
                assert_eq!(ours.get(0).map(|m| m.as_str()), Some(&theirs[0]));
            }
        }
        assert!(
            compared > 200,
            "the corpus exercises the patterns: {compared}"
        );
    }

    /// The strings under `regex`, `titles`, `exclude` and `labels` keys of a rule file.
    fn collect_regexes(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::Table(table) => {
                for (key, value) in table {
                    match (key.as_str(), value) {
                        ("regex", toml::Value::String(s)) => out.push(s.clone()),
                        ("titles" | "exclude" | "labels", toml::Value::Array(items)) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)))
                        }
                        _ => collect_regexes(value, out),
                    }
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|i| collect_regexes(i, out)),
            _ => {}
        }
    }

    /// Declared inside `deferring_syntax`, a regex is read on its first use, with the same
    /// answers; a bad one is no error when declared, fails to compile with `Regex::new`'s
    /// error and matches nothing. Outside, or once the scope has ended (even by a panic), the
    /// syntax is checked at once again.
    #[test]
    fn deferred_syntax_is_read_on_first_use() {
        let pattern = r"(?P<year>(?:19|20)[0-9]{2})\s*年(预算|决算)?";
        let unclosed = "([a-z]";
        let (lazy, bad) = deferring_syntax(|| {
            (
                LazyRegex::new(pattern).expect("declared"),
                LazyRegex::new(unclosed).expect("not read yet"),
            )
        });
        assert!(!lazy.is_parsed() && !bad.is_parsed());
        let regex = Regex::new(pattern).expect(pattern);
        assert_eq!(lazy.captures_len(), regex.captures_len());
        assert!(lazy.is_parsed(), "read for its groups");
        let text = "2024年预算比2023 年决算增加";
        let found: Vec<_> = lazy.find_iter(text).map(|m| m.range()).collect();
        let wanted: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(found, wanted);
        assert_eq!(found.len(), 2);

        assert!(!bad.is_match("(abc"));
        let error = bad.compile().expect_err("a bad pattern").to_string();
        assert_eq!(error, Regex::new(unclosed).expect_err("bad").to_string());
        assert_eq!(bad.captures_len(), 1);
        assert_eq!(bad.capture_names().collect::<Vec<_>>(), vec![None]);

        assert!(
            LazyRegex::new(unclosed).is_err(),
            "read at once outside the scope"
        );
        let unwound = std::panic::catch_unwind(|| deferring_syntax(|| panic!("while building")));
        assert!(unwound.is_err());
        assert!(
            LazyRegex::new(unclosed).is_err(),
            "the scope ended with the panic"
        );
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
