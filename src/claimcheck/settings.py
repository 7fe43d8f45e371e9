"""Configuration: ``claimcheck.toml`` or ``[tool.claimcheck]`` in the content repository's
``pyproject.toml``, merged with command-line options."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from claimcheck.core.errors import ConfigError
from claimcheck.fs.limits import MAX_CONFIG_BYTES, DataLimitError, load_toml
from claimcheck.fs.safe_paths import UnsafePath, read_regular
from claimcheck.model.claims import ClaimKind
from claimcheck.model.reference import Evidence

SeverityOverride = Literal["error", "warning", "info", "off"]

MAX_TIMEOUT = 60.0
MAX_REQUEST_DEADLINE = 300.0
MAX_RUN_DEADLINE = 7200.0
MAX_RETRIES = 5
MAX_BACKOFF = 30.0
"""The documented maximums of ``[verify]`` (docs/security.md): a configuration from a pull request
cannot make ``refs verify`` wait longer."""


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
    crossref_url: str = Field(
        default="https://api.crossref.org",
        description="Crossref REST API base URL. A configuration file may only name Crossref's own "
        "host (https); a mirror is set by the CLAIMCHECK_CROSSREF_URL environment variable.",
    )
    eutils_url: str = Field(
        default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
        description="NCBI E-utilities base URL; as crossref_url (CLAIMCHECK_EUTILS_URL for a mirror).",
    )
    timeout: float = Field(
        default=15.0, gt=0, le=MAX_TIMEOUT, allow_inf_nan=False, description="Seconds a read may wait."
    )
    request_deadline: float = Field(
        default=60.0,
        gt=0,
        le=MAX_REQUEST_DEADLINE,
        allow_inf_nan=False,
        description="Seconds one lookup may take in all (retries and waits included); past it the "
        "entry is reported as not verified.",
    )
    run_deadline: float = Field(
        default=1800.0,
        gt=0,
        le=MAX_RUN_DEADLINE,
        allow_inf_nan=False,
        description="Seconds a whole 'refs verify' may take; entries not reached by then are reported.",
    )
    retries: int = Field(
        default=3, ge=0, le=MAX_RETRIES, description="Retries after a 429, a 5xx or a dropped connection."
    )
    backoff: float = Field(
        default=1.0,
        ge=0,
        le=MAX_BACKOFF,
        allow_inf_nan=False,
        description="Seconds before the first retry; doubled for each further one (each wait at most 30).",
    )
    requests_per_second: float = Field(
        default=3.0,
        ge=0.1,
        allow_inf_nan=False,
        description="Per host; NCBI allows 3 a second without an API key.",
    )

    @field_validator("crossref_url", "eutils_url")
    @classmethod
    def _official_host(cls, value: str, info: ValidationInfo) -> str:
        if info.context and info.context.get("trusted"):
            return value
        default = cls.model_fields[info.field_name or ""].default
        wanted = urlsplit(default)
        given = urlsplit(value)
        if (given.scheme, given.hostname, given.port) != (wanted.scheme, wanted.hostname, None):
            raise ValueError(
                f"the configuration may only name {wanted.scheme}://{wanted.hostname}; set a mirror in "
                "the CLAIMCHECK_CROSSREF_URL / CLAIMCHECK_EUTILS_URL environment variable of your CI"
            )
        return value


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
        default=5_000_000,
        gt=0,
        le=10_000_000,
        description="Files larger than this many bytes are not parsed (at most 10,000,000: the "
        "largest input claimcheck is measured to check in seconds, benchmarks/hostile_inputs.py).",
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


def _read_toml(root: Path | None, path: Path) -> dict[str, Any]:
    """The TOML document in ``path``, a regular file inside ``root`` (after links); ``root`` None:
    a path the command line named (``--config``), which may be a link to anywhere."""
    anchor = root if root is not None else Path(os.path.realpath(path)).parent
    try:
        data = read_regular(anchor, path, MAX_CONFIG_BYTES)
    except UnsafePath as exc:
        raise ConfigError(f"{path.name}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    try:
        return load_toml(data)
    except DataLimitError as exc:
        raise ConfigError(f"{path.name}: {exc.message}") from None


def _tool_table(pyproject: Path, root: Path | None = None) -> dict[str, Any] | None:
    """``[tool.claimcheck]`` of a ``pyproject.toml``; ``None`` when it has none."""
    tool = _read_toml(root, pyproject).get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject.name}: 'tool' must be a table")
    table = tool.get("claimcheck")
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
    return _read_toml(None, path)


def find_config(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The configuration table and the file it came from (``claimcheck.toml`` wins). A
    configuration that is a link leaving the root, a folder or another special file is an error,
    never silently passed over."""
    own = root / CONFIG_FILE
    if os.path.lexists(own):
        return own, _read_toml(root, own)
    pyproject = root / "pyproject.toml"
    if os.path.lexists(pyproject):
        table = _tool_table(pyproject, root)
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
    if len(relative) > 1024 or any(len(os.fsencode(part)) > 255 for part in Path(relative).parts):
        raise ConfigError(f"{what}: {relative[:80]!r}... is too long for a path")
    try:
        resolved_root = root.resolve()
        resolved = candidate.resolve()
    except (OSError, RuntimeError) as exc:  # a name too long, a link loop
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(f"{what}: {relative[:80]!r} cannot be used: {reason}") from None
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise ConfigError(f"{what}: {relative!r} is outside the project root {root}")
    return candidate
