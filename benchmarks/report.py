"""`make bench`: run benchmarks/run.py for several sizes (and Hugo as the reference), write BENCHMARKS.md.

    python benchmarks/report.py [--zones 100 500 2000] [--output BENCHMARKS.md] [--no-hugo]

Only the part of BENCHMARKS.md between the two `bench:` markers is rewritten; the analysis around it
(profiles, what was changed, notes) is written by hand and kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- bench:start (written by benchmarks/report.py) -->", "<!-- bench:end -->"

# The targets of issue 6, checked on the largest size.
TARGET_ZONES = 2000
TARGETS = {"total_s": 24.0, "peak_rss_mb": 250.0, "output_mb": 150.0, "linear_ratio": 4.5, "generator_share": 0.10}

PACKAGES = [
    "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2", "pydantic",
    "PyYAML", "Babel", "matplotlib", "weasyprint", "hugo", "pyinstrument",
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


def run_one(zones: int, hugo: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="heza-report-") as tmp:
        record = Path(tmp) / "record.json"
        command = [sys.executable, str(HERE / "run.py"), "--zones", str(zones), "--json", "--record", str(record)]
        if hugo:
            command.append("--hugo")
        print(f"$ {' '.join(command[1:])}", flush=True)
        subprocess.run(command, check=True, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        return json.loads(record.read_text(encoding="utf-8"))


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| tool | zones | events | pages | total_s | generate_s | downloads_s | mkdocs_s | peak_rss_mb | output_mb | rewritten_on_noop | no-op rebuild s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        steps = r.get("steps_s") or {}
        lines.append(
            f"| {'Hugo (reference)' if r['tool'] == 'hugo' else 'portal'} | {r['zones']} | {r['events']} | {r['pages']} | {fmt(r['total_s'])} "
            f"| {fmt(r['generate_s'])} | {fmt(steps.get('downloads'))} | {fmt(r['mkdocs_s'])} | {fmt(r['peak_rss_mb'], 0)} "
            f"| {fmt(r['output_mb'], 1)} | {fmt(r['rewritten_on_noop'])} | {fmt(r.get('noop_total_s'))} |"
        )
    return lines


def verdicts(rows: list[dict]) -> list[str]:
    portal = {r["zones"]: r for r in rows if r["tool"] == "portal"}
    big = portal.get(TARGET_ZONES)
    if not big:
        return [f"(no {TARGET_ZONES}-zone run: targets not checked)"]
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else '**NOT met**'}: {text}")

    line(big["total_s"] <= TARGETS["total_s"], f"{big['pages']} pages in at most {TARGETS['total_s']:.0f} s total: {big['total_s']:.2f} s")
    line(big["peak_rss_mb"] <= TARGETS["peak_rss_mb"], f"peak memory at most {TARGETS['peak_rss_mb']:.0f} MB: {big['peak_rss_mb']:.0f} MB")
    line(big["output_mb"] <= TARGETS["output_mb"], f"output at most {TARGETS['output_mb']:.0f} MB: {big['output_mb']:.1f} MB")
    if 500 in portal:
        ratio = big["total_s"] / portal[500]["total_s"]
        small = portal[500]
        without = (big["total_s"] - (big.get("steps_s") or {}).get("downloads", 0.0)) / (
            small["total_s"] - (small.get("steps_s") or {}).get("downloads", 0.0)
        )
        line(
            ratio <= TARGETS["linear_ratio"],
            f"linear: total_s(2000) / total_s(500) at most {TARGETS['linear_ratio']}: {ratio:.2f} (without the downloads step: {without:.2f})",
        )
    steps = big.get("steps_s") or {}
    downloads = steps.get("downloads") or 0.0
    # Judged on the build without the downloads step: its PDFs would otherwise hide the generator's share.
    site_only = big["total_s"] - downloads
    share = big["generate_s"] / site_only
    line(
        share <= TARGETS["generator_share"],
        f"generator (check + generate) at most {TARGETS['generator_share']:.0%} of the build: {big['generate_s']:.2f} s is "
        f"{share:.1%} of the build without downloads ({site_only:.2f} s)"
        + (f"; {big['generate_s'] / big['total_s']:.1%} of the whole build, {(big['generate_s'] + downloads) / big['total_s']:.0%} with the downloads step counted as generator work" if downloads else ""),
    )
    line(big["rewritten_on_noop"] == 0, f"no-op regeneration rewrites 0 files: {big['rewritten_on_noop']}")
    if downloads:
        out.append(
            f"- Without the downloads step (PDFs, open data, feeds: {downloads:.2f} s of the cold build) the same build takes "
            f"{site_only:.2f} s (check {steps.get('check', 0):.2f}, generate {steps.get('generate', 0):.2f}, MkDocs {big['mkdocs_s']:.2f}, "
            f"the rest is interpreter start, staging and the swap)."
        )
    if big.get("noop_total_s") is not None:
        out.append(
            f"- The no-op rebuild (same data, PDFs from the cache) takes {big['noop_total_s']:.2f} s"
            + (f", peak memory {big['noop_peak_rss_mb']:.0f} MB (cold build: {big['cold_peak_rss_mb']:.0f} MB)." if big.get("noop_peak_rss_mb") else ".")
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
    args = parser.parse_args(argv)
    if args.rewrite:
        kept = json.loads(args.records.read_text(encoding="utf-8"))
        rows, load_line, when = kept["rows"], kept["load"], kept["when"]
    else:
        load_line = machine()[-1]  # the load average before the runs
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        rows = []
        for zones in args.zones:
            rows.append(run_one(zones, hugo=False))
        if not args.no_hugo:
            for zones in args.zones:
                rows.append(run_one(zones, hugo=True))
        args.records.parent.mkdir(parents=True, exist_ok=True)
        args.records.write_text(json.dumps({"when": when, "load": load_line, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    text = section(rows, when).replace(machine()[-1], load_line)
    write(args.output, text)
    print("\n".join(table(rows)))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
