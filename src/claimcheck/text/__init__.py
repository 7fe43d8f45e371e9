"""Article text: Markdown blocks and sentences with their offsets, and fast phrase matching."""
