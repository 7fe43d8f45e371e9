"""Configuration: ``claimcheck.toml`` or ``[tool.claimcheck]`` in the content repository's
``pyproject.toml``, merged with command-line options."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimcheck.errors import ConfigError

SeverityOverride = Literal["error", "warning", "info", "off"]


class Paths(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: str = Field(default="content/articles", description="Folder of article Markdown files.")
    claims: str = Field(default="content/claims", description="Folder of claims YAML files.")
    references: str = Field(default="references.bib", description="The BibTeX library.")
    lock: str = Field(default="references.lock.json", description="Verified reference metadata.")


class Settings(BaseModel):
    """What a run checks and how strictly. Every key is optional."""

    model_config = ConfigDict(extra="forbid", title="claimcheck configuration")

    paths: Paths = Field(default_factory=Paths)
    select: list[str] = Field(
        default_factory=list,
        description="Run only these rules: ids (CC101), id prefixes (CC1) or categories (citation).",
    )
    ignore: list[str] = Field(
        default_factory=list, description="Skip these rules: ids, id prefixes or categories."
    )
    severity: dict[str, SeverityOverride] = Field(
        default_factory=dict, description="Per-rule severity, or 'off' to disable the rule."
    )
    strict: bool = Field(default=False, description="Warnings fail the run too.")
    max_file_size: int = Field(
        default=5_000_000, gt=0, description="Files larger than this many bytes are not parsed."
    )
    options: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Per-rule options, keyed by rule id."
    )
    packs: list[str] = Field(
        default_factory=list,
        description="Lexicon packs (YAML, see schemas/pack.schema.json) added to the built-in ones, "
        "paths relative to the project root.",
    )


CONFIG_FILE = "claimcheck.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def find_config(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The configuration table and the file it came from (``claimcheck.toml`` wins)."""
    own = root / CONFIG_FILE
    if own.is_file():
        return own, _read_toml(own)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("claimcheck")
        if isinstance(table, dict):
            return pyproject, table
        if table is not None:
            raise ConfigError(f"{pyproject}: [tool.claimcheck] must be a table")
    return None, {}


def load_settings(root: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings for ``root``: file configuration, then command-line ``overrides`` on top."""
    source, table = find_config(root)
    data = {**table, **(overrides or {})}
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        origin = source.name if source else "options"
        raise ConfigError(f"{origin}: {where}: {first['msg']}") from None
    for name in ("articles", "claims", "references", "lock"):
        resolve_inside(root, getattr(settings.paths, name), f"paths.{name}")
    return settings


def resolve_inside(root: Path, relative: str, what: str) -> Path:
    """``root / relative``, refusing a path that escapes the root (``..``, absolute, symlink)."""
    candidate = root / relative
    resolved_root = root.resolve()
    resolved = candidate.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise ConfigError(f"{what}: {relative!r} is outside the project root {root}")
    return candidate
