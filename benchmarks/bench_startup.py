"""Start-up time of the command line: ``claimcheck --version`` against a bare Python start.

    python benchmarks/bench_startup.py [--runs 21] [--command claimcheck] [--source SRC]

``--source`` puts another checkout's ``src`` first on the path (before/after comparisons).

Prints the median and the fastest wall time of each (a fresh process every run), the CPU time
they took, and how many modules ``--version`` imports (of them, claimcheck's own). A command's
module is imported only when that command runs (``claimcheck.commands``), so ``--version``
stays near a bare start whatever the commands import.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

MODULES = (
    "import sys\n"
    "from claimcheck.cli import main\n"
    "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
    "mine = [m for m in sys.modules if m.split('.')[0] == 'claimcheck']\n"
    "print(len(sys.modules), len(mine))\n"
)


def timed(argv: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of ``runs`` runs of ``argv``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(
            (after.children_user - before.children_user) + (after.children_system - before.children_system)
        )
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--command", default=shutil.which("claimcheck") or "claimcheck")
    parser.add_argument("--source", help="a checkout's src folder, put first on PYTHONPATH")
    options = parser.parse_args()
    env = dict(os.environ)
    if options.source:
        env["PYTHONPATH"] = options.source
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "claimcheck --version": [options.command, "--version"],
    }
    for name, argv in cases.items():
        timed(argv, 2, env)  # warm the page cache
        walls, cpus = timed(argv, options.runs, env)
        print(
            f"{name:22} median {statistics.median(walls):.3f} s  fastest {min(walls):.3f} s  "
            f"CPU median {statistics.median(cpus):.3f} s  ({options.runs} runs)"
        )
    counted = subprocess.run(
        [sys.executable, "-c", MODULES], check=True, capture_output=True, text=True, env=env
    )
    total, mine = counted.stdout.splitlines()[-1].split()
    print(f"claimcheck --version imports {total} modules, {mine} of them claimcheck's")
    print(f"load average {os.getloadavg()[0]:.2f} over {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
