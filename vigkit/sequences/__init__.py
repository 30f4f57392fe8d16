"""Sequences: chains of linked turns, initiatives received within N seconds, and lag-1
transition tables between principles, per film and across films (a trainee's cycles, a
group), with the figures GSEQ reports (docs/sequences.md).

Stands on :mod:`vigkit.coding` and :mod:`vigkit.core` only. The reckoning is on plain arrays
(:mod:`.series`); :mod:`.transitions` is the maths, :mod:`.tables` the tables per film and
across films, :mod:`.chains` and :mod:`.reception` the links, :mod:`.words` the sentences.
"""

from .chains import Chain, ChainCounts, chain_counts, chain_sentence, chains_of, find_chains
from .reception import (
    DEFAULT_INITIATORS,
    DEFAULT_WITHIN,
    Initiative,
    Reception,
    initiators_option,
    reception,
    reception_sentence,
    receptions_of,
)
from .series import TagSeries, event_order, series_of, series_of_all
from .tables import (
    AcrossFilms,
    TransitionSummary,
    TransitionTable,
    transitions,
    transitions_across,
)
from .transitions import TableFigures, count_transitions, table_figures
from .words import summary_sentences, table_text, transition_sentences

__all__ = [
    "DEFAULT_INITIATORS",
    "DEFAULT_WITHIN",
    "AcrossFilms",
    "Chain",
    "ChainCounts",
    "Initiative",
    "Reception",
    "TableFigures",
    "TagSeries",
    "TransitionSummary",
    "TransitionTable",
    "chain_counts",
    "chain_sentence",
    "chains_of",
    "count_transitions",
    "event_order",
    "find_chains",
    "initiators_option",
    "reception",
    "reception_sentence",
    "receptions_of",
    "series_of",
    "series_of_all",
    "summary_sentences",
    "table_figures",
    "table_text",
    "transition_sentences",
    "transitions",
    "transitions_across",
]
