"""decisiontree: scenario decision trees you can build, evaluate, explain and render.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> dt.evaluate(tree).policy
{(): 'yes'}
"""

import importlib
from types import ModuleType

from .analysis.information import EVPPIResult, evpi, evppi, perfect_information_tree
from .analysis.psa import PSAResult, psa
from .analysis.risk import RiskProfile, dominates, risk_profile, risk_profiles
from .analysis.sensitivity import one_way, tornado, two_way
from .analysis.symbolic import expected_value
from .analysis.thresholds import switch_points, thresholds
from .distributions import (
    PERT,
    Beta,
    Dirichlet,
    Empirical,
    Gamma,
    LogNormal,
    MultivariateNormal,
    Normal,
    Triangular,
    Uniform,
)
from .errors import (
    ArgumentError,
    DecisionTreeError,
    ExpressionError,
    FileFormatError,
    GraphvizNotFoundError,
    MissingDependencyError,
    ModelError,
    NotFoundError,
    NotRationalError,
    RenderError,
    TooLargeError,
)
from .evaluate import Policy, Result, Scenario, evaluate
from .expressions import parse_expression
from .io.efg import from_efg, to_efg
from .io.files import dump, dumps, from_dict, load, loads, to_dict
from .model import Branch, Chance, Decision, Parameter, Terminal, Tree
from .render.backend import render, svg
from .render.dot import to_dot
from .render.html import to_html
from .render.plots import plot_one_way, plot_strategy_region, plot_tornado
from .render.scene import use_evaluator as _use_evaluator
from .render.text import to_text
from .render.uncertainty_plots import plot_psa, plot_risk_profile
from .utility import ExponentialUtility, LinearUtility, Utility
from .values import COMPLEMENT, Payoffs

__version__ = "0.1.0"

_use_evaluator(evaluate)  # views draw a bare tree with values through this, never importing evaluate

__all__ = [
    "COMPLEMENT",
    "PERT",
    "ArgumentError",
    "Beta",
    "Branch",
    "Chance",
    "Decision",
    "DecisionTreeError",
    "Dirichlet",
    "EVPPIResult",
    "Empirical",
    "ExponentialUtility",
    "ExpressionError",
    "FileFormatError",
    "Gamma",
    "GraphvizNotFoundError",
    "LinearUtility",
    "LogNormal",
    "MissingDependencyError",
    "ModelError",
    "MultivariateNormal",
    "Normal",
    "NotFoundError",
    "NotRationalError",
    "PSAResult",
    "Parameter",
    "Payoffs",
    "Policy",
    "RenderError",
    "Result",
    "RiskProfile",
    "Scenario",
    "Terminal",
    "TooLargeError",
    "Tree",
    "Triangular",
    "Uniform",
    "Utility",
    "dominates",
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
    "perfect_information_tree",
    "plot_one_way",
    "plot_psa",
    "plot_risk_profile",
    "plot_strategy_region",
    "plot_tornado",
    "psa",
    "render",
    "risk_profile",
    "risk_profiles",
    "svg",
    "switch_points",
    "thresholds",
    "to_dict",
    "to_dot",
    "to_efg",
    "to_html",
    "to_text",
    "tornado",
    "two_way",
]


def __getattr__(name: str) -> ModuleType:
    """Load ``dt.strategies`` and ``dt.testing`` (hypothesis helpers) on first use."""
    if name in ("strategies", "testing"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
