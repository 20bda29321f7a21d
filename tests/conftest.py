import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Tests never write into the repository: compiled catalogs and rendered PDFs go to a folder of this session.
_CACHE = Path(tempfile.mkdtemp(prefix="heza-test-cache-"))
os.environ["HEZA_CACHE"] = str(_CACHE)
os.environ.pop("HEZA_PDF_CACHE", None)

from generator import site  # noqa: E402 (after HEZA_CACHE is set)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "small"


def pytest_sessionfinish(session, exitstatus):
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


@pytest.fixture(scope="session")
def built_small(tmp_path_factory) -> Path:
    """The small fixture built once into a site folder (read-only for tests)."""
    from generator.building import build

    base = tmp_path_factory.mktemp("small-site")
    target = base / "site"
    build(SMALL, target, docs_dir=copy_docs_assets(base / "docs"), report=None)
    return target


@pytest.fixture(scope="session")
def built_real(tmp_path_factory) -> Path:
    """The shipped data/ built once, as `make site` would, into a temporary folder."""
    from generator.building import build

    base = tmp_path_factory.mktemp("real-site")
    target = base / "site"
    build(ROOT / "data", target, docs_dir=copy_docs_assets(base / "docs"), report=None)
    return target
