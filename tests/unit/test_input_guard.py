"""The first NLU step's plain text (components/input_guard.py)."""
import pytest

from components.input_guard import guard_text


@pytest.mark.parametrize("text, read", [
    ("<script>alert(1)</script> does it hurt?", "does it hurt?"),
    ("<img src=x onerror=alert(1)> <b>how much</b>", "how much"),
    ("i <3 it, a < b > c", "i <3 it, a < b > c"),
    ("<b>/restart</b>", "restart"),
])
def test_markup_is_read_without_its_tags(text, read):
    """Stop 44: HTML around a question made it out of scope."""
    assert guard_text(text) == read
