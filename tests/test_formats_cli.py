"""``vigkit import`` / ``vigkit export`` and the choice of format by file name: every
format through the command line, a supervisor's ELAN file compared directly, and bad
input refused with exit 2, no traceback and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_views_marks import SUPERVISOR, TRAINEE

from vigkit import Coding, VigkitError
from vigkit.formats.dispatch import format_of, read_coding_file, write_coding_file

FOREIGN = ["out.eaf", "out.boris", "out.boris.gz", "out.vtt", "out.xlsx"]


def vigkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


def same_events(first: Coding, second: Coding) -> None:
    columns = ["clip", "coder", "role", "code", "subject", "onset", "offset", "note"]
    a = first.events[columns].reset_index(drop=True)
    b = second.events[columns].reset_index(drop=True)
    assert a[["clip", "coder", "code"]].equals(b[["clip", "coder", "code"]])
    assert (abs(a["onset"] - b["onset"]) <= 0.001).all()
    assert (abs(a["offset"] - b["offset"]) <= 0.001).all()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.eaf", "elan"), ("A.BORIS", "boris"), ("a.boris.gz", "boris"), ("a.vtt", "webvtt"),
     ("a.xlsx", "xlsx"), ("a.csv", "csv"), ("a.jsonl", "jsonl")],
)  # fmt: skip
def test_the_format_is_chosen_by_the_name(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


def test_unknown_endings_and_options_that_do_not_apply_are_refused(tmp_path: Path) -> None:
    unknown = r"a.docx: the kit cannot read or write '.docx' files as codings"
    with pytest.raises(VigkitError, match=unknown):
        format_of("a.docx")
    with pytest.raises(VigkitError, match="--observation does not apply to elan files"):
        read_coding_file(tmp_path / "a.eaf", "attuned-interactions", observation="1")
    with pytest.raises(VigkitError, match="--media does not apply to webvtt files"):
        write_coding_file(TRAINEE, tmp_path / "a.vtt", media="film.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", FOREIGN)
def test_export_then_import_gives_the_coding_back(tmp_path: Path, out: str) -> None:
    TRAINEE.to_csv(tmp_path / "T07.csv")
    exported = vigkit("export", "T07.csv", out, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert f"T07.csv → {out}: 4 events" in exported.stderr
    needs_names = out.endswith((".vtt", ".boris", ".boris.gz"))
    extra = ["--coder", "T07", "--clip", "home-play"] if needs_names else []
    imported = vigkit("import", out, "back.csv", *extra, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    same_events(TRAINEE, Coding.read(tmp_path / "back.csv"))


def test_a_supervisors_elan_file_is_compared_directly(tmp_path: Path) -> None:
    write_coding_file(SUPERVISOR, tmp_path / "supervisor.eaf")
    TRAINEE.to_csv(tmp_path / "T07.csv")
    done = vigkit("compare", "T07.csv", "supervisor.eaf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("You spotted 3 of the 4 moments")


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.eaf").write_text("<ANNOTATION_DOCUMENT><TIER", encoding="utf-8")
    TRAINEE.to_csv(tmp_path / "T07.csv")
    cases = [
        (("import", "broken.eaf", "out.csv"), "broken.eaf"),
        (("import", "T07.csv", "out.csv"), "already a coding file"),
        (("import", "broken.eaf", "out.eaf"), "import writes a coding as .csv or .jsonl"),
        (("export", "T07.csv", "out.csv"), "export writes .eaf"),
        (("export", "missing.csv", "out.eaf"), "missing.csv"),
        (("import", "broken.eaf", "out.csv", "--tier", "nonsense"), "NAME=PSEUDONYM"),
        (("import", "broken.eaf", "out.csv", "--duration", "-3"), "--duration"),
    ]
    for args, message in cases:
        done = vigkit(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["T07.csv", "broken.eaf"]


# ---------------------------------------------------------------- BORIS and WebVTT files (issue 16)
FORMATS = Path(__file__).parent / "data" / "formats"
GUIDER = "home-visit-1 (guider)"
SUPERVISOR_OBSERVATION = "home-visit-1 (supervisor)"


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    """The sample BORIS project as .boris and .boris.gz, its code names, and captions."""
    import gzip
    import shutil

    for name in ("home-visits.boris", "home-visits-codes.csv", "subtitle-editor.vtt"):
        shutil.copy(FORMATS / name, tmp_path / name)
    data = (FORMATS / "home-visits.boris").read_bytes()
    (tmp_path / "home-visits.boris.gz").write_bytes(gzip.compress(data))
    return tmp_path


@pytest.mark.parametrize("project", ["home-visits.boris", "home-visits.boris.gz"])
def test_compare_import_and_export_read_boris_projects(projects: Path, project: str) -> None:
    codes = ["--codes", "home-visits-codes.csv"]
    compared = vigkit(
        "compare", project, project, "--observation", GUIDER, "--coder", "G01",
        "--reference-observation", SUPERVISOR_OBSERVATION, "--reference-coder", "S01", *codes,
        cwd=projects,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.startswith("You spotted 3 of the 3 moments")
    imported = vigkit(
        "import", project, "G01.csv", "--observation", GUIDER, "--coder", "G01", *codes,
        cwd=projects,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    coding = Coding.read(projects / "G01.csv")
    assert coding.coders == ("G01",) and coding.clips == ("home-visit-1",)
    exported = vigkit(
        "export", project, "G01.eaf", "--observation", GUIDER, "--coder", "G01", *codes,
        cwd=projects,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    same_events(coding, read_coding_file(projects / "G01.eaf", "attuned-interactions"))


@pytest.mark.parametrize("project", ["home-visits.boris", "home-visits.boris.gz"])
def test_a_boris_file_without_a_coder_names_the_option_to_add(projects: Path, project: str) -> None:
    for args, option in [
        (("import", project, "out.csv", "--observation", GUIDER), "--coder"),
        (("export", project, "out.eaf", "--observation", GUIDER), "--coder"),
        (("compare", "G.csv", project, "--reference-observation", GUIDER), "--reference-coder"),
    ]:
        if args[0] == "compare":
            TRAINEE.to_csv(projects / "G.csv")
        done = vigkit(*args, cwd=projects)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"vigkit: {project}: BORIS does not record who coded")
        assert f"add {option} CODER" in done.stderr and "Traceback" not in done.stderr
    assert not (projects / "out.csv").exists() and not (projects / "out.eaf").exists()


def test_a_kit_boris_file_names_its_coder(tmp_path: Path) -> None:
    """The kit writes a 'coder' variable in each observation: no --coder needed."""
    TRAINEE.to_csv(tmp_path / "T07.csv")
    SUPERVISOR.to_csv(tmp_path / "S01.csv")
    assert vigkit("export", "S01.csv", "S01.boris.gz", cwd=tmp_path).returncode == 0
    done = vigkit("compare", "T07.csv", "S01.boris.gz", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("You spotted 3 of the 4 moments")
    back = vigkit("import", "S01.boris.gz", "back.csv", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert Coding.read(tmp_path / "back.csv").coders == ("S01",)


def test_compare_import_and_export_read_webvtt_captions(projects: Path) -> None:
    done = vigkit("compare", "subtitle-editor.vtt", "subtitle-editor.vtt", "--coder", "T07",
                  "--reference-coder", "S01", "--clip", "home-play", cwd=projects)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("You spotted 5 of the 5 moments")
    imported = vigkit("import", "subtitle-editor.vtt", "T07.csv", "--coder", "T07", "--clip",
                      "home-play", cwd=projects)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    coding = Coding.read(projects / "T07.csv")
    assert len(coding) == 5 and coding.coders == ("T07",) and coding.clips == ("home-play",)
    exported = vigkit("export", "subtitle-editor.vtt", "T07.xlsx", "--coder", "T07", "--clip",
                      "home-play", cwd=projects)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    same_events(coding, read_coding_file(projects / "T07.xlsx", "attuned-interactions"))
    # a supervisor's captions take the clip of the trainee's coding
    coding.to_csv(projects / "T07-again.csv")
    other = vigkit("compare", "T07-again.csv", "subtitle-editor.vtt", "--reference-coder", "S01",
                   cwd=projects)  # fmt: skip
    assert other.returncode == 0, other.stderr


def test_webvtt_captions_without_coder_or_clip_name_the_options(projects: Path) -> None:
    for args, wanted in [
        (("import", "subtitle-editor.vtt", "out.csv"), "add --coder CODER and --clip CLIP"),
        (("export", "subtitle-editor.vtt", "out.eaf", "--coder", "T07"), "add --clip CLIP"),
        (("validate", "subtitle-editor.vtt", "--clip", "x"), "add --coder CODER"),
    ]:
        done = vigkit(*args, cwd=projects)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("vigkit: subtitle-editor.vtt: a WebVTT file does not say")
        assert wanted in done.stderr


def test_the_kits_own_captions_name_their_coder_and_clip(tmp_path: Path) -> None:
    TRAINEE.to_csv(tmp_path / "T07.csv")
    SUPERVISOR.to_csv(tmp_path / "S01.csv")
    for name in ("T07", "S01"):
        assert vigkit("export", f"{name}.csv", f"{name}.vtt", cwd=tmp_path).returncode == 0
    done = vigkit("compare", "T07.vtt", "S01.vtt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("You spotted 3 of the 4 moments")
    back = vigkit("export", "S01.vtt", "S01.eaf", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    same_events(SUPERVISOR, read_coding_file(tmp_path / "S01.eaf", "attuned-interactions"))
