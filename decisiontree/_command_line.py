"""The command line's reader: options, arguments, ``--help`` and usage errors, on the standard library.

It reads a command line by click's rules, so that ``decisiontree`` behaves
as it did when it was a typer application, without paying typer's, click's
and pydantic's import at every call:

- an option that takes a value takes the next word, whatever it is
  (``--title --json`` is the title ``--json``), or the text after ``=``
  (``--set=p=0.3``), or, for a one-letter option, the rest of the word
  (``-n50``, ``-sp=0.3``);
- options and arguments mix in any order; ``--`` ends the options;
- an unknown option is an error, with the closest long options as
  suggestions; ``--help`` shows the help even when other values are wrong;
- a value is converted once, the last one given wins (a repeatable option
  keeps them all), and errors come in the order the options were given.

>>> top = Option(("--top",), "top", "Scenarios to list.", "N", default=10, convert=integer(0))
>>> shown = Option(("--json",), "as_json", "JSON output.", default=False)
>>> command = Command("evaluate", "Roll the tree back.", (top, shown), argument="FILE")
>>> read(command, ["tree.yaml", "--top", "3", "--json"])
{'top': 3, 'as_json': True, 'file': 'tree.yaml'}
>>> read(command, ["tree.yaml", "--jsn"])
Traceback (most recent call last):
...
decisiontree._command_line.UsageError: No such option: --jsn (Possible options: --json)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any, NamedTuple

__all__ = [
    "HELP",
    "Command",
    "Option",
    "UsageError",
    "command_help",
    "echo",
    "format_help",
    "integer",
    "read",
    "split",
    "usage_error",
]


class UsageError(Exception):
    """A bad command line: the caller shows it under the command's usage line and exits with status 2."""


class Option(NamedTuple):
    """An option: its names as the user types them, where its value goes, and its help.

    ``metavar`` empty makes a flag (``True`` when given; ``False`` when given
    by one of the ``off`` names, as ``--no-highlight``). ``convert`` turns
    the text into the value; a ``ValueError`` it raises becomes the usage
    error ``Invalid value for '--top': <its message>``. ``note`` is shown
    after the help, in brackets (``default: 10``, ``x>=0``).
    """

    names: tuple[str, ...]
    dest: str
    help: str
    metavar: str = ""
    default: Any = None
    convert: Callable[[str], Any] | None = None
    many: bool = False
    required: bool = False
    off: tuple[str, ...] = ()
    note: str = ""

    @property
    def hint(self) -> str:
        """How errors name the option: ``'-n' / '--draws'``."""
        return " / ".join(repr(name) for name in self.names)


class Command(NamedTuple):
    """A command: its name, its help (the first paragraph is its summary), options and argument.

    ``run`` is called with the values :func:`read` finds, by keyword.
    """

    name: str
    help: str
    options: tuple[Option, ...]
    argument: str | None = None
    argument_help: str = ""
    run: Callable[..., Any] | None = None

    @property
    def usage(self) -> str:
        """What follows the program's name in the usage line: ``evaluate [OPTIONS] FILE``."""
        return f"{self.name} [OPTIONS]" + (f" {self.argument}" if self.argument else "")

    @property
    def summary(self) -> str:
        return " ".join(self.help.split("\n\n")[0].split())


HELP = Option(("--help",), "help", "Show this message and exit.", default=False)
"""``--help``, which every command and the program itself take."""

_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def echo(text: str = "", *, err: bool = False) -> None:
    """Print a line on stdout (or stderr) and flush it; colour codes are dropped when not on a terminal."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if "\033" in text and not _isatty(stream):
        text = _ANSI.sub("", text)
    stream.write(text + "\n")
    stream.flush()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:  # a stream without isatty, or a closed one, is no terminal
        return False


def _escaped(text: str) -> str:
    """Text from the command line shown in an error, its control characters as ``\\x..``."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def usage_error(option: str, message: str) -> UsageError:
    """``Invalid value for OPTION: MESSAGE``: a value that the command refuses after reading it."""
    return UsageError(f"Invalid value for {option}: {message}")


def integer(minimum: int | None = None) -> Callable[[str], int]:
    """A converter to a whole number (``" 7 "``, ``+5``, ``1_000`` too), at least ``minimum``.

    >>> integer(1)("+5")
    5
    >>> integer(1)("0")
    Traceback (most recent call last):
    ...
    ValueError: Input should be greater than or equal to 1
    """

    def convert(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            digits = text.strip().lstrip("+-").replace("_", "")
            if digits.isdigit():  # beyond Python's limit on the digits of an integer read from text
                raise ValueError(
                    "Unable to parse input string as an integer, exceeded maximum size"
                ) from None
            raise ValueError(
                "Input should be a valid integer, unable to parse string as an integer"
            ) from None
        if minimum is not None and number < minimum:
            raise ValueError(f"Input should be greater than or equal to {minimum}")
        return number

    return convert


def _short(name: str) -> bool:
    return len(name) == 2 and name[0] == "-" and name[1] != "-"


def split(
    options: Sequence[Option], args: Sequence[str], *, interspersed: bool = True
) -> tuple[list[tuple[Option, str, str | None]], list[str]]:
    """The options in ``args``, as ``(option, name typed, value)`` in order, and the other words.

    ``--`` ends the options (it is dropped; the words after it are
    arguments); without ``interspersed``, so does the first argument (a
    command's name, the rest being its own command line). Raises
    :class:`UsageError` for an unknown option, a missing value or a value
    given to a flag.

    >>> title = Option(("--title",), "title", "A title.", "TEXT")
    >>> found, words = split([title], ["tree.yaml", "--title", "--json", "--", "--title"])
    >>> [(option.dest, name, value) for option, name, value in found], words
    ([('title', '--title', '--json')], ['tree.yaml', '--title'])
    """
    names = {name: option for option in (*options, HELP) for name in (*option.names, *option.off)}
    found: list[tuple[Option, str, str | None]] = []
    rest: list[str] = []
    queue = list(args)
    while queue:
        arg = queue.pop(0)
        if arg == "--":
            rest += queue
            break
        if not arg.startswith("-") or len(arg) == 1:
            if not interspersed:
                rest += [arg, *queue]
                break
            rest.append(arg)
            continue
        name, equals, value = arg.partition("=")
        option = None if _short(name) else names.get(name)
        if option is not None:
            if option.metavar:
                if not equals:
                    if not queue:
                        raise UsageError(f"Option {name!r} requires an argument.")
                    value = queue.pop(0)
                found.append((option, name, value))
            elif equals:
                raise UsageError(f"Option {name!r} does not take a value.")
            else:
                found.append((option, name, None))
            continue
        if arg.startswith("--"):
            close = get_close_matches(name, [n for n in names if not _short(n)])
            suggestion = f" (Possible options: {', '.join(sorted(close))})" if close else ""
            raise UsageError(f"No such option: {_escaped(name)}{suggestion}")
        for at in range(1, len(arg)):  # one-letter options: -n50, -sNAME=VALUE
            letter = "-" + arg[at]
            option = names.get(letter)
            if option is None or not _short(letter):
                raise UsageError(f"No such option: {_escaped(letter)}")
            if not option.metavar:
                found.append((option, letter, None))
                continue
            if at + 1 < len(arg):
                found.append((option, letter, arg[at + 1 :]))
            elif queue:
                found.append((option, letter, queue.pop(0)))
            else:
                raise UsageError(f"Option {letter!r} requires an argument.")
            break
    return found, rest


def read(command: Command, args: Sequence[str]) -> dict[str, Any] | None:
    """The values of a command's options and argument (by ``dest``; the argument's is ``file``).

    ``None`` when ``--help`` was given. Values are converted in the order
    the options were first given, then the argument, then the options not
    given (their defaults; a missing required one is an error); words left
    over are an error.
    """
    found, words = split(command.options, args)
    if any(option is HELP for option, _, _ in found):
        return None
    given: dict[str, Any] = {}
    for option, name, value in found:
        if option.many:
            given.setdefault(option.dest, []).append(value)
        elif option.metavar:
            given[option.dest] = value
        else:
            given[option.dest] = name not in option.off
    first = {option.dest: k for k, (option, _, _) in reversed(list(enumerate(found)))}
    order = sorted((o for o in command.options if o.dest in given), key=lambda o: first[o.dest])
    values: dict[str, Any] = {}
    for option in order:
        raw = given[option.dest]
        try:
            if option.convert is None or not option.metavar:
                values[option.dest] = raw
            elif option.many:
                values[option.dest] = [option.convert(text) for text in raw]
            else:
                values[option.dest] = option.convert(raw)
        except ValueError as error:
            raise usage_error(option.hint, str(error)) from None
    if command.argument is not None:
        if not words:
            raise UsageError(f"Missing argument {command.argument!r}.")
        values["file"] = words.pop(0)
    for option in command.options:
        if option.dest not in given:
            if option.required:
                raise UsageError(f"Missing option {option.hint}.")
            values[option.dest] = option.default
    if words:
        raise UsageError(f"Got unexpected extra argument(s) ({' '.join(_escaped(word) for word in words)})")
    return values


# --------------------------------------------------------------------------- help


def _invocation(option: Option) -> str:
    names = sorted(option.names, key=lambda name: not _short(name))  # -o, --output
    shown = ", ".join(names) + (f" {option.metavar}" if option.metavar else "")
    return " / ".join([shown, *option.off])


def _rows(rows: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Two aligned columns, the second wrapped to ``width``; a long first cell puts the second below it."""
    import textwrap

    column = min(max((len(left) for left, _ in rows), default=0), 30) + 2
    lines = []
    for left, right in rows:
        wrapped = textwrap.wrap(right, max(width - column - 2, 20), break_on_hyphens=False) or [""]
        if len(left) + 2 > column:
            lines.append(f"  {left}")
        else:
            lines.append(f"  {left.ljust(column)}{wrapped.pop(0)}".rstrip())
        lines += [" " * (column + 2) + line for line in wrapped]
    return [line.replace("\xa0", " ") for line in lines]


def format_help(usage: str, text: str, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """A help page: the usage line, the text (paragraphs wrapped) and sections of two columns.

    >>> print(format_help("prog [OPTIONS]", "Does things.", [("Options", [("--help", "Show this.")])]))
    Usage: prog [OPTIONS]
    <BLANKLINE>
      Does things.
    <BLANKLINE>
    Options:
      --help  Show this.
    """
    import shutil
    import textwrap

    width = max(min(shutil.get_terminal_size().columns, 100), 50)
    lines = [f"Usage: {usage}", ""]
    for paragraph in text.strip().split("\n\n"):
        words = " ".join(paragraph.split())
        lines += textwrap.wrap(
            words, width - 2, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
        )
        lines.append("")
    for title, rows in sections:
        if rows:
            lines += [f"{title}:", *_rows(rows, width), ""]
    return "\n".join(lines).rstrip()


def command_help(program: str, command: Command) -> str:
    """A command's ``--help``: every option with its help, its default and its bounds."""
    usage = f"{program} {command.usage}"
    arguments = []
    if command.argument is not None:
        arguments.append((command.argument, f"{command.argument_help}  [required]".strip()))
    options = []
    for option in (*command.options, HELP):
        notes = [note for note in ("required" if option.required else "", option.note) if note]
        shown = "  [" + "; ".join(notes).replace(" ", "\xa0") + "]" if notes else ""  # kept on one line
        options.append((_invocation(option), option.help + shown))
    return format_help(usage, command.help, [("Arguments", arguments), ("Options", options)])
