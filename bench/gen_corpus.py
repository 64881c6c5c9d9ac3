#!/usr/bin/env python3
"""Build a benchmark corpus of N disclosures from the real ones in fixtures/.

Each output document is one of fixtures/corpus/* or fixtures/layouts/* (the correct versions;
the GBK one is skipped, the others are UTF-8) with, consistently over the whole document:

- its place renamed (屯留区 → one of PLACES with a number, so that every department differs);
- its years shifted by a whole number of years (every 19xx/20xx year moves alike, so titles,
  headings and 比上年 statements still agree with each other);
- every amount written with two decimals scaled by one factor per document (1 ± a few per
  cent), rounded back to two decimals. Sums of rounded amounts then drift by a cent or two:
  most stay within the rounding interval, some become findings, as in real drafts.

Every fifth department comes with two consecutive years (a 2024 and a 2025 copy of the same
source), which exercises the checks across years; as the copies restate the same source, their
比上年 figures and unchanged paragraphs are reported, as they would be in a real pair. Stdlib only; deterministic (seeded).

    python3 bench/gen_corpus.py --count 2000 --out /tmp/budlint-bench
"""

import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The places the fixtures are about, longest first so that 长治市屯留区 goes before 屯留区.
ORIGINAL_PLACES = [
    "长治市屯留区", "屯留区", "聊城市东昌府区", "东昌府区", "宜昌市夷陵区", "夷陵区",
    "上海市普陀区", "普陀区", "岱岳区", "江苏省",
]
PLACES = [
    "海淀区", "朝阳区", "和平区", "河西区", "鼓楼区", "玄武区", "西湖区", "拱墅区", "思明区",
    "天河区", "越秀区", "南山区", "福田区", "武侯区", "锦江区", "雁塔区", "碑林区", "历下区",
    "市中区", "江岸区", "岳麓区", "芙蓉区", "新城区", "城关区", "金水区", "二七区",
]
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*(?:年|-|—|/|\.|[0-9]{2}|$))")
AMOUNT = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\.([0-9]{2})(?![0-9%％.])")


def sources():
    out = []
    for folder in ("fixtures/corpus", "fixtures/layouts"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if ".faulty." in name or ".gbk." in name or not name.endswith((".txt", ".md")):
                continue
            path = os.path.join(ROOT, folder, name)
            with open(path, "rb") as f:
                data = f.read()
            out.append((name, data.decode("utf-8")))
    return out


def shift_years(text, shift):
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def scale_amounts(text, factor_permille):
    def scaled(m):
        whole, cents = m.group(1), m.group(2)
        grouped = "," in whole
        value = int(whole.replace(",", "")) * 100 + int(cents)
        value = (value * factor_permille + 500) // 1000
        body = f"{value // 100:,}" if grouped else str(value // 100)
        return f"{body}.{value % 100:02d}"

    return AMOUNT.sub(scaled, text)


def rename_place(text, place):
    for original in ORIGINAL_PLACES:
        text = text.replace(original, place)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = sources()
    os.makedirs(args.out, exist_ok=True)
    written = 0
    group = 0
    while written < args.count:
        name, text = docs[group % len(docs)]
        place = f"{PLACES[group % len(PLACES)][:-1]}{group // len(PLACES) + 1}区"
        base_shift = rng.randint(-3, 3)
        factor = rng.randint(970, 1030)
        renamed = rename_place(text, place)
        # Two consecutive years of one department, as a reviewer's folder holds them.
        years = (0, 1) if group % 5 == 0 else (0,)
        for offset in years:
            if written >= args.count:
                break
            body = shift_years(renamed, base_shift + offset)
            body = scale_amounts(body, factor + offset * rng.randint(5, 40))
            stem, ext = os.path.splitext(name)
            target = os.path.join(args.out, f"{group:05d}-{offset}-{stem}{ext}")
            with open(target, "w", encoding="utf-8", newline="") as f:
                f.write(body)
            written += 1
        group += 1
    print(f"wrote {written} documents to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
