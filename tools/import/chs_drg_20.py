#!/usr/bin/env python3
"""CHS-DRG 2.0 (NHSA 2024) from ../shared/data/chs_drg_20_tables -> packs/chs-drg-2.0.

Usage: tools/import/chs_drg_20.py [--data SHARED_DATA_DIR] [--out PACK_DIR]

Follows chs_drg_20_tables/README.md ("Grouping semantics the tables encode"):
  1. principal diagnosis in zd_invalid -> not groupable (dx_principal_invalid, row status
     YB_E_ROW_PRINCIPAL_DX); a principal procedure in ss_invalid does not count
     (proc_principal_invalid: it is ignored, the other procedures still count);
  2. pre-MDCs in the order A, P, Y, Z, each entered only when one of its ADRGs matches
     (on_no_match = next): MDCA gate `true`; MDCP gate `age_years == 0 and age_days < 365`
     with each MDCP ADRG's age and birth-weight band taken from its name (see below);
     MDCY gate `any_dx in mdc_zd` (the strategy switch mdcyPrincipalDiagnosisOnly is false);
     MDCZ gate `principal_dx in mdc_zd and distinct_tags(any_dx in mdc_zd) >= 2` (tag = body site);
  3. main MDC: the first remaining MDC in file order whose list holds the principal
     diagnosis, MDCM skipped for women and MDCN for men; its ADRGs are the only ones
     tried (on_no_match = stop: no ADRG -> 0000 inside that MDC);
  4. ADRGs in file order; sections by name (主要 = principal, 其他 = secondary, no prefix =
     any position; 诊断 = diagnoses, 手术或操作 = procedures; trailing numbers only name
     lists); `_logicRPN` turned into and/or/not; empty logic = (any diagnosis section) and
     (any procedure section); requiredProcedureGroups, requiredReferencedADRGs,
     referencedADRGs, anyProcedureRequired, zeroProceduresRequired as named; a medical
     ADRG (second letter R-Z) chosen while the case has an effective principal procedure
     -> the MDC's ambiguous group xQY (no medical ADRG of 2.0 lists procedures, so "a
     principal procedure the ADRG does not list" is "a principal procedure");
  5. DRGs in file order: WITH_MCC -> has_mcc, WITH_CC -> has_mcc or has_cc, NO_CC and
     ADRG_ONLY -> true (they come last in their ADRG).
MDCP bands from the ADRG names (the tables carry them nowhere else): a name with
"29天≤出生年龄＜1周岁" needs age_days >= 29, every other MDCP ADRG age_days <= 28;
"出生体重＜1500g" -> 0 < weight < 1500, "1500-1999g" -> 1500..1999, "2000-2499g" ->
2000..2499, "＞2499g" -> weight > 2499 (a weight of 0 g, which validation accepts, is in no
band).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

SRC = 'chs_drg_20_tables'
# First 16 hex digits of SHA-256, as published in chs_drg_20_tables/README.md.
CHECKSUMS = {
    'adrg_rules.json': '23bc1943d74b097e',
    'cc_codes.json': 'dfbb4b593ab4faf0',
    'cce_codes.json': '3b873d3dbc1ded8c',
    'mcc_codes.json': '2b1885d4b72596ea',
    'mdc_rules.json': '421431eeb5822389',
    'ss_invalid.json': '68434edcadfc08c6',
    'zd_invalid.json': '4ea9fb2164113a59',
    'ADRG.dat': '63e41a373c31d088',
    'DRG.dat': 'd44511b849d528b8',
    'csv/drg.csv': '0899891bae788968',
    'config/drg-common_chs-2.0_config.json': 'dbe879ac3a1a53c5',
}
PRE = ['MDCA', 'MDCP', 'MDCY', 'MDCZ']
SECTION = re.compile(r'^(主要|其他)?(诊断|手术或操作)(?:\s+(\d+))?$')
QY_NAME = '与主要诊断无关的手术'


def section(name):
    m = SECTION.match(name.strip())
    if not m:
        raise SystemExit('unknown section name %r' % name)
    pos, what, num = m.groups()
    is_dx = what == '诊断'
    position = {'主要': 'principal', '其他': 'secondary', None: 'any'}[pos]
    prefix = {'principal': 'p', 'secondary': 's', 'any': ''}[position]
    list_name = prefix + ('dx' if is_dx else 'proc') + (num or '')
    atom_pos = position + ('_dx' if is_dx else '_proc')
    return is_dx, list_name, '%s in %s' % (atom_pos, list_name)


def rpn_to_infix(rpn, atoms):
    st = []
    for t in rpn:
        if isinstance(t, dict):
            st.append(atoms[t['name']])
        elif t in ('&&', '||'):
            b, a = st.pop(), st.pop()
            st.append('(%s %s %s)' % (a, 'and' if t == '&&' else 'or', b))
        elif t == '!':
            st.append('(not %s)' % st.pop())
        else:
            raise SystemExit('unknown RPN token %r' % t)
    if len(st) != 1:
        raise SystemExit('bad RPN')
    e = st[0]
    return e[1:-1] if e.startswith('(') and e.endswith(')') else e


def weight_band(name):
    i = name.find('出生体重')
    if i < 0:
        return None
    t = name[i:].replace('－', '-').replace('—', '-').replace('–', '-')
    m = re.search(r'(\d{3,4})\s*-\s*(\d{3,4})', t)
    if m:
        return 'birth_weight >= %s and birth_weight <= %s' % m.groups()
    m = re.search(r'([＜<＞>])\s*(\d{3,4})', t)
    if not m:
        raise SystemExit('cannot read the weight band of %r' % name)
    op, v = m.groups()
    return ('birth_weight > 0 and birth_weight < %s' % v) if op in '＜<' else ('birth_weight > %s' % v)


def main(argv):
    data, out, sums = P.open_import(argv, SRC, 'chs-drg-2.0', CHECKSUMS)

    def load(name):
        return P.read_json(os.path.join(data, name))

    cfg = load('config/drg-common_chs-2.0_config.json')
    mdcy_any = not cfg['strategy']['mdcyPrincipalDiagnosisOnly']
    mdcs = load('mdc_rules.json')
    rules = load('adrg_rules.json')
    adrg_names = {}
    for line in open(os.path.join(data, 'ADRG.dat'), encoding='utf-8'):
        if line.strip():
            code, name = line.rstrip('\n').split(' ', 1)
            adrg_names[code] = name
    if [r['code'] for r in rules] != list(adrg_names):
        raise SystemExit('adrg_rules.json and ADRG.dat disagree on the ADRG order')

    dx_lists, proc_lists = [], []
    order = PRE + [m['code'] for m in mdcs if m['code'] not in PRE]
    mdc_rows = []
    for m in mdcs:
        code = m['code']
        lst = code + '.mdc_zd'
        for dx in m.get('identifyingDiagnoses') or []:
            dx_lists.append((lst, P.normalize_code(dx), ''))
        for site, codes in (m.get('mdczCategories') or {}).items():
            for dx in codes:
                dx_lists.append((lst, P.normalize_code(dx), site))
        if code == 'MDCA':
            gate, nomatch = 'true', 'next'
        elif code == 'MDCP':
            gate, nomatch = 'age_years == 0 and age_days < 365', 'next'
        elif code == 'MDCY':
            gate, nomatch = ('any_dx in mdc_zd' if mdcy_any else 'principal_dx in mdc_zd'), 'next'
        elif code == 'MDCZ':
            gate, nomatch = 'principal_dx in mdc_zd and distinct_tags(any_dx in mdc_zd) >= 2', 'next'
        else:
            gate, nomatch = 'principal_dx in mdc_zd', 'stop'
            if code == 'MDCM':
                gate += ' and sex != 2'
            elif code == 'MDCN':
                gate += ' and sex != 1'
        mdc_rows.append([code, order.index(code) + 1, m['name'], gate, nomatch])

    by_code = {r['code']: r for r in rules}

    def proc_sections(code):
        return [(n, c) for n, c in by_code[code]['rule']['sections'].items() if not section(n)[0]]

    adrg_rows, medical_mdcs, counts = [], set(), {}
    for r in rules:
        code, rule = r['code'], r['rule']
        mdc = 'MDC' + code[0]
        counts[mdc] = counts.get(mdc, 0) + 1
        secs = rule['sections']
        atoms = {}
        for name, codes in secs.items():
            is_dx, lname, atom = section(name)
            atoms[name] = atom
            for c in codes:
                (dx_lists if is_dx else proc_lists).append((code + '.' + lname, P.normalize_code(c), ''))
        flags = [k for k in ('requiredReferencedADRGs', 'referencedADRGs', 'anyProcedureRequired',
                             'zeroProceduresRequired', 'requiredProcedureGroups') if rule.get(k)]
        if flags and secs:
            raise SystemExit('%s: flags together with sections' % code)
        if rule.get('_logicCompileError'):
            raise SystemExit('%s: logic did not compile upstream' % code)
        if 'requiredReferencedADRGs' in flags:
            parts = []
            for ref in rule['requiredReferencedADRGs']:
                lname = 'ref_' + ref
                for _, codes in proc_sections(ref):
                    for c in codes:
                        proc_lists.append((code + '.' + lname, P.normalize_code(c), ''))
                parts.append('any_proc in ' + lname)
            cond = ' and '.join(parts)
        elif 'referencedADRGs' in flags:
            for ref in rule['referencedADRGs']:
                for _, codes in proc_sections(ref):
                    for c in codes:
                        proc_lists.append((code + '.ref', P.normalize_code(c), ''))
            cond = 'any_proc in ref'
        elif 'anyProcedureRequired' in flags:
            cond = 'has_procedure'
        elif 'zeroProceduresRequired' in flags:
            cond = 'not has_procedure'
        elif 'requiredProcedureGroups' in flags:
            parts = []
            for i, group in enumerate(rule['requiredProcedureGroups'], 1):
                for c in group:
                    proc_lists.append(('%s.group%d' % (code, i), P.normalize_code(c), ''))
                parts.append('any_proc in group%d' % i)
            cond = ' and '.join(parts)
        elif rule['logic']:
            cond = rpn_to_infix(rule['_logicRPN'], atoms)
        elif secs:
            dx = [atoms[n] for n in secs if section(n)[0]]
            pr = [atoms[n] for n in secs if not section(n)[0]]
            terms = ['(' + ' or '.join(x) + ')' if len(x) > 1 else x[0] for x in (dx, pr) if x]
            cond = ' and '.join(terms)
        else:
            raise SystemExit('%s: no rule' % code)
        name = adrg_names[code]
        if mdc == 'MDCP':
            age = 'age_days >= 29' if '29天≤出生年龄＜1周岁' in name else 'age_days <= 28'
            band = weight_band(name)
            cond = '(%s) and %s%s' % (cond, age, ' and ' + band if band else '')
        kind = P.adrg_kind(code)
        if kind == 'medical':
            medical_mdcs.add(mdc)
        adrg_rows.append([code, mdc, counts[mdc], kind, name, P.check_condition_words(cond)])
    # The ambiguous group of each MDC with a medical ADRG (synthesised: the data has no QY rows).
    for row in mdc_rows:
        mdc = row[0]
        if mdc in medical_mdcs:
            qy = mdc[3] + 'QY'
            adrg_rows.append([qy, mdc, 10000, 'ambiguous', QY_NAME, 'false'])
            row += [qy, 'has_principal_proc']
        else:
            row += ['', '']

    pred = {'WITH_MCC': 'has_mcc', 'WITH_CC': 'has_mcc or has_cc', 'NO_CC': 'true', 'ADRG_ONLY': 'true'}
    drg_rows = [[d['drg_code'], d['adrg_code'], d['order_within_adrg'], pred[d['condition']], d['drg_name']]
                for d in P.read_csv(os.path.join(data, 'csv/drg.csv'))]
    dat_names = dict(line.rstrip('\n').split('\t', 1) for line in open(os.path.join(data, 'DRG.dat'),
                                                                       encoding='utf-8') if line.strip())
    for r in drg_rows:
        if dat_names.get(r[0]) != r[4]:
            raise SystemExit('DRG.dat and csv/drg.csv disagree on %s' % r[0])
    for row in mdc_rows:
        if row[5]:
            drg_rows.append([row[5], row[5], 1, 'true', QY_NAME])

    dx_lists, proc_lists, dx_drop, proc_drop = P.dedupe_lists(dx_lists, proc_lists)
    mcc, cc = ([(P.normalize_code(k), str(v)) for k, v in load(f).items()] for f in ('mcc_codes.json', 'cc_codes.json'))
    cc_rows = P.cc_table(mcc, cc)
    cce = load('cce_codes.json')
    excl_rows = [[P.normalize_code(k), str(v)] for k, v in cce.items()]
    zd_invalid = load('zd_invalid.json')
    ss_invalid = load('ss_invalid.json')
    zd_rows = [[P.normalize_code(k)] for k in zd_invalid]
    ss_rows = [[P.normalize_code(k)] for k in ss_invalid]

    mdc_rows.sort(key=lambda r: r[1])
    P.write_drg_scheme(out, {
        'version': '2.0', 'valid_from': '2025-01-01',
        'source': 'NHSA CHS-DRG 2.0 (2024-07-23 publication) as the data files of qweaszxcdf/CHS-DRG-Grouper@0fb16d4 '
                  '(../shared/data/%s), imported by tools/import/chs_drg_20.py' % SRC,
        'licence': 'NHSA published scheme (not relicensed by the source repository)',
        'description': 'CHS-DRG 2.0 (国家医疗保障疾病诊断相关分组 2.0 版): 26 MDC, 409 ADRG, 634 DRG, plus the '
                       'ambiguous groups; semantics of chs_drg_20_tables/README.md.',
    }, [
        ('mdc', mdc_rows, 'MDCs in try order (A, P, Y, Z, then file order)'),
        ('adrg', adrg_rows, 'ADRG rules in file order within their MDC; xQY synthesised'),
        ('drg', drg_rows, 'DRGs in file order within their ADRG'),
        ('dx_lists', dx_lists, 'MDC lists (tag = MDCZ body site) and ADRG diagnosis sections'),
        ('proc_lists', proc_lists, 'ADRG procedure sections, groups and referenced ADRG procedures'),
        ('cc', cc_rows, 'MCC and CC codes with their table'),
        ('cc_exclusion', excl_rows, 'principal diagnosis -> exclusion table'),
        ('dx_principal_invalid', zd_rows, 'zd_invalid: diagnoses not allowed as principal'),
        ('proc_principal_invalid', ss_rows, 'ss_invalid: procedures not valid as principal'),
    ])
    lines = ['# CHS-DRG 2.0 pack: provenance', '',
             'Generated by `tools/import/chs_drg_20.py` from `../shared/data/%s/` (rerunnable, byte-identical output).'
             % SRC, '',
             '- Content: the National Healthcare Security Administration (NHSA) CHS-DRG 2.0 grouping scheme, '
             'publication of 2024-07-23, national from 2025.',
             '- Upstream data files: qweaszxcdf/CHS-DRG-Grouper, stored commit 0fb16d4a (ADRG.dat from 6a83a031), '
             '`src/data/drg-common/chs-2.0/` and `src/data/versions/chs-drg-2.0/`; re-assembled by the shared data '
             'set (see its README).',
             '- Rights: that repository licenses its own code under Apache-2.0 and states that the official rule '
             'data, ICD codes and names are NHSA material it does not relicense. No licence file is therefore copied; '
             'this pack is the NHSA\'s published scheme, cited here. `LICENCE.md` says the same.',
             '', '## What was transformed', '',
             'See the docstring of `tools/import/chs_drg_20.py` for every rule; in short:', '',
             '- `mdc.csv`: try order A, P, Y, Z, then file order; gates as the README states; pre-MDCs `next`, main '
             'MDCs `stop`; each MDC with a medical ADRG gets the synthesised ambiguous group `xQY` with '
             '`qy_condition` = `has_principal_proc`.',
             '- `adrg.csv`: one condition per ADRG from its sections, `_logicRPN` and flags; MDCP age/weight bands '
             'from the ADRG names; `kind` from the second letter; `xQY` rows (condition `false`, reached only by the '
             'redirect).',
             '- `drg.csv`: `csv/drg.csv` with WITH_MCC -> `has_mcc`, WITH_CC -> `has_mcc or has_cc`, NO_CC/ADRG_ONLY '
             '-> `true`; names checked against `DRG.dat`; one `xQY` DRG per ambiguous group.',
             '- Lists: ADRG sections as `<ADRG>.<pdx|sdx|dx|pproc|sproc|proc><n>`, groups as `<ADRG>.group<k>`, '
             'referenced ADRGs\' procedures as `<ADRG>.ref[_<ADRG>]`, MDC lists as `<MDC>.mdc_zd`. %d diagnosis and '
             '%d procedure rows repeated inside one list were dropped.' % (dx_drop, proc_drop),
             '- `cc.csv`, `cc_exclusion.csv`, `dx_principal_invalid.csv`, `proc_principal_invalid.csv`: the JSON '
             'tables as rows. No full code set ships with 2.0, so the dictionaries are open: a code outside every '
             'table is unknown but not an error.']
    P.write_source_md(out, lines, sums)
    P.write_text(os.path.join(out, 'LICENCE.md'),
                 '# Rights\n\nThe CHS-DRG 2.0 grouping scheme is published by the National Healthcare Security '
                 'Administration (国家医疗保障局). The data files it was imported from (qweaszxcdf/CHS-DRG-Grouper) '
                 'are not relicensed by that repository, whose Apache-2.0 licence covers its code only. Cite the NHSA '
                 'publication of 2024-07-23 wherever this pack is used.\n')
    print('%s: %d MDC, %d ADRG, %d DRG, %d dx list rows, %d proc list rows' % (
        out, len(mdc_rows), len(adrg_rows), len(drg_rows), len(dx_lists), len(proc_lists)))


if __name__ == '__main__':
    main(sys.argv[1:])
