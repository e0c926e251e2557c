"""Comparisons on the public portal: packages side by side (years of one department, or
departments), and statistics over everything published (packages by year, findings by
rule). Comparisons read the outlines and checks stored with each package, statistics the
running totals kept at publishing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from yusuan.rules.builtin import all_rules
from yusuan.web import charts, display, tallies
from yusuan.web.db import Package, Unit
from yusuan.web.deps import MAX_INT, Config, Db, MaybeUser
from yusuan.web.derived import outline
from yusuan.web.errors import BadRequest
from yusuan.web.routes.public import Search, published
from yusuan.web.templating import render
from yusuan.web.throttle import COST_STATS, spend

router = APIRouter(include_in_schema=False)
MAX_COMPARED = 6


def _ids(raw: str) -> list[int]:
    parts = [p for p in raw.replace("，", ",").split(",") if p.strip()]
    try:
        ids = list(dict.fromkeys(int(p) for p in parts))
    except ValueError:
        raise BadRequest("ids 应为以逗号分隔的文件编号，如 ids=1,2。") from None
    if any(not 0 <= i <= MAX_INT for i in ids):
        raise BadRequest("文件编号超出范围。")
    if len(ids) > MAX_COMPARED:
        raise BadRequest(f"最多同时对比 {MAX_COMPARED} 份文件。")
    return ids


@router.get("/public/compare")
def compare_page(
    request: Request, db: Db, user: MaybeUser, settings: Config, ids: str = ""
) -> Response:
    chosen = _ids(ids)
    if chosen:
        spend(request, user, COST_STATS)
    rows = db.execute(
        select(Package, Unit)
        .join(Unit, Unit.id == Package.unit_id)
        .where(Package.id.in_(chosen), Package.status == "published")
    ).all()
    by_id = {p.id: (p, u) for p, u in rows}
    picked = [by_id[i] for i in chosen if i in by_id]  # unpublished ids are simply absent
    outlines = [outline(db, p, settings.profile) for p, _ in picked]
    names = [f"{u.name} {p.year}" for p, u in picked]
    classes: dict[str, str] = {}
    for o in outlines:
        for f in o.functions:
            classes.setdefault(f.code, f.name)
    table = [
        (
            code,
            classes[code],
            [next((f.total for f in o.functions if f.code == code), None) for o in outlines],
        )
        for code in sorted(classes)
    ]
    candidates = db.execute(published(Search("", None), limit=200)).all()
    return render(
        request,
        "compare.html",
        {
            "picked": picked,
            "names": names,
            "outlines": outlines,
            "table": table,
            "totals": [o.spending for o in outlines],
            "figure": charts.compare(names, outlines, display.chosen(request)),
            "candidates": [(p, u) for p, u in candidates if p.id not in by_id],
            "ids": ",".join(str(p.id) for p, _ in picked),
        },
    )


@router.get("/public/stats")
def stats_page(request: Request, db: Db, user: MaybeUser, settings: Config) -> Response:
    """Read from the running totals kept at publishing (:mod:`yusuan.web.tallies`)."""
    spend(request, user, COST_STATS)
    tallies.catch_up(db, settings.profile)
    stats = tallies.read(db)
    return render(
        request,
        "stats.html",
        {
            "per_year": stats.per_year,
            "published": stats.published,
            "counts": stats.rules,
            "titles": {r.id: r.title for r in all_rules()},
            "spending": stats.spending,
            "figure": charts.rule_failures(stats.rules),
        },
    )
