#!/usr/bin/env python3
"""Writes packs/sample-points/: the DIP point-value book of the sample pooling
region, with hand-chosen, documented parameters (no real region's values).

Everything below is a policy choice of the sample region, chosen to be
plausible against DOMAIN.md §2 and the DIP 3.0 draft (ch. 4); the reasons are
in packs/sample-points/SOURCE.md. Group codes follow the sample convention
"<4-character diagnosis>" for conservative treatment and
"<diagnosis>:<principal procedure>" for procedure groups, with diagnoses and
procedures from the national DIP 3.0 catalogue (../shared/data/dip_30_catalogue);
the region's catalogue builder replaces the scores table with scores learned
from the region's history (same columns).

Usage: tools/import/sample_points.py [PACKS_DIR]   (deterministic output)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# group, score (scale K = 1000 = the region's mean case), primary care (基层病种), name
SCORES = [
    ("A09.9", "312.5000", 1, "未特指病因的胃肠炎和结肠炎"),
    ("B02.9", "365.0000", 1, "带状疱疹不伴有并发症"),
    ("E11.9", "498.2000", 1, "2型糖尿病不伴有并发症"),
    ("G45.9", "455.0000", 1, "未特指的短暂性大脑缺血性发作"),
    ("J20.9", "338.4000", 1, "急性支气管炎"),
    ("K29.7", "341.7000", 1, "未特指的胃炎"),
    ("I10.x", "402.6000", 1, "特发性（原发性）高血压"),
    ("J18.9", "612.3000", 0, "肺炎，保守治疗"),
    ("J18.9:33.2400x001", "1150.8000", 0, "肺炎，支气管镜下活检"),
    ("J44.1", "835.0000", 0, "慢性阻塞性肺病伴急性加重，保守治疗"),
    ("J44.1:96.7101", "1930.4000", 0, "慢性阻塞性肺病伴急性加重，呼吸机治疗[<96小时]"),
    ("I63.9", "962.7000", 0, "脑梗死，保守治疗"),
    ("I63.9:00.6101", "5120.0000", 0, "脑梗死，经皮颈动脉球囊扩张成形术"),
    ("I25.1", "640.2000", 0, "动脉硬化性心脏病，保守治疗"),
    ("I25.1:88.5500", "1210.6000", 0, "动脉硬化性心脏病，冠状动脉造影"),
    ("I25.1:00.6600", "3890.5000", 0, "动脉硬化性心脏病，经皮冠状动脉球囊扩张成形术"),
    ("I50.9", "880.1000", 0, "心力衰竭，保守治疗"),
    ("K35.8:47.0100", "1012.4000", 0, "急性阑尾炎，腹腔镜下阑尾切除术"),
    ("K35.8", "455.9000", 0, "急性阑尾炎，保守治疗"),
    ("K80.1:51.2300", "1268.0000", 0, "胆囊结石伴胆囊炎，腹腔镜下胆囊切除术"),
    ("K40.9:53.0200", "905.3000", 0, "腹股沟疝，疝修补术"),
    ("N20.0:98.5101", "620.5000", 0, "肾结石，体外冲击波碎石术"),
    ("N20.0:59.8x03", "1035.0000", 0, "肾结石，经尿道输尿管支架置入术"),
    ("N40.x:60.2901", "1480.2000", 0, "前列腺增生，经尿道前列腺电切术"),
    ("O80.0", "520.0000", 0, "单胎顺产"),
    ("O82.0:74.1x01", "1105.6000", 0, "剖宫产术，子宫下段横切口"),
    ("H25.9:13.4100x001", "702.3000", 0, "老年性白内障，白内障超声乳化抽吸术"),
    ("S72.0:81.5100", "5260.0000", 0, "股骨颈骨折，全髋关节置换"),
    ("M17.1:81.5400", "5480.7000", 0, "膝关节病，全膝关节置换"),
    ("C34.1:32.2001", "4120.9000", 0, "肺恶性肿瘤，胸腔镜下肺部分切除术"),
    ("C50.9:85.4301", "3050.0000", 0, "乳房恶性肿瘤，单侧乳房改良根治术"),
    ("Z51.1:99.2500x038", "690.4000", 0, "肿瘤化学治疗"),
    ("N18.5:39.9500", "1620.0000", 0, "慢性肾病5期，血液透析"),
    ("R10.4", "298.6000", 0, "其他和未特指的腹痛"),
]

# level, base coefficient, name. Hand-chosen: a level-1 hospital's standard is
# 70% of a level-3 hospital's (DOMAIN.md §2 gives 0.93 / 0.72 / 0.55 as one city's).
LEVELS = [("3", "1.000000", "三级"), ("2", "0.850000", "二级"), ("1", "0.700000", "一级")]


def hospitals():
    """30 hospitals: H01–H05 level 3, H06–H15 level 2, H16–H30 level 1. Indicators
    are hand-chosen by rank within the level (no real hospital)."""
    rows = []
    for i in range(1, 31):
        hid = f"H{i:02d}"
        if i <= 5:
            level, cmi = "3", 1.05 + 0.06 * (i - 1)          # 1.05 … 1.29
        elif i <= 15:
            level, cmi = "2", 0.86 + 0.02 * (i - 6)          # 0.86 … 1.04
        else:
            level, cmi = "1", 0.62 + 0.01 * (i - 16)         # 0.62 … 0.76
        children = 0.06 + 0.01 * (i % 5)                     # 0.06 … 0.10
        elderly = 0.28 + 0.02 * (i % 7)                      # 0.28 … 0.40
        tcm = 0.02 + 0.01 * (i % 3)                          # 0.02 … 0.04
        name = f"样例医院{i:02d}"
        if i == 4:   # the region's TCM hospital
            tcm, name = 0.55, "样例中医医院"
        if i == 5:   # the region's maternal and children's hospital
            children, elderly, name = 0.62, 0.05, "样例妇幼保健院"
        rows.append([hid, level, name, "", f"{cmi:.4f}", f"{children:.4f}", f"{elderly:.4f}", f"{tcm:.4f}"])
    return rows


# Auxiliary subtypes valid in every group ("*"): comorbidity (CCI), severity and
# age bands of DOMAIN.md §1.2; coefficient = subtype mean cost ÷ group mean cost,
# hand-chosen here.
SUBTYPES = [
    ("*", "CCI1", "1.050000", "合并症指数1-2"),
    ("*", "CCI3", "1.120000", "合并症指数3-4"),
    ("*", "CCI5", "1.200000", "合并症指数≥5"),
    ("*", "SEVERE", "1.250000", "重度（器官衰竭/休克/脓毒症且住院>3天）"),
    ("*", "DEATH", "0.900000", "死亡"),
    ("*", "AGE0", "1.150000", "0-28天"),
    ("*", "AGE65", "1.050000", "≥65岁"),
    ("I63.9", "SEVERE", "1.350000", "脑梗死重度"),
]

# Clearing corridors: keep the first 10% of a surplus in full and half of the
# rest (capped below at 15% of the entitlement); the fund shares 50% of an
# overspend up to 10% and 30% from 10% to 20%; beyond 20% the hospital bears it.
CORRIDORS = [
    ("surplus", "0.100000", "1.000000"),
    ("surplus", "", "0.500000"),
    ("overspend", "0.100000", "0.500000"),
    ("overspend", "0.200000", "0.300000"),
]

PARAMETERS = {
    "method": "dip",
    "rounding": "half_up",
    "score": {"scale": "1000"},
    "pools": "by_insurance",
    "point_value": {"decimals": 4, "budget": {"employee": "10.2500", "resident": "9.6000"}},
    "settlement": {"method": "ratio", "ratio": {"employee": "0.850000", "resident": "0.700000"},
                   "conserve": True},
    "budget": {"year_weights": "1:2:7"},
    "hospital": {"combine": "add", "decimals": 4},
    "addon": {
        "cmi": {"reference": "1.000000", "slope": "0.100000", "cap": "0.050000"},
        "children": {"reference": "0.100000", "slope": "0.200000", "cap": "0.020000"},
        "elderly": {"reference": "0.300000", "slope": "0.100000", "cap": "0.020000"},
        "tcm": {"reference": "0.050000", "slope": "0.100000", "cap": "0.030000"},
    },
    "primary_care": {"coefficient": "1.000000"},
    "outlier": {
        "standard": "point_value", "by_level": True,
        "low": {"ratio": "0.5", "inclusive": False},
        "high": {"ratio": "2", "inclusive": False, "formula": "multiply"},
        "extreme": {"ratio": "5", "inclusive": False},
    },
    "ungrouped": {"rule": "cost_ratio", "ratio": "0.7"},
    "special_review": {"pool_share": "0.010000"},
    "advance": {"deposit_ratio": "0.050000"},
    "corridor": {"surplus_cap": "0.150000"},
}


SOURCE_MD = """# Sample region DIP point-value book (points-book)

Hand-chosen, documented parameters of the **sample pooling region** (no real region's values), written by
`tools/import/sample_points.py`. Plausibility comes from DOMAIN.md §2 and the DIP 3.0 technical specification
draft, chapter 4. The region lead aligns hospital ids and replaces `scores.csv` with the catalogue builder's
output (same columns `group,score,primary_care,name`).

| choice | value | why |
|---|---|---|
| method, score scale | DIP, K = 1000 | the region's mean case scores about 1000 |
| pools | employees and residents separately | common practice (DOMAIN.md §2) |
| budget point values | 10.2500 (employees), 9.6000 (residents) yuan/point, 4 decimals | mean case ≈ 10,000 yuan; residents' costs lower |
| settlement | (fund ÷ reimbursement ratio) ÷ Σ points; ratios 0.85 / 0.70; remainder rule on | DOMAIN.md §2 |
| budget year weights | 1 : 2 : 7 | DOMAIN.md §2 |
| levels | 三级 1.00, 二级 0.85, 一级 0.70 | level-1 standard 70% of level-3 |
| add-ons (added, each ≥ 0 and capped) | CMI (cmi − 1.0) × 0.1 ≤ 0.05; children (share − 0.10) × 0.2 ≤ 0.02; elderly (share − 0.30) × 0.1 ≤ 0.02; TCM (share − 0.05) × 0.1 ≤ 0.03 | rewards case mix and special populations modestly |
| hospital coefficient decimals | 4 | |
| primary-care groups | coefficient 1 at every level (同病同价) | DOMAIN.md §1.2 |
| outliers | standard = round4(score × level base) × point value; low < 0.5, high > 2 (multiply), extreme > 5 | DOMAIN.md §2 |
| ungrouped | 0.7 × cost, as points at the case's point value | DOMAIN.md §2 example |
| special review | 1% of the fund set aside | keeps 特例单议 within a small pool |
| quality deposit | 5% of each monthly advance | DOMAIN.md §2 (5–10%) |
| corridors | surplus: first 10% kept in full, the rest half, at most 15% of the entitlement; overspend: fund pays 50% up to 10%, 30% from 10% to 20%, nothing beyond | DOMAIN.md §2 ("≤10% at 50%") |
| subtypes ("*" rows) | CCI 1–2 1.05, 3–4 1.12, ≥5 1.20; severe 1.25; death 0.90; 0–28 days 1.15; ≥65 1.05; I63.9 severe 1.35 | DOMAIN.md §1.2 subtype kinds |

Hospitals H01–H05 are level 3 (H04 the TCM hospital, H05 the maternal and children's hospital), H06–H15 level 2,
H16–H30 level 1; their CMI and population shares are chosen by rank (see the script). Group diagnoses and
procedures come from the NHSA DIP 3.0 national catalogue (`../shared/data/dip_30_catalogue/`); the scores are
hand-chosen. Licence of this pack: the repository's (MIT).
"""


def main():
    packs = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "packs")
    out = os.path.join(packs, "sample-points")
    os.makedirs(out, exist_ok=True)
    tables = {
        "scores": P.write_table(out, "scores.csv", ["group", "score", "primary_care", "name"], SCORES),
        "levels": P.write_table(out, "levels.csv", ["level", "coefficient", "name"], LEVELS),
        "hospitals": P.write_table(
            out, "hospitals.csv",
            ["hospital", "level", "name", "coefficient", "cmi", "children_share", "elderly_share", "tcm_share"],
            hospitals()),
        "subtypes": P.write_table(out, "subtypes.csv", ["group", "subtype", "coefficient", "name"], SUBTYPES),
        "corridors": P.write_table(out, "corridors.csv", ["side", "upto", "share"], CORRIDORS),
    }
    manifest = {
        "format": "yibao-pack/1",
        "kind": "points-book",
        "name": "Sample region DIP point-value book",
        "version": "2024.1",
        "region": "sample",
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
        "tables": tables,
        "parameters": PARAMETERS,
        "source": "hand-chosen parameters of the sample region (tools/import/sample_points.py); "
                  "group diagnoses and procedures from the NHSA DIP 3.0 catalogue",
        "licence": "MIT",
        "description": "DIP book of the sample pooling region: 30 hospitals of three levels, employees and "
                       "residents in separate point-value pools",
    }
    P.write_json(os.path.join(out, "pack.json"), manifest)
    P.write_text(os.path.join(out, "SOURCE.md"), SOURCE_MD)
    print(f"{out}: {len(SCORES)} groups, 30 hospitals")


if __name__ == "__main__":
    main()
