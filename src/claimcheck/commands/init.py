"""``claimcheck init DIR``: scaffold a content repository that passes its own check.

It writes the configuration, the content folders, an example article with its claims and a
``references.bib`` (the rule examples' clean base project: one real, cited reference), a
``.gitignore`` for the cache, and the GitHub Actions workflow of ``examples/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.atomic import write_atomic
from claimcheck.cache import CACHE_DIR
from claimcheck.commands.options import Subparsers
from claimcheck.rules.examples import base_files

NAME = "init"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

CONFIG = """\
# claimcheck configuration: every key is optional (see 'claimcheck schemas', config.schema.json).
[paths]
articles = "content/articles"
claims = "content/claims"
references = "references.bib"

# select = ["CC0", "citation"]      # run only these rules (ids, id prefixes, categories)
# ignore = ["CC005"]                # skip these
# strict = true                     # warnings fail the run too
# [severity]
# CC005 = "error"                   # per-rule severity, or "off"
"""


def scaffold() -> dict[str, str]:
    """Relative path -> text of every file ``init`` writes."""
    workflow = (TEMPLATES / "github-workflow.yml").read_text(encoding="utf-8")
    return {
        "claimcheck.toml": CONFIG,
        ".gitignore": f"{CACHE_DIR}/\nbuild/\n",
        ".github/workflows/claimcheck.yml": workflow,
        **base_files(),
    }


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="create a new content repository in DIR")
    parser.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")


def run(args: argparse.Namespace) -> int:
    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"claimcheck: refused: {target} exists and is not an empty folder", file=sys.stderr)
        return 1
    written = scaffold()
    for relative, text in sorted(written.items()):
        write_atomic(target / relative, text)
    for folder in ("content/articles", "content/claims"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    print(
        f"claimcheck: created {target} ({len(written)} files); run 'claimcheck check --root {target}'",
        file=sys.stderr,
    )
    return 0
