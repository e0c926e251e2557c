"""yusuan (预算): read, check and publish Chinese government department budgets."""

from __future__ import annotations

__version__ = "0.1.0"
