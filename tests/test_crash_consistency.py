"""Crash consistency: a writer killed (SIGKILL) at any moment leaves each file whole-old or
whole-new. CLAIMCHECK_CRASH_TRIALS sets the number of trials (30; `nox -s crash` runs 100)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
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
    from claimcheck.atomic import write_atomic
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
