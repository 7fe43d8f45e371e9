"""``claimcheck refs verify``: look entries up online and write ``references.lock.json``.

The only network code in claimcheck; ``check`` reads the lock and never imports this package.
"""
