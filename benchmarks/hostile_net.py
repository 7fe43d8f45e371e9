"""``refs verify`` against a hostile registry on 127.0.0.1, one case at a time, in a fresh process:
prints each case's wall seconds, the peak memory of that process, its exit code and what it
reported for the entry; then one run over all cases together. Exits 1 when a case ends in an
internal error or exit code 2, takes longer than its bound, grows past 400 MB, or the good
entries are not verified.

The server (tests/verify/hostile_registry.py) sends one attack per DOI: a body one byte
every 0.2 s, 429 with Retry-After: 60, redirect loops and redirects to another host, corrupt
gzip, a gzip bomb of 1 GB, 40 MB without Content-Length, Content-Length: 3 GB, JSON 200,000
levels deep, a 100,000-digit number, NaN dates, fields of the wrong type, HTML.

Usage: python benchmarks/hostile_net.py [--request-deadline 10] (``nox -s hostile_net``). The
bound of a case is the lookup's deadline plus 5 s (start-up, the one good lookup).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.verify.hostile_registry import CASES, Hostile, bib, serve

CONFIG = """\
[verify]
request_deadline = {deadline}
retries = 3
backoff = 1
"""


def _run(root: Path, env: dict[str, str]) -> tuple[float, float, int, str, str]:
    """Wall seconds, peak RSS in MB of the child, exit code, stdout, stderr."""
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", "refs", "verify", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    seconds = time.monotonic() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak, done.returncode, done.stdout, done.stderr


def _project(root: Path) -> Path:
    for folder in ("content/articles", "content/claims"):
        (root / folder).mkdir(parents=True)
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--request-deadline", type=float, default=10.0)
    args = parser.parse_args()
    failed = False
    with serve(Hostile(bomb_size=1024 * 1024 * 1024)) as hostile, tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CLAIMCHECK_CROSSREF_URL": hostile.url + "/crossref",
            "CLAIMCHECK_EUTILS_URL": hostile.url + "/eutils",
        }
        env.pop("GITHUB_ACTIONS", None)
        config = CONFIG.format(deadline=args.request_deadline)
        bound = args.request_deadline + 5
        print(f"{'case':<15} {'seconds':>8} {'peak MB':>8} {'exit':>4}  reported")
        entries = bib().split("\n@")
        for name in [*CASES, "traversal"]:
            key = name.replace("-", "")
            root = _project(Path(tmp) / key)
            (root / "claimcheck.toml").write_text(config, encoding="utf-8")
            chosen = [e for e in entries if e.lstrip("@").startswith(f"article{{{key},")]
            (root / "references.bib").write_text("@" + chosen[0].lstrip("@") + "\n", encoding="utf-8")
            seconds, peak, code, _out, err = _run(root, env)
            lock = (
                json.loads((root / "references.lock.json").read_text(encoding="utf-8")) if code != 2 else {}
            )
            reported = lock.get("problems", {}).get(
                key, "verified" if key in lock.get("entries", {}) else "?"
            )
            bad = code == 2 or "internal error" in err or seconds > bound or peak > 400
            failed |= bad
            if code == 2:
                reported = err.strip()
            print(
                f"{name:<15} {seconds:8.2f} {peak:8.0f} {code:>4}  {reported[:90]}{'  <- FAILED' if bad else ''}"
            )
        root = _project(Path(tmp) / "all")
        (root / "claimcheck.toml").write_text(config, encoding="utf-8")
        (root / "references.bib").write_text(bib(), encoding="utf-8")
        seconds, peak, code, _out, err = _run(root, env)
        lock = json.loads((root / "references.lock.json").read_text(encoding="utf-8")) if code != 2 else {}
        verified = sorted(lock.get("entries", {}))
        bad = code == 2 or "internal error" in err or not {"good", "goodpmid"} <= set(verified)
        failed |= bad
        print(
            f"all cases in one run: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}, "
            f"{len(verified)} verified ({', '.join(verified)}), {len(lock.get('problems', {}))} problems"
            + ("  <- FAILED" if bad else "")
        )
        print(
            f"requests served: {len(hostile.requests)}; any outside the registry paths: "
            f"{any('admin' in p for p in hostile.requests)}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
