"""MkDocs hook used by `python -m generator serve` only: regenerate docs/vi and docs/en before each rebuild.

Only changed pages are written, so the rebuild this triggers finds nothing new and the loop settles.
A data problem is printed and the previous pages stay, so the preview keeps showing the last good state.
"""

import logging
import os
from pathlib import Path

from generator import exports
from generator.building import check, generate, sync_tree
from generator.loading import DataError

log = logging.getLogger("mkdocs.hooks.heza")


def on_pre_build(config, **kwargs):
    data_dir = os.environ.get("HEZA_SERVE_DATA")
    if not data_dir:
        return
    try:
        data = check(Path(data_dir))
        pages = generate(data)
        # Open data, feeds and PDFs too (generator/exports.py), or their links would not resolve.
        for path, content in exports.all_outputs(data).items():
            pages[path] = content.read_bytes() if isinstance(content, Path) else content
    except DataError as exc:
        for line in exc.lines:
            log.error(line)
        log.error(f"{len(exc.lines)} problem(s); the preview shows the last good pages")
        return
    written = sync_tree(pages, Path(config.docs_dir))
    if written:
        log.info(f"regenerated {written} page(s)")
