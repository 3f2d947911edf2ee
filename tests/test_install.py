"""Getting it onto a municipal laptop: the README's install section, the wheel and what CI does with it.

The full check (a fresh virtual environment that installs the wheel with its dependencies and runs the
sample) is ``.ci/wheel_check``, run by ``.ci/run``; here the wheel is built and run from its own files,
outside the project folder, with the dependencies of the test environment.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_the_readme_says_how_to_install_on_windows_and_macos():
    text = section("Installeren op een werkplek")
    for words in ("Windows", "macOS", "Microsoft Store", "python.org", ".whl", "ICT",
                  "py -m pip install", "python3 -m pip install", "mkba-xl template", "mkba-xl run mkba_invoer.xlsx",
                  "py -m mkba_xl", "python3 -m mkba_xl"):
        assert words in text, words


def test_ci_checks_the_wheel_before_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    test_command = re.search(r"```bash\n(pip install '\.\[test\]' && python -m pytest)\n```", README)
    assert test_command, "the README's test command"
    assert commands[-2:] == ["python -m pip install -q '.[test]'", "python -m pytest"]
    assert ".ci/wheel_check" in commands and commands.index(".ci/wheel_check") < len(commands) - 2
    assert "apt-get install" in ci and "libreoffice-calc-nogui" in ci
    check = (ROOT / ".ci" / "wheel_check").read_text(encoding="utf-8")
    for step in ("pip wheel", "-m venv", "pip install -q \"$wheel\"", "mkba-xl\" run invoer.xlsx",
                 "-m mkba_xl check", "rapport"):
        assert step in check, step


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"pip cannot build the wheel here (no setuptools to be had?): {proc.stderr[-300:]}")
    return next(out.glob("mkba_xl-*.whl"))


def test_the_wheel_holds_every_module_and_the_entry_point(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {str(p.relative_to(ROOT)).replace("\\", "/") for p in (ROOT / "mkba_xl").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package <= names, sorted(package - names)
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "mkba-xl = mkba_xl.entry:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_wheel_runs_outside_the_project_folder(wheel: Path, tmp_path: Path):
    unpacked = tmp_path / "wheel"
    zipfile.ZipFile(wheel).extractall(unpacked)
    work = tmp_path / "gemeente"
    work.mkdir()
    (work / "invoer.xlsx").write_bytes(SAMPLE.read_bytes())
    start = (f"import sys; sys.path.insert(0, {str(unpacked)!r}); import mkba_xl; "
             f"assert mkba_xl.__file__.startswith({str(unpacked)!r}), mkba_xl.__file__; "
             "from mkba_xl.entry import main; main()")
    for args in (["template"], ["run", "invoer.xlsx", "--gevoeligheid"], ["check", "invoer-uitvoer.xlsx"]):
        proc = subprocess.run([sys.executable, "-c", start, *args], capture_output=True, text=True, cwd=work)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    assert {"mkba_invoer.xlsx", "invoer-uitvoer.xlsx"} <= {p.name for p in work.iterdir()}
