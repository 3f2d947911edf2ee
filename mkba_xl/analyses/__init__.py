"""Analyses on top of the engine: each pure (inputs in, results out) with its own sheet reader and writer.

``gevoeligheid``: one assumption at a time and switching values; ``gevoeligheid_reader``: the user's
own variations from the GEVOELIGHEID sheet; ``gevoeligheid_writer``: that input sheet and the results.
"""
