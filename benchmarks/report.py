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
        line(ratio <= TARGETS["linear_ratio"], f"linear: total_s(2000) / total_s(500) at most {TARGETS['linear_ratio']}: {ratio:.2f}")
    share = big["generate_s"] / big["total_s"]
    line(share <= TARGETS["generator_share"], f"generator (check + generate) at most {TARGETS['generator_share']:.0%} of total: {share:.1%}")
    line(big["rewritten_on_noop"] == 0, f"no-op regeneration rewrites 0 files: {big['rewritten_on_noop']}")
    steps = big.get("steps_s") or {}
    if steps.get("downloads"):
        rest = big["total_s"] - steps["downloads"]
        out.append(
            f"- Without the downloads step (PDFs, open data, feeds: {steps['downloads']:.2f} s) the same build takes "
            f"{rest:.2f} s; generator share of that: {big['generate_s'] / rest:.1%}."
        )
    return out


def section(rows: list[dict]) -> str:
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
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
    args = parser.parse_args(argv)
    machine_lines = machine()  # the load average before the runs
    rows = []
    for zones in args.zones:
        rows.append(run_one(zones, hugo=False))
    if not args.no_hugo:
        for zones in args.zones:
            rows.append(run_one(zones, hugo=True))
    text = section(rows).replace(machine()[-1], machine_lines[-1])
    write(args.output, text)
    print("\n".join(table(rows)))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
