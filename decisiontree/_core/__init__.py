"""The private numeric core: a tree's flat arrays, its rollback plan and the vectorised rollback.

Nothing outside the library should import it; every analysis goes through it.
"""

from .compiled import FLOAT_TOLERANCE, RULES, TIE, Compiled, Options, Rolled, compile_tree, expanded_core
from .plan import Block, Plan
from .rules import complement_dust

__all__ = [
    "FLOAT_TOLERANCE",
    "RULES",
    "TIE",
    "Block",
    "Compiled",
    "Options",
    "Plan",
    "Rolled",
    "compile_tree",
    "complement_dust",
    "expanded_core",
]
