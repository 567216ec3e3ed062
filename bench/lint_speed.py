"""Speed of `okrcoach lint` against the linters people already run, measured honestly.

Usage:
    python bench/lint_speed.py                     # everything
    python bench/lint_speed.py --runs 15           # more cold runs per size
    python bench/lint_speed.py --only cold         # cold, throughput or draft
    python bench/lint_speed.py --only cold --formats yaml,md,csv   # also the same sets as Markdown and CSV
    python bench/lint_speed.py --json figures.json # also write the figures as JSON

Cold: every run is a fresh process with an empty cache folder (XDG_CACHE_HOME), so nothing parsed
by an earlier run helps; the figure is the CPU time (user + system) of the whole process, from
`getrusage(RUSAGE_CHILDREN)`, steadier than wall time on a shared machine. okrcoach, yamllint and
proselint run interleaved (one of each per round) on the same file, so load on the machine hits
all three alike; the ratio is okrcoach's median over the peer's median from the same run.
`--formats md,csv` lints the same sets written as a Markdown page (`## Objective n: …` headings,
`- KRn: …` items) and a spreadsheet export (one row per key result); yamllint, which reads only
YAML, is then timed on the set's YAML file, proselint on the file itself.

Throughput: key results judged per CPU second in this process with the whole catalogue (loaded as
`okrcoach lint` loads it: the pre-built rubric with its stored regex programs), per language,
after one warm-up set per language (patterns compiled), on three kinds of text: the
generated sets below (`generated`), the 715 real key results of ../shared/data (`real`, read at
run time, each in its own set with its objective, as bench/real_corpus.py lints them; skipped when
absent) and the labelled sets of tests/data (`labelled`, each item in its set as
bench/rubric_accuracy.py builds it). Real and labelled texts are judged in several passes to give
the clock enough work; nothing is cached between key results, so a pass costs what the first did.

Bytecode: an installed okrcoach (and yamllint, proselint) runs from compiled bytecode, so the
bench compiles the package it measures first; without that a machine with PYTHONDONTWRITEBYTECODE
set would time Python compiling okrcoach's source on every run.

Before and after: `--baseline-src DIR` (the `src` folder of another checkout, e.g. from
`git archive <commit>`) adds that okrcoach to the same interleaved cold runs, and measures its
throughput and draft overhead in child processes, so both are measured on the same load. With a
baseline, throughput is measured in `--rounds` child processes per checkout, alternating, and each
figure is the median of its rounds: on a shared machine the load drifts by more than a small
change gains.

Draft overhead: the CPU and wall time of `okrcoach draft` replaying a real llama-server answer
(tests/cassettes) from a local fake server that answers at once: everything besides the model.
A run counts only when it consumed every recorded reply and wrote the draft. Interleaved with it
(and with the baseline) run bare imports of what a draft needs from openai and instructor, in a
plain interpreter, and the same loaded the way a draft loads them: the floor under okrcoach's own
work (what the draft costs above that last one is okrcoach's).

Targets (issue 17): cold CPU ≤ 1.5× yamllint at 50 key results and ≤ 1.0× at 5,000; ≥ 30,000
key results/s in every language; draft overhead ≤ 1.0 s. The bench prints figures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPO.parent / "shared" / "data" / "real-okrs-dev.jsonl"
LABELLED = REPO / "tests" / "data" / "labelled"

TEMPLATES = {
    "en": [
        "Raise {metric} from {a}% to {b}%",
        "Grow {metric} by {a}%",
        "Analyse {thing} with the {team} team",
        "Publish {a} {things}",
        "Maintain {metric} above {b}%",
        "Launch the new {thing}",
        "Win {a} new customers in the {region}",
        "Reduce {metric} to {a} by the end of Q2",
        "Customer satisfaction",
        "Every month at least {b}% {metric}",
    ],
    "da": [
        "Øg {metric} fra {a} % til {b} %",
        "Afhold en workshop om {thing}",
        "Vind {a} nye kunder i {region}",
        "Fasthold {metric} over {b} %",
        "Lancér den nye {thing}",
        "Reducer {metric} til {a} inden udgangen af Q2",
    ],
    "sv": [
        "Öka {metric} från {a} % till {b} %",
        "Genomför en workshop om {thing}",
        "Vinn {a} nya kunder i {region}",
        "Behåll {metric} över {b} %",
        "Lansera den nya {thing}",
        "Minska {metric} till {a} före slutet av Q2",
    ],
    "de": [
        "{metric} von {a} % auf {b} % steigern",
        "Wir erstellen ein Konzept für {thing}",
        "Wir gewinnen {a} Neukunden in {region}",
        "In jedem Monat mindestens {b} % {metric}",
        "Die neue {thing} einführen",
        "{metric} bis Ende Q2 auf {a} senken",
    ],
    "fi": [
        "Nostetaan {metric} {a} %:sta {b} %:iin",
        "Järjestetään työpaja aiheesta {thing}",
        "Hankitaan {a} uutta asiakasta alueelta {region}",
        "Pidetään {metric} yli {b} %:n",
        "Julkaistaan uusi {thing}",
        "Lasketaan {metric} {a}:een Q2:n loppuun mennessä",
    ],
    "hu": [
        "A {metric} növelése {a}%-ról {b}%-ra",
        "Workshop szervezése a {thing} témájában",
        "{a} új ügyfél szerzése a {region} régióban",
        "A {metric} megtartása {b}% felett",
        "Az új {thing} bevezetése",
        "A {metric} csökkentése {a}-ra a Q2 végéig",
    ],
}
WORDS = {
    "metric": ["trial conversion", "churn", "NPS", "activation", "win rate", "gross margin", "first response time"],
    "thing": ["pricing page", "onboarding flow", "partner portal", "data platform", "help centre"],
    "things": ["blog posts", "webinars", "case studies", "releases"],
    "team": ["sales", "support", "product"],
    "region": ["Nordics", "DACH", "Jutland", "Budapest"],
}


def make_set_data(language: str, objectives: int, per_objective: int, rng: random.Random) -> dict:
    """One OKR set as plain data (what a YAML file holds), in one language."""
    items = []
    for o in range(objectives):
        krs = []
        for _ in range(per_objective):
            template = rng.choice(TEMPLATES[language])
            values = {k: rng.choice(v) for k, v in WORDS.items()}
            krs.append(template.format(a=rng.randint(2, 60), b=rng.randint(61, 99), **values))
        items.append({"title": f"Objective {o} for the {rng.choice(WORDS['team'])} team", "key_results": krs})
    return {"period": "2027-Q1", "language": language, "objectives": items}


def write_yaml(data: dict, path: Path) -> None:
    """A plain block-style YAML file, as a person would write it (no okrcoach writer involved)."""
    lines = [f"period: {data['period']}", f"language: {data['language']}", "objectives:"]
    for objective in data["objectives"]:
        lines.append(f"  - title: {json.dumps(objective['title'], ensure_ascii=False)}")
        lines.append("    key_results:")
        lines.extend(f"      - {json.dumps(kr, ensure_ascii=False)}" for kr in objective["key_results"])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_markdown(data: dict, path: Path) -> None:
    """The set as a Markdown page: front matter, a heading per objective, a labelled item per key result."""
    lines = ["---", f"period: {data['period']}", f"language: {data['language']}", "---", "# OKRs", ""]
    for number, objective in enumerate(data["objectives"], 1):
        lines += [f"## Objective {number}: {objective['title']}", ""]
        lines += [f"- KR{k}: {kr}" for k, kr in enumerate(objective["key_results"], 1)]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_csv(data: dict, path: Path) -> None:
    """The set as a spreadsheet export: one row per key result under its objective's title."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Objective", "Key result"])
    for objective in data["objectives"]:
        writer.writerows([objective["title"], kr] for kr in objective["key_results"])
    path.write_text(buffer.getvalue(), encoding="utf-8")


WRITERS = {"yaml": write_yaml, "md": write_markdown, "csv": write_csv}


def _tool(name: str) -> Optional[str]:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else shutil.which(name)


def _cpu_of(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, done.returncode


def compile_package(src: Optional[Path]) -> None:
    """Compile okrcoach's modules to bytecode, as installing a wheel does."""
    import compileall

    if src is None:
        import okrcoach

        src = Path(okrcoach.__file__).resolve().parents[1]
    compileall.compile_dir(str(src / "okrcoach"), quiet=1)


# The baseline runs as its own console script would: `okrcoach.cli.console` where it has one
# (it may end a lint without the interpreter's teardown), else `main`; the entry-point wrapper's
# own import (`re`) is made first, as pip's wrapper makes it.
_BASELINE = "import re, sys; sys.path.insert(0, {src!r}); import okrcoach.cli as cli; sys.argv[0] = 'okrcoach'; console = getattr(cli, 'console', None); sys.exit(console() if console else cli.main())"


def _okrcoach(baseline: Optional[Path]) -> list[str]:
    """The command that runs okrcoach: this checkout's console script as installed, or the
    baseline source tree's, started as its console script starts it."""
    if baseline is None:
        return [_tool("okrcoach") or "okrcoach"]
    return [sys.executable, "-c", _BASELINE.format(src=str(baseline))]


def cold(runs: int, krs: int, folder: Path, baseline: Optional[Path] = None, fmt: str = "yaml") -> dict:
    """Interleaved cold runs of okrcoach, yamllint and proselint on one file of `krs` key results."""
    per = 5 if krs >= 50 else krs
    data = make_set_data("en", max(1, krs // per), per, random.Random(krs))
    twin = folder / f"bench-{krs}.okr.yaml"
    write_yaml(data, twin)
    path = folder / f"bench-{krs}.okr.{fmt}"
    WRITERS[fmt](data, path)
    commands = {"okrcoach": [*_okrcoach(None), "lint", "--isolated", str(path)]}
    if baseline is not None:
        commands["baseline"] = [*_okrcoach(baseline), "lint", "--isolated", str(path)]
    if _tool("yamllint"):
        commands["yamllint"] = [_tool("yamllint"), "-d", "relaxed", str(twin)]
    if _tool("proselint"):
        commands["proselint"] = [_tool("proselint"), "check", str(path)]
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": home, "XDG_CONFIG_HOME": home, "OKRCOACH_STATE_DIR": home}
                env.pop("OKRCOACH_NO_CACHE", None)
                used, took, code = _cpu_of(command, env)
            if name in ("okrcoach", "baseline") and code not in (0, 1):
                raise SystemExit(f"okrcoach lint failed ({code}) on {path}")
            cpu[name].append(used)
            wall[name].append(took)
    return {name: {"cpu_median": statistics.median(cpu[name]), "cpu_best": min(cpu[name]), "wall_median": statistics.median(wall[name])} for name in commands}


def _linter():
    """A linter with the bundled rubric loaded as `okrcoach lint` loads it: pre-built, with the
    stored programs of its patterns (built on the first run of a checkout, before any timing)."""
    from okrcoach.rubric import Linter
    from okrcoach.rubric.cache import load_cached_rubric

    return Linter(load_cached_rubric())


def throughput(total_per_language: int) -> dict[str, float]:
    """Key results per CPU second, in process, per language, with the whole catalogue."""
    from okrcoach.formats import read_text

    linter = _linter()
    rates = {}
    for language in TEMPLATES:
        rng = random.Random(len(language) * 7 + ord(language[0]))
        sets = []
        with tempfile.TemporaryDirectory() as folder:
            for index in range(total_per_language // 20):
                path = Path(folder) / f"{language}-{index}.okr.yaml"
                write_yaml(make_set_data(language, 5, 4, rng), path)
                sets.append(read_text(path.read_text(encoding="utf-8"), str(path), "yaml").okr_set)
        linter.lint(sets[0], "warm-up")
        start = time.process_time()
        for okr_set in sets:
            linter.lint(okr_set, "bench")
        elapsed = time.process_time() - start
        rates[language] = sum(s.key_result_count() for s in sets) / elapsed
    return rates


def _rates_of(sets_by_language: dict, passes: int) -> dict[str, float]:
    """Key results per CPU second for each language's sets, after one warm-up set."""
    linter = _linter()
    rates = {}
    for language, sets in sets_by_language.items():
        linter.lint(sets[0], "warm-up")
        start = time.process_time()
        for _ in range(passes):
            for okr_set in sets:
                linter.lint(okr_set, "bench")
        elapsed = time.process_time() - start
        rates[language] = passes * sum(s.key_result_count() for s in sets) / elapsed
    return rates


def real_sets() -> dict:
    """The real key results (../shared/data) by language, each in a set with its objective; {}
    when the corpus is not there."""
    from okrcoach.model import KeyResult, Objective, OkrSet

    if not REAL_CORPUS.is_file():
        return {}
    by_language: dict = {}
    for line in REAL_CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            objective = Objective(title=row.get("objective") or "", key_results=[KeyResult(text=row["key_result"])])
            by_language.setdefault(row["lang"], []).append(OkrSet(language=row["lang"], objectives=[objective]))
    return by_language


def labelled_sets() -> dict:
    """The labelled sets (tests/data/labelled) by language, each item in its own set."""
    import yaml

    from okrcoach.model import KeyResult, Objective, OkrSet

    fields = ("baseline", "target", "unit", "deadline", "guardrail", "direction", "metric")
    by_language: dict = {}
    for path in sorted(LABELLED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["items"] if isinstance(data, dict) else data:
            kr = KeyResult(text=item["kr"], **{k: item[k] for k in fields if k in item})
            objective = Objective(title=item.get("objective") or "", kind=item.get("objective_kind"), key_results=[kr])
            by_language.setdefault(path.stem, []).append(OkrSet(language=path.stem, period=item.get("period"), objectives=[objective]))
    return by_language


def throughput_all(total_per_language: int) -> dict[str, dict[str, float]]:
    """Throughput on generated, real and labelled key results, per language."""
    figures = {"generated": throughput(total_per_language)}
    real = real_sets()
    if real:
        figures["real"] = _rates_of(real, 3)
    figures["labelled"] = _rates_of(labelled_sets(), 10)
    return figures


def _throughput_of(src: Path, krs: int) -> dict[str, dict[str, float]]:
    """The throughput of the okrcoach in `src`, measured in a child process."""
    code = f"import sys, json; sys.path.insert(0, {str(src)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r}); import lint_speed; print(json.dumps(lint_speed.throughput_all({krs})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# The floor under the draft overhead: what the libraries cost a bare interpreter. `instructor` and
# `openai` as a draft uses them: the package, its chat resource (importing any resource plainly
# imports every resource) and instructor's OpenAI provider, with a client; plainly, and loaded the
# way a draft loads them (`okrcoach.drafting.client.load_libraries`: collector paused then frozen,
# the parts of openai no request uses left out), which imports okrcoach's settings module besides.
DRAFT_PEERS = {
    "import openai": "import openai",
    "openai+instructor client": "import openai, instructor; instructor.from_openai(openai.AsyncOpenAI(api_key='x', base_url='http://127.0.0.1:9/v1'))",
    "the same, loaded as okrcoach": (
        "from okrcoach.drafting.client import load_libraries; load_libraries(); import openai, instructor; instructor.from_openai(openai.AsyncOpenAI(api_key='x', base_url='http://127.0.0.1:9/v1'))"
    ),
}


def draft_overhead(runs: int, baseline: Optional[Path] = None) -> Optional[dict]:
    """CPU and wall time of `okrcoach draft` against a fake server replaying a real answer,
    interleaved (one run of each per round) with the baseline's and with bare imports of the
    libraries (`DRAFT_PEERS`), so load on the machine hits them alike."""
    sys.path.insert(0, str(REPO))
    try:
        from tests.fakes.openai_server import FakeOpenAI
        from tests.fakes.recorder import Cassette, models_reply, replies
    except ImportError:
        return None
    cassette = Cassette.load(REPO / "tests" / "cassettes" / "llama-server-smollm2-draft-plain.json.gz")
    sources = {"okrcoach": None, **({"baseline": baseline} if baseline is not None else {})}
    names = [*sources, *DRAFT_PEERS]
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(runs):
        for name, source in sources.items():
            with FakeOpenAI() as server, tempfile.TemporaryDirectory() as home:
                answers = replies(cassette)
                server.script(*answers)
                server.models_reply = models_reply(cassette)
                env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OKRCOACH_", "AZURE_"))}
                env.update({"NO_COLOR": "1", "XDG_CACHE_HOME": home, "XDG_CONFIG_HOME": home, "OKRCOACH_STATE_DIR": home})
                env.update({"OKRCOACH_BASE_URL": server.base_url, "OKRCOACH_MODEL": cassette.model, "OKRCOACH_TIMEOUT": "30", "OKRCOACH_RETRIES": "0", **cassette.env})
                command = [*_okrcoach(source), *cassette.command]
                command = [c if c != "out.okr.yaml" else str(Path(home) / "out.okr.yaml") for c in command]
                used, took, code = _cpu_of(command, env)
                # Exit 1 is both "findings remain" (as recorded) and an uncaught error: the replies
                # consumed and the file written tell a finished draft from a crash.
                written = Path(home) / "out.okr.yaml"
                if code != cassette.exit_code or len(server.chat_requests) != len(answers) or not written.is_file():
                    raise SystemExit(
                        f"{name}: okrcoach draft ended {code} after {len(server.chat_requests)} request(s), recorded {cassette.exit_code} after {len(answers)}; wrote the draft: {written.is_file()}"
                    )
            cpu[name].append(used)
            wall[name].append(took)
        for name, code in DRAFT_PEERS.items():
            used, took, status = _cpu_of([sys.executable, "-c", code], dict(os.environ))
            if status != 0:
                raise SystemExit(f"{name} failed ({status})")
            cpu[name].append(used)
            wall[name].append(took)
    return {name: {"cpu_median": statistics.median(cpu[name]), "cpu_best": min(cpu[name]), "wall_median": statistics.median(wall[name])} for name in names}


def _print_cold(result: dict, size: int, fmt: str, runs: int) -> None:
    ours = result["okrcoach"]["cpu_median"]
    label = {"yaml": "YAML", "md": "Markdown", "csv": "CSV"}[fmt]
    print(f"cold lint, {size:,} key results ({label}), CPU median of {runs} interleaved runs, empty cache:")
    for name, row in result.items():
        ratio = "" if name == "okrcoach" else f"   okrcoach/{name} = {ours / row['cpu_median']:.2f}×"
        peer = " (on the YAML twin)" if name == "yamllint" and fmt != "yaml" else ""
        print(f"  {name:<10} {row['cpu_median'] * 1000:7.0f} ms CPU (best {row['cpu_best'] * 1000:.0f}, wall {row['wall_median'] * 1000:.0f}){ratio}{peer}")
    target = 1.5 if size <= 500 else 1.0
    if "yamllint" in result:
        print(f"  target: ≤ {target:.1f}× yamllint")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="cold runs per size and tool (default 9)")
    parser.add_argument("--sizes", default="50,5000", help="key results per cold file (default 50,5000)")
    parser.add_argument("--formats", default="yaml", help="file formats for the cold runs: yaml, md, csv (default yaml)")
    parser.add_argument("--krs", type=int, default=4000, help="key results per language for throughput (default 4000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating throughput rounds per checkout with --baseline-src (default 3)")
    parser.add_argument("--only", choices=("cold", "throughput", "draft"))
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--baseline-src", metavar="DIR", type=Path, help="the src folder of another okrcoach checkout to measure beside this one")
    args = parser.parse_args()
    baseline = args.baseline_src.resolve() if args.baseline_src else None
    compile_package(None)
    if baseline is not None:
        compile_package(baseline)
    figures: dict = {}
    if args.only in (None, "cold"):
        with tempfile.TemporaryDirectory() as folder:
            for fmt in args.formats.split(","):
                for size in (int(s) for s in args.sizes.split(",")):
                    runs = args.runs if size <= 500 else max(3, args.runs // 3)
                    result = figures[f"cold_{size}" if fmt == "yaml" else f"cold_{size}_{fmt}"] = cold(runs, size, Path(folder), baseline, fmt)
                    _print_cold(result, size, fmt, runs)
    if args.only in (None, "throughput"):
        rounds_note = f", median of {max(1, args.rounds)} alternating rounds" if baseline is not None else ""
        print(
            f"in-process throughput, whole catalogue, CPU time{rounds_note} (target ≥ 30,000/s each); generated: {args.krs:,} key results per language, real: ../shared/data, labelled: tests/data/labelled:"
        )
        measured = {}
        if baseline is None:
            measured["okrcoach"] = throughput_all(args.krs)
        else:
            ours = Path(__file__).resolve().parents[1] / "src"
            rounds: dict[str, list[dict]] = {"okrcoach": [], "baseline": []}
            for _ in range(max(1, args.rounds)):
                for label, source in (("okrcoach", ours), ("baseline", baseline)):
                    rounds[label].append(_throughput_of(source, args.krs))
            for label, runs in rounds.items():
                measured[label] = {kind: {lang: statistics.median(run[kind][lang] for run in runs) for lang in runs[0][kind]} for kind in runs[0]}
        for label, kinds in measured.items():
            figures[f"throughput_{label}"] = kinds
        for kind in measured["okrcoach"]:
            for label, kinds in measured.items():
                rates = kinds.get(kind) or {}
                if rates:
                    print(f"  {kind:<9} {label:<9} " + "  ".join(f"{lang} {rate:,.0f}/s" for lang, rate in rates.items()) + f"   lowest {min(rates.values()):,.0f}/s")
    if args.only in (None, "draft"):
        runs = max(3, args.runs // 3)
        result = draft_overhead(runs, baseline)
        if result is None:
            print("draft overhead: tests/fakes not importable; run from a source checkout")
        else:
            print(f"draft overhead: okrcoach draft replaying a real llama-server answer from a local fake, median of {runs} interleaved runs (target ≤ 1.0 s):")
            for name, row in result.items():
                figures[f"draft_{name}"] = row
                ratio = "" if name == "okrcoach" else f"   okrcoach/{name} = {result['okrcoach']['cpu_median'] / row['cpu_median']:.2f}×"
                print(f"  {name:<28} CPU {row['cpu_median']:.2f} s (best {row['cpu_best']:.2f}), wall {row['wall_median']:.2f} s{ratio}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
