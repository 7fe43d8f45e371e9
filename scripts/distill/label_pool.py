"""Label the transfer pool with the fine-tuned teacher: data/labels/distill/transfer.jsonl, the
input of the student's training (claimcheck.scoring.transfer reads it; training needs no torch).

    PYTHONPATH=src HF_HUB_OFFLINE=1 python scripts/distill/label_pool.py /tmp/claimcheck-distill/teacher-e2 \
        [--pool /tmp/claimcheck-distill/pool.jsonl] [--out data/labels/distill/transfer.jsonl]

Each row: ``id``, ``text``, ``doc``, ``source``, ``licence`` (from pool.py) and ``teacher``: the
probability of each binary label and of each claim kind, rounded to 3 decimals. Rows in the
pool's order; the same teacher and pool write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is on disk: never reach a hub

import torch
from finetune import BINARY, load, predict

from claimcheck.scoring.registry import KINDS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("teacher", type=Path)
    parser.add_argument("--pool", type=Path, default=Path("/tmp/claimcheck-distill/pool.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("data/labels/distill/transfer.jsonl"))
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    settings = json.loads((args.teacher / "teacher.json").read_text())
    tokenizer, model = load(args.teacher)
    pool = [json.loads(line) for line in args.pool.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.process_time()
    p = predict(tokenizer, model, [row["text"] for row in pool], settings["max_len"])
    print(f"{len(pool)} sentences labelled: {time.process_time() - started:.0f} CPU s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    names = [*BINARY, *(f"kind:{k}" for k in KINDS)]
    with args.out.open("w", encoding="utf-8") as out:
        for n, (row, probabilities) in enumerate(zip(pool, p.tolist(), strict=True), start=1):
            teacher = {name: round(float(q), 3) for name, q in zip(names, probabilities, strict=True)}
            record = {"id": f"distill:{n:05d}", **row, "teacher": teacher}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
