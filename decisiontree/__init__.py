"""decisiontree: scenario decision trees you can build, evaluate, explain and render.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> dt.evaluate(tree).policy
{(): 'yes'}
"""

from .analysis.information import evpi, evppi
from .analysis.psa import psa
from .analysis.risk import risk_profile
from .analysis.sensitivity import one_way, tornado, two_way
from .analysis.symbolic import expected_value
from .analysis.thresholds import switch_points, thresholds
from .distributions import PERT, Beta, Dirichlet, Empirical, Gamma, LogNormal, Normal, Triangular, Uniform
from .errors import DecisionTreeError, ExpressionError, ModelError
from .evaluate import Policy, Result, Scenario, evaluate
from .expressions import parse_expression
from .io.efg import from_efg, to_efg
from .io.files import dump, dumps, from_dict, load, loads, to_dict
from .model import Branch, Chance, Decision, Parameter, Terminal, Tree
from .render.dot import render, to_dot
from .render.text import to_text
from .utility import ExponentialUtility, LinearUtility, Utility
from .values import COMPLEMENT, Payoffs

__version__ = "0.1.0"

__all__ = [
    "COMPLEMENT",
    "PERT",
    "Beta",
    "Branch",
    "Chance",
    "Decision",
    "DecisionTreeError",
    "Dirichlet",
    "Empirical",
    "ExponentialUtility",
    "ExpressionError",
    "Gamma",
    "LinearUtility",
    "LogNormal",
    "ModelError",
    "Normal",
    "Parameter",
    "Payoffs",
    "Policy",
    "Result",
    "Scenario",
    "Terminal",
    "Tree",
    "Triangular",
    "Uniform",
    "Utility",
    "dump",
    "dumps",
    "evaluate",
    "evpi",
    "evppi",
    "expected_value",
    "from_dict",
    "from_efg",
    "load",
    "loads",
    "one_way",
    "parse_expression",
    "psa",
    "render",
    "risk_profile",
    "switch_points",
    "thresholds",
    "to_dict",
    "to_dot",
    "to_efg",
    "to_text",
    "tornado",
    "two_way",
]
