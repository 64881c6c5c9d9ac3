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
# Shapes byte-level mutation rarely reaches (found by the November 2026 mutation sweep): a
# subject code with a full-width digit, a table of text rows only (all header), a grid table
# drawn with rules, a short clause of many amounts and shares.
printf '单位：元\n20１ 一般公共服务支出 1.00\n２１0 外交支出 2.00\n' >corpus/document_bytes/fullwidth-code.txt
{ printf '| 甲 | 乙 |\n|---|---|\n'; for _ in $(seq 1 200); do printf '| 文字 | 文字 |\n'; done; } \
  >corpus/document_bytes/text-rows.md
printf '单位：万元\n\n+------+--------+\n| 项目 | 金额   |\n+======+========+\n| 合计 | 3.00   |\n+------+--------+\n| 甲   | 1.00   |\n+------+--------+\n| 乙   | 2.00   |\n+------+--------+\n' \
  >corpus/document_bytes/grid.txt
printf '一、收支预算总体情况\n收入合计100.00万元，其中：甲60.00万元，占60.00%%；乙40.00万元，占40.00%%，比上年增加10.00万元，增长33.33%%。\n' \
  >corpus/document_bytes/claims.txt
for seed in fullwidth-code.txt text-rows.md grid.txt claims.txt; do
  cp "corpus/document_bytes/$seed" "corpus/document_layouts/$seed"
done
cp ../rules/*.toml corpus/rule_text/
printf 'select = ["draft-watermark", "table-sum"]\nignore = ["doubled-punctuation"]\n' \
  >corpus/config_text/select.toml
printf '[severity]\ndoubled-punctuation = "warning"\n[rules.draft-watermark]\nscope = "prose"\n' \
  >corpus/config_text/severity.toml
printf '[per-file-ignores]\n"archive/*.txt" = ["draft-watermark"]\n"*.md" = ["table-sum"]\n' \
  >corpus/config_text/per-file.toml
