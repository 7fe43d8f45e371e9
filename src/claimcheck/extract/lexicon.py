"""The extraction lexicon (``extract/data/lexicon.yaml``): validated, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


def _check_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid pattern {pattern!r}: {exc}") from None
    return patterns


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sections(_Strict):
    references: list[str]
    skip: list[str]


class Substance(_Strict):
    name: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    class_: str | None = Field(default=None, alias="class")

    _valid = field_validator("patterns")(_check_patterns)


class LexiconData(_Strict):
    sections: Sections
    boilerplate: list[str]
    reference_entry: str
    substances: list[Substance]

    _valid = field_validator("boilerplate")(_check_patterns)


def _words(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![\w-])(?:{p})(?![\w])" for p in patterns), flags)


@dataclass(frozen=True)
class CompiledSubstance:
    name: str
    klass: str | None
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Lexicon:
    data: LexiconData
    references_section: re.Pattern[str]
    skip_section: re.Pattern[str]
    boilerplate: re.Pattern[str]
    reference_entry: re.Pattern[str]
    substances: tuple[CompiledSubstance, ...]


def _substance_pattern(pattern: str) -> re.Pattern[str]:
    flags = 0 if pattern[:1].isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", flags)


def compile_lexicon(data: LexiconData) -> Lexicon:
    def heading(patterns: list[str]) -> re.Pattern[str]:
        return re.compile(rf"^\W*(?:{'|'.join(patterns)})\W*$", re.IGNORECASE)

    return Lexicon(
        data=data,
        references_section=heading(data.sections.references),
        skip_section=heading(data.sections.skip),
        boilerplate=_words(data.boilerplate),
        reference_entry=re.compile(data.reference_entry),
        substances=tuple(
            CompiledSubstance(s.name, s.class_, tuple(_substance_pattern(p) for p in s.patterns))
            for s in data.substances
        ),
    )


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon; an invalid file is a bug of the package (raises)."""
    text = resources.files("claimcheck.extract").joinpath("data/lexicon.yaml").read_text("utf-8")
    try:
        return compile_lexicon(LexiconData.model_validate(yaml.safe_load(text)))
    except ValidationError as exc:
        raise RuntimeError(f"extract/data/lexicon.yaml is invalid: {exc}") from None
