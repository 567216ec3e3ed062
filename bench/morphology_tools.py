"""Evidence for choosing a morphology tool: what stems, lemmas and compound splits add, and their cost.

Usage:
    pip install -e '.[bench]'          # simplemma, PyStemmer, snowballstemmer: only this bench uses them
    python bench/morphology_tools.py                  # everything (about 3 minutes)
    python bench/morphology_tools.py --only accuracy  # the variants' figures only
    python bench/morphology_tools.py --only cost      # the tools' and the fallback's cost only
    python bench/morphology_tools.py --words          # also the words each variant took, TUNED parts only

Each variant puts a fallback behind the word-class lookups, in all six languages, so that a word
the word lists do not match is still taken for a class when
- `stem`: its Snowball stem (or simplemma lemma) equals that of a single-word entry of the class
  (`improving` ~ `improve`, `Einführung` ~ `einführen`, `asiakaspoistumaa` ~ `asiakaspoistuma`);
- `+ endings`: ... and what follows the stem is one of the language's verb endings (its lexicon's
  `suffixes.verb`) or nominalisation endings (NOMINALISATIONS), so that agent nouns and adjectives
  (`develop|er`, `continu|ous`) are left out;
- `split`: a compound's last part (at least 5 letters, after at least 3) has such a stem, the
  longest part first (`kundetilfredsheden` → `tilfredsheden` ~ `tilfredshed`);
- `infix`: a prefix entry `word*` (Finnish, Hungarian stems) starts a compound's later part
  (`asiakaspoistumaa` for `poistum*`).
`head verbs` variants look a word up only where the head verb may stand (TextFacts' head); the
others sit behind every lookup of their classes (search, match, finditer and the gates), so they
reach kpi heads, activity nouns and nominalisations alike. Printed per variant: precision/recall of
the core categories on every set and part, the change in true and false positives against the lists
alone, and the blind set's recall per language (figures only: its words are never listed).

Cost: each tool's install size, import and first-word time per language (a fresh interpreter), the
cost of a word after that, whether PyStemmer and snowballstemmer stem alike, a cold 50-key-result
lint per language with and without the fallback, and in-process throughput with and without it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Optional

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lint_speed
import rubric_accuracy as ra
from okrcoach.paths import bundled_dir
from okrcoach.rubric import Linter, analysis, load_rubric
from okrcoach.rubric.lexicon import Lexicon

LANGUAGES = ("en", "da", "sv", "de", "fi", "hu")
SNOWBALL = {"en": "english", "da": "danish", "sv": "swedish", "de": "german", "fi": "finnish", "hu": "hungarian"}
SAMPLE = {"en": "tracked", "da": "kundetilfredsheden", "sv": "kundnöjdheten", "de": "Kundenzufriedenheit", "fi": "asiakaspoistumaa", "hu": "lemorzsolódást"}
LEXICONS = ra.ROOT / "rubrics" / "lexicons"
TOOLS = {"PyStemmer": "Stemmer", "snowballstemmer": "snowballstemmer", "simplemma": "simplemma"}
# snowballstemmer hands every call to PyStemmer when that is installed: its own (pure-Python) cost
# is measured with PyStemmer hidden.
_PURE = {"snowballstemmer": "import sys\nsys.modules['Stemmer'] = None\n"}

# Closed function-word and numeral classes: a stem adds only look-alikes there.
SKIPPED = {"subject_words", "number_words", "ordinals", "quantifiers", "time_prepositions", "month_names", "comparatives", "ability_words"}
VERB_CLASSES = {
    "maintain_verbs", "milestone_verbs", "outcome_verbs", "acquisition_verbs", "activity_verbs",
    "increase_verbs", "decrease_verbs", "participation_verbs", "spending_verbs", "tracking_verbs",
}  # fmt: skip
NOUN_CLASSES = {
    "deliverable_nouns", "event_nouns", "metric_nouns", "operating_metric_nouns", "consumption_nouns", "people_nouns",
    "hiring_metric_nouns", "ambiguous_metric_nouns", "earned_media", "hiring_words", "new_words", "metric_qualifiers",
}  # fmt: skip
HEAD_CLASSES = analysis.VERB_CLASSES  # the classes a head verb is looked up in
COMPOUNDING = {"da", "sv", "de"}
# Endings that make a noun of a verb, beside the lexicon's own verb endings (`suffixes.verb`).
NOMINALISATIONS = {
    "en": "(?:at|it)?ions?|ments?|als?",
    "da": "(?:er)?(?:n)?ing(?:en|er|erne)?|else(?:n|r)?",
    "sv": "(?:er)?(?:n)?ing(?:en|ar|arna)?|else(?:n|r)?|ande(?:t)?",
    "de": "(?:ier)?ung(?:en)?",
    "fi": "mi(?:nen|sen|sta|seen|sessa)|nta(?:a|an)?|nnan",
    "hu": "[áé]s(?:[ae]|[áé]t|t)?",
}
MIN_STEM = 4  # shorter stems ("use", "set") take too many look-alikes
MIN_PART = 5  # a compound's last part
MIN_LEFT = 3  # the letters before it
_TOKEN = re.compile(r"[^\W\d_]+")

# name → (classes or None for every class, stem prefix entries too, compound split languages, infix)
VARIANTS: dict[str, tuple[Optional[set[str]], bool, frozenset[str], bool, str]] = {
    "stem head verbs": (set(HEAD_CLASSES), False, frozenset(), False, "PyStemmer"),
    "stem verbs": (VERB_CLASSES, False, frozenset(), False, "PyStemmer"),
    "stem verbs + endings": (VERB_CLASSES, False, frozenset(), False, "PyStemmer"),
    "stem head verbs + endings": (set(HEAD_CLASSES), False, frozenset(), False, "PyStemmer"),
    "stem nouns": (NOUN_CLASSES, False, frozenset(), False, "PyStemmer"),
    "stem all classes": (None, False, frozenset(), False, "PyStemmer"),
    "stem all + prefixes": (None, True, frozenset(), False, "PyStemmer"),
    "stem all + split da/sv/de": (None, False, frozenset(COMPOUNDING), False, "PyStemmer"),
    "stem nouns + split": (NOUN_CLASSES, False, frozenset(COMPOUNDING), False, "PyStemmer"),
    "stem all + split all": (None, False, frozenset(LANGUAGES), False, "PyStemmer"),
    "stem all + infix": (None, False, frozenset(), True, "PyStemmer"),
    "simplemma all classes": (None, False, frozenset(), False, "simplemma"),
}


def stemmer_of(lang: str, tool: "str | Callable[[str], str]") -> Callable[[str], str]:
    """A cached word → stem (or lemma) function of one tool (or a given function) for one language."""
    if callable(tool):
        stem_word = tool
    elif tool == "simplemma":
        import simplemma

        def stem_word(word: str) -> str:
            return simplemma.lemmatize(word, lang=lang).lower()

    elif tool == "PyStemmer":
        import Stemmer

        stem_word = Stemmer.Stemmer(SNOWBALL[lang]).stemWord
    else:
        import snowballstemmer

        stem_word = snowballstemmer.stemmer(SNOWBALL[lang]).stemWord
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        found = cache.get(word)
        if found is None:
            found = cache[word] = stem_word(word)
        return found

    return stem


class StemTables:
    """Per language: the stem of each single-word entry → its classes, and prefix entries → classes."""

    def __init__(self, languages: Iterable[str], classes: Optional[set[str]], prefixes: bool, tool: "str | Callable[[str], str]", endings: bool = False) -> None:
        self.endings: dict[str, Optional[re.Pattern]] = {}
        self.stemmers: dict[str, Callable[[str], str]] = {}
        self.tables: dict[str, dict[str, set[str]]] = {}
        self.starts: dict[str, dict[str, set[str]]] = {}
        for lang in languages:
            stem = self.stemmers[lang] = stemmer_of(lang, tool)
            data = yaml.safe_load((LEXICONS / f"{lang}.yaml").read_text(encoding="utf-8"))
            verb = str((data.get("suffixes") or {}).get("verb", ""))
            self.endings[lang] = re.compile(f"(?:{verb})|(?:{NOMINALISATIONS[lang]})") if endings else None
            table: dict[str, set[str]] = {}
            starts: dict[str, set[str]] = {}
            for name, entries in (data.get("classes") or {}).items():
                if name in SKIPPED or (classes is not None and name not in classes):
                    continue
                for raw in entries or []:
                    entry = " ".join(str(raw).strip().lower().split()).lstrip("*")
                    if entry.startswith("=") or " " in entry or "-" in entry:
                        continue
                    if entry.endswith("*"):
                        if len(entry) > MIN_PART:
                            starts.setdefault(entry[:-1], set()).add(name)
                        if not prefixes:
                            continue
                        entry = entry[:-1]
                    if len(entry) >= MIN_STEM and len(stem(entry)) >= MIN_STEM:
                        table.setdefault(stem(entry), set()).add(name)
            self.tables[lang], self.starts[lang] = table, starts


class WordIndex:
    """The words of a text that the fallback takes, with their classes (cached per word and text)."""

    def __init__(self, tables: StemTables, split: frozenset[str], infix: bool) -> None:
        self.tables, self.split, self.infix = tables, split, infix
        self._words: dict[tuple[str, str], frozenset[str]] = {}
        self._texts: dict[tuple[str, str], list[tuple[re.Match, frozenset[str]]]] = {}
        self.taken: Counter[str] = Counter()
        self.recording = False

    def classes_of(self, lang: str, word: str) -> frozenset[str]:
        key = (lang, word)
        found = self._words.get(key)
        if found is not None:
            return found
        stem, table = self.tables.stemmers[lang], self.tables.tables[lang]
        found = frozenset(table.get(stem(word), ()))
        endings = self.tables.endings[lang]
        if found and endings is not None:
            # The stem finds the word; the language's verb or nominalisation ending confirms it
            # ("improv|ing", "Berat|ung"), not an agent noun or adjective ("develop|er", "continu|ous").
            rest = word[len(os.path.commonprefix([word, stem(word)])) :]
            if not rest or not endings.fullmatch(rest):
                found = frozenset()
        if not found and lang in self.split:
            for i in range(MIN_LEFT, len(word) - MIN_PART + 1):  # the longest last part first
                classes = table.get(stem(word[i:]))
                if classes:
                    found = frozenset(classes)
                    break
        if not found and self.infix:
            starts = self.tables.starts[lang]
            for i in range(MIN_LEFT, len(word) - MIN_PART + 1):
                classes = next((starts[word[i:j]] for j in range(len(word), i + MIN_PART - 1, -1) if word[i:j] in starts), None)
                if classes:
                    found = frozenset(classes)
                    break
        self._words[key] = found
        return found

    def words(self, lang: str, text: str) -> list[tuple[re.Match, frozenset[str]]]:
        key = (lang, text)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > 4096:
                self._texts.clear()
            found = self._texts[key] = [(m, classes) for m in _TOKEN.finditer(text) if len(m.group()) >= MIN_STEM and (classes := self.classes_of(lang, m.group().lower()))]
        return found

    def took(self, lang: str, name: str, match: re.Match) -> re.Match:
        if self.recording:
            self.taken[f"{lang}:{name}:{match.group()}"] += 1
        return match


class StemPattern:
    """A class's regex that also takes the words the fallback gives that class."""

    def __init__(self, regex: re.Pattern, name: str, lang: str, index: WordIndex) -> None:
        self.regex, self.name, self.lang, self.index = regex, name, lang, index
        self.pattern = regex.pattern

    def _extra(self, text: str, pos: int):
        return (m for m, classes in self.index.words(self.lang, text) if m.start() >= pos and self.name in classes)

    def search(self, text: str, pos: int = 0):
        m = self.regex.search(text, pos)
        first = next(self._extra(text, pos), None)
        if first is not None and (m is None or first.end() <= m.start()):
            return self.index.took(self.lang, self.name, first)
        return m

    def match(self, text: str, pos: int = 0):
        m = self.regex.match(text, pos)
        if m is None:
            first = next(self._extra(text, pos), None)
            if first is not None and first.start() == pos:
                return self.index.took(self.lang, self.name, first)
        return m

    def finditer(self, text: str, pos: int = 0):
        found = list(self.regex.finditer(text, pos))
        spans = [m.span() for m in found]
        extra = [self.index.took(self.lang, self.name, s) for s in self._extra(text, pos) if not any(a < s.end() and s.start() < b for a, b in spans)]
        return iter(sorted(found + extra, key=lambda m: m.start()))


def install(lexicons: dict[str, Lexicon], tables: StemTables, index: WordIndex) -> None:
    """Put the fallback behind every lookup of the tables' classes."""
    for lang, table in tables.tables.items():
        lexicon = lexicons.get(lang)
        names = set().union(*table.values(), *tables.starts[lang].values()) if index.infix else set().union(*table.values())
        if lexicon is None or not names:
            continue
        for name in names:
            regex = lexicon.pattern(name)
            if regex is not None and not isinstance(regex, StemPattern):
                lexicon._compiled[name] = StemPattern(regex, name, lang, index)
                lexicon._matchers.pop(name, None)  # searches go through the pattern just installed
                lexicon.first_chars.pop(name, None)  # a compound need not start with the entry's letter
        lexicon._starting_with.clear()  # the classes a letter can start, looked up again
        lexicon._verb_lookups = -(10**9)  # the all-verbs gate is a regex union: it would reject stem-only words
        union = lexicon.search_any

        def search_any(names, text, _lexicon=lexicon, _union=union):
            return _union(names, text) or next((m for m in (_lexicon.search(n, text) for n in names) if m is not None), None)

        lexicon.search_any = search_any


_LISTED_VERB_AT = analysis.TextFacts._verb_at


def _verb_at(self, pos: int):
    """The listed head verb at `pos`, else (when the lexicon carries the fallback) the word's stem's classes."""
    head = _LISTED_VERB_AT(self, pos)
    fallback = getattr(self.lexicon, "stem_heads", None)
    if head is not None or fallback is None:
        return head
    index, lang = fallback
    for m, classes in index.words(lang, self.masked):
        if m.start() == pos:
            classes = classes & set(HEAD_CLASSES)
            if classes:
                index.took(lang, "head", m)
                return analysis.Head(pos, m.end(), self.text[pos : m.end()], frozenset(classes))
        if m.start() >= pos:
            break
    return None


def install_heads(lexicons: dict[str, Lexicon], tables: StemTables, index: WordIndex) -> None:
    """The fallback for head verbs only: a word where a head verb may stand, taken by its stem.

    TextFacts' head lookup is replaced for the process (only lexicons carrying `stem_heads` use it)."""
    analysis.TextFacts._verb_at = _verb_at
    for lang in tables.tables:
        if lang in lexicons:
            lexicons[lang].stem_heads = (index, lang)
        lexicons[lang]._verb_lookups = -(10**9)  # the all-verbs gate would reject stem-only words


def variant_linter(variant: Optional[str], languages: Iterable[str] = LANGUAGES) -> tuple[Linter, Optional[WordIndex]]:
    rubric = load_rubric(bundled_dir("rubrics"))
    if variant is None:
        return Linter(rubric), None
    classes, prefixes, split, infix, tool = VARIANTS[variant]
    tables = StemTables(languages, classes, prefixes, tool, endings=variant.endswith("+ endings"))
    index = WordIndex(tables, split, infix)
    (install_heads if variant.startswith("stem head verbs") else install)(rubric.lexicons, tables, index)
    return Linter(rubric), index


def _installed(tool: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {TOOLS[tool]}"], capture_output=True).returncode == 0


# ---------------------------------------------------------------------------------------------- accuracy


def accuracy(variants: list[str], words: bool) -> None:
    items = {name: ra.items_of(name) for name in ra.SETS}
    base = {name: ra.evaluate(items[name], variant_linter(None)[0])["counts"] for name in ra.SETS}
    print("precision/recall of the core categories; Δtp/Δfp against the lists alone, summed over the four categories, then by language")
    print(f"{'variant':<26} {'set':<9} {'part':<9} " + "  ".join(f"{c:<14}" for c in ra.CORE) + "  Δtp/Δfp")
    _print_rows("lists only", items, base, base)
    for variant in variants:
        tool = VARIANTS[variant][4]
        if not _installed(tool):
            print(f"{variant}: {tool} is not installed (pip install -e '.[bench]')")
            continue
        linter, index = variant_linter(variant)
        counts = {name: ra.evaluate(items[name], linter)["counts"] for name in ra.SETS}
        _print_rows(variant, items, counts, base)
        if words and index is not None:
            index.recording = True
            for name in ("labelled", "real"):  # tuned parts only: untouched and blind words are never listed
                ra.evaluate([i for i in items[name] if i.part == "tuned"], linter)
            print(f"    words taken on the tuned parts ({len(index.taken)}): " + ", ".join(sorted(index.taken)))


def _print_rows(label: str, items: dict, counts: dict, base: dict) -> None:
    for name in ra.SETS:
        for part in ra.PARTS:
            part_items = [i for i in items[name] if i.part == part]
            if not part_items:
                continue
            languages = sorted({i.language for i in part_items})
            table = ra.figures(counts[name], part, languages)["all"]
            cells = "  ".join(f"{ra._fmt(table[c]['precision'])}/{ra._fmt(table[c]['recall'])}".ljust(14) for c in ra.CORE)
            delta = {lang: [0, 0] for lang in languages}
            for key, value in counts[name].items():
                if key[0] == part and key[2] in ra.CORE:
                    before = base[name].get(key, {"tp": 0, "fp": 0})
                    delta[key[1]][0] += value["tp"] - before["tp"]
                    delta[key[1]][1] += value["fp"] - before["fp"]
            dtp, dfp = sum(d[0] for d in delta.values()), sum(d[1] for d in delta.values())
            where = " ".join(f"{lang} {d[0]:+d}/{d[1]:+d}" for lang, d in delta.items() if d != [0, 0])
            print(f"{label:<26} {name:<9} {part:<9} {cells}  {dtp:+d}/{dfp:+d}  {where}".rstrip())
            if name == "blind":
                table = ra.figures(counts[name], part, list(LANGUAGES))
                per = "  ".join(f"{lang} {ra._fmt(table[lang]['outcome']['recall'])}/{ra._fmt(table[lang]['kpi']['recall'])}" for lang in LANGUAGES)
                print(f"{'':<26} blind recall outcome/kpi: {per}")


# -------------------------------------------------------------------------------------------------- cost


def tool_costs() -> None:
    import importlib.metadata

    print("tool               version  installed   import   first word per language (ms), then µs a word")
    for tool, module in TOOLS.items():
        if not _installed(tool):
            print(f"{tool:<18} not installed (pip install -e '.[bench]')")
            continue
        dist = importlib.metadata.distribution(tool)
        size = sum(f.size or 0 for f in dist.files or []) / 1e6
        imports = [_child_seconds(_PURE.get(tool, "") + f"import {module}") for _ in range(3)]
        cells = []
        for lang in LANGUAGES:
            make = {
                "simplemma": f"import simplemma as s\nf=lambda w: s.lemmatize(w, lang={lang!r})",
                "PyStemmer": f"import Stemmer\nf=Stemmer.Stemmer({SNOWBALL[lang]!r}).stemWord",
                "snowballstemmer": f"import snowballstemmer\nf=snowballstemmer.stemmer({SNOWBALL[lang]!r}).stemWord",
            }[tool]
            code = (
                _PURE.get(tool, "")
                + f"import time\nt=time.perf_counter()\n{make}\nf({SAMPLE[lang]!r})\na=time.perf_counter()-t\nt=time.perf_counter()\nfor w in ['{SAMPLE[lang]}x'+str(i) for i in range(200)]: f(w)\nprint(a, (time.perf_counter()-t)/200)"
            )
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
            cells.append(f"{lang} {float(out[0]) * 1000:.0f}/{float(out[1]) * 1e6:.0f}" if out else f"{lang} -")
        print(f"{tool:<18} {dist.version:<8} {size:6.2f} MB {statistics.median(imports) * 1000:6.0f} ms   " + "  ".join(cells))


def stem_agreement() -> None:
    """Whether pure-Python snowballstemmer and PyStemmer give the same stems for every lexicon word."""
    if not (_installed("PyStemmer") and _installed("snowballstemmer")):
        return
    words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for lang in LANGUAGES:
        data = yaml.safe_load((LEXICONS / f"{lang}.yaml").read_text(encoding="utf-8"))
        for entries in (data.get("classes") or {}).values():
            words[lang].update(w for e in entries or [] for w in _TOKEN.findall(str(e).lower()))
    listed = {lang: sorted(ws) for lang, ws in words.items()}
    code = _PURE["snowballstemmer"] + f"import json, snowballstemmer\nw = {listed!r}\nprint(json.dumps({{l: snowballstemmer.stemmer(a).stemWords(w[l]) for l, a in {SNOWBALL!r}.items()}}))"
    import json

    pure = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    differ = sum(1 for lang in LANGUAGES for w, p in zip(listed[lang], pure[lang]) if stemmer_of(lang, "PyStemmer")(w) != p)
    print(f"pure-Python snowballstemmer and PyStemmer stem the {sum(map(len, listed.values()))} lexicon words alike except {differ}")


def _child_seconds(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", f"import time\n_t=time.perf_counter()\n{code}\nprint(time.perf_counter()-_t)"], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


_COLD = """{pure}
import sys, time
sys.path.insert(0, {bench!r})
import morphology_tools as mt  # the harness (and the okrcoach modules it imports) in every child: not counted
_t = time.process_time()
from okrcoach.formats import read_text
from okrcoach.rubric import Linter
from okrcoach.rubric.cache import load_cached_rubric
rubric = load_cached_rubric()
okr_set = read_text(open({path!r}, encoding="utf-8").read(), {path!r}, "yaml").okr_set
spent, load, table = time.process_time() - _t, 0.0, 0.0
if {tool!r} != "lists only":
    _t = time.process_time()
    import {module}
    load = time.process_time() - _t
    _t = time.process_time()
    classes, prefixes, split, infix, _ = mt.VARIANTS["stem all + split da/sv/de"]
    tables = mt.StemTables([{lang!r}], classes, prefixes, {tool!r})
    table = time.process_time() - _t
    _t = time.process_time()
    mt.install(rubric.lexicons, tables, mt.WordIndex(tables, split, infix))
    spent += time.process_time() - _t
_t = time.process_time()
Linter(rubric).lint(okr_set, {path!r})
print(spent + load + table + time.process_time() - _t, load, table)
"""


def cold_lint(runs: int) -> None:
    """A cold 50-key-result lint per language, in a fresh interpreter, with each tool's fallback."""
    tools = ["lists only"] + [t for t in ("PyStemmer", "snowballstemmer", "simplemma") if _installed(t)]
    print("cold lint of 50 key results (widest fallback: every class, compound split), CPU ms from loading the rubric to findings,")
    print(f"median of {runs} interleaved fresh interpreters; in brackets the tool's import / the stem-table build (a pre-built rubric would hold the table)")
    print(f"{'':<18}" + "".join(f"{lang:>16}" for lang in LANGUAGES))
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for lang in LANGUAGES:
            paths[lang] = str(Path(folder) / f"{lang}.okr.yaml")
            lint_speed.write_yaml(lint_speed.make_set_data(lang, 10, 5, random.Random(50)), Path(paths[lang]))
        subprocess.run([sys.executable, "-c", "from okrcoach.rubric.cache import load_cached_rubric; load_cached_rubric()"], check=True)  # the pre-built rubric
        done: dict[tuple[str, str], list[list[float]]] = {(t, lang): [] for t in tools for lang in LANGUAGES}
        for _ in range(runs):
            for lang in LANGUAGES:
                for tool in tools:
                    code = _COLD.format(pure=_PURE.get(tool, ""), bench=str(Path(__file__).resolve().parent), path=paths[lang], tool=tool, module=TOOLS.get(tool, "sys"), lang=lang)
                    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
                    done[(tool, lang)].append([float(v) * 1000 for v in out])
        for tool in tools:
            cells = []
            for lang in LANGUAGES:
                total, load, table = (statistics.median(d[i] for d in done[(tool, lang)]) for i in range(3))
                cells.append(f"{total:.0f} ({load:.0f}/{table:.0f})" if tool != "lists only" else f"{total:.0f}")
            print(f"{tool:<18}" + "".join(f"{c:>16}" for c in cells))


def throughput(krs: int) -> None:
    """In-process key results per CPU second, with and without the fallback (PyStemmer)."""
    from okrcoach.formats import read_text

    print(f"throughput, key results per CPU second in process ({krs} per language)")
    print(f"{'':<26}" + "".join(f"{lang:>8}" for lang in LANGUAGES))
    sets = {}
    with tempfile.TemporaryDirectory() as folder:
        for lang in LANGUAGES:
            rng = random.Random(len(lang) * 7 + ord(lang[0]))
            sets[lang] = []
            for n in range(krs // 20):
                path = Path(folder) / f"{lang}-{n}.okr.yaml"
                lint_speed.write_yaml(lint_speed.make_set_data(lang, 5, 4, rng), path)
                sets[lang].append(read_text(path.read_text(encoding="utf-8"), str(path), "yaml").okr_set)
    variants = [v for v in (None, "stem head verbs", "stem verbs", "stem all + split da/sv/de") if v is None or _installed(VARIANTS[v][4])]
    linters = {v: variant_linter(v)[0] for v in variants}
    best: dict[Optional[str], list[float]] = {v: [0.0] * len(LANGUAGES) for v in variants}
    for _ in range(3):  # interleaved, best of three: the machine is shared
        for variant, linter in linters.items():
            for n, lang in enumerate(LANGUAGES):
                linter.lint(sets[lang][0], "warm-up")
                start = time.process_time()
                for okr_set in sets[lang]:
                    linter.lint(okr_set, "bench")
                rate = sum(s.key_result_count() for s in sets[lang]) / (time.process_time() - start)
                best[variant][n] = max(best[variant][n], rate)
    for variant, rates in best.items():
        print(f"{variant or 'lists only':<26}" + "".join(f"{r:>8.0f}" for r in rates))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("accuracy", "cost"))
    parser.add_argument("--variants", help="comma-separated variants (default: all): " + ", ".join(VARIANTS))
    parser.add_argument("--words", action="store_true", help="list the words each variant took on the tuned parts")
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per cold lint (default 5)")
    parser.add_argument("--krs", type=int, default=1000, help="key results per language for throughput (default 1000)")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",")] if args.variants else list(VARIANTS)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant {unknown[0]!r}; choose from {', '.join(VARIANTS)}")
    if args.only != "accuracy":
        tool_costs()
        stem_agreement()
        print()
        cold_lint(args.runs)
        print()
        throughput(args.krs)
        print()
    if args.only != "cost":
        accuracy(variants, args.words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
