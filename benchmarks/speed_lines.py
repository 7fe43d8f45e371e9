"""Lines of the speed-only code in docs/ci.md's speed-mechanism audit, by ``ast`` spans
(docstrings included): ``python benchmarks/speed_lines.py [ROOT]`` (a checkout; default: this one)."""

import ast
import sys
from pathlib import Path

SRC = (Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent) / "src/claimcheck"
ITEMS = {
    "forked hasher": [("cache/pending.py", None)],
    "check.delta.json": [
        ("cache/store.py", n) for n in ("DELTA_SHARE", "_delta", "_applied", "_changes", "Stored")
    ],
    "rankings.json": [
        ("cache/store.py", "CheckCache._rankings"),
        ("cache/store.py", "CheckCache.put_rankings"),
        ("cache/library.py", "rankings_key"),
    ],
    "mmap reads": [("cache/files.py", "mapped"), ("cache/files.py", "first_newline")],
    "lazy library entries": [("cache/library.py", "LazyEntries")],
    "hashes.json memo": [("cache/inputs.py", n) for n in ("hashed", "_known_hashes", "_remembered")],
    "report replay": [("cache/reports.py", None)],
    "paused_gc": [("load/bulk.py", None)],
    "os._exit": [("cli.py", "entry")],
    "tool.json memo": [("cache/inputs.py", n) for n in ("TOOL_HASHES", "_FINGERPRINT", "tool_fingerprint")],
    "matcher's first texts": [
        ("text/matcher.py", n) for n in ("PhraseMatcher.pruned_scans", "PhraseMatcher._searches_for")
    ],
}


def span(tree, name):
    parts = name.split(".")
    body = tree.body
    node = None
    for p in parts:
        for n in body:
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == p:
                node = n
                break
            if isinstance(n, (ast.Assign, ast.AnnAssign)):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                if any(isinstance(t, ast.Name) and t.id == p for t in targets):
                    node = n
                    break
        else:
            return 0
        body = getattr(node, "body", [])
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return node.end_lineno - start + 1


total = 0
for item, parts in ITEMS.items():
    n = 0
    for rel, name in parts:
        f = SRC / rel
        if not f.exists():
            continue
        text = f.read_text()
        if item == "os._exit" and "os._exit(" not in text:  # an entry that returns normally
            continue
        n += len(text.splitlines()) if name is None else span(ast.parse(text), name)
    total += n
    print(f"{item:22} {n:4}")
print(f"{'total':22} {total:4}")
