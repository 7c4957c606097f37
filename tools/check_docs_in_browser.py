"""Load the built documentation site in headless Chromium and check what it shows.

`nox -s docs_browser` builds the site with `mkdocs build --strict` and runs this on it:
the home page, the reference page of `client.contacts` and the rendered quickstart
notebook must load in a real browser and show their content. Screenshots land beside
the site (`SITE/_screenshots/`) for a look by eye.

Usage: python tools/check_docs_in_browser.py SITE_DIR
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

PAGES = {
    "": ["Configuring the client", "INTERCOM_TOKEN", "trust_env", "stylesheets/extra.css"],
    "reference/resources/": [
        'id="intercom_async.resources.Contacts"',
        'id="intercom_async.resources.Contacts.get_many"',
        'id="intercom_async.resources.Contacts.search"',
        'id="intercom_async.resources.Tags.attach_to_contact"',
    ],
    "notebooks/quickstart/": [
        "intercom_async quickstart",
        "client.contacts.list(per_page=5)",
        "jp-OutputArea",  # cells rendered with their outputs
        "requests sent to the fake",
    ],
}


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium found: apt-get install -y chromium")


def browse(browser: str, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    return subprocess.run(  # noqa: S603 - our own browser on our own site
        [*command, "--virtual-time-budget=5000", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def main(site: Path) -> int:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = chromium()
    shots = site / "_screenshots"
    shots.mkdir(exist_ok=True)
    failures = []
    try:
        for page, expected in PAGES.items():
            url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
            dom = browse(browser, url, "--dump-dom").stdout
            missing = [text for text in expected if text not in dom]
            if not dom.strip() or missing:
                failures.append(f"{url}: missing {missing or 'everything'}")
            name = (page.strip("/").replace("/", "-") or "home") + ".png"
            browse(browser, url, f"--screenshot={shots / name}", "--window-size=1280,2000")
            print(f"{'ok' if not missing else 'FAILED'}  {url}  ({len(dom)} characters)")
    finally:
        server.shutdown()
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
