"""Benchmark ``claimcheck extract`` on a generated corpus: the time to extract one article.

    python benchmarks/bench_extract.py [--corpus DIR] [--articles 1000] [--processes 20] [--seed 1]

Generates the corpus (benchmarks/gen_corpus.py: ``--articles`` articles, 20 claims each, one
reference per five articles) into DIR unless it is there, then times:

1. **in process**: ``claimcheck extract ARTICLE`` (printing, not writing) for every article of
   the corpus, one after the other in one process (what an editor's tool or a loop calling
   the command's ``run`` pays per article once the package is imported): mean, median, 95th
   percentile and the slowest, CPU and wall;
2. **as a command**: ``claimcheck extract ARTICLE`` as a new process, for ``--processes``
   articles spread over the corpus (what an editor typing the command waits: interpreter
   start and imports included), and ``--write`` on one of them (merging into its claims file,
   on a copy).

Nothing but the article, its claims file, the id index (and the claims files changed since it was
written: after the first run, none) and (for an article with citation markers) the library is
read per article; ``tests/extract/test_taken.py`` checks that the other articles and claims
files are not.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402

from claimcheck.extract import command  # noqa: E402


def _summary(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"{label}: mean {statistics.mean(seconds) * 1000:.1f} ms, median {statistics.median(seconds) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms (n={len(seconds)})"
    )


def in_process(corpus: Path, ids: list[str]) -> tuple[list[float], list[float], int]:
    wall: list[float] = []
    cpu: list[float] = []
    proposed = 0
    for article in ids:
        args = argparse.Namespace(article=article, root=corpus, write=False, config=None)
        out = io.StringIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = command.run(args)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        if code != 0:
            raise SystemExit(f"extract {article}: exit code {code}")
        proposed += out.getvalue().count("\n  - id: ")
    return wall, cpu, proposed


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def as_command(corpus: Path, ids: list[str], write: bool = False) -> tuple[list[float], list[float]]:
    executable = shutil.which("claimcheck") or str(Path(sys.executable).with_name("claimcheck"))
    seconds: list[float] = []
    cpu: list[float] = []
    for article in ids:
        cmd = [executable, "extract", article, "--root", str(corpus), *(["--write"] if write else [])]
        started, started_cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - started_cpu)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)}: exit code {done.returncode}: {done.stderr.strip()[:300]}")
    return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="generate into / reuse this folder")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=20, help="articles timed as separate commands")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if not (corpus / "content" / "articles").is_dir():
            generate(
                corpus,
                articles=args.articles,
                claims=args.articles * 20,
                references=max(args.articles // 5, 10),
                seed=args.seed,
            )
        ids = sorted(p.stem for p in (corpus / "content" / "articles").glob("*.md"))
        claims_files = len(list((corpus / "content" / "claims").glob("*.yaml")))
        print(f"corpus: {corpus} ({len(ids)} articles, {claims_files} claims files)")
        wall, cpu, proposed = in_process(corpus, ids)
        print(f"in process, every article: {proposed} candidates proposed")
        print("  " + _summary("wall", wall))
        print("  " + _summary("CPU", cpu))
        step = max(len(ids) // max(args.processes, 1), 1)
        sample = ids[::step][: args.processes]
        print("as a command (a new process each: interpreter start and imports included)")
        wall, cpu = as_command(corpus, sample)
        print("  " + _summary("claimcheck extract ARTICLE, wall", wall))
        print("  " + _summary("claimcheck extract ARTICLE, CPU", cpu))
        copy = Path(tmp) / "copy"
        shutil.copytree(corpus, copy, dirs_exist_ok=True)
        wall, cpu = as_command(copy, sample[:5], write=True)
        print("  " + _summary("claimcheck extract ARTICLE --write, wall", wall))
        print("  " + _summary("claimcheck extract ARTICLE --write, CPU", cpu))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
