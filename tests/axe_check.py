"""Run the axe-core accessibility checker on an HTML report in headless Chromium.

No browser driver is needed: the report is copied with axe-core and a few lines that run it
appended, Chromium loads the copy with a virtual time budget (so the checker finishes before
the page is dumped) and `--dump-dom` prints the page with the results written into it.
axe-core comes from the npm registry through tests/accessibility/package.json:
`npm ci --prefix tests/accessibility`.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

AXE = Path(__file__).resolve().parent / "accessibility" / "node_modules" / "axe-core" / "axe.min.js"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# A browser that touches nothing outside its own fresh profile and never calls home.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
RUNNER = """
<script>
axe.run(document).then(function (results) {
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = JSON.stringify(results.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(" ") + " :: " + n.failureSummary; })};
  }));
  document.body.appendChild(out);
});
</script>
"""


def browser() -> str | None:
    """The headless-capable Chromium on PATH, if any."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def available() -> bool:
    return browser() is not None and AXE.is_file()


def violations(page: Path, width: int = 1280, height: int = 900) -> list[dict]:
    """axe-core's violations on `page` at a window of `width` x `height` CSS pixels."""
    text = Path(page).read_text(encoding="utf-8")
    script = "<script>" + AXE.read_text(encoding="utf-8") + "</script>" + RUNNER
    checked = text.replace("</body>", script + "</body>", 1) if "</body>" in text else text + script
    with tempfile.TemporaryDirectory(prefix="axe-") as folder:
        copy = Path(folder) / "page.html"
        copy.write_text(checked, encoding="utf-8")
        profile = Path(folder) / "profile"
        result = subprocess.run(
            [
                browser(),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--virtual-time-budget=60000",
                "--dump-dom",
                copy.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', result.stdout, flags=re.S)
    if not found:
        raise AssertionError(f"axe-core did not report on {page} (exit {result.returncode}): {result.stderr[-2000:]}")
    return json.loads(html.unescape(found.group(1)))
