#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seeds from the fixtures (the corpora are not committed:
# libFuzzer adds to them as it runs).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/document_bytes corpus/document_layouts corpus/config_text corpus/rule_text
for f in ../fixtures/corpus/*.txt ../fixtures/corpus/*.md ../fixtures/layouts/*.txt \
         ../fixtures/layouts/*.md; do
  name=$(basename "$f")
  # The first 4 KB at a line end: small seeds keep each run fast.
  head -c 4096 "$f" | sed '$d' >"corpus/document_bytes/$name"
  cp "corpus/document_bytes/$name" "corpus/document_layouts/$name"
done
cp ../rules/*.toml corpus/rule_text/
printf 'select = ["draft-watermark", "table-sum"]\nignore = ["doubled-punctuation"]\n' \
  >corpus/config_text/select.toml
printf '[severity]\ndoubled-punctuation = "warning"\n[rules.draft-watermark]\nscope = "prose"\n' \
  >corpus/config_text/severity.toml
printf '[per-file-ignores]\n"archive/*.txt" = ["draft-watermark"]\n"*.md" = ["table-sum"]\n' \
  >corpus/config_text/per-file.toml
