"""DOT text of diagrams: structure, shapes, labels, highlight, collapse, escaping, options (no binary)."""

from __future__ import annotations

import re

import graphviz
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shared_trees import summit as shared_summit

import decisiontree as dt
from decisiontree.errors import RenderError
from decisiontree.render.dot import escape_html, escape_string


def summit() -> dt.Tree:
    return shared_summit(ceasefire_notes="Monitored by the OSCE")


def game() -> dt.Tree:
    """Entry deterrence: an entrant decides, then the incumbent."""
    return dt.Tree(
        dt.Decision(
            "Entrant",
            [
                dt.Branch(
                    "enter",
                    dt.Decision(
                        "Incumbent",
                        [
                            dt.Branch("fight", dt.Terminal("price war", payoff={"E": -1, "I": -1})),
                            dt.Branch("accommodate", dt.Terminal("share", payoff={"E": 1, "I": 1})),
                        ],
                        owner="I",
                    ),
                ),
                dt.Branch("stay out", dt.Terminal("monopoly", payoff={"E": 0, "I": 2})),
            ],
            owner="E",
        )
    )


def statements(graph: graphviz.Digraph) -> dict[str, str]:
    """Node and edge statements by their id (``n0``, ``n0 -> n1``)."""
    out = {}
    for line in graph.body:
        match = re.match(r"\t(\S+(?: -> \S+)?) \[", line)
        if match:
            out[match.group(1)] = line
    return out


def test_one_graphviz_node_per_tree_node_and_one_edge_per_branch() -> None:
    graph = dt.to_dot(summit())
    found = statements(graph)
    assert sorted(k for k in found if "->" not in k) == ["n0", "n1", "n2", "n3", "n4"]
    assert sorted(k for k in found if "->" in k) == ["n0 -> n1", "n0 -> n2", "n1 -> n3", "n1 -> n4"]
    assert isinstance(graph, graphviz.Digraph)


def test_textbook_shapes_and_direction() -> None:
    graph = dt.to_dot(summit())
    found = statements(graph)
    assert "shape=box" in found["n0"]
    assert "shape=circle" in found["n1"]
    assert "\u25c0" in found["n2"] and "shape=none" in found["n2"]  # a triangle at the branch end
    assert "headport=" in found["n1 -> n3"]
    assert "rankdir=LR" in graph.source
    top_down = dt.to_dot(summit(), direction="TB").source
    assert "rankdir=TB" in top_down and "\u25b2" in top_down


def test_probabilities_payoffs_and_formulas_on_edges() -> None:
    found = statements(dt.to_dot(summit()))
    assert "holds" in found["n1 -> n3"] and "p_hold = 60%" in found["n1 -> n3"]
    assert "40%" in found["n1 -> n4"] and "#" not in found["n1 -> n4"]  # the complement: just its number
    assert "-troop_cost = -20" in found["n0 -> n1"]
    plain = statements(dt.to_dot(summit(), formulas=False))
    assert "p_hold" not in plain["n1 -> n3"] and "60%" in plain["n1 -> n3"]


def test_a_tree_has_no_values_unless_asked() -> None:
    assert "value" not in dt.to_dot(summit()).source
    assert "teetee" not in dt.to_dot(summit()).source
    with_values = statements(dt.to_dot(summit(), show={"values", "probabilities"}))
    assert ">20<" in with_values["n0"] and ">40<" in with_values["n1"]
    at_other_values = statements(dt.to_dot(summit(), values={"p_hold": 0.4}))
    assert ">10<" in at_other_values["n1"] and "p_hold = 40%" in at_other_values["n1 -> n3"]


def test_result_shows_rolled_back_values_and_highlights_the_policy() -> None:
    found = statements(dt.to_dot(dt.evaluate(summit())))
    assert ">20<" in found["n0"]  # root value
    assert ">40<" in found["n1"]  # value at the chance node
    chosen, other = found["n0 -> n1"], found["n0 -> n2"]
    assert "penwidth=2.4" in chosen and "dashed" not in chosen
    assert "dashed" in other and "arrowtail=teetee" in other
    assert "teetee" not in found["n1 -> n3"]  # chance branches are not choices


def test_highlight_a_given_policy_and_switch_it_off() -> None:
    found = statements(dt.to_dot(summit(), highlight={(): "Stay out"}))
    assert "dashed" in found["n0 -> n1"] and "penwidth=2.4" in found["n0 -> n2"]
    assert "teetee" not in dt.to_dot(dt.evaluate(summit()), highlight=False).source


def test_bad_highlight_names_the_place() -> None:
    with pytest.raises(dt.NotFoundError, match="unknown branch 'Maybe'"):
        dt.to_dot(summit(), highlight={(): "Maybe"})
    with pytest.raises(dt.ArgumentError, match=r"at \('Deploy force',\) is a chance node, not a decision"):
        dt.to_dot(summit(), highlight={("Deploy force",): "holds"})
    with pytest.raises(dt.NotFoundError, match="unknown branch 'Nowhere'"):
        dt.to_dot(summit(), highlight={("Nowhere",): "x"})
    with pytest.raises(RenderError, match="highlight"):
        dt.to_dot(summit(), highlight="yes")  # type: ignore[arg-type]


def test_show_selects_annotations() -> None:
    bare = dt.to_dot(dt.evaluate(summit()), show=set()).source
    assert "60%" not in bare and ">20<" not in bare and "-20" not in bare
    shown = {"path_probabilities", "cumulative_payoffs"}
    terminals = statements(dt.to_dot(dt.evaluate(summit()), show=shown))
    assert "P = 60%" in terminals["n3"] and "total</FONT> 80" in terminals["n3"]
    assert "total</FONT> -70" in terminals["n4"]


def test_number_and_probability_formats() -> None:
    big = dt.Tree(
        dt.Chance(
            "Market",
            [
                dt.Branch("boom", dt.Terminal("up", payoff=1234567.891), probability="1/3"),
                dt.Branch("bust", dt.Terminal("down", payoff=-2500), probability=dt.COMPLEMENT),
            ],
        )
    )
    default = dt.to_dot(big).source
    assert "1,234,568" in default and "33.3%" in default and "-2,500" in default
    custom = dt.to_dot(big, number_format="{:,.2f}", probability_format=".3f").source
    assert "1,234,567.89" in custom and "0.333" in custom
    by_function = dt.to_dot(big, number_format=lambda x: f"EUR {x / 1e6:.1f}m").source
    assert "EUR 1.2m" in by_function


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"direction": "up"}, "direction must be one of"),
        ({"show": {"everything"}}, "unknown annotation 'everything'"),
        ({"show": 3}, "show must be"),
        ({"number_format": "{:q}"}, "number_format"),
        ({"number_format": 3}, "number_format must be"),
        ({"number_format": lambda x: 3}, "must give text"),
        ({"probability_format": "{x}"}, "probability_format"),
        ({"collapse": -1}, "collapse depth"),
        ({"collapse": "deep"}, "collapse must be"),
        ({"collapse": ["Deploy force"]}, "collapse: give a depth"),
        ({"actor_colors": True}, "no actors"),
        ({"actor_colors": "red"}, "actor_colors must be"),
        ({"actors": ["Europe"]}, "unknown actor 'Europe'"),
        ({"title": 3}, "title must be text"),
        ({"font": ""}, "font must be"),
        ({"values": [1]}, "values must be a mapping"),
    ],
)
def test_bad_options_raise_a_clear_error(options: dict[str, object], message: str) -> None:
    with pytest.raises(dt.DecisionTreeError, match=message):
        dt.to_dot(summit(), **options)  # type: ignore[arg-type]


def test_not_a_tree() -> None:
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree or a Result"):
        dt.to_dot("tree.json")
    with pytest.raises(RenderError, match="values= re-evaluates"):
        dt.to_dot(dt.evaluate(summit()), values={"p_hold": 0.5})
    with pytest.raises(dt.NotFoundError, match="unknown parameter 'p_hld'"):
        dt.to_dot(summit(), values={"p_hld": 0.5})


def test_collapse_by_depth_folds_subtrees_into_summaries() -> None:
    graph = dt.to_dot(dt.evaluate(summit()), collapse=1)
    found = statements(graph)
    assert sorted(k for k in found if "->" not in k) == ["n0", "n1", "n2", "s1"]
    assert "2 more nodes" in found["s1"] and ">40<" in found["s1"]
    assert "n1 -> s1" in found
    everything = statements(dt.to_dot(summit(), collapse=0))
    assert sorted(everything) == ["n0", "n0 -> s0", "s0"] and "4 more nodes" in everything["s0"]


def test_collapse_by_paths() -> None:
    found = statements(dt.to_dot(summit(), collapse={("Deploy force",)}))
    assert "s1" in found and "n3" not in found and "n2" in found
    with pytest.raises(dt.ArgumentError, match="terminal"):
        dt.to_dot(summit(), collapse={("Stay out",)})
    with pytest.raises(dt.NotFoundError, match="unknown branch 'Nowhere'"):
        dt.to_dot(summit(), collapse={("Nowhere",)})


def test_actor_colours_owners_and_legend() -> None:
    result = dt.evaluate(game())
    source = dt.to_dot(result, actor_colors=True).source
    found = statements(dt.to_dot(result, actor_colors=True))
    assert 'color="#0072B2"' in found["n0"] and 'color="#E69F00"' in found["n1"]
    assert "Decided by:" in source and "Payoffs:" in source
    custom = statements(dt.to_dot(result, actor_colors={"E": "#112233", "I": "crimson"}))
    assert "#112233" in custom["n0"] and "crimson" in custom["n1"]
    with pytest.raises(RenderError, match="unknown actor 'X'"):
        dt.to_dot(result, actor_colors={"X": "#000000"})
    with pytest.raises(RenderError, match="colour of 'E'"):
        dt.to_dot(result, actor_colors={"E": '" onload="x'})
    plain = dt.to_dot(result).source
    assert "Decided by:" not in plain and "Payoffs:" in plain


def test_payoff_vectors_and_single_actor_view() -> None:
    result = dt.evaluate(game())
    found = statements(dt.to_dot(result))
    assert "(<B>1</B>, 1)" in found["n0"]  # the entrant's own value in bold
    assert "(-1, -1)" in found["n3"]
    only = statements(dt.to_dot(result, actors="I"))
    assert "I</FONT> 1" in only["n0"] and "(" not in only["n3"].split("label=")[1].split("shape")[0]


def test_notes_become_tooltips() -> None:
    found = statements(dt.to_dot(summit()))
    assert 'tooltip="Monitored by the OSCE"' in found["n1"]
    assert "tooltip" not in found["n0"]


def test_title_defaults_to_tree_name() -> None:
    assert "Paris summit" in dt.to_dot(summit()).graph_attr["label"]
    assert "label" not in dt.to_dot(summit(), title="").graph_attr


def test_exact_results_render() -> None:
    source = dt.to_dot(dt.evaluate(summit(), exact=True)).source
    assert ">20<" in source and "60%" in source


def test_deep_tree_renders_without_recursion() -> None:
    node: dt.Terminal | dt.Decision = dt.Terminal("end", payoff=1)
    for k in range(5000):
        node = dt.Decision(f"d{k}", [dt.Branch("go", node), dt.Branch("stop", dt.Terminal(f"s{k}"))])
    tree = dt.Tree(node)
    graph = dt.to_dot(dt.evaluate(tree))
    assert graph.source.count("->") == tree.size - 1
    assert dt.to_dot(tree, collapse=3).source.count("->") == 7


NASTY = [
    'say "hi"',
    "back\\slash\\N\\G",
    "trailing backslash\\",
    "{braces} [brackets] ;semi; -> edge",
    "<b>bold</b> & <br/> <TABLE>",
    "]]> <!-- comment --> &amp; &#60;",
    "line one\nline two\r\nthree",
    "ctrl \x00\x01\x1b\x7f tab\t",
    "emoji \U0001f600 and \u202e rtl",
    "",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaping_keeps_any_text_literal(text: str) -> None:
    html = escape_html(text)
    assert "<" not in html.replace("<BR/>", "")
    assert ">" not in html.replace("<BR/>", "")
    assert '"' not in html
    assert "\x00" not in html and "\x1b" not in html
    quoted = escape_string(text)
    assert "\n" not in quoted and "\x01" not in quoted


def test_escaped_labels_keep_the_graph_structure() -> None:
    tree = dt.Tree(
        dt.Decision(
            NASTY[0],
            [dt.Branch(text, dt.Terminal(text, notes=text), payoff=1) for text in NASTY[1:] if text],
            owner=None,
            notes=NASTY[4],
        ),
        name=NASTY[4],
    )
    graph = dt.to_dot(dt.evaluate(tree), actor_colors=None)
    found = statements(graph)
    assert len([k for k in found if "->" not in k]) == tree.size
    assert len([k for k in found if "->" in k]) == tree.size - 1
    assert "&lt;b&gt;bold&lt;/b&gt;" in graph.source
    assert "back\\\\slash\\\\N" in graph.source  # tooltips double backslashes


@given(st.text(max_size=30))
def test_escape_html_never_leaves_markup(text: str) -> None:
    html = escape_html(text).replace("<BR/>", "")
    assert "<" not in html and ">" not in html and '"' not in html
    assert not re.search("[\x00-\x08\x0b-\x1f\ud800-\udfff]", html)
    assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot|#39);)*", html)


def test_diagram_is_a_digraph_subclass_that_shows_in_jupyter() -> None:
    graph = dt.to_dot(summit())
    assert isinstance(graph, graphviz.Digraph)
    assert hasattr(graph, "_repr_mimebundle_")


def test_tooltips_that_look_like_html_stay_text() -> None:
    tree = dt.Tree(dt.Chance("c", [dt.Branch("a", dt.Terminal("t", notes="<b>x</b>"), probability=1)]))
    assert 'tooltip="<b>x</b>"' in dt.to_dot(tree).source


def test_plain_source_has_the_same_graph_without_html() -> None:
    graph = dt.to_dot(dt.evaluate(summit()), collapse={("Deploy force",)})
    plain = graph.plain_source
    assert "<TABLE" not in plain and "<B>" not in plain
    assert 'label="Paris summit\\n20"' in plain
    assert plain.count("->") == graph.source.count("->")
