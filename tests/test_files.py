# ruff: noqa: E501  (error messages are checked whole)
"""Model files: lossless YAML/JSON round trips, the schema, clones, and errors that name the place."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import attrs
import jsonschema
import pytest
import sympy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree import distributions
from decisiontree.errors import FileFormatError
from decisiontree.expressions import parse_expression
from decisiontree.io.files import NESTING_LIMIT, expression_text, schema
from decisiontree.io.syntax import json_text as _json_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# --------------------------------------------------------------------------- a small tree strategy

X = dt.Parameter(
    "x", 2, low=0, high=5, distribution=dt.Normal(2, 1), description="ünïcode x", source="made up"
)
Y = dt.Parameter("y", 0.5, low=0.25, high=1, distribution=dt.Beta(2, 3))
Q = dt.Parameter("q", Fraction(1, 3), low=0, high=1)
Z = dt.Parameter("z", -1.25, distribution=dt.Empirical((1, 2.5, 3), weights=(1, 1, 2)))
PARAMETERS = (X, Y, Q, Z)

EXPRESSIONS = [
    X.symbol,
    -X,
    1 - Q,
    2 * X + Y / 3,
    parse_expression("max(x, y) - min(x, 3/8)"),
    parse_expression("sqrt(x) + exp(y) + abs(z) + log(x + 1)"),
    parse_expression("x**2 / (y + 1)"),
    -Y,
]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.fractions(max_denominator=1000),
    st.sampled_from(EXPRESSIONS),
)


@st.composite
def probabilities(draw: st.DrawFn, n: int) -> list[object]:
    style = draw(st.sampled_from(["fractions", "complement", "floats", "expression"]))
    if style == "expression" and n == 2:
        return [Q, 1 - Q]
    if style == "floats" and n in (2, 4):
        return [0.5, 0.5] if n == 2 else [0.25] * 4
    weights = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    shares = [Fraction(w, sum(weights)) for w in weights]
    if style == "complement":
        return [*shares[:-1], dt.COMPLEMENT]
    return shares


@st.composite
def trees(draw: st.DrawFn, actors: tuple[str, ...] | None = None) -> dt.Tree:
    """Random valid trees, built top-down with an explicit frontier (shrinks to one terminal)."""

    def payoff() -> object:
        if actors is None:
            return draw(numbers)
        if draw(st.booleans()):
            return 0
        return {actor: draw(numbers) for actor in actors}

    budget = draw(st.integers(0, 12))

    def node() -> dt.Terminal | dt.Chance | dt.Decision:
        nonlocal budget
        name, notes = draw(text), draw(st.one_of(st.just(""), text, st.just("line one\nline two\n")))
        if budget <= 0 or draw(st.integers(0, 3)) == 0:
            return dt.Terminal(name, payoff(), notes=notes)
        n = draw(st.integers(1, 4))
        budget -= n
        labels = draw(st.lists(text.filter(bool), min_size=n, max_size=n, unique=True))
        children = [node() for _ in range(n)]
        if draw(st.booleans()):
            ps = draw(probabilities(n))
            branches = [
                dt.Branch(label, child, probability=p, payoff=payoff())
                for label, child, p in zip(labels, children, ps, strict=True)
            ]
            return dt.Chance(name, branches, notes=notes)
        branches = [
            dt.Branch(label, child, payoff=payoff()) for label, child in zip(labels, children, strict=True)
        ]
        owner = draw(st.sampled_from(actors)) if actors and draw(st.booleans()) else None
        return dt.Decision(name, branches, owner=owner, notes=notes)

    return dt.Tree(node(), PARAMETERS, name=draw(text), description=draw(text))


any_trees = st.one_of(trees(), trees(actors=("Europe", "US")), trees(actors=("Ukraïna", "Россия", "x")))


# --------------------------------------------------------------------------- round trips


@settings(max_examples=60)
@given(any_trees, st.sampled_from(["yaml", "json"]))
def test_round_trip_is_lossless(tree: dt.Tree, format: str) -> None:
    text = dt.dumps(tree, format=format)
    back = dt.loads(text, format=format)
    assert back == tree
    assert back.parameters == tree.parameters
    assert (back.name, back.description) == (tree.name, tree.description)
    assert dt.dumps(back, format=format) == text  # stable


@settings(max_examples=30)
@given(any_trees)
def test_dumped_files_follow_the_schema(tree: dt.Tree) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    validator.validate(json.loads(dt.dumps(tree, format="json")))
    validator.validate(yaml.safe_load(dt.dumps(tree)))


@settings(max_examples=30)
@given(any_trees)
def test_to_dict_and_from_dict_invert_each_other(tree: dt.Tree) -> None:
    assert dt.from_dict(dt.to_dict(tree)) == tree


@pytest.mark.parametrize(
    "expression",
    [
        *EXPRESSIONS,
        -parse_expression("troop_cost"),
        parse_expression("p_hold + deterrence"),
        parse_expression("1 - p"),
    ],
)
def test_expression_text_parses_back(expression: sympy.Expr) -> None:
    assert parse_expression(expression_text(expression)) == expression


def test_expression_text_is_readable() -> None:
    assert expression_text(parse_expression("-troop_cost")) == "-troop_cost"
    assert expression_text(parse_expression("1 - p")) == "1 - p"
    assert expression_text(parse_expression("p_hold + deterrence")) == "deterrence + p_hold"


def test_exact_numbers_are_written_as_text() -> None:
    tree = dt.Tree(dt.Chance("c", [
        dt.Branch("a", dt.Terminal("A", payoff=Fraction(-7, 3)), probability="3/8"),
        dt.Branch("b", dt.Terminal("B", payoff=0.1), probability=dt.COMPLEMENT),
    ]))  # fmt: skip
    text = dt.dumps(tree)
    assert "probability: 3/8" in text
    assert "payoff: -7/3" in text
    assert "payoff: 0.1" in text
    assert "probability: '#'" in text
    back = dt.loads(text)
    assert back.root.branches[0].probability == Fraction(3, 8)
    assert type(back.root.branches[1].node.payoff) is float


def test_yaml_output_is_plain_and_ordered() -> None:
    tree = dt.Tree(
        dt.Decision(
            "Go?", [dt.Branch("yes", dt.Terminal("win", payoff=1, notes="two\nlines\n"))], owner="me"
        ),
        [dt.Parameter("p", 0.5, low=0, high=1, distribution=dt.Beta(2, 2))],
        name="tiny",
    )
    text = dt.dumps(tree)
    assert "!!" not in text and "!<" not in text
    assert list(yaml.safe_load(text)) == ["version", "name", "parameters", "tree"]
    assert "distribution: {type: Beta, a: 2.0, b: 2.0}" in text
    assert "notes: |\n" in text
    assert list(yaml.safe_load(text)["tree"]) == ["kind", "name", "owner", "branches"]


def test_json_writer_matches_the_standard_library() -> None:
    data = {"a": [1, 2.5, {"b": None, "c": True, "é": 'x"y'}], "z": [], "e": {}}
    assert _json_text(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_load_and_dump_files(tmp_path: Path) -> None:
    tree = dt.Tree(dt.Terminal("only", payoff="1/3"), name="ünïcode")
    for suffix in (".yaml", ".yml", ".json"):
        path = dt.dump(tree, tmp_path / f"model{suffix}")
        assert dt.load(path) == tree
    assert dt.load(dt.dump(tree, tmp_path / "model.efg")).root.payoff == Fraction(1, 3)


def test_every_distribution_class_round_trips() -> None:
    examples = [
        dt.Beta(2, 3), dt.Normal(0, 1), dt.LogNormal(0, 0.5), dt.Gamma(2, 1), dt.Uniform(0, 1),
        dt.Triangular(0, 1, 2), dt.PERT(0, 1, 2, shape=3), dt.Empirical((1, 2, 3)),
        dt.Dirichlet((1, 2), parameters=("p", "q")),
        distributions.MultivariateNormal((0, 0), ((1, 0), (0, 1)), parameters=("p", "q")),
    ]  # fmt: skip
    for distribution in examples:
        tree = dt.Tree(dt.Terminal("t", payoff="p"), [dt.Parameter("p", 0.5, distribution=distribution)])
        for format in ("yaml", "json"):
            assert dt.loads(dt.dumps(tree, format), format).parameters[0].distribution == distribution
    kinds = {name for name in distributions.__all__ if attrs.has(getattr(distributions, name))}
    assert set(schema()["$defs"]["distribution"]["properties"]["type"]["enum"]) == kinds


def test_paris_files_are_generated_from_the_python_model(tmp_path: Path) -> None:
    sys.path.insert(0, str(EXAMPLES))
    from paris_files import write_model_files
    from paris_summit import paris_summit

    for path in write_model_files(tmp_path):
        assert path.read_text(encoding="utf-8") == (EXAMPLES / path.name).read_text(encoding="utf-8")
    assert dt.load(EXAMPLES / "paris_summit.yaml") == paris_summit("decision")
    assert dt.load(EXAMPLES / "paris_summit_chance.yaml") == paris_summit("chance")


# --------------------------------------------------------------------------- deep and wide


def chain(depth: int) -> dt.Tree:
    node: dt.Terminal | dt.Decision = dt.Terminal("end", payoff=1)
    for i in range(depth):
        node = dt.Decision(f"d{i}", [dt.Branch("go", node), dt.Branch("stop", dt.Terminal("s"))])
    return dt.Tree(node)


def test_a_100000_level_chain_round_trips_through_json() -> None:
    tree = chain(100_000)
    assert dt.loads(dt.dumps(tree, "json"), "json") == tree


def test_a_deep_chain_round_trips_through_yaml() -> None:
    tree = chain(2_000)
    text = dt.dumps(tree)
    assert "subtrees:" in text and "ref: deep-1" in text
    assert dt.loads(text) == tree


@pytest.mark.slow
def test_a_100000_level_chain_round_trips_through_yaml() -> None:
    tree = chain(100_000)
    assert dt.loads(dt.dumps(tree)) == tree


def test_normal_depths_stay_one_nested_outline() -> None:
    tree = chain(NESTING_LIMIT - 1)
    assert "subtrees" not in dt.to_dict(tree)


def test_a_wide_tree_round_trips() -> None:
    tree = dt.Tree(
        dt.Decision("pick", [dt.Branch(f"option {k}", dt.Terminal(f"t{k}", payoff=k)) for k in range(20_000)])
    )
    assert dt.loads(dt.dumps(tree, "json"), "json") == tree


# --------------------------------------------------------------------------- subtrees (clones)

CLONES = """\
version: 1
parameters:
  p: {value: 0.6, low: 0, high: 1}
tree:
  kind: decision
  name: Deploy?
  branches:
  - label: deploy
    payoff: -20
    node: {ref: ceasefire}
  - label: wait
    node: {ref: ceasefire}
subtrees:
  ceasefire:
    kind: chance
    name: Ceasefire
    branches:
    - {label: holds, probability: p, node: {ref: peace}}
    - {label: breaks, probability: '#', node: {kind: terminal, name: War, payoff: -50}}
  peace: {kind: terminal, name: Peace, payoff: 100}
"""


def test_subtrees_are_defined_once_and_shared() -> None:
    tree = dt.loads(CLONES)
    deploy, wait = (b.node for b in tree.root.branches)
    assert deploy is wait
    assert tree.node_at(("wait", "holds")).payoff == 100
    assert dt.evaluate(tree, exact=True).value == 40


def test_yaml_aliases_work_like_subtrees() -> None:
    text = """
tree:
  kind: decision
  name: D
  branches:
  - {label: a, node: &leaf {kind: terminal, name: L, payoff: 1}}
  - {label: b, node: *leaf}
"""
    tree = dt.loads(text)
    assert tree.root.branches[0].node is tree.root.branches[1].node


def errors(text: str, format: str = "yaml") -> str:
    with pytest.raises(FileFormatError) as caught:
        dt.loads(text, format=format, name="model." + format)
    return str(caught.value)


def test_a_subtree_that_contains_itself_is_an_error() -> None:
    text = CLONES.replace("node: {ref: peace}", "node: {ref: ceasefire}")
    message = errors(text)
    assert "subtree 'ceasefire' contains itself" in message
    assert message.startswith("model.yaml:18:38:")
    assert '"deploy" > "holds"' in message


def test_a_reference_cycle_between_names_is_an_error() -> None:
    text = "tree: {ref: a}\nsubtrees:\n  a: {ref: b}\n  b: {ref: a}\n"
    assert "refers to itself (a > b > a)" in errors(text)


def test_an_unknown_subtree_is_named_with_a_suggestion() -> None:
    message = errors(CLONES.replace("{ref: peace}", "{ref: paece}"))
    assert "no subtree named 'paece'; did you mean 'peace'?" in message
    assert message.startswith("model.yaml:18:")


def test_a_yaml_alias_cycle_is_an_error() -> None:
    text = "tree: &n {kind: decision, name: D, branches: [{label: a, node: *n}]}\n"
    assert "contains itself" in errors(text)


# --------------------------------------------------------------------------- errors name the place

PARIS = """\
version: 1
parameters:
  troop_cost: {value: 20, low: 10, high: 40}
tree:
  kind: decision
  name: Paris summit
  branches:
  - label: Deploy force
    payoff: -troop_cost
    node:
      kind: chance
      name: Ceasefire
      branches:
      - label: holds
        probability: 0.6
        node: {kind: terminal, name: Stable, payoff: 100}
      - label: breaks
        probability: 0.3
        node: {kind: terminal, name: War, payoff: -50}
  - label: Stay out
    node: {kind: terminal, name: Status quo}
"""


VALID = PARIS.replace("probability: 0.3", "probability: 0.4")


def test_the_valid_model_loads() -> None:
    assert dt.evaluate(dt.loads(VALID), exact=True).value == 20


def test_probabilities_not_summing_to_one_name_file_line_and_path() -> None:
    assert errors(PARIS) == ('model.yaml:11:7: tree > "Deploy force": probabilities sum to 0.9, not 1')


def test_the_same_error_in_json_names_the_line() -> None:
    data = yaml.safe_load(PARIS)
    message = errors(json.dumps(data, indent=2), "json")
    assert message.startswith("model.json:")
    assert message.endswith('tree > "Deploy force": probabilities sum to 0.9, not 1')
    line = int(message.split(":")[1])
    assert '"node": {' in json.dumps(data, indent=2).splitlines()[line - 1]


def test_error_attributes() -> None:
    with pytest.raises(dt.ModelError) as caught:
        dt.loads(PARIS, name="paris.yaml")
    error = caught.value
    assert isinstance(error, FileFormatError)
    assert (error.file, error.line, error.column, error.path) == ("paris.yaml", 11, 7, ("Deploy force",))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("probability: 0.6", None),
            "model.yaml:15:9: tree > \"Deploy force\": unknown key 'probabilty' in a branch; did you mean 'probability'?",
        ),
        (
            ("kind: chance", "kind: chanse"),
            "model.yaml:11:7: tree > \"Deploy force\": kind must be terminal, chance or decision, got str 'chanse'; did you mean 'chance'?",
        ),
        (
            ("probability: 0.4", "probability: 1 - p_hold"),
            "model.yaml:11:7: tree > \"Deploy force\": probability of 'breaks' 1 - p_hold: unknown parameter 'p_hold'",
        ),
        (
            ("probability: 0.4", "probability: 0.4 +* 2"),
            "model.yaml:18:9: tree > \"Deploy force\": probability of 'breaks': syntax error in '0.4 +* 2'",
        ),
        (
            ("probability: 0.4", "probability: __import__('os')"),
            "probability of 'breaks': '__import__' is not an allowed function",
        ),
        (
            ("probability: 0.4", "probability:"),
            "probability of 'breaks' is empty (write the complement as '#' in quotes)",
        ),
        (
            ("probability: 0.4", "probability: [0.3]"),
            "model.yaml:18:9: tree > \"Deploy force\": probability of 'breaks' must be a number or text, got a list",
        ),
        (
            ("label: holds", "label: 2025"),
            'model.yaml:14:9: tree > "Deploy force": branch 1: label must be text, got the number 2025; write it in quotes',
        ),
        (("- label: holds", "- lable: holds"), "unknown key 'lable' in a branch; did you mean 'label'?"),
        (
            ("payoff: -troop_cost", "payoff: true"),
            "model.yaml:9:5: tree (root): payoff of branch 'Deploy force' must be a number or text, got true (a boolean)",
        ),
        (
            ("version: 1", "version: 2"),
            "model.yaml:1:1: format version 2 is newer than this version of decisiontree reads (it reads version 1)",
        ),
        (
            ("version: 1", "version: 1\nactors: [Europe]"),
            "model.yaml:2:1: actors are listed as Europe but the payoffs are for none (scalar payoffs)",
        ),
        (
            ("name: Stable", "name: Stable, nmae: x"),
            "unknown key 'nmae' in a terminal node; did you mean 'name'?",
        ),
        (
            ("troop_cost: {value: 20, low: 10, high: 40}", "troop_cost: {value: 50, low: 10, high: 40}"),
            "model.yaml:3:16: parameter 'troop_cost': value 50 is outside its range [10, 40]",
        ),
        (
            (
                "troop_cost: {value: 20, low: 10, high: 40}",
                "troop_cost: {value: 20, distribution: {type: Bta, a: 1, b: 2}}",
            ),
            "needs a 'type', one of PERT, Beta",
        ),
        (
            (
                "troop_cost: {value: 20, low: 10, high: 40}",
                "troop_cost: {value: 20, distribution: {type: Beta, a: 1, bb: 2}}",
            ),
            "model.yaml:3:60: unknown key 'bb' in a Beta distribution; did you mean 'b'?",
        ),
        (
            (
                "troop_cost: {value: 20, low: 10, high: 40}",
                "troop_cost: {value: 20, distribution: {type: Beta, a: -1, b: 2}}",
            ),
            "the distribution of parameter 'troop_cost'",
        ),
        (
            (
                "troop_cost: {value: 20, low: 10, high: 40}",
                "troop_cost: {value: 20, distribution: {type: Distribution}}",
            ),
            "distribution Distribution cannot be read from a file",
        ),
        (
            (
                "troop_cost: {value: 20, low: 10, high: 40}",
                "troop_cost: {value: 20, low: 10, high: 40}\n  troop_cost: 5",
            ),
            "model.yaml:4:3: invalid YAML: duplicate key 'troop_cost'",
        ),
        (("name: Paris summit", "name: [Paris]"), "a decision node: name must be text, got a list"),
        (("tree:", "tre:"), "unknown key 'tre' in the model; did you mean 'tree'?"),
        (
            ("  name: Paris summit\n", "  name: Paris summit\n  owner: 7\n"),
            "a decision node: owner must be text, got the number 7; write it in quotes",
        ),
        (
            (
                "payoff: -50}",
                "payoff: !!python/object/apply:os.system ['echo hi']}",
            ),
            "invalid YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain data only)",
        ),
    ],
)
def test_documented_error_messages(change: tuple[str, str | None], expected: str) -> None:
    old, new = change
    text = VALID.replace(old, old.replace("probability", "probabilty") if new is None else new, 1)
    assert text != VALID
    assert expected in errors(text)


def test_bad_yaml_names_line_and_column() -> None:
    assert errors("tree:\n  kind: terminal\n   name: x\n").startswith("model.yaml:3:")
    assert "invalid YAML" in errors("tree: [\n")
    # a lone surrogate in JSON (allowed there): the error still names the place, without a line
    assert "actors must be a list of names" in errors('{"actors": [[]], "tree": {"kind": "\ud800"}}', "json")
    # a character YAML does not allow: one line, with its line and column
    message = errors('tree:\n  kind: terminal\n  name: "a\x07b"\n')
    assert message == (
        "model.yaml:3:11: invalid YAML: the character '\\x07' is not allowed in YAML "
        "(control characters are not allowed)"
    )


def test_bad_json_names_line_and_column() -> None:
    assert errors('{\n  "tree": {\n    "kind": "terminal",\n  }\n}', "json").startswith(
        "model.json:4:3: invalid JSON"
    )
    assert "duplicate key 'tree'" in errors('{"tree": 1, "tree": 2}', "json")


def test_structure_errors() -> None:
    assert "a model file must be a mapping with a 'tree', got a list" in errors("- 1\n")
    assert "the model needs a 'tree'" in errors("name: x\n")
    assert "a node needs a 'kind'" in errors("tree: {name: x}\n")
    assert "a chance node needs 'branches'" in errors("tree: {kind: chance, name: c}\n")
    assert "branches must be a non-empty list, got the number 5" in errors(
        "tree: {kind: chance, name: c, branches: 5}"
    )
    assert "branches must be a non-empty list, got a list" in errors(
        "tree: {kind: chance, name: c, branches: []}"
    )
    assert "branch 'a' needs a 'node'" in errors("tree: {kind: decision, name: d, branches: [{label: a}]}\n")
    assert "a node must be a mapping, got str 'x'" in errors("tree: x\n")
    assert "a reference (a node with 'ref' has only 'with' besides)" in errors(
        "tree: {ref: a, kind: terminal}\nsubtrees: {a: {kind: terminal, name: t}}\n"
    )


def test_yes_and_no_are_labels_not_booleans() -> None:
    tree = dt.loads(
        "tree: {kind: decision, name: Go?, branches: [{label: yes, node: {kind: terminal, name: y}}, {label: no, node: {kind: terminal, name: n}}]}"
    )
    assert [b.label for b in tree.root.branches] == ["yes", "no"]


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(dt.ArgumentError, match="cannot tell the format"):
        dt.load(tmp_path / "model.txt")
    with pytest.raises(dt.ArgumentError, match="cannot tell the format"):
        dt.dump(dt.Tree(dt.Terminal("t")), tmp_path / "model.txt")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("tree: {kind: terminal, name: caf\xe9}".encode("latin-1"))
    with pytest.raises(FileFormatError, match="latin1.yaml: not UTF-8"):
        dt.load(bad)
    with pytest.raises(FileFormatError, match="missing.yaml: no such file"):
        dt.load(tmp_path / "missing.yaml")
    with pytest.raises(dt.ArgumentError, match="unknown format"):
        dt.loads("tree: 1", format="xml")
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree"):
        dt.to_dict("not a tree")  # type: ignore[arg-type]


def test_from_dict_errors_have_no_file() -> None:
    with pytest.raises(FileFormatError) as caught:
        dt.from_dict({"tree": {"kind": "terminal", "name": "t", "payoff": "1 +"}})
    assert str(caught.value) == "tree (root): payoff: syntax error in '1 +'"


def test_long_formulas_built_in_code_read_back_from_their_files() -> None:
    """A sum of 600 parameters nested 600 levels deep when its text was read back (refused as too deeply
    nested); long sums and products are written in groups now. A formula longer than a file may hold
    is refused when the model is built, not when its file is read."""
    names = [dt.Parameter(f"q{k}", 1) for k in range(600)]
    total, product = sympy.Add(*[n.symbol for n in names]), sympy.Mul(*[n.symbol for n in names])
    options = [
        dt.Branch(f"{k}", dt.Terminal(f"T{k}", payoff=v)) for k, v in enumerate((total, product, 3 - total))
    ]
    tree = dt.Tree(dt.Decision("d", options), names)
    back = dt.loads(dt.dumps(tree))
    assert back == tree and dt.evaluate(back).option_values() == {"0": 600, "1": 1, "2": -597}
    p = dt.Parameter("p", 0.5)
    fits = sympy.Add(*[p.symbol**k / (k + 1) for k in range(1, 900)])  # written without spaces
    tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=fits))]), [p])
    assert dt.loads(dt.dumps(tree)) == tree
    long = sympy.Add(*[p.symbol**k / (k + 1) for k in range(1, 1500)])
    with pytest.raises(dt.ModelError, match=r"payoff: an expression of 17,320 characters .* at most 10,000"):
        dt.Terminal("A", payoff=long)
