"""``claimcheck init DIR``: scaffold a content repository that passes its own check.

It writes the configuration, the content folders, an example article with its claims and a
``references.bib`` (the rule examples' clean base project: one real, cited reference), a
``.gitignore`` for the cache, and the GitHub Actions workflow of ``examples/``, which installs
``--install`` (default: this version of the distribution from PyPI, :data:`DISTRIBUTION`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck import __version__
from claimcheck.cache import CACHE_DIR
from claimcheck.commands.options import Subparsers
from claimcheck.core.errors import UsageError
from claimcheck.fs.atomic import write_atomic
from claimcheck.rules.examples import base_files

NAME = "init"
TEMPLATES = Path(__file__).resolve().parent / "templates"
DISTRIBUTION = "claimcheck-health"
"""The name claimcheck is published under (``claimcheck`` on PyPI is another project)."""
DEFAULT_INSTALL = f"{DISTRIBUTION}=={__version__}"
INSTALL_MARK = "@INSTALL@"

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


def scaffold(install: str = DEFAULT_INSTALL) -> dict[str, str]:
    """Relative path -> text of every file ``init`` writes; the workflow installs ``install``
    (a pip requirement)."""
    template = (TEMPLATES / "github-workflow.yml").read_text(encoding="utf-8")
    workflow = template.replace(INSTALL_MARK, install)
    return {
        "claimcheck.toml": CONFIG,
        ".gitignore": f"{CACHE_DIR}/\nbuild/\n",
        ".github/workflows/claimcheck.yml": workflow,
        **base_files(),
    }


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="create a new content repository in DIR")
    parser.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    parser.add_argument(
        "--install",
        default=DEFAULT_INSTALL,
        metavar="REQUIREMENT",
        help=f"what the CI workflow installs with pip (default: {DEFAULT_INSTALL}); e.g. "
        "'git+https://<your claimcheck repository>@v0.1.0' before a release is on PyPI",
    )


def run(args: argparse.Namespace) -> int:
    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder: give a new or empty one")
    install = args.install.strip()
    if not install or any(c in install for c in '"\n\r'):
        raise UsageError(f"--install {args.install!r}: give one pip requirement, without quotes")
    written = scaffold(install)
    for relative, text in sorted(written.items()):
        write_atomic(target / relative, text)
    for folder in ("content/articles", "content/claims"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    print(
        f"claimcheck: created {target} ({len(written)} files); run 'claimcheck check' in it",
        file=sys.stderr,
    )
    return 0
