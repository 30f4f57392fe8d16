"""Chains of linked turns: an initiative, the tag that receives it, the tag that answers
that, and so on (t0 ← t1 ← t2 …, each tag's ``answers`` naming the one before).

**How chains are counted.** The links of one clip and coder form trees: a tag that answers
nothing (or names no tag of this coding) starts one, and every tag that answers it grows
it. Each tree with at least one link is **one chain**, however it branches. When a tag is
answered by several tags (two replies to one initiative), the chain follows the branch
that runs longest, and of equally long branches the one whose next turn starts first;
the tags off that branch are counted in :attr:`Chain.others`, not as chains of their own.
So the number of chains is the number of exchanges, and a chain's length is the longest
run of turns in it. Links that go round in a circle (which a checked coding cannot hold)
start no chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.timecode import format_time
from ..core.wording import counted, number_word
from .series import TagSeries

#: Chains at least this long are the ones the sentences praise ("of three or more turns").
LONG_CHAIN = 3


@dataclass(frozen=True)
class Chain:
    """One chain of linked turns: its tags from the first (the initiative) to the last."""

    clip: str
    coder: str
    ids: tuple[str, ...]
    codes: tuple[str, ...]
    onset: float
    offset: float
    others: int = 0

    @property
    def length(self) -> int:
        """How many tags (turns) the chain runs through."""
        return len(self.ids)


def find_chains(series: TagSeries) -> list[Chain]:
    """The chains of one clip and coder, in the order they start."""
    position = {tag: index for index, tag in enumerate(series.ids)}
    replies: dict[int, list[int]] = {}
    roots = []
    for index, answered in enumerate(series.answers):
        parent = position.get(answered) if answered else None
        if parent is None or parent == index:
            roots.append(index)
        else:
            replies.setdefault(parent, []).append(index)
    chains = []
    for root in roots:
        if root not in replies:
            continue
        path, size = _longest_path(root, replies, series)
        chains.append(
            Chain(
                clip=series.clip,
                coder=series.coder,
                ids=tuple(series.ids[i] for i in path),
                codes=tuple(series.codes[i] for i in path),
                onset=float(series.onsets[path[0]]),
                offset=float(max(series.offsets[i] for i in path)),
                others=size - len(path),
            )
        )
    return sorted(chains, key=lambda chain: (chain.onset, chain.ids))


def _longest_path(
    root: int, replies: dict[int, list[int]], series: TagSeries
) -> tuple[list[int], int]:
    """The longest run of turns from ``root`` (ties: the earlier next turn) and the size of
    the whole tree. Iterative, so a very long chain cannot overflow the stack."""
    order = []
    stack = [root]
    seen = {root}
    while stack:  # the tree's tags, each before its replies
        tag = stack.pop()
        order.append(tag)
        for reply in replies.get(tag, ()):
            if reply not in seen:
                seen.add(reply)
                stack.append(reply)
    depth: dict[int, int] = {}
    best: dict[int, int] = {}
    for tag in reversed(order):  # replies before the tags they answer
        children = [reply for reply in replies.get(tag, ()) if reply in depth]
        if not children:
            depth[tag] = 1
            continue
        chosen = min(
            children,
            key=lambda reply: (-depth[reply], float(series.onsets[reply]), series.ids[reply]),
        )
        best[tag] = chosen
        depth[tag] = depth[chosen] + 1
    path = [root]
    while path[-1] in best:
        path.append(best[path[-1]])
    return path, len(order)


@dataclass(frozen=True)
class ChainCounts:
    """The chains of one film (clip and coder): how many, how long, the longest."""

    clip: str
    coder: str
    chains: tuple[Chain, ...]

    @property
    def lengths(self) -> tuple[int, ...]:
        """Each chain's length in turns, in the order the chains start."""
        return tuple(chain.length for chain in self.chains)

    @property
    def longest(self) -> Chain | None:
        """The longest chain (the earliest of equally long ones), or ``None``."""
        if not self.chains:
            return None
        return max(self.chains, key=lambda chain: (chain.length, -chain.onset))

    def at_least(self, turns: int) -> int:
        """How many chains run through ``turns`` turns or more."""
        return sum(1 for chain in self.chains if chain.length >= turns)

    def sentence(self) -> str:
        """The chains in plain words, strengths first."""
        return chain_sentence(self)


def chain_counts(series: TagSeries) -> ChainCounts:
    """:class:`ChainCounts` of one clip and coder."""
    return ChainCounts(series.clip, series.coder, tuple(find_chains(series)))


def chain_sentence(counts: ChainCounts) -> str:
    """E.g. "3 chains of three or more turns; the longest ran 5 turns from 0:12.", or a
    kind sentence saying how to link turns when there are none."""
    longest = counts.longest
    if longest is None:
        return (
            "No linked turns yet: when a tag receives an initiative, link it to that "
            "initiative in the Tagger, and the chains of turns show here."
        )
    long = counts.at_least(LONG_CHAIN)
    where = f"the longest ran {longest.length} turns from {format_time(longest.onset, 0)}"
    if long:
        lead = f"{counted(long, 'chain')} of {number_word(LONG_CHAIN)} or more turns"
        rest = len(counts.chains) - long
        shorter = f", and {counted(rest, 'shorter one')}" if rest else ""
        return f"{lead}{shorter}; {where}."
    return (
        f"{counted(len(counts.chains), 'chain')} of two turns (an initiative received): "
        f"{where}. A chain grows when the next turn answers the reply."
    )


def chains_of(all_series: Sequence[TagSeries]) -> list[ChainCounts]:
    """:class:`ChainCounts` for each clip and coder."""
    return [chain_counts(series) for series in all_series]
