"""The rollback's rules in numbers: the float tolerance, the tie margin, the decision rules and
what an exact COMPLEMENT a little below 0 is.

Both ways of rolling back (:mod:`.blocks`, block by block in numpy, and
:mod:`.few`, node by node in plain floats) read them from here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FLOAT_TOLERANCE", "RULES", "RULE_SIGNS", "SEQUENTIAL", "TIE", "complement_dust"]

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


def complement_dust(rest: Any) -> Any:
    """Whether exact COMPLEMENTs ``rest`` (one minus their siblings; a number or an array) are below 0
    by no more than :data:`FLOAT_TOLERANCE`: such a COMPLEMENT is 0.

    Siblings written as floats mean their decimal values, which may pass 1 by less than the
    tolerance (0.6363636363636364 + 0.36363636363636365, or ``8 / 17`` and ``9 / 17``); the model
    is valid within it, and the COMPLEMENT is 0, not a negative probability, in every analysis.

    >>> from fractions import Fraction
    >>> complement_dust(1 - Fraction("0.6363636363636364") - Fraction("0.36363636363636365"))
    True
    >>> complement_dust(Fraction(-1, 10)), complement_dust(Fraction(0))
    (False, False)
    """
    return (rest < 0) & (rest >= -FLOAT_TOLERANCE)
