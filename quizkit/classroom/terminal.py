"""The quiz on a screen: templates/play/*.txt.jinja rendered as plain text or, on a terminal, with rich.

One set of templates serves both. In rich mode every value a template prints is escaped as rich
markup (so a bank's `[bold]` prints as written) and `em(text, style)` adds style; in plain mode
`em` adds nothing and no ANSI code is ever written. rich is imported only for a terminal.
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, TextIO

import jinja2

from quizkit.safetext import visible
from quizkit.scoring import format_points
from quizkit.templating import bytecode_cache, data_dir

PLAIN_RULE = "-" * 60
HANG = "\t"
"""In a rich view line, `{{ hang }}` ends a label ('A.', 'Article B:'): the text after it wraps
under itself, not under the label. Plain text shows a space."""


class Styled(str):
    """Markup a template may print as it is (already escaped)."""

    __slots__ = ()


@cache
def environment(rich: bool) -> jinja2.Environment:
    """The play templates' environment: StrictUndefined; in rich mode every value escaped as markup."""
    escape = _markup_escape() if rich else None

    def finalize(value: object) -> object:
        if escape is None or isinstance(value, Styled):
            return value
        return escape(str(value)).replace(HANG, " ")  # a tab from the bank is only a space

    def em(text: object, style: str, plain: str = "{}") -> str:
        if escape is None:
            return plain.format(text)
        inner = text if isinstance(text, Styled) else escape(str(text)).replace(HANG, " ")
        # Style each line on its own: the screen prints line by line, with hanging indents.
        return Styled("\n".join(f"[{style}]{line}[/]" if line else "" for line in inner.split("\n")))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=finalize,
        bytecode_cache=bytecode_cache("play"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(em=em, rich=rich, hang=Styled(HANG) if rich else " ")
    env.filters["points"] = format_points
    return env


def _markup_escape() -> Callable[[str], str]:
    from rich.markup import escape

    return escape


def render_view(view: str, *, rich: bool, **context: Any) -> str:
    """templates/play/<view>.txt.jinja, rendered for a plain or a rich screen."""
    rule = context.pop("rule", PLAIN_RULE)
    return environment(rich).get_template(f"play/{view}.txt.jinja").render(rule=rule, **context)


class PlainScreen:
    """Plain text on any stream; answers echoed when they come from a pipe, so a log reads well."""

    def __init__(self, out: TextIO, inp: TextIO, *, echo: bool = False) -> None:
        self.out = out
        self.inp = inp
        self.echo = echo

    def show(self, view: str, **context: Any) -> None:
        self.out.write(visible(render_view(view, rich=False, **context)))
        self.out.flush()

    def ask(self, prompt: str) -> str:
        self.out.write(visible(prompt))
        self.out.flush()
        line = read_line(self.inp)
        if not line:
            self.out.write("\n")
            raise EOFError
        if self.echo:
            self.out.write(visible(line.rstrip("\r\n")) + "\n")
        return line.rstrip("\r\n")


class RichScreen:
    """Colour and style on a terminal (rich honours NO_COLOR); piped answers are echoed."""

    def __init__(self, inp: TextIO, *, echo: bool = False) -> None:
        from rich.console import Console

        self.console = Console(highlight=False, emoji=False)
        self.inp = inp
        self.echo = echo

    def show(self, view: str, **context: Any) -> None:
        from rich.console import Group, RenderableType
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        width = min(self.console.width, 78)
        # Shown after markup escaping: an escape never makes a '[' or ends in a backslash.
        text = visible(render_view(view, rich=True, rule=Styled(f"[dim]{'─' * width}[/]"), **context))
        lines: list[RenderableType] = []
        for line in text.removesuffix("\n").split("\n"):
            body = line.lstrip(" ")
            indent = len(line) - len(body)  # wrapped lines keep the indent of their first line
            label, hang, rest = body.partition(HANG)
            if hang:
                grid = Table.grid(padding=(0, 1, 0, 0))
                grid.add_column(no_wrap=True)
                grid.add_column()
                grid.add_row(Text.from_markup(label), Text.from_markup(rest))
                lines.append(Padding(grid, (0, 0, 0, indent)))
            else:
                lines.append(Padding(Text.from_markup(body), (0, 0, 0, indent)))
        self.console.print(Group(*lines))

    def ask(self, prompt: str) -> str:
        from rich.markup import escape

        self.console.print(f"[bold]{escape(visible(prompt))}[/]", end="")
        line = read_line(self.inp)
        if not line:
            self.console.print()
            raise EOFError
        if self.echo:
            self.console.print(visible(line.rstrip("\r\n")), markup=False)
        return line.rstrip("\r\n")


def read_line(stream: TextIO) -> str:
    """One line of input, '' at its end.

    On a terminal it first waits in short select() slices: Python runs signal handlers between
    them, so a Ctrl-C pressed just before the read began still stops the quiz. (A blocking read
    started after the signal arrived would wait for the next key, ignoring the Ctrl-C.) A terminal
    in canonical mode hands over one line per read, so nothing waits in a buffer meanwhile.
    """
    if stream.isatty():
        try:
            fd = stream.fileno()
            while not select.select([fd], [], [], 0.1)[0]:
                pass
        except (OSError, ValueError):  # no select() on this stream: a plain read
            pass
    return stream.readline()


def open_screen(out: TextIO | None = None, inp: TextIO | None = None) -> PlainScreen | RichScreen:
    """rich when the output is a terminal, plain text otherwise (pipes, files, TERM=dumb)."""
    out = out or sys.stdout
    inp = inp or sys.stdin
    echo = not inp.isatty()
    if out is sys.stdout and out.isatty() and os.environ.get("TERM") != "dumb":
        return RichScreen(inp, echo=echo)
    return PlainScreen(out, inp, echo=echo)
