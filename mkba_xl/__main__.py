"""``python -m mkba_xl``: the same command as ``mkba-xl``."""

from .entry import main

main()
