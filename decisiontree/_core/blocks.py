"""The rollback of one block of nodes in numpy: chance nodes and decisions, for every parent and draw at once.

Values come as ``(P, B, A, K)`` arrays (parents, branches, payoff columns,
draws), floats or ``object`` arrays of Fractions. These functions are the
rules of the rollback in array form; :mod:`.few` applies the same rules to
one node at a time in plain floats, and the tests hold the two to the same
numbers, bit for bit.

>>> values = np.array([10.0, 0.0]).reshape(1, 2, 1, 1)
>>> weights = np.array([0.3, 0.7]).reshape(1, 2, 1, 1)
>>> chance(values, weights, 0, None).ravel().tolist()
[3.0]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .rules import FLOAT_TOLERANCE, SEQUENTIAL, TIE

__all__ = ["best_of_two", "chance", "decide", "second_taken", "take"]


def chance(
    values: np.ndarray,
    weights: np.ndarray,
    rule: int,
    tolerance: float | None,
    out: np.ndarray | None = None,
    scratch: np.ndarray | None = None,
    judge: np.ndarray | None = None,
) -> np.ndarray:
    """The value (P, A, K) of chance nodes from their branches' ``values`` (P, B, A, K) and
    probabilities ``weights`` (P, B, 1, K): expectation, worst or best outcome, or a certainty equivalent.
    The expectation also takes (P, B) arrays for one payoff column and one draw, and gives (P,).

    ``out`` (P, A, K) and ``scratch`` (P, B, A, K; it may be ``values`` itself), where given,
    receive the result and hold the products. Under a
    worst or best outcome rule, ``judge`` (P, A), where given, scores the outcomes of per-actor
    payoffs: the node takes the whole payoff of its worst (best) possible outcome by that score,
    the first on ties (every outcome ties under weights of zero); without it each payoff key
    takes its own worst (best).
    """
    branches = values.shape[1]
    if rule == 0 and tolerance is None:
        if branches <= SEQUENTIAL:  # p0 * v0 + p1 * v1 + ..., in this order
            if values.ndim == 2 and not values.flags.c_contiguous:  # numpy would loop over branches innermost
                total = np.multiply(weights[:, 0], values[:, 0], out=out)
                for b in range(1, branches):
                    total += np.multiply(
                        weights[:, b], values[:, b], out=None if scratch is None else scratch[:, b]
                    )
                return total  # type: ignore[no-any-return]
            products = np.multiply(weights, values, out=scratch)
            if branches == 1:
                if out is None:
                    return products[:, 0]  # type: ignore[no-any-return]
                out[...] = products[:, 0]
                return out
            total = np.add(products[:, 0], products[:, 1], out=out)
            for b in range(2, branches):
                total += products[:, b]
            return total  # type: ignore[no-any-return]
        return np.sum(weights * values, axis=1, out=out)  # type: ignore[no-any-return]
    # Outcomes of probability 0 are ignored; in floats, so is the dust rounding leaves where the
    # probability is 0 exactly (0.1 + 0.2 + 0.7 leaves 1.1e-16 for a complement).
    possible: np.ndarray = np.asarray(weights > (0 if values.dtype == object else FLOAT_TOLERANCE))
    if rule != 0 and judge is not None:
        return pick_outcome(values, possible[:, :, 0, :], judge, rule)
    if rule != 0:
        if values.dtype == object:
            pick = max if rule > 0 else min
            found = np.empty((values.shape[0], *values.shape[2:]), dtype=object)
            for p, a, k in np.ndindex(*found.shape):
                found[p, a, k] = pick(values[p, b, a, k] for b in range(branches) if possible[p, b, 0, k])
            return found
        masked = np.where(possible, values, -np.inf if rule > 0 else np.inf)
        return masked.max(axis=1) if rule > 0 else masked.min(axis=1)  # type: ignore[no-any-return]
    assert tolerance is not None
    lowest = np.where(possible, values, np.inf).min(axis=1, keepdims=True)
    shifted = np.exp(-(values - lowest) / tolerance)
    total = (np.where(possible, weights * shifted, 0.0)).sum(axis=1)
    return lowest[:, 0] - tolerance * np.log(total)  # type: ignore[no-any-return]


def pick_outcome(values: np.ndarray, possible: np.ndarray, judge: np.ndarray, rule: int) -> np.ndarray:
    """The payoff (P, A, K) of each chance node's worst (``rule`` < 0) or best possible outcome by
    ``judge`` (P, A) weights; ``values`` (P, B, A, K), ``possible`` (P, B, K); the first on ties."""
    score = (values * judge[:, None, :, None]).sum(axis=2)  # (P, B, K)
    if values.dtype == object:
        first = np.zeros((score.shape[0], score.shape[2]), dtype=np.intp)
        pick = max if rule > 0 else min
        for p, k in np.ndindex(*first.shape):
            candidates = [b for b in range(score.shape[1]) if possible[p, b, k]]
            best = pick(score[p, b, k] for b in candidates)
            first[p, k] = next(b for b in candidates if score[p, b, k] == best)
    else:
        masked = np.where(possible, score, -np.inf if rule > 0 else np.inf)
        first = masked.argmax(axis=1) if rule > 0 else masked.argmin(axis=1)
    return take(values, first)


def decide(
    values: np.ndarray,
    spec: Any,
    maximise: int,
    exact: bool,
    buffers: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The position (P, K) of the first best option at each decision: ``values`` (P, B, A, K) scored
    as ``spec`` says (``None``: the only payoff column; ``("column", c)``; ``("row", weights (A,))``;
    ``("rows", weights (P, A))``); with two branches, whether the second is taken.

    ``buffers`` (two (P, K) arrays, the second boolean), where given, hold the work and the result.
    """
    if spec is None:
        score = values[:, :, 0, :]
    elif spec[0] == "column":
        score = values[:, :, spec[1], :]
    elif spec[0] == "row":
        weights = spec[1]
        if len(weights) <= SEQUENTIAL:
            score = weights[0] * values[:, :, 0, :]
            for a in range(1, len(weights)):
                score = score + weights[a] * values[:, :, a, :]
        else:
            score = np.tensordot(values, weights, axes=([2], [0]))
    else:
        score = (values * spec[1][:, None, :, None]).sum(axis=2)
    if maximise < 0:
        score = -score
    branches = values.shape[1]
    if exact:
        best = score.max(axis=1, keepdims=True)
        return np.asarray((score == best).argmax(axis=1))
    if branches == 2:
        # the second is best, beyond the tie margin, exactly when the first is below the second less
        # the margin (if the first is at least the second, it is not below anything less than it)
        low, high = score[:, 0], score[:, 1]
        margin_out, first_out = buffers if buffers is not None else (None, None)
        margin = np.abs(high, out=margin_out)
        np.maximum(margin, 1.0, out=margin)
        margin *= TIE
        np.subtract(high, margin, out=margin)
        return np.less(low, margin, out=first_out)  # type: ignore[no-any-return]
    best = score.max(axis=1, keepdims=True)
    margin = np.abs(best)
    np.maximum(margin, 1.0, out=margin)
    threshold = best - TIE * margin
    return np.asarray((score >= threshold).argmax(axis=1))


def best_of_two(
    low: np.ndarray,
    high: np.ndarray,
    maximise: int,
    limit: float,
    out: np.ndarray,
    scratch: tuple[np.ndarray, np.ndarray],
) -> None:
    """Decisions between two options of one payoff column, floats: from the options' values ``low``
    and ``high`` (the first and the second), the value of the first best into ``out``; ``scratch``
    is a float and a boolean array. All are (P, K), or all (P,).

    The same values as :func:`decide` and :func:`take` in fewer passes: where the options are more
    than ``limit`` apart (twice the widest tie margin of any option), the larger (smaller) one wins
    outright; the tie rule is applied only to the rest. Which option was taken is read back from
    the values when it is wanted (:func:`second_taken`).

    >>> low, high = np.array([[3.0], [4.0]]), np.array([[5.0], [4.0 + 1e-13]])
    >>> out = np.empty((2, 1))
    >>> best_of_two(low, high, 1, 1e-10, out, (np.empty((2, 1)), np.empty((2, 1), dtype=bool)))
    >>> out.ravel().tolist()
    [5.0, 4.0]
    >>> second = np.empty((2, 1), dtype=np.intp)
    >>> second_taken(low, out, second).ravel().tolist()
    [1, 0]
    """
    gap = np.subtract(high, low, out=scratch[0])
    if maximise > 0:
        np.maximum(low, high, out=out)
    else:
        np.minimum(low, high, out=out)
    np.abs(gap, out=gap)
    if np.minimum.reduce(gap, axis=None) <= limit:  # near ties (numpy's 2-D nonzero is ten times slower)
        near = np.less_equal(gap, limit, out=scratch[1])
        rows = np.unravel_index(np.flatnonzero(near), near.shape)
        a, b = low[rows], high[rows]
        margin = TIE * np.maximum(np.abs(b), 1.0)
        wins = a < b - margin if maximise > 0 else a > b + margin
        out[rows] = np.where(wins, b, a)


def second_taken(low: np.ndarray, out: np.ndarray, into: np.ndarray) -> np.ndarray:
    """Whether each decision of :func:`best_of_two` took its second option, from the first option's
    values ``low`` and the decisions' values ``out``, into ``into``.

    The value taken is one of the two options' values, bit for bit, and the first is taken
    whenever the two are equal; so the second was taken exactly where the value is not the first's.
    """
    return np.not_equal(out, low, out=into)  # type: ignore[no-any-return]


def take(
    values: np.ndarray, first: np.ndarray, out: np.ndarray | None = None, largest: bool = False
) -> np.ndarray:
    """``values[p, first[p, k], :, k]`` for every parent ``p`` and draw ``k``: shape (P, A, K).

    ``largest``: ``first`` is the first best of two by these very values (one payoff column,
    maximised), so the value taken is the larger one but where the two are tied.
    """
    if values.shape[1] == 2 and values.dtype != object:
        second = first[:, None, :] if first.dtype == bool else first[:, None, :] != 0
        if largest:  # much faster than a select; the second is taken only where it is larger
            low, high = values[:, 0], values[:, 1]
            taken = np.maximum(low, high, out=out)
            tied = np.less(low, high)  # the second larger, yet within the tie margin: the first
            np.greater(tied, second, out=tied)
            if tied.any():
                np.copyto(taken, low, where=tied)
            return taken  # type: ignore[no-any-return]
        taken = np.where(second, values[:, 1], values[:, 0])  # much faster than copyto(where=)
        if out is None:
            return taken
        np.copyto(out, taken)
        return out
    index = np.broadcast_to(first[:, None, None, :], (values.shape[0], 1, values.shape[2], values.shape[3]))
    taken = np.take_along_axis(values, index.astype(np.intp, copy=False), axis=1)[:, 0]
    if out is None:
        return taken  # type: ignore[no-any-return]
    out[...] = taken
    return out
