"""The shared corpora rewritten in the noise of other layout families, scored like ``make wild``.

A page from another province differs from the corpus' pages less in what it says than in how it
is flattened: half- or full-width punctuation, traditional characters, a whole page run into one
line, prose wrapped mid-word, spaces before units, 较上年 for 比上年, amounts in 元. Each variant
of every page is checked and compared with the page as published: defects caught then and lost
now, defects caught only now, false alarms, pages no longer read. (The answer keys name amounts
in 万元, so findings of the ``yuan`` variant, stated in 元, match fewer entries by design.)

    python bench/variants.py [VARIANT ...]      (all variants when none is named)
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import opencc
from wild import SHARED, score_page

_S2T = opencc.OpenCC("s2t")


def _wrap(text: str, width: int = 33) -> str:
    out: list[str] = []
    for line in text.splitlines():
        while "|" not in line and len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _yuan(text: str) -> str:
    def to_yuan(m: re.Match[str]) -> str:
        value = Decimal(m.group(1).replace(",", "")) * 10000
        return f"{value.normalize():f}元"

    return re.sub(r"(\d[\d,]*(?:\.\d+)?)万元", to_yuan, text)


VARIANTS: dict[str, Callable[[str], str]] = {
    "half-width": lambda t: t.translate(str.maketrans("，；：（）", ",;:()")),
    "full-width": lambda t: (
        re.sub(r"(?<!\d),(?!\d{3})", "，", t)
        .replace(";", "；")
        .replace("(", "（")
        .replace(")", "）")
    ),
    "traditional": lambda t: str(_S2T.convert(t)),
    "one-line": lambda t: " ".join(t.splitlines()),
    "wrapped-prose": _wrap,
    "spaced-units": lambda t: re.sub(r"(\d)(万元|元|%)", r"\1 \2", t),
    "jiao": lambda t: re.sub(r"比上年度?", "较上年", t),
    "verbs": lambda t: t.replace("下降", "降低").replace("增长", "上升"),
    "yuan": _yuan,
}


def run(names: list[str]) -> dict[str, dict[str, Any]]:
    totals: dict[str, dict[str, Any]] = {}
    for corpus in ("wild", "perf"):
        root = SHARED / corpus
        key = json.loads((root / "answer_key.json").read_text(encoding="utf-8"))
        by_file: dict[str, list[dict[str, Any]]] = {}
        for e in key:
            by_file.setdefault(Path(e["file"]).name, []).append(e)
        pages = sorted((root / "docs").glob("*.txt"))
        base = {p.name: score_page(p, by_file.get(p.name, [])) for p in pages}
        for name in names:
            lost = gained = alarms = unread = 0
            with tempfile.TemporaryDirectory() as tmp:
                for page in pages:
                    variant = Path(tmp) / page.name
                    text = VARIANTS[name](page.read_text(encoding="utf-8"))
                    variant.write_text(text, encoding="utf-8")
                    got = score_page(variant, by_file.get(page.name, []))
                    if "unreadable" in got:
                        unread += 1
                        print(f"  {corpus}/{name} {page.name}: 无法读取")
                        continue
                    was = set(base[page.name]["caught"])
                    now = set(got["caught"])
                    if was - now or now - was or got["alarms"]:
                        print(
                            f"  {corpus}/{name} {page.name}: 丢失 {sorted(was - now)} "
                            f"新增 {sorted(now - was)} 误报 {got['alarms']}"
                        )
                    lost += len(was - now)
                    gained += len(now - was)
                    alarms += len(got["alarms"])
            totals[f"{corpus}/{name}"] = {
                "lost": lost,
                "gained": gained,
                "alarms": alarms,
                "unreadable": unread,
            }
            print(f"{corpus} {name}: 丢失 {lost}，新增 {gained}，误报 {alarms}，无法读取 {unread}")
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", metavar="VARIANT", help="、".join(VARIANTS))
    args = parser.parse_args()
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"未知的变体：{'、'.join(unknown)}（可用：{'、'.join(VARIANTS)}）")
    run(args.variants or list(VARIANTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
