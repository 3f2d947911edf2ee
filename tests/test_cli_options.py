"""One meaning per option: ``--json`` prints the result and writes the file, for every command; ``--force`` and
the refusal of an existing file read the same everywhere; the README names every command and option."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mkba_xl.cli import cli
from mkba_xl.cli_shared import FORCE_HELP

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ROOT / "sample_workbooks"
SAMPLE = BOOKS / "meta_voorbeeld_2014.xlsx"
DOSSIERS = BOOKS / "dossiers_voorbeeld.xlsx"

# Each command that writes a file and prints JSON: its arguments (the copies of the inputs in the test's folder),
# the default name of what it writes, and a key its JSON has.
JSON_COMMANDS = {
    "run": (["meta.xlsx"], "meta-uitvoer.xlsx", "saldo"),
    "gevoeligheid": (["meta.xlsx"], "meta-gevoeligheid.xlsx", "omslagwaarden"),
    "onzekerheid": (["meta.xlsx", "--trekkingen", "200"], "meta-onzekerheid.xlsx", "kansen"),
    "dossiers": (["dossiers.xlsx"], "dossiers-dossieranalyse.xlsx", "naar_invoer"),
    "vergelijk": (["meta.xlsx", "dossiers.xlsx"], "meta-vergelijking.xlsx", "scenarios"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "meta.xlsx")
    shutil.copy(DOSSIERS, tmp_path / "dossiers.xlsx")
    return tmp_path


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def test_every_command_with_json_is_listed_here():
    with_json = {name for name, command in cli.commands.items() if any(p.name == "as_json" for p in command.params)}
    assert with_json - set(JSON_COMMANDS) == {"check", "schema"}  # they write no file


@pytest.mark.parametrize("command", sorted(JSON_COMMANDS))
def test_json_prints_and_writes_the_file(command, folder):
    args, default, key = JSON_COMMANDS[command]
    paths = [str(folder / a) if a.endswith(".xlsx") else a for a in args]
    result = invoke(command, *paths, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert key in data and (folder / default).exists()
    chosen = folder / "gekozen.xlsx"
    again = invoke(command, *paths, "--json", "-o", str(chosen))
    assert again.exit_code == 0, again.output
    assert key in json.loads(again.stdout) and chosen.exists()  # -o is not ignored


@pytest.mark.parametrize("command", sorted(set(JSON_COMMANDS) - {"dossiers"}))  # that one shows its own table
def test_json_keeps_the_warnings_of_the_input(command, folder):
    """With --json the warnings are not printed on standard error: they are in the JSON, as the text of each."""
    args, _, _ = JSON_COMMANDS[command]
    paths = [str(folder / ("dossiers.xlsx" if a.endswith(".xlsx") else a)) if a.endswith(".xlsx") else a for a in args]
    quiet = CliRunner().invoke(cli, [command, *paths, "--force"])
    warned = [line.strip()[2:] for line in quiet.stderr.splitlines() if line.strip().startswith("- ")]
    assert quiet.exit_code == 0 and warned, quiet.output  # the dossier sample warns: INVOER differs from it
    result = invoke(command, *paths, "--json", "--force")
    assert result.exit_code == 0 and not result.stderr.strip(), result.output
    assert set(warned) <= set(json.loads(result.stdout)["waarschuwingen"])


def test_json_of_a_run_over_a_folder_writes_the_summary(folder):
    (folder / "dossiers.xlsx").unlink()
    result = invoke("run", str(folder), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["in_orde"] == 1
    assert (folder / "samenvatting-mkba.xlsx").exists() and (folder / "meta-uitvoer.xlsx").exists()


def test_force_has_one_text_and_one_refusal(folder):
    writers = [name for name, command in cli.commands.items() if any(p.name == "output" for p in command.params)]
    assert set(writers) >= {"template", "run", "gevoeligheid", "onzekerheid", "dossiers", "vergelijk", "rapport"}
    for name in writers:
        force = [p for p in cli.commands[name].params if p.name == "force"]
        assert force and force[0].help == FORCE_HELP, name
    target = folder / "bestaat.xlsx"
    target.write_bytes(b"")
    calls = [["template"], ["run", "meta.xlsx"], ["gevoeligheid", "meta.xlsx"], ["onzekerheid", "meta.xlsx"],
             ["dossiers", "dossiers.xlsx"], ["vergelijk", "meta.xlsx", "dossiers.xlsx"],
             ["run", "meta.xlsx", "meta.xlsx"]]
    texts = set()
    for args in calls:
        paths = [str(folder / a) if a.endswith(".xlsx") else a for a in args]
        result = invoke(*paths, "-o", str(target))
        assert result.exit_code == 2, (args, result.output)
        texts.add(result.output.strip())
    assert texts == {f"Fout: {target} bestaat al. Gebruik --force om het te overschrijven of kies met -o een andere "
                     "naam."}
    memo = folder / "memo.docx"
    memo.write_bytes(b"")
    result = invoke("rapport", str(folder / "meta.xlsx"), "-o", str(memo))
    assert result.output.strip() == (f"Fout: {memo} bestaat al. Gebruik --force om het te overschrijven of kies met "
                                     "-o een andere naam.")


def test_the_readme_names_every_command_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        if command.hidden:
            continue
        assert f"mkba-xl {name}" in readme, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", readme) for opt in param.opts), \
                    (name, param.opts)
    assert "mkba-xl run INVOER.xlsx --gevoeligheid" in readme or "--gevoeligheid" in readme.split("## Commands")[1]
