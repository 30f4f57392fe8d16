"""Make ``examples/shared-review/``: a supervisor's and a trainee's coding of one shared review.

The practice film ``verp-story-time-review`` (a guider, Ruth, looking at a still with the
staff she works with) stands in for the film of a trainee's shared review. Its clip in the
trainee's work is ``verp-story-time-review-shared-review`` (notebook 09 names a practice
film's review so, as the film's own name belongs to its exercises). Both codings use the
built-in ``shared-review`` scheme:

- **S01**, the supervisor, codes the guider's part (and the staff's answers) at behaviour
  level, from the moments of the film's storyboard.
- **T07**, the trainee, tags principles (number keys) about half a second late, misses two
  moments, names two of Ruth's receptions as activating, and tags one moment S01 did not.

Notebook 09 compares a trainee's tags with ``S01``'s file; notebook 07 shows a supervisor
the two side by side. The output is the same every run::

    .venv/bin/python examples/make_shared_review_codings.py
"""

from __future__ import annotations

from pathlib import Path

from vigkit.coding.table import Coding

HERE = Path(__file__).resolve().parent
OUT = HERE / "shared-review"
CLIP = "verp-story-time-review-shared-review"
CREATED = "2026-03-09T10:00:00.000Z"
A = "activating-the-client"
R = "receiving-the-clients-initiatives"
G = "attuned-guiding"
D = "deepening-discussion"

#: The supervisor's moments: (onset, offset, code, subject, note).
SUPERVISOR = [
    (
        1.0,
        1.0,
        f"{D}.supporting-next-steps",
        "guider",
        "Ruth invites Mei to put her helping question into words",
    ),
    (
        3.5,
        7.5,
        f"{A}.waiting-for-the-client",
        "guider",
        "Ruth sits back and gives Mei time to think",
    ),
    (
        8.0,
        8.0,
        f"{R}.using-the-clients-words",
        "guider",
        "Ruth takes Mei's words as the group's question",
    ),
    (10.8, 10.8, f"{A}.pausing-for-the-client", "guider", "Ruth shows a still and leaves it there"),
    (
        14.5,
        18.5,
        f"{A}.waiting-for-the-client",
        "guider",
        "A silence while the staff study the still",
    ),
    (16.5, 16.5, f"{D}.sharing-viewpoints", "client", "Sofia says what she sees in the still"),
    (
        21.4,
        21.4,
        f"{A}.inviting-thoughts-and-feelings",
        "guider",
        "Ruth asks Mei what she was thinking and feeling",
    ),
    (
        30.8,
        30.8,
        f"{D}.restoring-attunement",
        "guider",
        "Ruth stays calm and receives Daniel's frustration",
    ),
    (
        36.2,
        36.2,
        f"{D}.naming-difference",
        "guider",
        "Ruth gently names a tension in the story time",
    ),
    (39.2, 39.2, f"{D}.sharing-viewpoints", "client", "Sofia offers a different view"),
    (
        42.2,
        42.2,
        f"{D}.naming-difference",
        "guider",
        "Ruth names the difference openly and welcomes it",
    ),
    (
        45.4,
        45.4,
        f"{G}.building-on-the-clients-noticing",
        "guider",
        "Ruth points to a second moment in the still",
    ),
    (49.0, 54.0, f"{A}.waiting-for-the-client", "guider", "Ruth waits and lets the staff find it"),
    (
        52.8,
        52.8,
        f"{D}.reaching-shared-understanding",
        "client",
        "Mei sees that slowing down let Jordan join in",
    ),
    (55.6, 55.6, f"{R}.showing-you-heard", "guider", "Mei looks up; Ruth meets her eyes and nods"),
    (
        59.0,
        59.0,
        f"{G}.naming-what-is-working",
        "guider",
        "Ruth puts what the group now sees into one sentence",
    ),
    (63.0, 63.0, f"{D}.supporting-next-steps", "guider", "Ruth helps Mei choose her own next step"),
    (65.6, 70.0, f"{A}.waiting-for-the-client", "guider", "Ruth waits quietly while Mei thinks"),
    (
        70.6,
        70.6,
        f"{R}.using-the-clients-words",
        "guider",
        "Ruth takes up Mei's idea in Mei's words",
    ),
    (
        76.4,
        76.4,
        f"{R}.valuing-the-clients-view",
        "guider",
        "Ruth welcomes Daniel's interest warmly",
    ),
    (
        84.5,
        84.5,
        f"{D}.supporting-next-steps",
        "guider",
        "Ruth helps Sofia shape what she will bring next time",
    ),
]
#: Where the trainee parts from the supervisor: moments missed, and principles named otherwise.
MISSED = {36.2, 59.0}
NAMED_AS = {8.0: A, 70.6: A}
#: A moment the trainee tagged that the supervisor did not mark.
EXTRA = (26.0, 26.0, G, "guider", "I link what Mei said to her helping question")
LATE = 0.5


def _row(
    coder: str, role: str, number: int, moment: tuple[float, float, str, str, str]
) -> dict[str, object]:
    onset, offset, code, subject, note = moment
    return {
        "id": f"{coder}-{number:03d}", "clip": CLIP, "coder": coder, "role": role, "code": code,
        "subject": subject, "onset": onset, "offset": offset, "note": note, "created": CREATED,
    }  # fmt: skip


def supervisor() -> Coding:
    """S01's coding of the review, behaviour by behaviour."""
    rows = [_row("S01", "supervisor", n, m) for n, m in enumerate(SUPERVISOR, start=1)]
    return Coding(rows, "shared-review", duration=90.0)


def trainee() -> Coding:
    """T07's coding: principles only, a little late, with the differences above."""
    moments = []
    for onset, offset, code, subject, _note in SUPERVISOR:
        if onset in MISSED:
            continue
        principle = NAMED_AS.get(onset, code.split(".", 1)[0])
        late = round(onset + LATE, 3), round(offset + LATE, 3)
        moments.append((*late, principle, subject, ""))
    moments.append(EXTRA)
    moments.sort()
    rows = [_row("T07", "trainee", n, m) for n, m in enumerate(moments, start=1)]
    return Coding(rows, "shared-review", duration=90.0)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    supervisor().to_csv(OUT / f"{CLIP}__S01.csv")
    trainee().to_csv(OUT / f"{CLIP}__T07.csv")


if __name__ == "__main__":
    main()
