"""Field keys okrcoach writes into a Markdown file are in the file's language, and read back.

A Danish file gets `- udgangspunkt: 5`, not `- baseline: 5`; the words are the lexicons' own
(`reader.fields`), so each language's keys are data. Every key is written, saved and read back as
the same field in all six languages, with and without a declared `language:`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrcoach.checkin import record_checkin
from okrcoach.document import OkrDocument
from okrcoach.formats import read_bytes
from okrcoach.formats.vocabulary import field_name
from okrcoach.model import Checkin

# A file in each language: an objective heading and a key result, in the language's own words.
FILES = {
    "en": "# Sales\n\n## Objective 1: Win more customers in the Nordics\n\n- KR1: Raise the conversion rate from 2.1 % to 3.2 % by the end of the quarter\n",
    "da": "# Salg\n\n## Mål 1: Vind flere kunder i Norden\n\n- KR1: Øg konverteringsraten fra 2,1 % til 3,2 % inden udgangen af kvartalet\n",
    "sv": "# Försäljning\n\n## Mål 1: Vinn fler kunder i Norden\n\n- KR1: Öka konverteringsgraden från 2,1 % till 3,2 % före kvartalets slut\n",
    "de": "# Vertrieb\n\n## Ziel 1: Mehr Kunden im Norden gewinnen\n\n- KR1: Die Konversionsrate bis zum Ende des Quartals von 2,1 % auf 3,2 % steigern\n",
    "fi": "# Myynti\n\n## Tavoite 1: Voitamme lisää asiakkaita Pohjoismaista\n\n- KR1: Nostetaan konversioaste 2,1 %:sta 3,2 %:iin neljänneksen loppuun mennessä\n",
    "hu": "# Értékesítés\n\n## 1. célkitűzés: Több ügyfelet nyerünk az északi országokban\n\n- KR1: A konverziós arányt a negyedév végéig 2,1%-ról 3,2%-ra növeljük\n",
}
FIELDS = {"baseline": 2.1, "target": 3.2, "owner": "Mette", "unit": "%", "deadline": date(2027, 3, 31), "confidence": 7, "metric": "CRM"}


def _keys(text: str) -> list[str]:
    return [line.strip()[2:].split(":")[0] for line in text.splitlines() if line.startswith("  - ")]


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
@pytest.mark.parametrize("language", sorted(FILES))
def test_field_keys_are_written_in_the_files_language_and_read_back(tmp_path: Path, language: str, declared: bool):
    path = tmp_path / "okr.md"
    text = (f"---\nlanguage: {language}\n---\n" if declared else "") + FILES[language]
    path.write_text(text, encoding="utf-8")
    document, issues = OkrDocument.open(path)
    assert not issues
    for name, value in FIELDS.items():
        document.set_field((0, 0), name, value)
    document.set_field((0, None), "owner", "Anna")
    document.save()
    written = path.read_text(encoding="utf-8")
    keys = _keys(written)
    assert sorted(field_name(k) for k in keys) == sorted(FIELDS), keys
    if language != "en":
        english = set(FIELDS) - {"deadline"}  # Swedish writes `deadline` itself
        assert not english & set(keys), f"English keys in a {language} file: {keys}"
    again = read_bytes(written.encode("utf-8"), "okr.md")
    assert not again.issues
    objective = again.okr_set.objectives[0]
    kr = objective.key_results[0]
    assert (kr.baseline, kr.target, kr.owner, kr.unit, kr.deadline, kr.confidence, kr.metric) == tuple(FIELDS.values())
    assert objective.owner == "Anna"


def test_a_markdown_checkin_writes_the_current_key_in_the_files_language():
    text = "# Salg Q1 2027\n\n## Mål 1: Flere kunder\n\n- KR1: Øg konverteringsraten fra 1,8 % til 2,6 %\n  - udgangspunkt: 1,8\n  - målværdi: 2,6\n"
    recorded = record_checkin(text, "md", 0, 0, Checkin(date=date(2027, 1, 20), value=2.4))
    assert recorded.text.endswith("  - målværdi: 2,6\n  - aktuel: 2,4\n  - opfølgning: 2027-01-20 2,4\n")


def test_an_existing_local_key_is_edited_in_place_not_added_again(tmp_path: Path):
    path = tmp_path / "okr.md"
    path.write_text(FILES["da"] + "  - Udgangspunkt: 2,1\n  - Ansvarlig: Mette\n", encoding="utf-8")
    document, _ = OkrDocument.open(path)
    document.set_field((0, 0), "baseline", 1.9)
    document.set_field((0, 0), "target", 3.5)
    document.save()
    assert path.read_text(encoding="utf-8").endswith("  - Udgangspunkt: 1,9\n  - Ansvarlig: Mette\n  - Målværdi: 3,5\n")


def _new_file_set(language: str):
    """A set read from FILES[language] with every field of its key result and a check-in."""
    from okrcoach.formats import read_text

    okr_set = read_text(FILES[language], "okr.md", "md").okr_set
    kr = okr_set.objectives[0].key_results[0].model_copy(update={**FIELDS, "current": 2.4, "checkins": [Checkin(date=date(2027, 1, 20), value=2.4)]})
    objective = okr_set.objectives[0].model_copy(update={"owner": "Anna", "key_results": [kr]})
    return okr_set.model_copy(update={"objectives": [objective]})


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
@pytest.mark.parametrize("language", sorted(FILES))
def test_a_new_markdown_file_is_written_in_the_sets_language_and_reads_back_the_same(tmp_path: Path, language: str, declared: bool):
    """Save as .md (the TUI) and `draft -o x.md` write a new file: its keys are the set's language's,
    as an edit in place writes them, and it reads back to the same set."""
    okr_set = _new_file_set(language)
    if declared:
        okr_set = okr_set.model_copy(update={"language": language})
    source = tmp_path / "okr.yaml"
    from okrcoach.formats import write

    source.write_text(write(okr_set, "yaml"), encoding="utf-8")
    document, issues = OkrDocument.open(source)
    assert not issues
    target = tmp_path / "okr.md"
    document.save(target, "md")
    written = target.read_text(encoding="utf-8")
    keys = _keys(written)
    read_as = ["checkin" if field_name(k) in ("check_in", "checkin") else field_name(k) for k in keys]
    assert sorted(read_as) == sorted([*FIELDS, "current", "checkin"]), keys
    owner_label = next(line.split(":")[0] for line in written.splitlines() if line.endswith(": Anna"))
    if language != "en":
        english = set(FIELDS) - {"deadline"}  # Swedish writes `deadline` itself
        assert not (english | {"current", "checkin"}) & set(keys), f"English keys in a new {language} file:\n{written}"
        assert owner_label != "Owner", written
    else:
        assert "baseline" in keys and owner_label == "Owner"
    again = read_bytes(written.encode("utf-8"), "okr.md")
    assert not again.issues
    assert again.okr_set.model_dump() == document.okr_set.model_dump(), written


def test_a_new_file_in_another_format_keeps_its_contract_keys():
    """Only Markdown speaks the set's language: YAML, JSON and CSV keys are the format's contract."""
    from okrcoach.documents import new_text

    okr_set = _new_file_set("da").model_copy(update={"language": "da"})
    assert "baseline: 2.1" in new_text(okr_set, "yaml")
    assert '"baseline": 2.1' in new_text(okr_set, "json")
    assert "udgangspunkt: 2,1" in new_text(okr_set, "md")  # Markdown also writes the language's decimal comma
