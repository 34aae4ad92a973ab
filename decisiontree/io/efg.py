"""Gambit's extensive-form game format (``.efg``).

:func:`to_efg` writes a tree as a game that Gambit (and ``pygambit``) can
solve: every decision becomes a personal move of its owner, every chance node
a chance move with exact rational probabilities, every terminal an outcome
with one payoff per player. Branch payoffs are added into the outcomes of the
terminals below them, so each outcome is the total payoff of its path.
Parameters are fixed at their values (base values, or ``values``).

:func:`from_efg` reads perfect-information games back: every information set
must hold one node. Outcomes at inner nodes become branch payoffs.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Enter?", [
...     dt.Branch("in", dt.Chance("Market", [
...         dt.Branch("good", dt.Terminal("win", payoff=10), probability="1/4"),
...         dt.Branch("bad", dt.Terminal("loss", payoff=-2), probability=dt.COMPLEMENT),
...     ]), payoff=-1),
...     dt.Branch("out", dt.Terminal("nothing")),
... ], owner="Firm"), name="Entry")
>>> print(dt.to_efg(tree), end="")
EFG 2 R "Entry" { "Firm" }
""
<BLANKLINE>
p "Enter?" 1 1 "" { "in" "out" } 0
c "Market" 1 "" { "good" 1/4 "bad" 3/4 } 0
t "win" 1 "" { 9 }
t "loss" 2 "" { -3 }
t "nothing" 3 "" { 0 }
>>> back = dt.from_efg(dt.to_efg(tree))
>>> dt.evaluate(back).value == dt.evaluate(tree).value, back.root.owner
(True, 'Firm')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from .. import _arguments as arguments
from .._core import expanded_core
from ..errors import FileFormatError, ModelError, NotRationalError, TooLargeError, brief
from ..model import MAX_SHARED_PATHS, Branch, Chance, Decision, Terminal, Tree
from ..number import as_fraction, exact_text

__all__ = ["from_efg", "to_efg"]

DEFAULT_PLAYER = "Decision maker"
"""The player of a tree with scalar payoffs whose decisions have no owner."""


# --------------------------------------------------------------------------- writing


_LABEL = re.compile(r"(?:[!-\[\]-~]+(?: [!-\[\]-~]+)*)?")
"""What Gambit reads back as written: printable ASCII but backslashes, single spaces between words."""


def _label(text: str, what: str, where: Callable[[], tuple[str, ...]] | None = None) -> str:
    """``text`` quoted for Gambit; ``where`` gives the node's path, only when there is an error to report."""
    if not _LABEL.fullmatch(text):
        raise ModelError(
            f"{what} {text!r} cannot be written to Gambit, whose labels are printable ASCII "
            "without backslashes, leading, trailing or double spaces",
            None if where is None else where(),
        )
    return _quote(text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _number(value: Any) -> str:
    return exact_text(value, decimals=False)


def to_efg(tree: Tree, values: Mapping[Any, Any] | None = None) -> str:
    """The tree as Gambit ``.efg`` text, with exact rational numbers.

    Players are the payoff keys (actors) of a tree with per-actor payoffs,
    and every decision must then have an owner; a tree with scalar payoffs
    has one player per decision owner (``"Decision maker"`` for decisions
    without one), all receiving the same payoff. ``values`` overrides
    parameter values; every number must be rational. Probabilities written
    as floats that sum to 1 only within the tolerance (``1 / 3`` and
    ``2 / 3``) are divided by their sum, as Gambit needs an exact
    distribution. Gambit's format has no
    shared subtrees: each is written once per place it is used, up to
    :data:`~decisiontree.model.MAX_SHARED_PATHS` nodes in all (a bigger one is a ``TooLargeError``).
    """
    tree = arguments.tree_of(tree, "to_efg")
    if not tree.listable:
        raise TooLargeError(
            f"Gambit's format cannot share subtrees, and this tree has {tree.paths:,} nodes path by path "
            f"({tree.flat.size:,} distinct); to_efg writes shared trees of up to {MAX_SHARED_PATHS:,}"
        )
    index = tree.index
    core = expanded_core(tree)
    try:
        params = core.parameter_values(arguments.values(tree, values, exact=True), exact=True)
        probability, payoff, own = core.numbers(params, exact=True)
    except NotRationalError as error:
        raise ModelError(
            f"Gambit needs exact rational numbers: {error.value} is not a rational", error.path
        ) from None
    totals = core.path_totals(payoff, own)
    players = _players(tree)
    number = {player: k + 1 for k, player in enumerate(players)}
    lines = [
        f"EFG 2 R {_quote(tree.name)} {{ {' '.join(_label(p, 'player') for p in players)} }}",
        _quote(tree.description),
        "",
    ]
    labels = _unique_labels(index.nodes)
    infosets = dict.fromkeys(players, 0)
    chance_sets = outcomes = 0
    stack = [0]
    while stack:
        i = stack.pop()
        node = index.nodes[i]
        where = functools.partial(index.path, i)
        if isinstance(node, Terminal):
            outcomes += 1
            if tree.actors:
                payoffs = [_number(totals[i, a, 0]) for a in range(len(tree.actors))]
            else:
                payoffs = [_number(totals[i, 0, 0])] * len(players)
            lines.append(
                f't {_label(labels[i], "node name", where)} {outcomes} "" {{ {", ".join(payoffs)} }}'
            )
            continue
        children = index.children(i)
        if isinstance(node, Chance):
            chance_sets += 1
            chances = _distribution([probability[c - 1, 0] for c in children])
            actions = " ".join(
                f"{_label(b.label, 'branch label', where)} {_number(p)}"
                for b, p in zip(node.branches, chances, strict=True)
            )
            lines.append(f'c {_label(labels[i], "node name", where)} {chance_sets} "" {{ {actions} }} 0')
        else:
            player = _player_of(node, tree)
            infosets[player] += 1
            actions = " ".join(_label(b.label, "branch label", where) for b in node.branches)
            label = _label(labels[i], "node name", where)
            lines.append(f'p {label} {number[player]} {infosets[player]} "" {{ {actions} }} 0')
        stack.extend(reversed(children))
    return "\n".join(lines) + "\n"


def _distribution(chances: list[Any]) -> list[Any]:
    """A chance node's exact probabilities, divided by their sum where that is not 1: Gambit needs
    them to sum to exactly 1, and floats' decimal values may miss it within the tolerance a tree
    allows (``1 / 3`` and ``2 / 3`` written as floats sum to 0.9999999999999999; divided by it,
    they are 1/3 and 2/3 again).

    >>> from fractions import Fraction
    >>> _distribution([Fraction("0.3333333333333333"), Fraction("0.6666666666666666")])
    [Fraction(1, 3), Fraction(2, 3)]
    """
    total = sum(chances, Fraction(0))
    return chances if total == 1 else [p / total for p in chances]


def _unique_labels(nodes: list[Any]) -> list[str]:
    """Node names made unique (Gambit requires it): repeated names get ``(1)``, ``(2)``, ... in order."""
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.name] = counts.get(node.name, 0) + 1
    used = set(counts)
    next_number: dict[str, int] = {}
    labels = []
    for node in nodes:
        name = node.name
        if counts[name] > 1 and name:
            k = next_number.get(name, 1)
            while f"{name} ({k})" in used:
                k += 1
            next_number[name] = k + 1
            name = f"{name} ({k})"
            used.add(name)
        labels.append(name)
    return labels


def _player_of(node: Decision, tree: Tree) -> str:
    if node.owner is not None:
        return node.owner
    if tree.actors:
        raise ModelError(
            f"decision {node.name!r} has no owner; in Gambit every move belongs to a player",
        )
    return DEFAULT_PLAYER


def _players(tree: Tree) -> list[str]:
    if tree.actors:
        return list(tree.actors)
    players: dict[str, None] = {}
    for node in tree.flat.nodes:
        if isinstance(node, Decision):
            players[_player_of(node, tree)] = None
    return list(players) or [DEFAULT_PLAYER]


# --------------------------------------------------------------------------- reading


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v,]+)
  | (?P<newline>\n)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?)
  | (?P<brace>[{}])
  | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE | re.DOTALL,
)


@attrs.frozen
class _Token:
    kind: str
    text: str
    line: int


def _tokens(text: str, file: str | None) -> list[_Token]:
    out: list[_Token] = []
    line, position = 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            shown = text[position : position + 10].split("\n")[0]
            raise FileFormatError(f"unexpected text {shown!r}", file=file, line=line)
        kind = match.lastgroup or ""
        value = match.group()
        if kind == "string":
            out.append(_Token(kind, value[1:-1].replace('\\"', '"'), line))
        elif kind not in ("space", "newline"):
            out.append(_Token(kind, value, line))
        line += value.count("\n")
        position = match.end()
    return out


@attrs.define
class _Parsed:
    """One node read from the file, waiting for its children."""

    kind: str
    name: str
    line: int
    player: str | None = None
    actions: list[tuple[str, Any]] = attrs.Factory(list)
    outcome: tuple[Any, ...] | None = None
    children: list[Any] = attrs.Factory(list)


class _Parser:
    def __init__(self, text: str, file: str | None) -> None:
        self.file = file
        self.tokens = _tokens(text, file)
        self.position = 0

    def fail(self, message: str, line: int | None = None) -> FileFormatError:
        if line is None:
            line = self.peek().line if self.position < len(self.tokens) else self.last_line()
        return FileFormatError(message, file=self.file, line=line)

    def last_line(self) -> int:
        return self.tokens[-1].line if self.tokens else 1

    def peek(self) -> _Token:
        return self.tokens[self.position]

    def more(self) -> bool:
        return self.position < len(self.tokens)

    def take(self, kind: str, what: str) -> _Token:
        if not self.more():
            raise self.fail(f"the file ends where {what} was expected")
        token = self.peek()
        if token.kind != kind:
            raise self.fail(f"expected {what}, found {token.text!r}")
        self.position += 1
        return token

    def has(self, kind: str, text: str | None = None) -> bool:
        return self.more() and self.peek().kind == kind and (text is None or self.peek().text == text)

    def integer(self, what: str) -> int:
        token = self.take("number", what)
        if not token.text.isdigit():
            raise self.fail(f"expected {what} (a whole number), found {token.text!r}", token.line)
        return int(token.text)

    def number(self, what: str) -> int | Fraction:
        token = self.take("number", what)
        try:
            value = as_fraction(token.text, what)  # bounded in size, as every number the library reads
        except ValueError as error:
            raise self.fail(f"{brief(token.text)} is not a usable number ({error})", token.line) from None
        return value.numerator if value.denominator == 1 else value

    def header(self) -> tuple[str, list[str], str]:
        if not self.has("word", "EFG"):
            raise self.fail("not a Gambit extensive-form file: it must start with 'EFG 2 R'")
        self.position += 1
        version = self.take("number", "the format version 2")
        if version.text != "2":
            raise self.fail(f"format version {version.text} is not supported (only 2)", version.line)
        kind = self.take("word", "R or D")
        if kind.text not in ("R", "D"):
            raise self.fail(f"expected R or D, found {kind.text!r}", kind.line)
        title = self.take("string", "the game's title").text
        self.take("brace", "'{' before the players")
        players: list[str] = []
        while self.has("string"):
            players.append(self.take("string", "a player").text or f"Player {len(players) + 1}")
        if not self.has("brace", "}"):
            raise self.fail("expected '}' after the players")
        self.position += 1
        if len(set(players)) != len(players):
            raise self.fail("two players have the same name")
        comment = self.take("string", "comment").text if self.has("string") else ""
        return title, players, comment

    def actions(self, chance: bool) -> list[tuple[str, Any]]:
        self.take("brace", "'{' before the actions")
        actions: list[tuple[str, Any]] = []
        while self.has("string"):
            label = self.take("string", "an action").text
            probability = self.number("the action's probability") if chance else None
            actions.append((label, probability))
        if not self.has("brace", "}"):
            raise self.fail("expected '}' after the actions")
        self.position += 1
        return actions

    def outcome(self, players: list[str], outcomes: dict[int, tuple[Any, ...]]) -> tuple[Any, ...] | None:
        line = self.peek().line if self.more() else self.last_line()
        number = self.integer("an outcome number")
        if self.has("string"):
            self.position += 1
            self.take("brace", "'{' before the payoffs")
            payoffs = []
            while self.has("number"):
                payoffs.append(self.number("a payoff"))
            if not self.has("brace", "}"):
                raise self.fail("expected '}' after the payoffs")
            self.position += 1
            if len(payoffs) != len(players):
                raise self.fail(f"{len(payoffs)} payoffs for {len(players)} players", line)
            if number == 0:
                raise self.fail("outcome 0 means no outcome and cannot have payoffs", line)
            outcomes[number] = tuple(payoffs)
        if number == 0:
            return None
        if number not in outcomes:
            raise self.fail(f"outcome {number} is used before its payoffs are given", line)
        return outcomes[number]

    def parse(self) -> Tree:
        title, players, comment = self.header()
        outcomes: dict[int, tuple[Any, ...]] = {}
        infosets: dict[tuple[int, int], int] = {}
        chance_actions: dict[int, list[tuple[str, Any]]] = {}
        pending: list[_Parsed] = []  # inner nodes still waiting for children
        root: _Parsed | None = None
        while self.more():
            if root is not None and not pending:
                raise self.fail("text after the end of the game tree")
            token = self.take("word", "a node (p, c or t)")
            if token.text not in ("p", "c", "t"):
                raise self.fail(f"expected a node (p, c or t), found {token.text!r}", token.line)
            node = _Parsed(token.text, self.take("string", "the node's name").text, token.line)
            if node.kind == "p":
                player = self.integer("the player number")
                if not 1 <= player <= len(players):
                    raise self.fail(f"player {player} does not exist (there are {len(players)})", token.line)
                node.player = players[player - 1]
                infoset = self.integer("the information set number")
                key = (player, infoset)
                if key in infosets:
                    raise self.fail(
                        f"information set {infoset} of player {player} also holds the node on line "
                        f"{infosets[key]}: only games of perfect information can be read",
                        token.line,
                    )
                infosets[key] = token.line
                if self.has("string"):
                    self.position += 1
                if not self.has("brace", "{"):
                    raise self.fail("expected the actions of the node")
                node.actions = self.actions(chance=False)
            elif node.kind == "c":
                infoset = self.integer("the information set number")
                if self.has("string"):
                    self.position += 1
                if self.has("brace", "{"):
                    chance_actions[infoset] = self.actions(chance=True)
                elif infoset not in chance_actions:
                    raise self.fail(f"chance information set {infoset} has no actions", token.line)
                node.actions = chance_actions[infoset]
            node.outcome = (
                self.outcome(players, outcomes) if (self.has("number") or node.kind != "t") else None
            )
            if node.kind != "t" and not node.actions:
                raise self.fail("a move needs at least one action", token.line)
            if root is None:
                root = node
            else:
                pending[-1].children.append(node)
            if node.kind != "t":
                pending.append(node)
            while pending and len(pending[-1].children) == len(pending[-1].actions):
                pending.pop()
        if root is None:
            raise self.fail("the game has no nodes")
        if pending:
            raise self.fail(f"the file ends before all children of the node on line {pending[-1].line}")
        return _build(root, title, players, comment, self)


def _build(root: _Parsed, title: str, players: list[str], comment: str, parser: _Parser) -> Tree:
    vectors = [root]
    every: list[_Parsed] = []
    while vectors:
        item = vectors.pop()
        every.append(item)
        vectors.extend(item.children)
    same = all(node.outcome is None or len(set(node.outcome)) == 1 for node in every)
    scalar = len(players) == 1 or same

    def payoff(outcome: tuple[Any, ...] | None) -> Any:
        if outcome is None:
            return 0
        return outcome[0] if scalar else dict(zip(players, outcome, strict=True))

    def plus(a: tuple[Any, ...] | None, b: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if a is None or b is None:
            return b if a is None else a
        return tuple(x + y for x, y in zip(a, b, strict=True))

    lines: dict[int, int] = {}
    built: dict[int, Any] = {}
    for item in reversed(every):  # children before parents
        if item.kind == "t":
            node: Any = Terminal(item.name, payoff(item.outcome))
        else:
            extra = item.outcome if item is root else None
            branches = []
            labels: set[str] = set()
            for k, ((label, probability), child) in enumerate(zip(item.actions, item.children, strict=True)):
                label = label or str(k + 1)
                if label in labels:
                    raise parser.fail(f"two actions are labelled {label!r}", item.line)
                labels.add(label)
                inner = child.outcome if child.kind != "t" else None
                branches.append(
                    Branch(
                        label, built[id(child)], probability=probability, payoff=payoff(plus(inner, extra))
                    )
                )
            if item.kind == "c":
                node = Chance(item.name, branches)
            else:
                node = Decision(item.name, branches, owner=item.player)
        built[id(item)] = node
        lines[id(node)] = item.line
    top = built[id(root)]
    try:
        return Tree(top, name=title, description=comment)
    except ModelError as error:
        node = top
        for label in error.path or ():
            node = next(b.node for b in node.branches if b.label == label)
        line = lines.get(id(node))
        raise FileFormatError(error.message, error.path, file=parser.file, line=line) from None


def from_efg(text: str, *, name: str | None = None) -> Tree:
    """Read a perfect-information game from Gambit ``.efg`` text.

    Players become decision owners and payoff keys (a game with one player,
    or where all players always get the same payoff, gives scalar payoffs).
    Outcomes at inner nodes become branch payoffs. ``name`` (a file name) is
    used in error messages, which give the line.

    >>> tree = from_efg('''EFG 2 R "Coin" { "Me" }
    ... c "Flip" 1 "" { "heads" 1/2 "tails" 1/2 } 0
    ... t "" 1 "won" { 10 }
    ... t "" 2 "lost" { -10 }
    ... ''')
    >>> tree.root.branches[0].probability, tree.root.branches[0].node.payoff
    (Fraction(1, 2), 10)
    """
    if not isinstance(text, str):
        raise FileFormatError(f"expected text, got {type(text).__name__}", file=name)
    return _Parser(text, name).parse()
