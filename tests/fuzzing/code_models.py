"""Bad models built in code, and bad arguments to every public function, as hypothesis strategies.

- :func:`code_models`: a small tree (scalar or per-actor payoffs) built with
  ``Terminal``, ``Branch``, ``Chance``, ``Decision``, ``Parameter``, a
  distribution and ``Tree``, with a hostile value at one or two arguments:
  wrong types, sympy ``nan``/``oo``/``zoo``/``I``, a plain ``Symbol``,
  ``Decimal("NaN")``, huge integers, ``owner=5``, ``notes=Eq(p, 1)``, names
  such as ``"ｐ"``, ``"lambda"``, ``"True"`` or a lone surrogate. Whatever
  construction accepts is then used (evaluated, written, drawn, analysed).
- :func:`bad_calls`: a valid tree (or its result) given to a public
  function with one hostile argument (``psa(t, 10**13)``,
  ``one_way(points=10**12)``, a directory as a path, ...).
- :func:`shapes`: sizes and sharing: chains of decisions or chance nodes
  thousands deep, very wide nodes, one subtree shared twice at forty levels,
  exact results with thousands of digits.

Examples shrink towards one hostile value in the first slot of the scalar tree.

>>> ModelCase((("decision.owner", 5),)).summary
'decision.owner := 5'
>>> CallCase("small", "psa", "n", 10**13).summary
'psa(small tree, n=10000000000000)'
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from .checks import ALL_USES, use_tree
from .promise import NOTHING, Context

__all__ = [
    "CallCase",
    "ModelCase",
    "ShapeCase",
    "bad_calls",
    "code_models",
    "every_call",
    "every_model",
    "hostile",
    "shapes",
]

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- hostile values


@attrs.frozen
class Special:
    """A value made in the worker from a name (objects of the library, numpy values, text)."""

    name: str

    def make(self) -> Any:
        return _specials_table()[self.name]()

    def __repr__(self) -> str:
        return self.name


def _p() -> Any:
    import sympy

    return sympy.Symbol("p", real=True)


def _cycle() -> list[Any]:
    cycle: list[Any] = []
    cycle.append(cycle)
    return cycle


def _loop() -> dict[str, Any]:
    loop: dict[str, Any] = {"kind": "decision", "name": "loop"}
    loop["branches"] = [{"label": "again", "node": loop}]
    return loop


def _deep_list() -> list[Any]:
    deep: list[Any] = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    return deep


def _specials() -> dict[str, Any]:
    import numpy as np
    import sympy

    import decisiontree as dt

    return {
        "COMPLEMENT": lambda: dt.COMPLEMENT,
        "Parameter('p', 0.5)": lambda: dt.Parameter("p", 0.5),
        "Parameter('zz', 1)": lambda: dt.Parameter("zz", 1),
        "Terminal('t')": lambda: dt.Terminal("t"),
        "Branch('b', Terminal('t'))": lambda: dt.Branch("b", dt.Terminal("t")),
        "Tree(Terminal('t'))": lambda: dt.Tree(dt.Terminal("t")),
        "Beta(2, 2)": lambda: dt.Beta(2, 2),
        "Dirichlet((1, 1), parameters=('p', 'q'))": lambda: dt.Dirichlet((1, 1), parameters=("p", "q")),
        "np.nan": lambda: np.float64("nan"),
        "np.inf": lambda: np.float64("inf"),
        "np.int64(5)": lambda: np.int64(5),
        "np.float32(3e38) * 10": lambda: np.float32(3e38) * np.float32(10),
        "np.array([1.0, 2.0])": lambda: np.array([1.0, 2.0]),
        "np.array(['a'])": lambda: np.array(["a"]),
        "np.array(nan)": lambda: np.array(float("nan")),
        "sympy.Symbol('p')": lambda: sympy.Symbol("p"),
        "sympy.Symbol('p', real=True)": _p,
        "sympy.Symbol('undeclared')": lambda: sympy.Symbol("undeclared", real=True),
        "sympy.Eq(p, 1)": lambda: sympy.Eq(_p(), 1),
        "p > 0.5": lambda: _p() > sympy.Rational(1, 2),
        "sympy.Piecewise((1, p > 0.5), (0, True))": lambda: sympy.Piecewise((1, _p() > 0.5), (0, True)),
        "sympy.Max(p, 1)": lambda: sympy.Max(_p(), 1),
        "sympy.Integer(10)**5000": lambda: sympy.Integer(10) ** 5000,
        "sympy.Rational(1, 10**5000)": lambda: sympy.Rational(1, 10**5000),
        "sympy.exp(1000)": lambda: sympy.exp(1000),
        "sympy.exp(p * 1000)": lambda: sympy.exp(_p() * 1000),
        "p**10000": lambda: _p() ** 10000,
        "1/(p - 1/2)": lambda: 1 / (_p() - sympy.Rational(1, 2)),
        "sympy.log(0)": lambda: sympy.log(0),
        "sympy.Float('1e400')": lambda: sympy.Float("1e400"),
        "sympy.Matrix([1])": lambda: sympy.Matrix([1]),
        "sympy.true": lambda: sympy.true,
        "sympy.pi": lambda: sympy.pi,
        "sympy.sqrt(2)": lambda: sympy.sqrt(2),
        "(-8)**(1/3) in sympy": lambda: sympy.Integer(-8) ** sympy.Rational(1, 3),
        "a generator": lambda: (x for x in [1]),
        "a long name": lambda: "x" * 100_000,
        "a payoff mapping with nan": lambda: {"A": float("nan"), "B": 1},
        "a payoff mapping with text": lambda: {"A": "x y", "B": 1},
        "a payoff mapping with an int key": lambda: {1: 2},
        "a payoff mapping of 1000 actors": lambda: {f"a{k}": k for k in range(1000)},
        "an empty mapping": dict,
        "a list containing itself": _cycle,
        "a node whose branch leads back to it": _loop,
        "a list nested 100,000 deep": _deep_list,
        "a strategy of text": lambda: st.just("x"),
        "a strategy of nan": lambda: st.just(float("nan")),
        "a formatter that raises": lambda: lambda x: 1 / 0,
        "a formatter giving a number": lambda: lambda x: x,
        "a file open for bytes": io.BytesIO,
    }


@functools.cache
def _specials_table() -> dict[str, Any]:
    return _specials()


TEXT_VALUES = (
    "",
    " ",
    "x",
    "ｐ",
    "p",
    "lambda",
    "True",
    "None",
    "if",
    "\ud800",
    "a\x00b",
    "a\nb",
    "x\\G y\\N",
    "&amp;",
    "<b>",
    '"',
    "#",
    "1e999999999",
    "(9**9999)**9999",
    "exp(1000)",
    "(-8)**(1/3)",
    "1/0",
    "nan",
    "__import__('os')",
)
NUMBER_VALUES = (
    0,
    1,
    -1,
    5,
    1.5,
    -0.0,
    1e308,
    5e-324,
    10**400,
    -(10**400),
    10**5000,
    2**1024,
    2**63,
    Fraction(1, 3),
    Fraction(1, 10**400),
    float("nan"),
    float("inf"),
    -float("inf"),
    complex(1, 1),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("1e999999999"),
    Decimal("1e-999999999"),
    Decimal("0.1"),
)
OTHER_VALUES = (None, True, False, [], {}, (), ["x"], ("x",), {"x"}, b"x", bytearray(b"x"))


def _sympy_values() -> tuple[Any, ...]:
    import sympy

    return (sympy.nan, sympy.oo, -sympy.oo, sympy.zoo, sympy.I, sympy.Integer(7), sympy.Rational(1, 3))


def hostile() -> st.SearchStrategy[Any]:
    """One hostile argument value: from the lists above, or generated (any text, number, decimal)."""
    specials = st.sampled_from(sorted(_specials_table())).map(Special)
    generated = st.one_of(
        st.text(max_size=8),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.fractions(),
        st.lists(st.integers(), max_size=3),
    )
    return st.one_of(
        st.sampled_from(TEXT_VALUES),
        st.sampled_from(NUMBER_VALUES),
        st.sampled_from(OTHER_VALUES),
        st.builds(lambda k: _sympy_values()[k], st.integers(0, 6)),
        specials,
        generated,
    )


def materialize(value: Any, done: dict[int, Any] | None = None) -> Any:
    """The value itself, with :class:`Special` placeholders made (inside lists and dicts too).

    Shared parts stay shared (an alias bomb of 10**9 values is a few hundred objects).
    """
    done = {} if done is None else done
    if id(value) in done:
        return done[id(value)]
    if hasattr(value, "make"):  # a Special, or data too deep to send to a worker
        made = value.make()
    elif type(value) is list:
        made = [materialize(v, done) for v in value]  # the data of a case is shallow: recursion is fine
    elif type(value) is tuple:
        made = tuple(materialize(v, done) for v in value)
    elif type(value) is dict:
        made = {materialize(k, done): materialize(v, done) for k, v in value.items()}
    else:
        return value
    done[id(value)] = made
    return made


def shown(value: Any) -> str:
    """A short description of a hostile value."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        return f"<an integer of {int(value.bit_length() * 0.30103) + 1} digits>"
    if isinstance(value, Fraction) and value.denominator.bit_length() > 1000:
        return "<a fraction with a denominator of 400 digits or more>"
    try:
        text = repr(value)
    except Exception:  # only for a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 70 else text[:50] + f"... ({len(text)} characters)"


# --------------------------------------------------------------------------- bad models


SLOTS = (
    "terminal.name",
    "terminal.payoff",
    "terminal.notes",
    "branch.label",
    "branch.node",
    "branch.probability",
    "branch.payoff",
    "chance.name",
    "chance.branches",
    "chance.notes",
    "decision.name",
    "decision.branches",
    "decision.owner",
    "decision.notes",
    "parameter.name",
    "parameter.value",
    "parameter.low",
    "parameter.high",
    "parameter.distribution",
    "parameter.description",
    "parameter.source",
    "distribution.a",
    "distribution.b",
    "normal.sd",
    "uniform.low",
    "empirical.values",
    "empirical.weights",
    "dirichlet.alphas",
    "dirichlet.parameters",
    "tree.root",
    "tree.parameters",
    "tree.name",
    "tree.description",
)
"""Every argument of the constructors that a hostile value can take."""


def _slot_class(slot: str, value: Any) -> int:
    if slot.split(".")[1] in ("name", "label", "owner", "notes", "description", "source"):
        return 5
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return 3
    return 4 if slot.endswith(("payoff", "probability", "value", "low", "high")) else 1


def build_model(overrides: dict[str, Any], *, actors: bool = False) -> Any:
    """The small template tree with the ``overrides`` (slot -> value) in place.

    >>> tree = build_model({})
    >>> [node.name for node in tree.index.nodes]
    ['choose', 'gamble', 'kept', 'won', 'lost']
    """
    import decisiontree as dt

    def get(slot: str, default: Any) -> Any:
        return materialize(overrides[slot]) if slot in overrides else default

    def distribution() -> Any:
        if "normal.sd" in overrides:
            return dt.Normal(10, get("normal.sd", 1))
        if "uniform.low" in overrides:
            return dt.Uniform(get("uniform.low", 0), 1)
        if "empirical.values" in overrides or "empirical.weights" in overrides:
            return dt.Empirical(
                get("empirical.values", (0.2, 0.5, 0.8)), weights=get("empirical.weights", None)
            )
        if "dirichlet.alphas" in overrides or "dirichlet.parameters" in overrides:
            return dt.Dirichlet(
                get("dirichlet.alphas", (2, 3)), parameters=get("dirichlet.parameters", ("p",))
            )
        return dt.Beta(get("distribution.a", 2), get("distribution.b", 2))

    p = dt.Parameter(
        get("parameter.name", "p"),
        get("parameter.value", 0.5),
        low=get("parameter.low", 0.1),
        high=get("parameter.high", 0.9),
        distribution=get("parameter.distribution", distribution()),
        description=get("parameter.description", "a chance"),
        source=get("parameter.source", ""),
    )
    q = dt.Parameter("q", 2, low=1, high=3)
    win = {"A": 10, "B": 1} if actors else 10
    won = dt.Terminal(
        get("terminal.name", "won"), payoff=get("terminal.payoff", win), notes=get("terminal.notes", "")
    )
    lost = dt.Terminal("lost", payoff={"A": -1, "B": 2} if actors else -1)
    branches = [
        dt.Branch(
            get("branch.label", "win"),
            get("branch.node", won),
            probability=get("branch.probability", p),
            payoff=get("branch.payoff", 0),
        ),
        dt.Branch("lose", lost, probability=dt.COMPLEMENT),
    ]
    gamble = dt.Chance(
        get("chance.name", "gamble"), get("chance.branches", branches), notes=get("chance.notes", "")
    )
    stake = {"A": -q, "B": 0} if actors else -q  # a per-actor tree takes no scalar payoff but 0
    options = [dt.Branch("gamble", gamble, payoff=stake), dt.Branch("sure", dt.Terminal("kept"))]
    root = dt.Decision(
        get("decision.name", "choose"),
        get("decision.branches", options),
        owner=get("decision.owner", "A" if actors else None),
        notes=get("decision.notes", ""),
    )
    return dt.Tree(
        get("tree.root", root),
        get("tree.parameters", [p, q]),
        name=get("tree.name", "template"),
        description=get("tree.description", ""),
    )


@attrs.frozen
class ModelCase:
    """The template tree built with hostile values at some arguments, then used."""

    kind = "code"
    overrides: tuple[tuple[str, Any], ...]
    actors: bool = False
    uses: frozenset[str] = ALL_USES

    @property
    def classes(self) -> tuple[int, ...]:
        return tuple(_slot_class(slot, value) for slot, value in self.overrides)

    @property
    def summary(self) -> str:
        parts = "; ".join(f"{slot} := {shown(value)}" for slot, value in self.overrides)
        return parts + (" (per-actor payoffs)" if self.actors else "")

    def source(self) -> str:
        return f"build_model({dict(self.overrides)!r}, actors={self.actors})"

    def run(self, context: Context) -> None:
        tree = context.step("build", build_model, dict(self.overrides), actors=self.actors)
        if tree is not NOTHING:
            use_tree(context, tree, self.uses)


def every_model(slot: str) -> Iterator[ModelCase]:
    """The template tree (scalar, then per-actor payoffs) with every hostile value at ``slot`` in
    turn, used every way: a sweep, where :func:`code_models` samples."""
    for actors in (False, True):
        for value in every_value():
            yield ModelCase(((slot, value),), actors=actors)


@st.composite
def code_models(draw: Any) -> ModelCase:
    """The template tree with one or two hostile arguments, as :class:`ModelCase`."""
    from .model_files import uses

    count = draw(st.integers(1, 2))
    overrides = {draw(st.sampled_from(SLOTS)): draw(hostile()) for _ in range(count)}
    return ModelCase(tuple(overrides.items()), actors=draw(st.booleans()), uses=draw(uses()))


# --------------------------------------------------------------------------- bad arguments


BASE_TREES = ("small", "actors", "paris", "seed")
"""The base trees any function may be called on (see :data:`TREES` for those that need their own)."""


@functools.cache
def base_tree(name: str) -> Any:
    """A valid tree to call functions on: ``small``, ``actors``, ``paris``, ``seed``, ``health`` (costs
    and QALYs) or ``market`` (a test to take)."""
    import decisiontree as dt

    from .model_files import SEED

    if name == "small":
        return build_model({})
    if name == "actors":
        return build_model({}, actors=True)
    if name == "paris":
        return dt.load(ROOT / "examples" / "paris_summit.yaml")
    if name == "health":  # costs and QALYs, with distributions
        return dt.load(ROOT / "examples" / "sumatriptan.yaml")
    if name == "market":  # a test to take, priced by evsi
        return dt.load(ROOT / "examples" / "market_test.yaml")
    return dt.loads(SEED)


ARGUMENTS: dict[str, tuple[str, ...]] = {
    "evaluate": ("values", "values.p", "exact", "objective", "rule", "utility", "utility.risk_tolerance"),
    "one_way": ("parameter", "values", "decision", "objective", "points"),
    "two_way": ("parameter1", "values1", "parameter2", "values2", "points"),
    "tornado": ("decision", "parameters", "objective", "points"),
    "thresholds": ("parameter", "decision", "low", "high", "objective", "method"),
    "switch_points": ("parameter", "low", "high", "method"),
    "psa": ("n", "seed", "chunk_size", "executor", "decision", "objective", "values", "progress"),
    "evppi": ("parameters", "n", "seed", "method", "inner", "degree"),
    "evpi": ("node", "values", "objective", "actor", "exact", "coupling"),
    "risk_profile": ("policy", "values", "objective", "actor", "exact"),
    "risk_profiles": ("decision", "values", "actor"),
    "expected_value": ("policy", "node", "objective"),
    "perfect_information_tree": ("node", "values", "coupling"),
    "to_dot": (
        "direction",
        "show",
        "highlight",
        "collapse",
        "number_format",
        "probability_format",
        "actor_colors",
        "actors",
        "values",
        "formulas",
        "title",
        "font",
    ),
    "render": ("path", "format", "title", "direction"),
    "to_text": ("subject",),
    "dumps": ("subject", "format"),
    "to_efg": ("subject", "values"),
    "from_efg": ("text",),
    "loads": ("text", "format"),
    "load": ("path",),
    "from_dict": ("data",),
    "to_dict": ("subject",),
    "policies": ("limit",),
    "policy_values": ("strategies", "values", "exact", "objective", "actor"),
    "policy_name": ("policy",),
    "strategy_tree": ("strategies", "name"),
    "flip": ("path",),
    "state_first": ("node",),
    "svg": ("direction", "collapse", "show", "title", "formulas"),
    "to_html": ("depth", "values", "highlight", "number_format", "probability_format", "actor_colors"),
    "dump": ("subject", "path"),
    "parse_expression": ("text",),
    "dominates": ("a", "b", "order"),
    "plot_one_way": ("subject", "ax", "switch_points"),
    "plot_tornado": ("subject", "ax", "top"),
    "plot_risk_profile": ("subject", "ax", "cumulative"),
    "plot_psa": ("subject", "ax", "kind", "bins"),
    "plot_strategy_region": ("subject", "ax"),
    "plot_spider": ("subject", "ax", "label"),
    "plot_ce_plane": ("subject", "samples", "labels", "money"),
    "plot_ceac": ("subject",),
    "plot_evpi": ("subject",),
    "league_table": ("cost", "effect", "values", "exact", "strategies"),
    "psa_cost_effectiveness": (
        "n",
        "cost",
        "effect",
        "seed",
        "values",
        "strategies",
        "executor",
        "chunk_size",
    ),
    "evsi": ("test", "values", "exact", "objective", "actor"),
    "bayes_chance": ("signal", "likelihoods", "then", "state", "prior"),
    "report": (
        "path",
        "format",
        "values",
        "objective",
        "decision",
        "title",
        "question",
        "draws",
        "seed",
        "cost",
        "effect",
        "wtp",
        "top",
        "plots",
    ),
    "explore": ("values", "objective", "parameters", "steps", "direction"),
    "strategies.trees": (
        "max_leaves",
        "max_depth",
        "max_branches",
        "kinds",
        "actors",
        "exact",
        "complement",
        "symbolic",
        "parameters",
        "min_value",
        "max_value",
    ),
    "strategies.values": ("min_value", "max_value", "exact"),
    "strategies.payoffs": ("actors", "min_value", "max_value", "exact"),
    "strategies.probabilities": ("n", "exact"),
    "strategies.terminals": ("payoffs", "name"),
    "strategies.chance_nodes": ("children", "max_branches", "exact", "complement", "branch_payoffs", "name"),
    "strategies.decision_nodes": ("children", "owners", "max_branches", "branch_payoffs", "name"),
    "strategies.parameter_values": ("tree", "within", "names", "exact"),
    "strategies.policies": ("tree",),
    "result.value_at": ("path",),
    "result.choice": ("name",),
    "result.option_values": ("path",),
    "result.ranked_scenarios": ("top",),
    "result.to_table": ("what", "path", "top"),
    "result.branch_probability": ("index",),
    "result.chosen_branch": ("index",),
    "result.node_value": ("index",),
    "tree.node_at": ("path",),
    "tree.parameter": ("name",),
    "tree.to_table": ("what",),
    "samples.acceptability": ("wtp",),
    "samples.net_benefit": ("wtp",),
    "samples.to_table": ("what",),
    "league.net_benefit": ("wtp",),
    "league.optimal": ("wtp",),
    "league.row": ("name",),
    "psa.quantiles": ("q",),
    "psa.to_table": ("what",),
    "profile.cdf": ("x",),
    "profile.certainty_equivalent": ("utility",),
    "LeagueTable.from_values": ("names", "costs", "effects", "exact", "policies"),
    "Beta.from_mean_sd": ("mean", "sd"),
    "Gamma.from_mean_sd": ("mean", "sd"),
    "LogNormal.from_mean_sd": ("mean", "sd"),
    "Dirichlet.from_means": ("means", "concentration", "parameters"),
    "Utility.from_expression": ("expression", "variable"),
    "Normal.sample": ("rng", "n"),
    "ExponentialUtility": ("risk_tolerance",),
    "Utility": ("function", "inverse_function", "name"),
    "utility.__call__": ("x",),
    "utility.inverse": ("u",),
    "linear.__call__": ("x",),
    "Payoffs": ("items",),
    "RiskProfile": ("outcomes", "probabilities", "label"),
    "LeagueTable": ("rows", "cost_key", "effect_key", "exact"),
    "Strategy": ("choices", "name"),
    "tree.to_frame": ("what",),
    "table.column": ("name",),
    "table.to_text": ("number", "percent"),
    "table.to_markdown": ("number", "percent"),
    "table.to_html": ("number", "percent", "caption", "limit"),
    "table.to_csv": ("file",),
    "result.to_frame": ("what", "path", "top"),
    "Normal": ("mean", "sd"),
    "Empirical": ("values", "weights"),
    "MultivariateNormal": ("means", "covariance"),
    "Beta": ("a", "b"),
    "Gamma": ("shape", "scale"),
    "LogNormal": ("mu", "sigma"),
    "PERT": ("low", "mode", "high", "shape"),
    "Triangular": ("low", "mode", "high"),
    "Uniform": ("low", "high"),
    "Dirichlet": ("alphas", "parameters"),
}
"""Each public function, and the arguments a hostile value is given to."""

TREES: dict[str, str] = {
    **dict.fromkeys(("league_table", "psa_cost_effectiveness", "report", "samples.", "league."), "health"),
    "evsi": "market",
}
"""The base tree a function needs (others take any, the small one by default)."""


def tree_for(function: str) -> str | None:
    """The base tree ``function`` needs, if any (``None``: any tree).

    >>> tree_for("samples.acceptability"), tree_for("evaluate")
    ('health', None)
    """
    return TREES.get(function, TREES.get(function.split(".")[0] + ".") if "." in function else None)


FORMATTERS = (Special("a formatter that raises"), Special("a formatter giving a number"))

SPECIFIC: dict[str, tuple[Any, ...]] = {
    "points": (10**12, 10**7, 10**30, 0, 1, -1, 2.5, float("nan")),
    "n": (10**13, 10**30, 2**63, 0, -1, 1.5, "10", float("inf")),
    "inner": (10**13, 0, -1),
    "chunk_size": (0, -1, 10**13, 1.5),
    "seed": (-1, 2**200, "x", 1.5, float("nan")),
    "values.p": ("1e999999999", 10**400, "1e400", float("nan"), "(-8)**(1/3)", "exp(1000)", -5, 7),
    "risk_tolerance": (0, -1, float("inf"), 10**400, 1e-320),
    "path": (".", "", "x.exe", "missing/x.svg", "missing.yaml", "model.txt", "/dev/null", "/dev/full/x.svg"),
    "format": ("exe", "", "SVG", ".json", "efg", "pdf", "dot"),
    "direction": ("XX", "lr", "", "TB"),
    "number_format": ("{:q}", "{", "{0}{1}", "%d", "{:.1e}", "{:,.2f}", *FORMATTERS),
    "number": ("{:q}", "{", "{:d}", ",.2f", *FORMATTERS),
    "percent": ("{:q}", "{:.0%}", *FORMATTERS),
    "file": (Special("a file open for bytes"), Special("a formatter giving a number")),
    "probability_format": ("{:q}", "{:.0%}", "{"),
    "collapse": (-1, 10**12, 0, [("gamble",)], [("nope",)]),
    "show": ("nope", ["nope"], ["values"], "payoffs"),
    "method": ("nope", "numeric", "symbolic", "auto"),
    "text": (
        'EFG 2 R "" { "P" }\n""\np "" 1 1 "" { "a" } 0\n',
        "EFG 3 R",
        'EFG 2 R "" { "P" }\n""\nt "" 1 "" { 1e999999999 }\n',
    ),
    "policy": ({(): "nope"}, {("x",): "a"}, {(): 5}, {"": "gamble"}, [1], {(): "gamble", ("gamble",): "x"}),
    "decision": (("nope",), ("gamble",), "gamble", (1,), ("gamble", "win")),
    "node": ("nope", "gamble", 5, ("gamble",)),
    "cost": ("nope", "utility", "qaly", "c_sumatriptan"),
    "effect": ("nope", "cost", "qaly"),
    "wtp": (-1, 0, 10**400, 1e308, [], [1, float("nan")], [10**30, 1], float("nan"), float("inf")),
    "draws": (10**13, 0, -1, 1.5, 2**63),
    "steps": (10**12, 0, -1, 1, 2.5),
    "top": (-1, 0, 10**12, 2**63, 1.5),
    "index": (-1, 10**6, 2**63, 1.5, True, 4),
    "what": ("nope", "draws", "summary", "policy", "options", "parameters", "nodes", ""),
    "q": (1.5, -0.1, float("nan"), [], [0.5, 2], [[0.5]], 0.5),
    "x": (float("nan"), float("inf"), 10**400, 0, -1),
    "test": (("nope",), ("test", "favourable"), ("no test",), (), "test", ("Test?",)),
    "state": ("nope", "launch", "survey", ""),
    "signal": ("market", "launch", "strong"),
    "prior": ({"strong": 0.5}, {"strong": 0.5, "weak": 0.6}, {"strong": 2, "weak": -1}, {"a": 1}),
    "likelihoods": (
        {"strong": {"good": 0.8, "bad": 0.2}},
        {"strong": {"good": 1.5, "bad": "#"}, "weak": {"good": 0.3, "bad": "#"}},
        {"strong": {"good": 0, "bad": "#"}, "weak": {"good": 0, "bad": "#"}},
        {"strong": {"good": 0.8}, "weak": {"bad": 1}},
        {"strong": {}, "weak": {}},
    ),
    "concentration": (0, -1, 10**400, 1e-320, float("inf")),
    "names": (["A"], ["A", "A"], [], ["A", "B", "C"]),
    "costs": ([0], [0, 10**400], [0, float("inf")], [0, "1/0"]),
    "effects": ([0], [0, 10**400], [1, 1], [0, "x"]),
    "policies": ([None], [{}, {}], [{(): "x"}, None]),
    "mean": (0, -1, 1, 10**400, 1e308, 1e-320),
    "sd": (0, -1, 1e308, 10**400, 1e-320),
    "shape": (0, -1, 1e308, 1e-320, 1e6),
    "scale": (0, -1, 1e308, 1e-320),
    "mu": (1000, -1000, 710, 10**400),
    "sigma": (0, -1, 100, 1e308),
    "a": (0, -1, 1e308, 1e-320),
    "b": (0, -1, 1e308, 1e-320),
    "low": (3, 1e308, -1e308, 2),
    "mode": (5, -1, 1e308),
    "high": (0, 1, -1, 1e308),
    "alphas": ((1,), (0, 1), (1e308, 1e308), (1e-320, 1e-320), ()),
    "rng": (0, None, "x"),
    "max_leaves": (10**6, 0, 1, 2**63),
    "max_depth": (10**6, 41, 0, 1),
    "max_branches": (10**6, 1, 0),
    "parameters": (10**6, -1, 0),
    "min_value": (1e308, -1e308, 10**400, 0.5),
    "max_value": (1e308, -1e308, 10**400, -101),
    "within": ("nope", "support", "range", ""),
    "owners": ([], ["A"], "A", [1], ["A", "A"]),
    "kinds": (["decision"], ["chance"], ["terminal"], [], ["nope"]),
    "actors": ([], ["A", "A"], [""], ["A"]),
    "branch_payoffs": (Special("a strategy of text"), Special("a strategy of nan")),
    "children": (Special("a strategy of text"), Special("a strategy of nan")),
}
"""Hostile values particular to some arguments (sizes, paths, formats)."""


@attrs.frozen
class CallCase:
    """A public function called on a valid tree with one hostile argument."""

    kind = "code"
    tree: str
    function: str
    argument: str
    value: Any

    @property
    def classes(self) -> tuple[int, ...]:
        if self.argument in ("points", "n", "inner", "chunk_size"):
            return (6,)
        if self.function in ("to_dot", "render"):
            return (8,)
        return (1,)

    @property
    def summary(self) -> str:
        return f"{self.function}({self.tree} tree, {self.argument}={shown(self.value)})"

    def source(self) -> str:
        return self.summary

    def run(self, context: Context) -> None:
        tree = base_tree(self.tree)  # valid by construction: a failure here is the harness's own
        outcome = context.step(
            self.function,
            _call,
            tree,
            self.function,
            self.argument,
            self.value,
            os_errors=self.argument == "path",
            strategy_errors=self.function.startswith("strategies."),
        )
        if outcome is not NOTHING:
            context.finite(self.function, outcome)


SMALL_EFG = 'EFG 2 R "g" { "P" }\n""\n\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 }\nt "" 2 "" { 2 }\n'
SMALL_YAML = "tree: {kind: terminal, name: t, payoff: 1}\n"
CONSTRUCTORS: dict[str, dict[str, Any]] = {
    "ExponentialUtility": {"risk_tolerance": 1},
    "Normal": {"mean": 0, "sd": 1},
    "Empirical": {"values": (1, 2), "weights": None},
    "MultivariateNormal": {"means": (0, 0), "covariance": ((1, 0), (0, 1))},
    "Beta": {"a": 2, "b": 3},
    "Gamma": {"shape": 2, "scale": 1},
    "LogNormal": {"mu": 0, "sigma": 1},
    "PERT": {"low": 0, "mode": 1, "high": 3, "shape": 4},
    "Triangular": {"low": 0, "mode": 1, "high": 3},
    "Uniform": {"low": 0, "high": 1},
    "Dirichlet": {"alphas": (2, 3), "parameters": ("p",)},
    "LeagueTable.from_values": {"names": ["A", "B"], "costs": [0, 10], "effects": [0, 1]},
    "Beta.from_mean_sd": {"mean": 0.3, "sd": 0.1},
    "Gamma.from_mean_sd": {"mean": 2, "sd": 1},
    "LogNormal.from_mean_sd": {"mean": 2, "sd": 1},
    "Dirichlet.from_means": {"means": (0.3, 0.7), "concentration": 10},
    "Utility.from_expression": {},  # log(x + 1) in x, made in the worker (see _defaults)
    "Utility": {},  # a cube root and its inverse, made in the worker (see _defaults)
    "Payoffs": {"items": {"EU": 1, "US": "2/3"}},
    "LeagueTable": {},  # the rows of a table from values, made in the worker (see _defaults)
    "RiskProfile": {"outcomes": (0, 10), "probabilities": (0.25, 0.75), "label": "a"},
    "Strategy": {"choices": [(("d",), "a")], "name": "a"},
}
"""Constructors (and class methods) whose arguments are fuzzed, with valid arguments; what they
accept is used (distributions draw, utilities convert)."""

POSITIONAL: dict[str, tuple[str, ...]] = {
    "dominates": ("a", "b"),
    "psa_cost_effectiveness": ("tree", "n"),
    "evsi": ("tree", "test"),
    "report": ("tree", "path"),
    "bayes_chance": ("signal", "likelihoods", "then"),
}
"""The arguments given by position, in order."""

LIKELIHOODS = {"strong": {"good": 0.8, "bad": "#"}, "weak": {"good": 0.3, "bad": "#"}}


def _call(tree: Any, function: str, argument: str, value: Any) -> Any:
    """Call ``function`` with ``argument=value`` and valid other arguments; read the whole result."""
    import numpy as np

    import decisiontree as dt

    value = materialize(value)
    ranged = [p.name for p in tree.parameters if p.low is not None] or ["(no range)"]
    objective = tree.actors[0] if tree.actors else None
    goal = {} if objective is None else {"objective": objective}
    if function in CONSTRUCTORS:
        owner, _, method = function.partition(".")
        make = getattr(getattr(dt, owner), method) if method else getattr(dt, owner)
        return _use(make(**{**_defaults(function), argument: value}), tree)
    owners = {  # methods of results: the owner, made on first use
        "result": lambda: dt.evaluate(tree, **goal),
        "tree": lambda: tree,
        "samples": lambda: dt.psa_cost_effectiveness(tree, 64, cost="cost", effect="qaly", seed=0),
        "league": lambda: dt.league_table(tree, cost="cost", effect="qaly"),
        "psa": lambda: dt.psa(tree, 64, seed=0, **goal),
        "profile": lambda: dt.risk_profile(tree, actor=objective, **goal),
        "Normal": lambda: dt.Normal(0, 1),
        "utility": lambda: dt.ExponentialUtility(10),
        "linear": lambda: dt.LinearUtility(),
        "table": lambda: dt.evaluate(tree, **goal).to_table("scenarios"),
    }
    owner_name, _, method = function.partition(".")
    if owner_name == "strategies":
        return _draw(tree, method, argument, value)
    if method and owner_name in owners:
        bound = getattr(owners[owner_name](), method)
        if function == "Normal.sample":
            return _read(bound(**{"rng": np.random.default_rng(0), "n": 8, argument: value}))
        if function in ("result.to_table", "result.to_frame"):
            return _read(bound(**{"what": "scenarios", argument: value}))
        return _read(bound(**{argument: value}))
    Path("model.yaml").write_text(SMALL_YAML, encoding="utf-8")
    calls: dict[str, Any] = {  # (arguments, keywords), or a function giving them (costly ones)
        "evaluate": ([tree], goal),
        "one_way": ([tree], {"parameter": ranged[0], "points": 5, **goal}),
        "two_way": ([tree], {"parameter1": ranged[0], "parameter2": ranged[-1], "points": 3, **goal}),
        "tornado": ([tree], {"points": 5, **goal}),
        "thresholds": ([tree], {"parameter": ranged[0], **goal}),
        "switch_points": ([tree], {"parameter": ranged[0], **goal}),
        "psa": ([tree], {"n": 64, "seed": 0, **goal}),
        "evppi": ([tree], {"parameters": [ranged[0]], "n": 16, "seed": 0, **goal}),
        "evpi": ([tree], goal),
        "risk_profile": ([tree], {"actor": objective, **goal}),
        "risk_profiles": ([tree], {"actor": objective, **goal}),
        "expected_value": ([tree], goal),
        "perfect_information_tree": ([tree], {}),
        "to_dot": ([dt.evaluate(tree, **goal)], {}),
        "render": ([dt.evaluate(tree, **goal)], {"path": "out.svg"}),
        "to_text": ([tree], {}),
        "dumps": ([tree], {}),
        "to_efg": ([tree], {}),
        "to_dict": ([tree], {}),
        "from_efg": ([], {"text": SMALL_EFG}),
        "loads": ([], {"text": SMALL_YAML}),
        "load": ([], {"path": "model.yaml"}),
        "from_dict": ([], {"data": {"tree": {"kind": "terminal", "name": "t"}}}),
        "policies": lambda: ([tree], {}),
        "policy_values": lambda: ([tree], goal),
        "policy_name": lambda: ([tree], {"policy": {}}),
        "strategy_tree": lambda: ([tree], {}),
        "flip": lambda: ([tree], {"path": ()}),
        "state_first": lambda: ([tree], {"node": "nope"}),
        "svg": lambda: ([dt.evaluate(tree, **goal)], {}),
        "to_html": lambda: ([dt.evaluate(tree, **goal)], {}),
        "dump": lambda: ([tree], {"path": "dumped.yaml"}),
        "parse_expression": lambda: ([], {"text": "1 + p"}),
        "dominates": lambda: (
            [dt.risk_profile(tree, actor=objective, **goal), dt.risk_profile(tree, actor=objective, **goal)],
            {},
        ),
        "plot_one_way": lambda: ([dt.one_way(tree, ranged[0], points=5, **goal)], {}),
        "plot_tornado": lambda: ([dt.tornado(tree, points=5, **goal)], {}),
        "plot_risk_profile": lambda: ([dt.risk_profile(tree, actor=objective, **goal)], {}),
        "plot_psa": lambda: ([dt.psa(tree, 16, seed=0, **goal)], {}),
        "plot_strategy_region": lambda: ([dt.two_way(tree, ranged[0], ranged[-1], points=3, **goal)], {}),
        "plot_spider": lambda: ([[dt.one_way(tree, ranged[0], points=5, **goal)]], {}),
        "plot_ce_plane": lambda: ([dt.LeagueTable.from_values(["A", "B"], [0, 10], [0, 1])], {}),
        "plot_ceac": lambda: ([None], {}),
        "plot_evpi": lambda: ([None], {}),
        "league_table": lambda: ([tree], {"cost": "cost", "effect": "qaly"}),
        "psa_cost_effectiveness": lambda: ([tree, 64], {"cost": "cost", "effect": "qaly", "seed": 0}),
        "evsi": lambda: ([tree, ("test",)], {}),
        "bayes_chance": lambda: (
            ["survey", {state: dict(signals) for state, signals in LIKELIHOODS.items()}, _market()],
            {"state": "market"},
        ),
        "report": lambda: (
            [tree, "report.html"],
            {"draws": 16, "plots": False, "cost": "cost", "effect": "qaly", "objective": "qaly"},
        ),
        "explore": lambda: ([tree], {}),
    }
    args, kwargs = calls[function]() if callable(calls[function]) else calls[function]
    if argument in POSITIONAL.get(function, ()):
        args[POSITIONAL[function].index(argument)] = value
    elif argument == "subject":
        args = [value, *args[1:]]
    elif argument == "values.p":
        kwargs["values"] = {ranged[0]: value}
    elif argument == "utility.risk_tolerance":
        kwargs["utility"] = dt.ExponentialUtility(value)
    else:
        kwargs[argument] = value
    made = getattr(dt, function)(*args, **kwargs)
    if function == "bayes_chance":  # a node: what a tree built on it makes of it
        return _read(dt.evaluate(dt.Tree(made)))
    if function == "report":
        return made.read_text(encoding="utf-8")[:100]
    if function == "explore":
        return (made.summary.value, made.picture.value[:100])
    if function.startswith("plot_"):
        import matplotlib.pyplot as plt

        plt.close("all")
        return None
    return _read(made)


def _defaults(function: str) -> dict[str, Any]:
    """Valid arguments of the constructor ``function``."""
    if function == "Utility.from_expression":
        import sympy

        x = sympy.Symbol("x", real=True)
        return {"expression": sympy.log(x + 1), "variable": x}
    if function == "LeagueTable":
        import decisiontree as dt

        return {"rows": dt.LeagueTable.from_values(["A", "B", "C"], [0, 10, 30], [0, 1, 1.5]).rows}
    if function == "Utility":
        import numpy as np

        return {"function": np.cbrt, "inverse_function": lambda u: np.power(u, 3), "name": "cube root"}
    return dict(CONSTRUCTORS[function])


def _draw(tree: Any, function: str, argument: str, value: Any) -> list[Any]:
    """Examples of the hypothesis strategy ``function`` of :mod:`decisiontree.strategies` made with
    ``argument=value``, each read (trees evaluated)."""
    from hypothesis import HealthCheck, given, settings

    import decisiontree as dt
    from decisiontree import strategies as dt_st

    kwargs: dict[str, Any] = {
        "probabilities": {"n": 3},
        "chance_nodes": {"children": dt_st.terminals()},
        "decision_nodes": {"children": dt_st.terminals()},
        "parameter_values": {"tree": tree},
        "policies": {"tree": tree},
    }.get(function, {})
    strategy = getattr(dt_st, function)(**{**kwargs, argument: value})
    found: list[Any] = []

    @settings(max_examples=3, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def draw(example: Any) -> None:
        found.append(example)

    draw()
    read = []
    for example in found:
        if isinstance(example, dt.Tree):
            read.append(
                _read(dt.evaluate(example, **({"objective": example.actors[0]} if example.actors else {})))
            )
        elif isinstance(example, (dt.Terminal, dt.Chance, dt.Decision)):
            read.append(dt.to_text(dt.Tree(example)))
        else:
            read.append(example)
    return read


def _market() -> Any:
    """The state a survey (:func:`decisiontree.bayes_chance`) tells about, below a decision."""
    import decisiontree as dt

    market = dt.Chance(
        "market",
        [
            dt.Branch("strong", dt.Terminal("win", payoff=100), probability=0.4),
            dt.Branch("weak", dt.Terminal("loss", payoff=-50), probability=dt.COMPLEMENT),
        ],
    )
    return dt.Decision("launch", [dt.Branch("go", market), dt.Branch("stop", dt.Terminal("stop"))])


def _use(made: Any, tree: Any) -> Any:
    """What a constructor accepted, used: a distribution draws, a utility evaluates ``tree``, a
    table reads."""
    import numpy as np

    import decisiontree as dt

    if hasattr(made, "sample"):
        return made.sample(np.random.default_rng(0), 8)
    if hasattr(made, "inverse"):
        objective = {"objective": tree.actors[0]} if tree.actors else {}
        return _read(dt.evaluate(tree, utility=made, **objective))
    if isinstance(made, dt.RiskProfile):
        return _read((made.mean, made.variance, made.cdf(5), made.to_table().to_text(), made.cumulative))
    if isinstance(made, dt.Payoffs):  # its numbers are checked where a tree holds them
        return _read(dt.evaluate(dt.Tree(dt.Terminal("t", payoff=made)), objective=next(iter(made))))
    return _read(made)


def _read(made: Any) -> Any:
    """Everything a user would read from what a function returned (for crashes on reading)."""
    import numpy as np

    import decisiontree as dt

    from .checks import read_result

    if isinstance(made, dt.Result):
        return {k: v for k, v in read_result(made).items() if k in ("value", "scenarios", "root")}
    if hasattr(made, "source") and hasattr(made, "body"):  # a graphviz diagram
        return made.source
    if isinstance(made, (list, tuple)):
        return [_read(item) for item in made[:100]]
    if (
        hasattr(made, "__iter__")
        and not isinstance(made, (str, bytes, dict, np.ndarray))
        and hasattr(made, "rows")
    ):
        return [attrs.asdict(row, recurse=False) if attrs.has(type(row)) else row for row in made]
    text = str(made)
    if attrs.has(type(made)):
        fields = {
            f.name: getattr(made, f.name) for f in attrs.fields(type(made)) if not f.name.startswith("_")
        }
        fields.pop("tree", None)
        return {"str": text, **fields}
    return made


def every_value() -> list[Any]:
    """Every hostile value of the lists above once (texts, numbers, other values, sympy's, specials)."""
    specials = [Special(name) for name in sorted(_specials_table())]
    return [*TEXT_VALUES, *NUMBER_VALUES, *OTHER_VALUES, *_sympy_values(), *specials]


def every_call(function: str, tree: str = "small") -> Iterator[CallCase]:
    """``function`` called with every hostile value (and those particular to the argument) given to
    each of its arguments in turn: a sweep, where :func:`bad_calls` samples. On ``tree``, or on the
    tree the function needs (:func:`tree_for`)."""
    tree = tree_for(function) or tree
    for argument in ARGUMENTS[function]:
        for value in (*every_value(), *SPECIFIC.get(argument.split(".")[-1], ())):
            yield CallCase(tree, function, argument, value)


@st.composite
def bad_calls(draw: Any) -> CallCase:
    """A public function with one hostile argument, as :class:`CallCase`."""
    function = draw(st.sampled_from(sorted(ARGUMENTS)))
    argument = draw(st.sampled_from(ARGUMENTS[function]))
    tree = tree_for(function) or draw(st.sampled_from(BASE_TREES))
    key = argument.split(".")[-1]
    if key in SPECIFIC and draw(st.booleans()):
        value = draw(st.sampled_from(SPECIFIC[key]))
    else:
        value = draw(hostile())
    return CallCase(tree, function, argument, value)


# --------------------------------------------------------------------------- sizes and sharing

SHAPES = ("decision chain", "chance chain", "shared", "wide", "huge exact")
OPERATIONS = (
    "evaluate",
    "policy",
    "str(result)",
    "to_efg",
    "to_text",
    "dumps",
    "roundtrip",
    "to_dot",
    "expected_value",
    "risk_profile",
    "scenarios",
)


def build_shape(shape: str, size: int) -> Any:
    """A tree of a given shape and size (iteratively built).

    >>> len(build_shape("decision chain", 10))
    21
    """
    import decisiontree as dt

    if shape == "decision chain":
        node: Any = dt.Terminal("end", payoff=1)
        for k in range(size):
            node = dt.Decision(
                f"d{k}", [dt.Branch("go", node, payoff=1), dt.Branch("stop", dt.Terminal("s"))]
            )
        return dt.Tree(node)
    if shape == "chance chain":
        node = dt.Terminal("end", payoff=1)
        for k in range(size):
            node = dt.Chance(
                f"c{k}",
                [
                    dt.Branch("on", node, probability="9/10", payoff=1),
                    dt.Branch("off", dt.Terminal("s"), probability=dt.COMPLEMENT),
                ],
            )
        return dt.Tree(node)
    if shape == "shared":
        node = dt.Terminal("end", payoff=1)
        for k in range(size):
            node = dt.Chance(
                f"c{k}",
                [dt.Branch("a", node, probability="1/2"), dt.Branch("b", node, probability=dt.COMPLEMENT)],
            )
        return dt.Tree(node)
    if shape == "wide":
        branches = [
            dt.Branch(f"b{k}", dt.Terminal(f"t{k}", payoff=k), probability=Fraction(1, size))
            for k in range(size)
        ]
        return dt.Tree(dt.Chance("wide", branches))
    return dt.Tree(
        dt.Chance(
            "huge",
            [
                dt.Branch("a", dt.Terminal("big", payoff=10**size), probability="1/3"),
                dt.Branch("b", dt.Terminal("small", payoff=Fraction(1, 3**size)), probability=dt.COMPLEMENT),
            ],
        )
    )


def _operate(tree: Any, operation: str) -> Any:
    import decisiontree as dt

    if operation == "evaluate":
        return dt.evaluate(tree).value
    if operation == "policy":
        return len(dt.evaluate(tree).policy.items())
    if operation == "scenarios":
        return [(s.probability, s.payoff) for s in dt.evaluate(tree).scenarios[:10]]
    if operation == "str(result)":
        result = dt.evaluate(tree, exact=True)
        return len(str(result)), result.value
    if operation == "to_efg":
        return len(dt.to_efg(tree))
    if operation == "to_text":
        return len(dt.to_text(dt.evaluate(tree)))
    if operation == "dumps":
        return len(dt.dumps(tree, format="json"))
    if operation == "roundtrip":
        return dt.loads(dt.dumps(tree)) == tree
    if operation == "to_dot":
        return len(dt.to_dot(tree).source)
    if operation == "expected_value":
        return str(dt.expected_value(tree))[:100]
    return dt.risk_profile(tree).mean


@attrs.frozen
class ShapeCase:
    """A tree of a hostile shape or size, and one operation on it (time scales with the size)."""

    kind = "code"
    shape: str
    size: int
    operation: str

    @property
    def classes(self) -> tuple[int, ...]:
        return (7,) if self.shape == "shared" else (6,)

    @property
    def summary(self) -> str:
        return f"{self.operation} on a {self.shape} of size {self.size}"

    def source(self) -> str:
        return f"build_shape({self.shape!r}, {self.size}) then {self.operation}"

    def run(self, context: Context) -> None:
        seconds = context.seconds
        # Linear time is fine: 0.4 ms per unit of size, 1.2 ms for a round trip through YAML, where
        # PyYAML itself takes about 0.15 ms per node to write and again to read (three nodes per level).
        per_unit = 1.2e-3 if self.operation == "roundtrip" else 4e-4
        context.seconds = seconds + per_unit * (self.size if self.shape != "shared" else 0)
        try:
            tree = context.step("build", build_shape, self.shape, self.size)
            if tree is not NOTHING:
                found = context.step(self.operation, _operate, tree, self.operation)
                if found is not NOTHING:
                    context.finite(self.operation, found)
        finally:
            context.seconds = seconds


@st.composite
def shapes(draw: Any) -> ShapeCase:
    """A hostile shape, as :class:`ShapeCase`; sizes up to 10,000 (the campaign adds 100,000)."""
    shape = draw(st.sampled_from(SHAPES))
    sizes = {"shared": (10, 20, 40, 60), "huge exact": (400, 2000, 5000), "wide": (1000, 10_000)}
    size = draw(st.sampled_from(sizes.get(shape, (100, 1000, 10_000))))
    return ShapeCase(shape, size, draw(st.sampled_from(OPERATIONS)))


KNOWN_SHAPES = tuple(
    ShapeCase(shape, 100_000, op) for shape in ("decision chain", "chance chain") for op in OPERATIONS
)
KNOWN_SHAPES += tuple(ShapeCase("shared", 40, op) for op in OPERATIONS)
KNOWN_SHAPES += (ShapeCase("wide", 100_000, "evaluate"), ShapeCase("huge exact", 5000, "str(result)"))
"""The issue's size examples, run once each by the campaign."""
