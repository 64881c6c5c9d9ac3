#!/usr/bin/env bash
# Time budlint on a generated corpus, side by side with `rg -c 万元` over the same files.
#
#   bench/run.sh            # 2,000 documents
#   BENCH_COUNT=500 bench/run.sh
#   BENCH_BIG=20000 bench/run.sh   # also the peak memory on 20,000 documents
#
# Needs python3, ripgrep (`apt-get install ripgrep`) and GNU time (/usr/bin/time). Builds the
# release binary first. The corpus goes to $BENCH_DIR (default: a directory under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-2000}
dir=${BENCH_DIR:-/tmp/budlint-bench}
cargo build --release --quiet
bin=./target/release/budlint
if [ ! -d "$dir/$count" ] || [ "$(ls "$dir/$count" | wc -l)" -ne "$count" ]; then
    rm -rf "$dir/$count"
    python3 bench/gen_corpus.py --count "$count" --out "$dir/$count"
fi
corpus="$dir/$count"
cores=$(nproc)

# seconds and peak kilobytes of one command (stdout discarded)
measure() {
    local log
    log=$(mktemp)
    # budlint exits 1 when it finds errors: the status is not what is measured here.
    /usr/bin/time -o "$log" -f '%e %M' "$@" >/dev/null 2>&1 || true
    tail -1 "$log"
    rm -f "$log"
}
# the best of three runs: the machine may be busy
best() {
    local best_s="" best_kb=""
    for _ in 1 2 3; do
        read -r s kb < <(measure "$@")
        if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
    done
    echo "$best_s $best_kb"
}
# Wall seconds of one run of a command, to the microsecond (GNU time's %e has 10 ms steps,
# too coarse for ripgrep or for one document).
wall() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    awk "BEGIN{printf \"%.4f\", ($end - $start) / 1e9}"
}
# The median wall seconds of 21 runs, then the peak kilobytes of one more (GNU time): for the
# commands that take milliseconds, whose best of three would be mostly noise.
median() {
    local times=() kb
    for _ in $(seq 21); do times+=("$(wall "$@")"); done
    read -r _ kb < <(measure "$@")
    echo "$(printf '%s\n' "${times[@]}" | sort -g | sed -n 11p) $kb"
}

size=$(du -sh "$corpus" | cut -f1)
echo "corpus: $count documents, $size, $cores cores; $(uname -sr)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r rg_s rg_kb < <(median rg -c 万元 "$corpus")
read -r all_s all_kb < <(best "$bin" --isolated --format json "$corpus")
if "$bin" --help | grep -q -- --threads; then
    read -r one_s one_kb < <(best "$bin" --isolated --threads 1 --format json "$corpus")
else
    read -r one_s one_kb < <(RAYON_NUM_THREADS=1 best "$bin" --isolated --format json "$corpus")
fi
read -r stat_s stat_kb < <(best "$bin" --isolated --statistics "$corpus")
documents=("$corpus"/*)
read -r doc_s doc_kb < <(median "$bin" --isolated --format json "${documents[0]}")
ratio() { awk "BEGIN{printf \"%.1f\", $1 / ($2 > 0 ? $2 : 0.001)}"; }
printf '%-34s %8s %10s\n' "" "wall s" "peak MB"
printf '%-34s %8s %10.1f\n' "rg -c 万元" "$rg_s" "$(awk "BEGIN{print $rg_kb/1024}")"
printf '%-34s %8s %10.1f\n' "budlint --format json ($cores threads)" "$all_s" "$(awk "BEGIN{print $all_kb/1024}")"
printf '%-34s %8s %10.1f\n' "budlint --format json --threads 1" "$one_s" "$(awk "BEGIN{print $one_kb/1024}")"
printf '%-34s %8s %10.1f\n' "budlint --statistics" "$stat_s" "$(awk "BEGIN{print $stat_kb/1024}")"
printf '%-34s %8s %10.1f\n' "budlint, one document" "$doc_s" "$(awk "BEGIN{print $doc_kb/1024}")"
echo "budlint / rg: $(ratio "$all_s" "$rg_s")x slower"
echo "documents per second: $(awk "BEGIN{printf \"%.0f\", $count / ($all_s > 0 ? $all_s : 0.001)}") ($cores threads), $(awk "BEGIN{printf \"%.0f\", $count / ($one_s > 0 ? $one_s : 0.001)}") (1 thread)"
echo "speed-up 1 → $cores threads: $(ratio "$one_s" "$all_s")x"
if [ -n "${BENCH_BIG:-}" ]; then
    big="$dir/$BENCH_BIG"
    if [ ! -d "$big" ] || [ "$(ls "$big" | wc -l)" -ne "$BENCH_BIG" ]; then
        rm -rf "$big"
        python3 bench/gen_corpus.py --count "$BENCH_BIG" --out "$big"
    fi
    read -r big_s big_kb < <(measure "$bin" --isolated --format json "$big")
    echo "$BENCH_BIG documents: ${big_s} s, peak $(awk "BEGIN{printf \"%.1f\", $big_kb/1024}") MB"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
