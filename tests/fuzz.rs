//! A bounded, libFuzzer-free run of the fuzz targets of `fuzz/` (their bodies are included from
//! `fuzz/src/lib.rs`): each target gets its seeds from the fixtures, then mutations of them
//! (bytes flipped, inserted, deleted, stretches spliced from other seeds, tokens that broke
//! budlint before: huge numbers, parentheses, separators, NULs) for a few seconds.
//! `BUDLINT_FUZZ_SECS` sets the seconds per target (default 3); the run is deterministic for a
//! given `BUDLINT_FUZZ_SEED`. An input that panics is written to `target/fuzz-crashes/` and
//! fails the test: make it a fixture and a test of its own.
//!
//! `cargo fuzz` (coverage-guided, see fuzz/Cargo.toml) runs the same bodies when it can be
//! installed.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Files of a directory (not recursive) whose names end with one of `endings`, each cut to its
/// first `limit` bytes (at a line end) so one run stays short in a debug build.
fn seeds(dir: &str, endings: &[&str], limit: usize) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| endings.iter().any(|e| p.to_string_lossy().ends_with(e)));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| fs::read(p).ok())
        .map(|mut bytes| {
            if bytes.len() > limit {
                let cut = bytes[..limit]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .unwrap_or(limit);
                bytes.truncate(cut + 1);
            }
            bytes
        })
        .collect()
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that broke budlint before, or that its readers give meaning to.
const TOKENS: &[&str] = &[
    "79228162514264337593543950335",
    "9999999999999999999999999999.99",
    "1.000000000000000000000000000000",
    "（1.00）",
    "(1,234)",
    "1,2,3,4,5,6,7,8,9",
    "-",
    "——",
    "合计",
    "小计",
    "单位：万元",
    "|",
    " | ",
    "\t",
    "      ",
    "\n",
    "\r",
    "\u{c}",
    "\0",
    "２０２４",
    "%",
    "万元",
    "<!-- budlint-disable -->",
    "<!-- budlint-disable-next-line table-sum -->",
    "比上年增加",
    "增长",
    "301",
    "30102",
    "[",
    "]",
    "\"",
    "=",
    "**",
];

fn mutate(random: &mut Random, seeds: &[Vec<u8>], input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=random.below(8) {
        let at = random.below(out.len() + 1);
        match random.below(6) {
            0 if !out.is_empty() => {
                let i = random.below(out.len());
                out[i] ^= 1 << random.below(8);
            }
            1 | 2 => {
                let token = TOKENS[random.below(TOKENS.len())].as_bytes();
                let times = if random.below(16) == 0 {
                    1 + random.below(200)
                } else {
                    1
                };
                for _ in 0..times {
                    out.splice(at..at, token.iter().copied());
                }
            }
            3 if !out.is_empty() => {
                let end = (at + random.below(64)).min(out.len());
                out.drain(at..end);
            }
            4 => {
                let other = &seeds[random.below(seeds.len())];
                let from = random.below(other.len());
                let to = (from + random.below(512)).min(other.len());
                out.splice(at..at, other[from..to].iter().copied());
            }
            _ => out.insert(at, random.next() as u8),
        }
    }
    out
}

/// Run `target` on every seed, then on mutations until the time is up.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, target: fn(&[u8])) {
    assert!(!seeds.is_empty(), "{name}: no seeds");
    let seconds = std::env::var("BUDLINT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed = std::env::var("BUDLINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let mut random = Random(seed | 1);
    let started = Instant::now();
    let mut runs = 0;
    let input_of = |i: usize, random: &mut Random| -> Vec<u8> {
        if i < seeds.len() {
            seeds[i].clone()
        } else {
            let base = &seeds[random.below(seeds.len())];
            mutate(random, &seeds, base)
        }
    };
    while runs < seeds.len() || started.elapsed() < Duration::from_secs(seconds) {
        let input = input_of(runs, &mut random);
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = root().join("target/fuzz-crashes");
            let _ = fs::create_dir_all(&dir);
            let path = dir.join(format!("{name}-{runs}"));
            let _ = fs::write(&path, &input);
            panic!(
                "{name}: input {runs} panicked; written to {}",
                path.display()
            );
        }
    }
    eprintln!("{name}: {runs} inputs in {:?}", started.elapsed());
}

#[test]
fn document_bytes_never_panic() {
    let mut seeds = seeds("fixtures/corpus", &[".txt", ".md"], 4096);
    // The encodings the reader decodes.
    let text = "2024年部门预算\n合计 1.00\n仅供内部审核\n";
    seeds.push(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    seeds.push(
        [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    );
    fuzz("document_bytes", seeds, targets::document_bytes);
}

#[test]
fn documents_in_every_layout_never_panic() {
    let mut seeds = seeds("fixtures/corpus", &[".txt", ".md"], 2048);
    seeds.extend(self::seeds("fixtures/layouts", &[".txt", ".md"], 2048));
    fuzz("document_layouts", seeds, targets::document_layouts);
}

#[test]
fn configurations_never_panic() {
    let seeds: Vec<Vec<u8>> = [
        "select = [\"draft-watermark\", \"table-sum\"]\nextend-select = [\"stray-english-word\"]\n\
         ignore = [\"doubled-punctuation\"]\ninclude = [\"**/*.txt\", \"**/*.md\"]\n\
         exclude = [\"drafts/**\"]\n",
        "[severity]\ndoubled-punctuation = \"warning\"\nstray-english-word = \"off\"\n\
         table-sum = \"info\"\n",
        "[rules.draft-watermark]\nscope = \"prose\"\n",
        "[per-file-ignores]\n\"archive/*.txt\" = [\"draft-watermark\"]\n\"*.md\" = [\"table-sum\"]\n\
         \"a/[b\" = [\"x\"]\n",
        "select = [\"pattern\"]\n[rules.template-placeholder]\nliterals = [\"XX\"]\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    fuzz("config_text", seeds, targets::config_text);
}

#[test]
fn rule_files_never_panic() {
    let seeds = seeds("rules", &[".toml"], 16 << 10);
    fuzz("rule_text", seeds, targets::rule_text);
}

#[test]
fn every_layout_of_a_table_is_offered() {
    let layouts = targets::layouts("合计 1.00 2.00\n201 一般 1.00\n");
    assert_eq!(layouts.len(), 6);
    assert!(layouts[1].contains("合计      1.00"));
    assert!(layouts[2].contains("合计\t1.00"));
    assert!(layouts[3].starts_with("| 合计 | 1.00 | 2.00 |\n"));
    assert!(layouts[4].contains("\r\n") && layouts[5].contains("2.00\r201"));
}
