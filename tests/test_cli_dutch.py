"""The command line speaks Dutch: no English text of click reaches a user in the help or in an error.

The English texts are taken from click's own source (every string it marks for translation), so a new
click version with a new message is checked too. Every command's help, and for every command a set of
wrong invocations (a missing argument, an unknown option with a near miss, a bad value for each option
that takes one, a value for a flag, an extra argument, a folder or an unreadable file as input), must be
Dutch, exit 2 for a usage error, and never show a traceback.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mkba_xl.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
COMMANDS = sorted(cli.commands)
WITH_INPUT = [name for name in COMMANDS if any(isinstance(p, click.Argument) and p.name == "invoer" and p.required
                                               for p in cli.commands[name].params)]

_SINGLE_WORDS = {"Usage", "Options", "Commands", "Error", "Aborted", "Missing", "Try", "default", "Positional",
                 "required", "TEXT", "PATH", "INTEGER", "FILE", "DIRECTORY", "OPTIONS", "COMMAND", "ARGS"}


def click_english() -> list[str]:
    """The fixed parts of every text click marks for translation (``_()``, ``ngettext()``), with a few words."""
    parts: set[str] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        for part in re.split(r"\{[^}]*\}|%\([^)]*\)[sd]", arg.value):
                            part = part.strip(" .:'\"()[]!?,\n\t")
                            if " " in part and re.search(r"[A-Za-z]{3,}", part):
                                parts.add(part)
    return sorted(parts | _SINGLE_WORDS)


ENGLISH = click_english()


def english_in(text: str, *paths: Path) -> list[str]:
    for path in (*paths, SAMPLE, ROOT):  # the paths of the test's files are not the command's words
        text = text.replace(str(path), "<pad>")
    return [phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def test_the_list_of_english_texts_is_read_from_click():
    assert {"Show this message and exit", "No such option", "Did you mean", "Got unexpected extra argument",
            "Invalid value for", "Missing argument"} <= set(ENGLISH)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_dutch(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Gebruik: mkba-xl"), result.output
    assert "Opties:" in result.output and "Toon deze uitleg en stop." in result.output
    assert not english_in(result.output), result.output


def test_the_main_help_lists_every_command_with_its_whole_summary():
    result = invoke("--help")
    assert "Opdrachten:" in result.output and "Toon het versienummer en stop." in result.output
    listing = " ".join(result.output.split("Opdrachten:")[1].split())
    for name in COMMANDS:
        command = cli.commands[name]
        if command.hidden:
            assert f" {name} " not in f" {listing} "
            continue
        summary = " ".join(command.help.split("\n\n")[0].split())
        assert f"{name} {summary}" in listing, (name, summary)
        assert "..." not in summary.replace("[meer.xlsx ...]", "")
    assert "reproduce" in cli.commands and cli.commands["reproduce"].hidden


def test_mkba_xl_alone_prints_the_help():
    result = invoke()
    assert result.exit_code == 0 and "Opdrachten:" in result.output and not english_in(result.output)


def _usage_errors(command: str, tmp_path: Path) -> list[list[str]]:
    """Wrong invocations of ``command`` that click itself refuses."""
    params = cli.commands[command].params
    flags = [p.opts[-1] for p in params if isinstance(p, click.Option) and p.is_flag]
    valued = [p.opts[-1] for p in params if isinstance(p, click.Option) and not p.is_flag]
    given = [str(SAMPLE)] if command in WITH_INPUT else []
    calls = [[command, *given, "--forse"], [command, *given, "--onbekend"]]
    if not any(isinstance(p, click.Argument) and p.nargs == -1 for p in params):
        calls.append([command, *given, "een", "twee", "drie"])
    calls += [[command, *given, f"{flag}=ja"] for flag in flags]
    calls += [[command, *given, option] for option in valued]  # an option without its value
    if command in WITH_INPUT:
        calls.append([command])
    return calls


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_errors_are_dutch_and_exit_2(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in _usage_errors(command, tmp_path):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("Fout: "), (args, result.output)
        assert not list(tmp_path.iterdir()), args
        assert f"Gebruik: mkba-xl {command} [OPTIES]" in result.output, (args, result.output)
        assert not english_in(result.output, tmp_path), (args, english_in(result.output, tmp_path), result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)


def test_the_usage_errors_say_what_to_type():
    missing = invoke("check")
    assert "Het argument INVOER ontbreekt. Typ bijvoorbeeld: mkba-xl check invoer.xlsx" in missing.output
    near = invoke("run", str(SAMPLE), "--forse")
    assert "De optie --forse bestaat niet. Bedoelt u --force?" in near.output
    flag = invoke("run", str(SAMPLE), "--force=ja")
    assert "De optie --force neemt geen waarde" in flag.output
    bare = invoke("run", str(SAMPLE), "-o")
    assert "Achter de optie -o hoort een waarde, bijvoorbeeld: -o BESTAND." in bare.output
    extra = invoke("check", str(SAMPLE), "b.xlsx")
    assert "Onverwacht argument: b.xlsx." in extra.output
    command = invoke("runn")
    assert command.exit_code == 2 and "De opdracht 'runn' bestaat niet. Bedoelt u run?" in command.output
    assert "reproduce" not in command.output  # hidden from users
    nothing = invoke("--")
    assert nothing.exit_code == 2 and "Geef een opdracht" in nothing.output


def _bad_values(tmp_path: Path) -> list[list[str]]:
    a_file = tmp_path / "een-bestand.xlsx"
    a_file.write_bytes(b"")
    sample = str(SAMPLE)
    return [
        ["run", sample, "--onzekerheid", "--trekkingen", "veel"], ["run", sample, "--onzekerheid", "--zaad", "x"],
        ["onzekerheid", sample, "--trekkingen", "10"], ["onzekerheid", sample, "--zaad", "-1"],
        ["rapport", sample, "--trekkingen", "abc"], ["run", sample, sample, "--processen", "nul"],
        ["run", str(tmp_path), "--uitvoermap", str(a_file)], ["rapport", sample, "--grafieken", str(a_file)],
        ["run", sample, "-o", ""], ["run", sample, "-o", str(tmp_path)], ["run", sample, "-o", "uit.csv"],
        ["gevoeligheid", sample, "-o", "uit"], ["onzekerheid", sample, "-o", "uit.xls"],
        ["dossiers", sample, "-o", "uit.docx"], ["vergelijk", sample, sample, "-o", "uit.ods"],
        ["template", "-o", "sjabloon.xltx"], ["rapport", sample, "-o", "memo.pdf"], ["run", sample, "-o", "memo.docx"],
        ["reproduce", "--cases", str(a_file)], ["check", str(tmp_path)], ["run", str(a_file)],
        ["gevoeligheid", str(tmp_path)], ["vergelijk", str(tmp_path), sample],
    ]


def test_bad_values_are_refused_in_dutch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in _bad_values(tmp_path):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Fout" in result.output or "fout" in result.output, (args, result.output)
        assert "Traceback" not in result.output and "Interne fout" not in result.output, (args, result.output)
        assert not english_in(result.output, tmp_path), (args, english_in(result.output, tmp_path), result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["een-bestand.xlsx"]  # nothing written


def test_an_output_name_with_another_extension_is_refused(tmp_path):
    result = invoke("gevoeligheid", str(SAMPLE), "-o", str(tmp_path / "uit.csv"))
    assert result.exit_code == 2 and "de naam moet op .xlsx eindigen" in result.output
    assert f"-o {tmp_path / 'uit.xlsx'}" in result.output
    memo = invoke("rapport", str(SAMPLE), "-o", str(tmp_path / "memo.xlsx"))
    assert memo.exit_code == 2 and "Word-document, dus de naam moet op .docx eindigen" in memo.output
    upper = invoke("template", "-o", str(tmp_path / "SJABLOON.XLSX"))
    assert upper.exit_code == 0, upper.output


def _without_root_reading() -> None:
    """In the child, before it starts: drop the capabilities by which root reads every file whatever its mode
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH; PR_CAPBSET_DROP), so that a file of mode 0 is unreadable as for a user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _as_user() -> dict[str, object]:
    return {"preexec_fn": _without_root_reading} if hasattr(os, "geteuid") and os.geteuid() == 0 else {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file modes, and capabilities for root")
def test_an_unreadable_input_is_refused_in_dutch():
    folder = Path(tempfile.mkdtemp(prefix="mkba-onleesbaar-"))
    try:
        locked = folder / "invoer.xlsx"
        locked.write_bytes(SAMPLE.read_bytes())
        locked.chmod(0)
        for command in ("check", "run", "gevoeligheid"):
            output = [] if command == "check" else ["-o", str(folder / "uit.xlsx")]
            proc = subprocess.run([sys.executable, "-m", "mkba_xl", command, str(locked), *output],
                                  capture_output=True, text=True, cwd=folder, **_as_user())
            out = proc.stdout + proc.stderr
            assert proc.returncode == 2, out
            assert "geen leesrechten" in out, out
            assert not english_in(out, folder) and "Traceback" not in out, out
        assert sorted(p.name for p in folder.iterdir()) == ["invoer.xlsx"]
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_help_to_a_full_disk_says_so_in_dutch():
    for args in (["--help"], ["run", "--help"], ["--version"]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "mkba_xl", *args], stdout=full, stderr=subprocess.PIPE,
                                  text=True)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        expected = "Fout: de uitleg kon niet naar de standaarduitvoer worden geschreven (de schijf is vol)."
        assert proc.stderr.strip() == expected, proc.stderr
