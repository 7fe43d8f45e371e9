"""The models shipped in the package (``claimcheck/scoring/models/<name>.json``), loaded once
per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from claimcheck.scoring.model import LinearModel

MODELS_DIR = Path(__file__).resolve().parent / "models"


def model_path(name: str) -> Path:
    return MODELS_DIR / f"{name}.json"


@cache
def load(name: str) -> LinearModel:
    """The shipped model ``name`` (read once per process); :class:`ModelFileError` if it is
    missing or unreadable."""
    return LinearModel.load(model_path(name))


def available() -> list[str]:
    """Names of the shipped models."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.json"))
