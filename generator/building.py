"""The build: check, generate Markdown and downloads, run one MkDocs build per language in a staging folder,
then swap the result into place.

Nothing under site/ or docs/<lang>/ changes until every MkDocs build has succeeded, so a failed build leaves
the last good site exactly as it was. Generated pages are written only when their content changed, so a
second run with the same data rewrites nothing (fast `serve`). The languages build in parallel processes
when the site is large enough for that to pay off; each process runs MkDocs on its own configuration, so
the builds share nothing but the files they read.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import catalogs, downloads, formatting, publishing, site
from generator.loading import DataError, load_dataset
from generator.models import Dataset
from generator.rendering import check_templates, render_all

ROOT = site.ROOT


class BuildError(Exception):
    """MkDocs failed (a warning in strict mode, a broken link, a plugin error)."""


class UnsafeOutput(Exception):
    """The output folder would replace or sit inside the project's own files (wrong usage: exit 2)."""


# What a build must never replace: the swap renames the output folder away and deletes it.
PROTECTED = (site.DATA_DIR, site.DOCS_DIR, site.TRANSLATIONS, site.TEMPLATES.parent)


def output_problem(output: Path, data_dir: Path = site.DATA_DIR) -> str | None:
    """Why a build must not write to output, or None: it is, holds or sits inside data/, docs/, translations/,
    generator/ or the data folder given; it is or holds the repository root; it holds a .git."""
    target = output.resolve()
    root = site.ROOT.resolve()
    if root.is_relative_to(target):
        return f"{output} is or holds the repository ({root}), which the build would replace"
    for folder in (*PROTECTED, data_dir):
        folder = folder.resolve()
        if target == folder:
            return f"{output} is the project's folder {folder}, which the build would replace"
        if target.is_relative_to(folder):
            return f"{output} is inside the project's folder {folder}, which the build would write into"
        if folder.is_relative_to(target):
            return f"{output} holds the project's folder {folder}, which the build would replace"
    if (target / ".git").exists():
        return f"{output} holds a .git folder: it is a repository, not a built site"
    if target.exists() and not target.is_dir():
        return f"{output} is a file, not a folder"
    # Any other folder the swap would delete must be a site a build made (or empty): not someone's files.
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        return (
            f"{output} is a folder with files but no index.html: not a site this build made; give a new or empty folder"
        )
    return None


def docs_problem(docs_dir: Path) -> str | None:
    """Why docs_dir cannot be the build's docs folder, or None: it must hold the hand-written assets every page
    needs (without them the site would publish unstyled), and its language folders are the build's to rewrite."""
    missing = [name for name in site.SHARED_DOCS if not (docs_dir / name).is_dir()]
    if missing:
        lacking = " and ".join(f"{name}/" for name in missing)
        return f"{docs_dir} is not a docs folder: it lacks {lacking}, the hand-written assets every page needs"
    return None


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


def check(data_dir: Path, translations: Path = site.TRANSLATIONS) -> Dataset:
    """Validate data and catalogs; raise DataError listing every problem of both."""
    problems: list[str] = []
    data = None
    more = 0
    try:
        data = load_dataset(data_dir)
    except DataError as exc:
        problems.extend(exc.lines)
        more = exc.more
    problems.extend(catalogs.check(translations))
    problems.extend(check_templates())
    problems.extend(
        f"generator/formatting.py: no number, money and date rules for the configured language {lang!r}"
        for lang in formatting.missing_rules(site.LANGUAGES)
    )
    if problems or data is None:
        raise DataError(problems, more)
    return data


def load_catalogs(
    translations: Path = site.TRANSLATIONS, compiled: Path | None = None
) -> dict[str, catalogs.StrictTranslations]:
    """Compile the catalogs (into compiled, default the cache) and load each language's."""
    catalogs.compile_catalogs(translations, compiled)
    return {lang: catalogs.StrictTranslations.from_mo(lang, compiled) for lang in site.LANGUAGES}


def generate(data: Dataset, strict: dict[str, catalogs.StrictTranslations]) -> dict[str, str]:
    """Markdown of every page in every language, as {'<lang>/<path>': text}; fails on a missing catalog text."""
    pages = render_all(data, strict)
    catalogs.fail_on_missing(strict)
    return pages


def sync_tree(pages: Mapping[str, str | bytes], target: Path, owned: tuple[str, ...] = site.LANGUAGES) -> int:
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


# --- MkDocs, one build per language -------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageBuild:
    """One language's MkDocs build: its configuration, its staged pages, where its site goes."""

    lang: str
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    compiled_catalogs: Path
    epoch: int


def run_mkdocs(job: LanguageBuild) -> str | None:
    """Build one language with MkDocs (strict). Returns None, or the reason it failed. Warnings go to stderr."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(job.epoch)  # MkDocs dates the sitemap and the search index by it
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(f"mkdocs ({job.lang}): %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(
            config_file=str(job.config_file),
            docs_dir=str(job.docs_dir),
            site_dir=str(job.site_dir),
            site_url=job.site_url,
            strict=True,
        )
        config.extra["compiled_catalogs"] = str(job.compiled_catalogs)  # read by the hooks (mkdocs_hooks.py)
        mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        return f"{job.lang}: {exc}"
    finally:
        logger.removeHandler(handler)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return None


# From this many pages per language, each language builds in its own process (starting one costs ~1 s).
PARALLEL_FROM_PAGES = 150


def run_all(jobs: list[LanguageBuild], pages_per_language: int) -> None:
    """Every language's MkDocs build: in parallel processes for a large site, else one after the other."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1 and pages_per_language >= PARALLEL_FROM_PAGES:
        # "spawn": a fresh interpreter per build, sharing no state (loggers, hooks, caches) with this one.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            try:
                failures = [failure for failure in pool.map(run_mkdocs, jobs) if failure]
            except BaseException:
                # Stopped (SIGTERM, Ctrl-C) or failed: the pool would wait for the other builds to finish.
                for child in multiprocessing.active_children():
                    child.terminate()
                raise
    else:
        failures = [failure for failure in map(run_mkdocs, jobs) if failure]
    if failures:
        raise BuildError("; ".join(failures))


def _release_memory() -> None:
    """Give the memory of freed objects back to the system (glibc keeps freed blocks for reuse otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def shared_assets(docs_dir: Path = site.DOCS_DIR) -> dict[str, bytes]:
    """The hand-written files every language's docs folder gets (stylesheets), by path inside that folder."""
    return {
        path.relative_to(docs_dir).as_posix(): path.read_bytes()
        for name in site.SHARED_DOCS
        for path in sorted((docs_dir / name).rglob("*"))
        if path.is_file()
    }


def build(
    data_dir: Path,
    site_dir: Path,
    docs_dir: Path = site.DOCS_DIR,
    translations: Path = site.TRANSLATIONS,
    site_url: str = site.SITE_URL,
    report=print,
    warn=print,
) -> Timings:
    """check -> generate -> downloads -> MkDocs per language, in a staging folder beside site_dir -> swap
    (generator/publishing.py). site_url overrides the public address (a staging host, or the browser tests'
    local server). warn gets the warnings of publishing (a site restored, a folder that could not be removed)."""
    unsafe = output_problem(site_dir, data_dir) or docs_problem(docs_dir)
    if unsafe is not None:  # before anything is written
        raise UnsafeOutput(unsafe)
    timings = Timings()
    site_url = site_url.rstrip("/") + "/"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    publishing.recover(site_dir, warn)
    staging = publishing.new_staging(site_dir)
    try:
        staged_docs = staging / "docs"
        compiled = staging / "catalogs"
        with timings.step("check", report):
            data = check(data_dir, translations)
        with timings.step("generate", report):
            strict = load_catalogs(translations, compiled)
            pages = generate(data, strict)
        assets = shared_assets(docs_dir)
        staged = {f"{lang}/{rel}": content for lang in site.LANGUAGES for rel, content in assets.items()}
        sync_tree({**staged, **pages}, staged_docs, owned=())  # a fresh folder: nothing stale to remove
        with timings.step("downloads", report):
            # Open data, the Atom feeds and the PDFs (generator/downloads.py), beside each language's pages.
            downloads.write_downloads(data, staged_docs, strict)
        epoch = site.source_date_epoch(data)
        jobs = [
            LanguageBuild(
                language.code,
                language.config_file,
                staged_docs / language.code,
                staging / "sites" / language.code,
                site.language_url(language.code, site_url),
                compiled,
                epoch,
            )
            for language in site.LANGUAGE_LIST
        ]
        generated = sorted(pages)
        pages_per_language = len(generated) // len(site.LANGUAGES)
        # The pages are on disk now: what the MkDocs processes run beside need not hold them, nor the dataset.
        del data, strict, pages
        _release_memory()
        with timings.step("mkdocs", report):
            run_all(jobs, pages_per_language)
        # Each build had a folder of its own (MkDocs empties its site_dir first); the others go into the default's.
        built = staging / "sites" / site.DEFAULT_LANGUAGE
        for language in site.LANGUAGE_LIST[1:]:
            (staging / "sites" / language.code).rename(built / language.folder)
        publishing.swap(built, site_dir, staging)
        try:  # docs/<lang>/ mirrors the pages for the preview; the site is published whatever happens here
            timings.steps["pages_written"] = sync_tree(
                {rel: (staged_docs / rel).read_bytes() for rel in generated}, docs_dir
            )
        except OSError as exc:
            warn(f"warning: the site is published, but {docs_dir} could not be updated: {exc}")
    finally:
        publishing.remove_tree(staging, warn)  # with the previous site in it, after a swap
    return timings
