"""MkDocs hook used by `python -m generator serve` only: regenerate the served language's pages and
downloads (docs/<lang>/) before each rebuild.

Only changed files are written, so the rebuild this triggers finds nothing new and the loop settles.
A data problem is printed and the previous pages stay, so the preview keeps showing the last good state.
The PDFs are rendered after the pages, in a background thread: an edit shows on the page at once, and the
PDFs it changed follow a few seconds later (their files changing starts one more rebuild).
"""

from __future__ import annotations

import html
import logging
import os
import threading
from pathlib import Path

from jinja2 import TemplateSyntaxError
from mkdocs.plugins import event_priority

from generator import building, catalogs, downloads, rendering, site
from generator.catalogs import StrictTranslations
from generator.loading import DataError
from generator.models import Dataset

log = logging.getLogger("mkdocs.hooks.heza.serve")

_pdf_lock = threading.Lock()  # one PDF pass at a time; the next one waits for it
PDF_THREAD = "heza-preview-pdfs"


@event_priority(100)  # before the portal's hooks read the compiled catalogs
def on_config(config):
    """The catalogs, compiled where the portal's hooks read them, before anything else reads them. A catalog
    that does not compile keeps the last compiled one (on_pre_build reports its problems with the data's)."""
    try:
        catalogs.compile_catalogs()
    except Exception as exc:  # noqa: BLE001 - an exception here would stop the preview's server for good
        log.error(f"the catalogs were not compiled ({one_line(exc)}); the preview uses the last compiled ones")
    return config


def one_line(exc: BaseException) -> str:
    """An unexpected failure in one line, with the template's file and line when it is a template's."""
    where = ""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        where = f"{exc.filename or exc.name or 'template'}:{exc.lineno}: "
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{where}{type(exc).__name__}{': ' + first if first else ''}"


def _problems_page(lines: list[str]) -> str:
    """The preview's home page while the data has never been valid: the problems, as text (escaped)."""
    listed = "\n".join(html.escape(line) for line in lines)
    return f"# {len(lines)} problem(s) in the data\n\n<pre>{listed}</pre>\n"


def _keep_last_good(docs_dir: Path, lines: list[str]) -> None:
    for line in lines:
        log.error(line)
    log.error(f"{len(lines)} problem(s); the preview shows the last good pages")
    if not (docs_dir / "index.md").exists():  # no good pages yet: show the problems instead of a 404
        building.sync_tree({"index.md": _problems_page(lines)}, docs_dir, owned=())


def _as_bytes(content: bytes | Path) -> bytes:
    return content.read_bytes() if isinstance(content, Path) else content


def _write_pdfs(data: Dataset, strict: dict[str, StrictTranslations], docs_dir: Path, lang: str) -> None:
    with _pdf_lock:
        try:
            files = downloads.all_outputs(data, strict)
        except DataError as exc:
            for line in exc.lines:
                log.error(line)
            return
        except Exception as exc:  # noqa: BLE001 - a background thread: report it, the pages stay as they are
            log.error(f"the PDFs were not rendered: {one_line(exc)}")
            return
        prefix = f"{lang}/"
        pdfs = {rel.removeprefix(prefix): _as_bytes(content) for rel, content in files.items() if rel.endswith(".pdf")}
        written = building.sync_tree(pdfs, docs_dir, owned=())
        for stale in docs_dir.glob("downloads/*.pdf"):  # a zone that is gone
            if stale.relative_to(docs_dir).as_posix() not in pdfs:
                stale.unlink()
        if written:
            log.info(f"rendered {written} PDF file(s)")


def on_pre_build(config, **kwargs):
    data_dir = os.environ.get("HEZA_SERVE_DATA")
    lang = os.environ.get("HEZA_SERVE_LANGUAGE", site.DEFAULT_LANGUAGE)
    if not data_dir:
        return
    docs_dir = Path(config.docs_dir)
    try:
        data = building.check(Path(data_dir))
        # The served language only: the others are not on this preview.
        strict = {lang: StrictTranslations.from_mo(lang)}  # compiled by on_config
        files: dict[str, str | bytes] = dict(rendering.render_language(data, lang, strict[lang]))
        catalogs.fail_on_missing(strict)
        # Open data and the feed too (generator/downloads.py), or their links would not resolve.
        prefix = f"{lang}/"
        for rel, content in downloads.all_outputs(data, strict, with_pdfs=False).items():
            files[rel.removeprefix(prefix)] = _as_bytes(content)
    except DataError as exc:
        _keep_last_good(docs_dir, exc.shown())
        return
    except Exception as exc:  # noqa: BLE001 - raised here, it would leave every request hanging (MkDocs' server)
        _keep_last_good(docs_dir, [one_line(exc)])
        return
    # The hand-written assets too, as the build stages them: docs/<lang>/ is this preview's docs folder.
    files.update(building.shared_assets())
    # The PDFs there stay until the background pass replaces them.
    for pdf in docs_dir.glob("downloads/*.pdf"):
        files.setdefault(pdf.relative_to(docs_dir).as_posix(), pdf.read_bytes())
    written = building.sync_tree(files, docs_dir, owned=("",))
    if written:
        log.info(f"regenerated {written} file(s)")
    pdfs = [site.download_path("factsheet", lang, zone.id) for zone in data.zones] + [site.download_path("brief", lang)]
    if all((docs_dir / pdf).exists() for pdf in pdfs):
        threading.Thread(target=_write_pdfs, args=(data, strict, docs_dir, lang), name=PDF_THREAD, daemon=True).start()
    else:  # the first build of a preview, or a new zone: the pages link every PDF, so they must be there
        _write_pdfs(data, strict, docs_dir, lang)
