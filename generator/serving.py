"""Live preview of one language: MkDocs' dev server, with the pages regenerated whenever data, templates or
catalogs change (generator/serve_hook.py)."""

from __future__ import annotations

import os
from pathlib import Path

from generator import site


def serve(data_dir: Path, lang: str = site.DEFAULT_LANGUAGE, address: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ["HEZA_SERVE_DATA"] = str(data_dir.resolve())
    os.environ["HEZA_SERVE_LANGUAGE"] = lang
    mkdocs_serve(
        config_file=str(site.language(lang).config_file),
        livereload=True,
        dev_addr=address,
        watch=[str(data_dir), str(site.TEMPLATES), str(site.TRANSLATIONS)],
        # The regeneration hook runs before each rebuild, beside the portal's own hooks (mkdocs.yml).
        hooks=[str(site.ROOT / "generator" / "mkdocs_hooks.py"), str(site.ROOT / "generator" / "serve_hook.py")],
    )
