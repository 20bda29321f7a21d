"""The benchmark runs end to end on a small synthetic dataset and reports every key, sanely (no timing is
asserted: the machine varies)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import site

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"pages", "cold_s", "warm_s", "pdf_cpu_ms_per_sheet", "peak_rss_mb", "output_mb", "rewritten_on_noop"}
ZONES = 5  # enough for every step (cold PDFs, warm, no-op); the numbers at scale are make bench's
RUN = [sys.executable, str(ROOT / "benchmarks" / "run.py")]


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !ENV or !!python/name tags; they do not matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def section_pages() -> int:
    """The pages of the nav (overview, timeline, zones index, sources, ...): one each per language."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    return len(config["nav"])


def run(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([*RUN, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_benchmark_runs_and_reports_every_key(tmp_path):
    out = tmp_path / "bench"
    done = run("--zones", str(ZONES), "--json", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result) == KEYS

    # pages: the HTML files actually in the output, and as many as the data makes (every zone, the pages of
    # the nav and a 404 page, per language).
    built = out / "site"
    html = list(built.rglob("*.html"))
    assert result["pages"] == len(html)
    assert result["pages"] == len(site.LANGUAGES) * (ZONES + section_pages() + 1)
    for language in site.LANGUAGE_LIST:
        root = built / language.folder
        assert (root / "index.html").is_file() and (root / "404.html").is_file()
        assert (root / "zones" / f"zone-{ZONES - 1:05d}" / "index.html").is_file()
        assert (root / "search" / "search_index.json").is_file()

    assert result["rewritten_on_noop"] == 0
    assert isinstance(result["pages"], int) and isinstance(result["rewritten_on_noop"], int)
    for key in KEYS:
        assert isinstance(result[key], (int, float)) and not isinstance(result[key], bool), (key, result[key])
        assert result[key] >= 0, (key, result[key])
    # The cold build rendered sheets (one per zone and language, plus a brief per language); memory and size
    # are those of a real build.
    assert result["pdf_cpu_ms_per_sheet"] > 0
    assert result["cold_s"] > 0 and result["warm_s"] > 0
    assert result["peak_rss_mb"] > 20
    size_mb = sum(p.stat().st_size for p in built.rglob("*") if p.is_file()) / (1024 * 1024)
    assert result["output_mb"] == pytest.approx(size_mb, abs=0.1)
    # Only the work folder was used: the project's docs/ language folders and caches are not its output.
    assert (out / "docs" / site.DEFAULT_LANGUAGE / "index.md").is_file()
    assert list((out / "cache" / "pdf").glob("*.pdf"))


def test_benchmark_refuses_a_language_it_cannot_build():
    done = run("--zones", "1", "--languages", "xx", "--json")
    assert done.returncode == 2
    assert "--languages" in done.stderr


def test_benchmark_builds_a_subset_of_the_languages(tmp_path):
    """--languages vi,en builds what a portal configured with those two would: their pages only, from a copy
    of the project whose mkdocs.yml lists them; the project's own mkdocs.yml is untouched."""
    if len(site.LANGUAGES) < 3:
        pytest.skip("needs a third configured language to leave out")
    kept = site.LANGUAGES[:2]
    config_before = (ROOT / "mkdocs.yml").read_bytes()
    out = tmp_path / "bench"
    done = run("--zones", "2", "--languages", ",".join(kept), "--json", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pages"] == len(kept) * (2 + section_pages() + 1)
    assert result["rewritten_on_noop"] == 0
    for language in site.LANGUAGE_LIST:
        built = (out / "site" / language.folder / "zones" / "zone-00001" / "index.html").is_file()
        assert built == (language.code in kept), language.code
    assert (ROOT / "mkdocs.yml").read_bytes() == config_before
    zones = yaml.safe_load((out / "data" / "zones.yaml").read_text(encoding="utf-8"))["zones"]
    assert set(zones[0]["name"]) == set(kept)


def test_keep_languages_edits_only_the_language_list():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import keep_languages

    config = (
        "site_name: x\n"
        "extra:\n"
        "  languages:\n"
        "    - code: vi\n"
        "      name: Tiếng Việt\n"
        "    - code: en\n"
        "      name: English\n"
        "    - code: ko\n"
        "      name: 한국어\n"
        "  generator: false\n"
        "theme: !ENV [THEME, material]\n"
    )
    assert keep_languages(config, ("vi", "ko")) == (
        "site_name: x\n"
        "extra:\n"
        "  languages:\n"
        "    - code: vi\n"
        "      name: Tiếng Việt\n"
        "    - code: ko\n"
        "      name: 한국어\n"
        "  generator: false\n"
        "theme: !ENV [THEME, material]\n"
    )


def test_benchmark_refuses_a_subset_without_the_default_language():
    done = run("--zones", "1", "--languages", ",".join(site.LANGUAGES[1:]), "--json")
    assert done.returncode == 2
    assert "default language" in done.stderr
