"""The Typer application: every command and option of ``yusuan``, in the order ``--help``
lists them, each declared in its group's module; one error boundary around them all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from yusuan import __version__
from yusuan.cli import corpus, documents, perf, publishing, rules
from yusuan.cli.boundary import guarded

if TYPE_CHECKING:
    from typer._click import Context


class _Guarded(TyperGroup):
    """The root group: a command's exit code, or what it raised (:func:`guarded`), becomes the
    exit code of the run; subcommands (``perf …``) run inside it too."""

    def invoke(self, ctx: Context) -> Any:
        code = guarded(lambda: super(_Guarded, self).invoke(ctx))
        if code:
            raise typer.Exit(code)
        return code


app = typer.Typer(
    cls=_Guarded,
    add_completion=False,
    no_args_is_help=True,
    help="yusuan（预算）：读取、审核、生成部门预算公开文件，管理绩效目标。",
    rich_markup_mode=None,
)
app.command()(documents.check)
app.command()(documents.show)
app.command()(documents.export)
app.command()(publishing.publish)
app.command()(publishing.template)
app.command("rules")(rules.list_rules)

perf_app = typer.Typer(
    no_args_is_help=True,
    help="绩效管理：目标审核与冻结、执行监控、自评打分、由业务数据计算完成值、指标库。",
    rich_markup_mode=None,
)
for command in (
    perf.evaluate,
    perf.check,
    perf.freeze,
    perf.adjust,
    perf.generate,
    perf.metrics,
    perf.library,
    perf.monitor,
):
    perf_app.command()(command)
app.add_typer(perf_app, name="perf")

corpus_app = typer.Typer(
    no_args_is_help=True, help="语料分析：审核结果的统计。", rich_markup_mode=None
)
corpus_app.command("stats")(corpus.stats)
app.add_typer(corpus_app, name="corpus")


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="显示版本")] = False,
) -> None:
    if version:
        typer.echo(f"yusuan {__version__}")
        raise typer.Exit(0)
