"""MkDocs hook used by `python -m generator serve` only: regenerate the served language's pages and
downloads (docs/<lang>/) before each rebuild.

Only changed files are written, so the rebuild this triggers finds nothing new and the loop settles.
A data problem is printed and the previous pages stay, so the preview keeps showing the last good state.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority

from generator import building, catalogs, exports, site
from generator.loading import DataError

log = logging.getLogger("mkdocs.hooks.heza.serve")


@event_priority(100)  # before the portal's hooks read the compiled catalogs
def on_config(config):
    """The catalogs, compiled where the portal's hooks read them, before anything else reads them."""
    catalogs.compile_catalogs()
    return config


def on_pre_build(config, **kwargs):
    data_dir = os.environ.get("HEZA_SERVE_DATA")
    lang = os.environ.get("HEZA_SERVE_LANGUAGE", site.DEFAULT_LANGUAGE)
    if not data_dir:
        return
    try:
        data = building.check(Path(data_dir))
        strict = building.load_catalogs()
        pages: dict[str, str | bytes] = dict(building.generate(data, strict))
        # Open data, feeds and PDFs too (generator/exports.py), or their links would not resolve.
        for rel, content in exports.all_outputs(data, strict).items():
            pages[rel] = content.read_bytes() if isinstance(content, Path) else content
    except DataError as exc:
        for line in exc.lines:
            log.error(line)
        log.error(f"{len(exc.lines)} problem(s); the preview shows the last good pages")
        return
    prefix = f"{lang}/"
    files = {path.removeprefix(prefix): text for path, text in pages.items() if path.startswith(prefix)}
    # The hand-written assets too, as the build stages them: docs/<lang>/ is this preview's docs folder.
    for name in site.SHARED_DOCS:
        for asset in sorted((site.DOCS_DIR / name).rglob("*")):
            if asset.is_file():
                files[asset.relative_to(site.DOCS_DIR).as_posix()] = asset.read_bytes()
    written = building.sync_tree(files, Path(config.docs_dir), owned=("",))
    if written:
        log.info(f"regenerated {written} file(s)")
