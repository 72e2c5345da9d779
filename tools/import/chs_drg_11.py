#!/usr/bin/env python3
"""CHS-DRG 1.1 (NHSA) from ../shared/data/chs_drg_11_tables -> packs/chs-drg-1.1.

Usage: tools/import/chs_drg_11.py [--data SHARED_DATA_DIR] [--out PACK_DIR]

The source tables (extracted from OpenDRG/DRG_Python @5d523a26, Apache-2.0)
already carry the grouping semantics in a neutral notation; their README
("Grouping semantics the tables encode") is followed exactly:
  * MDCs in `mdc.order`, each with its `gate`; a gated MDC whose ADRGs all fail
    lets the next MDC try (fall-through); no MDC -> 0000;
  * ADRGs in `order_in_mdc`, first `condition_normalized` that holds;
  * DRGs in `order_in_adrg`, first `predicate` that holds;
  * the ambiguity (QY) branch is disabled in 1.1: no qy_adrg;
  * validation as GroupProxy.check (the library's default validation).
Notation changes (the library's condition language, doc/packs-drg.md):
  gender == k                 -> sex == k
  trauma_region_count >= 2    -> distinct_tags(any_dx in mdc_zd) >= 2 (tag = region)
  ss_tag('k')                 -> any_proc in ss['k']              (tag = the ss row's tag)
List names are qualified by their owner: MDCB.mdc_zd, AA1.ss, AA1.zd, AC1.ss1;
valid_procedure is global.
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import packlib as P  # noqa: E402

SRC = 'chs_drg_11_tables'
# Published in chs_drg_11_tables/README.md ("Tables").
CHECKSUMS = {
    'mdc.csv': 'cd8fbdb567a89ba4b89ca8201d4e42cee721a59b726dbaf37750d26330cb76bc',
    'mdc_diagnosis.csv': 'b5914cdde01e52bc16895bca9cb18c72d4358315a81690e4273fb15eca88b989',
    'adrg.csv': '25e3538f87a434ae63759cce6d4c6b768e65dce7ae0ab6941743bdeee8d91882',
    'adrg_code.csv': '73f1315bf3c74a389acb217f7023bf5b3d5910f9a54a97f2068512a3d260e779',
    'drg.csv': 'b3959783bd54434d0cc45a480e3a584c4a923e2fa6bfa7335351feaf4e6cb8d2',
    'mcc.csv': '7dfc432800a0880b3d4425040c5af3bb0bf6aa55a56b9895d8e66ca6b0a4f429',
    'cc.csv': '20dfb94e538b58539f5937e1adf8f222ea104c866ca04ef07b50ec59d65e6dfd',
    'cc_exclusion.csv': '11bbfd0674be0686c699607c622b872ab8ffb90c10feedf33829d38182a086b3',
    'valid_procedure.csv': 'c5b6d5fc5f8b0c90f18587e24f169f7cb4fe01720ecda7dd3f0b9c4bf87a1658',
    'icd10_codes.csv': '07234c69845c9e87603fc580781044c5ca97412d8db0e7a0694f718584c4ea8b',
    'icd9cm3_codes.csv': 'e55f56b372be768998ea5807fccdda72c24ebda6dc1ca3776bdf33f3292422f9',
    'LICENSE.Apache-2.0.txt': 'c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4',
}
# MDC names: the source has none; these are the NHSA MDC titles as given by the
# CHS-DRG 1.0 tables (chs_drg_10_tables/mdc.csv), which 1.1 keeps.
MDC_NAMES_FROM = 'chs_drg_10_tables/mdc.csv'


def convert(cond):
    c = cond.replace('gender ==', 'sex ==')
    c = c.replace('trauma_region_count', 'distinct_tags(any_dx in mdc_zd)')
    c = re.sub(r"ss_tag\('([^']*)'\)", r"any_proc in ss['\1']", c)
    if 'ss_tag' in c or 'gender' in c or 'trauma' in c:
        raise SystemExit('unconverted notation: ' + cond)
    return P.check_condition_words(c)


def main(argv):
    data, out, sums = P.open_import(argv, SRC, 'chs-drg-1.1', CHECKSUMS)
    names10 = {r['mdc_code']: r['mdc_name'] for r in P.read_csv(os.path.join(P.data_root(argv), MDC_NAMES_FROM))}

    mdcs = P.read_csv(os.path.join(data, 'mdc.csv'))
    mdc_rows = [[m['mdc'], m['order'], names10.get(m['mdc'], ''), convert(m['gate']), 'next', '', '']
                for m in mdcs]

    adrgs = P.read_csv(os.path.join(data, 'adrg.csv'))
    adrg_rows = [[a['adrg'], a['mdc'], a['order_in_mdc'], P.adrg_kind(a['adrg']), a['name'],
                  convert(a['condition_normalized'])] for a in adrgs]

    drgs = P.read_csv(os.path.join(data, 'drg.csv'))
    drg_rows = [[d['drg'], d['adrg'], d['order_in_adrg'], d['predicate'], d['name']] for d in drgs]

    dx_lists, proc_lists = [], []
    for r in P.read_csv(os.path.join(data, 'mdc_diagnosis.csv')):
        dx_lists.append((r['mdc'] + '.' + r['list'], P.normalize_code(r['code']), r['region']))
    for r in P.read_csv(os.path.join(data, 'adrg_code.csv')):
        row = (r['adrg'] + '.' + r['list'], P.normalize_code(r['code']), r['tag'])
        (proc_lists if r['list'].startswith('ss') else dx_lists).append(row)
    for r in P.read_csv(os.path.join(data, 'valid_procedure.csv')):
        proc_lists.append(('valid_procedure', P.normalize_code(r['code']), ''))
    dx_lists, proc_lists, dx_drop, proc_drop = P.dedupe_lists(dx_lists, proc_lists)

    mcc, cc = ([(P.normalize_code(r['code']), r['table']) for r in P.read_csv(os.path.join(data, f))]
               for f in ('mcc.csv', 'cc.csv'))
    cc_rows = P.cc_table(mcc, cc)
    excl_rows = [[P.normalize_code(r['principal_code']), r['table']]
                 for r in P.read_csv(os.path.join(data, 'cc_exclusion.csv'))]

    dx_codes = [[P.normalize_code(r['code']), r['name']] for r in P.read_csv(os.path.join(data, 'icd10_codes.csv'))]
    proc_codes = [[P.normalize_code(r['code']), r['name']]
                  for r in P.read_csv(os.path.join(data, 'icd9cm3_codes.csv'))]

    shutil.copyfile(os.path.join(data, 'LICENSE.Apache-2.0.txt'), os.path.join(out, 'LICENSE.Apache-2.0.txt'))
    P.write_drg_scheme(out, {
        'version': '1.1', 'valid_from': '2021-01-01',
        'source': 'NHSA CHS-DRG 1.1; tables extracted from OpenDRG/DRG_Python@5d523a26 (../shared/data/%s), '
                  'imported by tools/import/chs_drg_11.py' % SRC,
        'licence': 'Apache-2.0',
        'description': 'CHS-DRG 1.1 (国家医疗保障疾病诊断相关分组 1.1 版): 26 MDC, 376 ADRG, 628 DRG; semantics of '
                       'chs_drg_11_tables/README.md (fall-through to the next MDC, QY disabled).',
    }, [
        ('mdc', mdc_rows, 'MDCs in try order with their gates (README: mdc.csv)'),
        ('adrg', adrg_rows, 'ADRG rules in order within their MDC'),
        ('drg', drg_rows, 'DRG split predicates in order within their ADRG'),
        ('dx_lists', dx_lists, 'MDC and ADRG diagnosis lists (tag = MDCZ region)'),
        ('proc_lists', proc_lists, 'ADRG procedure lists and valid_procedure'),
        ('cc', cc_rows, 'MCC and CC secondary diagnoses with their exclusion table'),
        ('cc_exclusion', excl_rows, 'principal diagnosis -> the exclusion table it cancels'),
        ('dx_codes', dx_codes, 'ICD-10 医保版 codes of the scheme (closed dictionary)'),
        ('proc_codes', proc_codes, 'ICD-9-CM-3 医保版 codes of the scheme'),
    ])
    lines = ['# CHS-DRG 1.1 pack: provenance', '',
             'Generated by `tools/import/chs_drg_11.py` from `../shared/data/%s/` (rerun it to regenerate; the output is'
             ' byte-identical for the same input).' % SRC, '',
             '- Upstream: OpenDRG/DRG_Python, commit `5d523a26b110082fee8d6e324e2e527ad0b87ee5` (2023-08-26), '
             'directory `drg_group/chs_drg_11`, as tables extracted by the shared data set (its README documents the '
             'extraction and a 20,030-case validation against OpenDRG).',
             '- Licence: Apache License 2.0 (`LICENSE.Apache-2.0.txt`, copied unchanged). The content is the National '
             'Healthcare Security Administration (NHSA) CHS-DRG 1.1 scheme with the 医保版 ICD-10 / ICD-9-CM-3 codes.',
             '- MDC names come from `../shared/data/%s` (the NHSA MDC titles; the 1.1 source has none).' % MDC_NAMES_FROM,
             '', '## What was transformed', '',
             '- `mdc.csv`: `gate` in the library notation (`gender` -> `sex`, `trauma_region_count` -> '
             '`distinct_tags(any_dx in mdc_zd)`); `on_no_match` = `next` for every MDC (README step 4: fall-through);'
             ' no ambiguous group (README: the QY branch is disabled in 1.1).',
             '- `adrg.csv`: `condition_normalized` with `ss_tag(\'k\')` -> `any_proc in ss[\'k\']`; `kind` from the '
             'second letter of the code (A-J surgical, K-Q non-OR, R-Z medical).',
             '- `drg.csv`: `predicate` unchanged (`true`, `has_mcc`, `has_mcc or has_cc`).',
             '- `dx_lists.csv` / `proc_lists.csv`: `mdc_diagnosis.csv` as `<MDC>.mdc_zd` (tag = MDCZ region), '
             '`adrg_code.csv` as `<ADRG>.<list>` (zd/zd1 diagnoses, ss/ss1 procedures, tag = JA1/JA2/NA1 label), '
             '`valid_procedure.csv` as `valid_procedure`. Codes normalised as include/yibao/dict.h says; %d diagnosis '
             'and %d procedure rows repeated inside one list were dropped.' % (dx_drop, proc_drop),
             '- `cc.csv`: `mcc.csv` (level MCC) and `cc.csv` (level CC); `cc_exclusion.csv` unchanged.',
             '- `dx_codes.csv` / `proc_codes.csv`: `icd10_codes.csv` / `icd9cm3_codes.csv`: the scheme\'s full code '
             'sets, so an unknown principal code is a row error (YB_E_ROW_DX_CODE / _PROC_CODE).']
    P.write_source_md(out, lines, sums,
                      [(MDC_NAMES_FROM, P.sha256_file(os.path.join(P.data_root(argv), MDC_NAMES_FROM)))])
    print('%s: %d MDC, %d ADRG, %d DRG, %d dx list rows, %d proc list rows' % (
        out, len(mdc_rows), len(adrg_rows), len(drg_rows), len(dx_lists), len(proc_lists)))


if __name__ == '__main__':
    main(sys.argv[1:])
