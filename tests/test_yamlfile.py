"""yusuan's own YAML: parsed by libyaml (same data as PyYAML's pure-Python loader), a bundled
profile or layout once a process and handed out afresh; a user's file read each time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from yusuan import layouts, yamlfile
from yusuan.rules.profile import load_profile

SRC = Path(__file__).resolve().parent.parent / "src" / "yusuan"
BUNDLED = sorted(SRC.rglob("*.yaml"))


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert yamlfile.loader() is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert len(BUNDLED) >= 9  # profiles, layouts, vocabulary, self-evaluation words, schemes …


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(SRC).as_posix())
def test_bundled_yaml_parses_as_the_pure_python_loader_parses_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamlfile.load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_a_bundled_file_is_parsed_once_and_handed_out_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    parse = yamlfile.parse_mapping

    def counted(text: str, *args: object, **kwargs: object) -> dict[str, object]:
        parsed.append(text)
        return parse(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlfile, "_BUNDLED", {})
    monkeypatch.setattr(yamlfile, "parse_mapping", counted)
    first = layouts.layout_data("shanghai-2026-unit")  # extends shanghai-2026
    assert len(parsed) == 2
    first["tables"].clear()  # a caller changing what it was given …
    for name in layouts.bundled_layouts():
        layouts.layout_data(name)  # every layout
    again = layouts.layout_data("shanghai-2026-unit")
    assert len(parsed) == 3  # … each of the three layouts parsed once
    assert again["tables"] and again == layouts.layout_data("shanghai-2026-unit")
    assert load_profile("chongqing-2026") == load_profile("chongqing-2026")


def test_a_users_file_is_read_each_time(tmp_path: Path) -> None:
    path = tmp_path / "我的配置.yaml"
    path.write_text("extends: default\nname: 试用\n", encoding="utf-8")
    assert load_profile(str(path)).name == "试用"
    path.write_text("extends: default\nname: 改后\n", encoding="utf-8")
    assert load_profile(str(path)).name == "改后"


def test_checking_parses_no_yaml_with_the_pure_python_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scoring schemes and the indicator definitions too (the schemes' pure-Python parse
    was 8 ms of every ``yusuan check``)."""
    from yusuan import schemes
    from yusuan.perf.library import definitions

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("PyYAML's pure-Python loader used")

    monkeypatch.setattr(yaml, "safe_load", refused)
    monkeypatch.setattr(yaml.SafeLoader, "get_single_data", refused)
    schemes.schemes.cache_clear()
    try:
        assert schemes.names() and definitions()
        load_profile("chongqing-2026")
    finally:
        schemes.schemes.cache_clear()


def test_bundled_files_are_found_where_importlib_resources_finds_them() -> None:
    from importlib import resources

    from yusuan import bundled

    for package in ("yusuan", "yusuan.lang", "yusuan.catalog"):
        assert bundled.files(package) == resources.files(package)
    assert bundled.files().joinpath("profiles", "default.yaml").is_file()
