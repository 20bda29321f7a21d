import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Tests never write into the repository: compiled catalogs and rendered PDFs go to a folder of this run. The
# pytest-xdist workers inherit the controller's environment and share its folder (cache entries are written
# whole and verified on reading: generator/caching.py); the process that made it removes it.
_SHARED = "HEZA_TEST_CACHE"
if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(_SHARED):
    _CACHE, _OWNER = Path(os.environ[_SHARED]), False
else:
    _CACHE, _OWNER = Path(tempfile.mkdtemp(prefix="heza-test-cache-")), True
    os.environ[_SHARED] = str(_CACHE)
os.environ["HEZA_CACHE"] = str(_CACHE)
os.environ.pop("HEZA_PDF_CACHE", None)

from generator import site  # noqa: E402 (after HEZA_CACHE is set)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small"


def pytest_sessionfinish(session, exitstatus):
    if _OWNER:
        shutil.rmtree(_CACHE, ignore_errors=True)


def copy_docs_assets(target: Path) -> Path:
    """A docs folder with the hand-written assets only, so tests never touch the project's docs/."""
    shutil.copytree(ROOT / "docs", target, ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in site.LANGUAGES])
    return target


@pytest.fixture
def translations(tmp_path) -> Path:
    """A writable copy of the catalogs (without compiled files)."""
    target = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", target, ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture
def small_data(tmp_path) -> Path:
    """A writable copy of the small fixture dataset."""
    target = tmp_path / "data"
    shutil.copytree(SMALL, target)
    return target


def shared_folder(tmp_path_factory) -> Path:
    """The run's temporary folder: under pytest-xdist the one above each worker's own, which all workers share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _built_once(tmp_path_factory, name: str, data_dir: Path) -> Path:
    """data_dir built once for the whole run: under pytest-xdist the workers share one build (the first to take
    the lock builds; the others wait, then read it), instead of each worker building its own copy."""
    from generator.building import build

    shared = shared_folder(tmp_path_factory)
    base = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "built").exists():
            shutil.rmtree(base, ignore_errors=True)
            build(data_dir, base / "site", docs_dir=copy_docs_assets(base / "docs"), report=None)
            (base / "built").touch()
    return base / "site"


@pytest.fixture(scope="session")
def built_small(tmp_path_factory) -> Path:
    """The small fixture built once into a site folder (read-only for tests)."""
    return _built_once(tmp_path_factory, "small-site", SMALL)


@pytest.fixture(scope="session")
def built_real(tmp_path_factory) -> Path:
    """The shipped data/ built once, as `make site` would, into a temporary folder (read-only for tests)."""
    return _built_once(tmp_path_factory, "real-site", ROOT / "data")
