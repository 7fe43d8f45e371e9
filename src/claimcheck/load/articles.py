"""Articles: ``content/articles/<id>.md``, YAML front matter then the Markdown body."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from claimcheck.core.location import Span
from claimcheck.load.files import read, relative
from claimcheck.load.project import ArticleRecord, Problem
from claimcheck.load.validate import quick_model, validate
from claimcheck.model import ArticleFrontMatter
from claimcheck.model.config import TABLE_CELLS_DEFAULT
from claimcheck.parse.source_text import TextProblem
from claimcheck.parse.yaml_source import YamlProblem, parse_yaml

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
SYNTAX, SCHEMA = "CC002", "CC001"


def load_article(
    root: Path, path: Path, max_bytes: int, max_table_cells: int = TABLE_CELLS_DEFAULT
) -> tuple[ArticleRecord, list[Problem]]:
    rel, stem = relative(root, path), path.stem
    text = read(root, path, max_bytes)
    if isinstance(text, TextProblem):
        problem = Problem(SYNTAX, rel, text.span, text.message, text.hint, article=stem)
        return ArticleRecord(stem, rel, "", 0), [problem]
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        problem = Problem(
            SYNTAX,
            rel,
            Span.point(1),
            "missing front matter: the file must start with a '---' line",
            "begin the file with '---', the YAML front matter (id, title), and '---'",
            article=stem,
        )
        return ArticleRecord(stem, rel, text, 0), [problem]
    close = _FENCE.search(text, 4)
    if close is None:
        problem = Problem(
            SYNTAX,
            rel,
            Span.point(1),
            "unterminated front matter: no closing '---' line",
            "end the front matter with a line of '---'",
            article=stem,
        )
        return ArticleRecord(stem, rel, text, len(text)), [problem]
    body_start = min(close.end() + 1, len(text))
    record = ArticleRecord(stem, rel, text, body_start, max_table_cells=max_table_cells)
    try:
        source = parse_yaml(text[4 : close.start()], line_offset=1)
    except YamlProblem as exc:
        return record, [Problem(SYNTAX, rel, exc.span, exc.message, exc.hint, article=stem)]
    record.front = source
    data = {} if source.data is None else source.data
    record.meta = quick_model(ArticleFrontMatter, data)
    if record.meta is not None:
        return record, []
    problems = [
        Problem(SCHEMA, rel, e.span, f"front matter: {e.message}", e.hint, article=stem)
        for e in validate("article", data, source)
    ]
    if not problems:
        try:
            record.meta = ArticleFrontMatter.model_validate(data)
        except ValidationError as exc:  # the schema and the model disagree: still a finding
            problems.append(Problem(SCHEMA, rel, source.locate(), str(exc.errors()[0]["msg"])))
    return record, problems
