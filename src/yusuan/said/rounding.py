"""Rounding amounts for display so that the parts still add up to their totals.

Data kept in 元 (as budget systems export it) is published in 万元 to 0.01. Rounding every
number on its own would leave totals that differ from the sum of their printed parts by a cent or
two (尾差). Here the totals are rounded first and each total is divided among its parts by the
largest-remainder method: the parts are rounded down, and the missing hundredths go to the
parts with the largest remainders (earlier parts first on ties). Every printed total then equals
the sum of its printed parts, and every part is within 0.01 of its exact value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    """Half up to 0.01 (the convention of published budgets)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, parts: Sequence[Decimal]) -> list[Decimal]:
    """Parts rounded to 0.01 that add up to ``total`` (already at 0.01), by largest remainder.

    ``total`` must lie between the sums of the parts rounded down and rounded up, which holds
    when it is the rounded sum of the parts or a part allocated from a higher total.
    """
    floors = [p.quantize(CENT, rounding=ROUND_DOWN) for p in parts]
    missing = int((total - sum(floors, Decimal(0))) / CENT)
    if not 0 <= missing <= len(parts):
        raise ValueError(f"cannot allocate {total} over {list(parts)}")
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return floors


def allocate_tree(
    leaves: dict[str, Decimal],
    parent: Callable[[str], str | None],
    total: Decimal | None = None,
) -> dict[str, Decimal]:
    """Leaves of a hierarchy (e.g. 7-digit 项 codes under 款 and 类) rounded so that every level
    adds up: the root total is rounded, then each node's rounded value is allocated among its
    children. ``parent`` gives a node's parent ('' is the root)."""
    children: dict[str, list[str]] = defaultdict(list)
    exact: dict[str, Decimal] = defaultdict(Decimal)
    for leaf, value in leaves.items():
        node: str | None = leaf
        while node is not None:
            exact[node] += value
            up = parent(node)
            if up is not None and node not in children[up]:
                children[up].append(node)
            node = up
    rounded = {"": round_cents(exact[""]) if total is None else total}
    stack = [""]
    while stack:
        node = stack.pop()
        kids = sorted(children.get(node, []))
        if not kids:
            continue
        for kid, value in zip(kids, allocate(rounded[node], [exact[k] for k in kids]), strict=True):
            rounded[kid] = value
            stack.append(kid)
    return {leaf: rounded[leaf] for leaf in leaves}


def code_parent(code: str) -> str | None:
    """The parent of a classification code: 2010301 → 20103 → 201 → '' (the total)."""
    if code == "":
        return None
    return code[:-2] if len(code) > 3 else ""
