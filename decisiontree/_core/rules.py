"""The rollback's rules in numbers: the float tolerance, the tie margin and the decision rules.

Both ways of rolling back (:mod:`.blocks`, block by block in numpy, and
:mod:`.few`, node by node in plain floats) read them from here.
"""

from __future__ import annotations

__all__ = ["FLOAT_TOLERANCE", "RULES", "RULE_SIGNS", "SEQUENTIAL", "TIE"]

FLOAT_TOLERANCE = 1e-9
"""Float probabilities may miss 0, 1 or a sum of 1 by this much."""
TIE = 1e-12
"""Relative margin within which float values count as tied (the first branch wins)."""
RULES = ("expected", "maxi-min", "maxi-max", "mini-min", "mini-max")
"""Decision rules: expected value, or a non-probabilistic rule (decisions max or min, chance min or max)."""
RULE_SIGNS = {
    "expected": (1, 0),
    "maxi-min": (1, -1),
    "maxi-max": (1, 1),
    "mini-min": (-1, -1),
    "mini-max": (-1, 1),
}
"""rule -> (decisions maximise 1 / minimise -1, chance nodes: 0 expectation, -1 worst (min), 1 best (max))."""
SEQUENTIAL = 8
"""Up to this many branches (or payoff columns) are summed one by one, in order, so that a block
gives the same numbers whichever of its parents are rolled back together; wider ones use numpy's sum."""
