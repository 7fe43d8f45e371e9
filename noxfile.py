"""Tasks. ``nox -s check export`` runs the main job on the shipped content; ``nox -s tests`` the suite."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
LOCK_RUN = "requirements/run.txt"
LOCK_TESTS = "requirements/tests.txt"
UV_COMPILE = ("uv", "pip", "compile", "--universal", "--python-version", PYTHON, "--generate-hashes", "-q")


def install_locked(session: nox.Session, lock: str, *, editable: bool) -> None:
    """The exact versions of ``lock`` (hashes checked), then this package without touching them.

    The build backend (hatchling) is in the lock too, so nothing is resolved at install time:
    a dependency's new release cannot change what a fresh machine gets.
    """
    session.install("--require-hashes", "-r", lock)
    target = ("-e", ".") if editable else (".",)
    session.install("--no-deps", "--no-build-isolation", *target)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite, offline (lint and type checks included as tests)."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.run("ruff", "check", "src", "tests", "scripts", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "scripts", "benchmarks", "noxfile.py")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.run("mypy")


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Check the shipped content: the report in the terminal and in build/report.json.

    The shipped seed articles are real-world content with real problems, so findings (exit
    code 1) are the expected result here; only a tool error (exit code 2) fails the session.
    """
    install_locked(session, LOCK_RUN, editable=False)
    session.run(
        "claimcheck", "check", "--format", "json", "--output", "build/report.json", success_codes=[0, 1]
    )
    session.run("claimcheck", "check", success_codes=[0, 1])


@nox.session(python=PYTHON)
def export(session: nox.Session) -> None:
    """Export the vetted bundle of the shipped content into build/."""
    install_locked(session, LOCK_RUN, editable=False)
    session.run("claimcheck", "export", "--out", "build")


@nox.session(python=PYTHON)
def schemas(session: nox.Session) -> None:
    """Regenerate schemas/ from the pydantic models, and docs/rules.md from the rules."""
    install_locked(session, LOCK_RUN, editable=True)
    session.run("claimcheck", "schemas", "--out", "schemas")
    with open("docs/rules.md", "w", encoding="utf-8") as handle:
        session.run("claimcheck", "rules", "--format", "markdown", stdout=handle)


@nox.session(python=PYTHON)
def train(session: nox.Session) -> None:
    """Train every registered sentence scorer (claimcheck.scoring.registry) on the train split
    of data/labels, thresholds on dev, into src/claimcheck/scoring/models/ (byte-identical
    when run twice on the same rows). scikit-learn comes from the test lock (the [train]
    extra's packages are in [test] too, so the suite can check training)."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.run("python", "-m", "claimcheck.scoring.train", *session.posargs)


@nox.session(python=PYTHON)
def evaluate(session: nox.Session) -> None:
    """The shipped scorers' precision, recall and F1 per label on the frozen test split of
    data/labels (and, for promotion, soft recall and false alarms on neutral sentences that
    name a regulated substance)."""
    install_locked(session, LOCK_RUN, editable=True)
    session.run("python", "-m", "claimcheck.scoring.evaluate", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Long property-based fuzzing of every loader (10,000 inputs each unless told otherwise),
    every regular expression against attack strings of 100,000 characters, and LaTeX decoded
    atom by atom against whole (10,000 generated values)."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.env.setdefault("CLAIMCHECK_FUZZ_EXAMPLES", "10000")
    session.env.setdefault("CLAIMCHECK_REDOS_LENGTH", "100000")
    session.run(
        "pytest",
        "-q",
        "-s",
        "-p",
        "no:cacheprovider",
        "tests/fuzz",
        "tests/test_redos.py",
        "tests/load/test_latex_atoms.py",
        "tests/test_linear_rewrites.py",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def crash(session: nox.Session) -> None:
    """100 SIGKILL trials during writes, and 100 for each writing command (review set, extract
    --write, export, refs verify); prints how many files were torn or lost, and how many
    exports left bundle.json and bundle.md of different runs."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.env.setdefault("CLAIMCHECK_CRASH_TRIALS", "100")
    session.run("pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/test_crash_consistency.py")


@nox.session(python=PYTHON)
def concurrency(session: nox.Session) -> None:
    """200 rounds of two `review set` processes racing on one claims file (different claims:
    no lost update, no refusal), and 50 on the same claim (one wins, one is refused)."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.env.setdefault("CLAIMCHECK_CONCURRENT_ROUNDS", "200")
    session.run("pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/edit/test_concurrent_edits.py")


@nox.session(python=PYTHON)
def hostile(session: nox.Session) -> None:
    """Adversarial inputs of 1 MB, each checked on one core: fails if one takes over 2 seconds."""
    install_locked(session, LOCK_RUN, editable=True)
    session.run("python", "benchmarks/hostile_inputs.py", *session.posargs)


@nox.session(python=PYTHON)
def hostile_net(session: nox.Session) -> None:
    """refs verify against a hostile registry on 127.0.0.1 (slow bodies, gzip bombs, redirect
    loops, Retry-After: 60, bodies of gigabytes, JSON of the wrong shape): prints each case's
    seconds and peak memory; fails on an internal error, a case past its deadline or 400 MB."""
    install_locked(session, LOCK_TESTS, editable=True)
    session.run("python", "benchmarks/hostile_net.py", *session.posargs)


@nox.session(python=PYTHON)
def report(session: nox.Session) -> None:
    """The HTML review report of the shipped content: build/report/index.html."""
    install_locked(session, LOCK_RUN, editable=False)
    session.run("claimcheck", "report", "--out", "build/report")


@nox.session(python=PYTHON)
def bench_bib(session: nox.Session) -> None:
    """Benchmark: bibtexparser's bare parse vs claimcheck's parse + BibTeX lint, 20,000 entries."""
    install_locked(session, LOCK_RUN, editable=True)
    session.run("python", "benchmarks/bib_lint.py", *session.posargs)


@nox.session(python=PYTHON)
def bench_rules(session: nox.Session) -> None:
    """Content-rule throughput (MB/s, one core) against proselint on a generated corpus."""
    install_locked(session, LOCK_RUN, editable=True)
    session.install("proselint")
    session.run("python", "benchmarks/marketing_rules.py", *session.posargs)


@nox.session(python=PYTHON)
def bench_extract(session: nox.Session) -> None:
    """``claimcheck extract`` on 1,000 generated articles: the time per article, in process and
    as a command (``-- --articles N``, ``-- --corpus DIR`` to reuse one)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/bench_extract.py", *session.posargs)


@nox.session(python=PYTHON)
def bench_segment(session: nox.Session) -> None:
    """The sentence segmenter beside pysbd: agreement with the gold segmentation of real text
    (benchmarks/data/segmentation-gold.jsonl), splits of labelled rows, speed over 1,000 articles."""
    session.install("-e", ".", "pysbd>=0.3.4,<0.4")
    session.run("python", "benchmarks/bench_segment.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmark the check at a publisher's scale (10,000 articles, 200,000 claims, 20,000
    references) beside check-jsonschema and proselint on the same files. Heavy: minutes.

    ``nox -s bench -- --skip-peers`` leaves the two peers out; ``-- --corpus DIR`` reuses a corpus.
    """
    install_locked(session, LOCK_RUN, editable=False)
    session.install("check-jsonschema", "proselint")  # the peers measured against, not locked
    session.run("python", "benchmarks/bench_check.py", *session.posargs)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Regenerate requirements/*.txt (exact versions with hashes) after a dependency change."""
    session.install("uv")
    session.run(*UV_COMPILE, "requirements/nox.in", "-o", "requirements/nox.txt")
    session.run(*UV_COMPILE, "pyproject.toml", "requirements/build.in", "-o", LOCK_RUN)
    session.run(*UV_COMPILE, "pyproject.toml", "requirements/build.in", "--extra", "test", "-o", LOCK_TESTS)


@nox.session(python=PYTHON)
def latest(session: nox.Session) -> None:
    """The suite against the newest releases of every dependency (not the lock): drift shows
    here before a user meets it. Not part of CI's default run."""
    session.install("--upgrade", "-e", ".[test]")
    session.run("python", "-m", "pip", "list", "--format=freeze")
    session.run("pytest", *session.posargs)


def _version() -> str:
    """The version, from the one place it is written."""
    import re
    from pathlib import Path

    text = Path("src/claimcheck/__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert found, "no __version__ in src/claimcheck/__init__.py"
    return found.group(1)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """The wheel and the sdist of this version into dist/, checked with twine --strict
    (docs/release.md says how a release is tagged and published)."""
    import glob

    session.install("build>=1.2", "twine>=5")
    version = _version()
    session.run("python", "-m", "build", "--outdir", "dist", ".")
    built = sorted(
        glob.glob(f"dist/claimcheck_health-{version}-*.whl")
        + glob.glob(f"dist/claimcheck_health-{version}.tar.gz")
    )
    if len(built) != 2:
        session.error(f"expected a wheel and an sdist of {version} in dist/, found {built}")
    session.run("python", "-m", "twine", "check", "--strict", *built)
