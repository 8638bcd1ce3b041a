"""The palette's fuzzy matcher (domain/fuzzy.py)."""

from fulfildesk.domain.fuzzy import fuzzy_score, rank


def test_subsequence_matches_case_insensitively() -> None:
    assert fuzzy_score("bk", "Buy keys") is not None
    assert fuzzy_score("BUY", "Buy keys") is not None
    assert fuzzy_score("kb", "Buy keys") is None  # order matters
    assert fuzzy_score("", "anything") == 0


def test_word_starts_and_prefixes_rank_first() -> None:
    texts = ["Look up voucher order", "Buy vouchers", "Bulk issue vouchers", "Buy keys"]
    assert [texts[n] for n in rank("buy", texts)][:2] == ["Buy vouchers", "Buy keys"]
    assert texts[rank("bk", texts)[0]] == "Buy keys"
    assert texts[rank("vouch", texts)[0]] == "Buy vouchers"  # the earliest word start
    assert rank("zzz", texts) == []
