"""Citations in article text at a publisher's scale: what the marker scan costs, and how the
references of a large library printed in the export's own styles resolve back to their keys.

    python benchmarks/gen_corpus.py /tmp/corpus --articles 1000 --claims 20000 --references 20000
    python benchmarks/cite_styles.py --corpus /tmp/corpus [--sample 200]

Prints, for the corpus's articles, the CPU seconds of finding and resolving their citations
(what rule CC108 adds to a cold check); then, for each shipped CSL style, a sample of library
entries printed as a numbered reference list (DOIs removed, so the author, year and title match
does the work) and cited by number: how many resolve to their own key, to another key (never
wanted), or are reported (the synthetic library holds duplicate works: those are ambiguous).
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from claimcheck.cite.match import Library
from claimcheck.cite.resolve import citations
from claimcheck.export.references import SHIPPED_STYLES, csl_item, format_reference, style_path
from claimcheck.load import load_project
from claimcheck.settings import load_settings

_DOI = re.compile(r"\s*(?:doi:\s?|https://doi\.org/)\S+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    project = load_project(args.corpus, load_settings(args.corpus))
    references = project.references
    library = Library(references)
    began = time.process_time()
    found = sum(len(citations(a.text, a.body_start, library)) for a in project.articles.values())
    scan = time.process_time() - began
    print(f"{len(project.articles)} articles: {found} citations found and resolved in {scan:.3f} CPU s")
    keys = random.Random(1).sample(sorted(references), min(args.sample, len(references)))
    for style in SHIPPED_STYLES:
        path = style_path(style, args.corpus)
        printed = [_DOI.sub("", format_reference(csl_item(references[k]), path)) for k in keys]
        body = " ".join(f"Claim {n} [{n}]." for n in range(1, len(keys) + 1))
        text = body + "\n\n## References\n\n" + "".join(f"{n}. {p}\n" for n, p in enumerate(printed, 1))
        began = time.process_time()
        resolved = citations(text, 0, Library(references))
        seconds = time.process_time() - began
        right = sum(r.key == k for r, k in zip(resolved, keys, strict=True))
        wrong = sum(r.key is not None and r.key != k for r, k in zip(resolved, keys, strict=True))
        reported = sum(r.key is None for r in resolved)
        print(
            f"{style}: {len(keys)} printed references of {len(references)}: {right} resolved to their key, "
            f"{wrong} to another, {reported} reported ({seconds:.2f} CPU s, library index included)"
        )


if __name__ == "__main__":
    main()
