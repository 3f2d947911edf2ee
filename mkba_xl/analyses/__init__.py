"""Analyses on top of the engine: pure functions over inputs, draws and results (no I/O)."""
