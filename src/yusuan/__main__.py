"""Allow ``python -m yusuan``."""

from yusuan.cli import main

main()
