"""The transfer pool of the distillation: unlabelled real sentences from sources already read for
data/labels, each with its ``doc`` written exactly as the labelled collections write it for that
source, kept only when that doc hashes to TRAIN (claimcheck.scoring.labels.split_of) and no dev or
test row names it, and never a case-folded duplicate of a labelled row or of another pool sentence.

    PYTHONPATH=src python scripts/distill/pool.py [--mirror /work/.mirror] [--out /tmp/claimcheck-distill/pool.jsonl]

Sources (bare git mirrors, read with ``git show``; nothing is fetched):

- the clinic, med-spa and vendor websites of clinic-pages, clinic-pages-2 and press-clinic-pages at
  the commits those collections name (doc ``owner/name@commit:path``): Markdown text, and in code
  files the text between tags and the string literals;
- Newsworthyai/press-release-archive (CC0) at the commit of press-clinic-pages (doc
  ``owner/name@commit:path``): releases drawn with the seed, health releases (by file name) first;
- MedQuAD (CC BY 4.0) answers (doc: the page URL the dataset gives, as medquad-nih writes it).

Sentences are cut with claimcheck's own splitter, 5-45 words, at most ``--per-doc`` a document
(drawn with the seed). Franck-Dernoncourt/pubmed-rct is listed by the brief but its data files
are absent from the mirror (large blobs not stored), so it is not used.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from claimcheck.scoring.labels import labels_dir, read_rows, split_of
from claimcheck.text.sentences import sentence_spans

SEED = 31
CLINICS = {
    "3amberloaf/restartdrip": "584486812dc8c4233d7f70cc6cb5f08730aa246b",
    "AlokSharma01/metabolixmd": "ad9e5c42b0a41fb1aad53794f2da3000cb75c0ed",
    "Confidence1851/zenovate-frontend-site": "606706543ad5520acbb45f89d1c9c0f9de869953",
    "Dallasregenerative/drspeptides-education-hub": "cf23ba7b545fd17e3ae1164356872c89a01b2258",
    "Gitvaibhavhibiscus/allcare": "8a988296bf27119e8d28ec06e067e14e826560f5",
    "Kieran815/bell_chiro": "28ecbd54afdb39877a445839c71e953689830630",
    "LukeBaber1836/landmark-aesthetics": "3b9ea71d3f1182e1d36d4f8c25372057457a9661",
    "capitalhealthcaree/mypremierpainv2": "5ac42b6d9136de171bceb52d3962a114e3c6f5a7",
    "drstevedoughty/StemCellScientific": "ac5fe1d4c4b402a2f2ff9353a95a2a6bf83f191c",
    "eharris55/bios-functional-medicine": "0cb71c59f4ec341f20373a62c287261ee1902d1d",
    "hunain-dev/Klearmind-Clinic": "069653887c1e110a1f1dd774c395077f1d668de6",
    "hungryram/beautyhydration": "af576611e3351e78901d54df5000d2cf198bb0e1",
    "kaansari/go-app": "fb2f650c4297638774ca44c3695818cb8c7eb7a0",
    "kaansari/slim-spa": "07993d4f07004ba7bce30d75a24b7f41d798644f",
    "khos-streks/summintmindbody": "7302992cd9580e39916e5091df9fe460492935c0",
    "noman-maxguard/healthcarebia-staging": "2f66a4ae3911158d87e673a2b35d7e191550012f",
    "osspool/drsna-fe": "32b47562101f260edcaf627f54adaa0502837b67",
    "range-cupp/rangemedical-system-2": "23c0c761375a4d31f5766cfd6e9bf41bdad2f3d5",
    "ryan-reveallize/app-lasara": "2ae1ae00b65cab7628b5b6094b293cc3e1fc82aa",
    "stefanoSAN23/qc-kinetix": "f2bcdb7d8529ff3197d4725fcb9df7c9b7e8aa34",
    "zwhitchcox/hitchcoxaesthetics.com": "fa373a4a7f4edf6febd2b4346b08820943087e70",
}
CLINIC_LICENCE = "no licence stated for the page copy; short quotations of businesses' published web copy, used for research"
PRESS = ("Newsworthyai/press-release-archive", "9b2f3f325098dd60c940f8bffb80e66bb83b152a")
PRESS_LICENCE = "CC0-1.0 (the archive's LICENSE)"
MEDQUAD = ("abachaa/MedQuAD", "577bd37b96c02d1833b2c9eed2de9f96964e96cb")
MEDQUAD_LICENCE = "CC-BY-4.0 (MedQuAD); answers from US federal government pages (public domain)"
HEALTH = re.compile(
    r"health|clinic|medic|therap|doctor|physician|patient|weight|diet|supplement|vitamin|cbd|ketamine|hormone|"
    r"testosterone|glp|semaglutide|tirzepatide|peptide|stem-cell|wellness|spa|chiropract|dental|skin|pain|"
    r"cancer|diabet|heart|mental|anxiety|depress|sleep|fitness|nutrition|longevity|iv-|infusion|botox|aesthetic|"
    r"pharma|drug|treatment|care|hospital|nurse|surgery|cosmetic|hair|menopause|fertility|biotech|trial"
)
CODE_EXT = (".js", ".jsx", ".ts", ".tsx", ".vue", ".astro", ".html", ".svelte")
TEXT_EXT = (".md", ".mdx")
SKIP_PATH = re.compile(
    r"node_modules|package-lock|\.min\.|/dist/|/build/|vendor/|\.test\.|\.spec\.|config|/api/|supabase|migrations"
    r"|(^|/)(README|CLAUDE|AGENTS|CHANGELOG|CONTRIBUTING|LICENSE|SECURITY)[^/]*$|(^|/)(docs?|\.github|\.claude)/",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.){20,})\"|'((?:[^'\\\n]|\\.){20,})'|`([^`]{20,})`")
_BETWEEN_TAGS = re.compile(r">([^<>{}]{20,})<")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODEY = re.compile(r"[{}=;<>|\\]|\$\{|=>|\w+\.\w+\(|className|https?:|www\.|@\w|\b\w+_\w+\b|[a-z][A-Z][a-z]")


def _git(mirror: Path, repo: str, *args: str) -> str:
    where = mirror / repo.replace("/", "+") / "repo"
    return subprocess.run(
        ["git", f"--git-dir={where}", *args], check=True, capture_output=True, text=True, errors="replace"
    ).stdout


def _sentences(text: str) -> Iterator[str]:
    text = re.sub(r"\s+", " ", text).strip()
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip().strip("*#>-– ").strip()
        words = _WORDS.findall(sentence)
        if not 5 <= len(sentence.split()) <= 45 or len(words) < 5:
            continue
        if not sentence[:1].isupper() or sentence[-1:] not in ".!?\"'”)":
            continue
        if _CODEY.search(sentence) or sum(len(w) for w in words) < 0.6 * len(sentence):
            continue
        yield sentence


def _markdown(text: str) -> str:
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(?m)^\s*(#+|[-*+]|\d+\.)\s+", "\n\n", text)  # headings and list items: their own blocks
    return re.sub(r"[*_`]", "", text)


def _code(text: str) -> list[str]:
    found = [m.group(1) for m in _BETWEEN_TAGS.finditer(text)]
    found += [next(g for g in m.groups() if g is not None) for m in _STRING.finditer(text)]
    return [html.unescape(t.replace("\\'", "'").replace('\\"', '"')) for t in found]


def clinic_docs(mirror: Path) -> Iterator[tuple[str, str, list[str]]]:
    for repo, commit in CLINICS.items():
        for path in _git(mirror, repo, "ls-tree", "-r", "--name-only", commit).splitlines():
            if SKIP_PATH.search(path) or not path.endswith(CODE_EXT + TEXT_EXT):
                continue
            text = _git(mirror, repo, "show", f"{commit}:{path}")
            blocks = [_markdown(text)] if path.endswith(TEXT_EXT) else _code(text)
            found = [s for block in blocks for part in block.split("\n\n") for s in _sentences(part)]
            yield f"{repo}@{commit}:{path}", repo, found


def press_docs(mirror: Path, limit: int, rng: random.Random) -> Iterator[tuple[str, str, list[str]]]:
    repo, commit = PRESS
    paths = [
        p
        for p in _git(mirror, repo, "ls-tree", "-r", "--name-only", commit).splitlines()
        if p.endswith(".md")
    ]
    health = [p for p in paths if HEALTH.search(p.rsplit("/", 1)[-1])]
    other = [p for p in paths if not HEALTH.search(p.rsplit("/", 1)[-1])]
    rng.shuffle(health)
    rng.shuffle(other)
    for path in (health + other[: len(health) // 3])[:limit]:
        text = _markdown(_git(mirror, repo, "show", f"{commit}:{path}"))
        yield f"{repo}@{commit}:{path}", repo, [s for part in text.split("\n\n") for s in _sentences(part)]


def medquad_docs(mirror: Path, limit: int, rng: random.Random) -> Iterator[tuple[str, str, list[str]]]:
    repo, commit = MEDQUAD
    paths = [
        p
        for p in _git(mirror, repo, "ls-tree", "-r", "--name-only", commit).splitlines()
        if p.endswith(".xml")
    ]
    rng.shuffle(paths)
    seen: set[str] = set()
    for path in paths[:limit]:
        text = _git(mirror, repo, "show", f"{commit}:{path}")
        url = re.search(r'<Document[^>]*\burl="([^"]+)"', text)
        if url is None or url.group(1) in seen:
            continue
        seen.add(url.group(1))
        answers = [html.unescape(a) for a in re.findall(r"<Answer>(.*?)</Answer>", text, flags=re.S)]
        found = [s for a in answers for part in re.split(r"\n\s*\n|\n\s*- ", a) for s in _sentences(part)]
        yield url.group(1), repo, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimcheck-distill/pool.jsonl"))
    parser.add_argument("--per-doc", type=int, default=12)
    parser.add_argument("--press", type=int, default=2200, help="press releases read")
    parser.add_argument("--medquad", type=int, default=3000, help="MedQuAD documents read")
    parser.add_argument(
        "--licensed-only",
        action="store_true",
        help="keep only sentences whose source states a licence (the press releases and MedQuAD): the "
        "committed transfer set; the clinic pages state none, so their bulk copy is not redistributed",
    )
    args = parser.parse_args()
    rows = read_rows(labels_dir(args.root))
    labelled = {r.text.casefold() for r in rows}
    held = {r.doc for r in rows if r.split != "train"}
    rng = random.Random(SEED)
    licences = {PRESS[0]: PRESS_LICENCE, MEDQUAD[0]: MEDQUAD_LICENCE}
    kept: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    dropped = {"doc not train": 0, "labelled duplicate": 0}
    sources = [
        clinic_docs(args.mirror),
        press_docs(args.mirror, args.press, rng),
        medquad_docs(args.mirror, args.medquad, rng),
    ]
    for source in sources:
        for doc, repo, sentences in source:
            if split_of(doc) != "train" or doc in held:
                dropped["doc not train"] += len(sentences)
                continue
            fresh = []
            for sentence in dict.fromkeys(sentences):
                key = sentence.casefold()
                if key in labelled:
                    dropped["labelled duplicate"] += 1
                    continue
                labelled.add(key)  # the pool's own duplicates too
                fresh.append(sentence)
            if len(fresh) > args.per_doc:
                fresh = sorted(rng.sample(fresh, args.per_doc), key=fresh.index)
            name = "medquad" if repo == MEDQUAD[0] else "press" if repo == PRESS[0] else "clinic"
            for sentence in fresh:
                kept.append(
                    {
                        "text": sentence,
                        "doc": doc,
                        "source": repo,
                        "licence": licences.get(repo, CLINIC_LICENCE),
                    }
                )
                counts[name] = counts.get(name, 0) + 1
    if args.licensed_only:  # after sampling, so the kept rows are the same as without the flag
        kept = [row for row in kept if row["source"] in licences]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for row in kept:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(kept)} sentences {counts}; dropped {dropped} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
