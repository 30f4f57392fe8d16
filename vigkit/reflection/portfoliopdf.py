"""Printing the portfolio page to PDF with headless Chromium (through Playwright).

Printing runs in a thread of its own, so it works inside Jupyter too.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from ..core.atomic import atomic_path
from ..core.errors import VigkitError

#: Where the kit looks for Chromium for PDFs (``VIGKIT_CHROMIUM`` first).
CHROMIUM_ENV = "VIGKIT_CHROMIUM"
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> Path | None:
    """Chromium for printing PDFs: ``$VIGKIT_CHROMIUM`` or one on the PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def _write_pdf(text: str, target: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        raise VigkitError(
            "cannot make a PDF: Chromium was not found (install it, e.g. 'apt-get install "
            f"chromium', or set {CHROMIUM_ENV} to its path); export as HTML and print that "
            "from your browser instead"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise VigkitError(
            "cannot make a PDF: the playwright package is not installed "
            "(pip install playwright); export as HTML instead"
        ) from None
    # Playwright's sync API refuses to run where an asyncio loop is running (Jupyter,
    # or another Playwright session), so the printing happens in a thread of its own.
    failure: list[BaseException] = []
    worker = threading.Thread(
        target=_print_pdf, args=(text, target, chromium, failure), name="vigkit-pdf"
    )
    worker.start()
    worker.join()
    if failure:
        error = failure[0]
        if isinstance(error, VigkitError):
            raise error
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise VigkitError(
            f"cannot make a PDF: Chromium ({chromium}) did not start or print ({first}); "
            "export as HTML instead"
        )


def _print_pdf(text: str, target: Path, chromium: Path, failure: list[BaseException]) -> None:
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), headless=True, args=["--no-sandbox"]
            )
            try:
                page = browser.new_page()
                page.set_content(text, wait_until="load")
                with atomic_path(target) as tmp:
                    page.pdf(
                        path=str(tmp),
                        format="A4",
                        print_background=True,
                        prefer_css_page_size=True,
                    )
            finally:
                browser.close()
    except BaseException as error:  # reported to the caller's thread
        failure.append(error)
