//! End-to-end tests of what lets budlint gate a publication without drowning a team in known
//! findings: inline suppressions and the rules judging them, per-file ignores, baselines, and
//! `budlint init`.
//!
//! Each test runs the built binary in its own temporary directory on short documents made of
//! lines from the shipped corpus (the 仅供内部审核 watermark of a 2025 budget cover, the `。。`
//! of its 三公经费 explanation, a 三公经费 table whose 合计 was not updated).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A cover with a watermark (line 1) and a 三公经费 explanation ending in `。。` (line 9).
const COVER: &str = "仅供内部审核

长治市屯留区医疗保障局

2025年度部门预算公开

**七、“三公”经费增减变动原因说明**

2025年长治市屯留区医疗保障局财政拨款安排的“三公”经费预算0万元比2024年减少1.00万元，主要原因是2025年公务用车暂停使用，无预算。。
";

/// A sentence no rule reports.
const CLEAN: &str =
    "公用经费17.08万元，主要包括：办公费、邮电费、其他交通费用、其他商品和服务支出、差旅费等。";
const CLEAN_TOO: &str = "人员经费452.99万元，主要包括：基本工资、津贴补贴、奖金、绩效工资等。";

/// A 三公经费 table whose 合计 (line 9) says 1.00 where its items add up to 1.50.
const THREE_PUBLIC: &str = "2025年财政拨款安排“三公”经费支出预算表
单位：万元
项目\t合计\t一般公共预算
因公出国（境）费\t0.50\t0.50
公务接待费\t\t
公务用车购置及运行费\t1.00\t1.00
①公务用车购置费\t\t
②公务用车运行维护费\t1.00\t1.00
合计\t1.00\t1.00
";

struct Project {
    dir: TempDir,
}

impl Project {
    fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("create a temporary directory"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> &Project {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create a directory");
        }
        fs::write(&path, text).expect("write a test file");
        self
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).expect("read a test file")
    }

    /// Run budlint in the project directory.
    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), args)
    }

    fn run_in(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_budlint"))
            .current_dir(dir)
            .args(args)
            .env_remove("NO_COLOR")
            .output()
            .expect("run budlint")
    }

    /// `--format short` output lines and the exit status, with the arguments given (a project
    /// without budlint.toml should pass `--isolated`).
    fn short(&self, args: &[&str]) -> (Vec<String>, i32) {
        let mut all = vec!["--format", "short"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        (lines(&output.stdout), code(&output))
    }
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::to_string)
        .collect()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("budlint exited normally")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The `file:line:col: severity[rule]` part of short lines, without the message.
fn places(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split(']').next().unwrap_or(l).to_string() + "]")
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Inline suppressions
// ---------------------------------------------------------------------------------------------

#[test]
fn the_cover_has_two_findings_without_suppressions() {
    let p = Project::new();
    p.write("cover.md", COVER);
    let (out, status) = p.short(&["--isolated", "cover.md"]);
    assert_eq!(
        places(&out),
        [
            "cover.md:1:1: error[draft-watermark]",
            "cover.md:9:72: warning[doubled-punctuation]"
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn disable_next_line_skips_blank_lines_and_may_be_indented() {
    for name in ["cover.md", "cover.txt"] {
        let p = Project::new();
        p.write(
            name,
            &format!("   <!-- budlint-disable-next-line draft-watermark -->\n\n{COVER}"),
        );
        let (out, status) = p.short(&["--isolated", name]);
        assert_eq!(
            places(&out),
            [format!("{name}:11:72: warning[doubled-punctuation]")],
            "{name}"
        );
        assert_eq!(status, 0, "{name}: only a warning is left");
    }
}

#[test]
fn stacked_next_line_directives_apply_to_the_same_line() {
    let p = Project::new();
    p.write(
        "a.txt",
        "<!-- budlint-disable-next-line draft-watermark -->\n\
         <!-- budlint-disable-next-line doubled-punctuation -->\n\
         仅供内部审核。。\n",
    );
    let (out, status) = p.short(&["--isolated", "a.txt"]);
    assert_eq!(out, Vec::<String>::new());
    assert_eq!(status, 0);
}

#[test]
fn disable_and_enable_bound_a_range() {
    for name in ["cover.md", "cover.txt"] {
        let p = Project::new();
        // The same watermark and `。。` inside the range (lines 2–3) and after it (5–6).
        p.write(
            name,
            "<!-- budlint-disable draft-watermark, doubled-punctuation -->\n\
             仅供内部审核\n\
             2025年公务用车暂停使用，无预算。。\n\
             <!-- budlint-enable draft-watermark, doubled-punctuation -->\n\
             仅供内部审核\n\
             2025年公务用车暂停使用，无预算。。\n",
        );
        let (out, _) = p.short(&["--isolated", name]);
        assert_eq!(
            places(&out),
            [
                format!("{name}:5:1: error[draft-watermark]"),
                format!("{name}:6:18: warning[doubled-punctuation]")
            ],
            "{name}"
        );
    }
}

#[test]
fn disable_without_rule_ids_covers_every_rule_until_enable_or_end_of_file() {
    let p = Project::new();
    p.write(
        "a.md",
        "<!-- budlint-disable -->\n仅供内部审核\n无预算。。\n<!-- budlint-enable -->\n仅供内部审核\n",
    );
    p.write(
        "b.md",
        &format!("{CLEAN}\n<!-- budlint-disable -->\n{COVER}"),
    );
    let (out, _) = p.short(&["--isolated", "a.md", "b.md"]);
    assert_eq!(places(&out), ["a.md:5:1: error[draft-watermark]"]);
}

#[test]
fn disable_file_works_wherever_it_stands() {
    let p = Project::new();
    p.write(
        "cover.txt",
        &format!(
            "{COVER}\n<!-- budlint-disable-file draft-watermark -- 封面水印由印制环节去除 -->\n"
        ),
    );
    let (out, _) = p.short(&["--isolated", "cover.txt"]);
    assert_eq!(
        places(&out),
        ["cover.txt:9:72: warning[doubled-punctuation]"]
    );
}

#[test]
fn a_wrong_table_sum_is_suppressed_on_its_total_row() {
    let p = Project::new();
    p.write("三公经费.txt", THREE_PUBLIC);
    let (out, status) = p.short(&["--isolated", "三公经费.txt"]);
    assert_eq!(
        places(&out),
        [
            "三公经费.txt:9:4: error[three-public-sum]",
            "三公经费.txt:9:9: error[three-public-sum]"
        ]
    );
    assert_eq!(status, 1);

    // The comment inside the table neither splits it nor hides the row.
    let suppressed = THREE_PUBLIC.replace(
        "合计\t1.00",
        "<!-- budlint-disable-next-line three-public-sum -- 待财政局确认 -->\n合计\t1.00",
    );
    p.write("三公经费.txt", &suppressed);
    let (out, status) = p.short(&["--isolated", "三公经费.txt"]);
    assert_eq!(out, Vec::<String>::new());
    assert_eq!(status, 0);

    // A kind name stands for its rules.
    let by_kind = THREE_PUBLIC.replace(
        "合计\t1.00",
        "<!-- budlint-disable-next-line table-sum -->\n合计\t1.00",
    );
    p.write("三公经费.txt", &by_kind);
    let (out, _) = p.short(&["--isolated", "三公经费.txt"]);
    assert_eq!(out, Vec::<String>::new());
}

#[test]
fn directives_never_become_prose() {
    // A directive holds `--`, a half-width `,` and English words: were it prose, rules would
    // report it. It is also the only line of the file that is not a disclosure line.
    let p = Project::new();
    p.write(
        "a.md",
        &format!("<!-- budlint-disable-file draft-watermark, doubled-punctuation -- 封面, 待删 -->\n{COVER}"),
    );
    let (out, status) = p.short(&["--isolated", "a.md"]);
    assert_eq!(out, Vec::<String>::new());
    assert_eq!(status, 0);
}

// ---------------------------------------------------------------------------------------------
// unused-suppression and invalid-suppression
// ---------------------------------------------------------------------------------------------

#[test]
fn a_suppression_that_suppresses_nothing_is_reported_at_its_rule_id() {
    let p = Project::new();
    p.write(
        "a.md",
        &format!(
            "<!-- budlint-disable-next-line draft-watermark, doubled-punctuation -->\n{CLEAN}\n"
        ),
    );
    let output = p.run(&["--isolated", "--lang", "en", "a.md"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "warning[unused-suppression]: unused suppression: no `draft-watermark` diagnostic on the lines it covers\n  --> a.md:1:32\n"
        ),
        "{text}"
    );
    assert!(text.contains("--> a.md:1:49\n"), "{text}");
    assert!(text.contains("found 2 warnings in 1 file"), "{text}");
    assert_eq!(code(&output), 0, "a warning does not fail by default");
    let (_, status) = p.short(&["--isolated", "--fail-on", "warning", "a.md"]);
    assert_eq!(status, 1);
}

#[test]
fn only_the_unneeded_name_of_a_directive_is_reported() {
    let p = Project::new();
    p.write(
        "cover.md",
        &format!(
            "<!-- budlint-disable-next-line draft-watermark, doubled-punctuation -->\n{COVER}"
        ),
    );
    let (out, _) = p.short(&["--isolated", "cover.md"]);
    assert_eq!(
        places(&out),
        [
            "cover.md:1:49: warning[unused-suppression]",
            "cover.md:10:72: warning[doubled-punctuation]"
        ]
    );
}

#[test]
fn a_blanket_suppression_that_suppresses_nothing_is_reported_at_the_comment() {
    let p = Project::new();
    p.write(
        "a.txt",
        &format!("<!-- budlint-disable-next-line -->\n{CLEAN}\n"),
    );
    let (out, _) = p.short(&["--isolated", "a.txt"]);
    assert_eq!(places(&out), ["a.txt:1:1: warning[unused-suppression]"]);
}

#[test]
fn suppressions_of_rules_not_run_are_not_judged() {
    let p = Project::new();
    // Two different clean paragraphs: the same one twice would be a repeated paragraph.
    let doc = format!(
        "<!-- budlint-disable-next-line draft-watermark -->\n{CLEAN}\n\
         <!-- budlint-disable-next-line -->\n{CLEAN_TOO}\n"
    );
    p.write("a.md", &doc);
    p.write("archive/a.md", &doc);
    let unused = |out: &[String]| {
        out.iter()
            .filter(|l| l.contains("unused-suppression"))
            .count()
    };

    let (out, _) = p.short(&["--isolated", "a.md"]);
    assert_eq!(unused(&out), 2, "{out:?}");
    // Not selected, ignored, or off: the rule might have needed the comment.
    for args in [
        &[
            "--isolated",
            "--select",
            "doubled-punctuation,unused-suppression",
            "a.md",
        ][..],
        &["--isolated", "--ignore", "draft-watermark", "a.md"][..],
    ] {
        let (out, _) = p.short(args);
        assert_eq!(unused(&out), 0, "{args:?}: {out:?}");
    }
    p.write("budlint.toml", "[severity]\ndraft-watermark = \"off\"\n");
    let (out, _) = p.short(&["a.md"]);
    assert_eq!(unused(&out), 0, "severity off: {out:?}");
    p.write(
        "budlint.toml",
        "[per-file-ignores]\n\"archive/*.md\" = [\"draft-watermark\"]\n",
    );
    let (out, _) = p.short(&["a.md", "archive/a.md"]);
    assert_eq!(
        places(&out),
        [
            "a.md:1:32: warning[unused-suppression]",
            "a.md:3:1: warning[unused-suppression]"
        ],
        "per-file-ignores: only the file where the rule runs"
    );
}

#[test]
fn comments_that_cannot_suppress_anything_are_always_reported() {
    let p = Project::new();
    p.write(
        "a.md",
        &format!(
            "<!-- budlint-disable draft-watermark -->\n\n<!-- budlint-enable draft-watermark -->\n\
             {CLEAN}\n<!-- budlint-enable -->\n<!-- budlint-disable-next-line draft-watermark -->\n"
        ),
    );
    // Even with draft-watermark not run: these comments are wrong whatever runs.
    let (out, _) = p.short(&[
        "--isolated",
        "--select",
        "unused-suppression",
        "--lang",
        "en",
        "a.md",
    ]);
    assert_eq!(
        out,
        [
            "a.md:1:22: warning[unused-suppression] unused suppression: the range it opens holds no text",
            "a.md:5:1: warning[unused-suppression] unused suppression: no `budlint-disable` is open here",
            "a.md:6:32: warning[unused-suppression] unused suppression: no line follows it"
        ]
    );
}

#[test]
fn suppression_rules_follow_severity_selection_and_per_file_ignores() {
    let p = Project::new();
    let doc = format!("<!-- budlint-disable-next-line draft-watermark -->\n{CLEAN}\n");
    p.write("a.md", &doc);
    p.write("legacy/b.md", &doc);

    p.write(
        "budlint.toml",
        "[severity]\nunused-suppression = \"error\"\n[per-file-ignores]\n\"legacy/**\" = [\"unused-suppression\"]\n",
    );
    let (out, status) = p.short(&["."]);
    assert_eq!(places(&out), ["a.md:1:32: error[unused-suppression]"]);
    assert_eq!(status, 1);

    p.write("budlint.toml", "ignore = [\"suppression\"]\n");
    let (out, status) = p.short(&["."]);
    assert_eq!(
        out,
        Vec::<String>::new(),
        "the kind name ignores both rules"
    );
    assert_eq!(status, 0);

    let output = p.run(&["--isolated", "explain", "unused-suppression"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("kind:      suppression"));
}

#[test]
fn an_unknown_rule_in_a_directive_is_reported_with_the_closest_id() {
    let p = Project::new();
    p.write(
        "cover.md",
        &format!("<!-- budlint-disable-next-line draft-watermak -->\n{COVER}"),
    );
    let output = p.run(&["--isolated", "--lang", "en", "cover.md"]);
    let text = stdout(&output);
    assert!(
        text.contains("warning[invalid-suppression]: invalid suppression: unknown rule `draft-watermak`\n  --> cover.md:1:32\n"),
        "{text}"
    );
    assert!(
        text.contains("= help: did you mean `draft-watermark`?"),
        "{text}"
    );
    // The misspelt comment suppresses nothing, and is not taken for a blanket suppression.
    assert!(text.contains("error[draft-watermark]"), "{text}");
    assert_eq!(code(&output), 1);

    let output = p.run(&["--isolated", "cover.md"]);
    assert!(stdout(&output).contains("= help: 是否应为“draft-watermark”？"));
}

#[test]
fn malformed_directives_are_reported() {
    let p = Project::new();
    p.write(
        "a.txt",
        &format!(
            "<!-- budlint-disabel draft-watermark -->\n仅供内部审核\n\
             {CLEAN} <!-- budlint-disable-next-line doubled-punctuation -->\n\
             <!-- budlint-disable-next-line unused-suppression -->\n{CLEAN}\n"
        ),
    );
    let (out, _) = p.short(&["--isolated", "--lang", "en", "a.txt"]);
    assert_eq!(
        out,
        [
            "a.txt:1:6: warning[invalid-suppression] invalid suppression: unknown directive `budlint-disabel`",
            "a.txt:2:1: error[draft-watermark] draft watermark `仅供内部审核` left in the document",
            "a.txt:3:49: warning[invalid-suppression] invalid suppression: a suppression comment must be on a line of its own",
            "a.txt:4:32: warning[invalid-suppression] invalid suppression: `unused-suppression` cannot be suppressed by a comment"
        ]
    );
    let output = p.run(&["--isolated", "--lang", "en", "a.txt"]);
    assert!(stdout(&output).contains("= help: did you mean `budlint-disable`?"));
}

#[test]
fn other_html_comments_are_left_alone() {
    let p = Project::new();
    p.write(
        "a.md",
        &format!("<!-- 本文件由财务科整理 -->\n<!-- TODO: 核对表三 -->\n{CLEAN}\n"),
    );
    let (out, status) = p.short(&["--isolated", "a.md"]);
    assert_eq!(out, Vec::<String>::new());
    assert_eq!(status, 0);
}

// ---------------------------------------------------------------------------------------------
// Per-file ignores
// ---------------------------------------------------------------------------------------------

#[test]
fn per_file_ignores_turn_rules_off_for_matching_files() {
    let p = Project::new();
    p.write("2025/cover.md", COVER);
    p.write("archive/2023.txt", COVER);
    p.write("archive/old/2022.txt", COVER);
    p.write(
        "budlint.toml",
        "[per-file-ignores]\n\"archive/*.txt\" = [\"draft-watermark\"]\n\"*.md\" = [\"pattern\"]\n",
    );
    let (out, _) = p.short(&["."]);
    assert_eq!(
        places(&out),
        [
            // `*.md` matches the file name anywhere; a kind ignores all its rules.
            "archive/2023.txt:9:72: warning[doubled-punctuation]",
            // `*` stays within a directory: archive/old/ is not matched.
            "archive/old/2022.txt:1:1: error[draft-watermark]",
            "archive/old/2022.txt:9:72: warning[doubled-punctuation]"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------------------------

const BASELINE: &str = "budlint-baseline.json";

#[test]
fn write_baseline_records_findings_in_a_stable_documented_file() {
    let p = Project::new();
    p.write("2025/cover.md", COVER);
    p.write("2025/三公经费.txt", THREE_PUBLIC);
    let output = p.run(&["--isolated", "--write-baseline", BASELINE, "."]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "",
        "the findings are recorded, not printed"
    );
    assert!(stderr(&output).contains("wrote 4 findings to budlint-baseline.json (2 files)"));

    let text = p.read(BASELINE);
    let json: serde_json::Value = serde_json::from_str(&text).expect("the baseline is JSON");
    assert_eq!(json["version"], 1);
    let findings = json["findings"].as_array().expect("findings");
    let keys: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            let mut fields: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
            fields.sort_unstable();
            assert_eq!(fields, ["file", "fingerprint", "message", "rule"]);
            assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
            (
                f["file"].as_str().unwrap().into(),
                f["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("2025/cover.md".into(), "doubled-punctuation".into()),
            ("2025/cover.md".into(), "draft-watermark".into()),
            ("2025/三公经费.txt".into(), "three-public-sum".into()),
            ("2025/三公经费.txt".into(), "three-public-sum".into()),
        ]
    );
    assert!(text.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n    {\n"));
    assert!(text.ends_with("}\n"));

    // The same findings give the same bytes, whatever the thread count or the directory given.
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(p.dir.path())
        .args([
            "--isolated",
            "--write-baseline",
            BASELINE,
            "2025/",
            "--lang",
            "en",
        ])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("run budlint");
    assert_eq!(code(&output), 0);
    let again = p.read(BASELINE);
    let strip_messages = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("\"message\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip_messages(&again),
        strip_messages(&text),
        "only the messages' language differs"
    );
}

#[test]
fn a_baseline_hides_known_findings_even_after_lines_are_inserted_above() {
    let p = Project::new();
    p.write("cover.md", COVER);
    p.write("三公经费.txt", THREE_PUBLIC);
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );

    let output = p.run(&["--isolated", "--baseline", BASELINE, "."]);
    assert_eq!(code(&output), 0);
    assert_eq!(
        stdout(&output),
        "no problems found in 2 files\n4 findings in the baseline budlint-baseline.json not shown\n"
    );

    // Five lines inserted at the top of each file: every finding moves, none comes back.
    let five = "部门预算公开\n\n目录\n\n第一部分 概况\n";
    p.write("cover.md", &format!("{five}{COVER}"));
    p.write("三公经费.txt", &format!("{five}{THREE_PUBLIC}"));
    let (out, status) = p.short(&["--isolated", "--baseline", BASELINE, "."]);
    assert_eq!(out, Vec::<String>::new());
    assert_eq!(status, 0);
    let output = p.run(&[
        "--isolated",
        "--baseline",
        BASELINE,
        "--format",
        "short",
        ".",
    ]);
    assert!(
        stderr(&output).contains("4 findings in the baseline"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_new_finding_after_baselining_is_reported() {
    let p = Project::new();
    p.write("cover.md", COVER);
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );

    // The same watermark once more, on the last page: a new occurrence, a new finding.
    p.write("cover.md", &format!("{COVER}\n仅供内部审核\n"));
    p.write("new.txt", "2025年度部门预算公开（征求意见稿）\n");
    let (out, status) = p.short(&["--isolated", "--baseline", BASELINE, "."]);
    assert_eq!(
        places(&out),
        [
            "cover.md:11:1: error[draft-watermark]",
            "new.txt:1:13: error[draft-watermark]"
        ]
    );
    assert_eq!(status, 1);
}

#[test]
fn fixed_findings_drop_out_when_the_baseline_is_rewritten() {
    let p = Project::new();
    p.write("cover.md", COVER);
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );
    assert_eq!(p.read(BASELINE).matches("\"rule\"").count(), 2);

    // The `。。` is corrected: its entry no longer matches, and is counted, not reported.
    p.write("cover.md", &COVER.replace("无预算。。", "无预算。"));
    let output = p.run(&["--isolated", "--baseline", BASELINE, "."]);
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).ends_with(
            "1 finding in the baseline budlint-baseline.json not shown; 1 entry no longer found \
             (rewrite it with --write-baseline to drop it)\n"
        ),
        "{}",
        stdout(&output)
    );

    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );
    let text = p.read(BASELINE);
    assert_eq!(text.matches("\"rule\"").count(), 1);
    assert!(text.contains("draft-watermark") && !text.contains("doubled-punctuation"));
    let output = p.run(&["--isolated", "--baseline", BASELINE, "."]);
    assert!(!stdout(&output).contains("no longer found"));
}

#[test]
fn fail_on_counts_only_findings_not_in_the_baseline() {
    let p = Project::new();
    p.write("cover.md", &COVER.replace("无预算。。", "无预算。"));
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );
    // The baselined watermark is an error; a new `。。` is a warning.
    p.write("cover.md", COVER);
    for (fail_on, expected) in [("error", 0), ("warning", 1), ("never", 0)] {
        let (out, status) = p.short(&[
            "--isolated",
            "--baseline",
            BASELINE,
            "--fail-on",
            fail_on,
            ".",
        ]);
        assert_eq!(
            places(&out),
            ["cover.md:9:72: warning[doubled-punctuation]"]
        );
        assert_eq!(status, expected, "--fail-on {fail_on}");
    }
    // Without the baseline the watermark fails the run again.
    assert_eq!(p.short(&["--isolated", "."]).1, 1);
}

#[test]
fn a_baseline_matches_from_another_directory() {
    let p = Project::new();
    p.write("reports/cover.md", COVER);
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "reports"])),
        0
    );
    assert!(p.read(BASELINE).contains("\"file\": \"reports/cover.md\""));
    let reports = p.path("reports");
    let output = p.run_in(
        &reports,
        &[
            "--isolated",
            "--baseline",
            "../budlint-baseline.json",
            "--format",
            "short",
            "cover.md",
        ],
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(code(&output), 0);
}

#[test]
fn a_missing_or_malformed_baseline_is_an_error() {
    let p = Project::new();
    p.write("cover.md", COVER);
    let cases = [
        (
            None,
            "error: cannot read baseline missing.json: no such file or directory",
        ),
        (
            Some("{\"version\": 1, \"findings\": [{\"file\": \"cover.md\"}]}"),
            "error: baseline bad.json is not valid: missing field `rule`",
        ),
        (
            Some("{\"version\": 2, \"findings\": []}"),
            "error: baseline bad.json is not valid: version 2 is not supported (this budlint reads version 1)",
        ),
        (
            Some("仅供内部审核"),
            "error: baseline bad.json is not valid: not JSON (expected value at line 1 column 1)",
        ),
    ];
    for (text, message) in cases {
        let name = match text {
            Some(text) => {
                p.write("bad.json", text);
                "bad.json"
            }
            None => "missing.json",
        };
        let output = p.run(&["--isolated", "--baseline", name, "."]);
        assert_eq!(code(&output), 2, "{message}");
        assert_eq!(stdout(&output), "", "nothing is linted");
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
    let output = p.run(&[
        "--isolated",
        "--baseline",
        "a.json",
        "--write-baseline",
        "b.json",
        ".",
    ]);
    assert_eq!(code(&output), 2, "the two options exclude each other");
}

#[test]
fn budlint_writes_only_the_baseline_and_never_a_partial_one() {
    let p = Project::new();
    p.write("cover.md", COVER);
    p.write("三公经费.txt", THREE_PUBLIC);
    let before = (p.read("cover.md"), p.read("三公经费.txt"));
    assert_eq!(
        code(&p.run(&["--isolated", "--write-baseline", BASELINE, "."])),
        0
    );
    assert_eq!(
        code(&p.run(&["--isolated", "--baseline", BASELINE, "."])),
        0
    );
    assert_eq!((p.read("cover.md"), p.read("三公经费.txt")), before);
    let mut names: Vec<String> = fs::read_dir(p.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [BASELINE, "cover.md", "三公经费.txt"]);

    // A file that cannot be read would leave its findings out: nothing is written.
    let output = p.run(&[
        "--isolated",
        "--write-baseline",
        "new.json",
        "cover.md",
        "missing.md",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("error: missing.md: "),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("baseline new.json not written"));
    assert!(!p.path("new.json").exists());
}

// ---------------------------------------------------------------------------------------------
// budlint init
// ---------------------------------------------------------------------------------------------

fn builtin_rule_ids(p: &Project) -> Vec<String> {
    let output = p.run(&["--isolated", "rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).expect("rules as JSON");
    rules
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn init_writes_a_starter_configuration_that_loads() {
    let p = Project::new();
    let output = p.run(&["init"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = p.read("budlint.toml");
    for id in builtin_rule_ids(&p) {
        assert!(text.contains(&format!("\n# {id} = \"")), "{id} not listed");
    }
    assert!(text.contains("# draft-watermark (pattern, default error): "));
    assert!(text.contains("[per-file-ignores]\n# \"archive/**\" = [\"draft-watermark\"]"));

    // As written it is found and loads, and changes nothing.
    let output = p.run(&["rules"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    p.write("cover.md", COVER);
    assert_eq!(p.short(&["cover.md"]).0.len(), 2);

    // Every commented severity line is valid once uncommented.
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.ends_with("= \"error\"")
                    || rest.ends_with("= \"warning\"")
                    || rest.ends_with("= \"info\"") =>
            {
                rest
            }
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    p.write("uncommented.toml", &uncommented);
    let output = p.run(&["--config", "uncommented.toml", "rules"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let p = Project::new();
    p.write("budlint.toml", "ignore = [\"stray-english-word\"]\n");
    let output = p.run(&["init"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output)
            .contains("budlint.toml already exists; `budlint init --force` overwrites it")
    );
    assert_eq!(
        p.read("budlint.toml"),
        "ignore = [\"stray-english-word\"]\n"
    );

    let output = p.run(&["init", "--force"]);
    assert_eq!(code(&output), 0);
    assert!(p.read("budlint.toml").contains("[severity]"));
}

#[test]
fn init_ignores_a_broken_configuration_above() {
    let p = Project::new();
    p.write("budlint.toml", "selct = [\n");
    fs::create_dir(p.path("2025")).unwrap();
    let output = p.run_in(&p.path("2025"), &["init"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(p.path("2025/budlint.toml").is_file());
}
