"""Deterministic generators of the synthetic example data bundled with the pipeline."""
