"""Synthetic operational data of a district government-service office (政务服务管理办公室), for
the demo, the tests and the benchmarks of actuals computed from operational records.

The records look like what such an office's systems hold, sized and shaped after seed 000's
targets (≥ 800,000 办件 a year, “一件事一次办” ≥ 5,000, 跨省/川渝/全渝通办 ≥ 1,000, 好评率 ≥ 98 %):

- 办件 (cases): 办件编号, 事项编码, 事项名称, 渠道, 受理时间, 办结期限, 办结时间, 状态,
  一件事一次办, 通办类型, 结果寄达;
- 评价 (好差评 ratings): 办件编号, 评价时间, 评价, 渠道;
- 寄递 (deliveries of results): 办件编号, 寄出时间, 签收时间, 承诺送达时间;
- 投诉 (complaints): 投诉编号, 投诉时间, 类别, 办理结果;
- 事项 (the catalogue of services): 事项编码, 事项名称, 法定时限, 已进驻.

Generated inside DuckDB (``range()`` and a seeded ``random()``), written as Parquet or CSV: a
year of 820,000 cases takes well under a second. A metrics spec binding the data to seed 000's
indicators is written beside it (:func:`write_spec`).
"""

from __future__ import annotations

from pathlib import Path

SERVICES = (
    # 事项编码, 事项名称, 法定时限(工作日), share of cases
    ("QJ-001", "个体工商户设立登记", 3, 9),
    ("QJ-002", "企业设立登记", 3, 6),
    ("QJ-003", "企业变更登记", 5, 5),
    ("QJ-004", "食品经营许可", 20, 4),
    ("QJ-005", "社会保障卡补换", 1, 12),
    ("QJ-006", "城乡居民养老保险参保登记", 1, 8),
    ("QJ-007", "医保异地就医备案", 1, 7),
    ("QJ-008", "住房公积金提取", 3, 9),
    ("QJ-009", "不动产登记", 5, 10),
    ("QJ-010", "户籍证明开具", 1, 6),
    ("QJ-011", "出入境证件办理", 7, 5),
    ("QJ-012", "机动车驾驶证换领", 1, 6),
    ("QJ-013", "建设工程规划许可", 20, 2),
    ("QJ-014", "施工许可", 15, 2),
    ("QJ-015", "税务登记与发票领用", 1, 9),
)
CHANNELS = (("窗口", 0.52), ("网上", 0.36), ("自助终端", 0.08), ("邮寄", 0.04))
RATINGS = (
    ("非常满意", 0.86),
    ("满意", 0.126),
    ("基本满意", 0.008),
    ("不满意", 0.004),
    ("非常不满意", 0.002),
)
CROSS = (("跨省通办", 0.0006), ("川渝通办", 0.0008), ("全渝通办", 0.0004))


def _pick(options: tuple[tuple[str, float], ...], var: str) -> str:
    """A SQL CASE choosing among options by cumulative probability of ``var`` in [0, 1)."""
    parts, acc = [], 0.0
    for name, p in options[:-1]:
        acc += p
        parts.append(f"WHEN {var} < {acc:.6f} THEN '{name}'")
    return f"CASE {' '.join(parts)} ELSE '{options[-1][0]}' END"


def generate(
    out: Path, records: int = 840_000, year: int = 2026, seed: float = 0.42, fmt: str = "parquet"
) -> dict[str, int]:
    """Write the datasets into ``out``; returns the number of rows of each."""
    import duckdb

    from yusuan.perf.metrics import sql_path

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SELECT setseed(?)", [seed])
    total = sum(s[3] for s in SERVICES)
    acc = 0
    svc_rows, picks = [], []
    for code, name, limit, share in SERVICES:
        acc += share
        svc_rows.append(f"('{code}', '{name}', {limit}, true)")
        picks.append(f"WHEN r_svc < {acc / total:.6f} THEN '{code}'")
    con.execute(
        "CREATE TABLE 事项 AS SELECT * FROM (VALUES "
        + ", ".join(svc_rows)
        + ", ('QJ-016', '殡葬补助申领', 5, false)) t(事项编码, 事项名称, 法定时限, 已进驻)"
    )
    pick_service = f"CASE {' '.join(picks[:-1])} ELSE '{SERVICES[-1][0]}' END"
    start = f"TIMESTAMP '{year}-01-01 08:30:00'"
    con.execute(
        f"""
        CREATE TABLE 办件 AS
        WITH base AS (
            SELECT i,
                   random() AS r_svc, random() AS r_ch, random() AS r_day, random() AS r_min,
                   random() AS r_dur, random() AS r_state, random() AS r_one, random() AS r_cross,
                   random() AS r_mail
            FROM range({records}) t(i)
        ), timed AS (
            SELECT b.*, s.事项编码, s.事项名称, s.法定时限,
                   {start} + to_days(CAST(floor(r_day * 365) AS INTEGER))
                           + to_minutes(CAST(floor(r_min * 540) AS INTEGER)) AS 受理时间
            FROM base b JOIN 事项 s ON s.事项编码 = {pick_service}
        )
        SELECT printf('QJ{year}%08d', i + 1) AS 办件编号,
               事项编码, 事项名称,
               {_pick(CHANNELS, "r_ch")} AS 渠道,
               受理时间,
               受理时间 + to_days(CAST(法定时限 * 7 / 5 AS INTEGER)) AS 办结期限,
               CASE WHEN r_state < 0.97 THEN 受理时间 + to_minutes(CAST(
                   CASE WHEN r_dur < 0.93 THEN r_dur / 0.93 * 法定时限 * 7 / 5 * 1440 * 0.9
                        ELSE (法定时限 * 7 / 5 + 1 + (r_dur - 0.93) * 40) * 1440 END AS INTEGER))
               END AS 办结时间,
               CASE WHEN r_state < 0.97 THEN '办结' WHEN r_state < 0.99 THEN '在办' ELSE '退件' END AS 状态,
               r_one < 0.0075 AS 一件事一次办,
               CASE {" ".join(f"WHEN r_cross >= {1 - sum(p for _, p in CROSS[: k + 1]):.6f} THEN '{n}'" for k, (n, _) in enumerate(CROSS))} END AS 通办类型,
               r_mail < 0.05 AS 结果寄达
        FROM timed
        ORDER BY 受理时间
        """
    )
    con.execute(
        f"""
        CREATE TABLE 评价 AS
        SELECT 办件编号, 办结时间 + to_hours(CAST(floor(r_hour * 48) AS INTEGER)) AS 评价时间,
               {_pick(RATINGS, "r_rating")} AS 评价, 渠道
        FROM (SELECT *, random() AS r_rated, random() AS r_hour, random() AS r_rating FROM 办件)
        WHERE 状态 = '办结' AND r_rated < 0.62
        """
    )
    con.execute(
        """
        CREATE TABLE 寄递 AS
        SELECT 办件编号, 办结时间 + to_hours(2) AS 寄出时间,
               办结时间 + to_hours(2) + to_hours(CAST(12 + r_post * 66 AS INTEGER)) AS 签收时间,
               办结时间 + to_hours(2 + 72) AS 承诺送达时间
        FROM (SELECT *, random() AS r_post FROM 办件) WHERE 状态 = '办结' AND 结果寄达
        """
    )
    con.execute(
        f"""
        CREATE TABLE 投诉 AS SELECT * FROM (VALUES
            ('TS{year}001', TIMESTAMP '{year}-03-14 10:20:00', '服务态度', '已办结'),
            ('TS{year}002', TIMESTAMP '{year}-09-02 15:05:00', '办理时限', '已办结')
        ) t(投诉编号, 投诉时间, 类别, 办理结果)
        """
    )
    counts: dict[str, int] = {}
    for table in ("办件", "评价", "寄递", "投诉", "事项"):
        target = out / f"{table}.{fmt}"
        select = f"SELECT * FROM {table}"
        options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
        con.execute(f"COPY ({select}) TO {sql_path(target)} {options}")
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    con.close()
    return counts


SPEC = """\
# 指标口径：由业务数据计算绩效指标的实际完成值（yusuan perf metrics）。
# 数据由 yusuan perf generate 生成（合成数据，结构与政务服务办件系统一致）。
year: {year}
datasets:
  办件: {{path: 办件.{fmt}}}
  评价: {{path: 评价.{fmt}}}
  寄递: {{path: 寄递.{fmt}}}
  投诉: {{path: 投诉.{fmt}}}
  事项: {{path: 事项.{fmt}}}
metrics:
  办件量:
    dataset: 办件
    count: true
    where: {{状态: 办结}}
    period: 办结时间
    unit: 件
    bind: [整体/办件量, 窗口工作人员专项经费/审批件数]
  一件事一次办:
    dataset: 办件
    count: true
    where: {{状态: 办结, 一件事一次办: true}}
    period: 办结时间
    unit: 件
    bind: [整体/“一件事一次办”]
  通办件数:
    dataset: 办件
    count: true
    where: {{状态: 办结, 通办类型: [跨省通办, 川渝通办, 全渝通办]}}
    period: 办结时间
    unit: 件
    bind: [整体/“跨省通办”、“川渝通办”、“全渝通办”]
  及时办结率:
    dataset: 办件
    rate: {{办结时间: {{"<=": {{column: 办结期限}}}}}}
    where: {{状态: 办结}}
    period: 办结时间
    bind: [整体/及时办结率, 窗口工作人员专项经费/及时办结率]
  好评率:
    dataset: 评价
    rate: {{评价: [非常满意, 满意]}}
    period: 评价时间
    bind: [整体/“好差评”好评率]
  服务对象满意度:
    dataset: 评价
    rate: {{评价: [非常满意, 满意, 基本满意]}}
    period: 评价时间
    bind: [整体/服务对象满意度, 窗口工作人员专项经费/服务对象满意度]
  平均办理天数:
    dataset: 办件
    mean: {{days: [受理时间, 办结时间]}}
    where: {{状态: 办结}}
    period: 办结时间
    unit: 天
    bind: [窗口工作人员专项经费/审批周期]
  办理天数P90:
    dataset: 办件
    percentile: {{days: [受理时间, 办结时间], p: 0.9}}
    where: {{状态: 办结}}
    period: 办结时间
    unit: 天
  按时寄达率:
    dataset: 寄递
    rate: {{签收时间: {{"<=": {{column: 承诺送达时间}}}}}}
    period: 寄出时间
  投诉次数:
    dataset: 投诉
    count: true
    period: 投诉时间
    unit: 次/年
    bind: [窗口工作人员专项经费/投诉次数]
  服务事项覆盖度:
    dataset: 事项
    rate: {{已进驻: true}}
    bind: [整体/服务事项覆盖度]
"""


MANUAL = """\
# 业务数据算不出的实际完成值（手工填报）：与 yusuan perf metrics 的结果合并后用于自评。
projects:
  窗口工作人员专项经费:
    spent: 106.32
    indicators:
      请假天数、迟到早退次数等: 4
      业务熟练、办事效率: 达成
department:
  政务服务成效度: 98.6
"""


def write_spec(out: Path, year: int = 2026, fmt: str = "parquet") -> Path:
    """The metrics spec for the generated data (the 口径 of seed 000's indicators), and the
    manual actuals of the indicators no record measures (手工填报.yaml)."""
    path = out / "指标口径.yaml"
    path.write_text(SPEC.format(year=year, fmt=fmt), encoding="utf-8")
    (out / "手工填报.yaml").write_text(MANUAL, encoding="utf-8")
    return path
