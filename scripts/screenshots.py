"""Screenshots of the review workbench for the docs, from a batch's OUT (the seeds' `make run` by default).

    python scripts/screenshots.py [OUT]

Serves OUT like `summarise review OUT --serve`, into a copy so no decision lands in OUT, accepts the first
article's first items and rejects one, and saves docs/workbench-index.png, docs/workbench-article.png and
docs/workbench-deals.png from Debian's Chromium (headless, through its chromedriver).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from summarise.workbench.server import Workbench, serve  # noqa: E402

DOCS = ROOT / "docs"


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-proxy-server", "--window-size=1400,1000",
                 "--hide-scrollbars"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out"
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        shutil.copytree(source, out, ignore=shutil.ignore_patterns("decisions.jsonl", "summaries.db*", "eval"))
        bench = Workbench(out=out, db_path=out / "summaries.db", who="analyst")
        server = serve(bench)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        driver = browser()
        try:
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/?token={bench.token}")
            driver.save_screenshot(str(DOCS / "workbench-index.png"))
            body = driver.find_element(By.TAG_NAME, "body")
            for keys in ("ja", "ja", "jr", "j"):
                body.send_keys(*keys)
                time.sleep(0.3)
            driver.execute_script("document.querySelector('li.item.active').scrollIntoView({block: 'center'})")
            time.sleep(0.5)
            driver.save_screenshot(str(DOCS / "workbench-article.png"))
            driver.execute_script("const d = document.querySelector('details.deals'); d.open = true;"
                                  "d.scrollIntoView({block: 'start'})")
            time.sleep(0.5)
            driver.save_screenshot(str(DOCS / "workbench-deals.png"))
        finally:
            driver.quit()
            server.shutdown()
            server.server_close()
    print("docs/workbench-index.png, docs/workbench-article.png, docs/workbench-deals.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
