"""The build: check, generate Markdown, run MkDocs in a staging folder, then swap the result into place.

Nothing under site/ or docs/vi, docs/en changes until MkDocs has succeeded, so a failed build leaves the
last good site exactly as it was. Generated pages are written only when their content changed, so a
second run with the same data rewrites nothing (fast `serve` and `--dirty`). With a large dataset the
generator's steps run in a forked child, so MkDocs runs in a process that never held the data.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import catalogs
from generator.loading import DataError, load_dataset
from generator.models import LANGUAGES, Dataset
from generator.rendering import render_all

ROOT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """MkDocs failed (a warning in strict mode, a broken link, a plugin error)."""


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str, report=None):
        started = time.perf_counter()
        yield
        self.steps[name] = time.perf_counter() - started
        if report:
            report(f"{name}: {self.steps[name]:.2f} s")


def check(data_dir: Path, translations: Path = catalogs.TRANSLATIONS) -> Dataset:
    """Validate data and catalogs; raise DataError listing every problem of both."""
    problems: list[str] = []
    data = None
    try:
        data = load_dataset(data_dir)
    except DataError as exc:
        problems.extend(exc.lines)
    problems.extend(catalogs.check(translations))
    if problems:
        raise DataError(problems)
    return data


def generate(data: Dataset, translations: Path = catalogs.TRANSLATIONS) -> dict[str, str]:
    """Markdown of every page in every language; fails on any interface text a catalog lacks."""
    catalogs.compile_catalogs(translations)
    strict = {lang: catalogs.StrictTranslations.from_mo(lang, translations) for lang in LANGUAGES}
    pages = render_all(data, strict)
    missing = [f"MISSING_TRANSLATION|{lang}|{message}" for lang in LANGUAGES for message in sorted(strict[lang].missing)]
    if missing:
        raise DataError(missing)
    return pages


def sync_tree(pages: dict[str, str], target: Path, owned: tuple[str, ...] = LANGUAGES) -> int:
    """Write pages under target, touching only changed files; remove stale generated files. Returns files written."""
    written = 0
    wanted = set()
    for rel, text in pages.items():
        path = target / rel
        wanted.add(path)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    for folder in owned:
        base = target / folder
        if not base.exists():
            continue
        for path in sorted(base.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def source_date_epoch(data: Dataset) -> int:
    """A build timestamp taken from the data (the editors' compiled date, else its latest date), so the same
    data gives the same site."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates = [d for s in data.sources for d in (s.published, s.viewed) if d] + [e.date for e in data.events if e.status == "occurred"]
    latest = data.compiled or max(dates, key=lambda d: d.sort_key())
    month = latest.month or 12
    day = latest.day or 1
    return int(dt.datetime(latest.year, month, day, tzinfo=dt.timezone.utc).timestamp())


def _run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(
            config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True
        )
        mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        raise BuildError(str(exc)) from None
    finally:
        logger.removeHandler(handler)


def _swap(new: Path, target: Path) -> None:
    """Replace target by new with two renames (same filesystem), so readers never see a half-built site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


# From this much data (bytes of YAML) the generator runs in a forked child, so MkDocs then starts in a process
# that never held the dataset (at 2,000 zones it is ~200 MB that Python would not give back to the system).
GENERATE_IN_CHILD_FROM = 2_000_000


def _generate_in_child(data_dir: Path) -> bool:
    wanted = os.environ.get("HEZA_GENERATE_IN_CHILD")
    if wanted in ("0", "1"):
        return wanted == "1"
    size = sum(p.stat().st_size for p in data_dir.glob("*.yaml"))
    return size >= GENERATE_IN_CHILD_FROM


def _prepare(data_dir: Path, staged_docs: Path, translations: Path, report) -> dict:
    """check, generate and the downloads, into the staged docs folder; returns what the rest of the build needs."""
    timings = Timings()
    with timings.step("check", report):
        data = check(data_dir, translations)
    with timings.step("generate", report):
        pages = generate(data, translations)
    sync_tree(pages, staged_docs)
    generated = sorted(pages)
    del pages  # on disk now; the PDF workers forked next need not share ~50 MB of Markdown
    with timings.step("downloads", report):
        # Open data, the Atom feeds and the PDFs (generator/exports.py), beside each language's pages.
        from generator import exports

        exports.write_downloads(data, staged_docs, translations)
    return {"steps": timings.steps, "epoch": source_date_epoch(data), "generated": generated}


def build(
    data_dir: Path,
    site_dir: Path,
    docs_dir: Path = ROOT / "docs",
    config_file: Path = ROOT / "mkdocs.yml",
    translations: Path = catalogs.TRANSLATIONS,
    report=print,
) -> Timings:
    from generator import forking

    timings = Timings()
    # Stage beside site/ so the final swap is a rename on one filesystem.
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=site_dir.parent))
    try:
        staged_docs = staging / "docs"
        # Hand-written assets (stylesheets, overrides) come along; old generated pages do not.
        shutil.copytree(docs_dir, staged_docs, ignore=lambda d, names: [n for n in names if Path(d) == docs_dir and n in LANGUAGES])
        if _generate_in_child(data_dir) and forking.can_fork():
            prepared = forking.start(lambda: _prepare(data_dir, staged_docs, translations, report))()
        else:
            prepared = _prepare(data_dir, staged_docs, translations, report)
        timings.steps.update(prepared["steps"])
        previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(prepared["epoch"])
        try:
            with timings.step("mkdocs", report):
                _run_mkdocs(config_file, staged_docs, staging / "site")
        finally:
            if previous_epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
        _swap(staging / "site", site_dir)
        pages = {rel: (staged_docs / rel).read_bytes() for rel in prepared["generated"]}
        timings.steps["pages_written"] = sync_tree(pages, docs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return timings
