"""Citations in article text: the markers (:mod:`.markers`), the article's own numbered
reference list (:mod:`.reflist`), an entry of that list matched to the BibTeX library
(:mod:`.match`), and every marker resolved to a BibTeX key or to the reason it cannot be
(:mod:`.resolve`)."""
