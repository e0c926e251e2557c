"""Score ``yusuan check`` on the shared wild and performance corpora (``make wild``).

Each page of ``../shared/corpus/{wild,perf}/docs`` is checked in-process exactly as ``yusuan
check FILE -f json`` checks it; the findings are matched with the corpus answer key as the
corpus READMEs define it:

* a finding's text is all its keys and values joined; NFKC, thousands separators removed,
  white space and case ignored;
* an entry matches when the text holds every ``match.all`` string, one ``match.any`` string
  (if any) and no ``match.none`` string; a plain number is compared with the finding's numbers
  (``"6.00"`` = 6.0; a longer number matches when it rounds half-up to it; decimals never match
  a bare integer);
* a defect is caught by a matching finding of any severity; a false alarm is an error finding
  that holds a clean-control string of its file and matches none of its defects;
* a page is unreadable when the check ends in an error (exit 2).

Prints one line per page (kind read, tables, statements, caught/keyed, false alarms) and the
totals per corpus. ``--json`` writes the per-page results for comparison between runs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yusuan.check import check_package
from yusuan.errors import YusuanError
from yusuan.pipeline import load
from yusuan.report.jsonout import document

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", "", text).lower()


def _flatten(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k} {_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


def _number_matches(want: str, numbers: list[str]) -> bool:
    places = len(want.split(".")[1]) if "." in want else 0
    target = Decimal(want)
    for n in numbers:
        n_places = len(n.split(".")[1]) if "." in n else 0
        if places and not n_places:
            continue  # a string with decimals never matches a bare integer
        try:
            value = Decimal(n)
        except InvalidOperation:
            continue
        if value == target:
            return True
        if n_places > places:
            q = Decimal(1).scaleb(-places)
            if value.quantize(q, rounding=ROUND_HALF_UP) == target:
                return True
    return False


def _holds(text: str, numbers: list[str], want: str) -> bool:
    w = _norm(want)
    if _PLAIN.match(w):
        return _number_matches(w, numbers)
    return w in text


def matches(entry: dict[str, Any], text: str, numbers: list[str]) -> bool:
    m = entry["match"]
    if not all(_holds(text, numbers, s) for s in m.get("all", [])):
        return False
    if m.get("any") and not any(_holds(text, numbers, s) for s in m["any"]):
        return False
    return not any(_holds(text, numbers, s) for s in m.get("none", []))


def score_page(path: Path, entries: list[dict[str, Any]]) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        doc = document(check_package(load(path)))
    except YusuanError as exc:
        return {"file": path.name, "unreadable": exc.message, "caught": [], "alarms": []}
    ms = (time.perf_counter() - start) * 1000
    texts = []
    for f in doc["findings"]:
        t = _norm(_flatten(f))
        texts.append((f, t, _NUMBER.findall(t)))
    defects = [e for e in entries if e["kind"] != "clean"]
    cleans = [e for e in entries if e["kind"] == "clean"]
    caught = [e["id"] for e in defects if any(matches(e, t, nums) for _, t, nums in texts)]
    alarms = []
    for f, t, nums in texts:
        if f["severity"] != "error" or any(matches(e, t, nums) for e in defects):
            continue
        strings = [s for c in cleans for s in c["match"].get("all", [])]
        if any(_holds(t, nums, s) for s in strings):
            alarms.append(f"{f['rule']} {f['message'][:80]}")
    return {
        "file": path.name,
        "kind": doc["kind"],
        "page": doc.get("page", {}),
        "tables": len(doc["tables"]),
        "findings": len(doc["findings"]),
        "caught": caught,
        "alarms": alarms,
        "ms": round(ms, 1),
    }


def score_corpus(root: Path) -> dict[str, Any]:
    key = json.loads((root / "answer_key.json").read_text(encoding="utf-8"))
    by_file: dict[str, list[dict[str, Any]]] = {}
    for e in key:
        by_file.setdefault(Path(e["file"]).name, []).append(e)
    pages = [score_page(p, by_file.get(p.name, [])) for p in sorted((root / "docs").glob("*.txt"))]
    defects = [e for e in key if e["kind"] != "clean"]
    caught = {c for p in pages for c in p["caught"]}
    total = {
        "pages": len(pages),
        "unreadable": sum(1 for p in pages if "unreadable" in p),
        "must_catch": (
            sum(1 for e in defects if e.get("must_catch") and e["id"] in caught),
            sum(1 for e in defects if e.get("must_catch")),
        ),
        "defects": (sum(1 for e in defects if e["id"] in caught), len(defects)),
        "rounding": (
            sum(1 for e in defects if e["kind"] == "rounding" and e["id"] in caught),
            sum(1 for e in defects if e["kind"] == "rounding"),
        ),
        "wording": (
            sum(1 for e in defects if e["kind"] == "wording" and e["id"] in caught),
            sum(1 for e in defects if e["kind"] == "wording"),
        ),
        "false_alarms": sum(len(p["alarms"]) for p in pages),
        "missed": [e["id"] for e in defects if e["id"] not in caught],
    }
    return {"pages": pages, "total": total}


def _print(name: str, result: dict[str, Any], verbose: bool) -> None:
    print(f"== {name}")
    for p in result["pages"]:
        if "unreadable" in p:
            print(f"  {p['file']}  无法读取：{p['unreadable']}")
            continue
        sections = "、".join(p["page"].get("sections", [])) if p["page"] else ""
        print(
            f"  {p['file']}  {p['kind']:<8} 表 {p['tables']} 问题 {p['findings']:>2}"
            f"  命中 {','.join(p['caught']) or '-'}"
            f"{'  误报 ' + str(len(p['alarms'])) if p['alarms'] else ''}  {p['ms']} ms"
            f"{'  [' + sections + ']' if sections else ''}"
        )
        if verbose:
            for a in p["alarms"]:
                print(f"      误报 {a}")
    t = result["total"]
    print(
        f"  合计：{t['pages']} 页，无法读取 {t['unreadable']}；必查 {t['must_catch'][0]}/"
        f"{t['must_catch'][1]}，全部缺陷 {t['defects'][0]}/{t['defects'][1]}（尾差 "
        f"{t['rounding'][0]}/{t['rounding'][1]}，措辞 {t['wording'][0]}/{t['wording'][1]}），"
        f"误报 {t['false_alarms']}"
    )
    print(f"  未命中：{' '.join(t['missed']) or '无'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED, help="folder with wild/ and perf/")
    parser.add_argument("--json", type=Path, help="write the per-page results here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list false alarms")
    args = parser.parse_args(argv)
    out = {}
    for name in ("wild", "perf"):
        root = args.corpus / name
        if not (root / "answer_key.json").exists():
            print(f"{root}: 没有语料（answer_key.json）", file=sys.stderr)
            return 3
        out[name] = score_corpus(root)
        _print(name, out[name], args.verbose)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
