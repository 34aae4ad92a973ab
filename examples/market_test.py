"""A market test before a product launch: Bayes revision and the value of information.

A firm can launch a product nationally (a strong market pays 120, a weak one
loses 60), regionally (50 or -10) or abandon it (0). It believes the market
is strong with probability 0.4. For a cost of 5 it can first run a market
test, which comes out favourable in a strong market with probability 0.8
(the test's sensitivity) and unfavourable in a weak one with probability 0.7
(its specificity).

The model states only those inputs. :func:`decisiontree.bayes_chance` works
out the chance of each test result and the posteriors after it (nobody writes
Bayes' rule by hand), as formulas of the parameters, so every analysis still
works: the best policy (test, then launch nationally if favourable and
abandon if not; expected value 22.6), what the test is worth (EVSI 13.6),
what knowing the market would be worth (EVPI 48 - 22.6 = 25.4) and the exact
switch points in the prior, the test's cost and its accuracy.

``market_test.yaml`` is the same model as a file, written by hand: the chance
of a favourable test and the two posteriors are derived parameters (formulas
of the prior and the test's accuracy), and the launch decision is written
once, as a subtree used after each test result and without the test with its
own chance of a strong market (``{ref: launch, with: {p_market: ...}}``). The
script checks that the file gives the same numbers; the library recognises
the file's posteriors as posteriors of one prior.

Run it with ``python examples/market_test.py``.
"""

from __future__ import annotations

from pathlib import Path

import decisiontree as dt

FILE = "market_test.yaml"

p_strong = dt.Parameter("p_strong", 0.4, low=0, high=1, description="Prior chance the market is strong")
sensitivity = dt.Parameter(
    "sensitivity", 0.8, low=0, high=1, description="P(favourable test | strong market)"
)
specificity = dt.Parameter(
    "specificity", 0.7, low=0, high=1, description="P(unfavourable test | weak market)"
)
test_cost = dt.Parameter("test_cost", 5, low=0, high=30, description="Cost of the market test")
PARAMETERS = (p_strong, sensitivity, specificity, test_cost)


def market(strong: int, weak: int) -> dt.Chance:
    """The market's uncertainty, with its prior, after a launch paying ``strong`` or ``weak``."""
    return dt.Chance(
        "Market",
        [
            dt.Branch("strong", dt.Terminal("strong", payoff=strong), probability=p_strong),
            dt.Branch("weak", dt.Terminal("weak", payoff=weak), probability=dt.COMPLEMENT),
        ],
    )


def launch() -> dt.Decision:
    """The launch decision, as it is taken without a test."""
    return dt.Decision(
        "Launch",
        [
            dt.Branch("national", market(120, -60)),
            dt.Branch("regional", market(50, -10)),
            dt.Branch("abandon", dt.Terminal("abandon")),
        ],
    )


def market_test() -> dt.Tree:
    """Test first (at a cost) or launch without it; after the test the same launch decision."""
    test = dt.bayes_chance(
        "Test result",
        {
            "strong": {"favourable": sensitivity, "unfavourable": dt.COMPLEMENT},
            "weak": {"favourable": 1 - specificity, "unfavourable": dt.COMPLEMENT},
        },
        launch(),
        state="Market",
    )
    return dt.Tree(
        dt.Decision(
            "Test?",
            [
                dt.Branch("test", test, payoff=-test_cost),
                dt.Branch("no test", launch()),
            ],
        ),
        parameters=PARAMETERS,
        name="Market test",
        description="A market test before a launch: the prior, the test's accuracy, the launch options.",
    )


def value_of_information(tree: dt.Tree, *, exact: bool = False) -> dict[str, object]:
    """The expected value, the EVSI of the test and the EVPI on the market."""
    return {
        "value": dt.evaluate(tree, exact=exact).value,
        "evsi": dt.evsi(tree, ("test",), exact=exact),
        "evpi": dt.evpi(dt.state_first(tree, "Market"), node="Market", exact=exact),
    }


def load_file() -> dt.Tree:
    """The hand-written model file next to this script."""
    return dt.load(Path(__file__).resolve().parent / FILE)


def main(output: Path | None = None) -> None:
    """Print the analysis and check the model file against it; with ``output``, dump the model there."""
    tree = market_test()
    result = dt.evaluate(tree, exact=True)
    print(f"Expected value: {result.value} = {float(result.value):g}")
    for path, choice in sorted(result.policy.items()):
        print(f"  at {' > '.join(path) or 'the start'}: {choice}")
    for signal in ("favourable", "unfavourable"):
        chance = result.branch_probability(tree.index.find(("test", signal)))
        strong = ("test", signal, "national", "strong")
        formula = tree.node_at(strong[:-1]).branches[0].probability  # type: ignore[union-attr]
        posterior = result.branch_probability(tree.index.find(strong))
        print(f"  P({signal}) = {chance}; P(strong | {signal}) = {posterior} = {formula}")
    exact = value_of_information(tree, exact=True)
    approximate = value_of_information(tree)
    print(f"EVSI of the test: {exact['evsi']} = {approximate['evsi']:.6g} (it costs {test_cost.value})")
    print(f"EVPI on the market: {exact['evpi']} = {approximate['evpi']:.6g}")
    switches = {}
    for parameter in ("p_strong", "test_cost", "sensitivity", "specificity"):
        intervals = dt.switch_points(tree, parameter)
        switches[parameter] = list(intervals.thresholds)
        shown = ", ".join(f"[{i.low}, {i.high}]: {i.optimal}" for i in intervals)
        print(f"Switch points in {parameter}: {switches[parameter]}  ({shown})")
    from_file = load_file()
    same = value_of_information(from_file, exact=True) == exact and all(
        list(dt.thresholds(from_file, parameter)) == points for parameter, points in switches.items()
    )
    print(f"{FILE} (derived parameters, one launch subtree): {'the same numbers' if same else 'DIFFERENT'}")
    if output is not None:
        path = dt.dump(tree, Path(output) / FILE)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
