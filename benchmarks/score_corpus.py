"""The content scorers' share of a check: score every sentence (and title) of a corpus's
articles with the four content models, in one process, and print what it cost.

    python benchmarks/score_corpus.py CORPUS_DIR

Prints one JSON line: articles, sentences scored, CPU seconds spent scoring (featurizing,
looking up, the numpy sums; segmenting and lexicon matching excluded), CPU seconds spent
loading the stack, and microseconds per sentence. A check splits the same work over its
worker processes, so on 2 cores about half of it adds to the wall time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from claimcheck.lexicon import lexicon_for
from claimcheck.lexicon.cues import analyze
from claimcheck.rules.stance import read_stance, stack
from claimcheck.text.quotes import fold
from claimcheck.text.segments import segment
from claimcheck.text.title import title_span


def main() -> int:
    corpus = Path(sys.argv[1])
    lexicon = lexicon_for(corpus, [])
    started = time.process_time()
    stack()
    loading = time.process_time() - started
    scoring = 0.0
    sentences = articles = 0
    for path in sorted((corpus / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---\n", 4)
        body = end + 5 if text.startswith("---\n") and end > 0 else 0
        segments = segment(text, body)
        folded = fold(text)
        cues = analyze(text, segments, lexicon, folded)
        title = title_span(text, body)
        started = time.process_time()
        stance = read_stance(cues, folded, title)
        scoring += time.process_time() - started
        sentences += len(stance.spans)
        articles += 1
    print(
        json.dumps(
            {
                "articles": articles,
                "sentences": sentences,
                "scoring_cpu_s": round(scoring, 2),
                "loading_cpu_s": round(loading, 3),
                "us_per_sentence": round(scoring / max(sentences, 1) * 1e6, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
