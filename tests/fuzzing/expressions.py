"""Hostile expressions: random text from a grammar, as hypothesis strategies.

The grammar builds numbers (huge, tiny, many digits, exponents, every Python
literal form), names (declared, undeclared, keywords, look-alikes), the
operators, power towers (``(9**9999)**9999``), calls of the allowed functions
with any number of arguments (``exp(1000)``, ``log(0)``, ``sqrt(-1)``,
``(-8)**(1/3)``) and of forbidden ones, Python syntax that must be refused
(lambda, attributes, subscripts, strings, comprehensions, f-strings), and
damage: unbalanced parentheses, truncation, very deep nesting, very long text.

Each :class:`ExpressionCase` puts the text in one place a user can: the
parser itself, a payoff, a probability, a parameter's value or range, an
override in ``evaluate(values=...)``, a Gambit file, or ``--set`` on the
command line.

>>> ExpressionCase("(9**9999)**9999", "payoff").summary
"payoff: '(9**9999)**9999'"
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from .checks import ALL_USES, CHEAP_USES, run_cli, use_tree
from .promise import NOTHING, Context

__all__ = ["CONTEXTS", "KNOWN", "ExpressionCase", "expression_texts", "expressions"]

NAMES = (
    "p",
    "q",
    "p",
    "q",
    "x",
    "e",
    "E",
    "pi",
    "I",
    "oo",
    "nan",
    "inf",
    "lambda",
    "True",
    "None",
    "ｐ",
    "__import__",
    "exp",
    "max",
    "p_hold",
    "_",
    "μ",
)
"""Names: the declared parameters ``p`` and ``q``, sympy's own names, keywords, look-alikes."""

NUMBERS = (
    "0",
    "1",
    "2",
    "0.5",
    ".5",
    "5.",
    "3/8",
    "1e400",
    "1e-400",
    "1e999999999",
    "-1e999999999",
    "1E+309",
    "1e308",
    "2.5e-324",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1j",
    "00",
    "007",
    "9" * 400,
    "9" * 5000,
    "1." + "0" * 5000 + "1",
    "0." + "0" * 400 + "1",
    "10**4",
    "9**9999",
    "2**10000",
    "10**-400",
)
"""Number literals of every form, including some that are not allowed (``1j``, ``007``)."""

KNOWN = (
    "(9**9999)**9999",
    "(10**4)**(10**4)",
    "9**9**9",
    "2**(2**(2**(2**5)))",
    "(2**10000)*(2**10000)*(2**10000)",
    "(10**9999)**2",
    "10**10000 / 10**-10000",
    "exp(1000)",
    "exp(exp(10))",
    "exp(-1000)",
    "log(0)",
    "log(-1)",
    "log(1, 1)",
    "log(2, 0)",
    "sqrt(-1)",
    "(-8)**(1/3)",
    "(-1)**0.5",
    "(-0.5)**(0.46*q)",  # complex between integers: thresholds' exact solver chased it for ever
    "0**-1",
    "0**0",
    "1/0",
    "0/0",
    "p/0",
    "1/(p - p)",
    "abs(-1e400)",
    "max()",
    "min(1)",
    "max(p, nan)",
    "1e999999999 - 1e999999999",
    "1e400 * 0",
    "p**1e400",
    "p**(10**10)",
    "exp(p*1000)",
    "1/(p - 0.5)",
    "lambda: 0",
    "__import__('os').system('true')",
    "p.real",
    "p[0]",
    "'text'",
    "f'{p}'",
    "[x for x in (1, 2)]",
    "{1: 2}",
    "(1, 2)",
    "p if q else 1",
    "(x := 1)",
    "p and q",
    "not p",
    "~p",
    "p < q",
    "p @ q",
    "p // q",
    "p % q",
    "p ^ q",
    "p << 3",
    "...",
    "b'x'",
    "max(*[1, 2])",
    "max(p, key=q)",
    "eval('1')",
    "getattr(p, 'real')",
    "p; q",
    "p\nq",
    "p # comment",
    "\\\n1",
    "(" * 1000 + "1" + ")" * 1000,
    "-" * 10000 + "1",
    "+".join(["p"] * 4000),
    "+".join(["(" + "+".join(["p"] * 60) + ")"] * 80),  # 9,759 characters read in 16 s: quadratic slicing
    "((((1)",
    "1))))",
    "",
    "   ",
    "\x00",
    "\ud800",
    "1" * 20_000,
)
"""Texts known to be hostile: power towers, overflow, complex results, forbidden syntax."""


def _power(parts: tuple[str, str]) -> str:
    return f"({parts[0]})**({parts[1]})"


ALLOWED_CALLS = (
    ("exp", 1),
    ("log", 1),
    ("log", 2),
    ("sqrt", 1),
    ("abs", 1),
    ("min", 2),
    ("max", 2),
    ("max", 3),
)
FORBIDDEN = ("//", "%", "^", "@", "<<", " and ", " < ", " if p else ")


def expression_texts() -> st.SearchStrategy[str]:
    """Random expression text from the grammar; shrinks towards ``"0"``.

    Most texts are allowed expressions (so they reach evaluation); some use
    forbidden operators, unknown functions, wrong numbers of arguments, or
    are damaged (a character inserted at some position).
    """
    atoms = st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(("p", "q", "p", "q", "1", "2", "1/2", "10")),
        st.sampled_from(NAMES),
        st.integers().map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        allowed = st.tuples(inner, st.sampled_from([" + ", " - ", "*", "/", "**"]), inner)
        forbidden = st.tuples(inner, st.sampled_from(FORBIDDEN), inner)
        call = st.sampled_from(ALLOWED_CALLS).flatmap(
            lambda fn: st.lists(inner, min_size=fn[1], max_size=fn[1]).map(
                lambda args: f"{fn[0]}({', '.join(args)})"
            )
        )
        odd_call = st.tuples(
            st.sampled_from(["exp", "max", "sin", "open", "Max", "log"]), st.lists(inner, max_size=4)
        )
        return st.one_of(
            allowed.map("".join),
            allowed.map("".join),
            inner.map(lambda t: f"({t})"),
            inner.map(lambda t: f"-{t}"),
            st.tuples(inner, inner).map(_power),
            call,
            call,
            forbidden.map("".join),
            odd_call.map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        )

    grammar = st.recursive(atoms, extend, max_leaves=8)
    damaged = st.tuples(grammar, st.integers(0, 40), st.sampled_from(["(", ")", "**", "'", ",", ".", " "]))
    return st.one_of(
        grammar,
        grammar,
        grammar,
        st.sampled_from(KNOWN),
        damaged.map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]),
    )


CONTEXTS = ("parse", "payoff", "payoff", "probability", "probability", "parameter", "low", "values", "efg")
CONTEXTS += ("cli",)
"""Where an expression is put."""


def _class_of(text: str) -> int:
    """The class of the issue a text belongs to, roughly: 3 (sizes of numbers) or 4 (not real)."""
    if any(mark in text for mark in ("exp(", "log(", "sqrt(", "**(1/", "nan", "/0", "oo", "**0.5", "I")):
        return 4
    return 3


@attrs.frozen
class ExpressionCase:
    """Expression text put into one context; the tree built from it is used."""

    kind = "expressions"
    text: str
    where: str
    uses: frozenset[str] = ALL_USES

    @property
    def classes(self) -> tuple[int, ...]:
        return (9,) if self.where == "cli" else (_class_of(self.text),)

    @property
    def summary(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:40] + f"... ({len(self.text)} characters)"
        return f"{self.where}: {shown!r}"

    def source(self) -> str:
        return f"{self.where}: {self.text!r}"

    def run(self, context: Context) -> None:
        import decisiontree as dt

        text, where = self.text, self.where
        if where == "parse":
            expression = context.step("parse_expression", dt.parse_expression, text)
            if expression is not NOTHING:
                context.finite("parse_expression", expression)
                context.step("str(expression)", str, expression)
            return
        if where == "efg":
            context.step("from_efg", _efg, text)
            return
        if where == "cli":
            from pathlib import Path

            Path("model.yaml").write_text(dt.dumps(small_tree()), encoding="utf-8")
            run_cli(context, ["evaluate", "model.yaml", "--set", f"p={text}"])
            return
        if where == "values":
            read = context.step("evaluate(values=...)", lambda: str(dt.evaluate(small_tree(), {"p": text})))
            if read is not NOTHING:
                context.step(
                    "evaluate(values=...).value", lambda: dt.evaluate(small_tree(), {"p": text}).value
                )
            return
        tree = context.step(f"build ({where})", small_tree, **{where: text})
        if tree is not NOTHING:
            use_tree(context, tree, self.uses)


def small_tree(*, payoff: Any = 10, probability: Any = None, parameter: Any = None, low: Any = None) -> Any:
    """A decision between a gamble and a sure thing, with the expression in one place.

    >>> small_tree().root.name
    'choose'
    """
    import decisiontree as dt

    p = dt.Parameter("p", 0.5, low=0.1, high=0.9, distribution=dt.Beta(2, 2))
    q = dt.Parameter("q", 2, low=1, high=3) if parameter is None else dt.Parameter("q", parameter)
    if low is not None:
        q = dt.Parameter("q", 2, low=low, high=3)
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch(
                "win",
                dt.Terminal("won", payoff=payoff),
                probability=p if probability is None else probability,
            ),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    root = dt.Decision(
        "choose", [dt.Branch("gamble", gamble, payoff="q - 2"), dt.Branch("sure", dt.Terminal("kept"))]
    )
    return dt.Tree(root, [p, q], name="expression")


def _efg(text: str) -> Any:
    import decisiontree as dt

    game = (
        'EFG 2 R "game" { "Player" }\n""\n\n'
        'c "" 1 "" { "a" ' + text + ' "b" 1/2 } 0\n'
        't "" 1 "" { ' + text + " }\n"
        't "" 2 "" { 1 }\n'
    )
    tree = dt.from_efg(game)
    return str(dt.evaluate(tree))


@st.composite
def expressions(draw: Any) -> ExpressionCase:
    """Expression text in a context, as :class:`ExpressionCase`; shrinks towards ``"0"`` parsed alone."""
    from .model_files import uses

    text = draw(expression_texts())
    where = draw(st.sampled_from(CONTEXTS))
    chosen = draw(uses()) if where in ("payoff", "probability", "parameter", "low") else CHEAP_USES
    return ExpressionCase(text=text, where=where, uses=chosen)
