"""Docs generated from code must not drift: docs/rules.md equals the registry's rendering."""

from __future__ import annotations

from tests.conftest import ROOT
from yusuan.docs import rules_markdown
from yusuan.rules.builtin import all_rules
from yusuan.rules.registry import CATEGORIES


def test_rules_reference_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `make docs`"
    )


def test_every_rule_has_metadata() -> None:
    for r in all_rules():
        assert r.id and r.title and r.doc and r.source, r.id
        assert r.category in CATEGORIES
