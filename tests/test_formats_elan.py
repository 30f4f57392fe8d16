"""ELAN (.eaf) import and export: round trips (examples and a hypothesis property), files
written by pympi-ling, mapping tier names and vocabulary entries, tiers as subjects, point
events, the relative media link, the structure of what we write (EAF 3.0) and a corpus of
malformed files in ``tests/data/bad/formats/elan/``."""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import pympi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vigkit.formats
import vigkit.formats.elan
from vigkit import Coding, load_scheme
from vigkit.coding.scheme import BUILTIN_DIR, parse_scheme
from vigkit.core.errors import VigkitError, VigkitWarning
from vigkit.formats import CodeMap, FormatError
from vigkit.formats.elan import read_eaf, write_eaf

SCHEME = load_scheme()
BAD = Path(__file__).parent / "data" / "bad" / "formats" / "elan"
#: Where `make test` puts ELAN's schema (see the Makefile's EAF_XSD).
EAF_XSD = Path(__file__).parents[1] / ".venv" / "share" / "vigkit" / "EAFv3.0.xsd"
WAITING = "encouraging-initiatives.waiting"
TURNING = "being-attentive.turning-towards"


def event(**values: Any) -> dict[str, Any]:
    """An event of clip home-play by T07, with the given fields."""
    return {"clip": "home-play", "coder": "T07", **values}


def essentials(coding: Coding) -> list[tuple[Any, ...]]:
    """What a round trip keeps, sorted: clip, coder, code, times, subject, note."""
    return sorted(
        (e["clip"], e["coder"], e["code"], e["onset"], e["offset"], e["subject"], e["note"])
        for e in coding.to_records()
    )


def tier_names(path: Path) -> list[str]:
    return [tier.attrib["TIER_ID"] for tier in ET.parse(path).getroot().iter("TIER")]


# ====================================================================== the public face


def test_read_and_write_are_exported_lazily() -> None:
    assert vigkit.formats.read_eaf is vigkit.formats.elan.read_eaf
    assert vigkit.formats.write_eaf is vigkit.formats.elan.write_eaf


# ====================================================================== round trips


def test_round_trip_keeps_every_event(tmp_path: Path) -> None:
    coding = Coding(
        [
            event(code=WAITING, onset=1.0, offset=3.5, subject="adult", note="waits\r\nfor her"),
            event(code="being-attentive", onset=2.0, offset=4.0),  # overlaps the first
            event(code="being-attentive", onset=5.0),  # a point
            event(code="being-attentive", onset=5.0),  # the same point again
            event(code="guiding", onset=7.25, offset=7.3, note="  <&> \"quoted\" 'ü' 🎬\t "),
            event(coder="S01", role="supervisor", code=TURNING, onset=5.0, subject="child"),
        ]
    )
    path = write_eaf(coding, tmp_path / "home.eaf")
    back = read_eaf(path)
    assert essentials(back) == essentials(coding)
    assert back.clips == ("home-play",)
    assert tier_names(path) == [
        "S01",
        "S01 subject",
        "T07",
        "T07 subject",
        "T07 note",
        "T07 (2)",  # the overlapping interval and the second point
    ]


def test_reading_twice_gives_the_same_coding(tmp_path: Path) -> None:
    coding = Coding([event(code=WAITING, onset=1.0, offset=2.0)])
    path = write_eaf(coding, tmp_path / "home.eaf")
    assert read_eaf(path) == read_eaf(path)  # ids and creation times come from the file


def test_an_empty_coding_makes_a_file_with_the_whole_vocabulary(tmp_path: Path) -> None:
    path = write_eaf(Coding([]), tmp_path / "empty.eaf")
    entries = [e.attrib["CVE_ID"] for e in ET.parse(path).getroot().iter("CV_ENTRY_ML")]
    assert entries[: len(SCHEME.codes)] == list(SCHEME.codes)
    assert len(read_eaf(path)) == 0


def test_the_vocabulary_holds_the_level_the_coding_uses(tmp_path: Path) -> None:
    categories = Coding([event(code="guiding", onset=1.0)])
    path = write_eaf(categories, tmp_path / "categories.eaf")
    vocabulary = next(
        cv
        for cv in ET.parse(path).getroot().iter("CONTROLLED_VOCABULARY")
        if cv.attrib["CV_ID"] == SCHEME.id
    )
    entries = {e.attrib["CVE_ID"]: e.find("CVE_VALUE") for e in vocabulary.iter("CV_ENTRY_ML")}
    assert list(entries) == [c.id for c in SCHEME.categories]
    guiding = entries["guiding"]
    assert guiding is not None
    assert guiding.text == SCHEME.label_of("guiding")
    assert guiding.attrib == {"LANG_REF": "eng", "DESCRIPTION": SCHEME.description_of("guiding")}


notes = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\t\n\r")),
    max_size=30,
)
subjects = st.one_of(st.sampled_from(["", "adult", "child", "the  teacher", "Ünï"]), notes)
events = st.lists(
    st.fixed_dictionaries(
        {
            "coder": st.sampled_from(["T01", "T07", "S01"]),
            "code": st.sampled_from(SCHEME.codes),
            "onset": st.floats(0, 3600, allow_nan=False),
            # intervals of 3 ms and more (shorter ones are stretched to 2 ms; see below)
            "length": st.one_of(st.none(), st.floats(0.003, 600, allow_nan=False)),
            "subject": subjects,
            "note": notes,
        }
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_round_trip_property(drawn: list[dict[str, Any]]) -> None:
    """Ours → ELAN → ours keeps every event: times within 1 ms, points as points, and
    code, coder, subject, note and clip exactly."""
    records = [
        event(
            coder=d["coder"],
            code=d["code"],
            onset=d["onset"],
            offset=None if d["length"] is None else d["onset"] + d["length"],
            subject=d["subject"],
            note=d["note"],
        )
        for d in drawn
    ]
    coding = Coding(records)
    with tempfile.TemporaryDirectory() as folder:
        back = read_eaf(write_eaf(coding, Path(folder) / "home.eaf"))
    assert len(back) == len(coding)
    assert set(back.clips) <= {"home-play"}

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        point = e["offset"] == e["onset"]
        return (e["coder"], e["code"], e["subject"], e["note"], point, round(e["onset"] * 1000))

    originals = sorted(coding.to_records(), key=key)
    returned = sorted(back.to_records(), key=key)
    for before, after in zip(originals, returned, strict=True):
        assert key(before) == key(after)
        assert abs(after["onset"] - before["onset"]) <= 0.0005 + 1e-9
        assert abs(after["offset"] - before["offset"]) <= 0.001 + 1e-9


def test_intervals_shorter_than_2_ms_stay_intervals(tmp_path: Path) -> None:
    coding = Coding([event(code=WAITING, onset=1.0, offset=1.0004)])
    (back,) = read_eaf(write_eaf(coding, tmp_path / "short.eaf")).to_records()
    assert (back["onset"], back["offset"]) == (1.0, 1.002)


def test_in_our_files_only_1_ms_annotations_are_points(tmp_path: Path) -> None:
    coding = Coding([event(code=WAITING, onset=1.0, offset=1.05), event(code="guiding", onset=2.0)])
    path = write_eaf(coding, tmp_path / "home.eaf")
    assert essentials(read_eaf(path)) == essentials(coding)  # the 50 ms interval stays one
    as_points = read_eaf(path, point_under=0.1)  # asked for explicitly: applies
    assert all(e["onset"] == e["offset"] for e in as_points.to_records())


def test_control_characters_are_left_out_with_a_warning(tmp_path: Path) -> None:
    coding = Coding([event(code=WAITING, onset=1.0, note="two\x0bparts\x00")])
    with pytest.warns(VigkitWarning, match="control characters"):
        path = write_eaf(coding, tmp_path / "home.eaf")
    assert read_eaf(path).to_records()[0]["note"] == "twoparts"


def test_roles_come_from_the_caller(tmp_path: Path) -> None:
    path = write_eaf(Coding([event(code=WAITING, onset=1.0)]), tmp_path / "home.eaf")
    assert set(read_eaf(path).events["role"]) == {"trainee"}
    assert set(read_eaf(path, role="supervisor").events["role"]) == {"supervisor"}


# ====================================================================== writing


def test_media_is_linked_by_its_relative_path_and_never_touched(tmp_path: Path) -> None:
    film = tmp_path / "films" / "home play.mp4"
    film.parent.mkdir()
    film.write_bytes(b"not really a film")
    before = film.stat()
    path = write_eaf(
        Coding([event(code=WAITING, onset=1.0)]), tmp_path / "codings" / "home.eaf", media=film
    )
    text = path.read_text(encoding="utf-8")
    (descriptor,) = ET.parse(path).getroot().iter("MEDIA_DESCRIPTOR")
    assert descriptor.attrib == {
        "MEDIA_URL": "file:../films/home%20play.mp4",
        "MIME_TYPE": "video/mp4",
        "RELATIVE_MEDIA_URL": "../films/home play.mp4",
    }
    assert str(tmp_path) not in text  # no private folder names
    assert film.read_bytes() == b"not really a film"
    assert (film.stat().st_mtime_ns, film.stat().st_size) == (before.st_mtime_ns, before.st_size)
    assert read_eaf(path).clips == ("home-play",)  # the clip is kept, not the film's name


def test_media_beside_the_file(tmp_path: Path) -> None:
    path = write_eaf(
        Coding([event(code=WAITING, onset=1.0)]), tmp_path / "home.eaf", media=tmp_path / "home.MOV"
    )
    (descriptor,) = ET.parse(path).getroot().iter("MEDIA_DESCRIPTOR")
    assert descriptor.attrib["RELATIVE_MEDIA_URL"] == "./home.MOV"
    assert descriptor.attrib["MIME_TYPE"] == "video/quicktime"


def test_writing_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "home.eaf"
    write_eaf(Coding([event(code=WAITING, onset=1.0)]), target)
    write_eaf(Coding([event(code="guiding", onset=2.0)]), target)
    assert [p.name for p in tmp_path.iterdir()] == ["home.eaf"]  # no temporary files left
    assert essentials(read_eaf(target))[0][2] == "guiding"
    two_clips = Coding([event(code=WAITING, onset=1.0), event(clip="other", code=WAITING, onset=1)])
    before = target.read_bytes()
    with pytest.raises(VigkitError, match="write one per clip"):
        write_eaf(two_clips, target)
    assert target.read_bytes() == before


def test_only_eaf_files_are_written(tmp_path: Path) -> None:
    with pytest.raises(VigkitError, match=r"ends in \.eaf"):
        write_eaf(Coding([event(code=WAITING, onset=1.0)]), tmp_path / "film.mp4")
    assert not (tmp_path / "film.mp4").exists()


# ====================================================================== structure (EAF 3.0)

# The order of ANNOTATION_DOCUMENT's children, and the attributes each element may have,
# as the EAF 3.0 schema (EAFv3.0.xsd) defines them.
ROOT_ORDER = [
    "LICENSE",
    "HEADER",
    "TIME_ORDER",
    "TIER",
    "LINGUISTIC_TYPE",
    "LOCALE",
    "LANGUAGE",
    "CONSTRAINT",
    "CONTROLLED_VOCABULARY",
    "LEXICON_REF",
    "REF_LINK_SET",
    "EXTERNAL_REF",
]
ONCE = {"HEADER", "TIME_ORDER"}
ATTRIBUTES = {  # element: (required, optional)
    "MEDIA_DESCRIPTOR": (
        {"MEDIA_URL", "MIME_TYPE"},
        {"RELATIVE_MEDIA_URL", "TIME_ORIGIN", "EXTRACTED_FROM"},
    ),
    "PROPERTY": (set(), {"NAME"}),
    "TIME_SLOT": ({"TIME_SLOT_ID"}, {"TIME_VALUE"}),
    "TIER": (
        {"TIER_ID", "LINGUISTIC_TYPE_REF"},
        {"PARTICIPANT", "ANNOTATOR", "DEFAULT_LOCALE", "PARENT_REF", "EXT_REF", "LANG_REF"},
    ),
    "ALIGNABLE_ANNOTATION": (
        {"ANNOTATION_ID", "TIME_SLOT_REF1", "TIME_SLOT_REF2"},
        {"SVG_REF", "EXT_REF", "LANG_REF", "CVE_REF"},
    ),
    "REF_ANNOTATION": (
        {"ANNOTATION_ID", "ANNOTATION_REF"},
        {"PREVIOUS_ANNOTATION", "EXT_REF", "LANG_REF", "CVE_REF"},
    ),
    "LINGUISTIC_TYPE": (
        {"LINGUISTIC_TYPE_ID"},
        {
            "TIME_ALIGNABLE",
            "CONSTRAINTS",
            "GRAPHIC_REFERENCES",
            "CONTROLLED_VOCABULARY_REF",
            "EXT_REF",
            "LEXICON_REF",
        },
    ),
    "LANGUAGE": ({"LANG_ID"}, {"LANG_DEF", "LANG_LABEL"}),
    "CONSTRAINT": ({"STEREOTYPE"}, {"DESCRIPTION"}),
    "CONTROLLED_VOCABULARY": ({"CV_ID"}, {"EXT_REF"}),
    "DESCRIPTION": ({"LANG_REF"}, set()),
    "CV_ENTRY_ML": ({"CVE_ID"}, {"EXT_REF"}),
    "CVE_VALUE": ({"LANG_REF"}, {"DESCRIPTION"}),
}
ID_ATTRIBUTES = {  # xsd:ID: unique in the whole document, NCNames
    ("TIME_SLOT", "TIME_SLOT_ID"),
    ("ALIGNABLE_ANNOTATION", "ANNOTATION_ID"),
    ("REF_ANNOTATION", "ANNOTATION_ID"),
    ("LANGUAGE", "LANG_ID"),
    ("CONSTRAINT", "STEREOTYPE"),
    ("LOCALE", "LANGUAGE_CODE"),
}
NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation"


def eaf_structure_problems(path: Path) -> list[str]:
    """What in a file breaks the EAF 3.0 schema's rules: element order, required and
    allowed attributes, ids and the references between them, value types."""
    root = ET.parse(path).getroot()
    problems: list[str] = []
    problems += _root_problems(root)
    problems += _attribute_problems(root)
    problems += _id_problems(root)
    problems += _reference_problems(root)
    problems += _content_problems(root)
    return problems


def _root_problems(root: ET.Element) -> list[str]:
    problems = []
    if root.tag != "ANNOTATION_DOCUMENT":
        problems.append(f"root is {root.tag}")
    for name in ("AUTHOR", "DATE", "VERSION"):
        if name not in root.attrib:
            problems.append(f"ANNOTATION_DOCUMENT has no {name}")
    try:
        datetime.fromisoformat(root.attrib.get("DATE", ""))
    except ValueError:
        problems.append(f"DATE {root.attrib.get('DATE')!r} is not an xsd:dateTime")
    if (root.attrib.get("FORMAT"), root.attrib.get("VERSION")) != ("3.0", "3.0"):
        problems.append("FORMAT and VERSION are not 3.0")
    if root.attrib.get(XSI_LOCATION) != "http://www.mpi.nl/tools/elan/EAFv3.0.xsd":
        problems.append("xsi:noNamespaceSchemaLocation is not EAFv3.0.xsd")
    tags = [child.tag for child in root]
    if any(tag not in ROOT_ORDER for tag in tags):
        problems.append(f"unknown elements in {tags}")
    elif tags != sorted(tags, key=ROOT_ORDER.index):
        problems.append(f"elements out of order: {tags}")
    problems += [f"{tag} appears {tags.count(tag)} times" for tag in ONCE if tags.count(tag) != 1]
    header = root.find("HEADER")
    if header is not None:
        order = ["MEDIA_DESCRIPTOR", "LINKED_FILE_DESCRIPTOR", "PROPERTY"]
        header_tags = [child.tag for child in header]
        if header_tags != sorted(header_tags, key=order.index):
            problems.append(f"HEADER elements out of order: {header_tags}")
        if header.attrib.get("TIME_UNITS", "milliseconds") != "milliseconds":
            problems.append("TIME_UNITS is not milliseconds")
    return problems


def _attribute_problems(root: ET.Element) -> list[str]:
    problems = []
    for element in root.iter():
        if element.tag not in ATTRIBUTES:
            continue
        required, optional = ATTRIBUTES[element.tag]
        names = set(element.attrib)
        if required - names:
            problems.append(f"{element.tag} lacks {sorted(required - names)}")
        if names - required - optional:
            problems.append(f"{element.tag} has unknown {sorted(names - required - optional)}")
    for slot in root.iter("TIME_SLOT"):
        if not slot.attrib.get("TIME_VALUE", "0").isdigit():
            problems.append(f"TIME_VALUE {slot.attrib['TIME_VALUE']!r} is not an unsignedInt")
    for kind in root.iter("LINGUISTIC_TYPE"):
        for flag in ("TIME_ALIGNABLE", "GRAPHIC_REFERENCES"):
            if kind.attrib.get(flag, "true") not in ("true", "false"):
                problems.append(f"{flag} is not a boolean")
    return problems


def _id_problems(root: ET.Element) -> list[str]:
    problems = []
    seen: set[str] = set()
    for tag, attribute in sorted(ID_ATTRIBUTES):
        for element in root.iter(tag):
            value = element.attrib.get(attribute, "")
            if not NCNAME.match(value):
                problems.append(f"{tag} {attribute} {value!r} is not an NCName")
            if value in seen:
                problems.append(f"the ID {value!r} is used twice")
            seen.add(value)
    for unique, tag in (("TIER_ID", "TIER"), ("LINGUISTIC_TYPE_ID", "LINGUISTIC_TYPE")):
        values = [e.attrib.get(unique) for e in root.iter(tag)]
        if len(values) != len(set(values)):
            problems.append(f"two {tag}s share a {unique}")
    for vocabulary in root.iter("CONTROLLED_VOCABULARY"):
        entries = [e.attrib.get("CVE_ID") for e in vocabulary.iter("CV_ENTRY_ML")]
        if len(entries) != len(set(entries)):
            problems.append(f"CVE_IDs repeat in {vocabulary.attrib.get('CV_ID')}")
    return problems


def _reference_problems(root: ET.Element) -> list[str]:
    def ids(tag: str, attribute: str) -> set[str]:
        return {e.attrib[attribute] for e in root.iter(tag) if attribute in e.attrib}

    slots = ids("TIME_SLOT", "TIME_SLOT_ID")
    annotations = ids("ALIGNABLE_ANNOTATION", "ANNOTATION_ID") | ids(
        "REF_ANNOTATION", "ANNOTATION_ID"
    )
    references = [
        ("TIER", "LINGUISTIC_TYPE_REF", ids("LINGUISTIC_TYPE", "LINGUISTIC_TYPE_ID")),
        ("TIER", "PARENT_REF", ids("TIER", "TIER_ID")),
        ("TIER", "LANG_REF", ids("LANGUAGE", "LANG_ID")),
        ("LINGUISTIC_TYPE", "CONSTRAINTS", ids("CONSTRAINT", "STEREOTYPE")),
        ("LINGUISTIC_TYPE", "CONTROLLED_VOCABULARY_REF", ids("CONTROLLED_VOCABULARY", "CV_ID")),
        ("ALIGNABLE_ANNOTATION", "TIME_SLOT_REF1", slots),
        ("ALIGNABLE_ANNOTATION", "TIME_SLOT_REF2", slots),
        ("REF_ANNOTATION", "ANNOTATION_REF", annotations),
        ("CVE_VALUE", "LANG_REF", ids("LANGUAGE", "LANG_ID")),
        ("DESCRIPTION", "LANG_REF", ids("LANGUAGE", "LANG_ID")),
    ]
    problems = []
    for tag, attribute, targets in references:
        for element in root.iter(tag):
            value = element.attrib.get(attribute)
            if value is not None and value not in targets:
                problems.append(f"{tag} {attribute}={value!r} refers to nothing")
    return problems


def _content_problems(root: ET.Element) -> list[str]:
    problems = []
    for annotation in root.iter("ANNOTATION"):
        inner = [child.tag for child in annotation]
        if inner not in (["ALIGNABLE_ANNOTATION"], ["REF_ANNOTATION"]):
            problems.append(f"ANNOTATION holds {inner}")
    for tag in ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION"):
        for element in root.iter(tag):
            if [child.tag for child in element] != ["ANNOTATION_VALUE"]:
                problems.append(f"{tag} {element.attrib.get('ANNOTATION_ID')} has no one value")
    for vocabulary in root.iter("CONTROLLED_VOCABULARY"):
        tags = [child.tag for child in vocabulary]
        if tags != sorted(tags, key=["DESCRIPTION", "CV_ENTRY_ML"].index):
            problems.append(f"{vocabulary.attrib.get('CV_ID')}: elements out of order")
        for entry in vocabulary.iter("CV_ENTRY_ML"):
            if not entry.findall("CVE_VALUE"):
                problems.append(f"entry {entry.attrib.get('CVE_ID')} has no CVE_VALUE")
    return problems


@pytest.fixture
def rich_file(tmp_path: Path) -> Path:
    """A file with every kind of element we write: lanes, subjects, notes, points, media."""
    coding = Coding(
        [
            event(code=WAITING, onset=1.0, offset=3.5, subject="adult", note="a note"),
            event(code="being-attentive", onset=2.0, offset=4.0, subject="someone else"),
            event(code="being-attentive", onset=5.0),
            event(coder="S01", code=TURNING, onset=5.0, note="x"),
        ]
    )
    return write_eaf(coding, tmp_path / "rich.eaf", media=tmp_path / "home-play.mp4")


def test_what_we_write_follows_eaf_3_0(rich_file: Path) -> None:
    assert eaf_structure_problems(rich_file) == []


def test_the_structure_check_finds_problems() -> None:
    problems = eaf_structure_problems(BAD / "missing_time_slot.eaf")
    assert "ALIGNABLE_ANNOTATION TIME_SLOT_REF2='ts9' refers to nothing" in problems


def test_what_we_write_is_valid_against_the_eaf_3_0_schema(rich_file: Path) -> None:
    """ELAN's own schema (it ships in pympi-ling's source distribution, under test/;
    `make test` fetches it into the venv and sets VIGKIT_EAF_XSD)."""
    import xmlschema

    schema_path = Path(os.environ.get("VIGKIT_EAF_XSD", EAF_XSD))
    assert schema_path.is_file(), f"{schema_path} is missing: run `make test` to fetch it"
    schema = xmlschema.XMLSchema(str(schema_path))
    assert [error.reason for error in schema.iter_errors(str(rich_file))] == []


def test_pympi_reads_what_we_write(rich_file: Path) -> None:
    eaf = pympi.Elan.Eaf(str(rich_file))
    assert eaf.get_annotation_data_for_tier("T07") == [
        (1000, 3500, "Waiting"),
        (5000, 5001, "Being attentive"),
    ]
    assert eaf.get_annotation_data_for_tier("T07 note") == [(1000, 3500, "a note", "Waiting")]
    assert eaf.get_parameters_for_tier("T07 (2)")["PARTICIPANT"] == "T07"
    assert eaf.get_parameters_for_tier("T07")["ANNOTATOR"] == "T07"
    assert eaf.linguistic_types["vigkit-code"]["CONTROLLED_VOCABULARY_REF"] == SCHEME.id
    assert eaf.controlled_vocabularies[SCHEME.id][1][WAITING][0] == [
        ("Waiting", "eng", SCHEME.description_of(WAITING))
    ]


# ====================================================================== files pympi wrote


def pympi_eaf(
    media: str | None = "file:///Users/jo/films/home-play.mp4",
    relative: str | None = "./home-play.mp4",
) -> Any:
    """An ELAN document built with pympi's own API, with a vocabulary whose entry ids are
    not scheme codes and whose values come in English and Dutch."""
    eaf = pympi.Elan.Eaf(author="test")
    eaf.add_language("eng")
    eaf.add_language("nld")
    eaf.add_controlled_vocabulary("VIG")
    eaf.add_cv_entry("VIG", "cveid_1", [("Waiting", "eng", None), ("Wachten", "nld", None)])
    eaf.add_cv_entry("VIG", "cveid_2", [("Guiding", "eng", None), ("Begeleiden", "nld", None)])
    eaf.add_cv_entry("VIG", "W", [("W", "eng", "our short name for waiting")])
    eaf.add_linguistic_type(
        "codes",
        param_dict={
            "LINGUISTIC_TYPE_ID": "codes",
            "TIME_ALIGNABLE": "true",
            "GRAPHIC_REFERENCES": "false",
            "CONTROLLED_VOCABULARY_REF": "VIG",
        },
    )
    eaf.add_linguistic_type("notes", constraints="Symbolic_Association", timealignable=False)
    if media:
        eaf.add_linked_file(media, relpath=relative, mimetype="video/mp4")
    return eaf


def saved(eaf: Any, path: Path) -> Path:
    pympi.Elan.to_eaf(str(path), eaf)
    return path


def test_a_pympi_file_with_mapped_tiers_and_vocabulary(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    for tier in ("Supervisor Jo", "Trainee Sam", "comments"):
        eaf.add_tier(tier, ling="codes")
    eaf.add_annotation("Supervisor Jo", 1000, 2500, "Wachten")  # Dutch value of an entry
    eaf.add_annotation("Supervisor Jo", 3000, 3040, "Begeleiden")  # 40 ms: a point
    eaf.add_annotation("Trainee Sam", 1200, 2600, "waiting")  # a label, other letter case
    eaf.add_annotation("comments", 0, 5000, "not a code at all")
    path = saved(eaf, tmp_path / "session 3.eaf")
    coding = read_eaf(path, tiers={"Supervisor Jo": "S01", "trainee sam": "T07", "comments": ""})
    assert essentials(coding) == [
        ("home-play", "S01", WAITING, 1.0, 2.5, "", ""),
        ("home-play", "S01", "guiding", 3.0, 3.0, "", ""),
        ("home-play", "T07", WAITING, 1.2, 2.6, "", ""),
    ]
    interval = read_eaf(
        path, tiers={"Supervisor Jo": "S01", "Trainee Sam": "", "comments": ""}, point_under=0.02
    )
    assert [e["offset"] for e in interval.to_records()] == [2.5, 3.04]


def test_tiers_must_be_pseudonyms_or_mapped(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    eaf.add_tier("Supervisor Jo", ling="codes")
    eaf.add_annotation("Supervisor Jo", 1000, 2500, "Waiting")
    path = saved(eaf, tmp_path / "jo.eaf")
    with pytest.raises(FormatError, match="tier 'Supervisor Jo': its name is not a coder"):
        read_eaf(path)
    with pytest.raises(FormatError, match="mapped to 'Jo Smith', which is not a coder"):
        read_eaf(path, tiers={"Supervisor Jo": "Jo Smith"})
    assert len(read_eaf(path, tiers={"Supervisor Jo": "S01"})) == 1
    assert len(read_eaf(path, tiers={"Supervisor Jo": ""})) == 0


def test_extra_lanes_and_dependent_tiers_follow_their_tier(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    eaf.add_tier("Supervisor Jo", ling="codes")
    eaf.add_tier("Supervisor Jo (2)", ling="codes")
    eaf.add_tier("Supervisor Jo note", ling="notes", parent="Supervisor Jo")
    eaf.add_tier("words", ling="codes")
    eaf.add_tier("words note", ling="notes", parent="words")
    eaf.add_annotation("Supervisor Jo", 1000, 3000, "Waiting")
    eaf.add_annotation("Supervisor Jo", 4000, 5000, "chat")
    eaf.add_annotation("Supervisor Jo (2)", 2000, 2500, "Guiding")
    eaf.add_ref_annotation("Supervisor Jo note", "Supervisor Jo", 1500, "kept")
    eaf.add_ref_annotation("Supervisor Jo note", "Supervisor Jo", 4500, "left out with its tag")
    eaf.add_annotation("words", 0, 6000, "hello")
    eaf.add_ref_annotation("words note", "words", 100, "left out with its tier")
    path = saved(eaf, tmp_path / "home.eaf")
    coding = read_eaf(
        path, tiers={"Supervisor Jo": "S01", "words": ""}, codes=CodeMap({"chat": ""})
    )
    assert essentials(coding) == [
        ("home-play", "S01", WAITING, 1.0, 3.0, "", "kept"),
        ("home-play", "S01", "guiding", 2.0, 2.5, "", ""),
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("codes.csv", "name,code\nW,encouraging-initiatives.waiting\nchat,\n"),
        ("codes.yaml", "W: encouraging-initiatives.waiting\nchat:\n"),
    ],
)
def test_vocabulary_entries_mapped_by_a_file(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    eaf = pympi_eaf()
    eaf.add_tier("S01", ling="codes")
    eaf.add_annotation("S01", 1000, 2500, "W")
    eaf.add_annotation("S01", 3000, 4000, "chat")  # mapped to "": left out
    path = saved(eaf, tmp_path / "home.eaf")
    with pytest.raises(FormatError, match="'W' is not a code"):
        read_eaf(path)
    for codes in (tmp_path / name, str(tmp_path / name), CodeMap.load(tmp_path / name)):
        assert essentials(read_eaf(path, codes=codes)) == [
            ("home-play", "S01", WAITING, 1.0, 2.5, "", "")
        ]


def test_a_mapping_to_an_unknown_code_names_the_mapping(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    eaf.add_tier("S01", ling="codes")
    eaf.add_annotation("S01", 1000, 2500, "W")
    path = saved(eaf, tmp_path / "home.eaf")
    with pytest.raises(FormatError) as caught:
        read_eaf(path, codes=CodeMap({"W": "waitng"}))
    assert "('W' in the code mapping): 'waitng' is not a code" in str(caught.value)
    assert "did you mean 'encouraging-initiatives.waiting'" in str(caught.value)


def test_notes_and_subjects_on_dependent_tiers_of_a_pympi_file(tmp_path: Path) -> None:
    eaf = pympi_eaf(media=None)
    eaf.add_tier("T07", ling="codes")
    eaf.add_tier("T07 note", ling="notes", parent="T07")
    eaf.add_tier("T07 Subject", ling="notes", parent="T07")
    eaf.add_annotation("T07", 1000, 2500, "Waiting")
    eaf.add_annotation("T07", 3000, 4500, "Guiding")
    eaf.add_ref_annotation("T07 note", "T07", 1500, "offers two choices")
    eaf.add_ref_annotation("T07 Subject", "T07", 4000, "adult")
    path = saved(eaf, tmp_path / "visit.eaf")
    assert essentials(read_eaf(path)) == [
        ("visit", "T07", WAITING, 1.0, 2.5, "", "offers two choices"),  # clip: the file's name
        ("visit", "T07", "guiding", 3.0, 4.5, "adult", ""),
    ]


def test_a_reference_tier_takes_its_times_from_its_parent(tmp_path: Path) -> None:
    eaf = pympi_eaf(media=None)
    eaf.add_tier("words", ling="codes")
    eaf.add_tier("S01", ling="notes", parent="words")
    eaf.add_annotation("words", 1000, 2500, "what shall we do?")
    eaf.add_ref_annotation("S01", "words", 2000, "Waiting")
    path = saved(eaf, tmp_path / "home.eaf")
    coding = read_eaf(path, tiers={"words": ""}, clip="home-play")
    assert essentials(coding) == [("home-play", "S01", WAITING, 1.0, 2.5, "", "")]


def test_unaligned_time_slots_are_spread_between_aligned_ones(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    eaf.add_tier("S01", ling="codes")
    slots = [eaf.generate_ts_id(t) for t in (1000, None, None, 4000)]
    values = ["Waiting", "Guiding", "Waiting"]
    for (start, end), value in zip(itertools.pairwise(slots), values, strict=True):
        eaf.tiers["S01"][0][eaf.generate_annotation_id()] = (start, end, value, None)
    coding = read_eaf(saved(eaf, tmp_path / "home.eaf"))
    assert [(e["onset"], e["offset"]) for e in coding.to_records()] == [
        (1.0, 2.0),
        (2.0, 3.0),
        (3.0, 4.0),
    ]


def test_overlapping_annotations_on_one_tier_are_separate_tags(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    eaf.add_tier("S01", ling="codes")
    eaf.add_annotation("S01", 1000, 3000, "Waiting")
    eaf.add_annotation("S01", 2000, 4000, "Guiding")
    eaf.add_annotation("S01", 2000, 4000, "Waiting")
    path = saved(eaf, tmp_path / "home.eaf")
    assert len(read_eaf(path)) == 3
    eaf.add_annotation("S01", 1000, 3000, "waiting")
    with pytest.raises(
        FormatError, match=r"annotation a\d+: it repeats annotation a\d+ \(same code"
    ):
        read_eaf(saved(eaf, tmp_path / "home.eaf"))


def test_tiers_as_subjects(tmp_path: Path) -> None:
    eaf = pympi_eaf()
    for tier in ("Mum", "child", "transcript"):
        eaf.add_tier(tier, ling="codes")
    eaf.add_annotation("Mum", 1000, 2500, "Waiting")
    eaf.add_annotation("child", 2000, 3000, "Guiding")
    eaf.add_annotation("transcript", 0, 5000, "hello")
    path = saved(eaf, tmp_path / "home.eaf")
    coding = read_eaf(
        path,
        tiers_as="subjects",
        coder="S01",
        role="supervisor",
        tiers={"Mum": "adult", "transcript": ""},
    )
    assert essentials(coding) == [
        ("home-play", "S01", WAITING, 1.0, 2.5, "adult", ""),
        ("home-play", "S01", "guiding", 2.0, 3.0, "child", ""),
    ]
    assert set(coding.events["role"]) == {"supervisor"}


def test_the_clip_can_be_given_and_must_be_usable(tmp_path: Path) -> None:
    eaf = pympi_eaf(media="file:///C:/Users/jo/Home%20visit%203.MOV", relative=None)
    eaf.add_tier("S01", ling="codes")
    eaf.add_annotation("S01", 1000, 2500, "Waiting")
    path = saved(eaf, tmp_path / "home.eaf")
    with pytest.raises(FormatError, match=r"the clip id from the media file .*give clip="):
        read_eaf(path)
    assert read_eaf(path, clip="home-visit-3").clips == ("home-visit-3",)


def test_a_file_written_with_another_scheme(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "attuned-interactions.yaml").read_text(encoding="utf-8")
    other = parse_scheme(text.replace("id: attuned-interactions", "id: our-principles", 1))
    newer = parse_scheme(text.replace('version: "1.0"', 'version: "1.1"', 1))
    coding = Coding([event(code=WAITING, onset=1.0)], other)
    path = write_eaf(coding, tmp_path / "home.eaf")
    with pytest.raises(FormatError, match="coded with scheme 'our-principles'"):
        read_eaf(path)
    assert len(read_eaf(path, other)) == 1
    path = write_eaf(Coding([event(code=WAITING, onset=1.0)], newer), tmp_path / "home.eaf")
    with pytest.warns(VigkitWarning, match="version 1.1"):
        read_eaf(path)


def test_mistakes_in_the_call_are_said_plainly(tmp_path: Path) -> None:
    path = write_eaf(Coding([event(code=WAITING, onset=1.0)]), tmp_path / "home.eaf")
    with pytest.raises(VigkitError, match="needs coder="):
        read_eaf(path, tiers_as="subjects")
    with pytest.raises(VigkitError, match="coder= is for tiers_as='subjects'"):
        read_eaf(path, coder="T07")
    with pytest.raises(VigkitError, match="tiers_as must be"):
        read_eaf(path, tiers_as="speakers")  # type: ignore[arg-type]
    with pytest.raises(VigkitError, match="unknown role"):
        read_eaf(path, role="boss")
    with pytest.raises(VigkitError, match="point_under"):
        read_eaf(path, point_under=-1)


# ====================================================================== malformed files

CASES = {  # file: what the error must say (the element, and the line where there is one)
    "unknown_code.eaf": [
        "line 19: tier 'S01', annotation a2",
        "'waitng' is not a code of attuned-interactions",
        "did you mean 'encouraging-initiatives.waiting'",
    ],
    "missing_time_slot.eaf": [
        "line 12: tier 'S01', annotation a1",
        "the time slot 'ts9' it ends at does not exist",
    ],
    "unaligned_time_slot.eaf": [
        "line 12: tier 'S01', annotation a1",
        "the time slot 'ts2' it ends at has no time (it is unaligned)",
    ],
    "end_before_start.eaf": [
        "line 12: tier 'S01', annotation a1",
        "it ends (ts2, 0:02.000) before it starts (ts1, 0:05.000)",
    ],
    "missing_parent_annotation.eaf": [
        "line 21: tier 'S01 note', annotation a2",
        "refers to annotation 'a9', which does not exist",
    ],
    "unmapped_tier.eaf": [
        "line 12: tier 'Supervisor Jo': its name is not a coder pseudonym",
        "tiers={'Supervisor Jo': 'S01'}",
    ],
    "several_problems.eaf": [
        "has 3 problems",
        "line 19: tier 'S01', annotation a2: it repeats annotation a1",
        "line 24: tier 'S01', annotation a3: it ends (ts4, 0:03.000) before it starts",
        "line 31: tier 'T07', annotation a4: 'scafolding' is not a code",
    ],
    "not_xml.eaf": ["line 14: it is not well-formed XML: mismatched tag"],
    "wrong_root.eaf": ["line 2: it is not an ELAN file: its root element is <Trans>"],
    "latin1.eaf": ["line 13: it says it is UTF-8 text but is not"],
    "empty.eaf": ["the file is empty"],
    "doctype.eaf": ["line 2: it has a DOCTYPE declaration"],
    "frame_times.eaf": ["line 3: its times are in PAL-frames"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file(name: str) -> None:
    path = BAD / name
    with pytest.raises(FormatError) as caught:
        read_eaf(path)
    message = str(caught.value)
    assert message.startswith(f"file {path} has "), message
    assert "nothing was loaded" in message
    for expected in CASES[name]:
        assert expected in message, f"{expected!r} not in:\n{message}"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="the file does not exist"):
        read_eaf(tmp_path / "nowhere.eaf")
    with pytest.raises(FormatError, match="it is a folder"):
        read_eaf(tmp_path)


def test_other_encodings_are_read_as_declared(tmp_path: Path) -> None:
    coding = Coding([event(code=WAITING, onset=1.0, note="café ü")])
    text = write_eaf(coding, tmp_path / "home.eaf").read_text(encoding="utf-8")
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    (tmp_path / "latin.eaf").write_bytes(latin.encode("latin-1"))
    (tmp_path / "utf16.eaf").write_bytes(text.replace("UTF-8", "UTF-16", 1).encode("utf-16"))
    for name in ("latin.eaf", "utf16.eaf"):
        assert essentials(read_eaf(tmp_path / name)) == essentials(coding)


def test_corpus_is_complete() -> None:
    present = {p.name for p in BAD.iterdir()}
    assert present == set(CASES), "every file in the corpus has a case, and every case a file"


# ------------------------------------------------ content outside <ANNOTATION> (issue 16)
@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("cli_elan_bare_annotation.eaf", 18, "<ALIGNABLE_ANNOTATION> is directly in <TIER>"),
        ("cli_elan_text_in_tier.eaf", 23, "the text 'turned to the child and waited'"),
        ("cli_elan_unknown_element.eaf", 13, "<NOTE> is directly in <TIER>"),
        ("cli_elan_annotation_outside_tier.eaf", 24, "<ANNOTATION> is directly in <ANNOTATION_DO"),
        ("cli_elan_element_in_value.eaf", 20, "<b> is directly in <ANNOTATION_VALUE>"),
    ],
)  # fmt: skip
def test_content_outside_annotations_is_an_error_naming_its_line(
    name: str, line: int, words: str
) -> None:
    """ELAN skips such content; the kit refuses the file rather than drop a tag silently."""
    path = Path(__file__).parent / "data" / "bad" / name
    with pytest.raises(FormatError) as raised:
        read_eaf(path, tiers={"S01": "S01"})
    assert f"line {line}: " in str(raised.value) and words in str(raised.value)
    assert "would be lost" in str(raised.value)
