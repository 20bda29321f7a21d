"""Command line: python -m generator check | build | serve | i18n extract|update|compile | schema.

Exit codes: 0 success; 1 problems in the data or the catalogs (each printed as file:line:col: ...);
2 wrong usage (an output folder that would overwrite the project, a bad setting in the environment);
3 MkDocs failed (strict mode warning, broken link); 4 the machine failed us: a disk full, a permission
refused, an I/O error (one line names the file); 130 interrupted (Ctrl-C), 143 stopped by SIGTERM (129 by
SIGHUP). site/ is left as it was on every one of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import building, catalogs, publishing, site
from generator.loading import DataError
from generator.models import printable

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUILD, EXIT_SYSTEM = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


def _report_problems(problems: DataError) -> int:
    for line in problems.shown():
        print(line, file=sys.stderr)
    total = len(problems.lines) + problems.more
    print(f"{total} problem{'s' if total != 1 else ''} found; nothing was built.", file=sys.stderr)
    return EXIT_DATA


# The largest SOURCE_DATE_EPOCH accepted: 2100-01-01, the last year a date in the data may have.
_LAST_EPOCH = 4102444800


def environment_problems(environ=os.environ) -> list[str]:
    """Settings the build reads from the environment, checked before it starts (one line each, exit 2)."""
    problems = []
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and not (epoch.isascii() and epoch.isdigit() and int(epoch) <= _LAST_EPOCH):
        problems.append(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 up to {_LAST_EPOCH} "
            f"(2100), got {printable(epoch)}"
        )
    workers = environ.get("HEZA_PDF_WORKERS")
    if workers and not (workers.isascii() and workers.isdigit() and 1 <= int(workers) <= 256):
        problems.append(f"HEZA_PDF_WORKERS must be a whole number of processes from 1 to 256, got {printable(workers)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    common.add_argument("--data", type=Path, default=site.DATA_DIR, help="data folder (default: data/)")
    parser = argparse.ArgumentParser(prog="python -m generator", description="HEZA portal generator", parents=[common])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", parents=[common], help="validate the data and the catalogs")
    build_cmd = commands.add_parser("build", parents=[common], help="check, generate and build site/")
    build_cmd.add_argument("--site", type=Path, default=site.SITE_DIR, help="output folder (default: site/)")
    build_cmd.add_argument(
        "--docs",
        type=Path,
        default=site.DOCS_DIR,
        help="folder of the hand-written assets, where the pages are mirrored for the preview (default: docs/)",
    )
    build_cmd.add_argument(
        "--site-url",
        default=site.SITE_URL,
        help=f"public address of the site root (default: {site.SITE_URL}, from mkdocs.yml)",
    )
    serve_cmd = commands.add_parser(
        "serve", parents=[common], help="live preview of one language that regenerates on changes"
    )
    serve_cmd.add_argument(
        "--language", choices=site.LANGUAGES, default=site.DEFAULT_LANGUAGE, help="the language to preview"
    )
    serve_cmd.add_argument(
        "--address", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)"
    )
    serve_cmd.add_argument(
        "--docs", type=Path, default=None, help="folder for the preview's generated pages (default: docs/<language>/)"
    )
    i18n = commands.add_parser("i18n", parents=[common], help="interface text catalogs")
    i18n.add_argument("action", choices=["extract", "update", "compile"])
    commands.add_parser("schema", parents=[common], help="write the JSON Schema of the data files")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    say = (lambda *a: None) if args.quiet else print
    unusable = environment_problems()
    if unusable and args.command in ("check", "build", "serve"):
        for line in unusable:
            print(line, file=sys.stderr)
        return EXIT_USAGE

    try:
        if args.command == "check":
            data = building.check(args.data)
            say(
                f"ok: {len(data.sources)} sources, {len(data.figures)} figures, {len(data.events)} events, "
                f"{len(data.zones)} zones; catalogs complete"
            )
        elif args.command == "build":
            with publishing.stopping_cleanly():
                timings = building.build(
                    args.data,
                    args.site,
                    docs_dir=args.docs,
                    site_url=args.site_url,
                    report=None if args.quiet else say,
                    warn=_warn,
                )
            total = sum(v for k, v in timings.steps.items() if k != "pages_written")
            say(f"built {args.site} in {total:.2f} s")
        elif args.command == "serve":
            from generator.serving import serve

            serve(args.data, args.language, args.address, args.docs)
        elif args.command == "i18n":
            if args.action == "extract":
                say(f"wrote {catalogs.write_pot()}")
            elif args.action == "update":
                catalogs.write_pot()
                for path in catalogs.update():
                    say(f"updated {path}")
            else:
                for path in catalogs.compile_catalogs():
                    say(f"compiled {path}")
        elif args.command == "schema":
            from generator.schema import write_schemas

            for path in write_schemas():
                say(f"wrote {path}")
    except DataError as exc:
        return _report_problems(exc)
    except building.UnsafeOutput as exc:
        print(f"build refused: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    except building.BuildError as exc:
        print(f"mkdocs failed: {exc}; site/ was left as it was.", file=sys.stderr)
        return EXIT_BUILD
    except KeyboardInterrupt:
        print("interrupted; site/ was left as it was.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except publishing.Terminated as stop:
        print(f"stopped by signal {stop.signum}; site/ was left as it was.", file=sys.stderr)
        return int(stop.code or 1)
    except OSError as exc:
        print(f"error: {_system_error(exc)}; site/ was left as it was.", file=sys.stderr)
        return EXIT_SYSTEM
    return EXIT_OK


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def _system_error(exc: OSError) -> str:
    """One line for a failure of the machine: what failed, and on which file (a copy's target, not its source)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    target = exc.filename2 or exc.filename
    return f"{reason}: {target}" if target else reason
