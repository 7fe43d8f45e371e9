"""Configuration: ``claimcheck.toml`` or ``[tool.claimcheck]`` in the content repository's
``pyproject.toml``, merged with command-line options. The settings' models are the contract in
:mod:`claimcheck.model.config`, named here too for every reader of the settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimcheck.core.errors import ConfigError
from claimcheck.fs.limits import MAX_CONFIG_BYTES, DataLimitError, load_toml
from claimcheck.fs.safe_paths import UnsafePath, read_regular
from claimcheck.model.config import (
    MAX_BACKOFF,
    MAX_REQUEST_DEADLINE,
    MAX_RETRIES,
    MAX_RUN_DEADLINE,
    MAX_TIMEOUT,
    JudgmentSettings,
    Paths,
    Settings,
    SeverityOverride,
    VerifySettings,
)

__all__ = [
    "CONFIG_FILE",
    "MAX_BACKOFF",
    "MAX_REQUEST_DEADLINE",
    "MAX_RETRIES",
    "MAX_RUN_DEADLINE",
    "MAX_TIMEOUT",
    "JudgmentSettings",
    "Paths",
    "Settings",
    "SeverityOverride",
    "VerifySettings",
    "discover_root",
    "find_config",
    "has_config",
    "load_settings",
    "read_config",
    "resolve_inside",
]

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
