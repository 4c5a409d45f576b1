"""Definition text as HTML: paragraphs, links only to safe addresses, nothing taken as HTML."""
from __future__ import annotations

from survey.text import paragraphs, plain


def test_a_link_becomes_a_link() -> None:
    assert paragraphs("Read [the notice](https://example.org/n).") == \
        '<p class="body">Read <a class="link" href="https://example.org/n">the notice</a>.</p>'


def test_an_unsafe_link_stays_text() -> None:
    assert paragraphs("[x](javascript:alert(1))") == '<p class="body">[x](javascript:alert(1))</p>'


def test_on_a_kiosk_a_link_is_written_out_in_one_pass() -> None:
    assert paragraphs("Ring [us](tel:0800 1) or [write](mailto:a@example.org).", links=False) == \
        '<p class="body">Ring [us](tel:0800 1) or write (a@example.org).</p>'
    assert paragraphs("[[x](https://a.example)](https://b.example)", links=False) == \
        '<p class="body">[x (https://a.example)](https://b.example)</p>'


def test_a_nested_link_links_only_its_inner_words() -> None:
    html = paragraphs("[[x](https://a.example)](https://b.example)")
    assert html == '<p class="body">[<a class="link" href="https://a.example">x</a>](https://b.example)</p>'
    assert plain("[[x](https://a.example)](https://b.example)") == "[x](https://b.example)"


def test_many_brackets_are_drawn_quickly_as_text() -> None:
    """55,000 [ once took 9 s a page (tests/test_patterns.py times the pattern itself)."""
    text = "[" * 55_000
    assert paragraphs(text) == f'<p class="body">{text}</p>'
