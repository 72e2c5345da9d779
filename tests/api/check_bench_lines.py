#!/usr/bin/env python3
"""Every `yibao bench` command runs on a small input and ends with its
machine-readable line (the format the issues fix). Not a timing test: the
figures themselves are reported from full-size runs, never asserted.

    check_bench_lines.py YIBAO_EXE SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

EXE, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
NUM = r'[0-9]+(\.[0-9]+)?'
CASES = [
    (['bench', 'points', '--cases', '20000', '--repeat', '2'],
     r'^points 20000 cases %s s [0-9]+ cases/s$' % NUM),
    (['bench', 'benefit', '--claims', '3000', '--members', '500', '--repeat', '1'],
     r'^benefit 3000 claims %s s [0-9]+ claims/s$' % NUM),
    (['bench', 'capitation', '--entries', '5000'],
     r'^capitation 5000 entries %s s [0-9]+ entries/s ' % NUM),
]
print('1..%d' % (len(CASES) + 1))
n = 0
for args, pattern in CASES:
    n += 1
    p = subprocess.run([EXE] + args, capture_output=True, text=True, cwd=ROOT)
    lines = p.stdout.strip().splitlines()
    last = lines[-1] if lines else ''
    ok = p.returncode == 0 and re.match(pattern, last) is not None
    print('%s %d - yibao %s' % ('ok' if ok else 'not ok', n, ' '.join(args)))
    if not ok:
        print('# rc %d, last line %r, stderr %r' % (p.returncode, last, p.stderr[-500:]))
n += 1
p = subprocess.run([EXE, 'bench', 'points', '--repeat', '0'], capture_output=True, text=True, cwd=ROOT)
ok = p.returncode == 2 and '--repeat' in p.stderr
print('%s %d - bench points rejects --repeat 0 with a usage message' % ('ok' if ok else 'not ok', n))
