"""The configuration's contract: ``claimcheck.toml`` or ``[tool.claimcheck]`` as pydantic models
(``schemas/config.schema.json`` is generated from :class:`Settings`). Where the configuration is
found and read: :mod:`claimcheck.settings`."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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


TABLE_CELLS_DEFAULT = 20_000
"""Table cells of one article checked unless configured (``max_table_cells``)."""
TABLE_CELLS_MAXIMUM = 100_000
"""The most ``max_table_cells`` can be configured to (docs/robustness.md)."""


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
    max_table_cells: int = Field(
        default=TABLE_CELLS_DEFAULT,
        gt=0,
        le=TABLE_CELLS_MAXIMUM,
        description="Table cells of one article that are checked, counted as rows times columns "
        "from its first table down; a table past them is reported (CC009) and not checked (at "
        f"most {TABLE_CELLS_MAXIMUM:,}: about 0.9 s and 50 MB; a table of 1.6 million cells took "
        "13 s and 1.3 GB).",
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
