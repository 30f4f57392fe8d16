"""The supervision portfolio: the demo workspace exported as HTML (and PDF), via the API
and the CLI; self-contained, stills only when asked, and it renders in Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from vigkit.cli import main
from vigkit.core.errors import VigkitError
from vigkit.reflection import load_record
from vigkit.reflection.portfolio import NO_STILLS, export, stills_sentence

pytest_plugins = ["browser"]

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo-workspace"
RECORD = DEMO / "reflections" / "P-demo.record.json"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo workspace (opening a workspace may add empty folders)."""
    copy = tmp_path_factory.mktemp("demo") / "demo-workspace"
    shutil.copytree(DEMO, copy)
    return copy


@pytest.fixture(scope="module")
def plain_html(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "portfolio.html"
    record = load_record(demo / "reflections" / "P-demo.record.json")
    return export(record, out, workspace=demo)


@pytest.fixture(scope="module")
def stills_html(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "portfolio-stills.html"
    record = load_record(demo / "reflections" / "P-demo.record.json")
    return export(record, out, workspace=demo, include_stills=True)


def _first_page(text: str) -> str:
    return text[: text.index("</section>")]


def _headings(text: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", text)]


def test_sections_are_all_there(plain_html: Path) -> None:
    text = plain_html.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in text
    headings = _headings(text)
    assert headings[0] == "Practice portfolio: P-demo"
    assert "Your targets (TME)" in headings
    for n in (1, 2, 3):
        for heading in (
            f"Cycle {n}",
            f"Moments you chose (cycle {n})",
            f"Reflections (cycle {n})",
            f"Your coding (cycle {n})",
            f"Agreement with your supervisor (cycle {n})",
            f"Supervisor comments (cycle {n})",
        ):
            assert heading in headings
    assert "How can I give the children more time to lead our play" in text
    assert "What do you notice about yourself here?" in text  # prompt texts, not ids
    assert re.search(r"You found \d+ of the \d+ moments your supervisor marked", text)
    assert "alignment kappa 0." in text
    assert "0:04–0:08" in text


def test_charts_are_inline_svg(plain_html: Path) -> None:
    text = plain_html.read_text(encoding="utf-8")
    assert re.search(r'<svg role="img" aria-label="[^"]+" class="chart tme-chart"', text)
    timelines = re.findall(r'<svg role="img" aria-label="Time line of the tags of P-demo and '
                           r'S-demo on [^"]+" class="chart timeline-chart"', text)  # fmt: skip
    assert len(timelines) == 3  # one per cycle with a supervisor's coding
    assert "<?xml" not in text


def test_nothing_external_and_no_stills(plain_html: Path) -> None:
    text = plain_html.read_text(encoding="utf-8")
    assert not EXTERNAL.search(text)
    assert not re.search(r"<script[^>]*\bsrc", text, re.IGNORECASE)
    assert "<link" not in text and "@import" not in text
    assert not re.search(r"url\((?!#)", text)  # only the chart's own clip paths
    assert "data:image" not in text
    assert NO_STILLS in _first_page(text)


def test_stills_only_when_asked(stills_html: Path) -> None:
    text = stills_html.read_text(encoding="utf-8")
    record = load_record(RECORD)
    expected = sum(len(m.stills) or 1 for c in record.cycles for m in c.moments)
    assert text.count('src="data:image/jpeg;base64,') == expected == 8
    assert "data:image/png" not in text
    assert stills_sentence(expected) in _first_page(text)
    assert "8 stills from your films – share it only as your consent allows" in text
    assert not EXTERNAL.search(text)
    assert all(alt for alt in re.findall(r'<img [^>]*alt="([^"]*)"', text))
    assert len(re.findall(r"<img ", text)) == expected


def test_bad_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VigkitError, match="html' or 'pdf"):
        export(load_record(RECORD), tmp_path / "x.doc", "doc")  # type: ignore[arg-type]
    assert not (tmp_path / "x.doc").exists()


def test_cli_writes_the_portfolio(demo: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "OUT.html"
    assert main(["portfolio", str(demo), str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert NO_STILLS in text and "Cycle 3" in text
    record_out = tmp_path / "from-record.html"
    assert (
        main(["portfolio", str(demo / "reflections" / "P-demo.record.json"), str(record_out)]) == 0
    )
    assert "Agreement with your supervisor (cycle 1)" in record_out.read_text(encoding="utf-8")


def test_cli_bad_input_exits_2(demo: Path, tmp_path: Path, capsys: Any) -> None:
    assert main(["portfolio", str(tmp_path / "nowhere"), str(tmp_path / "o.html")]) == 2
    assert "no such workspace" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["portfolio", str(empty), str(tmp_path / "o.html")]) == 2
    assert "no practice record found" in capsys.readouterr().err
    assert main(["portfolio", str(demo), str(tmp_path / "o.html"), "--practitioner", "P99"]) == 2
    assert "no record for 'P99'" in capsys.readouterr().err
    two = tmp_path / "two"
    shutil.copytree(demo, two)
    shutil.copy(RECORD, two / "reflections" / "P-other.record.json")
    assert main(["portfolio", str(two), str(tmp_path / "o.html")]) == 2
    assert "--practitioner" in capsys.readouterr().err
    broken = tmp_path / "P-bad.record.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["portfolio", str(broken), str(tmp_path / "o.html")]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "Traceback" not in err
    assert not (tmp_path / "o.html").exists()


def test_renders_in_chromium(page: Any, stills_html: Path, tmp_path: Path) -> None:
    page.goto(stills_html.as_uri())
    size = page.evaluate(
        "() => { const r = document.querySelector('svg.tme-chart').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )
    assert size[0] > 300 and size[1] > 150
    assert page.evaluate("() => document.body.scrollHeight") > 3000
    loaded = page.evaluate(
        "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    )
    assert loaded
    shot = tmp_path / "portfolio.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_pdf_has_a_page_per_cycle(demo: Path, tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed")
    out = export(load_record(RECORD), tmp_path / "portfolio.pdf", "pdf", workspace=demo)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages > 3  # cover, TME, and each cycle starts a new page


def test_pdf_without_chromium_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGKIT_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(VigkitError, match="Chromium was not found"):
        export(load_record(RECORD), tmp_path / "p.pdf", "pdf")
    assert not (tmp_path / "p.pdf").exists()
