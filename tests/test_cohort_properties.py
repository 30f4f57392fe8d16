"""Properties of the exchange: a manifest survives its JSON round trip, a submission written
reads back verified and any changed byte is caught, and ``collect`` shows each trainee's
latest submission (by time, then id) and their history in order, whatever order they came."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigkit.cohort import CohortSettings, collect, create_course
from vigkit.cohort.manifest import FileEntry, FilmRef, Manifest, parse_manifest, verify
from vigkit.cohort.store import new_id, write_submission

NAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True)
TEXT = st.text(min_size=1, max_size=20)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


manifests = st.builds(
    Manifest,
    id=NAME, course=NAME, coder=NAME, kind=st.sampled_from(["coding", "record", "portfolio"]),
    clip=st.none() | NAME, created=TEXT, kit=TEXT, scheme=st.none() | TEXT,
    scheme_version=st.none() | TEXT,
    files=st.lists(
        st.builds(FileEntry, NAME, st.text("0123456789abcdef", min_size=64, max_size=64),
                  st.integers(0, 2**40)), max_size=4,
    ).map(tuple),
    films=st.lists(st.builds(FilmRef, NAME, TEXT), max_size=3).map(tuple),
)  # fmt: skip


@FAST
@given(manifests)
def test_a_manifest_survives_its_round_trip(manifest: Manifest) -> None:
    assert parse_manifest(manifest.to_json()) == manifest


def _manifest(course: str, coder: str, ident: str, created: str) -> Manifest:
    return Manifest(ident, course, coder, "record", None, created, "0.1.0", None, None, ())


@FAST
@given(
    st.dictionaries(st.from_regex(r"[a-z]{1,8}\.(csv|json)", fullmatch=True),
                    st.binary(max_size=300), min_size=1, max_size=4),
    st.data(),
)  # fmt: skip
def test_a_written_submission_verifies_and_any_changed_byte_is_caught(
    files: dict[str, bytes], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        person = Path(scratch)
        (person / "submissions").mkdir()
        ident = new_id()
        writers = {
            name: (lambda target, content=content: target.write_bytes(content))
            for name, content in files.items()
        }
        folder = write_submission(person, _manifest("c", "T01", ident, "now"), writers)
        manifest, problem = verify(folder)
        assert problem is None and manifest is not None
        assert {f.name: f.bytes for f in manifest.files} == {n: len(c) for n, c in files.items()}
        name = data.draw(st.sampled_from(sorted(files)))
        content = bytearray(files[name]) or bytearray(b"\0")
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] ^= data.draw(st.integers(1, 255))
        os.chmod(folder, 0o755)
        os.chmod(folder / name, 0o644)
        (folder / name).write_bytes(bytes(content))
        manifest, problem = verify(folder)
        assert manifest is None and problem is not None and name in problem


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(["T01", "T02", "T03"]), st.integers(0, 5)),
        min_size=1,
        max_size=10,
    )
)
def test_collect_shows_the_latest_of_each_trainee_and_the_history_in_order(
    arrivals: list[tuple[str, int]],
) -> None:
    """Submissions land in any order, several at the same second; the model: sort by
    (created, id), the last is the latest."""
    with tempfile.TemporaryDirectory() as scratch:
        course = create_course("c", scratch, supervisors=["S01"], trainees=["T01", "T02", "T03"])
        start = datetime(2027, 1, 1, tzinfo=timezone.utc)
        model: dict[str, list[tuple[str, str]]] = {}
        for coder, second in arrivals:
            moment = start + timedelta(seconds=second)
            ident = new_id(moment)
            created = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            person = course.person_folder(coder)
            (person / "submissions").mkdir(parents=True, exist_ok=True)
            write = {"record.json": lambda target: target.write_text("{}")}
            write_submission(person, _manifest("c", coder, ident, created), write)
            model.setdefault(coder, []).append((created, ident))
        got = collect(supervisor="S01", kind="record", settings=CohortSettings("c", Path(scratch)))
        assert got.problems == []
        assert {c: [s.id for s in h] for c, h in got.history.items()} == {
            c: [i for _, i in sorted(m)] for c, m in model.items()
        }
        assert {c: s.id for c, s in got.latest.items()} == {c: max(m)[1] for c, m in model.items()}
