#!/usr/bin/env python3
"""`yibao group` end to end: the 30 published CHS-DRG 1.1 cases, bad rows kept
with their status and message, the trace file, and usage errors.
Usage: test_cli_group.py YIBAO_EXE SOURCE_ROOT SCRATCH_DIR"""
import csv
import os
import subprocess
import sys
import unittest

EXE, ROOT, TMP = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
PACK = os.path.join(ROOT, 'packs', 'chs-drg-1.1')
FIXTURES = os.path.join(ROOT, 'tests', 'grouping', 'data', 'fixture_cases.csv')
HEADER = 'id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,procedures\n'


def run(*args):
    return subprocess.run([EXE, 'group'] + list(args), capture_output=True, text=True)


class GroupCommand(unittest.TestCase):
    def test_fixture_cases_get_the_published_drg(self):
        out = os.path.join(TMP, 'fixtures.out.csv')
        trace = os.path.join(TMP, 'fixtures.trace.txt')
        p = run('--scheme', PACK, '--input', FIXTURES, '--output', out, '--trace', trace, '--trace-id', '22091181')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('30 cases, 0 rejected', p.stderr)
        with open(out, encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0].keys()), ['id', 'status', 'status_name', 'mdc', 'adrg', 'drg', 'drg_name', 'mcc',
                                                'cc', 'unknown_codes', 'flags', 'message'])
        with open(FIXTURES, encoding='utf-8') as f:
            expected = {r['id']: r['expected_drg'] for r in csv.DictReader(f)}
        self.assertEqual(len(rows), 30)
        checked = 0
        for r in rows:
            self.assertEqual(r['status'], '0')
            if expected[r['id']]:
                self.assertEqual(r['drg'], expected[r['id']], r['id'])
                checked += 1
        self.assertEqual(checked, 24)
        with open(trace, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('case 22091181 (line 30)', text)
        self.assertIn('ADRG ZZ1 [not any_proc in valid_procedure]: yes', text)
        self.assertNotIn('case 22058878', text)

    def test_bad_rows_are_kept_with_status_and_message(self):
        src = os.path.join(TMP, 'bad.csv')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(HEADER)
            f.write('a,M,40,,,3,1,K35.800,,\n')                 # sex does not parse
            f.write('b,1,40,,,3,1,K35.800\n')                   # too few fields
            f.write('c,1,0,400,,3,1,K35.800,,\n')               # 0 years but 400 days
            f.write('d,1,40,,,3,1,"K35.800,x",,\n')             # malformed code
            f.write('e,1,40,,,3,1,K35.800,Z99.999,47.0901\n')   # unknown secondary: counted, row fine
        out = os.path.join(TMP, 'bad.out.csv')
        p = run('--scheme', PACK, '--input', src, '--output', out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, encoding='utf-8') as f:
            rows = {r['id']: r for r in csv.DictReader(f)}
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows['a']['status_name'], 'YB_E_ROW_SEX')
        self.assertIn('bad.csv:2', rows['a']['message'])
        self.assertEqual(rows['b']['status_name'], 'YB_E_FORMAT')
        self.assertIn('8 fields', rows['b']['message'])
        self.assertEqual(rows['c']['status_name'], 'YB_E_ROW_NEWBORN')
        self.assertIn('contradicts', rows['c']['message'])
        self.assertEqual(rows['d']['status_name'], 'YB_E_ROW_DX_CODE')
        self.assertEqual(rows['d']['drg'], '0000')
        self.assertEqual(rows['e']['status'], '0')
        self.assertEqual(rows['e']['unknown_codes'], '1')
        self.assertIn('UNKNOWN_CODE', rows['e']['flags'])

    def test_dip_catalogue_adds_its_columns(self):
        """--dip: each case also gets the group the national DIP workbook gives it (the rows of
        dip_cases.csv, as for `yibao dip group`); the CHS-DRG columns are those of a run without it."""
        dip_cases = os.path.join(ROOT, 'tests', 'grouping', 'data', 'dip_cases.csv')
        out = os.path.join(TMP, 'dip.out.csv')
        plain = os.path.join(TMP, 'dip.plain.csv')
        trace = os.path.join(TMP, 'dip.trace.txt')
        p = run('--scheme', PACK, '--dip', os.path.join(ROOT, 'packs', 'dip-3.0'), '--input', dip_cases,
                '--output', out, '--trace', trace, '--trace-id', 'angina-stent')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('DIP ', p.stderr)
        self.assertEqual(run('--scheme', PACK, '--input', dip_cases, '--output', plain).returncode, 0)
        with open(out, encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        with open(plain, encoding='utf-8') as f:
            drg_only = {r['id']: r for r in csv.DictReader(f)}
        with open(dip_cases, encoding='utf-8') as f:
            expected = {r['id']: r['expected_group'] for r in csv.DictReader(f)}
        self.assertEqual(list(rows[0].keys()), ['id', 'status', 'status_name', 'mdc', 'adrg', 'drg', 'drg_name', 'mcc',
                                                'cc', 'unknown_codes', 'flags', 'dip_status', 'dip_group', 'dip_score',
                                                'dip_subtype', 'dip_subtype_coef', 'message'])
        self.assertEqual(len(rows), len(expected))
        for r in rows:
            self.assertEqual(r['dip_group'], expected[r['id']], r['id'])
            for k, v in drg_only[r['id']].items():
                self.assertEqual(r[k], v, (r['id'], k))
            if r['dip_group']:
                # the national catalogue has no scores; no subtype applies: coefficient 1
                self.assertEqual((r['dip_status'], r['dip_score'], r['dip_subtype'], r['dip_subtype_coef']),
                                 ('OK', '', '', '1.000000'), r['id'])
        got = {r['id']: r for r in rows}
        self.assertEqual(got['excluded-z51']['dip_status'], 'OK')  # excluded principal: not grouped, not an error
        self.assertEqual(got['bad-code']['dip_status'], 'YB_E_ROW_DX_CODE')
        self.assertEqual(got['bad-sex']['dip_status'], 'YB_E_ROW_SEX')  # the parse status, as for CHS-DRG
        self.assertEqual(got['bad-vent']['status_name'], 'YB_E_ROW_VENT_HOURS')
        self.assertEqual(got['bad-vent']['dip_status'], 'YB_E_ROW_VENT_HOURS')
        self.assertIn("dip_cases.csv:15: vent_hours", got['bad-vent']['message'])
        self.assertIn("'abc'", got['bad-vent']['message'])
        with open(trace, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('case angina-stent (line 5)', text)
        self.assertIn('DIP:', text)
        self.assertIn('BX0609', text)

    def test_bench_group_prints_both_engines_and_ends_with_the_summary(self):
        """Not a timing test: the benchmark's lines and its machine-readable last line (issue 3)."""
        p = subprocess.run([EXE, 'bench', 'group', '--cases', '3000', '--passes', '1'], capture_output=True,
                           text=True, cwd=ROOT)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.strip().splitlines()
        for engine, label in (('drg', 'CHS-DRG-1.1'), ('dip', 'DIP-3.0')):
            for form in ('strings, 1 thread ', 'ids,     1 thread ', 'strings, 2 threads', 'ids,     2 threads'):
                self.assertTrue(any(l.startswith('%s %s %s: 3000 cases in ' % (engine, label, form)) for l in lines),
                                (engine, form, p.stdout))
        self.assertRegex(lines[-1], r'^group CHS-DRG-1\.1 3000 cases [0-9.]+ s [0-9]+ cases/s$')
        p = subprocess.run([EXE, 'bench', 'dip', '--cases', '3000', '--passes', '1'], capture_output=True, text=True,
                           cwd=ROOT)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout.strip().splitlines()[-1], r'^group DIP-3\.0 3000 cases [0-9.]+ s [0-9]+ cases/s$')
        self.assertNotIn('drg ', p.stdout)

    def test_usage_and_file_errors(self):
        self.assertEqual(run('--scheme', PACK).returncode, 2)
        p = run('--scheme', '/nonexistent', '--input', FIXTURES, '--output', os.path.join(TMP, 'x.csv'))
        self.assertEqual(p.returncode, 1)
        self.assertIn('/nonexistent', p.stderr)
        p = run('--scheme', PACK, '--input', '/nonexistent.csv', '--output', os.path.join(TMP, 'x.csv'))
        self.assertEqual(p.returncode, 1)
        self.assertIn('YB_E_IO', p.stderr)
        p = run('--scheme', PACK, '--dip', '/nonexistent-dip', '--input', FIXTURES, '--output',
                os.path.join(TMP, 'x.csv'))
        self.assertEqual(p.returncode, 1)
        self.assertIn('/nonexistent-dip', p.stderr)


if __name__ == '__main__':
    os.makedirs(TMP, exist_ok=True)
    unittest.main(argv=[sys.argv[0]])
