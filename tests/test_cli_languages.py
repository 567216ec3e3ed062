"""`okrcoach lint` on a folder of files in one language speaks that language, every finding.

Each folder holds what a team keeps in the wild: a company set, a team set in YAML with typos,
waivers and a committed objective that missed, a Markdown plan, and a file that does not parse,
with no `language:` anywhere except where the file cannot be read without it. The findings cover
the structure, format, waiver, alignment and progress rules, and every message and fix must come
from that language's templates.
"""

from __future__ import annotations

import json
import textwrap
from types import SimpleNamespace

import pytest

from okrcoach.cli import main
from tests.rubric.test_messages import assert_speaks

TEXTS = {
    "en": dict(
        company="Grow revenue in the Nordics",
        win="Win the Danish market",
        team="Build the best sales team in the industry",
        reliable="Make deliveries boringly reliable",
        head="Objective",
        krs=[
            "Raise MRR from 10,000 to 14,000 euros",
            "Cut monthly churn from 3% to 2%",
            "Raise the win rate from 18% to 25%",
            "Raise NPS from 31 to 45",
            "Cut first response time from 8 to 2 hours",
            "Raise repeat orders from 120 to 156 a month",
        ],
        ontime="Raise on-time deliveries from 91% to 97%",
        reason="agreed with the CEO",
    ),
    "da": dict(
        company="Øg omsætningen i Norden",
        win="Vind det danske marked",
        team="Byg branchens bedste salgsteam",
        reliable="Gør leveringerne kedeligt pålidelige",
        head="Mål",
        krs=[
            "Øg MRR fra 10.000 til 14.000 kr. om måneden",
            "Sænk den månedlige churn fra 3 % til 2 %",
            "Øg hitraten fra 18 % til 25 %",
            "Øg NPS fra 31 til 45 blandt vores kunder",
            "Sænk den første svartid fra 8 til 2 timer",
            "Øg genkøbene fra 120 til 156 om måneden",
        ],
        ontime="Øg andelen af rettidige leveringer fra 91 % til 97 %",
        reason="aftalt med direktøren",
    ),
    "sv": dict(
        company="Öka intäkterna i Norden",
        win="Vinn den danska marknaden",
        team="Bygg branschens bästa säljteam",
        reliable="Gör leveranserna tråkigt pålitliga",
        head="Mål",
        krs=[
            "Öka MRR från 10 000 till 14 000 kr per månad",
            "Minska det månatliga kundbortfallet från 3 % till 2 %",
            "Öka andelen vunna affärer från 18 % till 25 %",
            "Öka NPS från 31 till 45 för våra kunder",
            "Korta den första svarstiden från 8 till 2 timmar",
            "Öka återköpen från 120 till 156 per månad",
        ],
        ontime="Öka andelen leveranser i tid från 91 % till 97 %",
        reason="överenskommet med vd",
    ),
    "de": dict(
        company="Umsatz im Norden steigern",
        win="Den dänischen Markt gewinnen",
        team="Das beste Vertriebsteam der Branche aufbauen",
        reliable="Lieferungen langweilig zuverlässig machen",
        head="Ziel",
        krs=[
            "Den MRR von 10.000 auf 14.000 € pro Monat steigern",
            "Die monatliche Kündigungsquote von 3 % auf 2 % senken",
            "Die Abschlussquote von 18 % auf 25 % steigern",
            "Den NPS unserer Kunden von 31 auf 45 steigern",
            "Die erste Antwortzeit von 8 auf 2 Stunden senken",
            "Die Wiederkäufe von 120 auf 156 pro Monat steigern",
        ],
        ontime="Den Anteil pünktlicher Lieferungen von 91 % auf 97 % steigern",
        reason="mit der Geschäftsführung vereinbart",
    ),
    "fi": dict(
        company="Kasvatetaan liikevaihtoa Pohjoismaissa",
        win="Voitetaan Tanskan markkinat",
        team="Rakennetaan alan paras myyntitiimi",
        reliable="Toimituksista tulee tylsän luotettavia",
        head="Tavoite",
        krs=[
            "Nostetaan MRR 10 000 eurosta 14 000 euroon kuukaudessa",
            "Lasketaan kuukausittainen asiakaspoistuma 3 %:sta 2 %:iin",
            "Nostetaan voittoprosentti 18 %:sta 25 %:iin",
            "Nostetaan asiakkaidemme NPS 31:stä 45:een",
            "Lyhennetään ensimmäistä vastausaikaa 8 tunnista 2 tuntiin",
            "Kasvatetaan uusintaostoja 120:sta 156:een kuukaudessa",
        ],
        ontime="Nostetaan ajallaan perille menneiden toimitusten osuus 91 %:sta 97 %:iin",
        reason="sovittu toimitusjohtajan kanssa",
    ),
    "hu": dict(
        company="Növeljük a bevételt az északi országokban",
        win="Meghódítjuk a dán piacot",
        team="Felépítjük az iparág legjobb értékesítési csapatát",
        reliable="Unalmasan megbízható szállítás",
        head="Célkitűzés",
        krs=[
            "A havi MRR-t 10 ezerről 14 ezer euróra növeljük",
            "A havi lemorzsolódást 3%-ról 2%-ra csökkentjük",
            "A megnyert üzletek arányát 18%-ról 25%-ra növeljük",
            "Az ügyfeleink NPS-értékét 31-ről 45-re növeljük",
            "Az első válaszidőt 8 óráról 2 órára csökkentjük",
            "Az ismételt rendelések számát havi 120-ról 156-ra növeljük",
        ],
        ontime="A határidőre teljesített szállítások arányát 91%-ról 97%-ra növeljük",
        reason="a vezérigazgatóval egyeztetve",
    ),
}

EXPECTED = {"OKR002", "OKR003", "OKR004", "OKR302", "OKR303", "OKR401", "OKR403", "OKR410", "OKR900", "OKR901"}


def write_folder(root, t) -> None:
    krs = t["krs"]
    (root / "company.okr.yaml").write_text(f"team: Company\nperiod: 2027-Q1\nobjectives:\n  - title: {t['company']}\n    key_results:\n      - {krs[0]}\n      - {krs[1]}\n", encoding="utf-8")
    (root / "sales.okr.yaml").write_text(
        textwrap.dedent(
            f"""\
            team: Sales
            period: 2027-Q1
            objectives:
              - title: {t["win"]}
                aligns_to: company.okr.yaml#O3
                key_results:
                  - text: {krs[2]}
                    baselin: 18
                  - text: {krs[3]}
                    deadline: 2027-13-45
                    waive: [{{code: OKR220}}]
                  - text: {krs[4]}
                    waive: [{{code: OKR220, reason: {t["reason"]}}}]
              - title: {t["team"]}
                key_results:
                  - {krs[5]}
              - title: {t["reliable"]}
                aligns_to: company.okr.yaml#O1
                kind: committed
                key_results:
                  - text: {t["ontime"]}
                    baseline: 91
                    target: 97
                    checkins:
                      - {{date: 2027-03-31, value: 94}}
            """
        ),
        encoding="utf-8",
    )
    bullets = "\n".join(f"- {kr}" for kr in krs)
    (root / "plan.okr.md").write_text(f"# Q1 2027\n\n## {t['head']} 1: {t['company']}\n\n{bullets}\n", encoding="utf-8")
    (root / "broken.okr.yaml").write_text(f"objectives:\n  - title: {t['win']}\n    key_results:\n      - {krs[0]}\n      - {krs[1]}\n  - title: {t['team']}\n   key_results: [\n", encoding="utf-8")


@pytest.mark.parametrize("language", list(TEXTS))
def test_lint_folder_speaks_the_files_language(language, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_folder(tmp_path, TEXTS[language])
    assert main(["lint", "--isolated", "--format", "json", "."]) == 1
    report = json.loads(capsys.readouterr().out)
    files = {f["path"]: f["language"] for f in report["files"]}
    assert {path: lang for path, lang in files.items() if lang} == {p: language for p in ("company.okr.yaml", "sales.okr.yaml", "plan.okr.md")}, files
    findings = [SimpleNamespace(**f) for f in report["findings"]]
    codes = {f.code for f in findings}
    assert EXPECTED <= codes, f"missing {EXPECTED - codes}"
    for finding in findings:
        # The broken file declares nothing: its language is told from its text.
        assert_speaks(finding, language)


@pytest.mark.parametrize("language", [lang for lang in TEXTS if lang != "en"])
def test_a_file_with_no_text_speaks_the_configured_language(language, tmp_path, capsys):
    empty = tmp_path / "empty.okr.yaml"
    empty.write_text("", encoding="utf-8")
    assert main(["lint", "--isolated", "--format", "json", "--language", language, str(empty)]) == 1
    (finding,) = [SimpleNamespace(**f) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert finding.code == "OKR001"
    assert_speaks(finding, language)
