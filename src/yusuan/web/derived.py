"""What is computed from a stored package model when it is saved: the check (findings and
their count per severity) and the outline the pages show.

A page view then reads one row instead of decoding the model (141 KB of JSON for a county
office) and running every rule. A row is keyed by the model's SHA-256, the profile and the
build — the yusuan version and a digest of the code the result depends on — so new rules or
a new profile recompute it on the next view.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yusuan import __version__
from yusuan.check import check_package
from yusuan.model import BudgetPackage
from yusuan.model.serialize import from_data, to_data
from yusuan.rules.findings import Finding
from yusuan.rules.profile import Profile, load_profile, regional
from yusuan.web import present
from yusuan.web.db import Derived, Package, Unit, utcnow

# what a stored result depends on besides the model and the profile's name
_INPUTS = (
    "rules",
    "profiles",
    "catalog",
    "model",
    "check.py",
    "calc.py",
    "money.py",
    "yamlfile.py",
    "web/present.py",
)


@cache
def build() -> str:
    """The yusuan version and a digest of the files in ``_INPUTS``."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _INPUTS:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".yaml", ".csv", ".json"):
                digest.update(f.relative_to(root).as_posix().encode())
                digest.update(f.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@cache
def profile(name: str) -> Profile:
    return load_profile(name)


def model(package: Package) -> BudgetPackage:
    """The stored model (``to_data`` JSON) as a :class:`BudgetPackage`."""
    return from_data(BudgetPackage, json.loads(package.model_json))


def _encode(findings: tuple[Finding, ...]) -> str:
    """Findings as JSON; ``text`` names stated/expected values that are text, not amounts."""
    rows = []
    for f in findings:
        row = to_data(f)
        row["text"] = [k for k in ("stated", "expected") if isinstance(getattr(f, k), str)]
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


def _decode(raw: str) -> tuple[Finding, ...]:
    out = []
    for row in json.loads(raw):
        text = row.pop("text", [])
        finding = from_data(Finding, row)
        out.append(replace(finding, **{k: row[k] for k in text}) if text else finding)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Result:
    """A package model's findings (document order), their count per severity, its outline."""

    findings: tuple[Finding, ...]
    summary: dict[str, int]
    outline: present.Outline


@cache
def _profile_key(name: str) -> str:
    """The profile as stored: its name, or for a profile given as a file its digest (so an
    edited file is a new profile, and a long path fits the column)."""
    path = Path(name)
    if name.endswith((".yaml", ".yml")) and path.is_file():
        return "file:" + hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    return name[:64]


def effective(session: Session, package: Package, profile_name: str) -> str:
    """The profile the package is checked with: the configured one, or its unit's region's
    (:func:`yusuan.rules.profile.regional`)."""
    unit = session.get(Unit, package.unit_id)
    return regional(profile_name, unit.name if unit is not None else "")


def _stored(session: Session, package: Package, profile_name: str) -> Derived | None:
    profile_name = effective(session, package, profile_name)
    return session.scalars(
        select(Derived).where(
            Derived.package_id == package.id,
            Derived.model_sha256 == package.model_sha256,
            Derived.profile == _profile_key(profile_name),
            Derived.build == build(),
        )
    ).first()


def record(session: Session, package: Package, profile_name: str) -> Derived:
    """Compute and add the row (or return the one stored); the caller commits."""
    row = _stored(session, package, profile_name)
    if row is not None:
        return row
    profile_name = effective(session, package, profile_name)
    pkg = model(package)
    result = check_package(pkg, profile(profile_name))
    summary = result.summary
    row = Derived(
        package_id=package.id,
        model_sha256=package.model_sha256,
        profile=_profile_key(profile_name),
        build=build(),
        errors=summary["error"],
        warnings=summary["warning"],
        infos=summary["info"],
        findings_json=_encode(result.findings),
        outline_json=json.dumps(to_data(present.outline(pkg)), ensure_ascii=False),
        checked_at=utcnow(),
    )
    session.add(row)
    return row


def derived(session: Session, package: Package, profile_name: str) -> Result:
    """The stored result for the package's current model, computed and stored now if missing
    (a database from before results were stored, another profile, or a new build)."""
    row = _stored(session, package, profile_name)
    if row is None:
        row = record(session, package, profile_name)
        try:
            session.commit()
        except IntegrityError:  # another request stored the same result first
            session.rollback()
    summary = {"error": row.errors, "warning": row.warnings, "info": row.infos}
    outline = from_data(present.Outline, json.loads(row.outline_json))
    return Result(_decode(row.findings_json), summary, outline)


def outline(session: Session, package: Package, profile_name: str) -> present.Outline:
    """The stored outline alone (a comparison needs no findings: decoding them costs more than
    the rest of its page), computed and stored with the check when missing."""
    raw = session.scalar(
        select(Derived.outline_json).where(
            Derived.package_id == package.id,
            Derived.model_sha256 == package.model_sha256,
            Derived.profile == _profile_key(effective(session, package, profile_name)),
            Derived.build == build(),
        )
    )
    if raw is None:
        return derived(session, package, profile_name).outline
    return from_data(present.Outline, json.loads(raw))


def stored_checks(
    session: Session, packages: Sequence[Package], profile_name: str
) -> dict[int, tuple[str, dict[str, int]]]:
    """The stored findings (JSON) and counts per severity of each package whose current model
    has its row, in one query (packages without one are left out)."""
    query = (
        select(Package.id, Unit.name)
        .join(Unit, Unit.id == Package.unit_id)
        .where(Package.id.in_([p.id for p in packages]))
    )
    wanted = {
        (pid, _profile_key(regional(profile_name, name)))
        for pid, name in session.execute(query).all()
    }
    rows = session.execute(
        select(
            Derived.package_id,
            Derived.profile,
            Derived.findings_json,
            Derived.errors,
            Derived.warnings,
            Derived.infos,
        )
        .where(
            Derived.package_id.in_([p.id for p in packages]),
            Derived.profile.in_({key for _, key in wanted}),
            Derived.build == build(),
        )
        .join(
            Package,
            and_(Package.id == Derived.package_id, Package.model_sha256 == Derived.model_sha256),
        )
    ).all()
    return {
        pid: (raw, {"error": e, "warning": w, "info": i})
        for pid, key, raw, e, w, i in rows
        if (pid, key) in wanted
    }
