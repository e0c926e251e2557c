"""Pages worth showing (#18): every table of a published package opens, a summary table's two
sides side by side, the 413 page inside the signed-in layout, and the same findings on the web
as from ``yusuan check`` for the same file and profile (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from tempfile import mkdtemp

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.helpers.cli import invoke
from tests.helpers.web import make_app, signed_in
from yusuan.web.db import Package, User
from yusuan.web.derived import derived, effective
from yusuan.web.seed import OTHER_DOC, Demo, _doc, _seed_other_region, seed_demo
from yusuan.web.settings import Settings


def test_every_listed_table_of_a_public_package_opens(app: FastAPI, demo: Demo) -> None:
    client = TestClient(app)
    page = client.get(f"/public/packages/{demo.published.id}").text
    links = re.findall(
        rf'href="(/public/packages/{demo.published.id}/tables/\d+)">([^<]+)</a>', page
    )
    assert len(links) == 10
    for url, title in links:
        table = client.get(url)
        assert table.status_code == 200, url
        assert f"<h1>{title}</h1>" in table.text
    assert client.get(f"/public/packages/{demo.published.id}/tables/99").status_code == 400
    # a draft's tables are not public
    assert client.get(f"/public/packages/{demo.draft.id}/tables/0").status_code == 404


def test_a_summary_tables_income_and_expenditure_stand_side_by_side(
    app: FastAPI, demo: Demo
) -> None:
    """财政拨款收支总表: each line holds an income row on the left and an expenditure row on the
    right (一、本年收入 beside 一、本年支出, 收入合计 beside 支出合计), never one after the other."""
    page = TestClient(app).get(f"/public/packages/{demo.published.id}/tables/0").text
    assert 'class="grid two-sided"' in page
    lines = []
    for row in re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1], re.S):
        names = [html.unescape(n) for n in re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', row)]
        lines.append(names)
    assert lines[0] == ["一、本年收入", "一、本年支出"]
    assert lines[-1] == ["收入合计", "支出合计"]
    income = [n[0] for n in lines if n and "收入" in n[0]]
    assert all("支出" not in n for n in income)
    # the signed-in view of the same table shows it the same way
    filer = signed_in(app, demo, "filer")
    assert 'class="grid two-sided"' in filer.get(f"/packages/{demo.published.id}/tables/0").text


def test_the_413_page_keeps_the_signed_in_layout(tmp_path: Path) -> None:
    app = make_app(tmp_path, max_upload_bytes=10_000)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    filer = signed_in(app, demo, "filer")
    for size in (20_000, 200_000):  # cut off while read, refused from its Content-Length
        response = filer.post("/upload", files={"file": ("big.txt", b"x" * size, "text/plain")})
        assert response.status_code == 413
        assert "超过大小上限" in response.text
        assert "filer（" in response.text and "退出" in response.text  # not "登录"
        assert '<a href="/login">登录</a>' not in response.text
    # signed out it is the ordinary signed-out page
    anonymous = TestClient(app).post("/upload", content=b"x" * 200_000)
    assert anonymous.status_code == 413 and '<a href="/login">登录</a>' in anonymous.text


def test_the_web_finds_what_the_cli_finds_for_the_same_file(app: FastAPI, demo: Demo) -> None:
    """A 上海市 department's budget on a platform configured for 重庆市: checked with its
    region's profile, as ``yusuan check --profile shanghai-2026`` checks the file — no C001
    for the 政府采购预算明细表 Shanghai does not publish."""
    with app.state.sessions() as session:
        _seed_other_region(session, _admin(session))
        package = session.scalars(select(Package).where(Package.source_name == OTHER_DOC)).one()
        web = derived(session, package, Settings.profile).findings
    result = invoke("check", _file(), "--profile", "shanghai-2026", "-f", "json")
    cli = json.loads(result.stdout)["documents"][0]["findings"]
    assert [(f.rule, f.message) for f in web] == [(f["rule"], f["message"]) for f in cli]
    assert "C001" not in {f.rule for f in web}
    # a 重庆市 unit's package keeps the configured profile (重庆: 政府采购预算明细表 required)
    with app.state.sessions() as session:
        draft = session.get(Package, demo.draft.id)
        assert draft is not None
        assert effective(session, draft, "chongqing-2026") == "chongqing-2026"
        assert effective(session, package, "chongqing-2026") == "shanghai-2026"
        assert effective(session, package, "shanghai-2026") == "shanghai-2026"


def _admin(session: Session) -> User:
    return session.scalars(select(User).where(User.username == "admin")).one()


def _file() -> str:
    path = Path(mkdtemp()) / OTHER_DOC
    path.write_bytes(_doc(OTHER_DOC))
    return str(path)


def test_a_shanghai_package_is_published_in_shanghais_tables(app: FastAPI, demo: Demo) -> None:
    """On a platform configured for 重庆, a 上海市 department's download is in Shanghai's layout:
    its 部门收入预算总表 prints the 财政拨款收入 it holds (in the 重庆 layout those amounts had no
    column and the 一般公共预算 column stood empty)."""
    from io import BytesIO

    from openpyxl import load_workbook

    with app.state.sessions() as session:
        _seed_other_region(session, _admin(session))
        package = session.scalars(select(Package).where(Package.source_name == OTHER_DOC)).one()
    data = TestClient(app).get(f"/public/packages/{package.id}/download.xlsx").content
    book = load_workbook(BytesIO(data))
    sheet = book["2026年部门收入预算总表"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    heading = next(r for r in rows if "财政拨款收入" in r)
    column = heading.index("财政拨款收入")
    public_safety = next(r for r in rows if "公共安全支出" in r)
    assert public_safety[column] == 87267272.44
    assert "部门收入总表" not in book.sheetnames  # not the 重庆 table
