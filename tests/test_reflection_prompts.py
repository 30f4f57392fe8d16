"""Reflection prompts: the built-in files load; a bad file is explained line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigkit.reflection import PromptsError, builtin_prompts, load_prompts, parse_prompts


def test_builtin_prompt_files_load() -> None:
    assert builtin_prompts() == ["trainee-self-assessment", "verp", "vig-shared-review"]
    verp = load_prompts("verp")
    assert [p.id for p in verp.for_cycle("verp", 1)] == [
        "notice-yourself",
        "thinking-feeling",
        "what-is-working",
        "other-persons-response",
        "do-more-of",
    ]
    assert verp["notice-yourself"].text == "What do you notice about yourself here?"
    review = load_prompts("vig-shared-review")
    assert "helping-question" not in [p.id for p in review.for_cycle("vig-client", 1)]
    assert "helping-question" in [p.id for p in review.for_cycle("vig-client", 2)]
    trainee = load_prompts("trainee-self-assessment")
    assert {"attuning", "activating", "guiding"} <= {p.id for p in trainee.prompts}
    assert trainee.for_cycle("verp", 1) == ()
    assert trainee["guiding"].principles == ("guiding",)


def test_bad_prompt_yaml_errors_with_line(tmp_path: Path) -> None:
    text = (
        "id: mine\n"
        "label: My prompts\n"
        "prompts:\n"
        "  - id: first\n"
        "    text: What is working?\n"
        "    colour: red\n"
        "  - id: first\n"
        "    text: ''\n"
        "    kinds: [teacher]\n"
        "    cycles: [0]\n"
    )
    with pytest.raises(PromptsError) as caught:
        parse_prompts(text, "mine.yaml")
    message = str(caught.value)
    assert "prompt file mine.yaml has 5 problems" in message
    assert "line 6: unknown field 'colour'" in message
    assert "line 7: prompt id 'first' is used twice (first on line 4)" in message
    assert "line 8: 'text' must be a non-empty text" in message
    assert "line 9: 'teacher' is not a kind" in message
    assert "line 10: 'cycles' must be a list of cycle numbers" in message


def test_yaml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nlabel: 'open\nprompts: []\n")
    with pytest.raises(PromptsError, match="line 2: this is not valid YAML"):
        load_prompts(path)
    with pytest.raises(PromptsError, match="no built-in prompt set called 'nope'"):
        load_prompts("nope")
    with pytest.raises(PromptsError, match="does not exist"):
        load_prompts(tmp_path / "missing.yaml")
