//! Embeds the built-in rule files: every `rules/*.toml` becomes an `include_str!` entry in a
//! generated list, so the binary carries its rules and needs no data files at run time.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    // Re-run when a rule file is added, removed or edited (a directory's mtime covers the first
    // two, each file the last).
    println!("cargo:rerun-if-changed=rules");
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
    for file in &files {
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
    }
    generated.push_str("];\n");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write_if_changed(&out_dir.join("builtin_rules.rs"), &generated);
}

/// Avoid touching the file when nothing changed, so dependent code is not rebuilt needlessly.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    fs::write(path, contents).expect("cannot write the generated built-in rule list");
}
