"""Where okrcoach finds its bundled data (`rubrics/`, `prompts/`)."""

from __future__ import annotations

from pathlib import Path


def bundled_dir(name: str) -> Path:
    """The bundled `rubrics` or `prompts` folder: inside the installed package, else the repo root.

    A wheel carries them as `okrcoach/<name>`; a source checkout (editable install) keeps them at
    the repository's top level.
    """
    packaged = Path(__file__).resolve().parent / name
    if packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[2] / name
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"okrcoach's {name}/ folder is missing from the installation; reinstall okrcoach")
