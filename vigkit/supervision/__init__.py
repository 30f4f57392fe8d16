"""Supervision: a group's codings of one film compared with the supervisor's, who needs
help with which principle, and the summary to share (notebook 07)."""

from .group import (
    Saved,
    agreement_table,
    export_group_summary,
    film_for,
    find_folder,
    group_summary,
    group_timeline,
    help_table,
    load_group,
    read_group,
    trainee_comparison,
)

__all__ = [
    "Saved",
    "agreement_table",
    "export_group_summary",
    "film_for",
    "find_folder",
    "group_summary",
    "group_timeline",
    "help_table",
    "load_group",
    "read_group",
    "trainee_comparison",
]
