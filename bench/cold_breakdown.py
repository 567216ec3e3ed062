"""Where the CPU time of one cold `okrcoach lint` goes, phase by phase.

Usage:
    python bench/cold_breakdown.py                 # the cold bench's 5,000 key-result file
    python bench/cold_breakdown.py --krs 50 --runs 5
    python bench/cold_breakdown.py FILE            # any file

Each run is a fresh process with an empty cache folder, as in `bench/lint_speed.py --only cold`,
that runs `okrcoach lint --isolated FILE` through the CLI with each phase's entry point timed
(CPU, `time.process_time`): interpreter start-up, the imports of the lint command, loading the
rubric, reading (libyaml's events, the unsafe-character walk, building the model), the file's
language, judging (facts and everything else), making the findings, rendering the report, and
the interpreter's exit (the process's CPU from outside, less what it measured inside; a lint
ends as the console script ends it, `okrcoach.cli.console`).

Judging is split after the cold run, in the same process: the set is judged again with the facts
objects the cold run made, kept with every fact they computed, so the second pass costs what
judging costs besides computing facts (rule conditions, quotes, hits, the per-text language
check); facts are the rest. That second pass is warm (its memory already allocated), so "rest"
leans low and "facts" high by a little. The figures are medians over the runs. Nothing is asserted.
"""

from __future__ import annotations

# The child process times its own start-up (`_child`): it imports only what pip's console-script
# wrapper imports before okrcoach (`re`, `sys`) and the clock; the parent's tools are imported in
# `main` and the functions it alone runs.
import os
import re  # noqa: F401 - imported by the console-script wrapper before okrcoach
import sys
import time

PHASES = (
    ("start-up", "interpreter start-up to the first okrcoach import"),
    ("imports", "okrcoach.cli and what `lint` imports"),
    ("rubric", "loading the pre-built rubric, building the linter"),
    ("read: parse", "libyaml events to located data"),
    ("read: text check", "the unsafe-character walk over the values"),
    ("read: build", "located data to the model"),
    ("language", "the file's language"),
    ("judging: facts", "computing facts"),
    ("judging: rest", "conditions, quotes, hits, per-text language"),
    ("findings", "waivers, findings from hits"),
    ("render", "message and fix texts, the text report"),
    ("other", "config, discovery, output, verdict"),
    ("exit", "interpreter exit"),
)


def _child(path: str, split: bool) -> None:
    """Run the lint command in this process with its phases timed; print the figures as JSON.
    With `split`, keep the facts objects and judge the set again with them (see the module doc)."""
    cpu = time.process_time
    started = cpu()  # the interpreter's start-up, up to here
    spent: dict[str, float] = {}

    def timed(owner, name: str, phase: str) -> None:
        function = getattr(owner, name)

        def wrapper(*args, **kwargs):
            begin = cpu()
            try:
                return function(*args, **kwargs)
            finally:
                spent[phase] = spent.get(phase, 0.0) + cpu() - begin

        setattr(owner, name, wrapper)

    import okrcoach.cli
    import okrcoach.cli.lint as lint_command
    import okrcoach.config
    import okrcoach.formats
    import okrcoach.linting
    import okrcoach.rubric

    imports = cpu() - started
    from okrcoach import formats, linting
    from okrcoach.formats import yaml_format
    from okrcoach.rubric import engine

    timed(lint_command, "load_rubric", "rubric")
    timed(engine.Linter, "__init__", "rubric")
    timed(yaml_format, "load_located", "read: parse")
    timed(formats, "check_texts", "read: text check")
    timed(formats.Builder, "okr_set", "read: build")
    timed(linting, "file_language", "language")
    timed(engine.Linter, "hits", "judging")
    timed(engine.Linter, "findings", "findings")
    timed(lint_command, "_render", "render")
    made: list = []
    if split:
        key_result_facts, objective_facts = engine.KeyResultFacts, engine.ObjectiveFacts
        engine.KeyResultFacts = lambda *args: made.append(key_result_facts(*args)) or made[-1]
        engine.ObjectiveFacts = lambda *args: made.append(objective_facts(*args)) or made[-1]
    linters: list = []
    original_init = engine.Linter.__init__

    def keep(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        linters.append(self)

    engine.Linter.__init__ = keep
    sys.argv = ["okrcoach", "lint", "--isolated", path]
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        stdout, sys.stdout = sys.stdout, nowhere
        begin = cpu()
        try:
            okrcoach.cli.main()
        finally:
            sys.stdout = stdout
        main = cpu() - begin
    total_inside = cpu()
    figures = {"start-up": started, "imports": imports, **spent, "main": main, "inside": total_inside}
    import json  # after the clock: the figures' own printing

    if not split:
        print(json.dumps(figures), flush=True)
        ends_at_once = getattr(lint_command, "ends_at_once", None)  # an older checkout has none
        if ends_at_once is not None and ends_at_once(["lint"]):
            os._exit(0)  # as the console script ends a lint (`okrcoach.cli.console`)
        return
    # Judging again with the facts the cold run computed: what judging costs besides the facts.
    import gc
    from pathlib import Path

    okr_set = formats.read_path(Path(path)).okr_set
    replay = iter(made)
    engine.KeyResultFacts = engine.ObjectiveFacts = lambda *args: next(replay)
    linter = linters[0]
    language = linter.language_of(okr_set)
    gc.disable()  # as the lint command judges
    begin = cpu()
    linter.hits(okr_set, language)
    figures["judging: rest"] = min(cpu() - begin, figures.get("judging", 0.0))
    print(json.dumps(figures))


def _child_figures(path: os.PathLike, split: bool) -> tuple[dict[str, float], float]:
    """The figures one fresh child process prints, and the CPU it used in all."""
    import json
    import resource
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": home, "XDG_CONFIG_HOME": home, "OKRCOACH_STATE_DIR": home}
        env.pop("OKRCOACH_NO_CACHE", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The child imports this module (from its cached bytecode, as the console script's wrapper
        # is small enough not to matter) rather than running it as a script compiled on each start.
        child = f"import sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); import cold_breakdown; cold_breakdown._child({os.fspath(path)!r}, {split!r})"
        command = [sys.executable, "-c", child]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return json.loads(done.stdout.strip().splitlines()[-1]), (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _run(path: os.PathLike) -> dict[str, float]:
    """The phases of one cold run, its exit (CPU outside less inside), and the judging split from
    a second run that keeps its facts objects (their upkeep would swell the first run's exit)."""
    figures, outside = _child_figures(path, split=False)
    figures["exit"] = max(0.0, outside - figures["inside"])
    figures["judging: rest"] = _child_figures(path, split=True)[0]["judging: rest"]
    for phase, _ in PHASES:
        figures.setdefault(phase, 0.0)
    return figures


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from pathlib import Path

    parser.add_argument("file", nargs="?", type=Path, help="the file to lint (default: the cold bench's file of --krs key results)")
    parser.add_argument("--krs", type=int, default=5000, help="key results in the generated file (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--split", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.split)
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import compileall
    import random
    import statistics
    import tempfile

    import lint_speed
    import okrcoach

    compileall.compile_dir(str(Path(okrcoach.__file__).resolve().parent), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        path = args.file
        if path is None:
            per = 5 if args.krs >= 50 else args.krs
            path = Path(folder) / f"bench-{args.krs}.okr.yaml"
            lint_speed.write_yaml(lint_speed.make_set_data("en", max(1, args.krs // per), per, random.Random(args.krs)), path)
        runs = [_run(path) for _ in range(args.runs)]
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    median["judging: facts"] = max(0.0, median["judging"] - median["judging: rest"])
    accounted = sum(median[key] for key in ("imports", "rubric", "read: parse", "read: text check", "read: build", "language", "judging", "findings", "render"))
    median["other"] = max(0.0, median["main"] + median["imports"] - accounted)
    total = median["inside"] + median["exit"]
    print(f"cold `okrcoach lint --isolated {path.name if args.file is None else path}`: CPU medians of {args.runs} fresh processes, {total * 1e3:.0f} ms in all")
    for phase, what in PHASES:
        print(f"  {phase:<17} {median[phase] * 1e3:7.1f} ms  {100 * median[phase] / total:5.1f} %  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
