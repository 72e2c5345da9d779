#!/usr/bin/env python3
"""`yibao dip group` and `yibao dip build` end to end.

group: tests/grouping/data/dip_cases.csv against packs/dip-3.0; each row names the group that one row of
the national workbook gives it (the same cases as test_dip_national.c) or is a bad row.
build: the hand-worked history of test_dip_build.c (see the numbers there) through the command line; the
scores.csv it writes must hold exactly the hand-computed scores.

usage: dip_cli_test.py YIBAO SOURCE_ROOT WORK_DIR
"""
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import unittest

YIBAO, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
del sys.argv[1:4]


def run(*args):
    p = subprocess.run([YIBAO, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def write_pack(d, tables, params=None):
    os.makedirs(d, exist_ok=True)
    manifest = {"format": "yibao-pack/1", "kind": "dip-catalog", "name": "DIP-test", "version": "1",
                "tables": {}, "parameters": params or {}}
    for name, text in tables.items():
        data = text.encode()
        with open(os.path.join(d, name + ".csv"), "wb") as f:
            f.write(data)
        manifest["tables"][name] = {"file": name + ".csv", "checksum": "sha256:" + hashlib.sha256(data).hexdigest()}
    with open(os.path.join(d, "pack.json"), "w") as f:
        json.dump(manifest, f)


BASE = {
    "proc_codes": "code,name,attribute\n30.0001,appendectomy,surgery\n30.0002,laparoscopic appendectomy,surgery\n"
                  "45.0001,colonoscopy,diagnostic\n45.0002,biopsy,diagnostic\n50.0001,cystoscopic surgery,surgery\n"
                  "81.0001,injection,therapeutic\n",
    "dx_codes": "code,name\nK35.800,appendicitis\nJ18.900,pneumonia\nK25.900,ulcer\nN39.000,UTI\nZ00.000,exam\n",
    "groups": "code,kind,seq,name,primary_care,active\nJC1,core,1,appendicitis: laparoscopic,1,1\n"
              "JC2,core,2,pneumonia: conservative,0,1\nJC3,core,3,ulcer: conservative,0,1\n",
    "rules": "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,attribute,"
             "source\nJC1,K35,,,,,30.0002,,,,,,,row 1\nJC2,J18,,,,,-,,,,,,,row 2\nJC3,K25,,,,,-,,,,,,,row 3\n",
    "excluded_dx": "code,name\nZ00.000,exam\n",
    "subtypes": "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,"
                "coefficient\nAGE65,*,age,65 and older,,,,,,,65y,,,,\n",
}

# dx, procedures, year, cost (yuan), age — test_dip_build.c's history
HISTORY = [("K35.800", "30.0002", 2021, "1000", 40), ("K35.800", "30.0002", 2021, "1200", 40),
           ("K35.800", "30.0002", 2022, "1100", 40)] + \
          [("K35.800", "30.0002", 2023, c, 40) for c in
           ("1000", "1000", "1100", "1100", "1200", "1200", "1300", "1300", "1400", "9000")] + \
          [("J18.900", "", 2021, "2000", 40), ("J18.900", "", 2022, "2100", 40), ("J18.900", "", 2022, "2300", 70),
           ("J18.900", "", 2023, "2200", 40), ("J18.900", "", 2023, "2400", 70),
           ("K25.900", "", 2023, "500", 40), ("K25.900", "", 2023, "700.00", 40),
           ("N39.000", "50.0001", 2022, "3000", 40), ("N39.000", "50.0001", 2023, "3300", 40),
           ("N39.000", "50.0001", 2023, "3600", 40)] + \
          [("N39.000", "50.0001|45.0001", 2023, c, 40) for c in ("4000", "4000", "4200", "4200")] + \
          [("N39.000", "50.0001|45.0002", 2023, "3400", 40), ("N39.000", "30.0001", 2021, "5000", 40),
           ("N39.000", "81.0001", 2022, "800", 40), ("Z00.000", "", 2023, "100", 40),
           ("J18.900", "", 2023, "12.345", 40),   # three decimals: skipped by the reader
           ("J18.900", "", 2019, "2000", 40)]      # outside the three most recent years: rejected


class DipCli(unittest.TestCase):
    def test_group_national_examples_and_bad_rows(self):
        out = os.path.join(WORK, "dip-cli-out.csv")
        inp = os.path.join(SRC, "tests", "grouping", "data", "dip_cases.csv")
        code, _, err = run("dip", "group", "--catalog", os.path.join(SRC, "packs", "dip-3.0"), "--input", inp,
                           "--output", out)
        self.assertEqual(code, 0, err)
        with open(inp, newline="") as f:
            expected = {r["id"]: r["expected_group"] for r in csv.DictReader(f)}
        with open(out, newline="") as f:
            got = {r["id"]: r for r in csv.DictReader(f)}
        self.assertEqual(set(got), set(expected))
        for case_id, group in expected.items():
            self.assertEqual(got[case_id]["group"], group, case_id)
        self.assertEqual(got["bad-code"]["status"], "YB_E_ROW_DX_CODE")
        self.assertEqual(got["bad-vent"]["status"], "YB_E_ROW_VENT_HOURS")
        self.assertEqual(got["bad-sex"]["status"], "YB_E_ROW_SEX")
        self.assertEqual(got["excluded-z51"]["status"], "YB_OK")
        self.assertEqual(got["appendix-lap"]["primary_care"], "1")
        self.assertEqual(got["ventilation-crrt"]["layer"], "pre")

    def test_build_writes_the_hand_worked_scores(self):
        base = os.path.join(WORK, "dip-cli-base")
        outdir = os.path.join(WORK, "dip-cli-built")
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
        write_pack(base, BASE)
        hist = os.path.join(WORK, "dip-cli-history.csv")
        with open(hist, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "sex", "age_years", "age_days", "birth_weight_g", "los_days", "discharge_type",
                        "principal_dx", "secondary_dx", "procedures", "cost", "year"])
            for i, (dx, procs, year, cost, age) in enumerate(HISTORY):
                w.writerow([i, 1, age, "", "", 5, 1, dx, "", procs, cost, year])
        code, out, err = run("dip", "build", "--history", hist, "--base", base, "--out", outdir,
                             "--trim", "0.1,0.9", "--threshold", "3", "--subtype-min", "2", "--region", "test-city")
        self.assertEqual(code, 0, err)
        self.assertIn("threshold 3", out)
        self.assertIn("skipped 1 unreadable, 1 rejected", out)
        self.assertIn("M = 2110.500000 yuan", out)
        with open(os.path.join(outdir, "scores.csv"), newline="") as f:
            scores = {r["group"]: (r["score"], r["primary_care"]) for r in csv.DictReader(f)}
        # m_i / M × 1000 with M = 2110.5 (test_dip_build.c works every figure out)
        self.assertEqual(scores, {"JC1": ("547.0004", "1"), "JC2": ("1066.0981", "0"), "LC0001": ("1581.1595", "0"),
                                  "LC0002": ("1942.6676", "0"), "ZH-K25-C": ("284.2928", "0"),
                                  "ZH-N39-T": ("379.0571", "0"), "ZH-N39-S": ("2369.1068", "0")})
        # the built catalogue groups cases and scores them
        cases = os.path.join(WORK, "dip-cli-cases.csv")
        with open(cases, "w") as f:
            f.write("id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,"
                    "procedures\nc1,1,40,,,5,1,N39.000,,50.0001|45.0001\nc2,1,80,,,5,1,J18.900,,\n")
        res = os.path.join(WORK, "dip-cli-cases-out.csv")
        code, _, err = run("dip", "group", "--catalog", outdir, "--input", cases, "--output", res)
        self.assertEqual(code, 0, err)
        with open(res, newline="") as f:
            rows = {r["id"]: r for r in csv.DictReader(f)}
        self.assertEqual((rows["c1"]["group"], rows["c1"]["score"]), ("LC0002", "1942.6676"))
        # 1066.0981 × 1.056790 = 1126.64181… → 1126.6418
        self.assertEqual((rows["c2"]["subtype"], rows["c2"]["subtype_coef"], rows["c2"]["subtype_score"]),
                         ("AGE65", "1.056790", "1126.6418"))
        # and `yibao group` with the built catalogue gives the same DIP group, score and coefficient next to
        # the CHS-DRG columns (whatever CHS-DRG 1.1 makes of these codes)
        res2 = os.path.join(WORK, "dip-cli-cases-group.csv")
        code, _, err = run("group", "--scheme", os.path.join(SRC, "packs", "chs-drg-1.1"), "--dip", outdir,
                           "--input", cases, "--output", res2)
        self.assertEqual(code, 0, err)
        with open(res2, newline="") as f:
            rows = {r["id"]: r for r in csv.DictReader(f)}
        self.assertEqual((rows["c1"]["dip_status"], rows["c1"]["dip_group"], rows["c1"]["dip_score"],
                          rows["c1"]["dip_subtype"], rows["c1"]["dip_subtype_coef"]),
                         ("OK", "LC0002", "1942.6676", "", "1.000000"))
        self.assertEqual((rows["c2"]["dip_group"], rows["c2"]["dip_score"], rows["c2"]["dip_subtype"],
                          rows["c2"]["dip_subtype_coef"]), ("JC2", "1066.0981", "AGE65", "1.056790"))

    def test_usage_errors(self):
        self.assertEqual(run("dip")[0], 2)
        self.assertEqual(run("dip", "group", "--catalog", "x")[0], 2)
        code, _, err = run("dip", "group", "--catalog", "/nonexistent", "--input", "x", "--output", "y")
        self.assertEqual(code, 1)
        self.assertIn("/nonexistent", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
