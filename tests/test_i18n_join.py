"""One choice of list separator per language: 「、」 and 「；」 in Chinese, ", " and "; " in English."""

from huzhu.core.i18n import join_clauses, join_list


def test_lists_and_clauses_are_joined_in_the_members_language():
    assert join_list(["#1", "#2", 3], "zh") == "#1、#2、3"
    assert join_list(iter(["a", "b"]), "en") == "a, b"
    assert join_list([], "zh") == ""
    assert join_clauses(["太短", "没有链接"], "zh") == "太短；没有链接"
    assert join_clauses(["too short", "no link"], "en") == "too short; no link"
