"""make audit: Lighthouse 12.2.3 (npm, installed into .audit/ by the Makefile) on the landing, zones, one zone
and investor pages in every language, served from site/ on 127.0.0.1; prints the four scores per page.
A measurement, not a test: it is not part of make test. Mobile emulation (Lighthouse's default)."""

from __future__ import annotations

import functools
import http.server
import json
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


def main() -> int:
    # Built for the address it is served at (as the browser tests do): the language selector's sitemap
    # requests then stay on this server instead of failing to reach heza.gov.vn from the test machine.
    root = ROOT / ".audit" / "site"
    root.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
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
            out = subprocess.run(
                [str(LIGHTHOUSE), url, "--output=json", "--quiet", "--only-categories=" + ",".join(CATEGORIES),
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                capture_output=True, text=True, env=env, check=False,
            )
            if out.returncode != 0:
                print(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}", file=sys.stderr)
                return 1
            report = json.loads(out.stdout)
            scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
            rows.append((f"/{language.folder}{path}", *scores))
    server.shutdown()
    print("| page | performance (mobile) | accessibility | best practices | SEO |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
