"""The consent register is kept to where it matters: stills, contact sheets, cuts, reels,
portfolios with stills and a supervisor's group film each check the intended use, refuse
with plain words, and let an override through only with a logged reason. Everything they
make is in the ledger, so the audit and erase find it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vigkit.core.errors import ConsentError
from vigkit.media import Moment
from vigkit.media.cut import cut
from vigkit.media.films import film_video
from vigkit.media.reel import reel
from vigkit.media.sheet import contact_sheet
from vigkit.media.stills import stills
from vigkit.privacy.consent import UseConsent
from vigkit.privacy.ledger import derived_files, origins_of
from vigkit.privacy.register import ConsentRegister, record_consent

from films import make_film


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A film no consent is recorded for anywhere."""
    folder = tmp_path_factory.mktemp("unconsented")
    return make_film(folder / "home-play.mp4", seconds=3.0, consent=False)


def _record(film: Path, workspace: Path, uses: object, **more: object) -> None:
    record_consent(
        film, given_on="2026-11-01", uses=uses, recorded_by="T07", workspace=workspace,
        people=["M1:child", "P1:client-adult"], **more,
    )  # fmt: skip


def test_no_consent_recorded_refuses_stills_and_says_how_to_record_it(
    film: Path, tmp_path: Path
) -> None:
    out = tmp_path / "stills"
    with pytest.raises(ConsentError) as refused:
        stills(film, [1.0], out, workspace=tmp_path / "ws")
    message = str(refused.value)
    assert "taking stills was refused" in message
    assert "home-play.mp4" in message
    assert "vigkit consent set" in message
    assert not out.exists() or not any(out.iterdir())


def test_consent_for_another_use_only_names_what_is_consented(film: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    _record(film, workspace, ["supervision"])
    with pytest.raises(ConsentError, match="supervision") as refused:
        reel([Moment(film, 0.5, 1.5)], tmp_path / "reel.mp4", workspace=workspace)
    assert "making a reel was refused" in str(refused.value)
    assert not (tmp_path / "reel.mp4").exists()


def test_consent_past_its_end_date_refuses(film: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    _record(film, workspace, {"own-review": "2026-11-20"})
    with pytest.raises(ConsentError, match=r"ended|until|2026-11-20|20 November"):
        cut(Moment(film, 0.5, 1.5), tmp_path / "clip.mp4", workspace=workspace)
    assert not (tmp_path / "clip.mp4").exists()


def test_override_goes_ahead_and_is_logged_with_its_reason(film: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    made = stills(
        film, [1.0], tmp_path / "stills", workspace=workspace,
        override="family agreed by phone on 1/12; form follows",
    )  # fmt: skip
    assert made[0].is_file()
    trail = ConsentRegister(workspace).audit_trail()
    assert trail[-1]["what"] == "override"
    assert trail[-1]["reason"] == "family agreed by phone on 1/12; form follows"
    assert trail[-1]["action"] == "taking stills"
    assert trail[-1]["use"] == "own-review"


def test_a_contact_sheet_is_checked_against_the_film_its_stills_come_from(
    film: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    _record(film, workspace, ["own-review"])
    pictures = stills(film, [0.5, 1.5], tmp_path / "stills", workspace=workspace)
    assert origins_of(pictures[0], workspace)[0].path == str(film)  # type: ignore[index]
    sheet = contact_sheet(pictures, tmp_path / "sheet.png", workspace=workspace)
    assert sheet.is_file()
    with pytest.raises(ConsentError, match="portfolio"):
        contact_sheet(pictures, tmp_path / "sheet2.png", use="portfolio", workspace=workspace)
    assert not (tmp_path / "sheet2.png").exists()
    kinds = [(entry.path.name, entry.kind) for entry in derived_files(workspace)]
    assert ("sheet.png", "sheet") in kinds
    assert sum(kind == "still" for _, kind in kinds) == 2


def test_training_group_consented_only_with_faces_blurred(film: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    _record(film, workspace, [UseConsent("training-group", faces_blurred=True)])
    moment = Moment(film, 0.5, 1.5)
    with pytest.raises(ConsentError, match="blur"):
        reel([moment], tmp_path / "group.mp4", use="training-group", workspace=workspace)
    made = reel(
        [moment], tmp_path / "group.mp4", use="training-group", blur_faces=True,
        workspace=workspace,
    )  # fmt: skip
    assert made.is_file()
    entry = [e for e in derived_files(workspace) if e.path == made][-1]
    assert entry.faces_blurred and entry.kind == "reel"


def test_practice_films_are_free_to_use_with_no_register(tmp_path: Path) -> None:
    practice = film_video("toddler-blocks")
    made = stills(practice, [1.0], tmp_path / "stills", use="training-group", workspace=tmp_path)
    assert made[0].is_file()
    assert derived_files(tmp_path) == []  # nothing of a practice film to erase


def test_a_cut_remembers_its_film_and_a_reel_of_the_cut_is_checked_against_it(
    film: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    _record(film, workspace, ["own-review"])
    clip = cut(Moment(film, 0.5, 2.0), tmp_path / "clip.mp4", workspace=workspace).path
    assert [o.path for o in origins_of(clip, workspace) or []] == [str(film)]
    with pytest.raises(ConsentError, match="home-play"):
        reel([Moment(clip, 0.0, 1.0)], tmp_path / "r.mp4", use="research", workspace=workspace)


def test_the_command_line_refuses_with_exit_2_and_takes_an_override(
    film: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "vigkit", "stills", str(film), "1", "--out"]
    refused = subprocess.run(
        [*command, str(tmp_path / "a"), "--workspace", str(tmp_path / "ws")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    assert "Traceback" not in refused.stderr
    assert "no consent" in refused.stderr.lower()
    allowed = subprocess.run(
        [*command, str(tmp_path / "b"), "--workspace", str(tmp_path / "ws"),
         "--override", "testing the override"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert allowed.returncode == 0, allowed.stderr
    assert (tmp_path / "b").is_dir() and any((tmp_path / "b").iterdir())


def test_a_portfolio_with_stills_needs_portfolio_consent(tmp_path: Path) -> None:
    import shutil

    from test_portfolio import DEMO

    from vigkit.coding.workspace import Workspace
    from vigkit.reflection import load_record
    from vigkit.reflection.portfolio import cycle_clip, export

    workspace = tmp_path / "demo"
    shutil.copytree(DEMO, workspace)
    film = make_film(tmp_path / "home.mp4", seconds=60.0, size=(160, 90), consent=False)
    record = load_record(workspace / "reflections" / "P-demo.record.json")
    clip = next(cycle_clip(c) for c in record.cycles if c.moments)
    Workspace(workspace).register_clip(clip, source=film)  # the cycle's film is own film
    _record(film, workspace, ["own-review", "supervision"])
    out = tmp_path / "portfolio.html"
    with pytest.raises(ConsentError, match="portfolio"):
        export(record, out, workspace=workspace, include_stills=True)
    assert not out.exists()
    assert export(record, out, workspace=workspace).is_file()  # no stills: no pictures
    _record(film, workspace, ["own-review", "portfolio"])
    export(record, out, workspace=workspace, include_stills=True)
    assert "data:image/jpeg;base64" in out.read_text()
    assert [e.kind for e in derived_files(workspace)][-1] == "portfolio"


def test_a_supervisor_is_refused_a_group_film_without_supervision_consent(
    film: Path, tmp_path: Path
) -> None:
    import shutil

    from vigkit.coding.workspace import Workspace
    from vigkit.supervision import load_group

    group = tmp_path / "group"
    shutil.copytree(Path(__file__).parents[1] / "examples" / "group", group)
    workspace = tmp_path / "ws"
    Workspace(workspace).register_clip("group-bridge-building", source=film)
    _record(film, workspace, ["own-review"])
    with pytest.raises(ConsentError, match="supervision") as refused:
        load_group(group, film="group-bridge-building", reference="S01", workspace=workspace)
    assert "in supervision was refused" in str(refused.value)
    _record(film, workspace, ["own-review", "supervision"])
    assert load_group(group, film="group-bridge-building", reference="S01", workspace=workspace)
