"""The benchmark runs end to end on a small synthetic dataset (no timing is asserted: the machine varies)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"pages", "total_s", "generate_s", "mkdocs_s", "peak_rss_mb", "output_mb", "rewritten_on_noop"}
ZONES = 20


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/name or !ENV tags; they do not matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def expected_pages(zones: int) -> int:
    """Every zone page and every page of the nav, in both languages, plus one 404 page per language."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    languages = [lang["locale"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin for lang in plugin["i18n"]["languages"]]
    sections = len(config["nav"])
    return len(languages) * (zones + sections + 1)


def test_benchmark_runs_and_reports_every_key(tmp_path):
    out = tmp_path / "bench"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--zones", str(ZONES), "--json", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result) == KEYS
    assert result["pages"] == expected_pages(ZONES)
    assert result["rewritten_on_noop"] == 0
    assert result["output_mb"] > 0 and result["peak_rss_mb"] > 0
    assert all(isinstance(result[key], (int, float)) for key in KEYS)
    # The site it measured is there, and the project's own docs/ and site/ were not used.
    site = out / "site"
    assert (site / "index.html").is_file() and (site / "en" / "index.html").is_file()
    assert (site / "zones" / "zone-00019" / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()
    html_pages = [p for p in site.rglob("*.html")]
    assert len(html_pages) == result["pages"]
