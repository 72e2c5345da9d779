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

def option(argv, name):
    """The value of `name VALUE` in argv, or None."""
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
    return None


def data_root(argv):
    """The shared data directory: --data DIR, $YB_SHARED_DATA or /work/shared/data."""
    d = option(argv, '--data')
    return d if d is not None else os.environ.get('YB_SHARED_DATA', '/work/shared/data')


def out_root(argv, default_name):
    """The pack directory: --out DIR, or packs/<default_name> of this repository."""
    d = option(argv, '--out')
    return d if d is not None else os.path.join(os.path.dirname(__file__), '..', '..', 'packs', default_name)


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


def read_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


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


def csv_bytes(header, rows):
    """A CSV table as bytes: the header, then the rows; UTF-8, '\\n' line ends,
    minimal quoting (the layout of every pack table)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode('utf-8')


def write_bytes(path, data):
    """Writes data to path, creating its directory."""
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def write_csv(path, header, rows):
    """Writes a CSV table (csv_bytes); returns its number of rows."""
    rows = list(rows)
    write_bytes(path, csv_bytes(header, rows))
    return len(rows)


def write_text(path, text):
    write_bytes(path, text.encode('utf-8'))


def write_json(path, obj):
    """JSON with two-space indentation, non-ASCII as is, and a final line end
    (pack.json): keys in the order obj gives them."""
    write_text(path, json.dumps(obj, ensure_ascii=False, indent=2) + '\n')


def write_table(pack_dir, file, header, rows, description=None):
    """Writes one table of a pack; returns its manifest entry: file, checksum
    (sha256 of the bytes written), rows and, when given, description."""
    rows = list(rows)
    data = csv_bytes(header, rows)
    write_bytes(os.path.join(pack_dir, file), data)
    entry = {'file': file, 'checksum': 'sha256:' + hashlib.sha256(data).hexdigest(), 'rows': len(rows)}
    if description:
        entry['description'] = description
    return entry


def write_pack(pack_dir, manifest, tables, source_md=None):
    """A pack from a manifest without its tables: tables maps a name to
    (header, rows), written as <name>.csv and listed under manifest["tables"]
    (in that order); then pack.json and, when given, SOURCE.md."""
    manifest = dict(manifest)
    manifest['tables'] = {name: write_table(pack_dir, name + '.csv', header, rows)
                          for name, (header, rows) in tables.items()}
    write_json(os.path.join(pack_dir, 'pack.json'), manifest)
    if source_md is not None:
        write_text(os.path.join(pack_dir, 'SOURCE.md'), source_md)


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
    write_json(os.path.join(pack_dir, 'pack.json'), manifest)


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


def open_import(argv, src, pack_name, checksums):
    """The start of an import from ../shared/data/<src>: the data folder, the
    pack folder (--out, or packs/<pack_name>) emptied of its tables, and the
    SHA-256 of every input file named in checksums (each checked against its
    published value). Returns (data, out, sums)."""
    data = os.path.join(data_root(argv), src)
    out = os.path.normpath(out_root(argv, pack_name))
    sums = {f: check_input(os.path.join(data, f), h) for f, h in checksums.items()}
    ensure_dir(out)
    return data, out, sums


def dedupe_lists(dx_rows, proc_rows):
    """dedupe_list_rows of a scheme's diagnosis and procedure lists; stops on a
    conflict. Returns (dx rows, proc rows, dx rows dropped, proc rows dropped)."""
    dx_rows, dx_drop, c1 = dedupe_list_rows(dx_rows)
    proc_rows, proc_drop, c2 = dedupe_list_rows(proc_rows)
    if c1 or c2:
        raise SystemExit('a code with two tags in one list: %r' % (c1 + c2)[:3])
    return dx_rows, proc_rows, dx_drop, proc_drop


def cc_table(mcc, cc):
    """The cc table of a scheme from (code, exclusion table) pairs of its MCC
    and CC lists: MCC rows, then CC rows; stops when a code is in both (or
    twice in one)."""
    mcc, cc = list(mcc), list(cc)
    if len({code for code, _ in mcc + cc}) != len(mcc) + len(cc):
        raise SystemExit('MCC and CC overlap')
    return [[code, 'MCC', table] for code, table in mcc] + [[code, 'CC', table] for code, table in cc]


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

