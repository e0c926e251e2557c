"""Review at scale, second part (#18): the review chain (主管部门审核 → 财政复审), 待我审核,
decisions answered in place, the filer's replies and 撤回, 审核意见 exported as XLSX/DOCX, and
the audit log that says who changed what (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from tests.helpers.web import Browser, add_package, add_unit_user, field, gpb, signed_in
from yusuan.web import chain
from yusuan.web.app import create_app
from yusuan.web.db import ROLE_FINANCE_REVIEWER, AuditLog, Decision, Package, Reply, Unit
from yusuan.web.derived import model
from yusuan.web.seed import FINANCE, Demo, seed_demo
from yusuan.web.settings import Settings


def _findings(browser: Browser, pid: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = browser.client.get(f"/api/packages/{pid}").json()["findings"]
    return found


def _submit(app: FastAPI, demo: Demo) -> int:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    assert filer.act(draft, "submit").status_code == 303
    return draft


def _waive_errors(browser: Browser, pid: int, reason: str = "已核实，印刷尾差") -> list[str]:
    errors = [f["key"] for f in _findings(browser, pid) if f["severity"] == "error"]
    response = browser.post(
        f"/packages/{pid}/decide-batch",
        {
            "version": browser.package(pid).version,
            "finding_key": errors,
            "decision": "waive",
            "reason": reason,
        },
    )
    assert response.status_code == 303, response.text
    return errors


def _audits(app: FastAPI, action: str) -> list[AuditLog]:
    with app.state.sessions() as session:
        return list(
            session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id))
        )


# --- the review chain -----------------------------------------------------------------------


def test_department_review_then_finance_review(app: FastAPI, demo: Demo) -> None:
    draft = _submit(app, demo)
    dept = signed_in(app, demo, "dept_reviewer")
    finance = signed_in(app, demo, "finance_reviewer")
    assert "主管部门审核（当前）" in dept.get(f"/packages/{draft}").text
    # 财政复审 waits for the 主管部门: deciding or approving out of turn is a 409
    page = finance.get(f"/packages/{draft}").text
    assert 'action="/packages/' + str(draft) + '/decide"' not in page
    assert f'action="/packages/{draft}/approve"' not in page
    assert "个错误未豁免" not in page
    key = _findings(finance, draft)[0]["key"]
    early = finance.act(draft, "decide", finding_key=key, decision="accept")
    assert early.status_code == 409 and "主管部门审核" in early.text
    assert finance.act(draft, "approve").status_code == 409
    # the 主管部门 waives the errors and approves: on to 财政复审, still submitted
    page = dept.get(f"/packages/{draft}").text
    assert "审核通过，转财政复审" in page
    errors = _waive_errors(dept, draft, "主管部门已核实")
    assert dept.act(draft, "approve").status_code == 303
    package = dept.package(draft)
    assert (package.status, package.review_stage) == ("submitted", "财政局")
    forward = [a for a in _audits(app, "package.forward") if a.object_id == draft]
    assert len(forward) == 1 and json.loads(forward[0].after_json or "{}")["step"] == "主管部门"
    # the 主管部门's step is over
    late = dept.act(draft, "decide", finding_key=key, decision="accept")
    assert late.status_code == 409 and "财政复审" in late.text
    assert dept.act(draft, "approve").status_code == 409
    # the second reviewer sees the first one's decisions, named with their step
    page = finance.get(f"/packages/{draft}").text
    assert "主管部门审核（已通过）" in page and "财政复审（当前）" in page
    assert page.count("dept_reviewer · 主管部门审核") == len(errors)
    assert "主管部门已核实" in page
    # and decides in turn: its decision is the latest, recorded at its step
    assert finance.act(draft, "decide", finding_key=errors[0], decision="accept").status_code == 303
    with app.state.sessions() as session:
        stages = [d.stage for d in session.scalars(select(Decision).order_by(Decision.id))]
    assert stages == ["主管部门"] * len(errors) + ["财政局"]
    # the accepted error blocks approval again until waived
    assert finance.act(draft, "approve").status_code == 409
    finance.act(draft, "decide", finding_key=errors[0], decision="waive", reason="财政复审同意")
    assert finance.act(draft, "approve").status_code == 303
    assert finance.package(draft).status == "approved"
    approve = _audits(app, "package.approve")[-1]
    assert json.loads(approve.after_json or "{}")["step"] == "财政局"
    history = finance.get(f"/packages/{draft}").text
    assert "审核通过，转下一环节" in history


def test_the_finance_reviewer_may_return_during_the_department_step(
    app: FastAPI, demo: Demo
) -> None:
    draft = _submit(app, demo)
    finance = signed_in(app, demo, "finance_reviewer")
    assert finance.act(draft, "return", reason="缺少三公经费说明").status_code == 303
    package = finance.package(draft)
    assert (package.status, package.review_stage) == ("returned", None)
    # resubmitted, it starts again at the first step
    filer = signed_in(app, demo, "filer")
    assert filer.act(draft, "submit").status_code == 303
    assert filer.package(draft).review_stage == "主管部门"


def test_a_unit_without_a_department_goes_to_finance_review_alone(app: FastAPI, demo: Demo) -> None:
    with app.state.sessions() as session:
        bureau = session.scalar(select(Unit).where(Unit.name == FINANCE))
        assert bureau is not None
        assert chain.steps(session, chain.STEPS, bureau.id) == ("财政局",)
        bureau_id = bureau.id
    pid = add_package(app, bureau_id)
    admin = signed_in(app, demo, "admin")
    assert admin.act(pid, "submit").status_code == 303
    assert admin.package(pid).review_stage == "财政局"
    page = signed_in(app, demo, "finance_reviewer").get(f"/packages/{pid}").text
    assert '<dd class="chain"><span class="step current">财政复审（当前）</span></dd>' in page
    dept = signed_in(app, demo, "dept_reviewer")
    assert dept.get(f"/packages/{pid}").status_code == 403  # not its unit
    finance = signed_in(app, demo, "finance_reviewer")
    assert finance.act(pid, "approve").status_code == 303
    assert finance.package(pid).status == "approved"


def test_the_chain_is_a_setting(tmp_path: Any) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}",
        secret_key="t",
        review_chain=("主管部门",),
    )
    app = create_app(settings=settings)
    with app.state.sessions() as session:
        demo = seed_demo(session)
    pid = add_package(app, demo.draft.unit_id)
    signed_in(app, demo, "filer").act(pid, "submit")
    dept = signed_in(app, demo, "dept_reviewer")
    assert "转财政复审" not in dept.get(f"/packages/{pid}").text
    assert dept.act(pid, "approve").status_code == 303
    assert dept.package(pid).status == "approved"
    app.state.engine.dispose()
    assert chain.parse("财政局，主管部门") == ("主管部门", "财政局")
    for bad in ("", "人大", "财政局,财政局"):
        with pytest.raises(ValueError, match="审核流程应为"):
            chain.parse(bad)


def test_packages_submitted_before_the_chain_start_at_its_first_step(
    app: FastAPI, demo: Demo
) -> None:
    """A package submitted before migration 0011 has no stage: it is at the first step."""
    draft = _submit(app, demo)
    with app.state.sessions() as session:
        package = session.get(Package, draft)
        assert package is not None
        package.review_stage = None
        session.commit()
    assert (
        "主管部门审核（当前）"
        in signed_in(app, demo, "dept_reviewer").get(f"/packages/{draft}").text
    )


# --- 待我审核 -------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_for_each_reviewer(app: FastAPI, demo: Demo) -> None:
    first = _submit(app, demo)
    with app.state.sessions() as session:
        sub = session.scalar(select(Unit).where(Unit.kind == "二级单位"))
        assert sub is not None
        sub_id = sub.id
    second = add_package(app, sub_id)
    admin = signed_in(app, demo, "admin")
    assert admin.act(second, "submit").status_code == 303
    dept = signed_in(app, demo, "dept_reviewer")
    page = dept.get("/review")
    assert page.status_code == 200
    assert '<a href="/review">待我审核</a>' in page.text  # linked from the header
    rows = re.findall(r'<tr id="p-(\d+)"', page.text)
    assert rows == [str(first), str(second)]  # oldest first
    total = {"error": 0, "warning": 0, "info": 0}
    for f in _findings(dept, first):
        total[f["severity"]] += 1
    row = page.text.split(f'<tr id="p-{first}"')[1].split("</tr>")[0]
    cells = re.findall(r'<td data-label="未处理\w+" class="num sev \w+">(\d+)</td>', row)
    assert cells == [str(total["error"]), str(total["warning"]), str(total["info"])]
    assert "主管部门审核" in row and "剩 10 天" in row
    # decided findings are no longer open
    _waive_errors(dept, first)
    row = dept.get("/review").text.split(f'<tr id="p-{first}"')[1].split("</tr>")[0]
    assert re.findall(r'<td data-label="未处理错误" class="num sev error">(\d+)</td>', row) == ["0"]
    # nothing waits for the 财政局 until the 主管部门 has approved
    finance = signed_in(app, demo, "finance_reviewer")
    assert re.findall(r'<tr id="p-(\d+)"', finance.get("/review").text) == []
    assert dept.act(first, "approve").status_code == 303
    assert re.findall(r'<tr id="p-(\d+)"', finance.get("/review").text) == [str(first)]
    assert re.findall(r'<tr id="p-(\d+)"', dept.get("/review").text) == [str(second)]
    # a reviewer of another region sees nothing of this region
    add_unit_user(app, "某市财政局", "财政局", None, "other_finance", ROLE_FINANCE_REVIEWER)
    other = Browser(app, demo)
    assert other.login("other_finance", "password-123").status_code == 303
    assert "暂无等待您审核的文件" in other.get("/review").text
    assert other.get(f"/packages/{first}").status_code == 403
    assert other.act(first, "approve").status_code == 403
    # a filer has no queue and no link
    filer = signed_in(app, demo, "filer")
    assert filer.get("/review").status_code == 403
    assert 'href="/review"' not in filer.get("/").text


# --- decisions in place -------------------------------------------------------------------


def test_a_decision_asked_for_json_answers_the_cell(app: FastAPI, demo: Demo) -> None:
    draft = _submit(app, demo)
    dept = signed_in(app, demo, "dept_reviewer")
    key = _findings(dept, draft)[0]["key"]
    page = dept.get(f"/packages/{draft}").text
    assert 'class="decide inplace"' in page and f'data-cell="{key}"' in page
    js = {"Accept": "application/json"}
    missing = dept.post(
        f"/packages/{draft}/decide",
        {"version": 2, "finding_key": key, "decision": "waive"},
        headers=js,
    )
    assert missing.status_code == 400 and "豁免理由" in missing.json()["detail"]
    answer = dept.post(
        f"/packages/{draft}/decide",
        {"version": 2, "finding_key": key, "decision": "waive", "reason": "尾差"},
        headers=js,
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["version"] == 3 and data["key"] == key and data["waived"] == 1
    assert data["html"].startswith('<td class="review-cell" data-cell="' + key)
    assert "豁免：尾差" in data["html"] and 'name="version" value="3"' in data["html"]
    stale = dept.post(
        f"/packages/{draft}/decide",
        {"version": 2, "finding_key": key, "decision": "accept"},
        headers=js,
    )
    assert stale.status_code == 409 and "第 2 版" in stale.json()["detail"]
    filer = signed_in(app, demo, "filer")
    refused = filer.post(
        f"/packages/{draft}/decide",
        {"version": 3, "finding_key": key, "decision": "accept"},
        headers=js,
    )
    assert refused.status_code == 403
    script = dept.get("/static/review.js").text
    assert "form.inplace" in script and "application/json" in script


# --- replies and 撤回 ---------------------------------------------------------------------


def test_the_filer_replies_and_both_sides_see_the_thread(app: FastAPI, demo: Demo) -> None:
    draft = _submit(app, demo)
    filer = signed_in(app, demo, "filer")
    key = _findings(filer, draft)[1]["key"]
    text = "第3行已按部门决算数更正，请复核"
    sent = filer.post(f"/packages/{draft}/findings/{key}/reply", {"text": text})
    assert sent.status_code == 303 and sent.headers["location"].endswith(f"#f-{key}")
    dept = signed_in(app, demo, "dept_reviewer")
    answer = dept.post(
        f"/packages/{draft}/findings/{key}/reply",
        {"text": "收到，已复核"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200
    assert text in answer.json()["html"] and "收到，已复核" in answer.json()["html"]
    for browser in (filer, dept):
        page = browser.get(f"/packages/{draft}").text
        assert text in page and "收到，已复核" in page
    assert filer.package(draft).version == 2  # a reply is no change of the package
    # refused: empty, too long, an unknown finding, another unit's filer, another region
    assert filer.post(f"/packages/{draft}/findings/{key}/reply", {"text": " "}).status_code == 400
    long = filer.post(f"/packages/{draft}/findings/{key}/reply", {"text": "字" * 501})
    assert long.status_code == 400 and "过长" in long.text
    unknown = filer.post(f"/packages/{draft}/findings/{'0' * 24}/reply", {"text": "x"})
    assert unknown.status_code == 400
    with app.state.sessions() as session:
        sub = session.scalar(select(Unit).where(Unit.kind == "二级单位"))
        assert sub is not None
        from yusuan.web import store

        store.create_user(session, None, "sub_filer", "password-123", "单位填报员", sub)
    stranger = Browser(app, demo)
    stranger.login("sub_filer", "password-123")
    assert (
        stranger.post(f"/packages/{draft}/findings/{key}/reply", {"text": "x"}).status_code == 403
    )
    with app.state.sessions() as session:
        replies = session.scalars(select(Reply)).all()
    assert [r.text for r in replies] == [text, "收到，已复核"]
    assert len(_audits(app, "reply.create")) == 2
    # published: the thread stays, no new replies
    page = signed_in(app, demo, "filer").get(f"/packages/{demo.published.id}").text
    assert "回复审核意见" not in page


def test_the_filer_withdraws_before_any_decision(app: FastAPI, demo: Demo) -> None:
    draft = _submit(app, demo)
    filer = signed_in(app, demo, "filer")
    page = filer.get(f"/packages/{draft}").text
    assert f'action="/packages/{draft}/withdraw"' in page and "确认撤回" in page
    dept = signed_in(app, demo, "dept_reviewer")
    assert dept.act(draft, "withdraw").status_code == 403  # only the filer
    assert filer.act(draft, "withdraw").status_code == 303
    package = filer.package(draft)
    assert (package.status, package.review_stage) == ("draft", None)
    assert len(_audits(app, "package.withdraw")) == 1
    # a withdrawn draft keeps its history: it cannot be discarded
    discard = filer.act(draft, "discard")
    assert discard.status_code == 409 and "已撤回" in discard.text
    # once a reviewer has decided anything, it cannot be withdrawn
    assert filer.act(draft, "submit").status_code == 303
    key = _findings(dept, draft)[0]["key"]
    assert dept.act(draft, "decide", finding_key=key, decision="accept").status_code == 303
    assert f'action="/packages/{draft}/withdraw"' not in filer.get(f"/packages/{draft}").text
    late = filer.act(draft, "withdraw")
    assert late.status_code == 409 and "不能撤回" in late.text
    assert filer.package(draft).status == "submitted"
    # nor after the 主管部门 step
    assert signed_in(app, demo, "filer").act(draft, "withdraw").status_code == 409


# --- 审核意见 ----------------------------------------------------------------------------------


def test_review_opinions_export_as_xlsx_and_docx(app: FastAPI, demo: Demo) -> None:
    import docx
    from openpyxl import load_workbook

    draft = _submit(app, demo)
    dept = signed_in(app, demo, "dept_reviewer")
    found = _findings(dept, draft)
    errors = _waive_errors(dept, draft, "经核实为尾差")
    filer = signed_in(app, demo, "filer")
    filer.post(f"/packages/{draft}/findings/{errors[0]}/reply", {"text": "已说明原因"})
    page = dept.get(f"/packages/{draft}").text
    assert f'href="/packages/{draft}/opinions.xlsx"' in page
    response = dept.get(f"/packages/{draft}/opinions.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert "审核意见" in str(rows[0][0]) and "金额单位：万元" in str(rows[1][0])
    assert str(rows[0][0]).count("重庆市綦江区政务服务管理办公室") == 1  # named once
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
    heading = rows[2]
    assert heading[:5] == ["序号", "级别", "规则", "位置", "问题"]
    assert heading[5:14] == [
        "所列（万元）",
        "应为（万元）",
        "差额（万元）",
        "处理",
        "理由",
        "审核人",
        "审核环节",
        "处理时间",
        "填报单位回复",
    ]
    body = rows[3:]
    assert len(body) == len(found)
    by_rule = {(r[2], r[4]): r for r in body}
    first = next(f for f in found if f["key"] == errors[0])
    row = by_rule[(first["rule"], first["message"])]
    assert row[8:12] == ["豁免", "经核实为尾差", "dept_reviewer", "主管部门审核"]
    assert "filer" in str(row[13]) and "已说明原因" in str(row[13])
    assert {r[8] for r in body} == {"豁免", "未处理"}
    # amounts: 万元 with 千分位, two decimals (other values — years, rates, words — as given)
    cells = [str(v) for r in body for v in r[5:8] if v]
    amounts = [v for v in cells if re.fullmatch(r"[+-]?[\d,]+\.\d+", v)]
    assert amounts and all(re.fullmatch(r"[+-]?\d{1,3}(,\d{3})*\.\d{2}", a) for a in amounts)
    assert {"531.49", "531.48", "+0.01"} <= set(amounts)  # (千分位 of larger ones: below)
    document = docx.Document(io.BytesIO(dept.get(f"/packages/{draft}/opinions.docx").content))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["序号", "级别", "规则"]
    assert len(table.rows) == len(found) + 1
    assert any("经核实为尾差" in c.text for c in table.rows[1 + body.index(row)].cells)
    # who may not see the package may not export it
    assert Browser(app, demo).get(f"/packages/{draft}/opinions.xlsx").status_code == 303
    assert dept.get(f"/packages/{draft}/opinions.pdf").status_code == 404


def test_amounts_in_yuan_are_exported_in_wan() -> None:
    from decimal import Decimal

    from yusuan.money import Unit as Money
    from yusuan.web.opinions import wan

    assert wan(Decimal("12345678.9"), Money.YUAN) == "1,234.57"
    assert wan(Decimal("-1500"), Money.WAN, sign=True) == "-1,500.00"
    assert wan(Decimal("3"), Money.WAN, sign=True) == "+3.00"
    assert wan(Decimal("0.35"), None) == "0.35"  # not known to be money: as given
    assert wan("12.5%", Money.WAN) == "12.5%"


# --- audit -----------------------------------------------------------------------------------


def test_amount_edits_record_each_cell_changed(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    draft = demo.draft.id
    index, table = gpb(model(filer.package(draft)))
    edit = {field(table, "2010302", "total"): "900.25"}
    saved = filer.post(f"/packages/{draft}/tables/{index}", {"version": 1, **edit})
    assert saved.status_code == 303
    after = json.loads(_audits(app, "package.edit_cells")[0].after_json or "{}")
    changes = after["changes"]
    typed = next(c for c in changes if c["code"] == "2010302")
    old = table.by_code("2010302").value("total")  # type: ignore[union-attr]
    assert typed["table"] == table.title and typed["column"] == table.label("total")
    assert (typed["old"], typed["new"], typed["unit"]) == (format(old, "f"), "900.25", "万元")
    assert typed["row"] >= 1 and typed["row_name"]
    # the sums above it moved with it, and say so
    assert {c["code"] for c in changes} >= {"2010302", "20103", "201"}


def test_decisions_name_their_finding_and_admins_read_the_log(app: FastAPI, demo: Demo) -> None:
    draft = _submit(app, demo)
    dept = signed_in(app, demo, "dept_reviewer")
    finding = _findings(dept, draft)[0]
    assert (
        dept.act(draft, "decide", finding_key=finding["key"], decision="waive", reason="尾差")
    ).status_code == 303
    decided = json.loads(_audits(app, "package.decide")[0].after_json or "{}")["decision"]
    assert decided["finding_key"] == finding["key"] and decided["rule"] == finding["rule"]
    assert decided["message"] == finding["message"] and decided["location"]
    admin = signed_in(app, demo, "admin")
    page = admin.get(f"/admin/audit?package={draft}")
    assert page.status_code == 200 and '<a href="/admin/audit">审计日志</a>' in page.text
    assert f"{finding['rule']} " in page.text and '<td data-label="操作">提交审核</td>' in page.text
    assert (
        '<td data-label="操作">新建用户</td>' not in page.text
    )  # another object's rows are left out
    by_user = admin.get("/admin/audit?user=dept_reviewer").text
    assert (
        '<td data-label="操作">处理审核发现</td>' in by_user
        and '<td data-label="操作">提交审核</td>' not in by_user
    )
    by_action = admin.get("/admin/audit?action=package.submit").text
    assert (
        by_action.count('<td data-label="操作">提交审核</td>') == 2
    )  # the demo's published one and this
    assert "没有符合条件" in admin.get("/admin/audit?user=nobody").text
    assert admin.get("/admin/audit?package=x").status_code == 400
    csv = admin.get(f"/admin/audit.csv?package={draft}")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    assert "处理审核发现" in csv.text and finding["rule"] in csv.text
    for name in ("filer", "dept_reviewer", "finance_reviewer"):
        browser = signed_in(app, demo, name)
        assert browser.get("/admin/audit").status_code == 403
        assert browser.get("/admin/audit.csv").status_code == 403
        assert 'href="/admin/audit"' not in browser.get("/").text


# --- migration 0011 ----------------------------------------------------------------------------


def test_upgrade_from_0009_keeps_submitted_packages_at_the_first_step(database_url: str) -> None:
    from sqlalchemy import text

    from tests.helpers.migrations import at_revision
    from yusuan.web.db import make_engine, migrate

    engine = make_engine(database_url)
    counts = at_revision(engine, "0009")
    migrate(engine)
    with engine.connect() as connection:
        stage = connection.execute(text("SELECT review_stage FROM packages WHERE id = 3"))
        assert stage.scalar_one() is None  # submitted before the chain: no stage stored
        decision = connection.execute(text("SELECT stage, finding_key FROM decisions")).one()
        assert tuple(decision) == (None, "k")
        assert connection.execute(text("SELECT COUNT(*) FROM finding_replies")).scalar_one() == 0
        assert (
            connection.execute(text("SELECT COUNT(*) FROM packages")).scalar_one()
            == (counts["packages"])
        )
    engine.dispose()
    app = create_app(settings=Settings(database_url=database_url, secret_key="t"))
    with app.state.sessions() as session:
        package = session.get(Package, 3)
        assert package is not None and package.status == "submitted"
        # its unit is a 主管部门: it waits for the 主管部门's review
        assert chain.stage(session, chain.STEPS, package) == "主管部门"
        session.add(
            Reply(package_id=3, finding_key="k", user_id=1, text="回复", at=package.created_at)
        )
        session.commit()
    app.state.engine.dispose()
