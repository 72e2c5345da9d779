"""The DIP catalogue builder through Python on the hand-worked history of
tests/grouping/test_dip_build.c (its comment, repeated):

Base catalogue: JC1 K35 + 30.0002 (laparoscopic appendectomy); JC2 J18 conservative; JC3 K25
conservative; template subtype AGE65 (65 years and older, no coefficient). Parameters: years
2021-2023 weighted 1:2:7, trimming outside 10 %-90 %, threshold 3 cases, related rule 10 %,
K = 1000, subtypes need 2 cases. Costs in yuan (stored in fen), age 40 unless said.

Related rule for N39.0 + 50.0001: mean without related procedures 3350; with 45.0001: 4100 ≥ 3685
→ its own group; with 45.0002: 3400 < 3685 → joins the plain combination. Threshold 3: LC0001
N39.0 + 50.0001 (3 + 1 cases), LC0002 N39.0 + 50.0001 + 45.0001 (4). The rest is comprehensive:
ZH-K25-C (2), ZH-N39-S (1), ZH-N39-T (1). Trimming JC1 2023 (n = 10) drops 9000.

Means in yuan with 6 decimals: JC1 (1 × 1100 + 2 × 1100 + 7 × 1177.777778) / 10 = 1154.444445;
JC2 2250; M = (2300 + 2 × 1860 + 7 × 2155) / 10 = 2110.5. Scores m / M × 1000, 4 decimals:
JC1 547.0004; JC2 1066.0981; LC0001 1581.1595; LC0002 1942.6676; ZH-K25-C 284.2928;
ZH-N39-S 2369.1068; ZH-N39-T 379.0571. Subtype AGE65 in JC2: 2377.777778 / 2250 = 1.056790.
"""
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import yibao

if not hasattr(yibao.lib, "yb_dip_build_catalog"):
    pytest.skip("this libyibao has no DIP builder", allow_module_level=True)

BASE_TABLES = {  # test_dip_build.c setup()
    "proc_codes": "code,name,attribute\n30.0001,appendectomy,surgery\n30.0002,laparoscopic appendectomy,surgery\n"
                  "45.0001,colonoscopy,diagnostic\n45.0002,biopsy,diagnostic\n50.0001,cystoscopic surgery,surgery\n"
                  "81.0001,injection,therapeutic\n",
    "dx_codes": "code,name\nK35.800,appendicitis\nJ18.900,pneumonia\nK25.900,ulcer\nN39.000,UTI\nZ00.000,exam\n",
    "groups": "code,kind,seq,name,primary_care,active\nJC1,core,1,appendicitis: laparoscopic,1,1\n"
              "JC2,core,2,pneumonia: conservative,0,1\nJC3,core,3,ulcer: conservative,0,1\n",
    "rules": "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,"
             "attribute,source\nJC1,K35,,,,,30.0002,,,,,,,row 1\nJC2,J18,,,,,-,,,,,,,row 2\n"
             "JC3,K25,,,,,-,,,,,,,row 3\n",
    "excluded_dx": "code,name\nZ00.000,exam\n",
    "subtypes": "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,"
                "coefficient\nAGE65,*,age,65 and older,,,,,,,65y,,,,\n",
}

HISTORY = [  # (dx, procedures, year, yuan, age)
    *[("K35.800", "30.0002", y, c, 40) for y, c in ((2021, 1000), (2021, 1200), (2022, 1100), (2023, 1000),
                                                   (2023, 1000), (2023, 1100), (2023, 1100), (2023, 1200),
                                                   (2023, 1200), (2023, 1300), (2023, 1300), (2023, 1400),
                                                   (2023, 9000))],
    ("J18.900", "", 2021, 2000, 40), ("J18.900", "", 2022, 2100, 40), ("J18.900", "", 2022, 2300, 70),
    ("J18.900", "", 2023, 2200, 40), ("J18.900", "", 2023, 2400, 70),
    ("K25.900", "", 2023, 500, 40), ("K25.900", "", 2023, 700, 40),
    ("N39.000", "50.0001", 2022, 3000, 40), ("N39.000", "50.0001", 2023, 3300, 40),
    ("N39.000", "50.0001", 2023, 3600, 40),
    ("N39.000", "50.0001|45.0001", 2023, 4000, 40), ("N39.000", "50.0001|45.0001", 2023, 4000, 40),
    ("N39.000", "50.0001|45.0001", 2023, 4200, 40), ("N39.000", "50.0001|45.0001", 2023, 4200, 40),
    ("N39.000", "50.0001|45.0002", 2023, 3400, 40),
    ("N39.000", "30.0001", 2021, 5000, 40), ("N39.000", "81.0001", 2022, 800, 40),
    ("Z00.000", "", 2023, 100, 40),
    ("J18.900", "", 2023, -1, 40),    # bad cost
    ("J18.900", "", 2019, 2000, 40),  # year outside 2021-2023
    ("NOPE.1", "", 2023, 2000, 40),   # unknown code
]


def history(yuan=False):
    df = pd.DataFrame(HISTORY, columns=["dx", "proc", "year", "yuan", "age_years"])
    df["sex"] = np.int8(1)
    # cost -1 yuan is stored as -100 fen, as the C test does
    df["cost"] = [Decimal(y) if yuan else y * 100 for y in df.yuan]
    return df


PARAMS = dict(trim_low="0.1", trim_high="0.9", threshold=3, subtype_min_cases=2, region="test-city")


@pytest.fixture
def base(make_pack):
    d = make_pack("dip-build-base", tables=BASE_TABLES, kind="dip-catalog", name="DIP-test", version="1",
                  region="sample", parameters={"match": {"tie_break": "first"}})
    with yibao.DipCatalog(d) as cat:
        yield cat


def test_hand_worked_history_gives_the_scores(base, tmp_path):
    b = base.build(history(), tmp_path / "out", sep="|", progress=False, **PARAMS)
    st = b.row_status
    assert (st[-3], st[-2], st[-1], st[0]) == (yibao.Status.E_ROW_COST, yibao.Status.E_ROW_YEAR,
                                               yibao.Status.E_ROW_DX_CODE, 0)
    s = b.summary
    assert (s["cases"], s["cases_bad"], s["threshold"]) == (len(HISTORY), 3, 3)
    assert (s["cases_core"], s["cases_comprehensive"]) == (13 + 5 + 4 + 4, 2 + 1 + 1)
    assert (s["cases_ungrouped"], s["cases_trimmed"]) == (1, 1)  # Z00.000; 9000 in JC1 2023
    assert (s["groups_national"], s["groups_local"], s["groups_comprehensive"]) == (2, 2, 3)
    assert s["mean_all"] == Decimal("2110.500000")
    g = b.groups.iloc[0]
    assert (g.code, g.cases, g.cases_kept, g.mean_cost, g.score, g.primary_care) == \
        ("JC1", 13, 12, 1154444445, 5470004, True)
    assert dict(zip(b.groups.code, b.groups.score)) == {
        "JC1": 5470004, "JC2": 10660981, "LC0001": 15811595, "LC0002": 19426676, "ZH-K25-C": 2842928,
        "ZH-N39-S": 23691068, "ZH-N39-T": 3790571}
    assert sorted(b.groups.code[b.groups.local]) == ["LC0001", "LC0002"]
    with b.load() as cat:
        assert cat.lookup("LC0002") == 4  # after JC1..3 and LC0001
        cases = pd.DataFrame({"dx": ["N39.000", "K25.900", "J18.900"], "proc": ["50.0001|45.0001", "", ""],
                              "age_years": [40, 40, 80], "sex": [1, 1, 1]})
        r = cat.group(cases, sep="|", progress=False)
        assert r.group.tolist() == ["LC0002", "ZH-K25-C", "JC2"]
        assert r.score.tolist()[:2] == [19426676, 2842928]
        assert r.layer.tolist()[1] == yibao.api.DipLayer.COMPREHENSIVE
        # the subtype coefficient and its score: 1066.0981 × 1.056790 = 1126.64181… → 1126.6418
        assert (r.subtype[2], r.subtype_coef[2], r.subtype_score[2]) == ("AGE65", 1056790, 11266418)
    text = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8")
    assert text.startswith("group,score,primary_care,name\nJC1,547.0004,1,appendicitis: laparoscopic\n"
                           "JC2,1066.0981,0,pneumonia: conservative\n")
    assert "ZH-N39-T,379.0571,0,N39 治疗性操作组\n" in text


def test_costs_in_yuan_and_list_columns_give_the_same_build(base, tmp_path):
    h = history(yuan=True)
    h["dx"] = [[d] for d in h.dx]
    h["proc"] = [[p for p in s.split("|") if p] for s in h.proc]
    b = base.build(h, tmp_path / "yuan", **PARAMS)
    assert b.groups.score.tolist()[:2] == [5470004, 10660981]
    with pytest.raises(TypeError):
        base.build(history().assign(cost=1.5), tmp_path / "f", sep="|", **PARAMS)


def test_reference_group_scale_coverage_and_weights(base, tmp_path):
    # m / m_JC2 × 1000: JC2 1000.0000; JC1 1154.444445 / 2250 × 1000 = 513.0864; ZH-N39-T 800 / 2250 × 1000
    b = base.build(history(), tmp_path / "ref", sep="|", reference_group="JC2", **PARAMS)
    scores = dict(zip(b.groups.code, b.groups.score))
    assert (scores["JC2"], scores["JC1"], scores["ZH-N39-T"]) == (10000000, 5130864, 3555556)
    with pytest.raises(yibao.NotFoundError, match="JC3"):  # switched off: no cases
        base.build(history(), tmp_path / "ref2", sep="|", reference_group="JC3", **PARAMS)
    b = base.build(history(), tmp_path / "k100", sep="|", scale=100, **PARAMS)
    assert b.groups.score.tolist()[:2] == [547000, 1066098]  # 54.70004… → 54.7000; 106.60981… → 106.6098
    # combinations of the first matching: 13, 8, 5, 2, 1, 1 (30 cases): 85 % of 30 = 25.5 is
    # reached at 26 (count 5); 90 % = 27 at 28 (count 2); 95 % = 28.5 at 29 (count 1).
    params = {k: v for k, v in PARAMS.items() if k != "threshold"}
    for share, want in (("0.85", 5), ("0.90", 2), ("0.95", 1)):
        assert base.build(history(), tmp_path / ("cov" + share), sep="|", coverage=share,
                          **params).summary["threshold"] == want
    # equal weights over 2021-2023: JC2 (2000 + 2200 + 2300) / 3 = 2166.666667
    b = base.build(history(), tmp_path / "w", sep="|", years=[2021, 2022, 2023], year_weights=[1, 1, 1], **PARAMS)
    assert b.groups.set_index("code").loc["JC2", "mean_cost"] == 2166666667
    # without new core groups everything else is comprehensive
    b = base.build(history(), tmp_path / "nolocal", sep="|", new_core_groups=False, **PARAMS)
    assert (b.summary["groups_local"], b.summary["groups_comprehensive"], b.summary["cases_comprehensive"]) == \
        (0, 3, 2 + 9 + 1)


def test_parameter_errors(base, tmp_path):
    with pytest.raises(yibao.ParamError, match="trim"):
        base.build(history(), tmp_path / "e", sep="|", **dict(PARAMS, trim_low="0.95"))
    with pytest.raises(yibao.ParamError, match="increasing"):
        base.build(history(), tmp_path / "e", sep="|", years=[2021, 2023, 2022], **PARAMS)
    with pytest.raises(yibao.ParamError):
        base.build(history(), tmp_path / "e", sep="|", **dict(PARAMS, threshold=0))
    with pytest.raises(yibao.InvalidArgumentError, match="base"):
        base.build(history(), base.path, sep="|", **PARAMS)
    with pytest.raises(ValueError):
        base.build(history(), tmp_path / "e", sep="|", coverage="0.9", **PARAMS)
    with pytest.raises(TypeError):
        base.build(history(), tmp_path / "e", sep="|", **dict(PARAMS, trim_low=0.1))


def test_built_subtypes_are_listed(base, tmp_path):
    with base.build(history(), tmp_path / "sub", sep="|", **PARAMS).load() as cat:
        sub = cat.subtypes()
    # AGE65 in JC2: 2377.777778 / 2250 = 1.056790 (the module docstring)
    assert ("AGE65", "JC2", 1056790) in list(sub.itertuples(index=False, name=None))
