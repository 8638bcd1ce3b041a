"""A tiny fuzzy matcher for the command palette (issue 14): every character of the query, in
order, somewhere in the text; consecutive characters, word starts and an early first match score
higher. No dependency: a palette of a few dozen entries needs nothing more (docs/decisions.md)."""

from __future__ import annotations


def fuzzy_score(query: str, text: str) -> int | None:
    """None when `query` is not a subsequence of `text` (case-insensitive); else a score, higher
    is better. An empty query matches everything with score 0."""
    q = "".join(query.lower().split())
    if not q:
        return 0
    t = text.lower()
    score = 0
    position = 0
    previous = -2
    for char in q:
        found = t.find(char, position)
        if found < 0:
            return None
        if found == previous + 1:
            score += 5  # consecutive
        if found == 0 or not t[found - 1].isalnum():
            score += 8  # start of a word
        score -= min(found - position, 10)  # a gap costs a little
        previous = found
        position = found + 1
    if t.startswith(q):
        score += 20
    elif q in t:
        score += 10
    return score


def rank(query: str, texts: list[str]) -> list[int]:
    """Indexes of the texts that match, best first (ties keep the given order)."""
    scored = [(s, n) for n, text in enumerate(texts) if (s := fuzzy_score(query, text)) is not None]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [n for _s, n in scored]
