"""Analyses over a tree: formulas, thresholds, sensitivity, Monte Carlo, value of information."""
