"""A profiled stand-in for generator.building.run_mkdocs, for `benchmarks/run.py --profile`.

The build runs each language's MkDocs in a "spawn" process (from 150 pages per language), which the build
process's profiler does not see. run.py's child replaces building.run_mkdocs by run_mkdocs_profiled; a spawned
process imports this module afresh (its generator.building is the original), profiles the language's build
with pyinstrument and writes <$HEZA_BENCH_PROFILE>.mkdocs-<lang>.txt. In the build's own process (a small
site builds its languages one after the other there, under run.py's profiler already) it only calls through.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from generator import building

_run_mkdocs = building.run_mkdocs  # the original: this module is imported before run.py replaces it


def run_mkdocs_profiled(job):
    target = os.environ.get("HEZA_BENCH_PROFILE")
    if multiprocessing.parent_process() is None or not target:
        return _run_mkdocs(job)
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    try:
        return _run_mkdocs(job)
    finally:
        profiler.stop()
        report = Path(f"{target}.mkdocs-{job.lang}.txt")
        report.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
        report.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
