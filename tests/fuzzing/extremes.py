"""Valid trees with numbers at the ends of the float range, as a hypothesis strategy.

A model need not be hostile to be hard: payoffs of ``1e308``, ``1e-300`` or the
smallest float ``5e-324``, exact numbers of those sizes, and probabilities
written as floats (whose decimal values sum to 1 only within the tolerance) are
valid, and every analysis must answer them or refuse them with the library's
own exception. :func:`extremes` draws the public strategies' trees
(:func:`decisiontree.strategies.trees`) with numbers up to such a bound in
size, with one or two payoff keys and with or without parameters, and uses
each every way the other classes do, and, with two payoff keys, as costs and
effects in a league table.

>>> from fuzzing.promise import Context
>>> case = ExtremeCase(5e-324, "tree: {kind: terminal, name: t, payoff: 5.0e-324}\\n")
>>> context = Context(seconds=10)
>>> _ = context.run(case.run)
>>> context.outcomes
[]
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from .checks import ALL_USES, use_tree
from .promise import NOTHING, Context

__all__ = ["BOUNDS", "ExtremeCase", "extremes"]

BOUNDS = (1.7e308, 1e300, 1e200, 1e15, 1e-300, 1e-310, 5e-324)
"""Bounds of the numbers in the trees: near the largest float, large, small, subnormal, the smallest."""


@attrs.frozen
class ExtremeCase:
    """A valid tree with numbers up to ``bound`` in size, as its YAML text, then used."""

    kind = "code"
    bound: float
    text: str
    uses: frozenset[str] = ALL_USES

    @property
    def classes(self) -> tuple[int, ...]:
        return (3,)  # sizes of numbers

    @property
    def summary(self) -> str:
        return (
            f"a valid tree with numbers up to {self.bound:g} in size ({len(self.text):,} characters of YAML)"
        )

    def source(self) -> str:
        return self.text

    def run(self, context: Context) -> None:
        import decisiontree as dt

        tree = context.step("loads", dt.loads, self.text)
        if tree is NOTHING:
            return
        use_tree(context, tree, self.uses)
        if len(tree.actors) == 2:
            cost, effect = tree.actors
            for exact in (False, True):
                table = context.step(
                    f"league_table (exact={exact})",
                    lambda e=exact: _league(dt.league_table(tree, cost=cost, effect=effect, exact=e)),
                )
                if table is not NOTHING:
                    context.finite("league_table", table)


def _league(table: Any) -> list[tuple[Any, ...]]:
    return [(row.name, row.status, row.cost, row.effect, row.icer) for row in table.rows]


@st.composite
def extremes(draw: Any) -> ExtremeCase:
    """A valid tree with numbers at an end of the float range, as :class:`ExtremeCase`."""
    import decisiontree as dt
    import decisiontree.strategies as dt_st

    from .model_files import uses

    bound = draw(st.sampled_from(BOUNDS))
    low = draw(st.sampled_from((-bound, 0.0)))
    tree = draw(
        dt_st.trees(
            min_value=low,
            max_value=bound,
            exact=draw(st.booleans()),
            actors=draw(st.sampled_from((None, ("cost", "effect")))),
            symbolic=draw(st.booleans()),
            max_leaves=12,
            max_depth=5,
        )
    )
    return ExtremeCase(bound, dt.dumps(tree), uses=draw(uses()))
