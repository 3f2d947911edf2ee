"""The command line: help for every command, exit codes, JSON shapes, Dutch messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkba_xl import __version__
from mkba_xl.cli import cli
from mkba_xl.schema import invoer_fields

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", [None, *cli.commands])
def test_help_for_every_command(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Gebruik:" in result.output and len(result.output) > 100


def test_help_is_fast_and_imports_nothing_heavy():
    code = ("import sys, mkba_xl.cli; heavy = {'openpyxl', 'xlsxwriter', 'pandas', 'numpy', 'docx', 'matplotlib'} "
            "& set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_command_collects_garbage_seldom():
    """A command runs with ``entry.GC_THRESHOLD`` (a large workbook's objects are not traversed again and again)."""
    code = ("import gc, sys; from mkba_xl import entry\ntry:\n    entry.main(['--version'])\nexcept SystemExit:\n"
            "    pass\nsys.stderr.write(repr((gc.get_threshold(), entry.GC_THRESHOLD)))")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stderr
    assert err == "((50000, 20, 20), (50000, 20, 20))"


def test_schema_json_lists_every_field():
    result = invoke("schema", "--json")
    fields = json.loads(result.output)
    assert len(fields) == len(invoer_fields())
    assert {"veld", "blad", "cel", "type", "eenheid", "min", "max", "standaard", "verplicht", "label",
            "toelichting"} <= set(fields[0])


def test_template_check_and_run(tmp_path):
    template = tmp_path / "invoer.xlsx"
    assert invoke("template", "-o", str(template)).exit_code == 0
    assert template.exists()
    refused = CliRunner().invoke(cli, ["template", "-o", str(template)])
    assert refused.exit_code == 2 and "--force" in refused.output
    empty = CliRunner().invoke(cli, ["check", str(template), "--json"])
    assert empty.exit_code == 2
    report = json.loads(empty.output)
    assert report["fouten"] and {"blad", "cel", "veld", "melding", "code"} <= set(report["fouten"][0])
    assert {p["code"] for p in report["fouten"]} == {"required", "team-missing", "share-sum"}  # an empty template


def test_check_sample_is_in_orde():
    result = CliRunner().invoke(cli, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "in orde" in result.output


def test_run_json_and_refusals(tmp_path):
    out = tmp_path / "uit.xlsx"
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kosten"]["totaal"] > 0 and len(data["per_jaar"]["baten"]) == 10
    assert set(data["begroting_na_2_jaar"]) == {"gemeente", "zorgverzekeraar", "huishoudens", "overige_partijen",
                                                "totaal"}
    again = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    same = CliRunner().invoke(cli, ["run", str(out), "-o", str(out), "--force"])
    assert same.exit_code == 2 and "invoerbestand" in same.output
    same = CliRunner().invoke(cli, ["run", str(out), "-o", str(out), "--force", "--json"])
    assert [p["code"] for p in json.loads(same.output)["fouten"]] == ["output-is-input"]


def test_bad_input_gives_dutch_errors_and_exit_2(tmp_path):
    bad = tmp_path / "kapot.xlsx"
    bad.write_text("gemeente;huishoudens\nGroningen;2500\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(bad), "-o", str(tmp_path / "x.xlsx"), "--json"])
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert [p["code"] for p in data["fouten"]] == ["file-not-xlsx"]
    assert not (tmp_path / "x.xlsx").exists()
    plain = CliRunner().invoke(cli, ["check", str(tmp_path / "bestaat-niet.xlsx")])
    assert plain.exit_code == 2 and "Traceback" not in plain.output


def test_gevoeligheid_command_and_run_flag(tmp_path):
    out = tmp_path / "g.xlsx"
    result = CliRunner().invoke(cli, ["gevoeligheid", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    as_json = CliRunner().invoke(cli, ["gevoeligheid", str(SAMPLE), "--json", "-o", str(out), "--force"])
    data = json.loads(as_json.output)
    assert data["variaties"] and data["omslagwaarden"]
    assert out.exists()
    full = tmp_path / "uit.xlsx"
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(full), "--gevoeligheid"])
    assert result.exit_code == 0, result.output
    import openpyxl

    names = openpyxl.load_workbook(full, read_only=True).sheetnames
    assert names[0] == "UITVOER" and "Resultaat gevoeligheid" in names and "GEVOELIGHEID" in names
    # The output with its sensitivity sheets is itself a valid input.
    assert CliRunner().invoke(cli, ["check", str(full)]).exit_code == 0


def test_reproduce_refuses_outside_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["reproduce"])
    assert result.exit_code == 2 and "projectmap" in result.output


def test_python_dash_m_is_the_same_command(tmp_path):
    """``python -m mkba_xl`` (for a laptop whose PATH lacks Python's scripts folder) works as ``mkba-xl``."""
    script = Path(sys.executable).with_name("mkba-xl")
    for args in (["--help"], ["run", "--help"], ["--version"]):
        as_module = subprocess.run([sys.executable, "-m", "mkba_xl", *args], capture_output=True, text=True,
                                   cwd=tmp_path)
        assert as_module.returncode == 0 and as_module.stdout.startswith(("Gebruik: mkba-xl", "mkba-xl ")), as_module
        if script.exists():
            assert subprocess.run([str(script), *args], capture_output=True, text=True).stdout == as_module.stdout
    target = tmp_path / "uit.xlsx"
    done = subprocess.run([sys.executable, "-m", "mkba_xl", "run", str(SAMPLE), "-o", str(target)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and target.exists() and "Uitvoer geschreven" in done.stdout, done
    refused = subprocess.run([sys.executable, "-m", "mkba_xl", "check"], capture_output=True, text=True, cwd=tmp_path)
    assert refused.returncode == 2 and "Gebruik: mkba-xl check" in refused.stderr, refused
