"""The principles gallery: choosing one example moment per principle from the practice
library (pure, deterministic, padded, inside the film) and the widget built on it."""

from __future__ import annotations

import html
import random
from typing import Any

import pytest

from vigkit import Coding, VigkitError, load_scheme
from vigkit.core.coursedir import practice_dir
from vigkit.course.principles import (
    AFTER,
    BEFORE,
    LONGEST,
    SHORTEST,
    PrincipleMoment,
    PrinciplesGallery,
    choose_moments,
    principle_html,
    principle_moments,
    principles,
)
from vigkit.practice.library import films

SCHEME = load_scheme("attuned-interactions")
LADDER = [c.id for c in SCHEME.categories]
ATTENTIVE, ENCOURAGING, RECEIVING = LADDER[0], LADDER[1], LADDER[2]


def reference(film: str, duration: float, *events: tuple[str, float, float | None]) -> Coding:
    """A reference coding of ``film`` with ``(code, onset, offset)`` events."""
    rows = [
        {
            "id": f"{film}-{number:03d}",
            "clip": film,
            "coder": "reference",
            "role": "supervisor",
            "code": code,
            "onset": onset,
            "offset": onset if offset is None else offset,
            "note": f"{code} at {onset}",
        }
        for number, (code, onset, offset) in enumerate(events, start=1)
    ]
    return Coding(rows, scheme=SCHEME, duration=duration)


def only(moments: tuple[PrincipleMoment, ...]) -> PrincipleMoment:
    assert len(moments) == 1, moments
    return moments[0]


# ---------------------------------------------------------------- one moment, padded
def test_a_point_is_padded_before_and_after() -> None:
    moment = only(choose_moments([reference("home", 30, (RECEIVING, 10.0, None))]))
    assert (moment.start, moment.end) == (10.0 - BEFORE, 10.0 + AFTER)
    assert moment == PrincipleMoment(
        category=RECEIVING,
        film="home",
        start=8.5,
        end=12.5,
        code=RECEIVING,
        onset=10.0,
        offset=10.0,
        note=f"{RECEIVING} at 10.0",
        subject="",
    )


def test_a_long_stretch_shows_only_its_beginning() -> None:
    moment = only(choose_moments([reference("home", 60, (ATTENTIVE, 5.0, 40.0))]))
    assert (moment.start, moment.end) == (5.0 - BEFORE, 5.0 + LONGEST + AFTER)


def test_a_moment_near_the_start_keeps_its_length_inside_the_film() -> None:
    moment = only(choose_moments([reference("home", 30, (RECEIVING, 0.5, None))]))
    assert moment.start == 0.0 and moment.length == pytest.approx(BEFORE + AFTER)


def test_a_moment_near_the_end_keeps_its_length_inside_the_film() -> None:
    moment = only(choose_moments([reference("home", 30, (RECEIVING, 29.5, None))]))
    assert moment.end == 30.0 and moment.length == pytest.approx(BEFORE + AFTER)


def test_a_clip_is_never_shorter_than_the_shortest_unless_the_film_is() -> None:
    moment = only(
        choose_moments([reference("home", 30, (RECEIVING, 10.0, None))], before=0, after=0)
    )
    assert (moment.start, moment.end) == (10.0 - SHORTEST / 2, 10.0 + SHORTEST / 2)
    tiny = only(choose_moments([reference("tiny", 2.0, (RECEIVING, 1.0, None))]))
    assert (tiny.start, tiny.end) == (0.0, 2.0)


# ---------------------------------------------------------------- which moment
def test_the_clearest_moment_wins_over_an_earlier_crowded_one() -> None:
    coding = reference(
        "home", 60, (RECEIVING, 5.0, None), (ENCOURAGING, 6.0, None), (RECEIVING, 30.0, None)
    )
    chosen = {m.category: m for m in choose_moments([coding])}
    assert chosen[RECEIVING].onset == 30.0  # 5 s has encouraging inside its clip
    assert chosen[ENCOURAGING].onset == 6.0


def test_equally_clear_moments_come_from_the_film_most_about_the_principle() -> None:
    mixed = reference(
        "a-mixed", 60, (RECEIVING, 10.0, None), (ATTENTIVE, 30.0, None), (ENCOURAGING, 50.0, None)
    )
    focused = reference("b-focused", 60, (RECEIVING, 40.0, None), (RECEIVING, 20.0, None))
    chosen = {m.category: m for m in choose_moments([mixed, focused])}
    assert (chosen[RECEIVING].film, chosen[RECEIVING].onset) == ("b-focused", 20.0)  # earliest


def test_ties_are_broken_by_film_id_so_the_input_order_does_not_matter() -> None:
    codings = [reference(name, 30, (RECEIVING, 10.0, None)) for name in ("c", "a", "b")]
    first = choose_moments(codings)
    assert only(first).film == "a"
    for seed in range(5):
        shuffled = codings[:]
        random.Random(seed).shuffle(shuffled)
        assert choose_moments(shuffled) == first


def test_moments_come_in_ladder_order_and_missing_principles_are_left_out() -> None:
    coding = reference(
        "home", 90, ("guiding.scaffolding", 10.0, None), (ATTENTIVE, 40.0, None)
    )  # behaviours count for their category
    moments = choose_moments([coding])
    assert [m.category for m in moments] == [ATTENTIVE, "guiding"]
    assert moments[1].code == "guiding.scaffolding"


def test_no_references_no_moments() -> None:
    assert choose_moments([]) == ()


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"before": -1.0}, "before must be 0 seconds or more"),
        ({"after": float("nan")}, "after must be 0 seconds or more"),
        ({"longest": float("inf")}, "longest must be 0 seconds or more"),
        ({"shortest": 0.0}, "shortest must be more than 0 seconds"),
    ],
)
def test_bad_padding_is_refused(keywords: dict[str, float], message: str) -> None:
    with pytest.raises(VigkitError, match=message):
        choose_moments([reference("home", 30, (RECEIVING, 10.0, None))], **keywords)


def test_a_reference_needs_its_length_and_one_film() -> None:
    without_length = reference("home", 30, (RECEIVING, 10.0, None))
    without_length.duration = None
    with pytest.raises(VigkitError, match="has no length"):
        choose_moments([without_length])
    two = Coding.concat(
        [reference("a", 30, (RECEIVING, 1.0, None)), reference("b", 30, (RECEIVING, 2.0, None))]
    )
    with pytest.raises(VigkitError, match="one practice film"):
        choose_moments([two])


# ---------------------------------------------------------------- the course's library
def test_the_library_gives_a_moment_for_each_of_the_six_principles() -> None:
    library = {film.id: film for film in films()}
    moments = principle_moments()
    assert [m.category for m in moments] == LADDER
    assert principle_moments() == moments  # the same every time
    for moment in moments:
        film = library[moment.film]
        assert (practice_dir() / f"{moment.film}.mp4").is_file()
        assert 0 <= moment.start < moment.onset <= moment.end <= film.duration
        assert SHORTEST <= moment.length <= BEFORE + LONGEST + AFTER
        assert moment.note  # the supervisor's words for the clip
        assert SCHEME.rollup(moment.code) == moment.category
    assert len({m.film for m in moments}) >= 4  # variety: not one film for everything


# ---------------------------------------------------------------- the widget
def test_the_gallery_has_a_row_and_a_looping_player_per_principle() -> None:
    gallery = principles()
    try:
        assert len(gallery.players) == 6 and gallery.moments == principle_moments()
        for player, moment in zip(gallery.players, gallery.moments, strict=True):
            assert (player.start, player.end) == (moment.start, moment.end)
            assert player.loop is True
            assert player.src == f"media/practice/{moment.film}.mp4"
        rows = gallery.widget.children
        assert len(rows) == 6
        for row, category in zip(rows, SCHEME.categories, strict=True):
            text, player = row.children
            words = [category.label, category.description, *(b.label for b in category.behaviours)]
            assert all(html.escape(w) in text.value for w in words)
            assert category.colour in row.layout.border_left
        bundle = gallery._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert "vigkit-principles" in gallery.widget._dom_classes
        assert repr(gallery) == "<PrinciplesGallery: 6 principles with a practice moment>"
    finally:
        for player in gallery.players:
            player.close()


def test_the_padding_setting_reaches_the_clips() -> None:
    gallery = principles(before=0.5, after=1.0)
    try:
        assert gallery.moments == principle_moments(before=0.5, after=1.0)
        assert gallery.moments != principle_moments()
    finally:
        for player in gallery.players:
            player.close()


def test_a_principle_without_a_moment_says_so_and_has_no_player() -> None:
    only_guiding = choose_moments([reference("home", 30, ("guiding", 10.0, None))])
    videos = {"home": practice_dir() / "baby-floor-faces.mp4"}
    gallery = PrinciplesGallery(only_guiding, SCHEME, videos=videos)
    try:
        assert len(gallery.players) == 1
        rows: list[Any] = list(gallery.widget.children)
        assert [len(row.children) for row in rows] == [1, 1, 1, 1, 2, 1]
        assert "No practice film shows this principle yet" in rows[0].children[0].value
    finally:
        for player in gallery.players:
            player.close()


def test_a_moment_without_its_film_is_a_clear_error() -> None:
    moments = choose_moments([reference("home", 30, ("guiding", 10.0, None))])
    with pytest.raises(VigkitError, match="no film was given for practice film 'home'"):
        PrinciplesGallery(moments, SCHEME)


def test_the_words_are_escaped_and_say_where_the_clip_is_from() -> None:
    moment = PrincipleMoment("guiding", "home", 61.0, 65.0, "guiding", 62.5, 62.5, "<b>x</b>", "")
    text = principle_html(SCHEME.categories[4], SCHEME, moment, {"home": "Tea & toast"})
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text
    assert "from <i>Tea &amp; toast</i> (1:01–1:05): " in text and "plays in a loop" in text
