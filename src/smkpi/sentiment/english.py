"""English (and any Latin-script text without Thai): VADER, a lexicon and rules made for social
media text (Hutto & Gilbert 2014; MIT licence; the lexicon ships inside the vaderSentiment wheel).

Labels follow VADER's documented thresholds on the compound score c: positive when c >= 0.05,
negative when c <= -0.05, else neutral. The confidence is (1 + |c|) / 2 for positive and negative
and 1 - |c| for neutral. Repeated texts (very common in comment exports) are scored once.
VADER is plain Python (about 20,000 short texts a second on one core). Splitting it over worker
processes was tried and measured slower on this 2-core machine (process start-up, texts and labels
through pipes), and multiprocessing's spawn re-runs the caller's main module (it fails, and
respawns forever, for code read from stdin): it runs in-process.
"""

from __future__ import annotations

from functools import lru_cache

THRESHOLD = 0.05


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def label(compound: float) -> tuple[str, float]:
    if compound >= THRESHOLD:
        return "positive", (1.0 + compound) / 2.0
    if compound <= -THRESHOLD:
        return "negative", (1.0 - compound) / 2.0
    return "neutral", 1.0 - abs(compound)


def score(texts: list[str]) -> tuple[list[str], list[float]]:
    """(label, confidence) for each text."""
    scorer = _analyzer().polarity_scores
    seen: dict[str, tuple[str, float]] = {}
    labels, conf = [], []
    for t in texts:
        r = seen.get(t)
        if r is None:
            r = seen[t] = label(scorer(t)["compound"])
        labels.append(r[0])
        conf.append(r[1])
    return labels, conf
