"""`okrcoach init`: a starter OKR file in the user's language, for a team and a period.

The starters are data (`starters/<language>.okr.yaml.j2`, Jinja with StrictUndefined), one per
language. Their placeholders are the ones the rubric knows (`<baseline>`, `<target>` in each
language's own words), so linting a fresh starter explains what to fill in. `init` never
overwrites a file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

from okrcoach.i18n import SaidError, msg

STARTERS = Path(__file__).resolve().parent / "starters"


class StarterError(SaidError):
    """The starter cannot be written (the file exists, or an option is invalid); the message is a
    catalogue text, said in the command line's language."""


def next_quarter(today: Optional[date] = None) -> str:
    """The quarter after the one `today` is in, as `2027-Q1` (OKRs are drafted ahead)."""
    today = today or date.today()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)
    return f"{year}-Q{quarter}"


def starter_languages() -> tuple[str, ...]:
    return tuple(sorted(p.name.split(".", 1)[0] for p in STARTERS.glob("*.okr.yaml.j2")))


def starter_text(language: str = "en", period: Optional[str] = None, team: Optional[str] = None, file: str = "okrs.okr.yaml") -> str:
    """The starter's YAML text."""
    from jinja2 import Environment, StrictUndefined

    from okrcoach.language_data import placeholders
    from okrcoach.model import parse_period

    template_path = STARTERS / f"{language}.okr.yaml.j2"
    if not template_path.is_file():
        raise StarterError(msg("cli.unknown-language", language=language, choices=", ".join(starter_languages())))
    period = period or next_quarter()
    try:
        parse_period(period)
    except ValueError as exc:
        from okrcoach.model import PeriodError

        reversed_ = isinstance(exc, PeriodError) and exc.reversed
        raise StarterError(msg("phrases.period-reversed" if reversed_ else "phrases.period-unknown", period=repr(period))) from exc
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    template = environment.from_string(template_path.read_text(encoding="utf-8"))
    words = placeholders(language)
    baseline, target = words["baseline"], words["target"]
    team_text = team or "<team>"
    return template.render(team=team_text, team_text=team_text, period=period, baseline=baseline, target=target, file=file)


def default_file(team: Optional[str]) -> str:
    """`<team>.okr.yaml` from the team name (letters, digits and dashes), else `okrs.okr.yaml`."""
    import re

    slug = re.sub(r"[^\w]+", "-", (team or "").strip().lower(), flags=re.UNICODE).strip("-")
    return f"{slug}.okr.yaml" if slug else "okrs.okr.yaml"


def write_starter(path: Path, text: str) -> None:
    """Write the starter, refusing to overwrite anything (even a file created a moment ago)."""
    path.parent.mkdir(parents=True, exist_ok=True) if str(path.parent) not in ("", ".") else None
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise StarterError(msg("cli.init-exists", path=str(path))) from None
