"""Nothing is left behind, nothing is overwritten by surprise, and the user always reads one Dutch line
(issue 17, items 5 to 11 and 15): real full disks (a small tmpfs; those tests need root), real signals to
a real process at each phase of a run, files made by others during a run, long names, terminals that are
not UTF-8 and a standard output that cannot be written.

Signals are sent when the process is observably in a phase (Linux ``/proc``): its SIGTERM handler is in
place (start-up), the input is open (reading), the input is closed and no temporary folder exists yet
(computing), the temporary folder exists (writing). ``MKBA_XL_FULL_SWEEP=1`` adds a sweep of Ctrl-C at
fixed delays over a whole run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from mkba_xl.cli import cli
from mkba_xl.xlsx import tempfiles

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_workbooks" / "meta_voorbeeld_2014.xlsx"
LINUX = sys.platform.startswith("linux") and Path("/proc/self/status").exists()
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
FULL = os.environ.get("MKBA_XL_FULL_SWEEP") == "1"
NOT_DUTCH = ("Traceback", "Exception ignored", "Error", "Aborted", "Errno")


def mkba(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    """The real command in its own process (``python -m mkba_xl``, as the console script runs it)."""
    return subprocess.Popen([sys.executable, "-m", "mkba_xl", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(tempfiles.PREFIX))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_sheet(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb.sheetnames[0]
    finally:
        wb.close()  # a read-only workbook keeps its file open


def one_dutch_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert not any(word in lines[0] for word in NOT_DUTCH), lines[0]
    return lines[0]


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``folder``: a real disk that fills up."""
    if not ROOT_USER or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root")
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount -t tmpfs is not allowed here")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)  # still open somewhere: detach it


# --- items 5 and 6: full disks -----------------------------------------------------------------

@pytest.mark.parametrize("command", [["run", str(SAMPLE)], ["template"], ["gevoeligheid", str(SAMPLE)]])
def test_a_full_disk_gives_one_dutch_line_and_leaves_nothing(tmp_path: Path, command: list[str]) -> None:
    """On main: 'No space left on device' in English and, at 32 kB, 'Exception ignored in ZipFile.__del__'."""
    with small_disk(tmp_path / "vol", "32k") as disk:
        proc = mkba(*command, "-o", str(disk / "uit.xlsx"))
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 2
        assert "de schijf is vol" in one_dutch_line(stderr)  # on main followed by 'Exception ignored in ZipFile'
        assert list(disk.iterdir()) == []


def test_every_point_of_failure_on_a_filling_disk(tmp_path: Path) -> None:
    """Disks that fill up at each point of the write: a complete workbook or nothing, never a traceback."""
    for size in range(16, 420, 90):
        with small_disk(tmp_path / f"vol{size}", f"{size}k") as disk:
            proc = mkba("run", str(SAMPLE), "-o", str(disk / "uit.xlsx"))
            _, stderr = proc.communicate(timeout=60)
            assert proc.returncode in (0, 2) and not any(word in stderr for word in NOT_DUTCH), stderr
            if proc.returncode == 0:
                assert first_sheet(disk / "uit.xlsx") == "UITVOER"
            assert [p.name for p in disk.iterdir()] == (["uit.xlsx"] if proc.returncode == 0 else [])


def test_template_on_a_full_disk_keeps_the_previous_file(tmp_path: Path) -> None:
    with small_disk(tmp_path / "vol", "32k") as disk:
        (disk / "sjabloon.xlsx").write_bytes(b"vorige versie")
        proc = mkba("template", "-o", str(disk / "sjabloon.xlsx"), "--force")
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 2 and "de schijf is vol" in one_dutch_line(stderr)
        assert [p.name for p in disk.iterdir()] == ["sjabloon.xlsx"]
        assert (disk / "sjabloon.xlsx").read_bytes() == b"vorige versie"  # on main: a corrupt file


def test_a_full_tmpdir_does_not_matter(tmp_path: Path) -> None:
    """XlsxWriter's part files go to the temporary folder beside the target, not to TMPDIR (on main four of
    them stayed behind in a full TMPDIR)."""
    with small_disk(tmp_path / "tmp", "16k") as tmpdir:
        proc = mkba("run", str(SAMPLE), "-o", str(tmp_path / "uit.xlsx"), env={**os.environ, "TMPDIR": str(tmpdir)})
        proc.communicate(timeout=60)
        assert proc.returncode == 0 and (tmp_path / "uit.xlsx").exists()
        assert list(tmpdir.iterdir()) == []


# --- items 7 and 10: signals at every phase ----------------------------------------------------

def caught(pid: int, sig: int) -> bool:
    """Has the process installed a handler for ``sig``? (its SigCgt mask in /proc)"""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) & (1 << (sig - 1)))
    return False


def has_open(pid: int, path: Path) -> bool:
    with contextlib.suppress(OSError):
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    return False


def wait_for(proc: subprocess.Popen[str], condition: Callable[[], bool], limit: float = 30.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if condition():
            return True
        time.sleep(0.0003)
    return False


def in_phase(proc: subprocess.Popen[str], phase: str, source: Path, folder: Path) -> bool:
    """Wait until the run is in ``phase``; False when it ended first."""
    if phase == "start-up":
        return wait_for(proc, lambda: caught(proc.pid, signal.SIGTERM))
    if phase == "reading":
        return wait_for(proc, lambda: has_open(proc.pid, source))
    if phase == "computing":
        return (wait_for(proc, lambda: has_open(proc.pid, source))
                and wait_for(proc, lambda: not has_open(proc.pid, source)) and not ours(folder))
    return wait_for(proc, lambda: bool(ours(folder)))


PHASES = ["start-up", "reading", "computing", "writing"]
SIGNALS = [signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]


@pytest.mark.skipif(not LINUX, reason="the phases are observed in /proc")
@pytest.mark.parametrize(("phase", "sig"), [(phase, signal.SIGINT) for phase in PHASES] + [
    (phase, sig) for sig in SIGNALS[1:] for phase in (PHASES if FULL else ["writing"])],
    ids=lambda v: signal.Signals(v).name if isinstance(v, int) else v)
def test_a_signal_at_any_phase_ends_with_one_line_and_leaves_nothing(tmp_path: Path, phase: str, sig: int) -> None:
    """Ctrl-C at every phase; SIGTERM and SIGHUP while writing (at every phase with MKBA_XL_FULL_SWEEP=1)."""
    source = tmp_path / "invoer.xlsx"
    shutil.copy(SAMPLE, source)
    before = digest(source)
    target = tmp_path / "uit.xlsx"
    target.write_bytes(b"vorige uitvoer")  # --force: the previous file must survive an interrupted run
    for _ in range(20):  # computing lasts some 15 ms: try again when the run passed it before we looked
        proc = mkba("run", str(source), "-o", str(target), "--force", "--gevoeligheid")
        if in_phase(proc, phase, source, tmp_path):
            break
        proc.kill()
        proc.communicate()
    else:
        pytest.fail(f"never caught the run while {phase}")
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, stderr  # 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP
    line = one_dutch_line(stderr)
    assert line.startswith("Afgebroken (") and "er is niets geschreven en er blijft niets achter" in line
    assert target.read_bytes() == b"vorige uitvoer" and digest(source) == before
    assert ours(tmp_path) == []


@pytest.mark.skipif(not LINUX, reason="the phases are observed in /proc")
def test_sigkill_leaves_a_folder_that_the_next_run_removes(tmp_path: Path) -> None:
    target = tmp_path / "sjabloon.xlsx"
    target.write_bytes(b"vorige versie")
    proc = mkba("template", "-o", str(target), "--force")
    assert in_phase(proc, "writing", SAMPLE, tmp_path)
    proc.kill()  # SIGKILL cannot be caught
    proc.communicate()
    assert target.read_bytes() == b"vorige versie"  # on main the previous file was lost (10 of 10)
    left = ours(tmp_path)
    assert left and all(name.endswith(tempfiles.SUFFIX) for name in left)
    again = mkba("template", "-o", str(target), "--force")
    again.communicate(timeout=60)
    assert again.returncode == 0 and ours(tmp_path) == []
    assert first_sheet(target) == "INVOER"


def test_a_running_writers_folder_is_not_removed(tmp_path: Path) -> None:
    """Stale means: this host's folder whose process no longer runs (or a day old). A live run's is kept."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        host = tempfiles.new_folder(tmp_path / "x.xlsx").name.split("-")[2]
        tempfiles.discard(tmp_path / next(iter(ours(tmp_path))))
        live = tmp_path / f"{tempfiles.PREFIX}{host}-{sleeper.pid}-abcd{tempfiles.SUFFIX}"
        live.mkdir()
        assert tempfiles.remove_stale(tmp_path) == [] and live.exists()
        assert tempfiles.remove_stale(tmp_path, now=time.time() + tempfiles.STALE_AFTER + 60) == [live]
        live.mkdir()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert tempfiles.remove_stale(tmp_path) == [live] and ours(tmp_path) == []
    (tmp_path / ".mkba-xl-niet-van-ons.xlsx").write_bytes(b"")  # not our pattern: never touched
    assert tempfiles.remove_stale(tmp_path) == []


@pytest.mark.skipif(not (LINUX and FULL), reason="the Ctrl-C sweep runs with MKBA_XL_FULL_SWEEP=1")
def test_ctrl_c_at_every_moment_of_a_run(tmp_path: Path) -> None:
    """From the moment the handlers are in place (Python's own first milliseconds are out of reach), every
    10 ms until the run is done."""
    target = tmp_path / "uit.xlsx"
    for delay in [i / 100 for i in range(0, 120)]:
        proc = mkba("run", str(SAMPLE), "-o", str(target), "--force", "--gevoeligheid")
        wait_for(proc, lambda p=proc: caught(p.pid, signal.SIGTERM))  # type: ignore[misc]
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        if proc.returncode == 0:
            assert "Traceback" not in stderr  # finished first
        else:
            assert proc.returncode == 130 and one_dutch_line(stderr).startswith("Afgebroken"), (delay, stderr)
        assert ours(tmp_path) == []
        if target.exists():
            assert first_sheet(target) == "UITVOER"
            target.unlink()


# --- item 8: names too long --------------------------------------------------------------------

def test_names_too_long_are_dutch_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "-o", str(tmp_path / ("u" * 300 + ".xlsx"))])
    assert result.exit_code == 2 and "De bestandsnaam is te lang" in result.output, result.output
    source = tmp_path / ("i" * 246 + ".xlsx")  # a legal name of 251 characters
    shutil.copy(SAMPLE, source)
    result = CliRunner().invoke(cli, ["run", str(source)])  # its default output name would be too long
    assert result.exit_code == 2 and "Kies met -o een kortere naam" in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


# --- item 9: a file that appears during the run ------------------------------------------------

@pytest.mark.skipif(not LINUX, reason="the phases are observed in /proc")
def test_a_file_made_during_the_run_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "uit.xlsx"
    proc = mkba("run", str(SAMPLE), "-o", str(target))
    assert in_phase(proc, "writing", SAMPLE, tmp_path)
    target.write_bytes(b"van een ander programma")  # after the check at the start, before the file is placed
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "bestaat al" in one_dutch_line(stderr) and "niet overschreven" in stderr
    assert target.read_bytes() == b"van een ander programma" and ours(tmp_path) == []


def test_two_runs_without_force_cannot_both_write(tmp_path: Path) -> None:
    target = tmp_path / "uit.xlsx"
    procs = [mkba("run", str(SAMPLE), "-o", str(target)) for _ in range(2)]
    results = [(p.communicate(timeout=60), p.returncode) for p in procs]
    assert sorted(code for _, code in results) == [0, 2]  # on main both succeeded, the second replacing the first
    (_, stderr), _ = next(r for r in results if r[1] == 2)
    assert "bestaat al" in stderr
    assert first_sheet(target) == "UITVOER" and ours(tmp_path) == []


# --- item 11: terminals and standard output ----------------------------------------------------

def bad_workbook(tmp_path: Path) -> Path:
    from .workbooks import valid_values, write_workbook

    values = valid_values()
    values["huishoudens"] = "€ veel"  # its message quotes the euro sign, which Latin-1 cannot show
    return write_workbook(tmp_path / "fout.xlsx", values)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "latin-1"}, {"LANG": "C", "LC_ALL": "C"},
                                 {"PYTHONIOENCODING": "ascii"}], ids=["latin-1", "C", "ascii"])
def test_a_terminal_that_is_not_utf8_gets_the_dutch_list(tmp_path: Path, env: dict[str, str]) -> None:
    proc = mkba("check", str(bad_workbook(tmp_path)), env={**os.environ, **env})
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2 and stderr == ""  # on main: exit 1, UnicodeEncodeError
    assert "1 fout gevonden" in stdout and "veel\" is geen getal" in stdout
    if env.get("PYTHONIOENCODING") != "latin-1":
        return
    proc = mkba("run", str(SAMPLE), "-o", str(tmp_path / "uit.xlsx"), "--json", env={**os.environ, **env})
    stdout, _ = proc.communicate(timeout=60)
    import json

    assert proc.returncode == 0 and json.loads(stdout)["saldo"] is not None  # escaped, so still exact JSON


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_json_to_a_full_device_leaves_no_workbook(tmp_path: Path) -> None:
    target = tmp_path / "uit.xlsx"
    with open("/dev/full", "w") as full:
        proc = subprocess.Popen([sys.executable, "-m", "mkba_xl", "run", str(SAMPLE), "-o", str(target), "--json"],
                                stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2  # on main: exit 1 after the workbook was written
    assert "de standaarduitvoer" in one_dutch_line(stderr) and "er is geen uitvoerbestand geschreven" in stderr
    assert not target.exists() and ours(tmp_path) == []
    with open("/dev/full", "w") as full:
        proc = subprocess.Popen([sys.executable, "-m", "mkba_xl", "check", str(SAMPLE), "--json"], stdout=full,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "de schijf is vol" in one_dutch_line(stderr)


def test_a_closed_pipe_is_said_in_dutch(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "mkba_xl", "run", str(SAMPLE), "-o", str(tmp_path / "u.xlsx"),
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader went away (as with '| head -c 0')
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode == 2 and "de standaarduitvoer" in one_dutch_line(stderr)
    assert not (tmp_path / "u.xlsx").exists()


@pytest.mark.skipif(not LINUX, reason="the workers are forked (Linux)")
@pytest.mark.parametrize("to_group", [False, True], ids=["SIGTERM to the command", "Ctrl-C to the terminal's group"])
def test_a_signal_stops_a_run_over_many_workbooks_and_its_workers(tmp_path: Path, to_group: bool) -> None:
    for i in range(8):
        shutil.copy(SAMPLE, tmp_path / f"w{i}.xlsx")
    proc = mkba("run", str(tmp_path), "--processen", "2", start_new_session=True)
    assert wait_for(proc, lambda: any("-uitvoer" in p.name for p in tmp_path.iterdir()))
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the command and its workers
    else:
        proc.send_signal(signal.SIGTERM)  # the command only: it stops its workers itself
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == (130 if to_group else 143)
    # a run that took over a second (a loaded machine) has also shown its progress ('8 werkmappen:  12% rekenen')
    said = "".join(line for line in stderr.splitlines(keepends=True) if not line.startswith("8 werkmappen: "))
    assert "de werkmappen die al klaar waren, zijn geschreven" in one_dutch_line(said)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker is left running
    assert ours(tmp_path) == []
    for done in tmp_path.glob("*-uitvoer.xlsx"):
        assert first_sheet(done) == "UITVOER"  # what is there is complete
