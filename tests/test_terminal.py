"""Terminal safety: one neutraliser for every text from a file or a model on its way to a terminal."""

from __future__ import annotations

import io
import json
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrcoach.cli import main
from okrcoach.terminal import UNSAFE, GuardedStream, dumps_json, guarded_output, printable
from tests import hostile


def test_printable_shows_control_characters_as_pictures_one_for_one():
    text = f"Launch {hostile.TITLE} site {hostile.CLEAR}"
    shown = printable(text)
    assert shown == "Launch ␛]0;PWNED␇ site ␛[2J"
    assert len(shown) == len(text)
    assert printable("a\u009b2J\u202eb\ud800c\x7f") == "a\ufffd2J\ufffdb\ufffdc␡"


def test_printable_keeps_layout_where_it_is_allowed():
    assert printable("one\ttwo\nthree") == "one\ttwo\nthree"
    assert printable("one\ttwo\nthree", single_line=True) == "one two three"
    assert printable("windows\r\nline") == "windows\nline"
    assert printable("over\rwrite") == "over␍write"
    assert printable("Øresund 12 000 kr – ½ ≥ 5 % 🙂 ‍ ZWJ") == "Øresund 12 000 kr – ½ ≥ 5 % 🙂 ‍ ZWJ"


@given(st.text())
def test_printable_output_is_always_safe(text):
    shown = printable(text)
    assert not UNSAFE.search(shown)
    shown.encode("utf-8")


@given(st.text())
def test_dumps_json_is_faithful_and_leaves_nothing_raw(text):
    dumped = dumps_json({"t": text})
    assert json.loads(dumped) == {"t": text}
    assert not UNSAFE.search(dumped)
    dumped.encode("utf-8")


def test_guarded_stream_keeps_our_own_colours_and_erase_line_only():
    sink = io.StringIO()
    stream = GuardedStream(sink)
    stream.write("\x1b[1mbold\x1b[0m \r\x1b[K progress " + hostile.TITLE + hostile.CLEAR)
    assert sink.getvalue() == "\x1b[1mbold\x1b[0m \r\x1b[K progress ␛]0;PWNED␇␛[2J"


def test_guarded_output_restores_the_streams():
    before = sys.stdout, sys.stderr
    with guarded_output():
        assert isinstance(sys.stderr, GuardedStream)
    assert (sys.stdout, sys.stderr) == before


@pytest.mark.parametrize("args", [["rule", hostile.TITLE], ["lint", hostile.TITLE + ".okr.yaml"], ["status", hostile.CLEAR]])
def test_usage_errors_quoting_arguments_are_neutralised(args, capfd):
    main(args)
    out, err = capfd.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err


_JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4) | st.tuples(children, children),
    max_leaves=25,
)


@given(_JSON_DATA, st.sampled_from([None, 0, 1, 2, 4]))
def test_dumps_json_writes_what_json_dumps_writes_escaped(data, indent):
    expected = UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=indent))
    assert dumps_json(data, indent=indent) == expected


def test_dumps_json_leaves_other_data_to_json():
    assert dumps_json({1: [2.5]}) == json.dumps({1: [2.5]}, indent=2)
    with pytest.raises(TypeError):
        dumps_json({"a": {1, 2}})
