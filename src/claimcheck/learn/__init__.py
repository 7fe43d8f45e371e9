"""Learning from the publisher's editors: ``claimcheck learn``.

The review records of a content repository (and, on request, of its git history) are
labelled sentences (:mod:`claimcheck.learn.editors`, :mod:`claimcheck.learn.history`);
:mod:`claimcheck.learn.train` trains a promotion model on them, with the shipped training rows
or alone, using the shipped model's trainer (:func:`claimcheck.scoring.train.fit`), and
measures both models on the same dev rows; :mod:`claimcheck.scoring.selected` gives the rules
the model the configuration selects (``[judgment] model``), or the shipped one.
"""
