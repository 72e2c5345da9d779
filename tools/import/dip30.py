#!/usr/bin/env python3
"""Converts the national DIP 3.0 catalogue into the `dip-catalog` pack packs/dip-3.0.

Usage: tools/import/dip30.py [--data /work/shared/data] [--out packs/dip-3.0]

Standard library only; the output is byte-for-byte deterministic (rerun it and
`git diff` shows nothing). The table formats are described in doc/packs-dip.md.

Inputs (see each folder's README for provenance):
  dip_30_catalogue/   NHSA DIP 3.0 grouping workbook as CSV (via goat0330/medical-system-mvp@14e5745,
                      no licence stated; the content is the NHSA's published scheme)
  chs_drg_11_tables/  icd10_codes.csv, icd9cm3_codes.csv: the 医保版 ICD-10 and ICD-9-CM-3 code lists
                      (OpenDRG/DRG_Python@5d523a26, Apache-2.0)

What is transformed, sheet by sheet (workbook sheet names in brackets):
  [一、先期分组] pre-groups XQ0001..XQ0019: transplants need the listed principal procedure; rows whose note
      says 不限定为主要手术操作 (ECMO, ventilation >= 96 h, ventilation + CRRT) need the procedures anywhere
      ('+' = all of them); newborn rows need P07 anywhere among the diagnoses, age < 29 days (<= 28) and the
      birth-weight band of the row.
  [二、并项规则下的核心病种] merged groups BX0020..: principal diagnosis key + one of the principal procedures
      (+ the related-procedure expression when present).
  [三、诊断辅助细分] refined groups FZ1745..: burns (principal diagnosis + burn-area secondary diagnosis +
      principal procedure or none + related), tumours (Z51.x + secondary-diagnosis range + procedures anywhere),
      tuberculosis (principal diagnosis range + principal procedure or none + drug resistance, expanded from the
      rule text into explicit diagnosis conditions, see tb_rules()).
  [四、基础规则下的核心病种] basic-rule core groups JC1858..: principal diagnosis key + principal procedure, or
      none (conservative treatment).
  [五、不纳入分组的主要诊断 / 主要手术操作] excluded_dx.csv, excluded_proc.csv with the note turned into a policy.
  [六、基层病种] primary care: a row equal to a group (same diagnosis key, same principal procedures, no
      related procedures) flags that group; any other row becomes its own group JCPnnn / BXPnnn, evaluated in the
      layer of the group that covers it (or the basic layer), listed first in its layer.
  Group codes are the workbook's category (XQ, BX, FZ, JC) and its national sequence number.

Derived, not NHSA content (documented in SOURCE.md; a region replaces them):
  proc_codes.csv `attribute`: a structural reading of ICD-9-CM-3 (see attribute_of()).
  cci.csv: Charlson comorbidity conditions, ICD-10 coding of Quan et al. 2005, Charlson 1987 weights.
  severity.csv, subtypes.csv: template definitions of the auxiliary subtypes (DOMAIN.md §1.2), without
  coefficients (a subtype applies only once a region's builder has given it a coefficient).
"""
import argparse
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

# ---------------------------------------------------------------------------------------------- helpers


def split_list(cell):
    return [c.strip() for c in cell.replace("\n", "").split("|") if c.strip()]


def dx_key(item):
    """A catalogue diagnosis cell item as a pack list item: dagger marks dropped (M47.0+ -> M47.0)."""
    item = item.strip().replace(" ", "")
    if item.endswith("+"):
        item = item[:-1]
    if not re.fullmatch(r"[A-Z]\d\d(\.\d)?|[A-Z]\d\d-[A-Z]\d\d|[A-Z]\d\d\.[0-9x]{2,3}(x\d{3})?", item):
        sys.exit("unexpected diagnosis item %r" % item)
    return item


def dx_list(cell):
    return "|".join(dx_key(x) for x in split_list(cell))


def proc_code(code):
    code = code.strip()
    if not re.fullmatch(r"\d\d\.[0-9x]{1,5}(x\d{3})?", code):
        sys.exit("unexpected procedure code %r" % code)
    return code


def proc_expr(cell):
    """'+' joins components that must all be present, '|' separates the alternatives of one component
    (the workbook's notation, e.g. 25.5905+40.3x00x005|40.5900x011: flap repair and any neck dissection)."""
    comps = []
    for comp in cell.replace("\n", "").split("+"):
        alts = [proc_code(a) for a in comp.split("|") if a.strip()]
        if not alts:
            sys.exit("empty component in procedure expression %r" % cell)
        comps.append("|".join(alts))
    return "+".join(comps)


class Table:
    def __init__(self, header):
        self.header = header
        self.rows = []

    def add(self, **kw):
        unknown = set(kw) - set(self.header)
        if unknown:
            sys.exit("unknown columns %s" % sorted(unknown))
        self.rows.append([kw.get(h, "") for h in self.header])

    def cells(self):
        """The rows as text cells (None: empty)."""
        return (["" if v is None else str(v) for v in r] for r in self.rows)


RULE_COLS = ["group", "pdx", "sdx", "anydx", "not_pdx", "not_sdx", "pproc", "procs", "related",
             "age_days_max", "weight_min", "weight_max", "attribute", "source"]

# ------------------------------------------------------------------------------- procedure attributes

# ICD-9-CM-3 subcategories titled "diagnostic procedures on ..." (in chapters 00-86), whose 医保版 names are
# biopsies, endoscopic examinations and other 诊断性操作.
DIAGNOSTIC_SUBCATEGORIES = set("""
00.2 01.1 03.3 04.1 05.1 06.1 07.1 08.1 09.1 10.2 11.2 12.2 14.1 15.0 16.2 18.1 20.3 21.2 22.1 24.1 25.0
26.1 27.2 28.1 29.1 31.4 33.2 34.2 37.2 38.2 40.1 41.3 42.2 44.1 45.1 45.2 48.2 49.2 50.1 51.1 52.1 54.2
55.2 56.3 57.3 58.2 59.2 60.1 61.1 62.1 63.0 64.1 65.1 66.1 67.1 68.1 70.2 71.1 75.1 76.1 77.4 78.8 80.2
80.3 83.2 85.1 86.1 92.0 92.1 93.0 94.0 94.1 95.0 95.1 95.2 95.4
""".split())
# Therapeutic subcategories inside chapters 00-86: therapeutic ultrasound, pharmaceuticals, and the
# 医保版 extension 17.9 (traditional Chinese medicine procedures such as acupuncture).
THERAPEUTIC_SUBCATEGORIES = {"00.0", "00.1", "17.9"}


def attribute_of(code):
    """Structural reading of ICD-9-CM-3: chapters 87-91 and the diagnostic subcategories are diagnostic;
    chapters 92-99 (other than their diagnostic subcategories) and the therapeutic subcategories above are
    therapeutic; everything else in chapters 00-86 is surgery (which includes interventional procedures).
    Non-operating-room therapeutic procedures inside 01-86 (e.g. thoracentesis 34.91) are therefore counted
    as surgery: a region reviews this column (DIP 3.0 spec draft ch. 3 §3 三(二), last paragraph)."""
    sub = code[:4]
    chapter = int(code[:2])
    if sub in DIAGNOSTIC_SUBCATEGORIES or 87 <= chapter <= 91:
        return "diagnostic"
    if sub in THERAPEUTIC_SUBCATEGORIES or chapter >= 92:
        return "therapeutic"
    return "surgery"


# --------------------------------------------------------------------------- Charlson (Quan et al. 2005)

# condition, weight, ICD-10 items (ranges of 4-character subcategories are expanded), superseded condition.
# Quan H, Sundararajan V, Halfon P, et al. Coding algorithms for defining comorbidities in ICD-9-CM and
# ICD-10 administrative data. Med Care 2005;43(11):1130-9 (Charlson ICD-10 column); weights of Charlson
# ME, et al. J Chronic Dis 1987;40(5):373-83.
CHARLSON = [
    ("myocardial_infarction", 1, "I21 I22 I25.2", ""),
    ("congestive_heart_failure", 1, "I09.9 I11.0 I13.0 I13.2 I25.5 I42.0 I42.5-I42.9 I43 I50 P29.0", ""),
    ("peripheral_vascular", 1, "I70 I71 I73.1 I73.8 I73.9 I77.1 I79.0 I79.2 K55.1 K55.8 K55.9 Z95.8 Z95.9", ""),
    ("cerebrovascular", 1, "G45 G46 H34.0 I60-I69", ""),
    ("dementia", 1, "F00-F03 F05.1 G30 G31.1", ""),
    ("chronic_pulmonary", 1, "I27.8 I27.9 J40-J47 J60-J67 J68.4 J70.1 J70.3", ""),
    ("rheumatic", 1, "M05 M06 M31.5 M32-M34 M35.1 M35.3 M36.0", ""),
    ("peptic_ulcer", 1, "K25-K28", ""),
    ("mild_liver", 1, "B18 K70.0-K70.3 K70.9 K71.3-K71.5 K71.7 K73 K74 K76.0 K76.2-K76.4 K76.8 K76.9 Z94.4", ""),
    ("diabetes", 1, " ".join("E1%d.%d" % (t, s) for t in range(0, 5) for s in (0, 1, 6, 8, 9)), ""),
    ("diabetes_complicated", 2, " ".join("E1%d.%d" % (t, s) for t in range(0, 5) for s in (2, 3, 4, 5, 7)),
     "diabetes"),
    ("hemiplegia", 2, "G04.1 G11.4 G80.1 G80.2 G81 G82 G83.0-G83.4 G83.9", ""),
    ("renal", 2, "I12.0 I13.1 N03.2-N03.7 N05.2-N05.7 N18 N19 N25.0 Z49.0-Z49.2 Z94.0 Z99.2", ""),
    ("malignancy", 2, "C00-C26 C30-C34 C37-C41 C43 C45-C58 C60-C76 C81-C85 C88 C90-C97", ""),
    ("severe_liver", 3, "I85.0 I85.9 I86.4 I98.2 K70.4 K71.1 K72.1 K72.9 K76.5 K76.6 K76.7", "mild_liver"),
    ("metastatic_tumour", 6, "C77-C80", "malignancy"),
    ("hiv_aids", 6, "B20-B22 B24", ""),
]


def expand_items(text):
    out = []
    for item in text.split():
        m = re.fullmatch(r"([A-Z]\d\d)\.(\d)-([A-Z]\d\d)\.(\d)", item)
        if m:
            if m.group(1) != m.group(3):
                sys.exit("bad subcategory range %s" % item)
            out.extend("%s.%d" % (m.group(1), d) for d in range(int(m.group(2)), int(m.group(4)) + 1))
        else:
            out.append(item)
    return out


# ------------------------------------------------------------------------------------------ the import


def build(data, out):
    src = os.path.join(data, "dip_30_catalogue")
    icd = os.path.join(data, "chs_drg_11_tables")
    groups = Table(["code", "kind", "seq", "name", "primary_care", "active"])
    rules = Table(RULE_COLS)
    group_rows = {}     # code -> row index in groups.rows
    layer_groups = {k: [] for k in ("pre", "merged", "refined", "core")}
    layer_rules = {k: [] for k in ("pre", "merged", "refined", "core")}

    def add_group(layer, code, seq, name):
        if code in group_rows:
            sys.exit("duplicate group %s" % code)
        layer_groups[layer].append([code, layer, seq, name, 0, 1])
        group_rows[code] = layer_groups[layer][-1]

    def add_rule(layer, **kw):
        layer_rules[layer].append(kw)

    # 一、先期分组
    for r in P.read_csv(os.path.join(src, "pre.csv")):
        if r["seq"] == "序号":
            continue  # the sub-header row introducing the newborn columns
        code = "XQ%04d" % int(r["seq"])
        add_group("pre", code, r["seq"], r["name"])
        where = "%s row %s" % ("pre.csv", r["sourceRow"])
        if r["principalDiagnosis"] == "所有诊断":
            expr = proc_expr(r["principalProcedure"])
            if "不限定为主要手术操作" in r["note"]:
                add_rule("pre", group=code, procs=expr, source=where)
            else:
                if "+" in expr:
                    sys.exit("%s: a conjunction needs the 'anywhere' note" % where)
                add_rule("pre", group=code, pproc=expr, source=where)
        else:
            if r["principalDiagnosis"] != "P07" or "不限定为主要诊断" not in r["note"]:
                sys.exit("%s: unexpected pre-group shape" % where)
            if r["principalProcedure"] != "<29天":
                sys.exit("%s: unexpected age condition %r" % (where, r["principalProcedure"]))
            m = re.fullmatch(r"出生体重(\d+)-(\d+)克", r["principalProcedureName"])
            if not m:
                sys.exit("%s: unexpected weight band %r" % (where, r["principalProcedureName"]))
            add_rule("pre", group=code, anydx="P07", age_days_max=28, weight_min=m.group(1),
                     weight_max=m.group(2), source=where)

    # 二、并项规则下的核心病种
    merged_keys = {}
    for r in P.read_csv(os.path.join(src, "merge.csv")):
        code = "BX%04d" % int(r["seq"])
        name = "%s-%s" % (r["principalDiagnosisName"], r["principalProcedureName"])
        if r["relatedProcedure"]:
            name += "+" + r["relatedProcedureName"]
        add_group("merged", code, r["seq"], name)
        pdx = dx_list(r["principalDiagnosis"])
        pproc = proc_expr(r["principalProcedure"])
        if "+" in pproc:
            sys.exit("merge row %s: conjunction in principal procedures" % r["sourceRow"])
        related = proc_expr(r["relatedProcedure"]) if r["relatedProcedure"] else ""
        add_rule("merged", group=code, pdx=pdx, pproc=pproc, related=related,
                 source="merge.csv row %s" % r["sourceRow"])
        if not related:
            merged_keys[(pdx, frozenset(pproc.split("|")))] = code

    # 三、诊断辅助细分: burns
    for r in P.read_csv(os.path.join(src, "burn.csv")):
        code = "FZ%04d" % int(r["seq"])
        pname = r["principalProcedureName"] or "保守治疗"
        name = "%s%s-%s" % (r["burnDegree"], r["burnArea"], pname)
        if r["relatedProcedure"]:
            name += "+" + r["relatedProcedureName"]
        add_group("refined", code, r["seq"], name)
        add_rule("refined", group=code, pdx=dx_list(r["principalDiagnosis"]), sdx=dx_list(r["secondaryDiagnosis"]),
                 pproc=proc_expr(r["principalProcedure"]) if r["principalProcedure"] else "-",
                 related=proc_expr(r["relatedProcedure"]) if r["relatedProcedure"] else "",
                 source="burn.csv row %s" % r["sourceRow"])
    # tumours
    for r in P.read_csv(os.path.join(src, "tumor.csv")):
        code = "FZ%04d" % int(r["seq"])
        add_group("refined", code, r["seq"], "%s-%s-%s" % (r["principalDiagnosisName"], r["secondaryDiagnosisName"],
                                                        r["procedureName"]))
        add_rule("refined", group=code, pdx=dx_list(r["principalDiagnosis"]), sdx=dx_list(r["secondaryDiagnosis"]),
                 procs=proc_expr(r["procedureExpression"]), source="tumor.csv row %s" % r["sourceRow"])
    # tuberculosis
    resistant = [r["code"] for r in P.read_csv(os.path.join(src, "tbResistantDiagnosis.csv"))]
    for r in P.read_csv(os.path.join(src, "tb.csv")):
        code = "FZ%04d" % int(r["seq"])
        yes = r["drugResistant"] == "是"
        pname = r["principalProcedureName"] or "保守治疗"
        add_group("refined", code, r["seq"], "%s-%s-%s" % (r["principalDiagnosisName"], pname,
                                                        "耐药" if yes else "非耐药"))
        for kw in tb_rules(r, resistant):
            add_rule("refined", group=code, pdx=kw.pop("pdx"),
                     pproc=proc_expr(r["principalProcedure"]) if r["principalProcedure"] else "-",
                     source="tb.csv row %s" % r["sourceRow"], **kw)

    # 四、基础规则下的核心病种
    base_keys = {}
    for r in P.read_csv(os.path.join(src, "base.csv")):
        code = "JC%04d" % int(r["seq"])
        pname = r["principalProcedureName"] or "保守治疗"
        add_group("core", code, r["seq"], "%s-%s" % (r["principalDiagnosisName"], pname))
        pdx = dx_list(r["principalDiagnosis"])
        pproc = proc_expr(r["principalProcedure"]) if r["principalProcedure"] else "-"
        add_rule("core", group=code, pdx=pdx, pproc=pproc, source="base.csv row %s" % r["sourceRow"])
        base_keys[(pdx, frozenset(pproc.split("|")))] = code

    # 六、基层病种
    primary_new = {"merged": [], "core": []}
    for r in P.read_csv(os.path.join(src, "primaryCare.csv")):
        pdx = dx_list(r["principalDiagnosis"])
        pproc = proc_expr(r["principalProcedure"]) if r["principalProcedure"] else "-"
        key = (pdx, frozenset(pproc.split("|")))
        same = base_keys.get(key) or merged_keys.get(key)
        if same:
            group_rows[same][4] = 1
            continue
        layer = covering_layer(pdx, pproc, layer_rules)
        code = ("BXP%03d" if layer == "merged" else "JCP%03d") % int(r["seq"])
        name = "%s-%s" % (r["principalDiagnosisName"], r["principalProcedureName"] or "保守治疗")
        primary_new[layer].append(([code, layer, "", name, 1, 1],
                                   dict(group=code, pdx=pdx, pproc=pproc,
                                        source="primaryCare.csv row %s" % r["sourceRow"])))

    for layer in ("pre", "merged", "refined", "core"):
        for g, rule in primary_new.get(layer, []):
            groups.rows.append(g)
            rules.add(**rule)
        groups.rows.extend(layer_groups[layer])
        for rule in layer_rules[layer]:
            rules.add(**rule)

    # 五、排除
    excluded_dx = Table(["code", "name"])
    for r in P.read_csv(os.path.join(src, "excludedDiagnosis.csv")):
        excluded_dx.add(code=r["code"], name=r["name"])
    excluded_proc = Table(["code", "name", "policy", "principal_if_dx"])
    for r in P.read_csv(os.path.join(src, "excludedProcedure.csv")):
        note = r["note"].replace("\n", "").replace(" ", "")
        if note == "按保守治疗入组":
            excluded_proc.add(code=r["code"], name=r["name"], policy="conservative")
        elif note == "不可作为主要手术操作":
            excluded_proc.add(code=r["code"], name=r["name"], policy="not_principal")
        elif note.endswith("作为主要诊断，可作为主要手术操作"):
            allowed = dx_list(note[: -len("作为主要诊断，可作为主要手术操作")])
            excluded_proc.add(code=r["code"], name=r["name"], policy="not_principal", principal_if_dx=allowed)
        else:
            sys.exit("excludedProcedure.csv row %s: unknown note %r" % (r["sourceRow"], r["note"]))

    # code lists
    dx_codes = Table(["code", "name"])
    for r in P.read_csv(os.path.join(icd, "icd10_codes.csv")):
        dx_codes.add(code=r["code"], name=r["name"])
    proc_names = {r["code"]: r["name"] for r in P.read_csv(os.path.join(icd, "icd9cm3_codes.csv"))}
    extra = catalogue_procedures(src)
    for c, n in extra.items():
        proc_names.setdefault(c, n)
    proc_codes = Table(["code", "name", "attribute"])
    for c in sorted(proc_names):
        proc_codes.add(code=c, name=proc_names[c], attribute=attribute_of(c))

    cci = Table(["dx", "condition", "weight", "supersedes"])
    for cond, weight, items, sup in CHARLSON:
        for item in expand_items(items):
            cci.add(dx=item, condition=cond, weight=weight, supersedes=sup)

    severity = Table(["dx", "level"])
    # Organ failure, shock and sepsis (DOMAIN.md §1.2 "severe"): a template list, reviewed by a region.
    for item in ("A40", "A41", "R57", "R65.1", "I46", "I50", "J80", "J96.0", "N17", "K72.0", "D65"):
        severity.add(dx=item, level="severe")

    subtypes = Table(["code", "group", "kind", "name", "pdx", "sdx", "procs", "cci_min", "cci_max", "severity",
                      "age_min", "age_max", "icu_min", "icu_max", "coefficient"])
    for code, kind, name, kw in SUBTYPE_TEMPLATES:
        subtypes.add(code=code, group="*", kind=kind, name=name, **kw)

    tables = [
        ("groups", "groups.csv", groups, "DIP 3.0 national groups in catalogue order"),
        ("rules", "rules.csv", rules, "matching rules of every group"),
        ("excluded_dx", "excluded_dx.csv", excluded_dx, "principal diagnoses not grouped (sheet 五)"),
        ("excluded_proc", "excluded_proc.csv", excluded_proc, "procedures not used for grouping (sheet 五)"),
        ("dx_codes", "dx_codes.csv", dx_codes, "医保版 ICD-10 code list (OpenDRG, Apache-2.0)"),
        ("proc_codes", "proc_codes.csv", proc_codes,
         "医保版 ICD-9-CM-3 code list (OpenDRG, Apache-2.0) with a derived procedure attribute"),
        ("cci", "cci.csv", cci, "Charlson conditions (Quan 2005 ICD-10 coding)"),
        ("severity", "severity.csv", severity, "template severity diagnoses"),
        ("subtypes", "subtypes.csv", subtypes, "template auxiliary subtypes (no coefficients)"),
    ]
    manifest_tables = {name: P.write_table(out, file, table.header, table.cells(), desc)
                       for name, file, table, desc in tables}
    manifest = {
        "format": "yibao-pack/1",
        "kind": "dip-catalog",
        "name": "DIP",
        "version": "3.0",
        "region": "national",
        "valid_from": None,
        "valid_to": None,
        "base": None,
        "tables": manifest_tables,
        "parameters": {
            "match": {"tie_break": "first", "prefer_specific_dx": True},
            "exclusion": {"principal_dx": "ungrouped"},
            "comprehensive": {"fallback_conservative": True},
            "codes": {"unknown": "reject"},
            "ventilation": {"code": "96.7201", "min_hours": 96},
            "severity": {"severe_min_los": 3},
            "rounding": "half_up",
        },
        "source": "NHSA DIP 3.0 national grouping scheme (按病种分值（DIP）付费3.0版分组方案.xlsx) via "
                  "goat0330/medical-system-mvp@14e5745 app/p1/rules/compiled/dip3-official.js; ICD code lists "
                  "from OpenDRG/DRG_Python@5d523a26; converted by tools/import/dip30.py",
        "licence": "NHSA scheme: no licence stated by the source repository; ICD code lists: Apache-2.0",
        "description": "National DIP 3.0 catalogue: exclusions, pre-groups, merged, refined and basic-rule core "
                       "groups, primary-care groups; no scores (scores are regional, see yibao dip build)",
    }
    P.write_json(os.path.join(out, "pack.json"), manifest)
    shutil.copyfile(os.path.join(icd, "LICENSE.Apache-2.0.txt"), os.path.join(out, "LICENSE.Apache-2.0.txt"))
    counts = {k: sum(1 for g in groups.rows if g[1] == k) for k in ("pre", "merged", "refined", "core")}
    primary = sum(1 for g in groups.rows if g[4] == 1)
    print("groups %d (%s), primary-care %d, rules %d, excluded dx %d / proc %d, codes %d dx / %d proc"
          % (len(groups.rows), ", ".join("%s %d" % kv for kv in counts.items()), primary, len(rules.rows),
             len(excluded_dx.rows), len(excluded_proc.rows), len(dx_codes.rows), len(proc_codes.rows)))


def tb_rules(r, resistant):
    """The workbook's drug-resistance rule texts, as explicit diagnosis conditions."""
    lo, _, hi = r["principalDiagnosis"].partition("-")
    hi = hi or lo
    in_range = [c for c in resistant if lo <= c[:3] <= hi]
    pdx = dx_key(r["principalDiagnosis"])
    rule = r["drugResistantRule"]
    if rule.startswith("主要诊断含耐药拓展码") and "或其他诊断包含U84.300" in rule:
        if not in_range:
            sys.exit("tb.csv row %s: no resistant codes in %s" % (r["sourceRow"], pdx))
        return [dict(pdx="|".join(in_range)), dict(pdx=pdx, sdx="U84.300")]
    if rule.startswith("主要诊断无耐药拓展码") and "其他诊断不含U84.300" in rule:
        return [dict(pdx=pdx, not_pdx="|".join(in_range), not_sdx="U84.300")]
    if rule == "其他诊断包含U84.300（耐抗结核药物）":
        return [dict(pdx=pdx, sdx="U84.300")]
    if rule == "其他诊断不含U84.300（耐抗结核药物）":
        return [dict(pdx=pdx, not_sdx="U84.300")]
    sys.exit("tb.csv row %s: unknown drug-resistance rule %r" % (r["sourceRow"], rule))


def covering_layer(pdx, pproc, layer_rules):
    """The layer of a group that a primary-care row's cases would otherwise fall into: same diagnosis key
    or its 3-character category, a shared principal procedure (or both conservative), no related procedures."""
    keys = {pdx, pdx[:3]}
    procs = set(pproc.split("|"))
    for layer in ("merged", "core"):
        for rule in layer_rules[layer]:
            if rule.get("related") or rule["pdx"] not in keys:
                continue
            if procs & set(rule["pproc"].split("|")):
                return layer
    return "core"


def catalogue_procedures(src):
    """Every procedure code the catalogue uses, with its name (for codes missing from the code list)."""
    names = {}

    def take(codes, labels):
        cs = [c for c in re.split(r"[|+]", codes.replace("\n", "")) if c.strip()]
        ls = [x for x in re.split(r"[|+]", labels)]
        for i, c in enumerate(cs):
            names.setdefault(proc_code(c), ls[i] if i < len(ls) and len(ls) == len(cs) else "")

    for f in ("pre", "merge", "burn", "tb", "base", "primaryCare"):
        for r in P.read_csv(os.path.join(src, f + ".csv")):
            if f == "pre" and (r["principalDiagnosis"] != "所有诊断"):
                continue
            for k in ("principalProcedure", "relatedProcedure"):
                if r.get(k):
                    take(r[k], r.get(k + "Name", ""))
    for r in P.read_csv(os.path.join(src, "tumor.csv")):
        take(r["procedureExpression"], r["procedureName"])
    return names


SUBTYPE_TEMPLATES = [
    # code, kind, name, conditions. Bands after DOMAIN.md §1.2; ICU bands are a template for the region.
    ("CCI-1", "cci", "合并症 CCI 1-2", dict(cci_min=1, cci_max=2)),
    ("CCI-2", "cci", "合并症 CCI 3-4", dict(cci_min=3, cci_max=4)),
    ("CCI-3", "cci", "合并症 CCI ≥5", dict(cci_min=5)),
    ("SEV-DEATH", "severity", "死亡", dict(severity="death")),
    ("SEV-SEVERE", "severity", "重度", dict(severity="severe")),
    ("SEV-MODERATE", "severity", "中度", dict(severity="moderate")),
    ("AGE-NEONATE", "age", "0-28天", dict(age_min="0d", age_max="28d")),
    ("AGE-INFANT", "age", "29天-1岁", dict(age_min="29d", age_max="0y")),
    ("AGE-1-6", "age", "1-6岁", dict(age_min="1y", age_max="6y")),
    ("AGE-7-17", "age", "7-17岁", dict(age_min="7y", age_max="17y")),
    ("AGE-65", "age", "65岁及以上", dict(age_min="65y")),
    ("ICU-1", "icu", "ICU 1-3天", dict(icu_min=1, icu_max=3)),
    ("ICU-2", "icu", "ICU 4-7天", dict(icu_min=4, icu_max=7)),
    ("ICU-3", "icu", "ICU ≥8天", dict(icu_min=8)),
    ("TUMOUR-MET", "tumour", "恶性肿瘤伴继发转移", dict(pdx="C00-C97", sdx="C77-C80")),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(root, "packs", "dip-3.0"))
    a = ap.parse_args()
    build(a.data, a.out)


if __name__ == "__main__":
    main()
