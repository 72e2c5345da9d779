#!/usr/bin/env python3
"""Writes packs/sample-benefit: the benefit policy of the imaginary sample city
(2024-2025) used by the benefit tests, examples/benefit and `yibao bench benefit`.

Every figure below is marked with its source, as in packs/sample-benefit/SOURCE.md:
[D] DOMAIN.md section 4, [S4]/[S1] the shared seed papers, [N] a national document
(not in the shared seeds), [I] an illustrative choice. SOURCE.md is maintained by
hand next to the tables; this tool writes the CSV tables and pack.json.

Standard library only; rerunnable; byte-for-byte deterministic output.
Usage: tools/import/sample_benefit.py [--out PACK_DIR]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib  # noqa: E402

INSURED = ['employee', 'retired', 'resident']
PLACES = [('local', 0), ('out_of_area', -10), ('referred', -5)]  # ratio points off [I]; [N] up to 10 off
LEVELS = [1, 2, 3]

# Inpatient deductible per admission [I]: higher at higher levels, lower for retirees.
DEDUCTIBLE = {'employee': {1: 300, 2: 600, 3: 1000}, 'retired': {1: 200, 2: 400, 3: 700},
              'resident': {1: 200, 2: 500, 3: 900}}
# Pooled-fund ratio above the deductible (percent): [S4] realised 2022 shares by level,
# employees 89.2/87.2/79.8, residents 80.1/71.9/63.7; retirees 5 points above employees [I].
RATIO = {'employee': {1: 90, 2: 87, 3: 85}, 'retired': {1: 95, 2: 92, 3: 90}, 'resident': {1: 85, 2: 75, 3: 65}}
SEGMENT_FROM = 30000          # employees and retirees: +5 points above 30000 yuan [I]
RESIDENT_2025_POINTS = 2      # residents' ratios rise by 2 points from 2025 [I], a dated change
# Outpatient pooling ratio (percent) [N] 国办发〔2021〕14号: from 50 %, retirees and primary care higher.
OP_RATIO = {'employee': {1: 60, 2: 55, 3: 50}, 'retired': {1: 70, 2: 65, 3: 60}, 'resident': {1: 50, 2: 40, 3: 30}}

ITEMS = [
    # code, name, class, first pay, price limit, valid_from, valid_to  ([I] sample codes, not national ones)
    ('D.A02BC01.CAP', '奥美拉唑肠溶胶囊 omeprazole capsule', 'A', '', '', '', ''),
    ('D.A10BA02.TAB', '盐酸二甲双胍片 metformin tablet', 'A', '', '', '', ''),
    ('D.B01AC04.TAB', '硫酸氢氯吡格雷片 clopidogrel tablet', 'A', '', '', '', ''),
    ('D.B05BB01.INJ', '氯化钠注射液 0.9% sodium chloride injection', 'A', '', '', '', ''),
    ('D.C09CA01.TAB', '氯沙坦钾片 losartan tablet', 'A', '', '', '', ''),
    ('D.C10AA05.TAB', '阿托伐他汀钙片 atorvastatin tablet', 'A', '', '', '', ''),
    ('D.H02AB02.INJ', '地塞米松磷酸钠注射液 dexamethasone injection', 'A', '', '', '', ''),
    ('D.J01CA04.CAP', '阿莫西林胶囊 amoxicillin capsule', 'A', '', '', '', ''),
    ('D.N02BE01.TAB', '对乙酰氨基酚片 paracetamol tablet', 'A', '', '', '', ''),
    ('D.J01DD04.INJ', '注射用头孢曲松钠 ceftriaxone for injection', 'B', '0.10', '', '', ''),
    ('D.R05CB01.GRA', '乙酰半胱氨酸颗粒 acetylcysteine granules', 'B', '0.10', '', '', ''),
    ('D.L01FG01.INJ', '贝伐珠单抗注射液 bevacizumab injection (negotiated)', 'B', '0.10', '', '', ''),
    ('D.L01EB04.TAB', '甲磺酸奥希替尼片 osimertinib tablet (negotiated)', 'B', '0.10', '', '', ''),
    ('D.L04AB04.INJ', '阿达木单抗注射液 adalimumab injection (negotiated)', 'B', '0.10', '', '', ''),
    ('D.NEW001.INJ', 'sample innovative drug (not listed in 2024)', 'C', '', '', '2024-01-01', '2024-12-31'),
    ('D.NEW001.INJ', 'sample innovative drug (negotiated into the list from 2025)', 'B', '0.15', '', '2025-01-01', ''),
    ('D.TCM.CORDYCEPS', '冬虫夏草 cordyceps (not payable)', 'C', '', '', '', ''),
    ('D.V06DX.SUPP', '营养补充剂 dietary supplement', 'C', '', '', '', ''),
    ('S.REG.OUTPATIENT', '普通门诊诊查费 outpatient consultation', 'A', '', '', '', ''),
    ('S.BED.GENERAL', '普通病房床位费 ward bed per day (standard-bed price limit)', 'A', '', '60.00', '', ''),
    ('S.NURSE.L1', '一级护理 level-1 nursing per day', 'A', '', '', '', ''),
    ('S.LAB.CBC', '血常规 complete blood count', 'A', '', '', '', ''),
    ('S.LAB.BIOCHEM', '肝肾功能 liver and kidney panel', 'A', '', '', '', ''),
    ('S.CT.HEAD', '头颅CT平扫 head CT', 'A', '', '', '', ''),
    ('S.MRI.HEAD', '头颅MRI head MRI', 'B', '0.10', '', '', ''),
    ('S.PETCT.WHOLE', '全身PET-CT whole-body PET-CT', 'B', '0.20', '', '', ''),
    ('S.SURG.APPENDIX', '阑尾切除术 appendectomy', 'A', '', '', '', ''),
    ('S.SURG.PCI', '经皮冠状动脉介入治疗 PCI', 'A', '', '', '', ''),
    ('S.SURG.KNEE', '人工膝关节置换术 knee replacement', 'A', '', '', '', ''),
    ('S.REHAB.PT', '运动疗法 physiotherapy session', 'B', '0.10', '', '', ''),
    ('S.SURG.ROBOT', '机器人辅助手术加收 robot-assisted surcharge', 'C', '', '', '', ''),
    ('S.DENTAL.IMPLANT', '种植牙 dental implant', 'C', '', '', '', ''),
    ('M.STENT.DES', '冠脉药物洗脱支架 drug-eluting coronary stent', 'B', '0.10', '800.00', '', ''),
    ('M.IOL.MONO', '人工晶体 intraocular lens', 'B', '0.20', '2000.00', '', ''),
    ('M.KNEE.TOTAL', '人工膝关节 total knee prosthesis', 'B', '0.20', '7000.00', '', ''),
    ('M.SUTURE.ABS', '可吸收缝线 absorbable suture', 'B', '0.10', '', '', ''),
    ('M.CATHETER.URINE', '一次性导尿管 urinary catheter', 'A', '', '', '', ''),
    ('M.GLOVE.EXAM', '检查手套 examination gloves', 'C', '', '', '', ''),
]

INSURED_ROWS = [
    # insured, annual cap [I], deductible max, outpatient deductible / cap [I], account pays in scope, class B,
    # self-pay, family aid [N] 国办发〔2021〕14号, civil-servant subsidy ratio [I]
    ['2024-01-01', '', 'employee', '400000.00', '', '800.00', '3000.00', 'true', 'true', 'true', 'true', '0.5'],
    ['2024-01-01', '', 'retired', '400000.00', '', '600.00', '4000.00', 'true', 'true', 'true', 'true', '0.5'],
    ['2024-01-01', '', 'resident', '250000.00', '', '100.00', '500.00', 'true', 'true', 'false', 'true', '0'],
]

CRITICAL_ILLNESS = [
    # employees' tier [S1]: threshold, cap [I]; residents: half of the previous year's per-capita disposable
    # income [N] 医保发〔2019〕30号 — 39218 / 2 (2023 income) and 41314 / 2 (2024 income); tilt [N] 医保发〔2021〕6号
    ['2024-01-01', '', 'employee', '20000.00', '500000.00', 'false', 'false', 'false', '0.5', '0.05', 'true'],
    ['2024-01-01', '', 'retired', '20000.00', '500000.00', 'false', 'false', 'false', '0.5', '0.05', 'true'],
    ['2024-01-01', '2024-12-31', 'resident', '19609.00', '400000.00', 'false', 'true', 'false', '0.5', '0.05', 'true'],
    ['2025-01-01', '', 'resident', '20657.00', '400000.00', 'false', 'true', 'false', '0.5', '0.05', 'true'],
]

BANDS = [
    # on the cumulative counted amount [D]; at least 60 % [N] 医保发〔2019〕30号; values [I]
    ['2024-01-01', '', 'employee', '0.00', '0.80'],
    ['2024-01-01', '', 'retired', '0.00', '0.80'],
    ['2024-01-01', '2024-12-31', 'resident', '0.00', '0.60'],
    ['2024-01-01', '2024-12-31', 'resident', '100000.00', '0.70'],
    ['2024-01-01', '2024-12-31', 'resident', '200000.00', '0.80'],
    ['2025-01-01', '', 'resident', '0.00', '0.60'],
    ['2025-01-01', '', 'resident', '100000.00', '0.70'],
    ['2025-01-01', '', 'resident', '200000.00', '0.80'],
]

ASSISTANCE = [
    # [N] 国办发〔2021〕42号: no threshold for 特困 and 低保, about 10 % (低保边缘) and 25 % (因病致贫) of the
    # per-capita disposable income (39218), at least 70 % for 特困 and 低保; tilt [N] 医保发〔2021〕6号; caps [I]
    ['2024-01-01', '', 1, '特困人员 (extreme-poverty support)', '0.00', '0.90', '100000.00', 'true', 'true', 'false'],
    ['2024-01-01', '', 2, '低保对象 (minimum living allowance)', '0.00', '0.70', '60000.00', 'true', 'true', 'false'],
    ['2024-01-01', '', 3, '低保边缘家庭成员 (low-income margin)', '3922.00', '0.60', '40000.00', 'false', 'false', 'false'],
    ['2024-01-01', '', 4, '返贫致贫人口 (returned to or fell into poverty)', '3922.00', '0.60', '40000.00', 'true', 'false',
     'false'],
    ['2024-01-01', '', 5, '因病致贫重病患者 (impoverished by illness)', '9805.00', '0.50', '30000.00', 'false', 'false',
     'false'],
]


def pct(points):
    return '%.2f' % (min(100, points) / 100)


def tables():
    inpatient, coins, repeat, outpatient = [], [], [], []
    for ins in INSURED:
        for lv in LEVELS:
            for place, off in PLACES:
                inpatient.append(['2024-01-01', '', ins, lv, place, '%d.00' % DEDUCTIBLE[ins][lv]])
                r = RATIO[ins][lv] + off
                if ins == 'resident':
                    coins.append(['2024-01-01', '2024-12-31', ins, lv, place, '0.00', pct(r)])
                    coins.append(['2025-01-01', '', ins, lv, place, '0.00', pct(r + RESIDENT_2025_POINTS)])
                else:
                    coins.append(['2024-01-01', '', ins, lv, place, '0.00', pct(r)])
                    coins.append(['2024-01-01', '', ins, lv, place, '%d.00' % SEGMENT_FROM, pct(r + 5)])
                outpatient.append(['2024-01-01', '', ins, lv, place, pct(OP_RATIO[ins][lv] + (0 if off == 0 else -10))])
        # 2nd admission half the deductible, 3rd and later none [D]
        repeat += [['2024-01-01', '', ins, 1, '1'], ['2024-01-01', '', ins, 2, '0.5'], ['2024-01-01', '', ins, 3, '0']]
    return [
        ('items', ['code', 'name', 'class', 'b_first_pay', 'price_limit', 'valid_from', 'valid_to'], ITEMS,
         'item catalogue: class A/B/C, class-B first-pay ratio, unit price limit'),
        ('inpatient', ['valid_from', 'valid_to', 'insured', 'level', 'place', 'deductible'], inpatient,
         'inpatient deductible per admission by insured type, level, place'),
        ('coinsurance', ['valid_from', 'valid_to', 'insured', 'level', 'place', 'from', 'ratio'], coins,
         'pooled-fund ratio by segment of the amount above the deductible'),
        ('repeat_admission', ['valid_from', 'valid_to', 'insured', 'admission', 'factor'], repeat,
         'deductible factor for the 2nd, 3rd… admission of the year'),
        ('insured', ['valid_from', 'valid_to', 'insured', 'annual_cap', 'inpatient_deductible_max',
                     'outpatient_deductible', 'outpatient_cap', 'account_pays_in_scope', 'account_pays_b_first',
                     'account_pays_self_pay', 'family_aid', 'civil_servant_ratio'], INSURED_ROWS,
         'annual cap, outpatient pooling, personal account and family aid by insured type'),
        ('outpatient', ['valid_from', 'valid_to', 'insured', 'level', 'place', 'ratio'], outpatient,
         'outpatient pooling ratio by insured type, level, place'),
        ('critical_illness', ['valid_from', 'valid_to', 'insured', 'threshold', 'cap', 'counts_deductible',
                              'counts_b_first', 'counts_outpatient', 'tilt_threshold_factor', 'tilt_ratio_add',
                              'tilt_no_cap'], CRITICAL_ILLNESS,
         'critical-illness insurance threshold, cap, switches and tilt'),
        ('critical_illness_bands', ['valid_from', 'valid_to', 'insured', 'from', 'ratio'], BANDS,
         'critical-illness ratio by band of the cumulative amount'),
        ('assistance', ['valid_from', 'valid_to', 'category', 'name', 'threshold', 'ratio', 'cap', 'ci_tilt',
                        'covers_outpatient', 'counts_b_first'], ASSISTANCE, 'medical assistance by category'),
    ]


def main(argv):
    out = packlib.out_root(argv, 'sample-benefit')
    packlib.ensure_dir(out)
    listed = []
    for name, header, rows, desc in tables():
        n = packlib.write_csv(os.path.join(out, name + '.csv'), header, rows)
        listed.append((name, name + '.csv', n, desc))
    meta = {
        'kind': 'benefit-policy', 'name': 'sample-city-benefit', 'version': '2025.1', 'region': 'sample',
        'valid_from': '2024-01-01', 'valid_to': None,
        'source': 'hand-made sample policy for a sample city; every value and its source are listed in SOURCE.md',
        'licence': 'MIT',
        'description': 'Plausible benefit parameters of an imaginary prefecture-level city for 2024-2025 '
                       '(employees in service and retired, residents).',
    }
    parameters = {'rounding': 'half_up', 'catalogue': {'unknown_item': 'self_pay', 'amount_tolerance': '0.01'},
                  'inpatient': {'segment_basis': 'claim'}, 'outpatient': {'counts_toward_annual_cap': False}}
    packlib.write_manifest(out, meta, listed, parameters)
    print('wrote %s' % out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
