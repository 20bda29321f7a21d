"""`python -m generator serve` as the staff run it: it prints every problem as `check` does, answers every
request while the data is invalid (the last good pages, or the problems), and shows the fixed data."""

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """The preview in a child process, its output read line by line in a thread."""

    def __init__(self, data: Path, docs: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--data", str(data), "--docs", str(docs), "--address", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "HEZA_PDF_WORKERS": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60) -> list[str]:
        """The lines printed until one matches pattern (the match last)."""
        deadline = time.monotonic() + timeout
        got = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if re.search(pattern, line):
                return got
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n" + "\n".join(self.seen[-40:]))

    def get(self, path: str) -> tuple[int, str, float]:
        """(status, body, seconds): a request that hangs fails the test after 10 s."""
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8"), time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), time.monotonic() - started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def without_reload_epoch(page: str) -> str:
    """The page without the live-reload script's build stamps, which change with every rebuild."""
    return re.sub(r"reload\(\d+, \d+\)", "reload()", page)


def check_lines(data: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--data", str(data)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    return [line for line in result.stderr.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]


def test_the_preview_reports_problems_keeps_answering_and_shows_the_fixed_data(small_data, tmp_path):
    zones = small_data / "zones.yaml"
    good = zones.read_text(encoding="utf-8")
    broken = good.replace("value: ", 'value: "nhiều" #', 1)
    assert broken != good
    zones.write_text(broken, encoding="utf-8")
    expected = check_lines(small_data)
    assert expected

    preview = Preview(small_data, tmp_path / "preview")
    try:
        # Invalid from the start: every problem line as `check` prints it, and a page that lists them.
        printed = preview.wait_for(r"Serving on")
        for line in expected:
            assert any(shown.endswith(f"ERROR   {line}") for shown in printed), (line, printed)
        assert not any("Traceback" in line for line in printed)
        status, body, seconds = preview.get("/")
        assert status == 200 and seconds < 5
        assert "problem(s) in the data" in body and "nhiều" in body

        # Fixed: the pages come.
        zones.write_text(good, encoding="utf-8")
        preview.wait_for(r"Reloading browsers")
        status, body, _ = preview.get("/zones/")
        assert status == 200 and "problem(s) in the data" not in body

        # Broken again: the problems print, and the last good pages are served at once (no hanging request).
        zones.write_text(broken, encoding="utf-8")
        printed = preview.wait_for(r"Reloading browsers")
        assert any(line.endswith(f"ERROR   {expected[0]}") for line in printed)
        status, again, seconds = preview.get("/zones/")
        assert status == 200 and seconds < 5
        assert without_reload_epoch(again) == without_reload_epoch(body)
        assert not any("Traceback" in line for line in preview.seen)
    finally:
        preview.stop()
