//! `--format html` in a real browser and a real validator.
//!
//! The report of `fixtures/corpus/` (and of the planted faults of `fixtures/layouts/`, whose
//! wrong sums are errors on tables) is written under `target/html-report/`, opened in headless
//! Chromium after its inline script has run (`--dump-dom`), and read back through the DOM:
//!
//! - every finding of the JSON output of the same run is there, in order, with its rule,
//!   severity, position and message;
//! - every label on a table amount (as `budlint inspect --format json` reads the tables) is a
//!   highlighted cell of the finding's grid with the amount as written, the primary one as the
//!   stated cell; every one-line label elsewhere is marked in the excerpt, word for word;
//! - the arithmetic written from the cells gives the difference the rule reported;
//! - filters in the fragment (`#severity=error`, `#rule=…&file=…`) show exactly the findings
//!   they select.
//!
//! A screenshot of each report is kept (`target/html-report.png`,
//! `target/html-report-tables.png`). The page is validated by the Nu HTML Checker (`vnu.jar`,
//! which `.ci/run` installs from the npm registry under `target/vnu-tool/`, or the jar named by
//! `BUDLINT_VNU_JAR`) and, always, parsed by html5ever, which must report no parse error.
//!
//! Chromium is `BUDLINT_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on
//! `PATH`. Without it (or without java and vnu.jar) the browser (validator) part prints that it
//! was skipped and passes, unless `BUDLINT_REQUIRE_CHROMIUM=1` (`BUDLINT_REQUIRE_VNU=1`), both
//! set by `.ci/run`: then it fails.

use std::collections::{HashMap, HashSet};
use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/html-report");
    fs::create_dir_all(&dir).expect("create target/html-report");
    dir
}

/// Run budlint in the checkout (so paths print as `fixtures/…`) and return its stdout.
fn budlint(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run budlint");
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "budlint {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The report of `dir` in `format`, as every check here runs it.
fn report(dir: &str, lang: &str, format: &str) -> String {
    budlint(&[
        "--isolated",
        "--show-info",
        "--fail-on",
        "never",
        "--lang",
        lang,
        "--format",
        format,
        dir,
    ])
}

fn required(var: &str) -> bool {
    env::var_os(var).is_some_and(|v| v == "1")
}

/// Fail when `var` requires the tool, else say that this part was skipped.
fn missing(var: &str, reason: &str) {
    if required(var) {
        panic!("{var}=1 but {reason}");
    }
    eprintln!("skipped: {reason} (set {var}=1 to make this a failure)");
}

fn chromium() -> Option<OsString> {
    let candidates: Vec<OsString> = match env::var_os("BUDLINT_CHROMIUM") {
        Some(program) => vec![program],
        None => ["chromium", "chromium-browser", "google-chrome"]
            .map(OsString::from)
            .to_vec(),
    };
    candidates.into_iter().find(|program| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Headless Chromium on `url` with a fresh profile and no network chatter; `what` is
/// `--dump-dom` or `--screenshot=…`.
fn run_chromium(program: &OsString, url: &str, what: &str) -> String {
    let profile = tempfile::tempdir().expect("temporary profile");
    let output = Command::new(program)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(what)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium {what} {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

fn url(path: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", path.display())
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).expect("valid selector")
}

fn text(element: ElementRef) -> String {
    element.text().collect()
}

/// Every table amount `budlint inspect` read, by file and position
/// (`line, column, end_line, end_column`), with the text as written.
type Amounts = HashMap<String, HashMap<[u64; 4], String>>;

fn table_amounts(dir: &str) -> Amounts {
    let json: Value = serde_json::from_str(&budlint(&[
        "inspect",
        "--isolated",
        "--format",
        "json",
        dir,
    ]))
    .expect("inspect JSON");
    let mut amounts = Amounts::new();
    for file in json["files"].as_array().expect("files") {
        let of_file = amounts
            .entry(file["file"].as_str().expect("file").to_string())
            .or_default();
        let tables = file["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .filter(|b| b["kind"] == "table");
        for table in tables {
            for row in table["rows"].as_array().expect("rows") {
                for value in row["values"].as_array().expect("values") {
                    of_file.insert(position(&value["span"]), value["written"].to_string());
                }
            }
        }
    }
    // `written` went through `to_string`: drop the JSON quotes.
    for of_file in amounts.values_mut() {
        for written in of_file.values_mut() {
            *written = serde_json::from_str(written).expect("a JSON string");
        }
    }
    amounts
}

fn position(span: &Value) -> [u64; 4] {
    ["line", "column", "end_line", "end_column"]
        .map(|k| span[k].as_u64().unwrap_or_else(|| panic!("{k} in {span}")))
}

/// The source text a one-line label covers (columns count characters).
fn label_text(sources: &mut HashMap<String, Vec<String>>, label: &Value) -> String {
    let file = label["file"].as_str().expect("file");
    let lines = sources.entry(file.to_string()).or_insert_with(|| {
        let source = budlint::source::SourceFile::read(&root().join(file)).expect("read source");
        source
            .lines()
            .map(|(_, _, text)| text.to_string())
            .collect()
    });
    let [line, column, _, end_column] = position(label);
    lines[line as usize - 1]
        .chars()
        .skip(column as usize - 1)
        .take((end_column - column) as usize)
        .collect()
}

/// The excerpt of a finding, line by line: its number, and its text with every character that
/// is not inside a `<mark>` replaced by U+0001, so a marked stretch is a substring.
fn marked_lines(article: ElementRef) -> HashMap<String, String> {
    let mut lines = HashMap::new();
    let Some(pre) = article.select(&select("pre.excerpt")).next() else {
        return lines;
    };
    let mut current: Option<(String, String)> = None;
    for child in pre.children() {
        match child.value() {
            Node::Element(e) if e.name() == "span" => {
                lines.extend(current.take());
                let number = text(ElementRef::wrap(child).expect("element"));
                current = Some((number, String::new()));
            }
            Node::Element(e) if e.name() == "mark" => {
                if let Some((_, line)) = &mut current {
                    line.push_str(&text(ElementRef::wrap(child).expect("element")));
                }
            }
            Node::Text(t) => {
                if let Some((_, line)) = &mut current {
                    line.extend(t.chars().filter(|&c| c != '\n').map(|_| '\u{1}'));
                }
            }
            _ => {}
        }
    }
    lines.extend(current);
    lines
}

/// The highlighted amounts of a finding's grids: (role, text as shown), a cell's own role or
/// its row's.
fn highlighted_cells(article: ElementRef) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for grid in article.select(&select("table.grid")) {
        for element in grid.select(&select("td[data-role], span.value[data-role]")) {
            let role = element.value().attr("data-role").expect("role");
            cells.push((role.to_string(), text(element).trim().to_string()));
        }
        for row in grid.select(&select("tr[data-role]")) {
            let role = row.value().attr("data-role").expect("role");
            for cell in row.select(&select("td.num, span.value")) {
                cells.push((role.to_string(), text(cell).trim().to_string()));
            }
        }
    }
    cells
}

/// How much of the report the DOM checks covered.
#[derive(Debug, Default)]
struct Checked {
    findings: usize,
    cells: usize,
    words: usize,
    sums: usize,
}

/// Every finding of the JSON report is an article of the DOM, with its highlights.
fn check_findings(dom: &Html, json: &Value, amounts: &Amounts) -> Checked {
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let articles: Vec<ElementRef> = dom.select(&select("article.finding")).collect();
    assert_eq!(articles.len(), diagnostics.len(), "one article per finding");
    let mut sources = HashMap::new();
    let mut checked = Checked::default();
    for (article, diagnostic) in articles.iter().zip(diagnostics) {
        let attr = |name: &str| article.value().attr(name).unwrap_or_default().to_string();
        let file = diagnostic["file"].as_str().expect("file");
        let context = format!("{file}:{} {}", diagnostic["line"], diagnostic["rule"]);
        assert_eq!(
            attr("data-rule"),
            diagnostic["rule"].as_str().unwrap(),
            "{context}"
        );
        assert_eq!(
            attr("data-severity"),
            diagnostic["severity"].as_str().unwrap(),
            "{context}"
        );
        let message = article.select(&select("h3 .message")).next().map(text);
        assert_eq!(
            message.as_deref(),
            diagnostic["message"].as_str(),
            "{context}"
        );
        let place = article.select(&select(".where .pos")).next().map(text);
        let page = article.select(&select(".where .page")).next().map(text);
        let page_number = diagnostic["page"].to_string();
        assert_eq!(
            page.as_ref()
                .is_some_and(|p| p.split_whitespace().any(|w| w == page_number)),
            diagnostic["page"].is_u64(),
            "{context}: page {page:?}"
        );
        assert_eq!(
            place,
            Some(format!(
                "{file}:{}:{}",
                diagnostic["line"], diagnostic["column"]
            )),
            "{context}"
        );
        let cells = highlighted_cells(*article);
        let excerpt = marked_lines(*article);
        for label in diagnostic["labels"].as_array().expect("labels") {
            let primary = label["primary"] == true;
            let at = position(label);
            if let Some(written) = amounts.get(file).and_then(|a| a.get(&at)) {
                // The stated cell must show as such; a context label may sit in a stated row.
                let found = cells
                    .iter()
                    .any(|(role, shown)| shown == written && (!primary || role == "primary"));
                assert!(
                    found,
                    "{context}: label {label} on the table amount {written} is not highlighted \
                     in the grid ({cells:?})"
                );
                checked.cells += 1;
            } else if at[0] == at[2] && at[1] < at[3] {
                let words = label_text(&mut sources, label);
                let line = excerpt.get(&at[0].to_string());
                assert!(
                    line.is_some_and(|l| l.contains(&words)),
                    "{context}: `{words}` of label {label} is not marked in the excerpt \
                     ({line:?})"
                );
                checked.words += 1;
            }
        }
        checked.sums += check_arithmetic(*article, diagnostic, &context);
        checked.findings += 1;
    }
    checked
}

/// The difference written from the cells is the one the rule reported (notes
/// `difference D; rounding explains at most ±T` or `差额 D，舍入误差最多 ±T`).
fn check_arithmetic(article: ElementRef, diagnostic: &Value, context: &str) -> usize {
    let Some(arith) = article.select(&select("p.arith")).next() else {
        return 0;
    };
    let Some(shown) = arith.select(&select("b.difference")).next().map(text) else {
        return 0;
    };
    let reported = diagnostic["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| {
            let n = n.as_str()?;
            n.strip_prefix("difference ")
                .or_else(|| n.strip_prefix("差额 "))
        })
        .filter_map(|rest| rest.split([';', '，']).next())
        .next()
        .unwrap_or_else(|| panic!("{context}: no difference among the notes"));
    let value = |s: &str| s.parse::<rust_decimal::Decimal>().expect("a decimal");
    assert_eq!(value(&shown), value(reported), "{context}: {}", text(arith));
    1
}

/// The findings left visible by the inline script.
fn visible(dom: &Html) -> Vec<(String, String, String)> {
    dom.select(&select("article.finding"))
        .filter(|a| a.value().attr("hidden").is_none())
        .map(|a| {
            let attr = |n: &str| a.value().attr(n).unwrap_or_default().to_string();
            (attr("data-severity"), attr("data-rule"), attr("data-file"))
        })
        .collect()
}

fn check_filters(program: &OsString, page: &Path, dom: &Html) {
    let all: Vec<(String, String, String)> = dom
        .select(&select("article.finding"))
        .map(|a| {
            let attr = |n: &str| a.value().attr(n).unwrap_or_default().to_string();
            (attr("data-severity"), attr("data-rule"), attr("data-file"))
        })
        .collect();
    assert_eq!(visible(dom).len(), all.len(), "everything shown unfiltered");

    let errors = Html::parse_document(&run_chromium(
        program,
        &url(page, "#severity=error"),
        "--dump-dom",
    ));
    let expected: Vec<_> = all.iter().filter(|f| f.0 == "error").cloned().collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(visible(&errors), expected);
    let shown = errors
        .select(&select("body"))
        .next()
        .and_then(|b| b.value().attr("data-shown").map(str::to_string));
    assert_eq!(shown, Some(expected.len().to_string()));

    // One rule in one file: the rule and file of the last finding.
    let (_, rule, file) = all.last().expect("findings").clone();
    let narrowed = Html::parse_document(&run_chromium(
        program,
        &url(page, &format!("#rule={rule}&file={file}")),
        "--dump-dom",
    ));
    let expected: Vec<_> = all
        .iter()
        .filter(|f| f.1 == rule && f.2 == file)
        .cloned()
        .collect();
    assert_eq!(visible(&narrowed), expected);
    let sections_shown: HashSet<String> = narrowed
        .select(&select("section.file"))
        .filter(|s| s.value().attr("hidden").is_none())
        .map(|s| s.value().attr("data-file").unwrap_or_default().to_string())
        .collect();
    assert_eq!(sections_shown, HashSet::from([file]));
}

fn vnu_jar() -> Option<PathBuf> {
    env::var_os("BUDLINT_VNU_JAR")
        .map(PathBuf::from)
        .or_else(|| Some(root().join("target/vnu-tool/node_modules/vnu-jar/build/dist/vnu.jar")))
        .filter(|jar| jar.is_file())
}

/// The Nu HTML Checker finds no error in the pages.
fn validate(pages: &[&Path]) {
    let Some(jar) = vnu_jar() else {
        return missing("BUDLINT_REQUIRE_VNU", "vnu.jar was not found");
    };
    let output = match Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(pages)
        .output()
    {
        Ok(output) => output,
        Err(e) => return missing("BUDLINT_REQUIRE_VNU", &format!("java cannot run: {e}")),
    };
    // vnu writes its JSON to stderr.
    let json: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu output is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = json["messages"].as_array().expect("messages");
    assert!(messages.is_empty(), "vnu: {messages:#?}");
    assert!(output.status.success(), "vnu exit status {}", output.status);
}

/// html5ever reads the page without a parse error.
fn parse_strictly(html: &str, name: &str) {
    let document = Html::parse_document(html);
    assert!(
        document.errors.is_empty(),
        "{name}: HTML parse errors {:?}",
        document.errors
    );
}

#[test]
fn the_corpus_report_renders_in_a_browser_with_every_finding_and_its_highlights() {
    let dir = out_dir();
    let corpus = dir.join("corpus.html");
    let tables = dir.join("layouts.html");
    let corpus_html = report("fixtures/corpus", "zh", "html");
    let tables_html = report("fixtures/layouts", "en", "html");
    fs::write(&corpus, &corpus_html).expect("write the corpus report");
    fs::write(&tables, &tables_html).expect("write the layouts report");
    parse_strictly(&corpus_html, "corpus.html");
    parse_strictly(&tables_html, "layouts.html");
    validate(&[&corpus, &tables]);

    let Some(program) = chromium() else {
        return missing("BUDLINT_REQUIRE_CHROMIUM", "Chromium was not found");
    };
    let runs = [
        (&corpus, "fixtures/corpus", "zh", "html-report.png"),
        (&tables, "fixtures/layouts", "en", "html-report-tables.png"),
    ];
    for (page, source_dir, lang, screenshot) in runs {
        let dom = Html::parse_document(&run_chromium(&program, &url(page, ""), "--dump-dom"));
        let json: Value =
            serde_json::from_str(&report(source_dir, lang, "json")).expect("JSON report");
        let checked = check_findings(&dom, &json, &table_amounts(source_dir));
        eprintln!("{source_dir}: {checked:?}");
        assert!(checked.findings > 50 && checked.words > 30, "{checked:?}");
        if source_dir == "fixtures/layouts" {
            // Planted wrong sums: errors on tables, their cells and arithmetic checked.
            assert!(checked.cells > 200 && checked.sums > 40, "{checked:?}");
        } else {
            assert!(checked.cells > 50, "{checked:?}");
        }
        check_filters(&program, page, &dom);
        let png = root().join("target").join(screenshot);
        let _ = fs::remove_file(&png);
        run_chromium(
            &program,
            &url(page, ""),
            &format!("--screenshot={}", png.display()),
        );
        let bytes = fs::read(&png).expect("the screenshot was written");
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000);
    }
}

#[test]
fn html_is_a_report_format_only() {
    for args in [
        &["--isolated", "--format", "html", "rules"][..],
        &[
            "--isolated",
            "--format",
            "html",
            "--statistics",
            "fixtures/corpus",
        ],
        &[
            "--isolated",
            "--format",
            "html",
            "inspect",
            "fixtures/corpus",
        ],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
            .current_dir(root())
            .args(args)
            .output()
            .expect("run budlint");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // The exit status of a report follows --fail-on, whatever the format.
    let status = |fail_on: &str| {
        Command::new(env!("CARGO_BIN_EXE_budlint"))
            .current_dir(root())
            .args(["--isolated", "--format", "html", "--fail-on", fail_on])
            .arg("fixtures/corpus/tunliu-2025-budget.md")
            .output()
            .expect("run budlint")
            .status
            .code()
    };
    assert_eq!(status("error"), Some(1));
    assert_eq!(status("never"), Some(0));
}
