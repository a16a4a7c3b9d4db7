#!/usr/bin/env python
"""规划文档抽取准确率与性能基准 / Ingestion accuracy and speed benchmark.

Runs the real reader and extractor (``zhaoshang.ingest.reader.read_path`` and
``zhaoshang.ingest.pipeline.extract``) over the five seed documents (``../shared/seeds``) and
compares the output with the hand-labelled files in ``tests/ingest/expected/NNN.json``
(seeds: ``$ZHAOSHANG_SHARED_DIR/seeds``, default ``../shared/seeds``). No
database is used. It prints, per document and category, the counts (expected, extracted,
matched), precision and recall, a TOTAL line per category, the project goals with PASS/FAIL
(and the concrete misses behind them), the document metadata agreement, and the time and peak
memory of ingesting all five seeds. The exit status is always 0: this is a report. The last
line is ``goals met: N/M``.

    .venv/bin/python benchmarks/ingest_accuracy.py [--runs 5] [--seeds DIR] [--expected DIR]

Which numbers are meaningful
    Each expected file has a ``complete`` map per category. Where ``complete`` is true the list
    holds every item, so precision and recall are both measured. Where it is false only
    "recall on labelled items" is shown (column ``recall*``); precision is not measured, since
    a correct but unlabelled item would count as a false positive. TOTAL pools the counts:
    precision and recall over the documents where the category is complete, ``recall*`` over
    the others.

Matching rules (always one-to-one; candidates are taken greedily, best key first)
    Names are compared after removing whitespace (and, for enterprises and zones, brackets and
    quotes); "similarity" is ``difflib.SequenceMatcher(None, a, b).ratio()`` on such names.
    Numbers are equal when they differ by less than 1e-9 (relative); 5 and 5.0 are equal.

    - indicators: first rows with the same ``source_line`` (best name similarity first), then
      the remaining rows by name similarity >= 0.6 anywhere in the document.
    - enterprises: same normalised name and ``source_line`` within +-1 (nearest line first).
      kind, action and source_region are not part of the match; their agreement over the
      matched pairs is reported separately (industry too, for information only).
    - zones: same normalised name (nearest line first).
    - projects: name similarity >= 0.6 and ``source_line`` within +-1 (best similarity
      first). The goal then also requires ``investment_wan`` to be equal.
    - targets: ``source_line`` within +-1 and the same value; same unit first, then best
      subject similarity (subjects are paraphrases, so they are not required to agree).

Field comparison for indicators (the 001 and 004 goals)
    001 requires every field equal: name, unit, category, baseline year/value, target
    year/value/qualifier/text/annual_growth_pct/cumulative, actual and attribute. For 004 the
    "value" fields must be equal: baseline year/value, target year/value/qualifier/text/
    annual_growth_pct/cumulative, actual (year/value/text) and attribute; name, unit and
    category are reported separately (names may be garbled by the PDF conversion). Three
    conventions of the labels and the extractor differ without any difference in content, so
    the comparison treats them as equal; the strict count without them is printed as well:

    1. ``text`` echoing the number. The labels set target/actual ``text`` only when the cell is
       not a number (``市定目标``); the extractor keeps the printed cell (``15以上``,
       ``[1000]``, ``77.4(含红旗区)``). An extracted text counts as null when the labelled
       text is null and, after removing spaces, enclosing brackets, the labelled qualifier,
       ``%`` and a trailing note in parentheses, it is the labelled number.
    2. An ``actual`` with neither value nor text equals a null ``actual``.
    3. A target with no value, text, growth rate or qualifier on both sides: its year is not
       compared (the year of an empty target carries nothing).

No number invented in 000
    000 is a copy whose digits were stripped by the publisher. Every numeric leaf of 000's
    indicators, targets and projects (values, growth rates, years, investment, area; not
    ``source_line``) is counted; the goal is 0.

Timing and memory
    The accuracy pass above is the cold run (it loads lazy resources) and is shown for
    information. Then all five seeds are read and extracted ``--runs`` times; the goal uses the
    median total of those runs. Peak memory is ``ru_maxrss`` of this process (KB on Linux).
"""

import argparse
import difflib
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = Path(os.environ.get("ZHAOSHANG_SHARED_DIR", ROOT.parent / "shared")) / "seeds"
DEFAULT_EXPECTED = ROOT / "tests" / "ingest" / "expected"

DOCS = ("000", "001", "002", "003", "004")
CATEGORIES = ("indicators", "enterprises", "zones", "projects", "targets")
META_FIELDS = ("title", "issuer", "date", "region")

NAME_RATIO = 0.6
RATE_GOAL = 0.95
TIME_GOAL_S = 10.0
MEMORY_GOAL_MB = 600
MAX_MISSES = 40

_SPACE = re.compile(r"\s+")
_BRACKETS = re.compile(r"[\s()（）\[\]［］【】〔〕<>《》\"'“”‘’「」『』]")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="抽取准确率基准 / ingestion accuracy benchmark")
    parser.add_argument("--runs", type=int, default=5, help="timed runs over all five seeds")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed directory")
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED, help="labels")
    return parser.parse_args(argv)


def load_ingest():
    """Import the reader and the pipeline; set Django up only if the import needs it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    try:
        from zhaoshang.ingest.pipeline import extract
        from zhaoshang.ingest.reader import read_path
    except Exception:  # e.g. AppRegistryNotReady / ImproperlyConfigured
        import django

        django.setup()
        from zhaoshang.ingest.pipeline import extract
        from zhaoshang.ingest.reader import read_path
    return read_path, extract


# --------------------------------------------------------------------------- small helpers


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def num_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    if not (is_number(a) and is_number(b)):
        return a == b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def squash(name):
    return _SPACE.sub("", name or "")


def norm_name(name):
    return _BRACKETS.sub("", name or "")


def similarity(a, b):
    return difflib.SequenceMatcher(None, squash(a), squash(b)).ratio()


def pct(part, whole):
    return f"{100.0 * part / whole:6.1f}%" if whole else "     -"


def rate(part, whole):
    return part / whole if whole else 1.0


def show(value):
    return json.dumps(value, ensure_ascii=False)


def pair_greedy(expected, extracted, stages):
    """One-to-one pairs. Each stage maps (e, x) to a sort key or None (not a candidate)."""
    pairs, used_e, used_x = [], set(), set()
    for stage in stages:
        candidates = []
        for i, e in enumerate(expected):
            if i in used_e:
                continue
            for j, x in enumerate(extracted):
                if j in used_x:
                    continue
                key = stage(e, x)
                if key is not None:
                    candidates.append((key, i, j))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        for _key, i, j in candidates:
            if i in used_e or j in used_x:
                continue
            used_e.add(i)
            used_x.add(j)
            pairs.append((i, j))
    pairs.sort()
    missed = [i for i in range(len(expected)) if i not in used_e]
    extra = [j for j in range(len(extracted)) if j not in used_x]
    return pairs, missed, extra


def line_gap(e, x):
    return abs(e["source_line"] - x["source_line"])


# --------------------------------------------------------------------------- matching rules


def match_indicators(exp, ext):
    def same_line(e, x):
        return (-similarity(e["name"], x["name"]),) if line_gap(e, x) == 0 else None

    def by_name(e, x):
        ratio = similarity(e["name"], x["name"])
        return (-ratio, line_gap(e, x)) if ratio >= NAME_RATIO else None

    return pair_greedy(exp, ext, [same_line, by_name])


def match_enterprises(exp, ext):
    def stage(e, x):
        if norm_name(e["name"]) == norm_name(x["name"]) and line_gap(e, x) <= 1:
            return (line_gap(e, x),)
        return None

    return pair_greedy(exp, ext, [stage])


def match_zones(exp, ext):
    def stage(e, x):
        return (line_gap(e, x),) if norm_name(e["name"]) == norm_name(x["name"]) else None

    return pair_greedy(exp, ext, [stage])


def match_projects(exp, ext):
    def stage(e, x):
        ratio = similarity(e["name"], x["name"])
        if ratio >= NAME_RATIO and line_gap(e, x) <= 1:
            return (-ratio, line_gap(e, x))
        return None

    return pair_greedy(exp, ext, [stage])


def match_targets(exp, ext):
    def stage(e, x):
        if line_gap(e, x) <= 1 and num_eq(e["value"], x["value"]):
            return (e["unit"] != x["unit"], -similarity(e["subject"], x["subject"]), line_gap(e, x))
        return None

    return pair_greedy(exp, ext, [stage])


MATCHERS = {
    "indicators": match_indicators,
    "enterprises": match_enterprises,
    "zones": match_zones,
    "projects": match_projects,
    "targets": match_targets,
}


# --------------------------------------------------------------------------- indicator fields


def _number_text(text, qualifier):
    """The number an extracted ``text`` restates, or None when it says more than a number."""
    t = squash(text)
    if len(t) >= 2 and t[0] in "[［【〔" and t[-1] in "]］】〕":
        t = t[1:-1]
    t = re.sub(r"[(（][^()（）]*[)）]$", "", t)
    if qualifier:
        t = t.removeprefix(qualifier).removesuffix(qualifier)
    t = t.rstrip("%％")
    try:
        return float(t)
    except ValueError:
        return None


def text_eq(exp_text, ext_text, exp_value, exp_qualifier, lenient):
    if exp_text == ext_text:
        return True
    if not lenient or exp_text is not None or ext_text is None or exp_value is None:
        return False
    echoed = _number_text(ext_text, exp_qualifier)
    return echoed is not None and num_eq(echoed, exp_value)


def _empty_target(t):
    return (
        t["value"] is None
        and t["text"] is None
        and t["annual_growth_pct"] is None
        and t["qualifier"] is None
    )


def _actual(a, lenient):
    if lenient and a is not None and a.get("value") is None and a.get("text") is None:
        return None
    return a


def indicator_diffs(e, x, fields="all", lenient=True):
    """(field, expected, extracted) for every field that differs."""
    diffs = []
    if fields == "all":
        for key in ("name", "unit", "category"):
            if e[key] != x[key]:
                diffs.append((key, e[key], x[key]))
    for key in ("year", "value"):
        if not num_eq(e["baseline"][key], x["baseline"][key]):
            diffs.append((f"baseline.{key}", e["baseline"][key], x["baseline"][key]))
    et, xt = e["target"], x["target"]
    vacuous = lenient and _empty_target(et) and _empty_target(xt)
    if not vacuous and not num_eq(et["year"], xt["year"]):
        diffs.append(("target.year", et["year"], xt["year"]))
    for key in ("value", "annual_growth_pct"):
        if not num_eq(et[key], xt[key]):
            diffs.append((f"target.{key}", et[key], xt[key]))
    for key in ("qualifier", "cumulative"):
        if et[key] != xt[key]:
            diffs.append((f"target.{key}", et[key], xt[key]))
    if not text_eq(et["text"], xt["text"], et["value"], et["qualifier"], lenient):
        diffs.append(("target.text", et["text"], xt["text"]))
    ea, xa = _actual(e["actual"], lenient), _actual(x["actual"], lenient)
    if ea is None or xa is None:
        if ea != xa:
            diffs.append(("actual", ea, xa))
    else:
        for key in ("year", "value"):
            if not num_eq(ea[key], xa[key]):
                diffs.append((f"actual.{key}", ea[key], xa[key]))
        if not text_eq(ea["text"], xa["text"], ea["value"], None, lenient):
            diffs.append(("actual.text", ea["text"], xa["text"]))
    if e["attribute"] != x["attribute"]:
        diffs.append(("attribute", e["attribute"], x["attribute"]))
    return diffs


# --------------------------------------------------------------------------- data


def load_expected(directory):
    expected = {}
    for doc in DOCS:
        data = json.loads((directory / f"{doc}.json").read_text(encoding="utf-8"))
        complete = data.pop("complete")
        expected[doc] = (data, complete)
    return expected


def seed_paths(directory):
    paths = {}
    for doc in DOCS:
        found = sorted(directory.glob(f"{doc}_*.txt"))
        if not found:
            sys.exit(f"no seed {doc}_*.txt in {directory}")
        paths[doc] = found[0]
    return paths


def ingest(read_path, extract, path):
    try:
        result, warnings = extract(read_path(path))
    except Exception as exc:  # report, do not stop the benchmark
        print(f"!! {path.name}: {type(exc).__name__}: {exc}")
        empty = dict.fromkeys(META_FIELDS)
        return {"document": empty, **{c: [] for c in CATEGORIES}}, [f"error: {exc}"]
    return result, warnings


def numeric_leaves(value, path=""):
    """(path, number) for every number below ``value``, ``source_line`` excluded."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "source_line":
                yield from numeric_leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from numeric_leaves(item, f"{path}[{i}]")
    elif is_number(value):
        yield path, value


# --------------------------------------------------------------------------- report


class Goals:
    def __init__(self):
        self.results = []

    def add(self, label, ok, detail, misses=()):
        self.results.append(ok)
        print(f"[{'PASS' if ok else 'FAIL'}] {label}: {detail}")
        misses = list(misses)
        for line in misses[:MAX_MISSES]:
            print(f"       - {line}")
        if len(misses) > MAX_MISSES:
            print(f"       ... and {len(misses) - MAX_MISSES} more")


def describe_item(category, item):
    if category == "targets":
        return f"{item['subject']} = {item['value']} {item['unit'] or ''} ({item['year']})"
    if category == "projects":
        return f"{item['name']} ({item['investment_wan']} 万元)"
    return item["name"]


def print_counts(expected, outputs, matches):
    print("== Counts per document and category")
    print("   recall* = recall on labelled items only (complete: false); '-' = nothing to count;")
    print("   matching rules: see the module docstring")
    header = (
        f"{'doc':<6}{'category':<13}{'complete':<10}{'expected':>9}{'extracted':>10}"
        f"{'matched':>9}{'precision':>11}{'recall':>9}{'recall*':>9}"
    )
    for category in CATEGORIES:
        print(header)
        tot = {"e": 0, "x": 0, "m": 0, "ce": 0, "cx": 0, "cm": 0, "le": 0, "lm": 0}
        for doc in DOCS:
            complete = expected[doc][1][category]
            exp = expected[doc][0][category]
            ext = outputs[doc][category]
            m = len(matches[doc][category][0])
            tot["e"] += len(exp)
            tot["x"] += len(ext)
            tot["m"] += m
            if complete:
                tot["ce"] += len(exp)
                tot["cx"] += len(ext)
                tot["cm"] += m
                p, r, rl = pct(m, len(ext)), pct(m, len(exp)), ""
            else:
                tot["le"] += len(exp)
                tot["lm"] += m
                p, r, rl = "n/a", "n/a", pct(m, len(exp))
            print(
                f"{doc:<6}{category:<13}{'yes' if complete else 'no':<10}{len(exp):>9}"
                f"{len(ext):>10}{m:>9}{p:>11}{r:>9}{rl:>9}".rstrip()
            )
        any_complete = any(expected[doc][1][category] for doc in DOCS)
        p = pct(tot["cm"], tot["cx"]) if any_complete else "n/a"
        r = pct(tot["cm"], tot["ce"]) if any_complete else "n/a"
        rl = pct(tot["lm"], tot["le"]) if tot["le"] else ""
        print(
            f"{'TOTAL':<6}{category:<13}{'':<10}{tot['e']:>9}{tot['x']:>10}{tot['m']:>9}"
            f"{p:>11}{r:>9}{rl:>9}".rstrip()
        )
        print()


def goal_indicators_001(goals, expected, outputs, matches):
    exp, ext = expected["001"][0]["indicators"], outputs["001"]["indicators"]
    pairs, missed, extra = matches["001"]["indicators"]
    exact = strict = 0
    misses = []
    for i, j in pairs:
        diffs = indicator_diffs(exp[i], ext[j])
        exact += not diffs
        strict += not indicator_diffs(exp[i], ext[j], lenient=False)
        misses += [
            f"001 L{exp[i]['source_line']} {exp[i]['name']}: {f} expected {show(a)}, got {show(b)}"
            for f, a, b in diffs
        ]
    misses += [f"001 L{exp[i]['source_line']} {exp[i]['name']}: not extracted" for i in missed]
    misses += [f"001 L{ext[j]['source_line']} {ext[j]['name']}: unexpected row" for j in extra]
    ok = exact == len(exp) == 10 and not extra
    detail = (
        f"001 table, every field equal: {exact}/{len(exp)} rows exact, {len(extra)} unexpected "
        f"rows (strict, text compared verbatim: {strict}/{len(exp)})"
    )
    goals.add("indicators 001", ok, detail, misses)


def goal_indicators_004(goals, expected, outputs, matches):
    exp, ext = expected["004"][0]["indicators"], outputs["004"]["indicators"]
    pairs, missed, extra = matches["004"]["indicators"]
    values_ok = strict = name_exact = unit_ok = category_ok = 0
    misses, info = [], []
    for i, j in pairs:
        e, x = exp[i], ext[j]
        diffs = indicator_diffs(e, x, fields="values")
        values_ok += not diffs
        strict += not indicator_diffs(e, x, fields="values", lenient=False)
        name_exact += e["name"] == x["name"]
        unit_ok += e["unit"] == x["unit"]
        category_ok += e["category"] == x["category"]
        misses += [
            f"004 L{e['source_line']} {e['name']}: {f} expected {show(a)}, got {show(b)}"
            for f, a, b in diffs
        ]
        for key in ("name", "unit", "category"):
            if e[key] != x[key]:
                info.append(f"004 L{e['source_line']} {key}: expected {e[key]}, got {x[key]}")
    misses += [f"004 L{exp[i]['source_line']} {exp[i]['name']}: not extracted" for i in missed]
    n = len(exp)
    ok = n > 0 and rate(values_ok, n) >= RATE_GOAL
    detail = (
        f"004 专栏1-1 + 专栏1-2, every value right: {values_ok}/{n} ({pct(values_ok, n).strip()}, "
        f"goal >= {RATE_GOAL:.0%}; strict: {strict}/{n}); {len(pairs)} rows matched, "
        f"{len(extra)} unexpected rows"
    )
    goals.add("indicators 004", ok, detail, misses)
    print(
        f"       name exact {name_exact}/{n} ({pct(name_exact, n).strip()}), unit "
        f"{unit_ok}/{n}, category {category_ok}/{n} (information, not part of the goal)"
    )
    for line in info:
        print(f"       . {line}")


def goal_enterprises(goals, expected, outputs, matches):
    n_exp = n_ext = n_match = 0
    misses, field_ok, field_diff = [], {}, {}
    fields = ("kind", "action", "source_region", "industry")
    labelled = []
    for doc in DOCS:
        exp, ext = expected[doc][0]["enterprises"], outputs[doc]["enterprises"]
        pairs, missed, extra = matches[doc]["enterprises"]
        if not expected[doc][1]["enterprises"]:
            labelled.append((doc, len(pairs), len(exp), [exp[i] for i in missed]))
            continue
        n_exp += len(exp)
        n_ext += len(ext)
        n_match += len(pairs)
        misses += [f"{doc} L{exp[i]['source_line']} {exp[i]['name']}: missed" for i in missed]
        misses += [
            f"{doc} L{ext[j]['source_line']} {ext[j]['name']}: false positive" for j in extra
        ]
        for i, j in pairs:
            for f in fields:
                same = exp[i][f] == ext[j][f]
                field_ok[f] = field_ok.get(f, 0) + same
                if not same:
                    field_diff.setdefault(f, []).append(
                        f"{doc} L{exp[i]['source_line']} {exp[i]['name']}: {f} expected "
                        f"{show(exp[i][f])}, got {show(ext[j][f])}"
                    )
    p, r = rate(n_match, n_ext), rate(n_match, n_exp)
    ok = p >= RATE_GOAL and r >= RATE_GOAL
    detail = (
        f"documents where complete: precision {n_match}/{n_ext} ({pct(n_match, n_ext).strip()}), "
        f"recall {n_match}/{n_exp} ({pct(n_match, n_exp).strip()}), goal >= {RATE_GOAL:.0%} each"
    )
    goals.add("enterprises", ok, detail, misses)
    for f in fields:
        note = " (information only)" if f == "industry" else ""
        print(
            f"       field agreement {f}: {field_ok.get(f, 0)}/{n_match} "
            f"({pct(field_ok.get(f, 0), n_match).strip()}){note}"
        )
        if f != "industry":
            for line in field_diff.get(f, [])[:MAX_MISSES]:
                print(f"         . {line}")
    for doc, m, n, missed in labelled:
        print(
            f"       {doc} (complete: false) recall on labelled items {m}/{n} ({pct(m, n).strip()})"
        )
        for e in missed:
            print(f"         . {doc} L{e['source_line']} {e['name']}: labelled, not extracted")


def goal_zones(goals, expected, outputs, matches):
    exp, ext = expected["003"][0]["zones"], outputs["003"]["zones"]
    pairs, missed, extra = matches["003"]["zones"]
    good, misses = 0, []
    for i, j in pairs:
        ei = [(z["name"], z["items"]) for z in exp[i]["industries"]]
        xi = [(z["name"], z["items"]) for z in ext[j]["industries"]]
        if ei == xi:
            good += 1
            continue
        for k in range(max(len(ei), len(xi))):
            a = ei[k] if k < len(ei) else None
            b = xi[k] if k < len(xi) else None
            if a != b:
                misses.append(
                    f"003 L{exp[i]['source_line']} {exp[i]['name']} industry #{k + 1}: "
                    f"expected {show(a)}, got {show(b)}"
                )
    misses += [f"003 L{exp[i]['source_line']} {exp[i]['name']}: zone not extracted" for i in missed]
    misses += [f"003 L{ext[j]['source_line']} {ext[j]['name']}: unexpected zone" for j in extra]
    ok = good == len(exp) == 13 and not extra
    detail = (
        f"003 专栏十一: {good}/{len(exp)} zones with all industries and items equal, "
        f"{len(extra)} unexpected zones (goal 13 of 13)"
    )
    goals.add("zones", ok, detail, misses)


def goal_projects(goals, expected, outputs, matches):
    exp, ext = expected["004"][0]["projects"], outputs["004"]["projects"]
    pairs, missed, extra = matches["004"]["projects"]
    good, misses = 0, []
    for i, j in pairs:
        if num_eq(exp[i]["investment_wan"], ext[j]["investment_wan"]):
            good += 1
        else:
            misses.append(
                f"004 L{exp[i]['source_line']} {exp[i]['name']}: investment_wan expected "
                f"{exp[i]['investment_wan']}, got {ext[j]['investment_wan']} ({ext[j]['name']})"
            )
    misses += [
        f"004 L{exp[i]['source_line']} {describe_item('projects', exp[i])}: missed" for i in missed
    ]
    misses += [
        f"004 L{ext[j]['source_line']} {describe_item('projects', ext[j])}: false positive"
        for j in extra
    ]
    p, r = rate(good, len(ext)), rate(good, len(exp))
    ok = p >= RATE_GOAL and r >= RATE_GOAL
    detail = (
        f"004 key-project boxes, matched with equal investment_wan: precision {good}/{len(ext)} "
        f"({pct(good, len(ext)).strip()}), recall {good}/{len(exp)} "
        f"({pct(good, len(exp)).strip()}), goal >= {RATE_GOAL:.0%} each"
    )
    goals.add("key projects", ok, detail, misses)


def goal_no_numbers_000(goals, outputs, warnings):
    found = []
    for category in ("indicators", "targets", "projects"):
        found += [(category, p, v) for p, v in numeric_leaves(outputs["000"][category])]
    by_category = {
        c: sum(1 for f in found if f[0] == c) for c in ("indicators", "targets", "projects")
    }
    detail = (
        f"numbers in 000's output: {len(found)} (indicators {by_category['indicators']}, targets "
        f"{by_category['targets']}, projects {by_category['projects']}; goal 0); "
        f"warnings: {show(warnings['000'])}"
    )
    misses = [f"000 {c}{p} = {v}" for c, p, v in found]
    goals.add("no number invented in 000", not found, detail, misses)


def goal_metadata(goals, expected, outputs):
    total = agree = 0
    misses, per_doc = [], []
    for doc in DOCS:
        exp, ext = expected[doc][0]["document"], outputs[doc]["document"]
        marks = []
        for f in META_FIELDS:
            same = exp[f] == ext.get(f)
            total += 1
            agree += same
            marks.append(f"{f} {'ok' if same else 'DIFF'}")
            if not same:
                misses.append(f"{doc} {f}: expected {show(exp[f])}, got {show(ext.get(f))}")
        per_doc.append(f"{doc}: {', '.join(marks)} ({sum('ok' in m for m in marks)}/4)")
    goals.add("document metadata", agree == total, f"{agree}/{total} fields agree", misses)
    for line in per_doc:
        print(f"       {line}")


def timing(read_path, extract, paths, runs):
    totals = []
    for _ in range(runs):
        start = time.perf_counter()
        for doc in DOCS:
            extract(read_path(paths[doc]))
        totals.append(time.perf_counter() - start)
    return totals


def main(argv=None):
    args = parse_args(argv)
    read_path, extract = load_ingest()
    expected = load_expected(args.expected)
    paths = seed_paths(args.seeds)

    outputs, warnings, cold = {}, {}, {}
    for doc in DOCS:
        start = time.perf_counter()
        outputs[doc], warnings[doc] = ingest(read_path, extract, paths[doc])
        cold[doc] = time.perf_counter() - start

    matches = {
        doc: {c: MATCHERS[c](expected[doc][0][c], outputs[doc][c]) for c in CATEGORIES}
        for doc in DOCS
    }

    print("招商云 ingestion accuracy benchmark")
    for doc in DOCS:
        print(f"  {doc}: {paths[doc].name}")
    print()
    print_counts(expected, outputs, matches)

    goals = Goals()
    print("== Goals")
    goal_indicators_001(goals, expected, outputs, matches)
    goal_indicators_004(goals, expected, outputs, matches)
    goal_enterprises(goals, expected, outputs, matches)
    goal_zones(goals, expected, outputs, matches)
    goal_projects(goals, expected, outputs, matches)
    goal_no_numbers_000(goals, outputs, warnings)
    goal_metadata(goals, expected, outputs)

    print()
    print("== Time and memory")
    cold_line = ", ".join(f"{doc} {cold[doc]:.3f}" for doc in DOCS)
    print(f"cold pass (first ingestion, s): {cold_line}; total {sum(cold.values()):.3f}")
    totals = timing(read_path, extract, paths, max(1, args.runs))
    median = statistics.median(totals)
    print(f"runs (all five seeds, read + extract, s): {', '.join(f'{t:.3f}' for t in totals)}")
    goals.add(
        "time",
        median < TIME_GOAL_S,
        f"median {median:.3f} s for all five (goal < {TIME_GOAL_S:g} s)",
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    goals.add(
        "memory",
        peak_mb < MEMORY_GOAL_MB,
        f"peak RSS {peak_mb:.1f} MB (goal < {MEMORY_GOAL_MB} MB)",
    )

    print()
    print(f"goals met: {sum(goals.results)}/{len(goals.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
