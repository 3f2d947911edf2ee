"""click in Dutch: the help's usage line, headings and help option, and every error of the command line.

click's own texts are English (marked for gettext, but a message catalogue for click's English msgids
would follow click's wording from version to version and only work when the process's language is
Dutch). Instead the command line's classes use the hooks click offers for this: the formatter class
(the usage prefix), the command's help sections, its help option and short help, the usage pieces
(``[OPTIES]``), the check for extra arguments and for an unknown command, and the group's ``main``,
which shows every usage error in Dutch from the exception's attributes (``usage_error_text``) instead of
its English message. Nothing of click is patched.

A usage error exits with 2, like click; ``mkba-xl`` without a command prints the help and exits 0.
"""

from __future__ import annotations

import difflib
import inspect
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

__all__ = ["DutchCommand", "DutchGroup", "HELP_TEXT", "VERSION_HELP", "usage_error_text"]

HELP_TEXT = "Toon deze uitleg en stop."
VERSION_HELP = "Toon het versienummer en stop."


class DutchUsageError(click.UsageError):
    """A usage error whose message is ours, in Dutch (click's own usage errors are rendered by ``usage_error_text``)."""


class DutchFormatter(click.HelpFormatter):
    """The help formatter with the Dutch usage prefix."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Gebruik: " if prefix is None else prefix)


class DutchContext(click.Context):
    """A context whose help is written by ``DutchFormatter``."""

    formatter_class = DutchFormatter


class _DutchHelp:
    """What a command and the group share: the Dutch help and the Dutch checks of the arguments."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [param.get_help_record(ctx) for param in self.get_params(ctx)  # type: ignore[attr-defined]
                   if not isinstance(param, click.Argument)]
        rows = [record for record in records if record is not None]
        if rows:
            with formatter.section("Opties"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, whole: click would cut it at ``limit`` characters."""
        text = inspect.cleandoc(self.short_help or self.help or "")  # type: ignore[attr-defined]
        first = text.split("\n\n")[0].replace("\b", "")
        return " ".join(first.split())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """click's parsing, with extra arguments refused in Dutch and every usage error tied to its command."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            if exc.ctx is None:  # the option parser raises without a context
                exc.ctx = ctx
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            what = "argument" if len(rest) == 1 else "argumenten"
            raise DutchUsageError(f"Onverwacht {what}: {' '.join(rest)}. Zet een naam met spaties tussen "
                                   f"aanhalingstekens.", ctx)
        return rest


class DutchCommand(_DutchHelp, click.Command):
    """A command of mkba-xl: help and errors in Dutch (module doc)."""

    context_class: type[click.Context] = DutchContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class DutchGroup(_DutchHelp, click.Group):
    """The group ``mkba-xl``: its commands are ``DutchCommand``s and its ``main`` shows errors in Dutch."""

    command_class = DutchCommand
    context_class: type[click.Context] = DutchContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, command.get_short_help_str()) for name, command in self._visible(ctx)]
        if rows:
            with formatter.section("Opdrachten"):
                formatter.write_dl(rows)

    def visible_names(self, ctx: click.Context) -> list[str]:
        return [name for name, _ in self._visible(ctx)]

    def _visible(self, ctx: click.Context) -> list[tuple[str, click.Command]]:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        return [(name, command) for name, command in commands if command is not None and not command.hidden]

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                               list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing and not name.startswith("-"):
            names = self.visible_names(ctx)
            close = difflib.get_close_matches(name, names)
            hint = f" Bedoelt u {_either(close)}?" if close else ""
            raise DutchUsageError(f"De opdracht '{name}' bestaat niet.{hint} De opdrachten zijn: "
                                   f"{', '.join(names)}.", ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """click's ``main``, with every error shown in Dutch (exit 2 for a usage error)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            _show_usage_error(exc)
        except click.ClickException as exc:
            _say(f"Fout: {exc.format_message()}")
            sys.exit(exc.exit_code)
        except click.Abort:
            _say("Afgebroken; er is geen uitvoerbestand achtergebleven.")
            sys.exit(130)
        except OSError as exc:  # the help or the version cannot be printed (a full disk; click handles a closed pipe)
            from .cli_output import silence_stdout
            from .xlsx.book import why_not_written

            silence_stdout()
            _say(f"Fout: de uitleg kon niet naar de standaarduitvoer worden geschreven ({why_not_written(exc)}).")
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)


def _say(text: str) -> None:
    from .cli_output import emit

    emit(text, err=True)


def _show_usage_error(exc: click.UsageError) -> NoReturn:
    """The Dutch line, the usage line and where to find the help (or the help itself for ``mkba-xl`` alone)."""
    from .cli_output import emit

    ctx = exc.ctx
    if ctx is not None and type(exc).__name__ == "NoArgsIsHelpError":  # click 8.2 and later: mkba-xl alone
        emit(ctx.get_help())
        sys.exit(0)
    lines = [f"Fout: {usage_error_text(exc)}"]
    if ctx is not None:
        lines += [ctx.get_usage(), f"Typ '{ctx.command_path} --help' voor uitleg."]
    emit("\n".join(lines), err=True)
    sys.exit(2)


def usage_error_text(exc: click.UsageError) -> str:
    """A usage error in Dutch, from what it is about (click's own message is English)."""
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.NoSuchOption):
        close = exc.possibilities or []
        hint = f" Bedoelt u {_either(close)}?" if close else ""
        return f"De optie {exc.option_name} bestaat niet.{hint}"
    if isinstance(exc, click.BadOptionUsage):
        return _bad_option_usage(exc)
    if type(exc).__name__ == "NoSuchCommand":  # click 8.2 and later, when ``resolve_command`` has not said it
        return f"De opdracht '{getattr(exc, 'command_name', '')}' bestaat niet."
    if isinstance(exc, click.BadParameter):
        where = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        return f"Ongeldige waarde{' voor ' + where if where else ''}."
    if isinstance(exc, DutchUsageError) or type(exc) is not click.UsageError:
        return exc.message
    if exc.ctx is not None and isinstance(exc.ctx.command, DutchGroup):  # click's only own: 'Missing command.'
        return (f"Geef een opdracht, bijvoorbeeld: {exc.ctx.command_path} run invoer.xlsx. De opdrachten zijn: "
                f"{', '.join(exc.ctx.command.visible_names(exc.ctx))}.")
    return f"De opdrachtregel klopt niet ({exc.message})."


def _missing(exc: click.MissingParameter) -> str:
    param = exc.param
    if isinstance(param, click.Argument):
        name = param.human_readable_name
        command = exc.ctx.command_path if exc.ctx is not None else "mkba-xl"
        example = " invoer.xlsx" if param.name == "invoer" else f" {name}"
        return f"Het argument {name} ontbreekt. Typ bijvoorbeeld: {command}{example}"
    name = param.opts[0] if param is not None and param.opts else "een optie"
    return f"De optie {name} ontbreekt."


def _bad_option_usage(exc: click.BadOptionUsage) -> str:
    name = exc.option_name
    command = exc.ctx.command if exc.ctx is not None else None
    option = next((p for p in (command.params if command else []) if isinstance(p, click.Option)
                   and name in (*p.opts, *p.secondary_opts)), None)
    if option is not None and option.is_flag:
        return f"De optie {name} neemt geen waarde: typ alleen {name}."
    example = f"{name} {option.metavar}" if option is not None and option.metavar else f"{name} WAARDE"
    return f"Achter de optie {name} hoort een waarde, bijvoorbeeld: {example}."


def _either(names: Sequence[str]) -> str:
    """'a', 'a of b', 'a, b of c'."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} of {names[-1]}"
