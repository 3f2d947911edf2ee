"""Analyses beyond the base MKBA (sensitivity, uncertainty, dossiers): each pure, with its own sheets.

``gevoeligheid``: one assumption at a time and switching values; ``gevoeligheid_reader``: the user's
own variations from the GEVOELIGHEID sheet; ``gevoeligheid_sheet``: that input sheet; ``gevoeligheid_writer``: the
results.
"""
