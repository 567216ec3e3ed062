"""Wheel build hook: ship the bundled rubric pre-built (`rubrics/prebuilt.pickle`).

A fresh `okrcoach lint` then loads the parsed rules and lexicons in a few milliseconds instead of
parsing ~60 YAML files (see `okrcoach.rubric.prebuilt`). The rubric is built in a child process
from this source tree, so the build tool's own imports stay untouched; if that fails (a build
environment without the runtime dependencies), the wheel is built without the file and
okrcoach parses the rubric on first use, as a source checkout does. The same child then lints the
examples and stores the dataclass methods that compiled (`okrcoach.dataclass_code`), so a
fresh lint runs them without compiling their text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_BUILD = """
import sys
import okrcoach.cli.lint, okrcoach.config, okrcoach.formats, okrcoach.linting, okrcoach.renderers.findings
from okrcoach import regex_code
from okrcoach.paths import bundled_dir
from okrcoach.rubric import load_rubric, prebuilt
imported = regex_code.compiled_patterns()  # what `okrcoach lint` compiles as it imports: the seed
folder = bundled_dir("rubrics")
if prebuilt.dump(load_rubric(folder), folder, seed=imported) is None:
    sys.exit("cannot write " + str(folder / prebuilt.FILE_NAME))
# The dataclass methods a lint compiles (okrcoach.dataclass_code, installed by importing
# okrcoach.cli): lint the examples, as a user's first lint would, and store what was compiled.
import contextlib, io, pathlib
from okrcoach import dataclass_code
from okrcoach.cli import main
examples = sorted(str(p) for p in pathlib.Path("examples").glob("*.okr.*"))
if examples:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["lint", "--isolated", *examples])
    dataclass_code.store(folder / dataclass_code.FILE_NAME)
"""


class PrebuiltRubricHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        env = {**os.environ, "PYTHONPATH": str(root / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
        done = subprocess.run([sys.executable, "-c", _BUILD], cwd=root, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            self.app.display_warning(f"okrcoach: rubric not pre-built ({done.stderr.strip().splitlines()[-1:] or done.returncode}); it is parsed on first use")
