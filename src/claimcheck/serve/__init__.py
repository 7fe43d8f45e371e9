"""The review app: ``claimcheck serve`` (docs/review-app.md)."""
