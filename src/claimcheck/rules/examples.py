"""Rule examples: small projects a rule must flag (``fail``) or leave alone (``pass``).

They live in ``rules/examples/<id>.yaml``; the rules documentation shows them and the test
suite runs every one, so the docs cannot claim what the code does not do. Each example
changes a few files of a clean base project (``_base.yaml``); a file set to ``null`` is
deleted. ``expect`` lists ``path:line:col`` of the findings the rule must give, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from claimcheck.rules.base import EXAMPLES_DIR


@dataclass(frozen=True)
class Example:
    rule: str
    outcome: str  # "fail" or "pass"
    name: str
    files: dict[str, str | None]
    expect: tuple[str, ...]
    config: str | None = None

    def project_files(self) -> dict[str, str]:
        files = dict(base_files())
        for path, text in self.files.items():
            if text is None:
                files.pop(path, None)
            else:
                files[path] = text
        if self.config is not None:
            files["claimcheck.toml"] = self.config
        return files

    def write(self, root: Path) -> None:
        for path, text in self.project_files().items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for folder in ("content/articles", "content/claims"):
            (root / folder).mkdir(parents=True, exist_ok=True)


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def base_files() -> dict[str, str]:
    files: dict[str, str] = _load(EXAMPLES_DIR / "_base.yaml")["files"]
    return files


@cache
def examples(rule_id: str) -> tuple[Example, ...]:
    path = EXAMPLES_DIR / f"{rule_id}.yaml"
    if not path.is_file():
        return ()
    data = _load(path)
    found = []
    for outcome in ("fail", "pass"):
        for item in data.get(outcome, []):
            found.append(
                Example(
                    rule=rule_id,
                    outcome=outcome,
                    name=item["name"],
                    files=item.get("files", {}),
                    expect=tuple(item.get("expect", [])),
                    config=item.get("config"),
                )
            )
    return tuple(found)
