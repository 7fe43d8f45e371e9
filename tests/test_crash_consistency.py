"""Crash consistency: a writer killed (SIGKILL) at any moment leaves each file whole-old or
whole-new. CLAIMCHECK_CRASH_TRIALS sets the number of trials (30; `nox -s crash` runs 100)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

TRIALS = int(os.environ.get("CLAIMCHECK_CRASH_TRIALS", "30"))

# Alternates a claims file between two versions through the round-trip editor, and two
# large files through write_atomic, forever, until killed.
DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from claimcheck.fs.atomic import write_atomic
    from claimcheck.edit.claims_file import ClaimsFileEditor

    folder = Path(sys.argv[1])
    big = [("A" * 2_000_000), ("B" * 3_000_000)]
    print("ready", flush=True)
    n = 0
    while True:
        editor = ClaimsFileEditor(folder / "claims.yaml")
        claim = editor.find("c1")
        claim["review"]["status"] = "approved" if claim["review"]["status"] == "pending" else "pending"
        editor.save()
        write_atomic(folder / "bundle.json", big[n % 2])
        n += 1
    """
)

CLAIMS = "# keep this comment\narticle: demo\nclaims:\n  - id: c1\n    quote: q\n    kind: mechanism\n    review:\n      status: pending\n"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_writes_never_tears_a_file(tmp_path: Path) -> None:
    rng = random.Random(20261121)
    valid_claims = {CLAIMS, CLAIMS.replace("status: pending", "status: approved")}
    valid_big = {"A" * 2_000_000, "B" * 3_000_000}
    torn = 0
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for trial in range(TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        (folder / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
        (folder / "bundle.json").write_text("A" * 2_000_000, encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(folder)], stdout=subprocess.PIPE, env=env, text=True
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        claims = (folder / "claims.yaml").read_text(encoding="utf-8")
        big = (folder / "bundle.json").read_text(encoding="utf-8")
        torn += (claims not in valid_claims) + (big not in valid_big)
    print(f"\ncrash consistency: {TRIALS} SIGKILL trials, {torn} torn or lost files")
    assert torn == 0


# --- the writers of the command line -------------------------------------------------------------
#
# A zygote process imports claimcheck once and forks a child per trial; the child restores the
# project to one of its states and runs the command (in-process, as `claimcheck ...` would),
# over and over, until the test kills it with SIGKILL at a random moment. Each file the command
# writes must then be byte for byte one of the versions the command writes (or the one it found).

WRITER_TRIALS = int(os.environ.get("CLAIMCHECK_CRASH_TRIALS", "4"))

ZYGOTE = textwrap.dedent(
    """
    import json, os, shutil, signal, sys, time
    from pathlib import Path
    from claimcheck.cli import main

    def restore(root, state):
        saved = root / ".restore" / state
        for source in sorted(p for p in saved.rglob("*") if p.is_file()):
            scratch = root / ".restore" / "scratch"
            shutil.copyfile(source, scratch)
            os.replace(scratch, root / source.relative_to(saved))

    def observe_writes(root):
        # append a byte to .restore/writes as each atomic write begins (the parent aims its
        # kills by it); the write itself is claimcheck's own
        import claimcheck.fs.atomic
        import claimcheck.commands.refs, claimcheck.edit.claims_file, claimcheck.export  # noqa

        original = write = claimcheck.fs.atomic.write_atomic
        if os.environ.get("CLAIMCHECK_CRASH_IN_PLACE"):  # the control: a careless writer

            def write(path, data):
                payload = data.encode() if isinstance(data, str) else data
                with open(path, "wb") as handle:
                    for at in range(0, len(payload), 512):
                        handle.write(payload[at : at + 512])
                        handle.flush()
                        time.sleep(0.001)  # a slow disk

        marks = os.open(root / ".restore" / "writes", os.O_WRONLY | os.O_CREAT | os.O_APPEND)

        def observed(path, data):
            os.write(marks, b"w")
            return write(path, data)

        for module in list(sys.modules.values()):
            if getattr(module, "write_atomic", None) is original:
                module.write_atomic = observed

    def loop(root):
        observe_writes(root)
        command = json.loads((root / ".restore" / "command.json").read_text())
        states = sorted(p.name for p in (root / ".restore").iterdir() if p.is_dir())
        while True:
            for state in states:
                restore(root, state)
                main([*command, "--root", str(root)])

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    print("ready", flush=True)
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            try:
                loop(Path(line.strip()))
            finally:
                os._exit(0)
        print(pid, flush=True)
    """
)


@dataclass
class Writer:
    """A command, the project states it runs on in turn, and the files it writes."""

    command: list[str]
    files: dict[str, str]  # the project
    states: dict[str, dict[str, str]]  # state -> files restored before each run
    outputs: list[str]  # the files the command writes


def _writers() -> dict[str, Writer]:
    from claimcheck.rules.examples import base_files
    from tests.verify import test_refs_verify as verify

    base = dict(base_files())
    article = base["content/articles/demo.md"]
    longer = article + "\nSunlight exposure raises vitamin D levels in most adults.\n"
    many = "".join(
        f"  - id: extra-{i}\n    quote: Vitamin D is made in the skin\n    kind: mechanism\n"
        for i in range(100)
    )
    claims = base["content/claims/demo.yaml"] + many
    extract_article = longer + "\nVitamin D deficiency causes rickets in children, according to trials.\n"
    holick_only = verify.BIB.split("@article{example")[0]
    retitled = base["references.bib"].replace(
        "Vitamin {D} Deficiency", "Vitamin {D} Deficiency " + "and sunlight " * 2000
    )
    return {
        "review set": Writer(
            [
                "review",
                "set",
                "vitamin-d-skin",
                "--status",
                "needs-rewrite",
                "--reviewer",
                "R",
                "--date",
                "2026-02-01",
            ],
            {**base, "content/claims/demo.yaml": claims},
            {"a": {"content/claims/demo.yaml": claims}},
            ["content/claims/demo.yaml"],
        ),
        "extract --write": Writer(
            ["extract", "demo", "--write"],
            {**base, "content/articles/demo.md": extract_article, "content/claims/demo.yaml": claims},
            {"a": {"content/claims/demo.yaml": claims}},
            ["content/claims/demo.yaml"],
        ),
        "export": Writer(
            ["export", "--jobs", "1"],
            base,
            {"a": {"references.bib": base["references.bib"]}, "b": {"references.bib": retitled}},
            ["build/bundle.json", "build/bundle.md"],
        ),
        "refs verify": Writer(
            ["refs", "verify", "--jobs", "1"],
            {
                **base,
                "references.bib": verify.BIB,
                "content/claims/demo.yaml": verify.CLAIMS,
                "claimcheck.toml": verify.CONFIG,
            },
            {"a": {"references.bib": holick_only}, "b": {"references.bib": verify.BIB}},
            ["references.lock.json"],
        ),
    }


def _prepare(root: Path, writer: Writer) -> None:
    for path, text in writer.files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "content/articles").mkdir(parents=True, exist_ok=True)
    for state, files in writer.states.items():
        for path, text in files.items():
            saved = root / ".restore" / state / path
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(text, encoding="utf-8")
    (root / ".restore" / "command.json").write_text(json.dumps(writer.command), encoding="utf-8")


def _outputs(root: Path, writer: Writer) -> tuple[bytes | None, ...]:
    return tuple((root / p).read_bytes() if (root / p).exists() else None for p in writer.outputs)


def _versions(
    root: Path, writer: Writer
) -> tuple[dict[str, set[bytes]], set[tuple[bytes | None, ...]], float]:
    """What each output may hold: as found, and as the command writes it from each state; the
    sets of outputs one run leaves together; and the seconds one run of the command takes."""
    from claimcheck.cli import main

    versions = {
        path: {(root / path).read_bytes()} if (root / path).exists() else set() for path in writer.outputs
    }
    together = {_outputs(root, writer)}
    start = time.perf_counter()
    for _ in range(2):  # twice: a second run may differ (a review history grows once)
        for _, files in sorted(writer.states.items()):
            for path, text in files.items():
                (root / path).write_text(text, encoding="utf-8")
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert main([*writer.command, "--root", str(root)]) in (0, 1)
            for path in writer.outputs:
                versions[path].add((root / path).read_bytes())
            together.add(_outputs(root, writer))
    return versions, together, (time.perf_counter() - start) / (2 * len(writer.states))


@pytest.fixture
def registry_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    from tests.verify.registry_server import Registry, serve
    from tests.verify.test_refs_verify import EXAMPLE, HOLICK, PUBMED

    data = Registry(works={"10.1056/nejmra070553": HOLICK, "10.5555/12345678": EXAMPLE})
    data.summaries["99000001"] = PUBMED
    data.search_items = [{**EXAMPLE, "score": 42.5}]
    with serve(data) as running:
        urls = {
            "CLAIMCHECK_CROSSREF_URL": running.url + "/crossref",
            "CLAIMCHECK_EUTILS_URL": running.url + "/eutils",
        }
        for name, value in urls.items():
            monkeypatch.setenv(name, value)
        yield urls


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and POSIX signals")
@pytest.mark.parametrize("name", ["review set", "extract --write", "export", "refs verify"])
def test_sigkill_during_a_command_never_tears_what_it_writes(
    name: str, tmp_path: Path, registry_env: dict[str, str]
) -> None:
    torn, mid_write, mixed = _trials(name, tmp_path, registry_env, WRITER_TRIALS)
    print(
        f"\ncrash consistency, {name}: {WRITER_TRIALS} SIGKILL trials, {len(torn)} torn or lost files, "
        f"{len(mixed)} mixed sets of outputs, {mid_write} kills inside a write (a temporary file left)"
    )
    assert not torn, torn
    assert not mixed, mixed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and POSIX signals")
def test_the_trials_do_catch_a_file_written_in_place(tmp_path: Path, registry_env: dict[str, str]) -> None:
    """The control: the same kills, with the writes made in place (no temporary file, no
    rename), leave torn files that the test sees. (Not export's: it writes each version into a
    folder of its own and publishes it by a rename, so even in-place writes are never seen.)"""
    torn, _, _ = _trials("review set", tmp_path, {**registry_env, "CLAIMCHECK_CRASH_IN_PLACE": "1"}, 8)
    print(
        f"\ncrash consistency, control (review set written in place): 8 SIGKILL trials, {len(torn)} torn files"
    )
    assert torn


def _trials(
    name: str, tmp_path: Path, extra_env: dict[str, str], trials: int
) -> tuple[list[str], int, list[str]]:
    """Kill the command ``trials`` times; the torn or lost files, how many kills left a
    temporary file (landed inside a write), and the trials whose outputs (bundle.json and
    bundle.md) are not those of one run."""
    writer = _writers()[name]
    rng = random.Random(f"crash {name}")
    env = {**os.environ, **extra_env, "PYTHONPATH": str(REPO / "src")}
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    torn: list[str] = []
    mixed: list[str] = []
    mid_write = 0
    try:
        assert zygote.stdout.readline().strip() == "ready"
        reference = tmp_path / "reference"
        _prepare(reference, writer)
        versions, together, seconds = _versions(reference, writer)
        assert all(len(v) >= 2 for v in versions.values()), "the command must change what it writes"
        for trial in range(trials):
            root = tmp_path / f"t{trial}"
            shutil.copytree(reference, root, ignore=shutil.ignore_patterns("*.tmp"))
            for files in writer.states.values():  # start from the first state, as found
                for path, text in files.items():
                    (root / path).write_text(text, encoding="utf-8")
            zygote.stdin.write(f"{root}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            if trial % 2:  # at a random moment of the runs
                time.sleep(rng.uniform(0.0, 3 * seconds * len(writer.states)))
            else:  # a few milliseconds into the n-th write
                _wait_for_writes(root / ".restore" / "writes", rng.randint(1, 3), 10 * seconds + 5)
                time.sleep(rng.uniform(0.0, 0.004))
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.005)
            for path in writer.outputs:
                target = root / path
                if not target.exists() or target.read_bytes() not in versions[path]:
                    torn.append(f"trial {trial}: {path}")
                mid_write += any(target.parent.glob(f".{target.name}.*.tmp"))
            if _outputs(root, writer) not in together:
                mixed.append(f"trial {trial}: {', '.join(writer.outputs)}")
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=10)
    return torn, mid_write, mixed


def _wait_for_writes(marks: Path, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marks.exists() and marks.stat().st_size >= count:
            return
        time.sleep(0.0005)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
