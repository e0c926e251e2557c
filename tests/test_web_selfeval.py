"""A filled-in 绩效自评表 uploaded on a published package's performance page: queued as a job,
read by a worker, checked (E0xx, I0xx) and shown beside the targets it answers — the project by
its code, the indicators by name — on SQLite and PostgreSQL. Wrong years, drafts and files
holding no performance table are refused in Chinese (a draft at once; the rest when read, the
job failed with the reason)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.selfeval import SHEET
from tests.helpers.web import signed_in
from yusuan.web.seed import Demo

#: a budget page, no performance table in it
BUDGET = "某局2026年部门预算情况说明\n2026年收入预算总额100万元，支出预算总额100万元，比上年增加10万元，增长11.1%。\n"


@dataclass
class Ended:
    """A job that did not end done, as the answer the request used to give."""

    status_code: int
    text: str


def upload(browser: Any, package_id: int, text: str | bytes, name: str = "自评表.txt") -> Any:
    """The 自评表 posted and its job followed: the result page, or the reason it ended."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    files = {"file": (name, data, "text/plain")}
    response = browser.post(f"/packages/{package_id}/performance/selfeval", files=files)
    if response.status_code != 303:
        return response
    job = browser.job(response)
    if job["state"] != "done":
        return Ended(job["error_status"], job["error"])
    assert job["result_url"] == f"/packages/{package_id}/performance/selfeval/{job['id']}"
    return browser.get(job["result_url"])


def test_a_self_evaluation_beside_the_targets_it_answers(app: FastAPI, demo: Demo) -> None:
    reviewer = signed_in(app, demo, "dept_reviewer")
    form = reviewer.get(f"/packages/{demo.published.id}/performance").text
    assert f'action="/packages/{demo.published.id}/performance/selfeval"' in form
    page = upload(reviewer, demo.published.id, SHEET)
    assert page.status_code == 200, page.text
    text = page.text
    assert "对应项目：<strong>50011021T000000047837-窗口工作人员专项经费</strong>" in text
    assert "全年预算数 108.84，全年执行数 97.96，执行率 90%，得分 9" in text
    # the checks beside the row they are about, the sheet's whole above
    row = text[text.index("<td>审批件数</td>") :].split("</tr>")[0]
    assert "E005" in row and "按比例应为15" in row
    assert "总分89与预算执行率得分9加各指标得分之和79不符" in text
    satisfied = text[text.index("<td>服务对象满意度</td>") :].split("</tr>")[0]
    assert "≥98%" in satisfied and "与批复目标不一致" in satisfied
    left_out = text[text.index("<td>业务熟练、办事效率</td>") :].split("</tr>")[0]
    assert "自评表未列出该指标" in left_out
    assert "E001" not in text and "E002" not in text  # 90 % and 9.00 are right
    # the right sheet: the missing target answered, the scores proportional, 总分 = Σ
    right = (
        SHEET.replace("| 20 | 20 | |", "| 20 | 15 | 审批量下降 |")
        .replace("| ≥95% | 96% |", "| ≥98% | 99% |")
        .replace("| 总分 | 100 | 89 | 良 |", "| 总分 | 100 | 94 | 优 |")
        .replace(
            "| 总分",
            "| 效益指标 | 社会效益指标 | 业务熟练、办事效率 | ≥98% | 99% | 20 | 20 | |\n| 总分",
        )
    )
    clean = upload(reviewer, demo.published.id, right).text
    assert "未发现问题" in clean and "自评表未列出该指标" not in clean
    assert "与批复目标不一致" not in clean


def test_a_sheet_of_no_project_is_checked_by_itself(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    other = SHEET.replace("50011021T000000047837-窗口工作人员专项经费", "某区道路维修项目")
    text = upload(filer, demo.published.id, other).text
    assert "未找到对应的项目（自评表项目名称：某区道路维修项目）" in text
    assert "按比例应为15" in text  # its own checks still shown


def test_uploads_refused_in_chinese(app: FastAPI, demo: Demo) -> None:
    filer = signed_in(app, demo, "filer")
    published = demo.published.id
    cases: list[tuple[int, str | bytes, str]] = [
        (
            published,
            SHEET.replace("2026年度", "2025年度"),
            "自评表为2025年度，该预算公开文件为2026年度",
        ),
        (demo.draft.id, SHEET, "只有已公开的预算"),
        (published, BUDGET, "文件中没有绩效自评表或绩效目标表"),
        (published, "某局2026年工作总结\n本年完成各项工作。\n", "不是预决算公开文件"),
        (published, b"\x00\x01\x02garbage", "二进制"),
    ]
    for package_id, body, message in cases:
        response = upload(filer, package_id, body)
        assert response.status_code == 400, (message, response.text)
        assert message in response.text, (message, response.text)
    assert filer.post(f"/packages/{published}/performance/selfeval").status_code == 400
    # the newest check is linked from the performance page; another user cannot open it
    done = upload(filer, published, SHEET)
    assert done.status_code == 200
    page = filer.get(f"/packages/{published}/performance").text
    assert "最近一次核对" in page
    link = page.split('最近一次核对：<a href="')[1].split('"')[0]
    assert filer.get(link).status_code == 200
    assert signed_in(app, demo, "dept_reviewer").get(link).status_code == 404
    anonymous = TestClient(app)
    response = anonymous.post(
        f"/packages/{published}/performance/selfeval",
        files={"file": ("a.txt", SHEET.encode(), "text/plain")},
    )
    assert response.status_code in (403, 404)
