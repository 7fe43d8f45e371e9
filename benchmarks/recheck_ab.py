"""One-article re-check, before and after, interleaved: CPU seconds (user+sys of the process
tree) or, with ``--callgrind``, the instructions valgrind counts (deterministic under load).

    python benchmarks/recheck_ab.py CORPUS LABEL=PYTHON... [--rounds 5] [--callgrind] [--warm]

Each PYTHON (a virtualenv's, with claimcheck installed non-editable) first checks CORPUS cold
into a cache of its own, kept. Then, per round and per PYTHON: that cache copied, one sentence
appended to the middle article (``--warm``: nothing changed), ``check --format json`` timed,
the article restored. With ``--callgrind`` every PYTHON replays the first one's cache, its
package fingerprint pinned to the first one's (computed all the same): the trees then do the
same work but for their own code. The reports must be byte-identical (checked).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import run

PINNED = """import functools, os, sys
import claimcheck.cache.inputs as inputs, claimcheck.cache.library as library
real, fp = inputs.tool_fingerprint, os.environ["PIN_FINGERPRINT"]
pinned = functools.cache(lambda: (real(), fp)[1])
inputs.tool_fingerprint = library.tool_fingerprint = pinned
from claimcheck.cli import main
main(sys.argv[1:])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("pythons", nargs="+", metavar="LABEL=PYTHON")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args()
    pythons = [tuple(p.split("=", 1)) for p in args.pythons]
    work = Path(tempfile.mkdtemp(prefix="recheck-ab-"))
    articles = sorted((args.corpus / "content" / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_bytes()

    def command(python: str, cache: Path, label: str, pinned: bool) -> list[str]:
        head = [python, "-c", PINNED] if pinned else [python, "-m", "claimcheck"]
        out = work / f"report-{label}.json"
        return [*head, "check", "--root", str(args.corpus), "--format", "json", "--cache-dir", str(cache),
                "--output", str(out)]  # fmt: skip

    kept: dict[str, Path] = {}
    for label, python in pythons if not args.callgrind else pythons[:1]:
        kept[label] = work / f"kept-{label}"
        cold = run(command(python, kept[label], label, False), args.corpus)
        print(
            f"{label} cold: {cold.seconds:.1f} s wall, {cold.cpu:.1f} CPU s, {cold.peak_mb:.0f} MB",
            flush=True,
        )
    fingerprint = ""
    if args.callgrind:
        code = "from claimcheck.cache.inputs import tool_fingerprint as f; print(f())"
        fingerprint = subprocess.run(
            [pythons[0][1], "-c", code], capture_output=True, text=True
        ).stdout.strip()
    try:
        for number in range(1, args.rounds + 1):
            for label, python in pythons:
                cache = work / f"cache-{label}"
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(kept[label] if not args.callgrind else kept[pythons[0][0]], cache)
                if not args.warm:
                    article.write_bytes(original + b"\nOne more sentence, added by the benchmark.\n")
                load = os.getloadavg()[0]
                try:
                    if args.callgrind:
                        out = work / f"callgrind-{label}-{number}.out"
                        subprocess.run(
                            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                             *command(python, cache, label, True)],
                            cwd=args.corpus, env={**os.environ, "PIN_FINGERPRINT": fingerprint},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                        )  # fmt: skip
                        text = subprocess.run(
                            ["callgrind_annotate", str(out)], capture_output=True, text=True
                        )
                        total = next(line for line in text.stdout.splitlines() if "PROGRAM TOTALS" in line)
                        print(f"round {number} {label}: {total.split()[0]} instructions (load {load:.1f})")
                    else:
                        timing = run(command(python, cache, label, False), args.corpus)
                        print(
                            f"round {number} {label}: {timing.cpu:.3f} CPU s, {timing.seconds:.2f} s wall, "
                            f"{timing.peak_mb:.0f} MB (load {load:.1f})",
                            flush=True,
                        )
                finally:
                    article.write_bytes(original)
            reports = [work / f"report-{label}.json" for label, _ in pythons]
            same = all(filecmp.cmp(reports[0], other, shallow=False) for other in reports[1:])
            print(f"round {number}: reports {'byte-identical' if same else 'DIFFER'}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
