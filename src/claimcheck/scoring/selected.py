"""The promotion model a run uses: the one ``[judgment] model`` selects (a file that
``claimcheck learn`` wrote in the content repository), or the shipped one.

A selected model that is missing or unreadable is a configuration error (one line, exit 2),
found before any article is read; a model file is read once per process and content (its
path, size and modification time).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.core.errors import ConfigError
from claimcheck.settings import Settings, resolve_inside

if TYPE_CHECKING:  # the models need numpy: imported when a selected model is read
    from claimcheck.scoring.model import LinearModel

DEFAULT_PATH = ".claimcheck/models/promotes.json"
"""Where ``claimcheck learn`` writes the model, relative to the content repository."""

LABEL = "promotes"


def selected_path(root: Path, settings: Settings) -> Path | None:
    """The selected model file, or None for the shipped model."""
    chosen = settings.judgment.model
    return None if chosen is None else resolve_inside(root, chosen, "judgment.model")


@cache
def _read(path: Path, size: int, mtime_ns: int) -> LinearModel:
    from claimcheck.scoring.model import LinearModel

    return LinearModel.load(path)


def read_model(path: Path, shown: str) -> LinearModel:
    """The model at ``path`` (``shown`` names it in errors); a configuration error when it is
    missing, unreadable, or not a promotion model."""
    from claimcheck.scoring.model import ModelFileError
    from claimcheck.scoring.shipped import load

    try:
        stat = path.stat()
    except OSError:
        raise ConfigError(f"judgment.model: {shown} not found (train one with 'claimcheck learn')") from None
    try:
        model = _read(path.resolve(), stat.st_size, stat.st_mtime_ns)
    except ModelFileError as exc:
        raise ConfigError(
            f"judgment.model: {shown}: {str(exc).removeprefix(str(path.resolve()) + ': ')}"
        ) from None
    if model.label != LABEL or not model.binary:
        raise ConfigError(f"judgment.model: {shown} is a {model.label!r} model, not a {LABEL!r} model")
    shipped = load(LABEL)
    if model.featurizer != shipped.featurizer or (model.idf is None) != (shipped.idf is None):
        raise ConfigError(
            f"judgment.model: {shown} reads other features than this claimcheck's models: "
            "train it again with 'claimcheck learn'"
        )
    return model


def promotion_model(root: Path, settings: Settings) -> LinearModel | None:
    """The selected promotion model, or None when the shipped one is to be used."""
    path = selected_path(root, settings)
    if path is None:
        return None
    return read_model(path, settings.judgment.model or str(path))
