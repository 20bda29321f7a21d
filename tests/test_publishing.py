"""A swap that cannot lose the site (generator/publishing.py), and caches that are trusted only when verified
(generator/caching.py): the states a killed run leaves, the machine's failures, and a damaged cache."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_docs_assets

from generator import caching, pdfs, publishing


def dead_pid() -> int:
    """The process id of a process that has ended (and was reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def make_site(folder: Path, marker: str) -> Path:
    (folder / "zones").mkdir(parents=True)
    (folder / "index.html").write_text(marker, encoding="utf-8")
    (folder / "zones" / "index.html").write_text(marker, encoding="utf-8")
    return folder


def test_a_site_lost_between_the_two_renames_is_put_back(tmp_path):
    # What a run killed after its first rename and before its second leaves: no site/, the previous site inside
    # its staging folder, and the new one beside it.
    staging = tmp_path / f"{publishing.STAGING_PREFIX}{dead_pid()}-abc123"
    make_site(staging / publishing.PREVIOUS, "previous")
    make_site(staging / "sites" / "vi", "new")
    warnings: list[str] = []
    publishing.recover(tmp_path / "site", warnings.append)
    assert (tmp_path / "site" / "zones" / "index.html").read_text(encoding="utf-8") == "previous"
    assert not staging.exists()
    assert warnings == [f"restored {tmp_path / 'site'} from a run that was stopped while publishing"]


def test_stale_staging_folders_go_and_a_running_builds_folder_stays(tmp_path):
    site_dir = make_site(tmp_path / "site", "current")
    killed = tmp_path / f"{publishing.STAGING_PREFIX}{dead_pid()}-x1"
    make_site(killed / publishing.PREVIOUS, "older")  # killed after the swap: the site is there, this is litter
    older_form = tmp_path / ".build-q8w7e6"  # the name builds used before the pid was in it
    older_form.mkdir()
    running = publishing.new_staging(site_dir)  # this process's: a build still going
    legacy_old = make_site(tmp_path / "site.old", "older")
    warnings: list[str] = []
    publishing.recover(site_dir, warnings.append)
    assert not killed.exists() and not older_form.exists() and not legacy_old.exists()
    assert running.is_dir()
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "current"
    assert warnings == []


def test_a_site_old_left_by_an_earlier_version_is_put_back_when_site_is_missing(tmp_path):
    make_site(tmp_path / "site.old", "previous")
    warnings: list[str] = []
    publishing.recover(tmp_path / "site", warnings.append)
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "previous"
    assert warnings == [f"restored {tmp_path / 'site'} from site.old"]


def test_swap_moves_the_previous_site_into_the_staging_folder(tmp_path):
    site_dir = make_site(tmp_path / "site", "previous")
    staging = publishing.new_staging(site_dir)
    new = make_site(staging / "sites" / "vi", "new")
    publishing.swap(new, site_dir, staging)
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "new"
    assert (staging / publishing.PREVIOUS / "index.html").read_text(encoding="utf-8") == "previous"
    assert publishing.remove_tree(staging, pytest.fail) and not staging.exists()


# Run as an unprivileged user (root ignores permissions): a read-only previous site cannot be removed.
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
READ_ONLY_SWAP = """
import sys
import tempfile
from pathlib import Path
from generator import publishing
base = Path(sys.argv[1])
site_dir, staging = base / "site", publishing.new_staging(base / "site")
(staging / "new").mkdir()
(staging / "new" / "index.html").write_text("new")
publishing.swap(staging / "new", site_dir, staging)
removed = publishing.remove_tree(staging, print)
print("published:", (site_dir / "index.html").read_text(), "removed:", removed)
"""


def system_python() -> str | None:
    """An interpreter the unprivileged user can run (the venv's may live under /root); publishing.py needs
    nothing beyond the standard library."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to switch to an unprivileged user")
def test_a_previous_site_that_cannot_be_removed_is_a_warning_and_the_new_site_is_published(request):
    python = system_python()
    if python is None:
        pytest.skip("no system Python for the unprivileged user")
    # Outside pytest's temporary folder, which only root may enter.
    base = Path(tempfile.mkdtemp(prefix="heza-publish-"))
    request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
    locked = make_site(base / "site" / "downloads", "previous")  # site/downloads/ becomes read-only
    for folder in (base, base / "site", locked, locked / "zones"):
        os.chmod(folder, 0o777)
    for file in locked.rglob("*.html"):
        os.chmod(file, 0o666)
    os.chmod(locked, 0o555)  # its files cannot be removed by anyone but root
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    probe = subprocess.run([*AS_NOBODY, python, "-c", "import generator.publishing"], env=env, capture_output=True)
    if probe.returncode:
        pytest.skip(f"the unprivileged user cannot read the project: {probe.stderr.decode()[-200:]}")
    result = subprocess.run([*AS_NOBODY, python, "-c", READ_ONLY_SWAP, str(base)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "published: new removed: False"
    assert lines[0].startswith(f"warning: could not remove {base}/{publishing.STAGING_PREFIX}")
    assert re.search(r": Permission denied \(and \d+ more\); remove it by hand$", lines[0]), lines[0]
    # The next run is not stuck on the leftover: it warns again and goes on.
    os.chmod(next(base.glob(f"{publishing.STAGING_PREFIX}*/{publishing.PREVIOUS}/downloads")), 0o755)
    warnings: list[str] = []
    publishing.recover(base / "site", warnings.append)
    assert warnings == [] and not list(base.glob(f"{publishing.STAGING_PREFIX}*"))


# --- caches ---------------------------------------------------------------------------------------------

HTML = '<!doctype html><html lang="vi"><head><title>Thử</title></head><body><p>Khu kinh tế Đình Vũ – Cát Hải</p></body></html>'


def test_a_damaged_cached_pdf_is_rendered_again(tmp_path):
    cache = tmp_path / "pdf"
    cache.mkdir()
    first, rendered = pdfs.cached_pdf(HTML, 1_700_000_000, cache)
    assert rendered
    good = first.read_bytes()
    assert caching.is_complete_pdf(good)
    assert pdfs.cached_pdf(HTML, 1_700_000_000, cache) == (first, False)  # verified: used as it is

    first.write_bytes(good[:100])  # truncated (a full disk, a copy cut short)
    again, rendered = pdfs.cached_pdf(HTML, 1_700_000_000, cache)
    assert rendered and again.read_bytes() == good

    caching.digest_path(first).unlink()  # killed after writing the PDF, before its digest
    assert pdfs.cached_pdf(HTML, 1_700_000_000, cache)[1]

    # The same bytes under a digest edited to match: still refused, since the file is not a complete PDF.
    cut = good[: len(good) // 2]
    first.write_bytes(cut)
    caching.digest_path(first).write_text(hashlib.sha256(cut).hexdigest(), encoding="ascii")
    again, rendered = pdfs.cached_pdf(HTML, 1_700_000_000, cache)
    assert rendered and again.read_bytes() == good


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[:-200],  # cut inside the trailer
        lambda pdf: pdf[: pdf.rindex(b"startxref")] + b"startxref\n999999999\n%%EOF\n",  # offset past the end
        lambda pdf: b"<html>" + pdf[5:],  # no header
        lambda pdf: pdf.replace(b"%%EOF", b""),  # no end marker
    ],
    ids=["truncated", "offset-outside", "no-header", "no-eof"],
)
def test_is_complete_pdf_refuses_damaged_files(tmp_path, damage):
    cache = tmp_path / "pdf"
    cache.mkdir()
    good = pdfs.cached_pdf(HTML, 1_700_000_000, cache)[0].read_bytes()
    assert caching.is_complete_pdf(good)
    assert not caching.is_complete_pdf(damage(good))


def test_a_damaged_cached_chart_is_drawn_again(tmp_path):
    cached = tmp_path / "svg" / "chart.svg"
    caching.write_verified(cached, b"<svg>whole</svg>")
    assert caching.read_verified(cached) == b"<svg>whole</svg>"
    cached.write_bytes(b"<svg>who")
    assert caching.read_verified(cached) is None
    cached.unlink()
    assert caching.read_verified(cached) is None


def test_pruning_removes_digests_and_leftovers_with_their_pdfs(tmp_path):
    cache = tmp_path / "pdf"
    cache.mkdir()
    kept, _ = pdfs.cached_pdf(HTML, 1_700_000_000, cache)
    old = cache / ("0" * 64 + ".pdf")
    caching.write_verified(old, kept.read_bytes())
    partial = cache / ("1" * 64 + ".pdf.4242.tmp")
    partial.write_bytes(b"%PDF-half")
    orphan = cache / ("2" * 64 + ".pdf.sha256")
    orphan.write_text("x", encoding="ascii")
    long_ago = 1_000_000_000
    for path in (old, partial):
        os.utime(path, (long_ago, long_ago))
    assert pdfs.prune_cache(cache) == 1
    assert sorted(p.name for p in cache.iterdir()) == sorted([kept.name, caching.digest_path(kept).name])


# --- whole builds, stopped or failing -----------------------------------------------------------------------


def run_build(site_dir: Path, data: Path, *, stop_after: str | None = None, signal_number: int = 15, env=None):
    """`python -m generator build`, stopped with signal_number once it has printed a line starting with
    stop_after (a step: check, generate, downloads). Returns (exit code, stdout, stderr). The pages' mirror goes to
    a docs folder beside data (never the project's docs/)."""
    docs = data.parent / "docs"
    if not docs.exists():
        copy_docs_assets(docs)
    command = [sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(site_dir), "--docs", str(docs)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
    )
    out: list[str] = []
    if stop_after:
        assert process.stdout is not None
        for line in process.stdout:
            out.append(line)
            if line.startswith(f"{stop_after}:"):
                process.send_signal(signal_number)
                break
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, "".join(out) + stdout, stderr


@pytest.mark.build
def test_killed_and_stopped_builds_never_lose_the_site_nor_leave_staging_folders(small_data, built_small, tmp_path):
    # The published site to protect: the session's build of the same data (builds are byte-identical, so the
    # last run below must publish exactly this again).
    site_dir = tmp_path / "out" / "site"
    shutil.copytree(built_small, site_dir)
    good = {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}

    # SIGTERM: the run ends at once, cleans up, and says so.
    code, _, stderr = run_build(site_dir, small_data, stop_after="generate", signal_number=15)
    assert code == 143
    assert stderr.strip().splitlines()[-1] == "stopped by signal 15; site/ was left as it was."
    assert "Traceback" not in stderr
    assert not list(site_dir.parent.glob(".build-*"))

    # kill -9 once the PDFs and open data are written: the site is untouched, and the staging folder stays
    # behind until the next run, which removes it first thing.
    for point in ("downloads",):
        code, _, _ = run_build(site_dir, small_data, stop_after=point, signal_number=9)
        assert code == -9
        assert {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == good
        assert len(list(site_dir.parent.glob(".build-*"))) == 1

    # The next run removes what the killed ones left, and publishes.
    code, _, stderr = run_build(site_dir, small_data)
    assert code == 0, stderr
    assert not list(site_dir.parent.glob(".build-*"))
    assert {p.relative_to(site_dir): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == good


def mount_tmpfs(target: Path, options: str) -> bool:
    target.mkdir(parents=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True).returncode == 0


@pytest.mark.build
@pytest.mark.parametrize(
    ("options", "reason"),
    [("size=512k", "No space left on device"), ("ro,size=1m", "Read-only file system")],
    ids=["disk-full", "read-only"],
)
def test_a_full_or_read_only_disk_ends_with_one_line_and_exit_4(small_data, tmp_path, options, reason):
    volume = tmp_path / "volume"
    if not mount_tmpfs(volume, options):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        code, _, stderr = run_build(volume / "site", small_data)
        assert code == 4, stderr
        assert "Traceback" not in stderr
        last = stderr.strip().splitlines()[-1]
        # The file is named when the system names it (a write to an open file does not).
        assert re.fullmatch(rf"error: {reason}(: {re.escape(str(volume))}/\S+)?; site/ was left as it was\.", last), last
        assert not list(volume.glob(".build-*")) and not (volume / "site").exists()
    finally:
        subprocess.run(["umount", str(volume)], check=False)


@pytest.mark.build
def test_a_site_folder_inside_a_file_is_one_line_and_exit_4(small_data, tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    code, _, stderr = run_build(tmp_path / "a-file" / "site", small_data)
    assert code == 4
    assert stderr.strip().splitlines() == [f"error: File exists: {tmp_path / 'a-file'}; site/ was left as it was."]
