#!/usr/bin/env python3
"""Writes the region packs of libyibao (kind `region`, doc/packs-region.md):

  packs/sample-region/                      the bundled sample pooling region (200 000 members)
  tests/region/data/tiny-region/            a 2 000-member region for the tests, with
  tests/region/data/tiny-capitation/        its capitation plan (an overlay of packs/sample-capitation)

Every value below is a choice of the sample region; packs/sample-region/SOURCE.md
gives the reason for each (published statistics where there are some, and
plausible, documented inventions where there are none). SOURCE.md is written
by hand and kept next to the tables; this tool writes the tables and pack.json
(with their checksums). Standard library only; rerunnable; byte-identical output.

Usage: tools/import/sample_region.py [REPO_ROOT]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ------------------------------------------------------------------ tables

INSURED = [  # insured, share, admission factor, outpatient visits/year, account credit (yuan/year), civil-servant share
    ("employee", "0.200000", "0.80", "2.0", "1800.00", "0.06"),
    ("retired", "0.075000", "1.00", "4.0", "1200.00", "0.06"),
    ("resident", "0.725000", "1.00", "1.2", "0.00", "0"),
]

AGES = [  # insured, age_from, age_to, share
    ("employee", 18, 29, "0.20"), ("employee", 30, 39, "0.30"), ("employee", 40, 49, "0.28"),
    ("employee", 50, 59, "0.22"),
    ("retired", 55, 64, "0.38"), ("retired", 65, 74, "0.37"), ("retired", 75, 84, "0.19"),
    ("retired", 85, 99, "0.06"),
    ("resident", 0, 14, "0.25"), ("resident", 15, 29, "0.15"), ("resident", 30, 44, "0.15"),
    ("resident", 45, 59, "0.18"), ("resident", 60, 74, "0.18"), ("resident", 75, 99, "0.09"),
]

AGE_RATES = [  # age_from, age_to, admissions per member-year (male, female), outpatient factor
    (0, 0, "0.26", "0.22", "1.6"), (1, 4, "0.14", "0.12", "1.4"), (5, 14, "0.065", "0.05", "0.9"),
    (15, 44, "0.065", "0.14", "0.7"), (45, 59, "0.155", "0.14", "1.0"), (60, 69, "0.27", "0.23", "1.4"),
    (70, 79, "0.41", "0.36", "1.7"), (80, 120, "0.58", "0.52", "1.8"),
]

# mdc, share, sex (0 any), age_min, age_max, procedure share, age factors 0 | 1-14 | 15-44 | 45-64 | 65+
MDC_MIX = [
    ("MDCA", "0.003", 0, 0, 120, "1.00", "0.2", "0.5", "1.0", "1.0", "0.8"),
    ("MDCB", "0.090", 0, 0, 120, "0.15", "0.3", "0.4", "0.6", "1.0", "1.8"),
    ("MDCC", "0.030", 0, 0, 120, "0.70", "0.2", "0.3", "0.4", "1.0", "1.8"),
    ("MDCD", "0.030", 0, 0, 120, "0.50", "0.5", "1.5", "1.0", "1.0", "0.8"),
    ("MDCE", "0.130", 0, 0, 120, "0.05", "3.0", "2.5", "0.5", "0.8", "1.8"),
    ("MDCF", "0.140", 0, 0, 120, "0.25", "0.1", "0.1", "0.3", "1.0", "2.0"),
    ("MDCG", "0.100", 0, 0, 120, "0.35", "1.0", "1.0", "1.0", "1.0", "1.0"),
    ("MDCH", "0.050", 0, 0, 120, "0.35", "0.1", "0.2", "0.8", "1.2", "1.0"),
    ("MDCI", "0.090", 0, 0, 120, "0.45", "0.2", "0.5", "0.8", "1.2", "1.1"),
    ("MDCJ", "0.025", 0, 0, 120, "0.40", "0.5", "0.6", "1.0", "1.0", "0.8"),
    ("MDCK", "0.040", 0, 0, 120, "0.10", "0.2", "0.3", "0.7", "1.2", "1.2"),
    ("MDCL", "0.045", 0, 0, 120, "0.30", "0.3", "0.4", "0.8", "1.1", "1.3"),
    ("MDCM", "0.015", 1, 1, 120, "0.50", "0.0", "0.2", "0.3", "1.0", "2.0"),
    ("MDCN", "0.030", 2, 10, 120, "0.50", "0.0", "0.1", "1.2", "1.2", "0.6"),
    ("MDCO", "0.060", 2, 15, 49, "0.45", "0.0", "0.0", "6.0", "0.0", "0.0"),
    ("MDCP", "0.020", 0, 0, 0, "0.10", "1.0", "0.0", "0.0", "0.0", "0.0"),
    ("MDCQ", "0.008", 0, 0, 120, "0.10", "1.0", "1.0", "1.0", "1.0", "1.2"),
    ("MDCR", "0.035", 0, 0, 120, "0.05", "0.3", "0.5", "0.6", "1.3", "1.2"),
    ("MDCS", "0.010", 0, 0, 120, "0.05", "2.0", "1.5", "0.8", "0.9", "1.0"),
    ("MDCT", "0.010", 0, 5, 120, "0.00", "0.0", "0.3", "1.2", "1.0", "0.7"),
    ("MDCU", "0.003", 0, 15, 120, "0.00", "0.0", "0.0", "1.2", "1.2", "0.5"),
    ("MDCV", "0.020", 0, 0, 120, "0.20", "1.0", "1.2", "1.0", "1.0", "0.9"),
    ("MDCW", "0.002", 0, 0, 120, "0.30", "1.0", "1.5", "1.0", "1.0", "0.8"),
    ("MDCX", "0.020", 0, 0, 120, "0.05", "0.5", "0.5", "0.8", "1.0", "1.3"),
    ("MDCY", "0.0005", 0, 15, 120, "0.05", "0.0", "0.0", "1.0", "1.0", "0.5"),
    ("MDCZ", "0.004", 0, 0, 120, "0.50", "0.3", "1.0", "1.2", "1.0", "0.8"),
]

LEVELS = [  # level, cost factor, outpatient mean (yuan), share of admissions by RW < 0.8 | 0.8-2 | >= 2
    (3, "1.000000", "260.00", "0.25", "0.45", "0.75"),
    (2, "0.850000", "160.00", "0.40", "0.42", "0.22"),
    (1, "0.700000", "80.00", "0.35", "0.13", "0.03"),
]

# hospital, name, level, beds, cost factor, alliance, tier, specialty, deposit returned
HOSPITALS = [
    ("H01", "市第一人民医院", 3, 1500, "1.060", 0, "", "general", "1"),
    ("H02", "市第二人民医院", 3, 1200, "1.020", 0, "", "general", "1"),
    ("H03", "市中心医院", 3, 1000, "0.970", 0, "", "general", "1"),
    ("H04", "市中医医院", 3, 800, "0.950", 0, "", "tcm", "1"),
    ("H05", "市妇幼保健院", 3, 600, "1.000", 0, "", "maternal", "1"),
    ("H06", "县人民医院", 2, 500, "0.980", 1, "county", "general", "1"),
    ("H07", "县中医医院", 2, 300, "0.940", 1, "county", "tcm", "1"),
    ("H08", "东区人民医院", 2, 400, "1.080", 0, "", "general", "1"),
    ("H09", "西区人民医院", 2, 380, "1.100", 0, "", "general", "0.8"),
    ("H10", "南区人民医院", 2, 350, "0.920", 0, "", "general", "1"),
    ("H11", "北区人民医院", 2, 320, "1.000", 0, "", "general", "1"),
    ("H12", "开发区医院", 2, 280, "1.050", 0, "", "general", "0.9"),
    ("H13", "铁路医院", 2, 260, "0.960", 0, "", "general", "1"),
    ("H14", "矿务局医院", 2, 240, "1.020", 0, "", "general", "1"),
    ("H15", "市第三人民医院", 2, 220, "0.900", 0, "", "general", "1"),
] + [
    ("H%02d" % i, "%s镇卫生院" % n, 1, b, c, 1, "township", "general", "1")
    for i, n, b, c in [(16, "城关", 80, "0.950"), (17, "东坝", 60, "1.000"), (18, "西河", 55, "0.930"),
                       (19, "南山", 50, "1.050"), (20, "北塘", 50, "0.970"), (21, "石桥", 45, "0.990"),
                       (22, "柳林", 40, "1.080"), (23, "高庄", 40, "0.940"), (24, "新集", 35, "1.020"),
                       (25, "白沙", 30, "0.960")]
] + [
    ("H%02d" % i, n, 1, b, c, 0, "", "general", r)
    for i, n, b, c, r in [(26, "东区社区卫生服务中心", 40, "0.980", "1"), (27, "西区社区卫生服务中心", 35, "1.040", "1"),
                          (28, "南区社区卫生服务中心", 30, "1.100", "0.7"), (29, "北区社区卫生服务中心", 30, "0.950", "1"),
                          (30, "开发区社区卫生服务中心", 25, "1.000", "1")]
]

CLINICS = [("V%02d" % i, "村卫生室%02d" % i) for i in range(1, 13)]

YEARS = [(2021, "0.889000"), (2022, "0.925000"), (2023, "0.962000"), (2024, "1.000000")]

ASSISTANCE = [(1, "0.004"), (2, "0.025"), (3, "0.010"), (4, "0.005"), (5, "0.003")]

ASSESSMENT = [("quality", "26"), ("retention", "21"), ("cost", "22"), ("satisfaction", "9"), ("supervision", "9")]

CLAIM_ITEMS = [  # role, code (of packs/sample-benefit), unit price range in yuan (empty: the amount decides)
    ("consult", "S.REG.OUTPATIENT", "10.00", "40.00"),
    ("bed3", "S.BED.GENERAL", "80.00", "90.00"),
    ("bed2", "S.BED.GENERAL", "50.00", "60.00"),
    ("bed1", "S.BED.GENERAL", "30.00", "45.00"),
    ("nursing", "S.NURSE.L1", "20.00", "30.00"),
    ("lab", "S.LAB.CBC", "20.00", "30.00"),
    ("lab2", "S.LAB.BIOCHEM", "80.00", "150.00"),
    ("imaging", "S.CT.HEAD", "200.00", "300.00"),
    ("imaging_b", "S.MRI.HEAD", "500.00", "800.00"),
    ("petct", "S.PETCT.WHOLE", "6000.00", "8000.00"),
    ("surgery", "S.SURG.APPENDIX", "", ""),
    ("surgery_f", "S.SURG.PCI", "", ""),
    ("surgery_i", "S.SURG.KNEE", "", ""),
    ("material", "M.SUTURE.ABS", "", ""),
    ("material_f", "M.STENT.DES", "700.00", "1000.00"),
    ("material_i", "M.KNEE.TOTAL", "6000.00", "9000.00"),
    ("material_c", "M.IOL.MONO", "1500.00", "3000.00"),
    ("material_a", "M.CATHETER.URINE", "5.00", "20.00"),
    ("drug_a", "D.B05BB01.INJ", "", ""),
    ("drug_a", "D.J01CA04.CAP", "", ""),
    ("drug_a", "D.A02BC01.CAP", "", ""),
    ("drug_a", "D.H02AB02.INJ", "", ""),
    ("drug_a", "D.N02BE01.TAB", "", ""),
    ("drug_b", "D.J01DD04.INJ", "", ""),
    ("drug_b", "D.R05CB01.GRA", "", ""),
    ("drug_onc", "D.L01FG01.INJ", "", ""),
    ("drug_onc", "D.L01EB04.TAB", "", ""),
    ("drug_c", "D.V06DX.SUPP", "", ""),
    ("drug_c", "D.TCM.CORDYCEPS", "", ""),
    ("service_c", "S.SURG.ROBOT", "", ""),
    ("rehab", "S.REHAB.PT", "", ""),
    ("chronic", "D.C09CA01.TAB", "", ""),
    ("chronic", "D.A10BA02.TAB", "", ""),
    ("chronic", "D.C10AA05.TAB", "", ""),
]

OUTPATIENT_CHOICE = [  # member group, visit, village clinic, level 1, level 2, level 3
    ("county", "ordinary", "0.45", "0.35", "0.12", "0.08"),
    ("county", "chronic", "0.60", "0.40", "0", "0"),
    ("city", "ordinary", "0", "0.45", "0.35", "0.20"),
    ("city", "chronic", "0", "0.70", "0.30", "0"),
    ("employee", "ordinary", "0", "0.25", "0.35", "0.40"),
    ("employee", "chronic", "0", "0.40", "0.30", "0.30"),
]

PARAMETERS = {
    "seed": 20240101,
    "years": {"first": 2021, "settlement": 2024},
    "members": 200000,
    "packs": {"drg": "../chs-drg-1.1", "dip": "../dip-3.0", "points": "../sample-points",
              "capitation": "../sample-capitation", "benefit": "../sample-benefit", "weights": "../harbin-drg-2024"},
    "cost": {"base": {"employee": "12252.70", "resident": "9649.24"},
             "sigma": {"medical": "0.45", "surgical": "0.35"}, "los_correlation": "0.6",
             "tail": {"share": "0.02", "sigma": "1.0"}, "low": {"share": "0.03"}},
    "los": {"base": "4.0", "per_rw": "3.0", "sigma": "0.5"},
    "case": {"secondary_base": "0.4", "secondary_per_year": "0.05", "cc_share": "0.55", "zipf": "1.3",
             "medical_procedure_share": "0.3", "death_base": "0.004"},
    "hospital": {"rw_mid": "0.8", "rw_high": "2.0"},
    "births": {"settlement_year_share": "0.0064", "neonatal_admission": "0.10"},
    "out_of_area": {"base": "0.03", "per_rw": "0.02", "referred_share": "0.6", "cost_factor": "1.15"},
    "alliance": {"loyalty": "0.85", "city_share": "0.03", "level3_factor": "0.4", "admission_factor": "0.85"},
    "outpatient": {"sigma": "0.6", "clinic_mean": "45.00", "chronic_visits": "6",
                   "hypertension_share": "0.15", "diabetes_share": "0.05"},
    "budget": {"growth": "0.05", "adjustment_share": "0.03"},
    "dip": {"threshold": 15, "trim_low": "0.025", "trim_high": "0.975", "scale": 1000},
    "capitation": {"pot": {"inpatient": "inpatient", "outpatient": "outpatient", "chronic": "chronic"}},
}


def tables():
    return {
        "insured": (["insured", "share", "admission_factor", "outpatient_visits", "account_credit",
                     "civil_servant_share"], INSURED),
        "ages": (["insured", "age_from", "age_to", "share"], AGES),
        "age_rates": (["age_from", "age_to", "admission_male", "admission_female", "outpatient_factor"], AGE_RATES),
        "mdc_mix": (["mdc", "share", "sex", "age_min", "age_max", "procedure_share", "f_0", "f_1_14", "f_15_44",
                     "f_45_64", "f_65"], MDC_MIX),
        "levels": (["level", "cost_factor", "outpatient_mean", "share_rw_low", "share_rw_mid", "share_rw_high"],
                   LEVELS),
        "hospitals": (["hospital", "name", "level", "beds", "cost_factor", "alliance", "tier", "specialty",
                       "deposit_return"], HOSPITALS),
        "clinics": (["clinic", "name"], CLINICS),
        "years": (["year", "cost_index"], YEARS),
        "assistance": (["category", "share"], ASSISTANCE),
        "assessment": (["item", "score"], ASSESSMENT),
        "claim_items": (["role", "code", "price_min", "price_max"], CLAIM_ITEMS),
        "outpatient_choice": (["group", "visit", "village", "level1", "level2", "level3"], OUTPATIENT_CHOICE),
    }


def manifest(name, description, parameters):
    return {
        "format": "yibao-pack/1",
        "kind": "region",
        "name": name,
        "version": "2024.1",
        "region": "sample",
        "valid_from": "2021-01-01",
        "valid_to": "2024-12-31",
        "parameters": parameters,
        "source": "invented, documented parameters of a sample pooling region; see SOURCE.md",
        "licence": "MIT",
        "description": description,
    }


# ------------------------------------------------------- the tiny test region

TINY_POPULATION = [  # the capitation plan's bands, scaled to 600 enrollees
    ("M-0-14", 1, 0, 14, 55, "0.55"), ("F-0-14", 2, 0, 14, 53, "0.50"),
    ("M-15-59", 1, 15, 59, 179, "0.75"), ("F-15-59", 2, 15, 59, 170, "0.80"),
    ("M-60-64", 1, 60, 64, 19, "1.60"), ("F-60-64", 2, 60, 64, 18, "1.45"),
    ("M-65+", 1, 65, 150, 54, "2.30"), ("F-65+", 2, 65, 150, 52, "2.10"),
]
TINY_CONDITIONS = [("hypertension", "高血压", "0.35", 69), ("diabetes", "糖尿病", "0.45", 23)]


def tiny_normalisation():
    """The plan's own average raw score (as in packs/sample-capitation), 6 decimals, half up."""
    from decimal import Decimal, ROUND_HALF_UP
    n = sum(r[4] for r in TINY_POPULATION)
    w = sum(Decimal(r[4]) * Decimal(r[5]) for r in TINY_POPULATION)
    w += sum(Decimal(c[3]) * Decimal(c[2]) for c in TINY_CONDITIONS)
    return str((w / n).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def main():
    region = os.path.join(ROOT, "packs", "sample-region")
    P.write_pack(region, manifest("sample-region", "The sample pooling region: 200 000 members, 30 hospitals, one "
                                "county medical alliance, 2021-2024", PARAMETERS), tables())

    tiny_cap = os.path.join(ROOT, "tests", "region", "data", "tiny-capitation")
    cap_manifest = {
        "format": "yibao-pack/1",
        "kind": "capitation-plan",
        "name": "tiny county alliance (tests)",
        "version": "2024.1",
        "region": "sample",
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
        "base": "../../../../packs/sample-capitation",
        "parameters": {"risk_adjustment": {"normalisation": tiny_normalisation()}},
        "source": "packs/sample-capitation with its population scaled to 600 enrollees (tools/import/sample_region.py)",
        "licence": "MIT",
        "description": "Test plan of the tiny region: the sample plan for 600 enrollees",
    }
    P.write_pack(tiny_cap, cap_manifest, {
        "population": (["band", "sex", "age_from", "age_to", "enrollees", "coefficient"], TINY_POPULATION),
        "conditions": (["condition", "name", "coefficient", "enrollees"], TINY_CONDITIONS),
    })

    tiny = os.path.join(ROOT, "tests", "region", "data", "tiny-region")
    params = json.loads(json.dumps(PARAMETERS))
    params["seed"] = 7
    params["members"] = 2000
    params["packs"] = {k: "../../../../packs/" + v[3:] for k, v in PARAMETERS["packs"].items()}
    params["packs"]["capitation"] = "../tiny-capitation"
    params["dip"]["threshold"] = 5
    P.write_pack(tiny, manifest("tiny-region", "A 2 000-member region for the tests (600 alliance enrollees)", params),
               tables())


if __name__ == "__main__":
    main()
