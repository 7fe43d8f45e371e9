"""Serialized, verified writes of the claims files (edit/claims_file.py, locking.py).

Two writers in separate processes, released together and held until both have read and
judged their edit (the worst moment for a lost update): on different claims of one file
both edits land, every round; on the same claim one wins and the other is refused with a
message. CLAIMCHECK_CONCURRENT_ROUNDS sets the rounds (20 here; `nox -s concurrency` runs 200).
Line endings and a BOM survive an edit; a killed writer's temporary file is removed by the next.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.cli import main
from claimcheck.edit.claims_file import open_claim
from claimcheck.fs.locking import CACHE_FOLDER, lock_path
from claimcheck.rules.examples import base_files
from tests.conftest import Run

ROUNDS = int(os.environ.get("CLAIMCHECK_CONCURRENT_ROUNDS", "20"))
CLAIMS = "content/claims/demo.yaml"
TWO = base_files()[CLAIMS] + (
    "  - id: sunlight-second\n"
    "    quote: when it is exposed to sunlight\n"
    "    kind: mechanism\n"
    "    review:\n"
    "      status: pending\n"
)


def _project(root: Path, claims: str = TWO) -> Path:
    for path, text in {**base_files(), CLAIMS: claims}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _writer(root: Path, claim: str, rounds: int, start: Barrier, judged: Barrier, done: Any) -> None:
    """Each round: wait for the start, read and judge, wait until the other writer has too,
    then save; report the exit code and what was said."""
    from claimcheck.review import decisions

    original = decisions.check_edit

    def held(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        judged.wait(timeout=60)
        return found

    decisions.check_edit = held  # type: ignore[assignment]
    for n in range(rounds):
        start.wait(timeout=60)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            note = ["--note", f"{os.getpid()} round {n}", "--date", "2026-02-01"]
            code = main(
                [
                    "review",
                    "set",
                    claim,
                    "--root",
                    str(root),
                    "--status",
                    "rejected",
                    "--reviewer",
                    "R",
                    *note,
                ]
            )
        done.put((claim, n, code, err.getvalue(), os.getpid()))


def _note(text: str, claim: str) -> str:
    """The review note of ``claim`` in the claims file ``text``."""
    for item in yaml.safe_load(text)["claims"]:
        if item["id"] == claim:
            return str(item.get("review", {}).get("note", ""))
    raise AssertionError(f"{claim} is gone")


def _race(root: Path, claims: tuple[str, str], rounds: int) -> list[list[tuple[str, int, int, str, int]]]:
    """Run the two writers for ``rounds`` rounds; what each round reported, and the file after it."""
    context = multiprocessing.get_context("fork")
    start, judged = context.Barrier(3), context.Barrier(2)
    done = context.Queue()
    workers = [
        context.Process(target=_writer, args=(root, claim, rounds, start, judged, done)) for claim in claims
    ]
    for worker in workers:
        worker.start()
    reports = []
    try:
        for _ in range(rounds):
            start.wait(timeout=60)
            reports.append([done.get(timeout=60), done.get(timeout=60)])
            reports[-1].append(("file", 0, 0, (root / CLAIMS).read_text(encoding="utf-8"), 0))
    finally:
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.kill()
    return reports


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_two_writers_on_different_claims_lose_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    lost = refused = 0
    for first, second, (_, _, _, text, _) in _race(root, ("vitamin-d-skin", "sunlight-second"), ROUNDS):
        for claim, n, code, err, _ in (first, second):
            refused += code != 0
            assert code != 0 or "recorded in" in err, err
            lost += not _note(text, claim).endswith(f" round {n}")
    print(f"\n{ROUNDS} rounds of two writers on different claims: {lost} lost updates, {refused} refusals")
    assert (lost, refused) == (0, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_two_writers_on_the_same_claim_one_wins(tmp_path: Path) -> None:
    root = _project(tmp_path)
    rounds = max(2, ROUNDS // 4)
    for first, second, (_, _, _, text, _) in _race(root, ("vitamin-d-skin", "vitamin-d-skin"), rounds):
        codes = sorted((first[2], second[2]))
        assert codes == [0, 1], (first, second)
        winner, loser = (first, second) if first[2] == 0 else (second, first)
        assert "recorded in" in winner[3]
        assert "claim vitamin-d-skin was edited meanwhile" in loser[3] and loser[3].count("\n") == 1
        assert _note(text, "vitamin-d-skin") == f"{winner[4]} round {winner[1]}"


# --- line endings and BOM ---------------------------------------------------------------------

DECIDE = ["--status", "rejected", "--reviewer", "R", "--date", "2026-02-01"]


def _decide(cli: Callable[..., Run], root: Path, claim: str = "sunlight-second") -> Run:
    run = cli("review", "set", claim, "--root", root, *DECIDE)
    assert run.code == 0, run.err
    return run


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("crlf", lambda text: text.replace("\n", "\r\n").encode()),
        ("lone cr", lambda text: text.replace("\n", "\r").encode()),
        ("bom", lambda text: b"\xef\xbb\xbf" + text.encode()),
        ("bom crlf", lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()),
        (
            "mixed",
            lambda text: "".join(
                line + ("\r\n" if i % 3 else "\n") for i, line in enumerate(text.split("\n")[:-1])
            ).encode(),
        ),
    ],
)
def test_line_endings_and_bom_are_kept(
    cli: Callable[..., Run], tmp_path: Path, name: str, encode: Callable[[str], bytes]
) -> None:
    root = _project(tmp_path)
    raw = encode(TWO)
    (root / CLAIMS).write_bytes(raw)
    _decide(cli, root)
    after = (root / CLAIMS).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    old_lines, new_lines = raw.splitlines(keepends=True), after.splitlines(keepends=True)
    # every line before the decided claim is byte for byte the same, ending included
    at = next(i for i, line in enumerate(old_lines) if b"sunlight-second" in line)
    assert new_lines[:at] == old_lines[:at]
    endings = {line[len(line.rstrip(b"\r\n")) :] for line in old_lines}
    assert {line[len(line.rstrip(b"\r\n")) :] for line in new_lines[at:]} <= endings
    assert b"status: rejected" in after


def test_a_flow_list_of_claims_is_edited_as_a_whole_document(cli: Callable[..., Run], tmp_path: Path) -> None:
    flow = (
        "article: demo\nclaims: [{id: vitamin-d-skin, quote: Vitamin D is made in the skin, kind: mechanism,\n"
        "  citations: [{key: holick2007, relation: supports}]}]\n"
    )
    root = _project(tmp_path, flow)
    _decide(cli, root, "vitamin-d-skin")
    edit = open_claim(root / CLAIMS, "vitamin-d-skin")
    assert edit is not None and edit.item["review"]["status"] == "rejected"


def test_a_block_scalar_ending_in_a_hash_line_is_not_cut(cli: Callable[..., Run], tmp_path: Path) -> None:
    claims = TWO.replace(
        "      status: pending\n",
        "      status: pending\n      note: |\n        first line\n        # kept\n",
    )
    root = _project(tmp_path, claims)
    _decide(cli, root)
    edit = open_claim(root / CLAIMS, "sunlight-second")
    assert edit is not None
    assert edit.item["review"]["history"][0]["note"] == "first line\n# kept\n"


def test_a_killed_writers_temporary_file_is_removed_by_the_next(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    root = _project(tmp_path)
    left = root / "content/claims/.demo.yaml.k1ll3d0x.tmp"
    left.write_text("half a file", encoding="utf-8")
    other = root / "content/claims/.other.yaml.k1ll3d0x.tmp"  # another file's: not this writer's to remove
    other.write_text("x", encoding="utf-8")
    _decide(cli, root)
    assert not left.exists() and other.exists()
    assert sorted(p.name for p in (root / "content/claims").iterdir()) == [other.name, "demo.yaml"]
    lock = lock_path((root / CLAIMS).resolve(), root)
    assert lock.parent == root / CACHE_FOLDER / "locks" and lock.exists()
    assert (root / CACHE_FOLDER / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_the_lock_folder_is_the_cache_folder() -> None:
    from claimcheck.cache import CACHE_DIR

    assert CACHE_FOLDER == CACHE_DIR
