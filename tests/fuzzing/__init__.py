"""Hostile inputs for decisiontree, as hypothesis strategies, and the harness that checks the promise.

The promise: bad input raises the library's own exception
(:class:`decisiontree.DecisionTreeError` or a subclass), naming the place;
never a raw ``TypeError``/``KeyError``/``ValueError``/``OverflowError``/
``MemoryError``/``RecursionError``, never a hang, never ``inf`` or ``nan`` in
a result. The command line never prints a traceback.

The inputs, by class (each case records the classes of the issue it tests,
1-9: wrong types, YAML beyond plain data, sizes of numbers, values that are
not real numbers, attributes, sizes, exponential sharing, text in diagrams,
the command line):

- :func:`model_files` and :func:`model_data`: the example model files,
  mutated structurally (``model_files.py``);
- :func:`expressions`: expression text from a grammar, in every place a
  user can put it (``expressions.py``);
- :func:`code_models`, :func:`bad_calls` and :func:`shapes`: models built in
  code with hostile arguments, public functions with hostile arguments,
  hostile sizes and sharing (``code_models.py``);
- :func:`extremes`: valid trees with numbers at the ends of the float range
  (``extremes.py``);
- :func:`command_lines`: every subcommand with bad arguments (``command_lines.py``).

A case runs through :func:`run_here` (in this process) or a :class:`Worker`
(a process that can be killed when a step hangs in C code), which return a
:class:`Report` of broken promises (``promise.py``, ``checks.py``, ``workers.py``).
``tests/test_fuzz.py`` holds the promise for a bounded number of examples;
``tools/fuzz_campaign.py`` runs a long campaign.
"""

from .code_models import KNOWN_SHAPES, bad_calls, code_models, shapes
from .command_lines import KNOWN_COMMANDS, command_lines
from .diagrams import diagrams
from .expressions import KNOWN, expression_texts, expressions
from .extremes import extremes
from .model_files import model_data, model_files
from .promise import Context, Outcome
from .workers import Report, Worker, run_here

__all__ = [
    "KNOWN",
    "KNOWN_COMMANDS",
    "KNOWN_SHAPES",
    "Context",
    "Outcome",
    "Report",
    "Worker",
    "bad_calls",
    "code_models",
    "command_lines",
    "diagrams",
    "expression_texts",
    "expressions",
    "extremes",
    "model_data",
    "model_files",
    "run_here",
    "shapes",
]
