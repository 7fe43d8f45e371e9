"""Benchmark ``claimcheck check`` at a publisher's scale, beside check-jsonschema and proselint.

    python benchmarks/bench_check.py [--corpus DIR] [--articles 10000] [--claims 200000]
                                     [--references 20000] [--seed 1] [--skip-peers]

Generates the corpus (benchmarks/gen_corpus.py) into DIR unless it is there, commits it to
a git repository inside DIR (for ``--changed-since``), then times, as separate processes:

1. a cold full check (no cache), 2. a warm re-check with nothing changed (cache),
3. a re-check after one article changed (cache) and ``--changed-since HEAD`` after that change,
4. schema validation of the claims files: claimcheck (``--select CC001``, which still loads
   every file) against ``check-jsonschema`` on the same claims files,
5. ``proselint`` on the same articles.

Wall-clock seconds and the peak resident memory of each command's whole process tree (the
pool's workers included, sampled every 20 ms from /proc) are printed, with the ratios.
``nox -s bench`` installs the two peers and runs this script.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen_corpus import generate  # noqa: E402

TARGETS = {"cold": 30.0, "warm": 2.0, "changed": 1.0, "peak_mb": 2048.0, "schema_ratio": 5.0}


@dataclass
class Timing:
    seconds: float
    peak_mb: float
    code: int
    cpu: float


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack += _children(current)
    return total


def run(command: list[str], cwd: Path) -> Timing:
    """Run ``command``; wall time, CPU time (its own and its reaped workers') and the peak
    RSS of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    stderr = process.stderr.read().decode() if process.stderr else ""
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])}... exited {code}: {stderr.strip()}")
    return Timing(seconds, peak / 1024, code, usage.ru_utime + usage.ru_stime)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=bench@example.org", "-c", "user.name=bench", *args],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(corpus: Path, args: argparse.Namespace) -> dict[str, int]:
    if not (corpus / "references.bib").is_file():
        started = time.perf_counter()
        written = generate(corpus, args.articles, args.claims, args.references, args.seed)
        print(f"generated {written} in {time.perf_counter() - started:.1f} s -> {corpus}")
    if not (corpus / ".git").is_dir():
        (corpus / ".gitignore").write_text(".claimcheck_cache/\n", encoding="utf-8")
        _git(corpus, "init", "-q")
        _git(corpus, "add", "-A")
        _git(corpus, "commit", "-q", "-m", "synthetic corpus")
    articles = len(list((corpus / "content" / "articles").glob("*.md")))
    claims = sum(
        p.read_text(encoding="utf-8").count("\n  - id: ")
        for p in (corpus / "content" / "claims").glob("*.yaml")
    )
    references = (corpus / "references.bib").read_text(encoding="utf-8").count("\n@") + 1
    return {"articles": articles, "claims": claims, "references": references}


def compile_package() -> None:
    """Compile claimcheck's bytecode, as ``pip install`` does: an editable install left with
    stale bytecode (or ``PYTHONDONTWRITEBYTECODE`` set) would compile ~80 modules from source
    in every timed run, about 0.1 s that no installed copy pays."""
    found = subprocess.run(
        [sys.executable, "-c", "import claimcheck, pathlib; print(pathlib.Path(claimcheck.__file__).parent)"],
        capture_output=True,
        text=True,
        check=True,
    )
    package = found.stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, stdout=subprocess.DEVNULL)
    print(f"bytecode compiled: {package}")


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _scorers_share(corpus: Path) -> dict[str, float] | None:
    """The content scorers' cost on the corpus, measured apart (benchmarks/score_corpus.py)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "score_corpus.py"), str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"content scorers: not measured ({done.stderr.strip().splitlines()[-1:] or done.returncode})")
        return None
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path(tempfile.gettempdir()) / "claimcheck-bench-corpus"
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--references", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-peers", action="store_true", help="do not run check-jsonschema and proselint")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    sizes = prepare(corpus, args)
    print(
        f"corpus: {sizes['articles']:,} articles, {sizes['claims']:,} claims, {sizes['references']:,} references"
    )
    compile_package()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")

    claimcheck = [sys.executable, "-m", "claimcheck", "check", "--root", str(corpus), "--format", "json"]
    report = ["--output", str(Path(tempfile.gettempdir()) / "claimcheck-bench-report.json")]
    shutil.rmtree(corpus / ".claimcheck_cache", ignore_errors=True)
    rows: list[tuple[str, Timing, str]] = []
    cold = run([*claimcheck, *report], corpus)
    rows.append(("cold full check (writes the cache)", cold, f"target <= {TARGETS['cold']:.0f} s"))
    warm = run([*claimcheck, *report], corpus)
    rows.append(("warm re-check, nothing changed", warm, f"target <= {TARGETS['warm']:.0f} s"))

    cache, saved = corpus / ".claimcheck_cache", corpus.parent / f"{corpus.name}-cache-before-change"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(cache, saved)
    articles = sorted((corpus / "content" / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_bytes()
    try:
        article.write_bytes(original + b"\nOne more sentence, added by the benchmark.\n")
        changed = run([*claimcheck, *report], corpus)
        shutil.rmtree(cache)
        shutil.copytree(saved, cache)
        since = run([*claimcheck, *report, "--changed-since", "HEAD"], corpus)
        cold_since = run([*claimcheck, *report, "--changed-since", "HEAD", "--no-cache"], corpus)
    finally:
        article.write_bytes(original)
        shutil.rmtree(saved, ignore_errors=True)
    rows.append(("one article changed: re-check (cache)", changed, f"target <= {TARGETS['changed']:.0f} s"))
    rows.append(("one article changed: --changed-since HEAD (cache)", since, ""))
    rows.append(("one article changed: --changed-since HEAD, no cache", cold_since, ""))

    schema = run([*claimcheck, "--no-cache", "--select", "CC001"], corpus)
    rows.append(("claimcheck schema validation (--select CC001)", schema, ""))
    peers: dict[str, Timing] = {}
    if not args.skip_peers:
        claims_files = sorted(str(p) for p in (corpus / "content" / "claims").glob("*.yaml"))
        tool = _tool("check-jsonschema")
        if tool:
            schema_file = str(REPO / "schemas" / "claims.schema.json")
            peers["check-jsonschema"] = run([tool, "--schemafile", schema_file, *claims_files], corpus)
            rows.append(("check-jsonschema on the claims files", peers["check-jsonschema"], ""))
        tool = _tool("proselint")
        if tool:
            peers["proselint"] = run([tool, "check", str(corpus / "content" / "articles")], corpus)
            rows.append(("proselint on the articles", peers["proselint"], ""))

    width = max(len(name) for name, _, _ in rows)
    print(f"{'':{width}}  {'seconds':>8}  {'CPU s':>8}  {'peak MB':>8}")
    for name, timing, note in rows:
        print(f"{name:{width}}  {timing.seconds:8.2f}  {timing.cpu:8.2f}  {timing.peak_mb:8.0f}  {note}")
    print()
    print(f"claims per second, cold full check: {sizes['claims'] / cold.seconds:,.0f}")
    print(f"peak memory, cold full check: {cold.peak_mb:,.0f} MB (target <= {TARGETS['peak_mb']:.0f} MB)")
    if "check-jsonschema" in peers:
        ratio = peers["check-jsonschema"].seconds / schema.seconds
        print(f"schema validation: claimcheck {ratio:.1f}x faster than check-jsonschema (target >= 5x)")
    if "proselint" in peers:
        ratio = peers["proselint"].seconds / cold.seconds
        print(f"proselint on the articles takes {ratio:.1f}x the time of claimcheck's whole cold check")
    scorers = _scorers_share(corpus)
    if scorers is not None:
        share = scorers["scoring_cpu_s"] / max(cold.cpu, 1e-9)
        print(
            f"content scorers: {scorers['scoring_cpu_s']:.2f} CPU s for {scorers['sentences']:,} sentences and titles "
            f"({scorers['us_per_sentence']:.1f} us each, stack loaded in {scorers['loading_cpu_s'] * 1000:.0f} ms), "
            f"{share:.0%} of the cold check's CPU s (one process, benchmarks/score_corpus.py)"
        )
    print("\nCPU s: user + system time of the command and of the worker processes it ran.")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (the machine is shared: figures vary)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
