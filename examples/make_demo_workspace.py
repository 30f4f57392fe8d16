"""Make ``examples/demo-workspace/``: a finished three-cycle VERP record to look at.

P-demo is a made-up nursery practitioner. Their films are three of the course's practice
films (``media/practice/``); their supervisor, S-demo, coded them as the films' reference
codings do (``codings/CLIP/S-demo.reference.csv``). The practitioner's own codings are made
from those with a few realistic differences. The
output is the same every run:

    .venv/bin/python examples/make_demo_workspace.py
    vigkit portfolio examples/demo-workspace portfolio.html
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from vigkit.coding.table import Coding
from vigkit.core.atomic import atomic_write_text
from vigkit.core.coursedir import practice_dir
from vigkit.reflection import (
    SelectedMoment,
    SupervisorComment,
    add_comment,
    add_moment,
    add_target,
    new_record,
    rate_target,
    save_record,
    set_film,
    set_reflection,
)

HERE = Path(__file__).resolve().parent
OUT = HERE / "demo-workspace"
WHO = "P-demo"
SUPERVISOR = "S-demo"
CREATED = "2026-01-15T09:00:00.000Z"

FILMS = ("nursery-teddy-bedtime", "nursery-ball-turns", "toddler-blocks")

MOMENTS: dict[int, list[SelectedMoment]] = {
    1: [
        SelectedMoment(
            "nursery-teddy-bedtime", 4.2, 8.0, ("being-attentive.giving-time-and-space",),
            "I held back and let Finn explore Teddy in his own time.", (6.0,),
        ),
        SelectedMoment(
            "nursery-teddy-bedtime", 12.0, 15.5,
            (
                "receiving-initiatives.repeating-their-words",
                "developing-attuned-interactions.having-fun",
            ),
            "I used Finn's own words and added a little 'shh' – we both smiled.",
        ),
        SelectedMoment(
            "nursery-teddy-bedtime", 42.6, 46.0, ("encouraging-initiatives.waiting",),
            "I waited for Finn's answer, and he told me where Teddy should sleep.",
        ),
    ],
    2: [
        SelectedMoment(
            "nursery-ball-turns", 2.5, 5.0, ("encouraging-initiatives.waiting",),
            "I stopped before 'go' and Ruby said it herself.", (3.5,),
        ),
        SelectedMoment(
            "nursery-ball-turns", 23.5, 26.5, ("being-attentive.giving-time-and-space",),
            "I paused the game so Oskar could tell me what he wanted.",
        ),
    ],
    3: [
        SelectedMoment(
            "toddler-blocks", 19.6, 24.0, ("encouraging-initiatives.waiting",),
            "A friendly look and a pause – and Leo pointed to the car.", (21.0,),
        ),
        SelectedMoment(
            "toddler-blocks", 34.2, 38.0, ("encouraging-initiatives.waiting",),
            "This time I waited for Leo's choice before I said anything.",
        ),
        SelectedMoment(
            "toddler-blocks", 42.0, 45.5, ("developing-attuned-interactions.having-fun",),
            "Leo's 'brrm!' and our shared smile: we were both enjoying the game.", (43.0,),
        ),
    ],
}  # fmt: skip

REFLECTIONS: dict[int, dict[str, str]] = {
    1: {
        "notice-yourself": "I am sitting low, at Finn's level, and my face is soft. I look "
        "more relaxed than I feel in the room.",
        "thinking-feeling": "I was itching to show him how to tuck Teddy in. I was worried "
        "the moment would fizzle out if I didn't help.",
        "what-is-working": "When I hold back, Finn keeps going with his own idea and looks "
        "up to share it with me.",
        "other-persons-response": "Finn glances at me, checks I am still watching, then carries "
        "on – and he tells me about Teddy without being asked.",
        "do-more-of": "Waiting a little longer before I speak, especially after a question.",
    },
    2: {
        "notice-yourself": "My pause before 'go' is longer than I remembered, and I lean in "
        "with an expectant face.",
        "thinking-feeling": "I was thinking about fairness – making sure Oskar got a turn too.",
        "what-is-working": "The pause gives Ruby space to take the lead, and the game flows "
        "in short turns.",
        "other-persons-response": "Ruby shouts 'go!' with delight; later Oskar passes the ball "
        "to Ruby on his own.",
        "do-more-of": "Checking what a child wants before I move the game on.",
    },
    3: {
        "notice-yourself": "I am quieter overall. When I offer a choice I now stop talking "
        "and wait.",
        "thinking-feeling": "In the second choice I felt calm; I trusted that Leo would answer.",
        "what-is-working": "Waiting after a choice: Leo answers, and the game becomes his.",
        "other-persons-response": "Leo answers with words and a big 'brrm!', and asks for "
        "'again!'.",
        "do-more-of": "Keep waiting after questions, and name what the child has managed.",
    },
}

COMMENTS: dict[int, list[SupervisorComment]] = {
    1: [
        SupervisorComment(
            "S-demo",
            "A lovely start. Your waiting at 0:42 gives Finn the space to answer in his own "
            "words – look at how he turns to you afterwards.",
            dt.date(2026, 2, 2),
        )
    ],
    2: [
        SupervisorComment(
            "S-demo",
            "You have found the pause before 'go' – and the children take the lead every "
            "time. Notice how you check in with Oskar at 0:26.",
            dt.date(2026, 3, 2),
        )
    ],
    3: [
        SupervisorComment(
            "S-demo",
            "Your helping question is being answered on film: after your choices, Leo "
            "answers every time. A strong film to bring to your review meeting.",
            dt.date(2026, 4, 6),
        )
    ],
}

# Small, realistic differences from the supervisor's coding: (event number -> change).
DIFFERENCES: dict[str, dict[str, Any]] = {
    "nursery-teddy-bedtime": {
        "drop": {"nursery-teddy-bedtime-003", "nursery-teddy-bedtime-010"},
        "shift": {"nursery-teddy-bedtime-006": 0.8, "nursery-teddy-bedtime-009": -0.6},
        "recode": {"nursery-teddy-bedtime-007": "encouraging-initiatives.friendly-intonation"},
        "add": [(19.0, "being-attentive.looking-interested", "Watching Finn with Teddy")],
    },
    "nursery-ball-turns": {
        "drop": {"nursery-ball-turns-003"},
        "shift": {"nursery-ball-turns-006": 0.5},
        "recode": {},
        "add": [],
    },
    "toddler-blocks": {
        "drop": {"toddler-blocks-013"},
        "shift": {"toddler-blocks-003": 0.4, "toddler-blocks-008": -0.5},
        "recode": {"toddler-blocks-005": "encouraging-initiatives.naming-positively"},
        "add": [],
    },
}


def practitioner_coding(clip: str) -> Coding:
    """P-demo's own coding of ``clip``: the reference with a few differences."""
    reference = Coding.read(practice_dir() / f"{clip}.reference.csv")
    change = DIFFERENCES[clip]
    rows = []
    for event in reference.to_records():
        if event["id"] in change["drop"]:
            continue
        shift = change["shift"].get(event["id"], 0.0)
        row = dict(event)
        row.update(
            id=event["id"].replace(clip, f"{clip}-{WHO}"),
            coder=WHO,
            role="self",
            code=change["recode"].get(event["id"], event["code"]),
            onset=round(max(0.0, event["onset"] + shift), 2),
            offset=round(max(0.0, event["offset"] + shift), 2),
            note="",
            created=CREATED,
        )
        rows.append(row)
    for index, (time, code, note) in enumerate(change["add"], start=1):
        rows.append(
            {
                "id": f"{clip}-{WHO}-extra-{index}",
                "clip": clip,
                "coder": WHO,
                "role": "self",
                "code": code,
                "subject": "adult",
                "onset": time,
                "offset": time,
                "note": note,
                "created": CREATED,
            }
        )
    rows.sort(key=lambda r: (r["onset"], r["id"]))
    return Coding(rows)


def supervisor_coding(clip: str) -> Coding:
    """S-demo's coding of ``clip``: the practice film's reference coding, under their name."""
    reference = Coding.read(practice_dir() / f"{clip}.reference.csv")
    rows = [{**event, "coder": SUPERVISOR} for event in reference.to_records()]
    return Coding(rows, duration=reference.duration)


def build(out: Path = OUT) -> Path:
    """Write the demo workspace to ``out`` (replacing an earlier one); return its folder."""
    if out.exists():
        shutil.rmtree(out)
    for folder in ("clips", "codings", "reflections", "exports"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        out / "vigkit-workspace.json", json.dumps({"format": 1, "created": CREATED}) + "\n"
    )
    record = new_record(
        WHO,
        "verp",
        "How can I give the children more time to lead our play, and to answer in their own words?",
    )
    record = add_target(record, "I wait after a question before I speak again", 3, 8)
    record = add_target(record, "Children lead the play and I follow", 4, 7)
    ratings = {"target-1": (5, 6, 8), "target-2": (4, 6, 7)}
    for number, film in enumerate(FILMS, start=1):
        record = set_film(record, number, film)
        for moment in MOMENTS[number]:
            record = add_moment(record, number, moment)
        for prompt, answer in REFLECTIONS[number].items():
            record = set_reflection(record, number, prompt, answer)
        for comment in COMMENTS[number]:
            record = add_comment(record, number, comment.author, comment.text, comment.date)
        for target, values in ratings.items():
            record = rate_target(record, target, number, values[number - 1])
        practitioner_coding(film).to_csv(out / "codings" / film / f"{WHO}.csv")
        supervisor_coding(film).to_csv(out / "codings" / film / f"{SUPERVISOR}.reference.csv")
    save_record(record, out / "reflections" / f"{WHO}.record.json")
    return out


if __name__ == "__main__":
    print(f"wrote {build()}")
