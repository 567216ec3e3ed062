"""Crash-proofing in process: mutations of the hostile cases fed to every entry point.

Reading, linting, every report format, status, the alignment tree and a check-in: none may raise,
every output must encode as UTF-8, and the outputs for people must carry no control character.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrcoach.alignment import Entry, align
from okrcoach.checkin import WriteRefused, record_checkin
from okrcoach.formats import read_bytes
from okrcoach.linting import lint_result
from okrcoach.model import Checkin
from okrcoach.progress import set_status
from okrcoach.renderers import findings as formats
from okrcoach.renderers.progress import status_json, status_text, tree_text
from okrcoach.terminal import UNSAFE
from tests import hostile

TOKENS = [
    b"\x1b",
    b"\x07",
    b"\x1b]0;PWNED\x07",
    b"\x1b[2J",
    "\u009b".encode(),
    "\u202e".encode(),
    b"\\e",
    b"\\a",
    b"\\ud800",
    b"\\udfff",
    b"\\u001b",
    b"\\u009b",
    hostile.BIG.encode(),
    hostile.HUGE.encode(),
    b"1e999",
    b"-1e400",
    b".inf",
    b".nan",
    b"NaN",
    b"Infinity",
    b"!!int ",
    b"!!float ",
    b"!!timestamp ",
    b"!!bool ",
    b"!!binary ",
    b"!foo ",
    b"2027-13-45",
    b"\xff",
    b"\x00",
    b"\r",
    b"\n",
    b"\t",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b",",
    b"#",
    b"<!--",
    b"aligns_to: ",
    b"x" * 6000,
    b"current: ",
    b"target: ",
    b"deadline: ",
    b"checkins: [{date: 2027-01-02, value: 1}]",
    b"## Objective: ",
    b"| a | b |\n|---|---|\n",
]
SEED_NAMES = sorted(hostile.SEEDS)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SEED_NAMES))
    data = bytearray(hostile.SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        if action == "insert":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 20))]
        elif action == "replace":
            data[where : where + 1] = draw(st.sampled_from(TOKENS))
        else:
            data[where:where] = data[max(0, where - 40) : where]
    suffix = draw(st.sampled_from([name.split(".", 1)[1], "okr.yaml", "okr.json", "okr.md", "okr.csv"]))
    return f"mutant.{suffix}", bytes(data)


def assert_safe_for_people(text: str) -> None:
    text.encode("utf-8")
    assert not UNSAFE.search(text), repr(UNSAFE.search(text).group())


def exercise(name: str, data: bytes, linter) -> None:
    result = read_bytes(data, name)
    report = lint_result(result, linter)
    json.loads(formats.to_json([report]))
    json.loads(formats.to_sarif([report], linter.rubric))
    formats.to_json([report]).encode("utf-8")
    assert_safe_for_people(formats.to_text([report]))
    assert_safe_for_people(formats.to_github([report]))
    okr_set = result.okr_set
    if okr_set is None:
        return
    at = date(2027, 2, 1)
    status = set_status(okr_set, at)
    assert_safe_for_people(status_text([(name, okr_set, status)], []))
    json.dumps(status_json([(name, okr_set, status)], [], at), ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert_safe_for_people(tree_text(align([Entry(name, okr_set)], None), at))
    text = data.decode("utf-8", "replace")
    if okr_set.objectives and okr_set.objectives[0].key_results and result.format:
        try:
            record_checkin(text, result.format, 0, 0, Checkin(date=at, value=3))
        except WriteRefused:
            pass


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_hostile_seed_passes_every_entry_point(name, linter):
    exercise(name, hostile.SEEDS[name], linter)


@settings(
    max_examples=int(__import__("os").environ.get("OKRCOACH_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated())
def test_mutated_hostile_input_never_breaks_an_entry_point(case, linter):
    exercise(*case, linter)


def test_lone_surrogates_are_replaced_and_reported(linter):
    result = read_bytes(hostile.SEEDS["surrogate.okr.json"], "s.okr.json")
    assert result.okr_set is not None
    assert result.okr_set.objectives[0].title == "Delight \ufffd customers"
    assert any(i.code == "OKR007" and "surrogate" in i.message for i in result.issues)


def test_control_characters_are_reported_with_their_line_and_kept_faithfully(linter):
    result = read_bytes(hostile.SEEDS["escape.okr.yaml"], "e.okr.yaml")
    lines = {i.line for i in result.issues if i.code == "OKR007"}
    assert {3, 5, 6} <= lines
    assert result.okr_set.objectives[0].key_results[0].text == "Launch the \x1b]0;PWNED\x07 website \x1b[2J", "the model keeps what the file says"
    message = next(i.message for i in result.issues if i.code == "OKR007" and i.line == 5)
    assert "U+001B" in message and "\x1b" not in message


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("big-number.okr.yaml", "4,400 digits"),
        ("big-number.okr.json", "4,400 digits"),
        ("bad-int-tag.okr.yaml", "!!int"),
        ("bad-timestamp-tag.okr.yaml", "!!timestamp"),
        ("bad-date.okr.yaml", "2027-13-45"),
        ("junk-timestamp-tag.okr.yaml", "!!timestamp soon"),
        ("bad-bool-tag.okr.yaml", "!!bool"),
        ("huge-current.okr.yaml", "current"),
        ("infinite.okr.json", "target"),
    ],
)
def test_unusable_numbers_and_tags_are_invalid_values_with_a_line(name, words, linter):
    result = read_bytes(hostile.SEEDS[name], name)
    issues = [i for i in result.issues if i.code == "OKR004"]
    assert issues and any(words in i.message for i in issues), result.issues
    assert result.okr_set is not None, "the rest of the file is still read"
    assert result.okr_set.objectives[0].key_results[-1].text == ("Raise NPS from 31 to 45" if name == "infinite.okr.json" else "Cut churn from 5% to 3%")
    if not name.endswith(".json") or name == "big-number.okr.json":
        assert all(i.line for i in issues)
    assert all(len(i.message) < 400 for i in result.issues), "a long value is clipped in the message"


@pytest.mark.parametrize("sequence", [hostile.TITLE, hostile.CLEAR, hostile.CSI_8BIT, "\x1b[31m", "\x1b]0;PWNED"])
def test_an_escape_sequence_is_reported_once_and_never_judged_as_words(sequence, linter):
    """`ESC ] 0 ; … BEL` holds a digit and `ESC [ 2 J` a word: the rubric must not read them as a
    target in the objective (OKR101) or anything else; OKR007 alone reports them."""

    def codes(title: str) -> list[str]:
        data = {"language": "da", "objectives": [{"title": title, "key_results": ["Øg NPS fra 31 til 45"]}]}
        return [f.code for f in lint_result(read_bytes(json.dumps(data).encode(), "k.okr.json"), linter).findings]

    before, after = codes("Begejstr vores kunder"), codes(f"Begejstr vores kunder {sequence}")
    assert after.count("OKR007") == 1 and sorted(c for c in after if c != "OKR007") == sorted(before), (before, after)
