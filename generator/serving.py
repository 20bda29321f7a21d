"""Live preview: MkDocs' dev server, with the pages regenerated whenever data, templates or catalogs change."""

from __future__ import annotations

import os
from pathlib import Path

from generator.building import ROOT
from generator.catalogs import TEMPLATES, TRANSLATIONS


def serve(data_dir: Path, address: str = "127.0.0.1:8000") -> None:
    import yaml
    from mkdocs.commands.serve import serve as mkdocs_serve

    config_file = ROOT / "mkdocs.yml"
    hooks = [str(ROOT / h) for h in yaml.safe_load(config_file.read_text(encoding="utf-8")).get("hooks", [])]
    os.environ["HEZA_SERVE_DATA"] = str(data_dir.resolve())
    mkdocs_serve(
        config_file=str(config_file),
        livereload=True,
        dev_addr=address,
        watch=[str(data_dir), str(TEMPLATES), str(TRANSLATIONS)],
        # The regeneration hook runs before each rebuild; the portal's own hooks stay in place.
        hooks=[str(ROOT / "generator" / "serve_hook.py"), *hooks],
    )
