"""Analyses beyond the base MKBA (sensitivity, uncertainty, dossiers): each pure, with its own sheets."""
