"""The HTML report in a real browser: headless Chromium's own command line, no driver.

Chromium renders the page and writes out the DOM it built (``--dump-dom``) and a
picture of the page (``--screenshot``). The test skips, saying why, where there is no
browser; ``.ci/run`` installs Debian's ``chromium`` with apt when it can.
"""

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

import coproduction as cp

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on PATH (install Debian's chromium package to run this test)",
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
PNG = b"\x89PNG\r\n\x1a\n"


class Dom(HTMLParser):
    """The tags of a DOM, and the text of each table's header cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.classes = []
        self.in_th = False
        self.headers = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += [v for k, v in attrs if k == "class" and v]
        self.in_th = tag == "th"
        if self.in_th:
            self.headers.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_th = False

    def handle_data(self, data):
        if self.in_th:
            self.headers[-1] += data


def browse(*args, timeout=120):
    """Run headless Chromium with `args`; its output, or a skip if it cannot start."""
    found = subprocess.run(
        [BROWSER, *FLAGS, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip(f"Chromium is installed but would not run: {found.stderr[-300:]}")
    return found.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The Oak House report as a file, as `coproduction report --format html` writes it."""
    ini = cp.scenarios.load_bundled("oak_house_meals")
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(
        cp.present.render_html(cp.find_imbalances(ini), ini), encoding="utf-8"
    )
    return path


def test_dom_holds_the_picture_and_the_table(page):
    """The DOM Chromium built has the inline SVG, its nodes, and the decisions table."""
    dom = Dom()
    dom.feed(browse("--dump-dom", page.as_uri()))
    assert "svg" in dom.tags
    assert "cp-influence-graph" in dom.classes
    ini = cp.scenarios.load_bundled("oak_house_meals")
    assert dom.classes.count("cp-node cp-person") == len(ini.stakeholders)
    assert dom.classes.count("cp-node cp-decision") == len(ini.decisions)
    assert "cp-decisions" in dom.classes
    start = dom.headers.index("Decision")
    assert dom.headers[start : start + 6] == [
        "Decision",
        "Date",
        "Stated",
        "Observed",
        "Who had voice",
        "Who had influence",
    ]
    assert dom.headers[start + 6] == "Two hot choices at every lunch"


def test_screenshot(page, tmp_path):
    """Chromium draws the page to a PNG (look at it: a person must be able to read it)."""
    shot = tmp_path / "report.png"
    browse(f"--screenshot={shot}", "--window-size=1000,2400", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(PNG)
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 2400)
