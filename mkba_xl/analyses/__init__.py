"""Analyses beyond the base MKBA: each pure, with its own sheets."""
