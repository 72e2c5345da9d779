#!/usr/bin/env python3
"""CHS-DRG 1.0 修订版 (NHSA) from ../shared/data/chs_drg_10_tables -> packs/chs-drg-1.0.

Usage: tools/import/chs_drg_10.py [--data SHARED_DATA_DIR] [--out PACK_DIR]

Source choice. Two 1.0 sources are in ../shared/data and they disagree on about 5% of
the MCC/CC codes: chs_drg_10_tables (bolingjack/DRG-GROUP @9f63f3b, grouper_rule.xlsx)
and opendrg_chs_drg_10 (OpenDRG/DRG_Python @5d523a26). Only the first carries the whole
scheme (MDC diagnosis lists, ADRG diagnosis and procedure tables and the per-DRG rule
expressions); OpenDRG's copy has the MCC/CC/exclusion tables and the DRG names only. A
scheme must be internally consistent, so this pack is built from chs_drg_10_tables alone;
the disagreement with OpenDRG is measured and written to SOURCE.md, and the pack is
identified by its fingerprint (and the inputs by their SHA-256 below), never by "1.0".

Semantics (the rule expressions of drg_rules.csv, read as the source's grouper applies
them; bolingjack/DRG-GROUP grouper.py, commit 9f63f3b):
  * a case "has an operation" when some procedure is in one of the ADRG procedure
    tables (the union is the list `adrg_procedure`); rows with op = 1 apply only to
    such cases, rows with op = 0 only to the others;
  * MDCA's ADRGs are tried first; then the pre-MDC rules in the order P, Y, Z, M, N, O
    (the MDCA "MDC" rows): the first whose rule holds is the MDC and grouping stays in
    it (on_no_match = stop); otherwise the MDCs of the principal diagnosis, B … X in
    table order, are tried one after the other (on_no_match = next);
  * is_pd1/is_pd2 -> principal_dx in L, is_sd1/is_sd2 -> secondary_dx in L,
    is_op2 -> any_proc in L (L = the classification: B00, BB1, AC1_01 …);
    multi_wound -> principal_dx in Z00 and distinct_tags(any_dx in Z00) >= 2, where Z00
    is the union of Z01 … Z08 tagged with their body region;
    newborn_age_month == 0 -> age_days <= 28 (the 1.0 ADRG names say 出生年龄＜29天),
    1 <= newborn_age_month <= 12 -> age_days >= 29, the birth-weight comparisons as written;
  * DRG rows: mcc/cc flags (1,0) -> has_mcc, (0,1) -> has_cc and not has_mcc,
    (0,0) -> not has_mcc and not has_cc, (-1,-1) -> true; an MCC/CC secondary is
    cancelled when the principal is in the secondary's exclusion table (表7-x);
  * QY rows (BQY …) are ordinary ADRGs of kind `ambiguous`, tried where the table puts them.
Difference: when no row of the principal's MDCs matches, the source reports one of those
MDCs (Python set order) with DRG 0000; this pack reports no MDC (deterministic).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

SRC = 'chs_drg_10_tables'
ALT = 'opendrg_chs_drg_10'
# SHA-256 of the inputs this tool was written against (the data README publishes none
# for this folder); a changed input stops the tool.
CHECKSUMS = {
    'mdc.csv': '3976178b7be4b234e17418f95c99222751d28bf94d5acd74cc78ea01cd75a378',
    'mdc_diagnosis.csv': '35ade70ab63c903f94d853a506cee07ddbf7a8258a5646507c895e5a7f31d3df',
    'adrg.csv': '01c05c0de86dfdf89dc22563f6d7c96af25a991ec988b214323268c3fcd3b755',
    'adrg_diagnosis.csv': '74d72b7c7e22cc6ffbd7af84981378eb26654f624c5c1eb4ae3edf692a66696d',
    'adrg_procedure.csv': 'f7f5b897350b4a44744b9138a7d256bbd5574d6ed8e2c6f85ebe35e984673cb6',
    'drg.csv': '773208955cd2205419949eb87117c4cc48bb6c59ea6b23f541b76652a261afc9',
    'drg_rules.csv': 'e94ffee7e5dd2690dcd3c503c9bbd05ab1f1ffad12a763ac66c43d484ce62ee5',
    'mcc.csv': '4c8b59935c5e4ebe58b8d078f535809ac5d16097feeb62664748fc724d708fff',
    'cc.csv': '6ffa0e6fb830505ebb7df6459d70417ff0ab3d156c652116746b6ccf5b1456ff',
    'cc_exclusion.csv': 'c94f38e94c5a0cecc088dbf8b7d87c31c14ab6df1ac5a1be42bd5a657d4bc80f',
}
PRE = ['MDCP', 'MDCY', 'MDCZ', 'MDCM', 'MDCN', 'MDCO']


def convert(expr):
    e = expr.strip()
    if e == '1':
        return 'true'
    if e == '0':
        return 'false'
    e = re.sub(r"is_pd[12]\(case, '([A-Za-z0-9_]+)'\)", r'principal_dx in \1', e)
    e = re.sub(r"is_sd[12]\(case, '([A-Za-z0-9_]+)'\)", r'secondary_dx in \1', e)
    e = re.sub(r"is_op2\(case, '([A-Za-z0-9_]+)'\)", r'any_proc in \1', e)
    e = e.replace('case.age == 0 and 0 <= case.newborn_age_month <= 12', 'age_years == 0')
    e = e.replace('1 <= case.newborn_age_month <= 12', 'age_days >= 29')
    e = e.replace('case.newborn_age_month == 0', 'age_days <= 28')
    e = e.replace('0 < case.newborn_birth_weight < 1500', 'birth_weight > 0 and birth_weight < 1500')
    e = re.sub(r'1500 <= case.newborn_birth_weight\s*<\s*2500', 'birth_weight >= 1500 and birth_weight < 2500', e)
    e = e.replace('2500 <= case.newborn_birth_weight', 'birth_weight >= 2500')
    e = e.replace('case.gender ==', 'sex ==')
    e = e.replace('multi_wound(case)', 'principal_dx in Z00 and distinct_tags(any_dx in Z00) >= 2')
    if 'case' in e or '(' in e.replace('distinct_tags(', ''):
        raise SystemExit('unconverted rule: ' + expr)
    return P.check_condition_words(e)


def read_dat(path):
    """OpenDRG's `code<space>value` lines (the last of a repeated key wins)."""
    out = {}
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.strip():
            k, _, v = line.partition(' ')
            out[k] = v
    return out


def compare_with_opendrg(root, mcc, cc, excl):
    alt = os.path.join(root, ALT)
    omcc = {P.normalize_code(k): v for k, v in read_dat(os.path.join(alt, 'MCC.dat')).items()}
    occ = {P.normalize_code(k): v for k, v in read_dat(os.path.join(alt, 'CC.dat')).items()}
    ocs = {P.normalize_code(k): v for k, v in read_dat(os.path.join(alt, 'CCE.dat')).items()}
    only_b_mcc, only_o_mcc = len(set(mcc) - set(omcc)), len(set(omcc) - set(mcc))
    only_b_cc, only_o_cc = len(set(cc) - set(occ)), len(set(occ) - set(cc))
    both = len(set(mcc) | set(cc) | set(omcc) | set(occ))
    differ = len((set(mcc) ^ set(omcc)) | (set(cc) ^ set(occ)))
    return ('MCC: %d codes here, %d in OpenDRG (%d only here, %d only there); CC: %d here, %d there (%d only '
            'here, %d only there); %d of %d MCC/CC codes (%.1f%%) are classified differently; exclusion '
            'table rows: %d here, %d there.' % (len(mcc), len(omcc), only_b_mcc, only_o_mcc, len(cc), len(occ),
                                                 only_b_cc, only_o_cc, differ, both, 100.0 * differ / both,
                                                 len(excl), len(ocs)))


def main(argv):
    root = P.data_root(argv)
    data, out, sums = P.open_import(argv, SRC, 'chs-drg-1.0', CHECKSUMS)
    mdc_names = {r['mdc_code']: r['mdc_name'] for r in P.read_csv(os.path.join(data, 'mdc.csv'))}
    adrg_names = {r['adrg_code']: r['adrg_name'] for r in P.read_csv(os.path.join(data, 'adrg.csv'))}
    drg_names = {r['drg_code']: r['drg_name'] for r in P.read_csv(os.path.join(data, 'drg.csv'))}
    rules = P.read_csv(os.path.join(data, 'drg_rules.csv'))

    dx_lists, proc_lists = [], []
    for r in P.read_csv(os.path.join(data, 'mdc_diagnosis.csv')):
        code = P.normalize_code(r['diagnosis_code'])
        dx_lists.append((r['classification'], code, ''))
        if r['classification'].startswith('Z'):
            dx_lists.append(('Z00', code, r['classification']))
    for r in P.read_csv(os.path.join(data, 'adrg_diagnosis.csv')):
        dx_lists.append((r['classification'], P.normalize_code(r['diagnosis_code']), ''))
    for r in P.read_csv(os.path.join(data, 'adrg_procedure.csv')):
        code = P.normalize_code(r['operation_code'])
        proc_lists.append((r['classification'], code, ''))
        proc_lists.append(('adrg_procedure', code, ''))

    # MDCs: A, then the pre-MDC rules in their order, then B … X in table order.
    post = [r['mdc_code'] for r in rules if r['mdc_code'] not in ['MDCA'] + PRE]
    post = list(dict.fromkeys(post))
    pre_rules = {r['drg_code']: r['mdc_rule'] for r in rules if r['adrg_code'] == 'MDC'}
    mdc_rows = [['MDCA', 1, mdc_names['MDCA'], 'true', 'next', '', '']]
    for i, m in enumerate(PRE):
        mdc_rows.append([m, 2 + i, mdc_names[m], convert(pre_rules[m]), 'stop', '', ''])
    post_rule = {r['mdc_code']: r['mdc_rule'] for r in rules if r['mdc_code'] in post}
    for i, m in enumerate(post):
        mdc_rows.append([m, 2 + len(PRE) + i, mdc_names[m], convert(post_rule[m]), 'next', '', ''])

    adrg_rows, drg_rows, seen = [], [], {}
    for r in rules:
        a = r['adrg_code']
        if a == 'MDC':
            continue
        m = r['mdc_code']
        cond = convert(r['adrg_rule'])
        op = r['op']
        cond = ('(%s) and any_proc in adrg_procedure' % cond) if op == '1' else (
            '(%s) and not any_proc in adrg_procedure' % cond) if op == '0' else cond
        if a not in seen:
            seen[a] = (cond, m)
            kind = 'ambiguous' if a.endswith('QY') else P.adrg_kind(a)
            order = sum(1 for x in adrg_rows if x[1] == m) + 1
            adrg_rows.append([a, m, order, kind, adrg_names.get(a, ''), cond])
        elif seen[a] != (cond, m):
            raise SystemExit('ADRG %s has rows with different rules' % a)
        flags = (r['mcc'], r['cc'])
        pred = {('1', '0'): 'has_mcc', ('0', '1'): 'has_cc and not has_mcc',
                ('0', '0'): 'not has_mcc and not has_cc', ('-1', '-1'): 'true'}[flags]
        order = sum(1 for x in drg_rows if x[1] == a) + 1
        drg_rows.append([r['drg_code'], a, order, pred, drg_names.get(r['drg_code'], '')])

    dx_lists, proc_lists, dx_drop, proc_drop = P.dedupe_lists(dx_lists, proc_lists)
    mcc, cc = ({P.normalize_code(r['diagnosis_code']): r['excluded_table'] for r in P.read_csv(os.path.join(data, f))}
               for f in ('mcc.csv', 'cc.csv'))
    cc_rows = P.cc_table(mcc.items(), cc.items())
    excl = {}
    for r in P.read_csv(os.path.join(data, 'cc_exclusion.csv')):
        k = P.normalize_code(r['diagnosis_code'])
        if k in excl and excl[k] != r['table_name']:
            raise SystemExit('principal %s in two exclusion tables' % k)
        excl[k] = r['table_name']
    excl_rows = [[k, v] for k, v in excl.items()]
    comparison = compare_with_opendrg(root, mcc, cc, excl)

    P.write_drg_scheme(out, {
        'version': '1.0', 'valid_from': '2020-06-12',
        'source': 'NHSA CHS-DRG 1.0 修订版 as converted from bolingjack/DRG-GROUP@9f63f3b file/grouper_rule.xlsx '
                  '(../shared/data/%s), imported by tools/import/chs_drg_10.py' % SRC,
        'licence': 'NHSA published scheme (no licence stated by the source repository)',
        'description': 'CHS-DRG 1.0 修订版: 26 MDC, %d ADRG, %d DRG; see SOURCE.md for the source choice.'
                       % (len(adrg_rows), len(drg_rows)),
    }, [
        ('mdc', mdc_rows, 'MDCs: A, the pre-MDC rules P Y Z M N O, then B … X'),
        ('adrg', adrg_rows, 'ADRG rules (with the op gate) in table order'),
        ('drg', drg_rows, 'DRGs with their MCC/CC predicates'),
        ('dx_lists', dx_lists, 'MDC and ADRG diagnosis tables by classification; Z00 = Z01 … Z08 tagged'),
        ('proc_lists', proc_lists, 'ADRG procedure tables by classification; adrg_procedure = their union'),
        ('cc', cc_rows, 'MCC and CC with their table (表7-x)'),
        ('cc_exclusion', excl_rows, 'principal diagnosis -> exclusion table'),
    ])
    lines = ['# CHS-DRG 1.0 pack: provenance', '',
             'Generated by `tools/import/chs_drg_10.py` from `../shared/data/%s/` (rerunnable, byte-identical output).'
             % SRC, '',
             '- Content: the NHSA CHS-DRG 1.0 修订版 grouping scheme.',
             '- Upstream: bolingjack/DRG-GROUP, commit 9f63f3b, `file/grouper_rule.xlsx`, converted sheet by sheet '
             'by the shared data set. The repository states no licence; the content is the NHSA\'s published '
             'scheme, cited here (`LICENCE.md`).',
             '', '## Why this source and not OpenDRG\'s 1.0 tables', '',
             'Only this source has the whole scheme (MDC and ADRG code tables and the rule of every DRG); '
             '`../shared/data/%s` has only MCC/CC/exclusion tables, DRG names and a valid-procedure list, which '
             'cannot be combined with another source\'s ADRG tables without making a scheme nobody published. '
             'The two disagree:' % ALT, '', '- ' + comparison, '',
             'Identify this scheme by the pack fingerprint (`yibao pack info packs/chs-drg-1.0`), not by "1.0".',
             '', '## What was transformed', '',
             'See the docstring of `tools/import/chs_drg_10.py` for the reading of each rule expression. '
             '%d diagnosis and %d procedure rows repeated inside one list were dropped.' % (dx_drop, proc_drop)]
    P.write_source_md(out, lines, sums)
    P.write_text(os.path.join(out, 'LICENCE.md'),
                 '# Rights\n\nCHS-DRG 1.0 修订版 is published by the National Healthcare Security Administration '
                 '(国家医疗保障局). The tables were converted from bolingjack/DRG-GROUP, which states no licence. '
                 'Cite the NHSA publication wherever this pack is used.\n')
    print('%s: %d MDC, %d ADRG, %d DRG; %s' % (out, len(mdc_rows), len(adrg_rows), len(drg_rows), comparison))


if __name__ == '__main__':
    main(sys.argv[1:])
