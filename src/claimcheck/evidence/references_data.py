"""BibLaTeX's mandatory fields per entry type (``data/biblatex_required.yaml``), validated."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

DATA = Path(__file__).parent / "data" / "biblatex_required.yaml"


class TypeAlias(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    sets: list[str] = Field(default_factory=list, description="Fields the alias implies.")


class RequiredFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    date_types: list[str]
    types: dict[str, list[list[str]]]
    type_aliases: dict[str, TypeAlias]
    field_aliases: dict[str, str]

    def missing(self, entry_type: str, present: set[str]) -> tuple[str, list[str]]:
        """The data-model type of ``entry_type`` and its mandatory fields absent from ``present``
        (an alternative is written 'author or editor'). Unknown types require nothing."""
        alias = self.type_aliases.get(entry_type)
        model_type = alias.type if alias else entry_type
        have = {self.field_aliases.get(name, name) for name in present}
        if alias:
            have.update(alias.sets)
        groups = list(self.types.get(model_type, []))
        if model_type in self.date_types:
            groups.append(["year", "date"])
        absent = [" or ".join(group) for group in groups if not have.intersection(group)]
        return model_type, absent


@cache
def required_fields() -> RequiredFields:
    with DATA.open(encoding="utf-8") as handle:
        return RequiredFields.model_validate(yaml.safe_load(handle))
