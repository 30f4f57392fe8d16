"""Data files the kit ships and a service may replace with its own (reflection prompts,
stage targets): a built-in file by its name, else the user's file by its path."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, ProblemsError


def builtin_names(folder: Path) -> list[str]:
    """The names of the YAML files shipped in ``folder``, sorted."""
    return sorted(p.stem for p in folder.glob("*.yaml"))


def data_file(
    name_or_path: str | Path,
    folder: Path,
    error: type[ProblemsError],
    *,
    missing: str,
    listed: str,
) -> tuple[Path, bool]:
    """The file a name or a path stands for, and whether it is one of ``folder``'s own.

    A bare name that is neither a built-in nor a file is one ``error`` saying ``missing``
    (e.g. "there is no built-in prompt set called") and listing the built-ins."""
    if isinstance(name_or_path, str) and name_or_path in builtin_names(folder):
        return folder / f"{name_or_path}.yaml", True
    path = Path(name_or_path)
    if not path.suffix and len(path.parts) == 1 and not path.exists():
        raise error(
            None,
            [Problem(f"{missing} '{name_or_path}'")],
            hint=f"{listed}: " + ", ".join(builtin_names(folder)),
        )
    return path, False
