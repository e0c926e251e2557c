"""The unit amounts are shown in (元 or 万元): one per page, chosen with ``?unit=元`` or
``?unit=万元`` and remembered in the session; 万元 when nothing was chosen.

Conversions are exact (:class:`~decimal.Decimal`, ×10,000 or ÷10,000); only the display rounds
to two decimals (half-up, :func:`yusuan.money.quantize`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from yusuan.money import Unit

DEFAULT = Unit.WAN
SESSION_KEY = "unit"
UNITS = {u.value: u for u in Unit}


def money_unit(unit: Unit | str | None) -> Unit | None:
    """The money unit a label names (``万元``, ``元``), or None (a count, %, 分, no unit)."""
    if isinstance(unit, Unit):
        return unit
    return UNITS.get(unit) if unit else None


def chosen(request: Request | None) -> Unit:
    """The page's unit: the query's ``unit`` (remembered in the session), else the one the
    session remembers, else 万元. An unknown value is ignored."""
    if request is None:
        return DEFAULT
    asked = UNITS.get(request.query_params.get("unit", ""))
    session = request.scope.get("session")
    if asked is not None:
        if session is not None:
            session[SESSION_KEY] = asked.value
        return asked
    if session is not None:
        return UNITS.get(session.get(SESSION_KEY, ""), DEFAULT)
    return DEFAULT


def switch_url(request: Request, unit: Unit) -> str:
    """The page's address showing amounts in ``unit`` (the rest of its query kept)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "unit"]
    return f"{request.url.path}?{urlencode([*query, ('unit', unit.value)])}"
