"""The JSON Schema that editors use: current with the models, referenced by each data file, and accurate."""

import json

import jsonschema
import pytest
import yaml
from conftest import ROOT, SMALL

from generator.models import FILE_MODELS
from generator.schema import schema_for

DATA_FOLDERS = [ROOT / "data", SMALL]


@pytest.mark.parametrize("name", FILE_MODELS)
def test_committed_schema_is_current(name):
    committed = json.loads((ROOT / "schema" / name.replace(".yaml", ".schema.json")).read_text(encoding="utf-8"))
    assert committed == schema_for(name), "schema/ is stale: run python -m generator schema"


@pytest.mark.parametrize("folder", DATA_FOLDERS, ids=["data", "fixture"])
@pytest.mark.parametrize("name", FILE_MODELS)
def test_data_files_point_at_their_schema_and_satisfy_it(folder, name):
    path = folder / name
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    assert schema_path == (ROOT / "schema" / name.replace(".yaml", ".schema.json")).resolve()
    # Dates and periods are strings to the schema: load them as text, as the generator does.
    loader = type("TextDates", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    jsonschema.validate(document, json.loads(schema_path.read_text(encoding="utf-8")))
