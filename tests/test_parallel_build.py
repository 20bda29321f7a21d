"""generator/mkdocs_parallel.py: pages rendered by forked workers give the same site, and their warnings
still fail a strict build."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_docs_assets

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def chunks_of(report: Path) -> list[list[list[str]]]:
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()] if report.exists() else []


# The hook forks only when the process has a single thread (forking with threads is unsafe). Other tests
# leave threads behind in pytest's process (the browser tests' web server), so each build runs in a
# fresh interpreter.
BUILD_SCRIPT = """
import sys
from pathlib import Path
from generator.building import BuildError, build
data, site, docs, config = map(Path, sys.argv[1:5])
try:
    build(data, site, docs_dir=docs, config_file=config, report=None)
except BuildError as exc:
    print(f"BuildError: {exc}", file=sys.stderr)
    sys.exit(3)
"""


def run_build(data: Path, site: Path, docs: Path, env: dict, config: Path = ROOT / "mkdocs.yml"):
    return subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(data), str(site), str(docs), str(config)],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture
def synthetic_data(tmp_path) -> Path:
    return synthetic.write(tmp_path / "data", zones=12, events=12)


def test_parallel_and_single_process_builds_are_byte_identical(synthetic_data, tmp_path):
    report = tmp_path / "parallel.log"
    env = {"HEZA_PDF_CACHE": str(tmp_path / "pdf-cache"), "HEZA_MKDOCS_PARALLEL_REPORT": str(report)}
    one = run_build(synthetic_data, tmp_path / "one" / "site", copy_docs_assets(tmp_path / "docs1"), {**env, "HEZA_MKDOCS_JOBS": "1"})
    assert one.returncode == 0, one.stderr
    assert chunks_of(report) == []
    three = run_build(synthetic_data, tmp_path / "three" / "site", copy_docs_assets(tmp_path / "docs3"), {**env, "HEZA_MKDOCS_JOBS": "3"})
    assert three.returncode == 0, three.stderr
    runs = chunks_of(report)
    assert len(runs) == 2, "one parallel build per language"
    assert all(len(chunks) == 3 for chunks in runs)
    assert tree_digest(tmp_path / "one" / "site") == tree_digest(tmp_path / "three" / "site")


BROKEN_LINK_HOOK = '''
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(PAGE):
        markdown += "\\n\\n[broken](no-such-page.md)\\n"
    return markdown
'''


def test_a_warning_in_a_worker_fails_the_strict_build(synthetic_data, tmp_path):
    report = tmp_path / "parallel.log"
    env = {"HEZA_PDF_CACHE": str(tmp_path / "pdf-cache"), "HEZA_MKDOCS_PARALLEL_REPORT": str(report), "HEZA_MKDOCS_JOBS": "2"}
    # The last page is always in the last worker's chunk, never the parent's.
    page = "zones/zone-00011.md"
    hook = tmp_path / "broken_link_hook.py"
    hook.write_text(f"PAGE = {page!r}\n" + BROKEN_LINK_HOOK, encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: docs/overrides", f"custom_dir: {ROOT / 'docs' / 'overrides'}")
    text = text.replace("  - generator/", f"  - {ROOT / 'generator'}/")
    text = text.replace("hooks:\n", f"hooks:\n  - {hook}\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(synthetic_data, site, copy_docs_assets(tmp_path / "docs"), env, config)
    assert result.returncode == 3, result.stderr
    runs = chunks_of(report)
    assert runs, "the build ran in parallel"
    assert any(uri.endswith(page) for uri in runs[0][-1]) and not any(uri.endswith(page) for uri in runs[0][0])
    assert "no-such-page.md" in result.stderr
    assert "BuildError: Aborted with" in result.stderr
    assert not site.exists()


RENDER_SCRIPT = """
import json, sys
from pathlib import Path
from generator import building, catalogs, forking, rendering
data = building.check(Path(sys.argv[1]))
def fresh():
    return {lang: catalogs.StrictTranslations.from_mo(lang) for lang in ("vi", "en")}
forks = []
start = forking.start
forking.start = lambda task: forks.append(task) or start(task)
parallel = rendering.render_all(data, fresh(), parallel=True)
single = rendering.render_all(data, fresh(), parallel=False)
lacking = fresh()
lacking["en"] = catalogs.StrictTranslations("en", {k: v for k, v in lacking["en"].messages.items() if k != "Key facts"})
rendering.render_all(data, lacking, parallel=True)
print(json.dumps({"forks": len(forks), "pages": len(parallel), "same": parallel == single,
                  "order": list(parallel) == list(single), "missing": sorted(lacking["en"].missing)}))
"""


def test_languages_rendered_side_by_side_give_the_same_pages(synthetic_data):
    """The second language renders in a forked process (large datasets): same pages, same order, and a
    catalog text the child missed still reaches the parent's record (so the build fails on it)."""
    result = subprocess.run([sys.executable, "-c", RENDER_SCRIPT, str(synthetic_data)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "forks": 2, "pages": 2 * (12 + 5), "same": True, "order": True, "missing": ["Key facts"],
    }


GENERATE_SCRIPT = """
import sys
from pathlib import Path
from generator.building import build
from generator.loading import DataError
data, site, docs = map(Path, sys.argv[1:4])
try:
    timings = build(data, site, docs_dir=docs, report=None)
except DataError as exc:
    print("\\n".join(exc.lines), file=sys.stderr)
    sys.exit(1)
print(sorted(timings.steps))
"""


def test_the_generator_forked_from_the_build_gives_the_same_site_and_errors(synthetic_data, tmp_path):
    """Large data is checked, rendered and exported in a forked child (MkDocs then runs in a process that never
    held the dataset): the same site as in one process, and the child's data errors reach the parent whole."""
    def run(env, site, data=synthetic_data):
        return subprocess.run(
            [sys.executable, "-c", GENERATE_SCRIPT, str(data), str(site), str(copy_docs_assets(site.parent / "docs"))],
            cwd=ROOT, env={**os.environ, "HEZA_PDF_CACHE": str(tmp_path / "pdf-cache"), **env}, capture_output=True, text=True, timeout=600,
        )

    child = run({"HEZA_GENERATE_IN_CHILD": "1"}, tmp_path / "child" / "site")
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "['check', 'downloads', 'generate', 'mkdocs', 'pages_written']"
    here = run({"HEZA_GENERATE_IN_CHILD": "0"}, tmp_path / "here" / "site")
    assert here.returncode == 0, here.stderr
    assert tree_digest(tmp_path / "child" / "site") == tree_digest(tmp_path / "here" / "site")
    assert tree_digest(tmp_path / "child" / "docs") == tree_digest(tmp_path / "here" / "docs")

    broken = tmp_path / "broken"
    shutil.copytree(synthetic_data, broken)
    zones = broken / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("area:\n", "area_size:\n", 1), encoding="utf-8")
    failed = run({"HEZA_GENERATE_IN_CHILD": "1"}, tmp_path / "failed" / "site", broken)
    assert failed.returncode == 1
    lines = failed.stderr.splitlines()
    assert lines and all("zones.yaml:" in line for line in lines), failed.stderr
    assert any('unknown field "area_size"' in line for line in lines)
    assert not (tmp_path / "failed" / "site").exists()
