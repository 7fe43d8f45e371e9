"""The models shipped in the package (``claimcheck/scoring/models/<name>.json``) and their
stacks (``<stack>.stack``), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from claimcheck.scoring.model import LinearModel, ModelFileError
from claimcheck.scoring.stack import Stack, file_sha256

MODELS_DIR = Path(__file__).resolve().parent / "models"


def model_path(name: str) -> Path:
    return MODELS_DIR / f"{name}.json"


def stack_path(name: str) -> Path:
    return MODELS_DIR / f"{name}.stack"


@cache
def load(name: str) -> LinearModel:
    """The shipped model ``name`` (read once per process); :class:`ModelFileError` if it is
    missing or unreadable."""
    return LinearModel.load(model_path(name))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ModelFileError(f"{path}: cannot read ({error.strerror})") from None


@cache
def load_stack(name: str, models: tuple[str, ...]) -> Stack:
    """The shipped stack ``name`` of ``models`` (read once per process): its file when it was
    built from the model files shipped now, else built from them (slower)."""
    sources = {model: file_sha256(_read(model_path(model))) for model in models}
    path = stack_path(name)
    if path.exists():
        stack = Stack.loads(_read(path), str(path))
        if stack.names == models and stack.sources == sources:
            return stack
    return Stack.of([load(model) for model in models], sources)


def available() -> list[str]:
    """Names of the shipped models."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.json"))
