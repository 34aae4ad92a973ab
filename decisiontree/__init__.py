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

from .analysis.bayes import bayes_chance, flip, state_first
from .analysis.cost_effectiveness import (
    Acceptability,
    CostEffectivenessSamples,
    LeagueRow,
    LeagueTable,
    league_table,
    psa_cost_effectiveness,
)
from .analysis.evpi import evpi, perfect_information_tree
from .analysis.evppi import EVPPIResult, evppi
from .analysis.policies import Strategy, policies, policy_name, policy_values, strategy_tree
from .analysis.psa import PSAResult, psa
from .analysis.risk import RiskProfile, dominates, risk_profile, risk_profiles
from .analysis.sample_information import evsi
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
from .formulas import Formula
from .io.efg import from_efg, to_efg
from .io.files import dump, dumps, from_dict, load, loads, to_dict
from .model import DISPLAY as _DISPLAY
from .model import Branch, Chance, Decision, Parameter, Terminal, Tree
from .render.backend import mimebundle as _mimebundle
from .render.backend import render, svg
from .render.cea_plots import plot_ce_plane, plot_ceac, plot_evpi, plot_spider
from .render.dot import to_dot
from .render.explore import explore
from .render.html import to_html
from .render.plots import plot_one_way, plot_strategy_region, plot_tornado
from .render.report import report
from .render.text import summary as _summary
from .render.text import to_text
from .render.uncertainty_plots import plot_psa, plot_risk_profile
from .utility import ExponentialUtility, LinearUtility, Utility
from .values import COMPLEMENT, Payoffs

_DISPLAY.update(mimebundle=_mimebundle, text=_summary)  # the views display trees and results

__version__ = "0.1.0"

__all__ = [
    "COMPLEMENT",
    "PERT",
    "Acceptability",
    "ArgumentError",
    "Beta",
    "Branch",
    "Chance",
    "CostEffectivenessSamples",
    "Decision",
    "DecisionTreeError",
    "Dirichlet",
    "EVPPIResult",
    "Empirical",
    "ExponentialUtility",
    "ExpressionError",
    "FileFormatError",
    "Formula",
    "Gamma",
    "GraphvizNotFoundError",
    "LeagueRow",
    "LeagueTable",
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
    "Strategy",
    "Terminal",
    "TooLargeError",
    "Tree",
    "Triangular",
    "Uniform",
    "Utility",
    "bayes_chance",
    "dominates",
    "dump",
    "dumps",
    "evaluate",
    "evpi",
    "evppi",
    "evsi",
    "expected_value",
    "explore",
    "flip",
    "from_dict",
    "from_efg",
    "league_table",
    "load",
    "loads",
    "one_way",
    "parse_expression",
    "perfect_information_tree",
    "plot_ce_plane",
    "plot_ceac",
    "plot_evpi",
    "plot_one_way",
    "plot_psa",
    "plot_risk_profile",
    "plot_spider",
    "plot_strategy_region",
    "plot_tornado",
    "policies",
    "policy_name",
    "policy_values",
    "psa",
    "psa_cost_effectiveness",
    "render",
    "report",
    "risk_profile",
    "risk_profiles",
    "state_first",
    "strategy_tree",
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
