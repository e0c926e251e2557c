"""Allow ``python -m yusuan``."""

from yusuan.cli import console

console()
