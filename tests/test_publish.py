"""Publishing: seed 000 → model → DOCX, XLSX, HTML, PDF → read back → the same model.

Every format is rendered from one composed document and read back by yusuan's own readers;
the digest (every number, every indicator, every sentence) must be equal. Publishing is
guarded by the checker and writes all files or none.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import (
    DOCS,
    SAMPLES,
    SEED000,
    SEED003,
    require_pdf_publishing,
    require_samples,
)
from tests.helpers.text import render_text
from yusuan.check import check_package
from yusuan.cli import app
from yusuan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, OutputError, PublishVerifyError
from yusuan.model import BudgetPackage
from yusuan.pipeline import load, load_bytes
from yusuan.publish import MANIFEST, Blocked, publish, render, verify
from yusuan.publish.compose import compose
from yusuan.publish.digest import differences
from yusuan.publish.formats import FORMATS
from yusuan.publish.layout import load_layout
from yusuan.publish.pdf import fonts
from yusuan.rules.profile import load_profile

CONSISTENT = DOCS / "qijiang_2026_consistent.txt"
LAYOUT = load_layout("chongqing-2026")
PROFILE = load_profile("chongqing-2026")


@functools.cache
def package(path: Path) -> BudgetPackage:
    return load(path)


def rendered(path: Path, fmt: str) -> bytes:
    if fmt == "pdf":
        require_pdf_publishing()
    return _rendered(path, fmt)


@functools.cache
def _rendered(path: Path, fmt: str) -> bytes:
    return render(package(path), LAYOUT, fmt)


def _key(f: object) -> tuple[str, str, str]:
    return (f.rule, f.severity.value, re.sub(r"第\d+[页行]", "", f.message))  # type: ignore[attr-defined]


def test_tab_text_rendering_prints_the_seed_tables_line_for_line() -> None:
    """The layout is the seed's own: every coded table line of seed 000 is printed as is."""
    text = render_text(compose(package(SEED000), LAYOUT))
    printed = {line.rstrip("\t") for line in text.splitlines()}
    seed = SEED000.read_text(encoding="utf-8").splitlines()
    coded = [line.rstrip("\t") for line in seed if re.match(r"^\d{3,7}\t", line)]
    assert len(coded) > 60
    assert [line for line in coded if line not in printed] == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", [SEED000, CONSISTENT], ids=["seed000", "consistent"])
def test_published_file_reads_back_as_the_same_package(path: Path, fmt: str) -> None:
    back = load_bytes(rendered(path, fmt), f"公开.{fmt}")
    assert differences(package(path), back, limit=20) == []
    assert back.projects and back.department_performance is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_published_seed_checks_with_no_finding_the_input_did_not_have(fmt: str) -> None:
    """The seed's own defects travel with its data; publishing adds none."""
    before = {_key(f) for f in check_package(package(SEED000), PROFILE).findings}
    back = load_bytes(rendered(SEED000, fmt), f"公开.{fmt}")
    after = {_key(f) for f in check_package(back, PROFILE).findings}
    assert after - before == set()
    assert any(rule == "P001" for rule, _, _ in after)  # the 测算 defects are still there


@pytest.mark.parametrize("fmt", FORMATS)
def test_consistent_package_publishes_without_error_or_rounding_gap(fmt: str) -> None:
    back = load_bytes(rendered(CONSISTENT, fmt), f"公开.{fmt}")
    assert check_package(back, PROFILE).findings == ()


def test_pdf_embeds_its_cjk_fonts_and_its_text_layer_is_the_narrative() -> None:
    data = rendered(CONSISTENT, "pdf")
    used = fonts(data)
    assert used and all(used.values()), used
    assert all("CJK" in name for name in used), used
    back = load_bytes(data, "公开.pdf")
    assert [p.text for p in back.paragraphs] == [p.text for p in package(CONSISTENT).paragraphs]


def test_xlsx_has_the_official_look() -> None:
    wb = openpyxl.load_workbook(__import__("io").BytesIO(rendered(SEED000, "xlsx")))
    assert wb.sheetnames[0] == "情况说明"
    ws = wb["一般公共预算财政拨款支出预算表"]
    assert ws["A1"].value == "一般公共预算财政拨款支出预算表"
    assert {"A3:B3", "C3:E3"} <= {str(r) for r in ws.merged_cells.ranges}  # 功能分类科目, 预算数
    total = next(c for row in ws.iter_rows() for c in row if c.value == "合计")
    amount = ws.cell(row=total.row, column=3)
    assert str(amount.value) == "1421.74" and amount.number_format == "#,##0.00"
    assert ws.print_title_rows and ws.print_area


def _members(data: bytes) -> dict[str, bytes]:
    """An Office file's parts, but the timestamps of docProps/core.xml."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_merged_ranges_are_the_workbook_merge_cells_makes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The XLSX's merges (each style sum done once: yusuan.publish.xlsx_merge) give the very
    workbook openpyxl's own ``merge_cells`` gives: for packages, and for ranges whose corners
    carry borders of their own."""
    import io

    from openpyxl.styles import Border, Protection, Side

    from yusuan.publish import xlsx_merge
    from yusuan.publish.xlsx import render_xlsx

    docs = [compose(package(p), LAYOUT) for p in (SEED000, CONSISTENT)]
    ours = [render_xlsx(d) for d in docs]

    def plain(self: object, ws: object, *bounds: int) -> None:
        r0, c0, r1, c1 = bounds
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)  # type: ignore[attr-defined]

    def workbook(merge: object) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.create_sheet("并")
        thin, thick = Side(style="thin"), Side(style="thick", color="FF0000")
        for r in range(1, 9):
            for c in range(1, 7):
                cell = ws.cell(row=r, column=c, value=f"{r}.{c}")
                cell.border = Border(left=thin, top=thick if r % 3 == 0 else thin, right=thin)
                if (r + c) % 4 == 0:
                    cell.protection = Protection(locked=False)
        merger = xlsx_merge.Merger()  # one a workbook: its sums remembered across ranges
        for bounds in ((1, 1, 1, 3), (2, 1, 4, 1), (3, 2, 5, 4), (6, 5, 8, 6), (7, 1, 7, 2)):
            merge(merger, ws, *bounds)  # type: ignore[operator]
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    made = workbook(xlsx_merge.Merger.merge)
    monkeypatch.setattr(xlsx_merge.Merger, "merge", plain)
    assert [_members(x) for x in ours] == [_members(render_xlsx(d)) for d in docs]
    assert _members(made) == _members(workbook(xlsx_merge.Merger.merge))


def test_docx_styles_are_written_as_python_docx_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Style ids looked up once a document and a cell's style copied in (the shortcuts of
    yusuan.publish.docx) give the DOCX python-docx's own setters give."""
    from yusuan.publish import docx as docx_out

    docs = [compose(package(p), LAYOUT) for p in (SEED000, CONSISTENT)]
    ours = [docx_out.render_docx(d) for d in docs]

    def by_name(document: object, text: str, style: str, ids: object) -> object:
        return document.add_paragraph(text, style=style)  # type: ignore[attr-defined]

    def by_setter(p: object, style_id: str, properties: object) -> None:
        p.style = style_id  # type: ignore[attr-defined]

    monkeypatch.setattr(docx_out, "_paragraph", by_name)
    monkeypatch.setattr(docx_out, "_cell_style", by_setter)
    assert [_members(x) for x in ours] == [_members(docx_out.render_docx(d)) for d in docs]


def test_docx_has_toc_page_numbers_and_repeated_headers() -> None:
    document = docx.Document(__import__("io").BytesIO(rendered(SEED000, "docx")))
    xml = document.element.xml
    assert 'w:docPartGallery w:val="Table of Contents"' in xml
    assert "tblHeader" in xml
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert len(document.tables) == 8 + 1 + 9  # tables, 整体, projects


def test_html_is_self_contained_and_accessible() -> None:
    html = rendered(SEED000, "html").decode("utf-8")
    assert '<html lang="zh-CN">' in html
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert "<th scope=" in html and 'rowspan="2"' in html and "aria-labelledby" in html


def test_publish_is_blocked_by_errors_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "公开"
    with pytest.raises(Blocked) as blocked:
        publish(package(SEED000), out, layout=LAYOUT, profile=PROFILE, formats=("html",))
    assert blocked.value.check.count(blocked.value.check.findings[0].severity.__class__("error"))
    assert not out.exists() or list(out.iterdir()) == []


def test_forced_publish_records_the_reason(tmp_path: Path) -> None:
    result = publish(
        package(SEED000),
        tmp_path,
        layout=LAYOUT,
        profile=PROFILE,
        formats=("docx", "html"),
        force_reason="测算口径经财政局确认",
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([MANIFEST, *(o.path.name for o in result.outputs)])
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["强制发布原因"] == "测算口径经财政局确认"
    assert manifest["审核"]["error"] == 10
    document = docx.Document(str(result.outputs[0].path))
    assert "测算口径经财政局确认" in document.core_properties.comments
    assert "测算口径经财政局确认" in result.outputs[1].path.read_text(encoding="utf-8")


def test_a_failure_while_rendering_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.publish.pdf as pdf

    def broken(doc: object) -> bytes:
        raise OutputError("PDF", detail="排版失败")

    monkeypatch.setattr(pdf, "render_pdf", broken)  # the PDF comes last: the others are done
    (tmp_path / "旧文件.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError):
        publish(package(CONSISTENT), tmp_path, layout=LAYOUT, profile=PROFILE)
    assert [p.name for p in tmp_path.iterdir()] == ["旧文件.txt"]


def test_a_file_that_does_not_read_back_is_refused() -> None:
    cell = b'<td class="num">1,421.74</td>'
    bad = rendered(CONSISTENT, "html").replace(cell, cell.replace(b"74", b"75"), 1)
    with pytest.raises(
        PublishVerifyError, match=r"表格\[\d+\]\.行\[\d+\]\..*1421\.74，读回 1421\.75"
    ):
        verify(package(CONSISTENT), bad, "html")


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "占用"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        publish(package(CONSISTENT), target, layout=LAYOUT, profile=PROFILE, formats=("html",))


def test_exported_model_is_accepted_as_input(tmp_path: Path) -> None:
    model = tmp_path / "模型.json"
    runner = CliRunner()
    assert runner.invoke(app, ["export", str(CONSISTENT), "-o", str(model)]).exit_code == 0
    assert load(model) == package(CONSISTENT)
    out = tmp_path / "公开"
    result = runner.invoke(app, ["publish", str(model), "-o", str(out), "-f", "xlsx,html"])
    assert result.exit_code == EXIT_OK, result.output
    assert {p.suffix for p in out.iterdir()} == {".xlsx", ".html", ".json"}
    for path in out.glob("*.xlsx"):
        assert differences(package(CONSISTENT), load(path)) == []


def test_cli_publish_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    blocked = runner.invoke(app, ["publish", str(SEED000), "-o", str(tmp_path / "a"), "-f", "html"])
    assert blocked.exit_code == EXIT_FINDINGS
    assert "发布被阻止" in blocked.output and "P001" in blocked.output
    no_reason = runner.invoke(app, ["publish", str(SEED000), "-o", str(tmp_path), "--force"])
    assert no_reason.exit_code == EXIT_USAGE and "--reason" in no_reason.output
    bad_format = runner.invoke(app, ["publish", str(SEED000), "-o", str(tmp_path), "-f", "odt"])
    assert bad_format.exit_code == EXIT_USAGE and "odt" in bad_format.output
    forced = runner.invoke(
        app,
        [
            "publish",
            str(SEED000),
            "-o",
            str(tmp_path / "b"),
            "-f",
            "html",
            "--force",
            "--reason",
            "已确认",
        ],
    )
    assert forced.exit_code == EXIT_OK and "强制发布" in forced.output


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"package": {"info": 3}}', "package.info"),
        ('{"package": {"info": {"path": "x", "format": "text"}, "unit": "美元"}}', "package.unit"),
        ("{not json", "第 1 行"),
    ],
)
def test_malformed_model_files_name_the_place(tmp_path: Path, content: str, where: str) -> None:
    path = tmp_path / "模型.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["publish", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_USAGE
    assert where in result.output
    assert not (tmp_path / "out").exists()


SHANGHAI = load_layout("shanghai-2026")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name", ["上海市普陀区司法局2026年部门预算.pdf", "上海市普陀区人民政府办公室2025年部门预算.pdf"]
)
def test_shanghai_sample_republished_in_the_shanghai_layout_reads_back(name: str, fmt: str) -> None:
    """A Shanghai sample → model → the shanghai-2026 layout (元, 类/款/项 columns, 合计 last,
    编制部门, 项目经费情况说明) → read back → the same package."""
    require_samples()
    if fmt == "pdf":
        require_pdf_publishing()
    pkg = package(SAMPLES / name)
    data = render(pkg, SHANGHAI, fmt)
    back = load_bytes(data, f"公开.{fmt}")
    assert differences(pkg, back, limit=10) == []
    assert back.info.unit_name == pkg.info.unit_name
    if fmt == "html":
        html = data.decode("utf-8")
        assert "编制部门：" in html and "项目经费情况说明" in html
        assert ">204</td><td>06</td><td>01</td>" in html or "普陀区人民政府办公室" in name


def test_shanghai_layout_prints_codes_in_three_columns_and_the_total_last() -> None:
    require_samples()
    text = render_text(compose(package(SAMPLES / "上海市普陀区司法局2026年部门预算.pdf"), SHANGHAI))
    lines = text.splitlines()
    table = lines[lines.index("2026年部门支出预算总表") :]
    table = table[: table.index("合计\t\t\t\t96282213.44\t25741666.44\t70540547.00") + 1]
    assert "编制部门：上海市普陀区司法局\t单位：元" in table
    assert "204\t\t\t公共安全支出\t87267272.44\t16726725.44\t70540547.00" in table
    assert "204\t06\t01\t行政运行\t16726725.44\t16726725.44\t0.00" in table


@pytest.mark.parametrize("fmt", FORMATS)
def test_shanghai_unit_budget_uses_the_unit_variant_of_the_layout(fmt: str, tmp_path: Path) -> None:
    """单位预算 → shanghai-2026-unit (extends shanghai-2026: 预算单位 titles, 编制单位, and the
    财务收支预算总表 with 人员经费/公用经费/项目支出 columns), chosen by the CLI from the scope.

    In the PDF the 情况说明's list of tables runs over several lines and its last line ends with
    a table's name: it is read back as the end of the paragraph, not as a table title."""
    require_samples()
    if fmt == "pdf":
        require_pdf_publishing()
    source = SAMPLES / "上海市普陀区人民政府办公室2025年单位预算.pdf"
    result = CliRunner().invoke(
        app,
        [
            "publish",
            str(source),
            "-o",
            str(tmp_path),
            "-p",
            "shanghai-2026",
            "-f",
            fmt,
            "--force",
            "--reason",
            "样本",
        ],
    )
    assert result.exit_code == EXIT_OK, result.output
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["版式"] == "shanghai-2026-unit"
    back = load(next(tmp_path.glob(f"*.{fmt}")))
    assert differences(package(source), back, limit=10) == []
    assert back.tables[0].title == "2025年预算单位财务收支预算总表"


@pytest.mark.parametrize("fmt", FORMATS)
def test_changshou_targets_publish_in_the_chongqing_sheet_and_read_back(fmt: str) -> None:
    """Seed 003 (长寿, targets only, 资金来源 财政资金…): its sources are printed as rows beside
    当年预算, and the unit is named by the sheets' 编制单位."""
    if fmt == "pdf":
        require_pdf_publishing()
    pkg = package(SEED003)
    back = load_bytes(render(pkg, LAYOUT, fmt), f"公开.{fmt}")
    assert differences(pkg, back, limit=10) == []
    assert back.info.unit_name == "重庆市长寿区政务服务管理办公室"
    assert dict(back.projects[0].sources)["财政资金"] == dict(pkg.projects[0].sources)["财政资金"]


def test_a_failed_move_puts_the_previous_files_back(tmp_path: Path) -> None:
    """A folder named like one of the files: nothing is replaced, the earlier files stay."""
    pkg = package(CONSISTENT)
    first = publish(pkg, tmp_path, layout=LAYOUT, profile=PROFILE, formats=("html",))
    before = first.outputs[0].path.read_bytes()
    (tmp_path / first.outputs[0].path.name.replace(".html", ".xlsx")).mkdir()
    with pytest.raises(OutputError, match="同名的文件夹已存在"):
        publish(
            pkg,
            tmp_path,
            layout=LAYOUT,
            profile=PROFILE,
            formats=("html", "xlsx"),
            force_reason="x",
        )
    assert first.outputs[0].path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".yusuan-publish-")]


def test_a_table_over_three_pdf_pages_with_repeated_headers_reads_back() -> None:
    """Sixty more 款 under 302 make the 基本支出 table run over three pages; WeasyPrint repeats
    its header rows on each, and the reader must join the pages into one table, exactly."""
    from dataclasses import replace

    import pypdfium2 as pdfium

    from yusuan.model import TableKind

    require_pdf_publishing()
    pkg = package(CONSISTENT)
    index = next(i for i, t in enumerate(pkg.tables) if t.kind is TableKind.GPB_BASIC_ECONOMIC)
    table = pkg.tables[index]
    rows = list(table.rows)
    model_row = next(r for r in rows if r.code == "30201")
    extra = [
        replace(model_row, code=f"302{k:02d}", name=f"其他商品和服务支出{k}")
        for k in range(40, 100)
    ]
    at = max(i for i, r in enumerate(rows) if r.code and r.code.startswith("302")) + 1
    rows[at:at] = extra
    long = replace(table, rows=tuple(rows))
    pkg = replace(pkg, tables=tuple(long if i == index else t for i, t in enumerate(pkg.tables)))
    data = render(pkg, LAYOUT, "pdf")
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    spanning = [
        i
        for i, text in enumerate(pages)
        if "其他商品和服务支出4" in text or "其他商品和服务支出9" in text
    ]
    assert len(set(spanning)) >= 2
    with_header = [i for i, text in enumerate(pages) if "日常公用经费" in text]
    assert len(with_header) >= 3  # the header repeated on every page of the table
    verify(pkg, data, "pdf")  # read back: one table, every row and number
    back = load_bytes(data, "long.pdf").table(TableKind.GPB_BASIC_ECONOMIC)
    assert back is not None and len(back.rows) == len(long.rows)
