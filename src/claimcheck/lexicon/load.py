"""Loading packs: the built-in ones, then the user's (``packs`` in the configuration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimcheck.core.errors import ConfigError
from claimcheck.fs.safe_paths import UnsafePath, read_regular
from claimcheck.model.pack import Cue, Pack, Substance
from claimcheck.parse.yaml_source import YamlProblem, parse_yaml
from claimcheck.text.matcher import PhraseMatcher

DATA_DIR = Path(__file__).parent / "data"
BUILTIN_PACKS = ("core.yaml", "substances.yaml")

Hit = tuple[str, str]
"""What a matched phrase is: ``("cue", <Cue value>)``, ``("substance", <id>)`` (a product
name) or ``("body", <id>)`` (a name of what the body makes)."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The merged packs and the one matcher built from all their phrases and names."""

    packs: tuple[Pack, ...]
    substances: dict[str, Substance]
    matcher: PhraseMatcher[Hit]
    memo: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Texts derived from the packs (e.g. status summaries of substances), built once."""

    def phrases(self, cue: Cue) -> list[str]:
        return [p for pack in self.packs for p in pack.phrases.get(cue, [])]


MAX_PACK_BYTES = 1_000_000
"""A lexicon pack larger than this is refused (a configuration error). The built-in packs hold
a few thousand phrases in under 100 kB; a 6.8 MB pack took 18 s and 1.9 GB to build."""


def read_pack(path: Path) -> Pack:
    """A pack file, validated against the pack schema; a bad pack is a configuration error.
    The model is tried first (the schema is generated from it); the schema's validator, which
    locates the error in the file, is built only for a pack the model refuses (importing
    jsonschema and building it cost 0.15 s of a re-check of one article)."""
    try:
        raw = read_regular(path.parent, path, MAX_PACK_BYTES)
        source = parse_yaml(raw.decode("utf-8"))
    except UnsafePath as exc:
        raise ConfigError(f"{path}: pack {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read pack: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: pack is not UTF-8 text") from None
    except YamlProblem as exc:
        raise ConfigError(f"{path}:{exc.span.line}:{exc.span.column}: {exc.message}") from None
    data: Any = source.data
    try:
        return Pack.model_validate(data)
    except ValidationError as refused:
        from claimcheck.model.schemas import validator  # schemas imports the models of every layer

        errors = sorted(validator("pack").iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        if not errors:
            first_error = refused.errors()[0]
            span = source.locate(tuple(first_error["loc"]))
            raise ConfigError(f"{path}:{span.line}:{span.column}: pack: {first_error['msg']}") from None
        first = errors[0]
        span = source.locate(tuple(first.absolute_path))
        raise ConfigError(f"{path}:{span.line}:{span.column}: pack: {first.message}") from None


def build(packs: tuple[Pack, ...]) -> Lexicon:
    substances: dict[str, Substance] = {}
    for pack in packs:
        for substance in pack.substances:
            substances[substance.id] = substance
    entries: list[tuple[str, Hit]] = []
    for pack in packs:
        for cue, phrases in sorted(pack.phrases.items()):
            entries.extend((phrase, ("cue", cue)) for phrase in phrases)  # the member: a str
    for substance in substances.values():
        entries.extend((name, ("substance", substance.id)) for name in substance.names)
        entries.extend((name, ("body", substance.id)) for name in substance.body_names)
    return Lexicon(packs, substances, PhraseMatcher(entries))


@lru_cache(maxsize=32)
def _lexicon(paths: tuple[Path, ...]) -> Lexicon:
    return build(tuple(read_pack(path) for path in paths))


def lexicon_for(root: Path, user_packs: list[str]) -> Lexicon:
    """The built-in packs followed by the user's, paths relative to the project ``root``."""
    from claimcheck.settings import resolve_inside

    paths = [DATA_DIR / name for name in BUILTIN_PACKS]
    for relative in user_packs:
        path = resolve_inside(root, relative, "packs")
        if not path.is_file():
            raise ConfigError(f"packs: {relative!r} not found under {root}")
        paths.append(path.resolve())
    return _lexicon(tuple(paths))
