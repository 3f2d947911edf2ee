"""The xlsx plumbing every sheet shares: loading a workbook once, writing one atomically and reproducibly,
one palette and set of number formats, and the evaluator that caches the values of our own formulas.

Nothing here knows an MKBA field: positions and meanings come from ``schema``; this package only
decides how a file is read and how a cell looks.
"""
