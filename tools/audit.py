"""make audit: Lighthouse 12.2.3 (npm, installed into .audit/ by the Makefile) on the landing, zones, one zone
and investor pages in every language, served from site/ on 127.0.0.1; prints the four scores per page.
A measurement, not a test: it is not part of make test. Mobile emulation (Lighthouse's default).

The server compresses text files with gzip, as any production web server or static host does (nginx's
`gzip on`, Apache's mod_deflate): Lighthouse's throttled network would otherwise time uncompressed CSS and
JavaScript that no reader downloads. `--runs N` takes the median of N runs per page (Lighthouse's own advice
for its variable performance score); `--plain` serves without compression, for comparison."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import site  # noqa: E402

LIGHTHOUSE = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv"}


class Compressing(Quiet):
    """Text files gzip-compressed when the client accepts it; everything else as the plain handler serves it."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median score is shown")
    parser.add_argument("--plain", action="store_true", help="serve without compression")
    args = parser.parse_args()
    # Built for the address it is served at (as the browser tests do): the language selector's sitemap
    # requests then stay on this server instead of failing to reach heza.gov.vn from the test machine.
    root = ROOT / ".audit" / "site"
    root.mkdir(parents=True, exist_ok=True)
    handler = Quiet if args.plain else Compressing
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--quiet", "--site", str(root), "--site-url", base],
        cwd=ROOT, check=True,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    zone = sorted(p.parent.name for p in (root / "zones").glob("*/index.html"))[0]
    paths = [("landing", ""), ("zones", "zones/"), ("zone", f"zones/{zone}/"), ("invest", "invest/")]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    rows = []
    for language in site.LANGUAGE_LIST:
        for _name, path in paths:
            url = base + language.folder + path
            runs = []
            for _ in range(args.runs):
                out = subprocess.run(
                    [str(LIGHTHOUSE), url, "--output=json", "--quiet", "--only-categories=" + ",".join(CATEGORIES),
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                    capture_output=True, text=True, env=env, check=False,
                )
                if out.returncode != 0:
                    print(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}", file=sys.stderr)
                    return 1
                report = json.loads(out.stdout)
                runs.append([round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES])
            scores = [statistics.median_low(run[i] for run in runs) for i in range(len(CATEGORIES))]
            if args.runs > 1:
                print(f"{url}: performance {sorted(run[0] for run in runs)}", file=sys.stderr)
            rows.append((f"/{language.folder}{path}", *scores))
    server.shutdown()
    print("| page | performance (mobile) | accessibility | best practices | SEO |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
