"""Bad input gives findings or usage errors with a line and a fix, never a traceback."""

from __future__ import annotations

import json
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrcoach.cli import main
from okrcoach.formats import MAX_FILE_BYTES

SUFFIXES = (".okr.yaml", ".okr.json", ".okr.md", ".okr.csv")


def lint_bytes(tmp_path, capsys, data: bytes, suffix: str) -> tuple[int, dict, str]:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    code = main(["lint", "--format", "json", "--isolated", str(path)])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err, err
    assert code in (0, 1, 2)
    return code, (json.loads(out) if code in (0, 1) else {}), err


def codes(report: dict) -> list[tuple[str, int | None]]:
    return [(f["code"], f["line"]) for f in report.get("findings", [])]


@pytest.mark.parametrize(
    ("data", "suffix", "code", "line"),
    [
        (b"", ".okr.yaml", "OKR001", None),
        (b"   \n\n", ".okr.md", "OKR001", None),
        (b"\x00\x01\x02binary", ".okr.yaml", "OKR001", None),
        ("objectives:\n  - title: Bl\xe6v bedst\n".encode("latin-1"), ".okr.yaml", "OKR001", 2),
        (b"objectives:\n  - title: Grow\n   key_results: x\n", ".okr.yaml", "OKR002", 3),
        (b"a: &a [1]\nb: *a\n", ".okr.yaml", "OKR002", 1),
        (b"title: A\ntitle: B\n", ".okr.yaml", "OKR002", 2),
        (b'{"objectives": [}', ".okr.json", "OKR002", 1),
        (b"- [1, 2]\n", ".okr.yaml", "OKR004", 1),
        (b"42\n", ".okr.yaml", "OKR004", 1),
        (b"objectives: {title: x}\n", ".okr.yaml", "OKR004", 1),
        (b"objectives:\n  - key_results: [Raise NPS from 1 to 2]\n", ".okr.yaml", "OKR004", 2),
        (b"period: soon\nobjectives: []\n", ".okr.yaml", "OKR004", 1),
        (b"objectives:\n  - title: G\n    key_results:\n      - text: Raise X to 5\n        target: [1, 2]\n", ".okr.yaml", "OKR004", 5),
        (b"objectives:\n  - title: G\n    kind: stretch\n    key_results: [Raise X from 1 to 5]\n", ".okr.yaml", "OKR004", 3),
        # Looks like a YAML date but is none: reported as an invalid deadline, not a crash.
        (b"objectives:\n  - title: G\n    key_results:\n      - text: Raise X to 5\n        deadline: 2027-13-45\n", ".okr.yaml", "OKR004", 5),
    ],
)
def test_bad_files_become_findings_with_lines(tmp_path, capsys, data, suffix, code, line):
    rc, report, _ = lint_bytes(tmp_path, capsys, data, suffix)
    assert rc == 1
    assert (code, line) in codes(report), codes(report)
    finding = next(f for f in report["findings"] if f["code"] == code)
    assert finding["level"] == "error" and finding["fix"]


def test_alias_bomb_is_refused_quickly(tmp_path, capsys):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    rc, report, _ = lint_bytes(tmp_path, capsys, bomb.encode(), ".okr.yaml")
    assert rc == 1 and report["findings"][0]["code"] == "OKR002"


def test_deep_nesting_is_refused(tmp_path, capsys):
    rc, report, _ = lint_bytes(tmp_path, capsys, ("[" * 5000 + "]" * 5000).encode(), ".okr.yaml")
    assert rc == 1 and report["findings"][0]["code"] == "OKR002"
    rc, report, _ = lint_bytes(tmp_path, capsys, ("[" * 5000 + "]" * 5000).encode(), ".okr.json")
    assert rc == 1 and report["findings"][0]["code"] == "OKR002"


def test_oversized_file_is_refused(tmp_path, capsys):
    rc, report, _ = lint_bytes(tmp_path, capsys, b"# " + b"x" * (MAX_FILE_BYTES + 10), ".okr.md")
    assert rc == 1 and report["findings"][0]["code"] == "OKR001"
    assert "limit" in report["findings"][0]["message"]


def test_norway_problem_keeps_text(tmp_path, capsys):
    rc, report, _ = lint_bytes(tmp_path, capsys, b"title: no\nperiod: 2027-Q1\nobjectives:\n  - title: yes\n    key_results: [1.10, Raise NPS from 31 to 45]\n", ".okr.yaml")
    assert not [c for c in codes(report) if c[0].startswith("OKR00")]


def test_broken_file_does_not_stop_the_others(tmp_path, capsys):
    (tmp_path / "a.okr.yaml").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "b.okr.yaml").write_text("period: 2027-Q1\nobjectives:\n  - title: G\n    key_results: [Analyse churn, Raise NPS from 31 to 45]\n")
    code = main(["lint", "--format", "json", "--isolated", str(tmp_path)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {f["code"] for f in report["findings"] if f["path"].endswith("b.okr.yaml")} >= {"OKR220"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash(tmp_path, capsys, data, suffix):
    lint_bytes(tmp_path, capsys, data, suffix)


_text = st.text(alphabet=string.ascii_letters + string.digits + " æøåäöüőűé%.,:-#*[]{}&!|>'\"\n\t", max_size=60)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False), _text)
_keys = st.sampled_from(
    [
        "title",
        "objectives",
        "key_results",
        "text",
        "baseline",
        "target",
        "deadline",
        "period",
        "language",
        "kind",
        "waive",
        "code",
        "reason",
        "owner",
        "objective",
        "checkins",
        "date",
        "value",
        "guardrail",
        "junk",
    ]
)
_documents = st.recursive(_scalar, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)), max_leaves=25)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_documents, as_json=st.booleans())
def test_random_documents_never_crash(tmp_path, capsys, document, as_json):
    if as_json:
        data, suffix = json.dumps(document, default=str).encode(), ".okr.json"
    else:
        data, suffix = yaml.safe_dump(document, allow_unicode=True).encode(), ".okr.yaml"
    lint_bytes(tmp_path, capsys, data, suffix)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), suffix=st.sampled_from((".okr.md", ".okr.csv")))
def test_random_text_never_crashes(tmp_path, capsys, text, suffix):
    lint_bytes(tmp_path, capsys, text.encode("utf-8", "surrogatepass"), suffix)
