"""JSON Schema of each data file, so editors (VS Code's YAML extension and others) complete and check fields.

Each data/*.yaml starts with `# yaml-language-server: $schema=../schema/<file>.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.models import FILE_MODELS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"


def schema_for(file_name: str) -> dict:
    schema = FILE_MODELS[file_name].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"HEZA portal data: {file_name}"
    return schema


def write_schemas(target: Path = SCHEMA_DIR) -> list[Path]:
    target.mkdir(exist_ok=True)
    written = []
    for file_name in FILE_MODELS:
        path = target / file_name.replace(".yaml", ".schema.json")
        path.write_text(
            json.dumps(schema_for(file_name), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
