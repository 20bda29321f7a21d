"""Live preview of one language: MkDocs' dev server, with the pages regenerated whenever data, templates or
catalogs change (generator/serve_hook.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator import site


def serve(
    data_dir: Path, lang: str = site.DEFAULT_LANGUAGE, address: str = "127.0.0.1:8000", docs_dir: Path | None = None
) -> None:
    """docs_dir: where the preview's pages are generated (default: the language's docs folder, docs/<lang>/)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    docs_dir = docs_dir or site.DOCS_DIR / site.language(lang).code
    docs_dir.mkdir(parents=True, exist_ok=True)  # generated, so absent from a fresh clone; MkDocs needs it

    # MkDocs' command line sets this up; called from Python, its messages (and the data problems the
    # regeneration hook reports) would go nowhere.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    os.environ["HEZA_SERVE_DATA"] = str(data_dir)  # as given: problems name the files as `check` does
    os.environ["HEZA_SERVE_LANGUAGE"] = lang
    mkdocs_serve(
        config_file=str(site.language(lang).config_file),
        livereload=True,
        # A warning must not stop the preview: it prints, and the last good pages stay served.
        strict=False,
        dev_addr=address,
        docs_dir=str(docs_dir),
        watch=[str(data_dir), str(site.TEMPLATES), str(site.TRANSLATIONS)],
        # The regeneration hook runs before each rebuild, beside the portal's own hooks (mkdocs.yml).
        hooks=[str(site.ROOT / "generator" / "mkdocs_hooks.py"), str(site.ROOT / "generator" / "serve_hook.py")],
    )
