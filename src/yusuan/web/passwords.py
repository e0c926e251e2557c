"""The password policy: long enough, not a common password (a small list shipped with the
package, ``common_passwords.txt``), not the username. Every message is Chinese."""

from __future__ import annotations

from functools import cache
from importlib import resources

from yusuan.web.errors import BadRequest

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    text = (resources.files("yusuan.web") / "common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_password(password: str, username: str = "") -> None:
    """:class:`BadRequest` with the reason a password may not be used."""
    if len(password) < MIN_LENGTH:
        raise BadRequest(f"密码至少 {MIN_LENGTH} 位。")
    if len(password) > MAX_LENGTH:
        raise BadRequest(f"密码过长（最多 {MAX_LENGTH} 位）。")
    folded = password.casefold()
    if folded in common_passwords():
        raise BadRequest("该密码过于常见，很容易被猜中，请换一个（可用几个词加数字组合）。")
    if len(set(folded)) < 4:
        raise BadRequest("密码过于简单（不同的字符少于 4 个），请换一个。")
    name = username.strip().casefold()
    if len(name) >= 3 and name in folded:
        raise BadRequest("密码不能包含用户名。")
