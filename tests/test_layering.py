"""Layers point down only, front ends stay apart, and no module imports its way back to itself.

Every `import` in `src/okrcoach` is read with `ast`, including those inside functions and under
`TYPE_CHECKING`, so a lazy import cannot hide a wrong arrow. A new module must be given a layer in
`LAYERS` (CONTRIBUTING.md says which); an arrow from a lower layer to a higher one, a front end
importing the other, or an LLM/UI library imported outside the modules that own it fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "okrcoach"

# Module prefix → layer, lowest first. A module may import its own layer and the layers below it.
LAYERS: dict[str, int] = {
    # 0 foundation: no okrcoach imports beyond this layer (paths, the terminal guard, i18n texts,
    # the reading gate, atomic files, LLM settings).
    "okrcoach": 0,  # the package root: version only
    "okrcoach.paths": 0,
    "okrcoach.terminal": 0,
    "okrcoach.i18n": 0,
    "okrcoach.gate": 0,
    "okrcoach.files": 0,
    "okrcoach.ignore": 0,  # gitignore-style patterns
    "okrcoach.excerpt": 0,  # quotes of a user's text cut between words
    "okrcoach.regex_code": 0,  # stored regex programs (the pre-built rubric, the start-up seed)
    "okrcoach.dataclass_code": 0,  # stored code of dataclass methods (the command line's start)
    # 1 the model and the value parsing it rests on.
    "okrcoach.model": 1,
    "okrcoach.language_data": 1,
    "okrcoach.values": 1,
    "okrcoach.field_values": 1,
    # 2 reading and writing files; judging them.
    "okrcoach.formats": 2,
    "okrcoach.rubric": 2,
    # 3 use cases both front ends share.
    "okrcoach.config": 3,
    "okrcoach.settings": 3,  # the LLM section of the one config (okrcoach.config)
    "okrcoach.discovery": 3,
    "okrcoach.starter": 3,
    "okrcoach.schema_export": 3,
    "okrcoach.linting": 3,
    "okrcoach.set_language": 3,  # a set's declared or detected language, for words written about it
    "okrcoach.alignment": 3,
    "okrcoach.progress": 3,
    "okrcoach.checkin": 3,
    "okrcoach.documents": 3,
    "okrcoach.document": 3,
    "okrcoach.recovery": 3,
    "okrcoach.workspace": 3,
    # 4 drafting with an LLM, and workshop material.
    "okrcoach.drafting": 4,
    "okrcoach.workshop": 4,
    # 5 renderers: findings and progress as text and machine formats.
    "okrcoach.renderers": 5,
    # 6 front ends.
    "okrcoach.cli": 6,
    "okrcoach.__main__": 6,
    "okrcoach.tui": 6,
}
LAYER_NAMES = ("foundation", "model", "formats/rubric", "use cases", "drafting/workshop", "renderers", "front ends")
FRONT_ENDS = ("okrcoach.cli", "okrcoach.tui")
# The one arrow between front ends: the `okrcoach tui`, `review` and `serve` commands start the TUI.
LAUNCHERS = {("okrcoach.cli.tui", "okrcoach.tui")}

# Third-party libraries only some modules may import (prefix of the importing module).
OWNED_LIBRARIES: dict[str, tuple[str, ...]] = {
    "openai": ("okrcoach.drafting",),
    "instructor": ("okrcoach.drafting",),
    "textual": ("okrcoach.tui", "okrcoach.terminal"),  # terminal: guard_rich_rendering, called by the TUI
    "textual_serve": ("okrcoach.tui",),
    "rich": ("okrcoach.tui", "okrcoach.terminal"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str:
    """The okrcoach module an import names: itself, or the package an attribute lives in."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imports(module: str) -> list[tuple[int, str]]:
    """(line, imported name) of every import in a module: okrcoach modules resolved, others top-level."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from package import submodule` imports the submodule.
            submodules = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]
            found += [(node.lineno, name) for name in submodules] or [(node.lineno, target)]
    return [(line, _resolve(name) if name.startswith("okrcoach") else name) for line, name in found]


def _layer(module: str) -> tuple[str, int]:
    prefix = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    assert prefix is not None, f"{module} has no layer: add it to LAYERS in tests/test_layering.py"
    return prefix, LAYERS[prefix]


def _front_end(module: str) -> str | None:
    return next((f for f in FRONT_ENDS if module == f or module.startswith(f + ".")), None)


def _graph() -> dict[str, set[str]]:
    return {m: {name for _, name in _imports(m) if name in MODULES and name != m} for m in MODULES}


def test_every_module_has_a_layer():
    missing = [m for m in MODULES if not any(m == p or m.startswith(p + ".") for p in LAYERS)]
    assert not missing, f"give these modules a layer in LAYERS: {missing}"


def _wrong_arrows(module: str) -> list[str]:
    """Each import of `module` that points up a layer or from one front end into the other."""
    _, level = _layer(module)
    wrong = []
    for line, name in _imports(module):
        if not name.startswith("okrcoach") or name == module:
            continue
        _, target = _layer(name)
        where = f"{MODULES[module]}:{line}: {module} imports {name}"
        if target > level:
            wrong.append(f"{where} ({LAYER_NAMES[level]} → {LAYER_NAMES[target]}: up)")
        mine, theirs = _front_end(module), _front_end(name)
        if mine and theirs and mine != theirs and (module, theirs) not in LAUNCHERS:
            wrong.append(f"{where} (one front end imports the other)")
    return wrong


def test_imports_point_down_and_front_ends_stay_apart():
    wrong = [problem for module in MODULES for problem in _wrong_arrows(module)]
    assert not wrong, "\n".join(wrong)


def test_owned_libraries_are_imported_only_by_their_owners():
    wrong = []
    for module in MODULES:
        for line, name in _imports(module):
            library = name.split(".")[0]
            owners = OWNED_LIBRARIES.get(library)
            if owners and not any(module == o or module.startswith(o + ".") for o in owners):
                wrong.append(f"{MODULES[module].relative_to(SRC.parent)}:{line}: {module} imports {name} (only {', '.join(owners)} may)")
    assert not wrong, "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_between_modules():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (lazy imports included):\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_no_import_cycles_between_packages():
    def top(module: str) -> str:
        return ".".join(module.split(".")[:2])

    packages: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        if module == "okrcoach":
            continue
        packages.setdefault(top(module), set()).update(top(t) for t in targets if top(t) not in (top(module), "okrcoach"))
    cycles = _cycles(packages)
    assert not cycles, "import cycles between packages:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("okrcoach.model", "def f():\n    from okrcoach.cli.common import say\n", "okrcoach.model imports okrcoach.cli.common"),
        ("okrcoach.rubric.engine", "from okrcoach import linting\n", "okrcoach.rubric.engine imports okrcoach.linting"),
        ("okrcoach.tui.app", "import okrcoach.cli.progress as p\n", "one front end imports the other"),
        ("okrcoach.linting", "if TYPE_CHECKING:\n    from okrcoach.renderers.findings import to_text\n", "use cases → renderers"),
    ],
)
def test_the_checker_catches_a_wrong_arrow(tmp_path, monkeypatch, module, source, expected):
    """The checker is worth something only if it sees the lazy, aliased and type-only imports that
    slipped past the old name-based test."""
    fake = tmp_path / "fake.py"
    fake.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, module, fake)
    assert any(expected in problem for problem in _wrong_arrows(module)), _wrong_arrows(module)


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
