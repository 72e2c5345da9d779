"""Shared helpers of the pack import tools (Python 3 standard library only).

Every tool reads the read-only tables under ../shared/data, checks their
SHA-256 against the value the data README publishes, and writes a pack
directory: UTF-8 CSV tables with '\\n' line ends, a pack.json manifest with the
tables' checksums, SOURCE.md and the upstream licence. Output is a pure
function of the input, so a rerun gives byte-identical files.
"""
import csv
import hashlib
import io
import json
import os
import sys

def data_root(argv):
    """The shared data directory: --data DIR, $YB_SHARED_DATA or /work/shared/data."""
    for i, a in enumerate(argv):
        if a == '--data' and i + 1 < len(argv):
            return argv[i + 1]
    return os.environ.get('YB_SHARED_DATA', '/work/shared/data')


def out_root(argv, default_name):
    for i, a in enumerate(argv):
        if a == '--out' and i + 1 < len(argv):
            return argv[i + 1]
    return os.path.join(os.path.dirname(__file__), '..', '..', 'packs', default_name)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def check_input(path, expected):
    """Refuses to run on an input whose checksum differs from the published one
    (expected may be a prefix of the hex digest)."""
    got = sha256_file(path)
    if not got.startswith(expected):
        sys.exit('%s: sha256 %s does not match the published %s' % (path, got, expected))
    return got


def read_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH['\u3000'] = ' '


def normalize_code(code):
    """The code normalisation of include/yibao/dict.h: full-width ASCII to ASCII,
    trim, upper case except an extension x (an X not first and not after '+' or
    a space). Raises ValueError for what the library would reject."""
    s = ''.join(_FULLWIDTH.get(ch, ch) for ch in code).strip(' \t')
    if not s:
        raise ValueError('empty code %r' % code)
    out = []
    for i, ch in enumerate(s):
        if ord(ch) <= 0x20 or ord(ch) >= 0x7F or ch in ',"|':
            raise ValueError('bad character in code %r' % code)
        ch = ch.upper()
        if ch == 'X' and i > 0 and out[-1] != '+':
            ch = 'x'
        out.append(ch)
    if len(out) > 63:
        raise ValueError('code too long %r' % code)
    return ''.join(out)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode('utf-8')
    with open(path, 'wb') as f:
        f.write(data)
    return len(rows)


def write_text(path, text):
    with open(path, 'wb') as f:
        f.write(text.encode('utf-8'))


def write_manifest(pack_dir, meta, tables, parameters=None):
    """tables: ordered list of (name, file, rows, description)."""
    t = {}
    for name, file, rows, desc in tables:
        entry = {'file': file, 'checksum': 'sha256:' + sha256_file(os.path.join(pack_dir, file)), 'rows': rows}
        if desc:
            entry['description'] = desc
        t[name] = entry
    manifest = {
        'format': 'yibao-pack/1',
        'kind': meta['kind'],
        'name': meta['name'],
        'version': meta['version'],
        'region': meta.get('region', 'national'),
        'valid_from': meta.get('valid_from'),
        'valid_to': meta.get('valid_to'),
        'tables': t,
        'parameters': parameters or {},
        'source': meta['source'],
        'licence': meta['licence'],
        'description': meta['description'],
    }
    write_text(os.path.join(pack_dir, 'pack.json'), json.dumps(manifest, ensure_ascii=False, indent=2) + '\n')


# Columns of the drg-scheme tables, in file order (doc/packs-drg.md).
DRG_SCHEME_COLUMNS = {
    'mdc': ['mdc', 'order', 'name', 'gate', 'on_no_match', 'qy_adrg', 'qy_condition'],
    'adrg': ['adrg', 'mdc', 'order', 'kind', 'name', 'condition'],
    'drg': ['drg', 'adrg', 'order', 'predicate', 'name'],
    'dx_lists': ['list', 'code', 'tag'],
    'proc_lists': ['list', 'code', 'tag'],
    'cc': ['code', 'level', 'table'],
    'cc_exclusion': ['principal_code', 'table'],
    'dx_codes': ['code', 'name'],
    'proc_codes': ['code', 'name'],
    'dx_principal_invalid': ['code'],
    'proc_principal_invalid': ['code'],
}


def write_tables(pack_dir, columns, tables):
    """tables: ordered list of (name, rows, description). Writes <name>.csv with
    columns[name] as its header and returns the list write_manifest takes."""
    out = []
    for name, rows, desc in tables:
        file = name + '.csv'
        out.append((name, file, write_csv(os.path.join(pack_dir, file), columns[name], rows), desc))
    return out


def write_drg_scheme(pack_dir, meta, tables):
    """A drg-scheme pack of the CHS-DRG family: tables as write_tables takes them
    (with DRG_SCHEME_COLUMNS) and the manifest; meta as write_manifest takes it,
    kind, name (CHS-DRG) and region (national) filled in."""
    meta = dict({'kind': 'drg-scheme', 'name': 'CHS-DRG', 'region': 'national'}, **meta)
    write_manifest(pack_dir, meta, write_tables(pack_dir, DRG_SCHEME_COLUMNS, tables))


def write_source_md(pack_dir, lines, sums, extra=()):
    """SOURCE.md: the provenance lines, then '## Inputs (sha256)' listing sums
    (file -> hex digest) by file name and then the (file, digest) pairs of extra."""
    lines = lines + ['', '## Inputs (sha256)', '']
    lines += ['- `%s`: `%s`' % (f, sums[f]) for f in sorted(sums)]
    lines += ['- `%s`: `%s`' % (f, h) for f, h in extra]
    write_text(os.path.join(pack_dir, 'SOURCE.md'), '\n'.join(lines) + '\n')


def dedupe_list_rows(rows):
    """rows: (list, code, tag) with normalised codes; keeps the first of each
    (list, code). Returns (rows, number dropped, conflicts) where a conflict is a
    code listed twice in one list with different tags."""
    seen = {}
    out = []
    conflicts = []
    for r in rows:
        k = (r[0], r[1])
        if k in seen:
            if seen[k] != r[2]:
                conflicts.append(r)
            continue
        seen[k] = r[2]
        out.append(r)
    return out, len(rows) - len(out), conflicts


def adrg_kind(adrg):
    """CHS-DRG convention for the second letter of an ADRG: A-J surgical, K-Q
    non-operating-room procedures, R-Z medical (CHS-DRG 1.1/2.0 分组方案)."""
    c = adrg[1]
    if 'A' <= c <= 'J':
        return 'surgical'
    if 'K' <= c <= 'Q':
        return 'non_or'
    return 'medical'


def ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        p = os.path.join(path, name)
        if os.path.isfile(p) and (name.endswith('.csv') or name == 'pack.json'):
            os.remove(p)


def check_condition_words(text):
    """A light lexical check of generated conditions (the library's compiler is
    the real check): balanced parentheses."""
    depth = 0
    for ch in text:
        depth += ch == '('
        depth -= ch == ')'
        if depth < 0:
            raise ValueError('unbalanced condition: ' + text)
    if depth:
        raise ValueError('unbalanced condition: ' + text)
    return text

