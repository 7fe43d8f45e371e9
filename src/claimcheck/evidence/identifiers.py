"""Bibliographic identifiers: what a well-formed DOI, PMID, PMCID or ISBN looks like.

Syntax only; whether the identifier exists is for ``claimcheck refs verify`` to find out.
"""

from __future__ import annotations

import re

# Crossref's advice for matching modern DOIs is /^10.\d{4,9}/[-._;()/:A-Z0-9]+$/i; older DOIs use
# more characters, so the suffix here is any run of non-space characters.
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
_PMID = re.compile(r"[1-9][0-9]{0,8}")
_PMCID = re.compile(r"PMC[1-9][0-9]{0,9}")
_ISBN_SEPARATORS = re.compile(r"[\s-]")


def doi_problem(value: str) -> str | None:
    """Why ``value`` is not a bare DOI, or None when it is one."""
    lowered = value.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            return f"the DOI field holds a prefix ({prefix!r}); write the bare DOI (10.xxxx/...)"
    if not _DOI.fullmatch(value):
        return "a DOI starts with '10.', a registrant code of 4 to 9 digits, '/', and a suffix"
    return None


def normalize_doi(value: str) -> str:
    """The DOI in lower case (DOIs are case-insensitive), without a resolver prefix."""
    text = value.strip()
    for prefix in _DOI_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.lower()


def pmid_problem(value: str) -> str | None:
    if not _PMID.fullmatch(value):
        return "a PubMed ID is a positive whole number of at most 9 digits"
    return None


def pmcid_problem(value: str) -> str | None:
    if not _PMCID.fullmatch(value):
        return "a PubMed Central ID is 'PMC' followed by digits (e.g. PMC1234567)"
    return None


def isbn_problem(value: str) -> str | None:
    """ISBN-10 (mod 11, final 'X' = 10) or ISBN-13 (978/979, mod 10 with weights 1 and 3)."""
    digits = _ISBN_SEPARATORS.sub("", value).upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        numbers = [int(c) for c in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        if sum((10 - i) * n for i, n in enumerate(numbers)) % 11:
            return "the ISBN-10 check digit does not match"
        return None
    if len(digits) == 13 and digits.isdigit():
        if not digits.startswith(("978", "979")):
            return "an ISBN-13 starts with 978 or 979"
        if sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10:
            return "the ISBN-13 check digit does not match"
        return None
    return "an ISBN has 10 digits (the last may be X) or 13 digits, optionally with hyphens"
