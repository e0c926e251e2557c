"""Largest-remainder rounding: printed parts add up to printed totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.said.rounding import allocate, allocate_tree, code_parent, round_cents

D = Decimal


def test_three_thirds_add_up() -> None:
    # 1 元 each = 0.0001 万元 ... three parts of 0.3333…: rounded alone they print 0.33 × 3 = 0.99
    parts = [D("0.333333"), D("0.333333"), D("0.333334")]
    assert round_cents(sum(parts, D(0))) == D("1.00")
    assert allocate(D("1.00"), parts) == [D("0.33"), D("0.33"), D("0.34")]


def test_ties_go_to_the_earlier_part() -> None:
    assert allocate(D("0.03"), [D("0.015"), D("0.015")]) == [D("0.02"), D("0.01")]


def test_a_total_outside_the_possible_range_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot allocate"):
        allocate(D("5.00"), [D("1.001"), D("1.001")])


def test_hierarchy_of_codes_adds_up_at_every_level() -> None:
    # in 万元 from 元: 2010301 12,345.67 元, 2010302 5,432.16 元, 2080505 7,777.77 元
    leaves = {"2010301": D("1.234567"), "2010302": D("0.543216"), "2080505": D("0.777777")}
    rounded = allocate_tree(leaves, code_parent)
    # 合计 2.555560 → 2.56 = 201 + 208: floors 1.77 + 0.77, both remainders take a cent → 1.78,
    # 0.78; 20103 = 1.78 over 1.234567 and 0.543216: floors 1.23 + 0.54, the larger remainder
    # (0.004567) takes the cent → 1.24 (printed alone it would be 1.23, and 1.23 + 0.54 ≠ 1.78)
    assert rounded == {"2010301": D("1.24"), "2010302": D("0.54"), "2080505": D("0.78")}
    assert sum(rounded.values(), D(0)) == D("2.56")
    assert rounded["2010301"] + rounded["2010302"] == round_cents(D("1.777783"))


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40))
def test_any_amounts_in_yuan_add_up_in_wan(cents: list[int]) -> None:
    """Amounts in 元 with cents, converted to 万元: parts sum to the rounded total, each within
    0.01 of its exact value."""
    wan = [D(c) / D(1_000_000) for c in cents]
    total = round_cents(sum(wan, D(0)))
    out = allocate(total, wan)
    assert sum(out, D(0)) == total
    assert all(abs(o - w) < D("0.01") for o, w in zip(out, wan, strict=True))
