"""The built-in coding scheme and the checks on custom scheme files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from vigkit import Behaviour, Category, Scheme, SchemeError, builtin_schemes, load_scheme
from vigkit.coding.scheme import RESERVED_KEYS, parse_scheme

CATEGORY_IDS = (
    "being-attentive",
    "encouraging-initiatives",
    "receiving-initiatives",
    "developing-attuned-interactions",
    "guiding",
    "deepening-discussion",
)

# One distinctive keyword per behaviour of the reference list (vig-domain.md), in order.
REFERENCE_KEYWORDS = {
    "being-attentive": ["interested", "time and space", "turning", "wondering", "enjoying"],
    "encouraging-initiatives": [
        "waiting",
        "listening",
        "warmth",
        "naming positively",
        "playful",
        "saying what you",
        "looking for initiatives",
    ],
    "receiving-initiatives": [
        "noticed",
        "body language",
        "playful",
        "eye contact",
        "words",
        "repeating",
    ],
    "developing-attuned-interactions": [
        "responding",
        "understand",
        "waiting",
        "fun",
        "second",
        "short turns",
        "equally",
        "co-operating",
    ],
    "guiding": [
        "scaffolding",
        "extending",
        "support",
        "information",
        "help",
        "choices",
        "suggestions",
    ],
    "deepening-discussion": [
        "goal",
        "viewpoints",
        "problem-solving",
        "difference",
        "intentions",
        "contradictions",
        "shared understanding",
        "conflict",
    ],
}

OKABE_ITO = {
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
}

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme("attuned-interactions")


# ------------------------------------------------------------------ built-in scheme


def test_default_scheme_is_attuned_interactions(scheme: Scheme) -> None:
    assert load_scheme() is scheme
    assert scheme.id == "attuned-interactions"
    assert scheme.version == "1.0"
    assert "attuned-interactions" in builtin_schemes()
    assert repr(scheme).startswith("<Scheme attuned-interactions v1.0: 6 categories, 41 ")


def test_six_categories_in_ladder_order_with_keys(scheme: Scheme) -> None:
    assert tuple(c.id for c in scheme.categories) == CATEGORY_IDS
    assert [c.key for c in scheme.categories] == ["1", "2", "3", "4", "5", "6"]
    assert all(isinstance(c, Category) for c in scheme.categories)


def test_behaviour_counts(scheme: Scheme) -> None:
    assert [len(c.behaviours) for c in scheme.categories] == [5, 7, 6, 8, 7, 8]
    assert len(scheme.behaviours) == 41
    assert all(isinstance(b, Behaviour) for b in scheme.behaviours)


@pytest.mark.parametrize("category_id", CATEGORY_IDS)
def test_behaviour_labels_follow_the_reference_list(scheme: Scheme, category_id: str) -> None:
    category = next(c for c in scheme.categories if c.id == category_id)
    labels = [b.label.casefold() for b in category.behaviours]
    keywords = REFERENCE_KEYWORDS[category_id]
    assert len(labels) == len(keywords)
    for label, keyword in zip(labels, keywords, strict=True):
        assert keyword in label, f"{category_id}: {keyword!r} not in {label!r}"


def test_behaviour_ids_are_category_dot_behaviour(scheme: Scheme) -> None:
    for category in scheme.categories:
        assert ID_RE.match(category.id)
        for behaviour in category.behaviours:
            prefix, dot, short = behaviour.id.partition(".")
            assert dot == "."
            assert prefix == category.id
            assert behaviour.category == category.id
            assert ID_RE.match(short), behaviour.id
    ids = [b.id for b in scheme.behaviours]
    assert len(set(ids)) == len(ids)


def test_every_description_is_one_sentence(scheme: Scheme) -> None:
    items: list[Category | Behaviour] = [*scheme.categories, *scheme.behaviours]
    assert len(items) == 47
    for item in items:
        text = item.description
        assert text.strip(), item.id
        assert text.endswith("."), item.id
        assert text[0].isupper(), item.id
        body = text[:-1]
        assert not re.search(r"[.!?](\s|$)", body), f"{item.id}: more than one sentence"
        assert "\n" not in text
    for category in scheme.categories:
        assert category.label.strip()
        for behaviour in category.behaviours:
            assert behaviour.label.strip()


def test_colours_are_okabe_ito_and_distinct(scheme: Scheme) -> None:
    colours = [c.colour for c in scheme.categories]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    assert set(colours) <= OKABE_ITO
    assert len(set(colours)) == len(colours)
    assert scheme.colour_of("guiding.scaffolding") == scheme.colour_of("guiding")


def test_codes_are_categories_then_their_behaviours(scheme: Scheme) -> None:
    codes = scheme.codes
    assert len(codes) == 47
    assert len(set(codes)) == 47
    expected: list[str] = []
    for category in scheme.categories:
        expected.append(category.id)
        expected += [b.id for b in category.behaviours]
    assert list(codes) == expected
    assert "guiding" in scheme
    assert "guiding.scaffolding" in scheme
    assert "nonsense" not in scheme
    assert 5 not in scheme


def test_rollup(scheme: Scheme) -> None:
    for category in scheme.categories:
        assert scheme.rollup(category.id) == category.id
        assert scheme.is_category(category.id)
        for behaviour in category.behaviours:
            assert scheme.rollup(behaviour.id) == category.id
            assert scheme.category_of(behaviour.id) is category
            assert not scheme.is_category(behaviour.id)
            assert scheme.label_of(behaviour.id) == behaviour.label
            assert scheme.description_of(behaviour.id) == behaviour.description


def test_unknown_code_raises_key_error_with_did_you_mean(scheme: Scheme) -> None:
    with pytest.raises(KeyError) as info:
        scheme.rollup("guidng")
    message = info.value.args[0]
    assert "'guidng'" in message
    assert "did you mean 'guiding'" in message
    with pytest.raises(KeyError) as info:
        scheme.label_of("guiding.scafolding")
    assert "did you mean 'guiding.scaffolding'" in info.value.args[0]
    with pytest.raises(KeyError) as info:
        scheme.colour_of("zzzzzzzz")
    assert "did you mean" not in info.value.args[0]


def test_resolve(scheme: Scheme) -> None:
    assert scheme.resolve("guiding") == "guiding"
    assert scheme.resolve("guiding.scaffolding") == "guiding.scaffolding"
    assert scheme.resolve("GUIDING") == "guiding"
    assert scheme.resolve("Guiding.Scaffolding") == "guiding.scaffolding"
    assert scheme.resolve("Being attentive") == "being-attentive"
    assert scheme.resolve("BEING ATTENTIVE") == "being-attentive"
    assert scheme.resolve("  listening actively ") == "encouraging-initiatives.listening-actively"
    assert scheme.resolve("Having fun") == "developing-attuned-interactions.having-fun"
    for junk in ("", "   ", "junk", "guiding.", "1", "being attentive!"):
        assert scheme.resolve(junk) is None, junk


def test_every_label_resolves_to_its_code(scheme: Scheme) -> None:
    for code in scheme.codes:
        assert scheme.resolve(scheme.label_of(code)) == code
        assert scheme.resolve(code.upper()) == code


def test_suggest(scheme: Scheme) -> None:
    assert scheme.suggest("guidng") == "guiding"
    assert scheme.suggest("being-atentive") == "being-attentive"
    assert scheme.suggest("scaffoldin") == "guiding.scaffolding"
    assert scheme.suggest("having-fn") == "developing-attuned-interactions.having-fun"
    assert scheme.suggest("qqqqqqqqqqqq") is None


def test_table(scheme: Scheme) -> None:
    table = scheme.table()
    assert isinstance(table, pd.DataFrame)
    assert len(table) == 47
    assert list(table.columns) == ["code", "level", "key", "label", "description", "colour"]
    assert list(table["code"]) == list(scheme.codes)
    assert (table["level"] == "category").sum() == 6
    assert (table["level"] == "behaviour").sum() == 41
    categories = table[table["level"] == "category"]
    assert list(categories["key"]) == ["1", "2", "3", "4", "5", "6"]


def test_repr_html_is_text_only(scheme: Scheme) -> None:
    page = scheme._repr_html_()
    for category in scheme.categories:
        assert category.label in page
    lowered = page.lower()
    for media in ("<img", "<video", "base64", "<audio", "data:"):
        assert media not in lowered


def test_source_cites_kennedy_2011(scheme: Scheme) -> None:
    assert "Kennedy" in scheme.source
    assert "2011" in scheme.source
    assert "Kennedy" in scheme._repr_html_()


def test_load_scheme_is_cached_and_passes_schemes_through(scheme: Scheme) -> None:
    assert load_scheme("attuned-interactions") is load_scheme("attuned-interactions")
    assert load_scheme(scheme) is scheme


def test_unknown_builtin_name_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="no built-in scheme called 'nope'"):
        load_scheme("nope")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(SchemeError) as info:
        load_scheme(missing)
    assert str(missing) in str(info.value)
    assert "does not exist" in str(info.value)


# ------------------------------------------------------------------ custom schemes

VALID = """\
# A small custom scheme
id: custom
version: 2
label: My scheme
description: For testing.
subjects: [adult, child]
categories:
  - id: alpha
    label: Alpha
    colour: "#112233"
    key: a
    behaviours:
      - id: one
        label: One thing
        description: The first thing.
      - id: two
        label: Two things
  - id: beta
    label: Beta
    colour: "#aabbcc"
    key: 7
"""


def write(tmp_path: Path, text: str | bytes, name: str = "scheme.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_valid_custom_scheme_loads(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    scheme = load_scheme(path)
    assert scheme.id == "custom"
    assert scheme.version == "2"
    assert scheme.label == "My scheme"
    assert scheme.subjects == ("adult", "child")
    assert [c.id for c in scheme.categories] == ["alpha", "beta"]
    assert [c.key for c in scheme.categories] == ["a", "7"]
    assert scheme.colour_of("beta") == "#AABBCC"
    assert scheme.codes == ("alpha", "alpha.one", "alpha.two", "beta")
    assert scheme.rollup("alpha.two") == "alpha"
    assert scheme.description_of("alpha.two") == ""
    assert load_scheme(str(path)) == scheme


def test_custom_scheme_without_behaviours(tmp_path: Path) -> None:
    text = """\
id: flat
version: 1.5
label: Categories only
categories:
  - id: noticing
    label: Noticing
    colour: "#000000"
    key: "n"
"""
    scheme = load_scheme(write(tmp_path, text))
    assert scheme.version == "1.5"
    assert scheme.codes == ("noticing",)
    assert scheme.behaviours == ()
    assert scheme.table().shape[0] == 1


def test_unquoted_version_is_not_silently_changed(tmp_path: Path) -> None:
    """``version: 1.10`` must not become "1.1" (a different version)."""
    text = VALID.replace("version: 2", "version: 1.10")
    try:
        scheme = load_scheme(write(tmp_path, text))
    except SchemeError as error:  # refusing it, with its line, is also acceptable
        assert "line 3" in str(error)
    else:
        assert scheme.version == "1.10"


def problem_lines(error: SchemeError) -> list[str]:
    return [line.strip() for line in str(error).splitlines()]


def assert_problem(error: SchemeError, line: int, *fragments: str) -> None:
    prefix = f"line {line}: "
    found = [text for text in problem_lines(error) if text.startswith(prefix)]
    assert any(all(f in text for f in fragments) for text in found), (
        f"no '{prefix}' problem containing {fragments} in:\n{error}"
    )


def load_error(tmp_path: Path, text: str | bytes) -> SchemeError:
    path = write(tmp_path, text)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    message = str(info.value)
    assert str(path.resolve()) in message
    assert "nothing was loaded" in message
    return info.value


# (replace this, with that, expected line, fragments of the problem)
MALFORMED = [
    pytest.param(
        "    label: Alpha\n",
        "\tlabel: Alpha\n",
        9,
        ("not valid YAML", "'\\t'"),
        id="syntax-error-tab",
    ),
    pytest.param(
        "    label: Alpha\n",
        "    label: Alpha: B\n",
        9,
        ("not valid YAML", "mapping values"),
        id="syntax-error-colon",
    ),
    pytest.param(
        "label: My scheme\n",
        "label: My scheme\nlabel: Again\n",
        5,
        ("'label' is given twice", "first on line 4"),
        id="duplicate-key",
    ),
    pytest.param(
        'colour: "#112233"',
        'color: "#112233"',
        10,
        ("unknown field 'color'", "allowed:", "colour", "behaviours", "key"),
        id="unknown-field",
    ),
    pytest.param(
        "  - id: alpha\n",
        "  - id: Alpha_1\n",
        8,
        ("'Alpha_1' is not a valid id",),
        id="bad-category-id",
    ),
    pytest.param(
        "      - id: two\n",
        "      - id: two words\n",
        16,
        ("'two words' is not a valid id",),
        id="bad-behaviour-id",
    ),
    pytest.param(
        'colour: "#aabbcc"',
        "colour: red",
        20,
        ("'red' is not a colour", "#RRGGBB"),
        id="bad-colour",
    ),
    pytest.param(
        "  - id: beta\n",
        "  - id: alpha\n",
        18,
        ("category id 'alpha' is used twice", "first on line 8"),
        id="duplicate-category-id",
    ),
    pytest.param(
        "key: 7",
        "key: A",
        21,
        ("key 'A' is used twice", "first on line 11"),
        id="duplicate-key-case-insensitive",
    ),
    pytest.param("key: 7", "key: Z", 21, ("key 'Z' is kept for the player",), id="reserved-Z"),
    pytest.param(
        "key: 7", 'key: " "', 21, ("key ' ' is kept for the player",), id="reserved-space"
    ),
    pytest.param("key: 7", 'key: "12"', 21, ("'12' is not a key", "one character"), id="long-key"),
    pytest.param(
        "    label: Beta\n",
        "",
        18,
        ("the required field 'label' is missing",),
        id="missing-category-label",
    ),
    pytest.param(
        "label: My scheme\n",
        "",
        2,
        ("the required field 'label' is missing",),
        id="missing-top-label",
    ),
    pytest.param(
        "      - id: two\n",
        "      - id: one\n",
        16,
        ("behaviour id 'one' is used twice", "first on line 13"),
        id="duplicate-behaviour-id",
    ),
    pytest.param(
        "        label: Two things\n",
        "        name: Two things\n",
        17,
        ("unknown field 'name'", "allowed: description, id, label"),
        id="unknown-behaviour-field",
    ),
    pytest.param(
        "subjects: [adult, child]",
        "subjects: adult",
        6,
        ("'subjects' must be a list",),
        id="bad-subjects",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "fragments"), MALFORMED)
def test_malformed_scheme_names_file_line_and_problem(
    tmp_path: Path, old: str, new: str, line: int, fragments: tuple[str, ...]
) -> None:
    assert old in VALID
    error = load_error(tmp_path, VALID.replace(old, new, 1))
    assert_problem(error, line, *fragments)


@pytest.mark.parametrize(
    "new", ["    label: 'Alpha\n", "    label: [Alpha\n"], ids=["open-quote", "open-bracket"]
)
def test_syntax_error_points_at_where_the_construct_opened(tmp_path: Path, new: str) -> None:
    """An unclosed quote or bracket on line 9 must be reported at line 9.

    (The parser only notices at a later line or at the end of the file; the message must
    still lead the person to line 9.)
    """
    error = load_error(tmp_path, VALID.replace("    label: Alpha\n", new))
    assert "not valid YAML" in str(error)
    assert re.search(r"\bline 9\b", str(error)), str(error)


def test_empty_categories(tmp_path: Path) -> None:
    text = "id: x\nversion: '1'\nlabel: X\ncategories: []\n"
    error = load_error(tmp_path, text)
    assert_problem(error, 4, "'categories' must be a non-empty list")


def test_missing_categories_and_version(tmp_path: Path) -> None:
    error = load_error(tmp_path, "id: x\nlabel: X\n")
    assert_problem(error, 1, "the required field 'version' is missing")
    assert_problem(error, 1, "the required field 'categories' is missing")


def test_unknown_top_level_field_lists_allowed(tmp_path: Path) -> None:
    error = load_error(tmp_path, VALID.replace("description: For testing.", "notes: hi"))
    assert_problem(error, 5, "unknown field 'notes'", "allowed:", "categories", "version")


def test_not_utf8(tmp_path: Path) -> None:
    data = VALID.encode("utf-8").replace(b"My scheme", b"Mon sch\xe9ma")
    error = load_error(tmp_path, data)
    assert "not UTF-8" in str(error)
    assert "line 4" in str(error)


def test_several_problems_are_all_listed(tmp_path: Path) -> None:
    text = (
        VALID.replace("  - id: alpha\n", "  - id: Alpha\n")
        .replace('colour: "#aabbcc"', "colour: blue")
        .replace("key: a", "key: z")
        .replace("        label: Two things\n", "        label: Two things\n        extra: 1\n")
        .replace("      - id: one\n", "      - id: one_\n")
    )
    error = load_error(tmp_path, text)
    assert_problem(error, 8, "'Alpha' is not a valid id")
    assert_problem(error, 11, "key 'z' is kept for the player")
    assert_problem(error, 13, "'one_' is not a valid id")
    assert_problem(error, 18, "unknown field 'extra'")
    assert_problem(error, 21, "'blue' is not a colour")
    assert len(error.problems) == 5
    assert str(error).splitlines()[0].endswith("has 5 problems; nothing was loaded:")


def test_not_a_mapping(tmp_path: Path) -> None:
    error = load_error(tmp_path, "- just\n- a list\n")
    assert_problem(error, 1, "must be a mapping")


def test_parse_scheme_from_text_names_its_source() -> None:
    with pytest.raises(SchemeError) as info:
        parse_scheme("id: Bad\n", source="inline.yaml")
    assert "inline.yaml" in str(info.value)
    assert_problem(info.value, 1, "'Bad' is not a valid id")


def test_reserved_keys_are_space_and_z() -> None:
    assert {" ", "z", "Z"} <= RESERVED_KEYS


# ---------------------------------------------------------------- fields present but empty
@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (('"#112233"', "#112233"), "the required field 'colour' is empty (a colour such as"),
        (("    label: Alpha\n", "    label:\n"), "the required field 'label' is empty"),
        (("  - id: alpha\n", "  - id:\n"), "the required field 'id' is empty"),
        (("    key: a\n", "    key:\n"), "the required field 'key' is empty"),
    ],
    ids=["unquoted-colour", "label", "id", "key"],
)
def test_a_required_field_left_empty_is_an_error(
    tmp_path: Path, change: tuple[str, str], fragment: str
) -> None:
    """``colour: #112233`` is a YAML comment, so the colour is empty: an error, not a
    category without a colour."""
    text = VALID.replace(*change, 1)
    line = text[: text.index(change[1])].count("\n") + 1 + change[1].startswith("\n")
    with pytest.raises(SchemeError) as caught:
        load_scheme(write(tmp_path, text))
    assert f"line {line}: {fragment}" in str(caught.value)


def test_categories_left_empty_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = VALID.split("categories:")[0] + "categories:\n"
    with pytest.raises(SchemeError, match="the required field 'categories' is empty"):
        load_scheme(write(tmp_path, text))
