"""`make bench`: run benchmarks/run.py for several sizes (and Hugo as the reference), write BENCHMARKS.md.

    python benchmarks/report.py [--zones 100 500 2000] [--output BENCHMARKS.md] [--no-hugo] [--profile] [--rewrite]

Only the part of BENCHMARKS.md between the two `bench:` markers is rewritten; the analysis around it
(profiles, what was changed, notes) is written by hand and kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- bench:start (written by benchmarks/report.py) -->", "<!-- bench:end -->"

# The targets of issue 11, checked on the largest size: the warm build at most twice Hugo's time on the same
# Markdown in the same run, its peak memory (process tree, summed PSS) at most 400 MB, no file rewritten on a no-op.
TARGET_ZONES = 2000
TARGETS = {"hugo_ratio": 2.0, "peak_rss_mb": 400.0, "rewritten_on_noop": 0}
WARM_REPEAT = 3  # warm builds per size: warm_s is their median, the table shows their range

PACKAGES = [
    "mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "pydantic",
    "PyYAML", "Babel", "matplotlib", "weasyprint", "pydyf", "hugo", "pyinstrument",
]


def machine() -> list[str]:
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import yaml

        libyaml = "with libyaml" if yaml.__with_libyaml__ else "WITHOUT libyaml (pure Python)"
    except ImportError:
        libyaml = "?"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        f"- Cores (os.cpu_count): {os.cpu_count()}; CPU: {cpu}",
        f"- Memory: {memory}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}; PyYAML {libyaml}",
        f"- Load average when the run started (1/5/15 min): {load}",
    ]


def versions() -> str:
    out = []
    for name in PACKAGES:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def run_one(zones: int, hugo: bool, profile: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="heza-report-") as tmp:
        record = Path(tmp) / "record.json"
        command = [sys.executable, str(HERE / "run.py"), "--zones", str(zones), "--json", "--record", str(record)]
        command += ["--repeat", str(WARM_REPEAT + (1 if profile else 0))]
        if hugo:
            command.append("--hugo")
        if profile:
            command += ["--profile", str(profile)]
        print(f"$ {' '.join(command[1:])}", flush=True)
        subprocess.run(command, check=True, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        return json.loads(record.read_text(encoding="utf-8"))


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def spread(values: list[float] | None, digits: int = 2) -> str:
    if not values or len(values) < 2:
        return ""
    return f" ({min(values):.{digits}f}–{max(values):.{digits}f})"


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| tool | zones | events | pages | cold_s | warm_s (range) | warm CPU s (range) | pdf_cpu_ms_per_sheet "
        "| peak_rss_mb (range) | output_mb | rewritten_on_noop |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        hugo = r["tool"] == "hugo"
        warm_range = spread(r.get("runs_s") if hugo else r.get("warm_runs_s"))
        cpu = r.get("runs_cpu_s") if hugo else r.get("warm_cpu_s")
        cpu_text = f"{statistics.median(cpu):.1f}{spread(cpu, 1)}" if cpu else "–"
        peak_range = "" if hugo else spread(r.get("warm_peak_pss_mb"), 0)
        lines.append(
            f"| {'Hugo (reference)' if hugo else 'portal'} | {r['zones']} | {r['events']} | {r['pages']} | {fmt(r['cold_s'])} "
            f"| {fmt(r['warm_s'])}{warm_range} | {cpu_text} | {fmt(r['pdf_cpu_ms_per_sheet'], 0)} | {fmt(r['peak_rss_mb'], 0)}{peak_range} "
            f"| {fmt(r['output_mb'], 1)} | {fmt(r['rewritten_on_noop'])} |"
        )
    return lines


def steps_lines(rows: list[dict]) -> list[str]:
    """Where each portal build's time went, per step."""
    out = []
    for r in rows:
        if r["tool"] != "portal":
            continue
        cold = ", ".join(f"{k} {v:.2f}" for k, v in r["cold_steps_s"].items())
        warm = "; ".join(", ".join(f"{k} {v:.2f}" for k, v in steps.items()) for steps in r["warm_steps_s"])
        pdf = r["pdf_phase"]
        out.append(
            f"- {r['zones']} zones: cold steps (s) {cold}; PDF phase {pdf['wall_s']:.1f} s wall, {pdf['cpu_s']:.1f} s CPU for "
            f"{pdf['rendered']} sheets rendered. Warm steps (s), per run: {warm}. No-op build {r['noop_s']:.2f} s "
            f"(pages written {r['noop_pages_written']}, site files changed {r['noop_site_changed']})."
        )
    return out


def cpu_ratio(portal: dict, hugo: dict) -> str:
    """The same comparison in CPU seconds (process tree), which other jobs on the machine disturb less."""
    ours, theirs = portal.get("warm_cpu_s"), hugo.get("runs_cpu_s")
    if not ours or not theirs:
        return ""
    ours_m, theirs_m = statistics.median(ours), statistics.median(theirs)
    return f"; in CPU seconds {ours_m:.1f} vs {theirs_m:.1f} = {ours_m / theirs_m:.1f}x"


def verdicts(rows: list[dict]) -> list[str]:
    portal = {r["zones"]: r for r in rows if r["tool"] == "portal"}
    hugo = {r["zones"]: r for r in rows if r["tool"] == "hugo"}
    big = portal.get(TARGET_ZONES)
    if not big:
        return [f"(no {TARGET_ZONES}-zone run: targets not checked)"]
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else '**NOT met**'}: {text}")

    reference = hugo.get(TARGET_ZONES)
    if reference:
        ratio = big["warm_s"] / reference["warm_s"]
        worst = max(big.get("warm_runs_s") or [big["warm_s"]]) / min(reference.get("runs_s") or [reference["warm_s"]])
        best = min(big.get("warm_runs_s") or [big["warm_s"]]) / max(reference.get("runs_s") or [reference["warm_s"]])
        line(
            ratio <= TARGETS["hugo_ratio"],
            f"warm build at most {TARGETS['hugo_ratio']:.0f}x Hugo's time ({big['pages']} pages): {big['warm_s']:.2f} s vs Hugo "
            f"{reference['warm_s']:.2f} s = {ratio:.1f}x (medians; {best:.1f}x to {worst:.1f}x over the runs)"
            + cpu_ratio(big, reference),
        )
    else:
        out.append(f"- (no Hugo run at {TARGET_ZONES} zones: the time target is not checked)")
    line(
        big["peak_rss_mb"] <= TARGETS["peak_rss_mb"],
        f"warm build's peak memory at most {TARGETS['peak_rss_mb']:.0f} MB: {big['peak_rss_mb']:.0f} MiB "
        f"(process tree, summed PSS; largest single process {max(big['warm_largest_process_mb']):.0f} MiB)",
    )
    line(
        big["rewritten_on_noop"] == TARGETS["rewritten_on_noop"],
        f"no-op build rewrites 0 files: {big['rewritten_on_noop']} (docs pages written {big['noop_pages_written']}, "
        f"site files with other bytes {big['noop_site_changed']})",
    )
    return out


def section(rows: list[dict], when: str) -> str:
    parts = [
        START,
        f"Measured {when} by `make bench` (benchmarks/report.py).",
        "",
        "Machine:",
        "",
        *machine(),
        f"- Packages: {versions()}",
        "",
        *table(rows),
        "",
        *steps_lines(rows),
        "",
        f"Targets (checked on {TARGET_ZONES} zones):",
        "",
        *verdicts(rows),
        END,
    ]
    return "\n".join(parts)


def write(output: Path, text: str) -> None:
    if output.exists():
        current = output.read_text(encoding="utf-8")
        if START in current and END in current:
            before, rest = current.split(START, 1)
            after = rest.split(END, 1)[1]
            output.write_text(before + text + after, encoding="utf-8")
            return
        output.write_text(current.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
        return
    output.write_text("# Benchmarks\n\n" + text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zones", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo reference rows")
    parser.add_argument("--records", type=Path, default=HERE / "out" / "records.json", help="where the full results are kept")
    parser.add_argument("--rewrite", action="store_true", help="only rewrite BENCHMARKS.md from the kept results, run nothing")
    parser.add_argument("--profile", action="store_true", help="also profile one warm build of the largest size (benchmarks/out/)")
    args = parser.parse_args(argv)
    if args.rewrite:
        kept = json.loads(args.records.read_text(encoding="utf-8"))
        rows, load_line, when = kept["rows"], kept["load"], kept["when"]
    else:
        load_line = machine()[-1]  # the load average before the runs
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        rows = []
        for zones in args.zones:  # Hugo right after our build of the same size, so both meet the same load
            profile = HERE / "out" / f"profile-{zones}.txt" if args.profile and zones == max(args.zones) else None
            if profile:
                profile.parent.mkdir(parents=True, exist_ok=True)
            rows.append(run_one(zones, hugo=False, profile=profile))
            if not args.no_hugo:
                rows.append(run_one(zones, hugo=True))
        rows.sort(key=lambda r: (r["tool"] == "hugo", r["zones"]))
        args.records.parent.mkdir(parents=True, exist_ok=True)
        args.records.write_text(json.dumps({"when": when, "load": load_line, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    text = section(rows, when).replace(machine()[-1], load_line)
    write(args.output, text)
    print("\n".join(table(rows)))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
