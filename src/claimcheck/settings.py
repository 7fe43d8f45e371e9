"""Configuration: ``claimcheck.toml`` or ``[tool.claimcheck]`` in the content repository's
``pyproject.toml``, merged with command-line options."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimcheck.errors import ConfigError
from claimcheck.model.claims import ClaimKind
from claimcheck.model.reference import Evidence

SeverityOverride = Literal["error", "warning", "info", "off"]


class Paths(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: str = Field(
        default="content/articles",
        description="Folder of article Markdown files (and folders of them, e.g. content/articles/2026).",
    )
    include: list[str] = Field(
        default_factory=lambda: ["*.md"],
        description="Which .md files under the articles folder are articles: .gitignore patterns "
        "relative to it (e.g. '2026/*.md').",
    )
    exclude: list[str] = Field(
        default_factory=lambda: ["README.md"],
        description="Files under the articles folder that are not articles, although included: "
        ".gitignore patterns relative to it (e.g. 'drafts/'). Hidden files and folders are never read.",
    )
    claims: str = Field(default="content/claims", description="Folder of claims YAML files.")
    references: str = Field(default="references.bib", description="The BibTeX library.")
    lock: str = Field(default="references.lock.json", description="Verified reference metadata.")


class VerifySettings(BaseModel):
    """How ``claimcheck refs verify`` talks to Crossref and NCBI E-utilities."""

    model_config = ConfigDict(extra="forbid")

    mailto: str | None = Field(
        default=None,
        description="Contact address sent to Crossref (polite pool) and NCBI (email=); "
        "the CLAIMCHECK_MAILTO environment variable is used when this is not set.",
    )
    tool: str = Field(
        default="claimcheck", description="Tool name sent to NCBI (tool=) and in the User-Agent."
    )
    crossref_url: str = Field(default="https://api.crossref.org", description="Crossref REST API base URL.")
    eutils_url: str = Field(
        default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils", description="NCBI E-utilities base URL."
    )
    timeout: float = Field(default=15.0, gt=0, description="Seconds before a request is given up.")
    retries: int = Field(default=3, ge=0, description="Retries after a 429, a 5xx or a dropped connection.")
    backoff: float = Field(
        default=1.0, ge=0, description="Seconds before the first retry; doubled for each further one."
    )
    requests_per_second: float = Field(
        default=3.0, gt=0, description="Per host; NCBI allows 3 a second without an API key."
    )


class JudgmentSettings(BaseModel):
    """Which learned model judges promotion (CC301-CC306)."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = Field(
        default=None,
        description="A promotion model trained by 'claimcheck learn' (JSON), path relative to the "
        "project root, e.g. '.claimcheck/models/promotes.json'; unset: the model shipped with "
        "claimcheck. A selected model that is missing or unreadable stops the run (exit 2).",
    )


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
    verify: VerifySettings = Field(default_factory=VerifySettings)
    citation_style: str = Field(
        default="american-medical-association",
        description="CSL style of the exported reference list: a style shipped with claimcheck "
        "('american-medical-association', 'vancouver') or a .csl file in the project.",
    )
    evidence_minimum: dict[ClaimKind, list[Evidence]] = Field(
        default_factory=dict,
        description="Per claim kind, the study designs of which a supporting citation must have at "
        "least one (e.g. therapy = ['rct', 'meta-analysis']); an empty list means no minimum. "
        "Kinds not named keep the shipped defaults (therapy and product: rct, systematic-review, "
        "meta-analysis).",
    )
    docs_url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="Where the rules' documentation (docs/rules.md) is published, e.g. "
        "https://example.org/claimcheck/rules.md: SARIF reports link each rule to its section there. "
        "Unset: no link.",
    )
    packs: list[str] = Field(
        default_factory=list,
        description="Lexicon packs (YAML, see schemas/pack.schema.json) added to the built-in ones, "
        "paths relative to the project root.",
    )
    judgment: JudgmentSettings = Field(default_factory=JudgmentSettings)


CONFIG_FILE = "claimcheck.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc.strerror}") from None


def _tool_table(pyproject: Path) -> dict[str, Any] | None:
    """``[tool.claimcheck]`` of a ``pyproject.toml``; ``None`` when it has none."""
    table = _read_toml(pyproject).get("tool", {}).get("claimcheck")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.claimcheck] must be a table")
    return table


def read_config(path: Path) -> dict[str, Any]:
    """The configuration in ``path``: a ``pyproject.toml``'s ``[tool.claimcheck]`` (empty when
    it has none), any other file's whole TOML document."""
    if not path.is_file():
        raise ConfigError(f"configuration file not found: {path}")
    if path.name == "pyproject.toml":
        return _tool_table(path) or {}
    return _read_toml(path)


def find_config(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The configuration table and the file it came from (``claimcheck.toml`` wins)."""
    own = root / CONFIG_FILE
    if own.is_file():
        return own, _read_toml(own)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _tool_table(pyproject)
        if table is not None:
            return pyproject, table
    return None, {}


def has_config(folder: Path) -> bool:
    """Whether ``folder`` holds a claimcheck configuration (what marks a project's root)."""
    if (folder / CONFIG_FILE).is_file():
        return True
    pyproject = folder / "pyproject.toml"
    return pyproject.is_file() and _tool_table(pyproject) is not None


def discover_root(start: Path) -> Path | None:
    """The project root for a run started in ``start``: the nearest folder, ``start`` or one
    above it, with a configuration (``claimcheck.toml``, or ``pyproject.toml`` with
    ``[tool.claimcheck]``), as ruff and Vale look for theirs; failing that, the nearest with
    the default articles folder (a project without configuration). ``None``: neither."""
    folders = [start, *start.parents]
    for folder in folders:
        if has_config(folder):
            return folder
    default = Paths().articles
    return next((folder for folder in folders if (folder / default).is_dir()), None)


def load_settings(
    root: Path, overrides: dict[str, Any] | None = None, config: Path | None = None
) -> Settings:
    """Settings for ``root``: file configuration (``config``, or the one found at ``root``),
    then command-line ``overrides`` on top."""
    source, table = (config, read_config(config)) if config is not None else find_config(root)
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
    if settings.judgment.model is not None:
        resolve_inside(root, settings.judgment.model, "judgment.model")
    return settings


def resolve_inside(root: Path, relative: str, what: str) -> Path:
    """``root / relative``, refusing a path that escapes the root (``..``, absolute, symlink)."""
    candidate = root / relative
    resolved_root = root.resolve()
    resolved = candidate.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise ConfigError(f"{what}: {relative!r} is outside the project root {root}")
    return candidate
