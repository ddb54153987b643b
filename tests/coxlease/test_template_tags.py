from datetime import timedelta

from coxlease.templatetags.coxlease_tags import in_words, wrap_long


def test_a_long_unbroken_name_gets_break_points_and_ordinary_words_none():
    assert wrap_long("Danny Hughes") == "Danny Hughes"
    wrapped = wrap_long("Bartholomew-Maximilian-Fotheringham")
    assert wrapped.replace("<wbr>", "") == "Bartholomew-Maximilian-Fotheringham"
    assert all(len(part) <= 8 for part in wrapped.split("<wbr>"))
    assert wrap_long("<script>alert(1)</script>xxxxxxxxxxxx").startswith("&lt;script&gt;")


def test_durations_in_words():
    assert in_words(timedelta(minutes=30)) == "30 minutes"
    assert in_words(timedelta(hours=1)) == "1 hour"
    assert in_words(timedelta(hours=2, minutes=15)) == "2 hours 15 minutes"


def test_a_phone_number_becomes_a_link_without_spaces():
    from coxlease.templatetags.coxlease_tags import tel_href

    assert tel_href("07700 900301") == "tel:07700900301"
    assert tel_href("+44 (0)23 8000-1234") == "tel:+440238000" + "1234"
