"""Parser for libyibao's FFI-clean public headers (see doc/conventions.md).

The headers follow a deliberately small subset of C: object-like integer
#defines, enums with explicit values, opaque struct typedefs, size-prefixed
struct typedefs with plain fields, callback typedefs and `YB_API` function
declarations, each with a Doxygen comment. This module reads exactly that
subset into a model and raises HeaderError (naming file and line) on anything
else, so a header that drifts from the convention fails the generator instead
of producing a wrong binding.
"""
from __future__ import annotations

import dataclasses
import os
import re
from typing import Dict, List, Optional, Tuple


class HeaderError(Exception):
    """A header construct outside the FFI-clean subset."""


# Headers that hold build machinery rather than API (macros for export and
# C++ linkage): read by nobody but the C compiler.
MACHINERY_HEADERS = {"export.h"}
IGNORED_MACROS = {"YB_BEGIN_DECLS", "YB_END_DECLS"}

# Scalar C types allowed by the convention: name -> (bytes, signed).
SCALARS: Dict[str, Tuple[int, bool]] = {
    "char": (1, True), "int": (4, True),
    "int8_t": (1, True), "int16_t": (2, True), "int32_t": (4, True), "int64_t": (8, True),
    "uint8_t": (1, False), "uint16_t": (2, False), "uint32_t": (4, False), "uint64_t": (8, False),
    "size_t": (8, False),
}
# <stdint.h> limits a constant may be defined as.
STDINT_LIMITS = {
    "INT32_MAX": 2**31 - 1, "INT32_MIN": -2**31, "UINT32_MAX": 2**32 - 1,
    "INT64_MAX": 2**63 - 1, "INT64_MIN": -2**63, "UINT64_MAX": 2**64 - 1,
    "INT16_MAX": 2**15 - 1, "UINT16_MAX": 2**16 - 1, "INT8_MAX": 127, "UINT8_MAX": 255,
}


# ---------------------------------------------------------------- model

@dataclasses.dataclass
class Doc:
    brief: str = ""
    params: Dict[str, str] = dataclasses.field(default_factory=dict)
    returns: str = ""


@dataclasses.dataclass
class CType:
    base: str                 # a SCALARS name, "void", or a typedef of the headers
    const: bool = False       # const applies to the base (`const char *`)
    pointers: int = 0
    array: Optional[int] = None  # struct fields only: element count
    # const-qualified pointer levels, outermost last: `const char *const *`
    # has ptr_const == (True, False).
    ptr_const: Tuple[bool, ...] = ()

    def c(self, name: str = "") -> str:
        s = ("const " if self.const else "") + self.base
        if self.pointers:
            consts = self.ptr_const or (False,) * self.pointers
            s += " " + "".join("*const " if c else "*" for c in consts)
        s = s.rstrip()
        if name:
            s += ("" if s.endswith("*") else " ") + name
        if self.array is not None:
            s += "[%d]" % self.array
        return s


@dataclasses.dataclass
class Constant:
    name: str
    value: int
    expr: str                 # as written, for comments
    doc: Doc
    header: str


@dataclasses.dataclass
class EnumValue:
    name: str
    value: int
    doc: Doc


@dataclasses.dataclass
class Enum:
    name: str
    values: List[EnumValue]
    doc: Doc
    header: str


@dataclasses.dataclass
class Opaque:
    name: str
    doc: Doc
    header: str


@dataclasses.dataclass
class Field:
    name: str
    type: CType
    doc: Doc


@dataclasses.dataclass
class Struct:
    name: str
    fields: List[Field]
    doc: Doc
    header: str

    @property
    def size_prefixed(self) -> bool:
        """Starts with `size_t size;` (the caller sets sizeof; see conventions)."""
        return self.fields[0].name == "size" and self.fields[0].type.c() == "size_t"


@dataclasses.dataclass
class Param:
    name: str
    type: CType


@dataclasses.dataclass
class Callback:
    name: str
    ret: CType
    params: List[Param]
    doc: Doc
    header: str


@dataclasses.dataclass
class Function:
    name: str
    ret: CType
    params: List[Param]
    doc: Doc
    header: str


@dataclasses.dataclass
class Model:
    headers: List[str] = dataclasses.field(default_factory=list)  # dependency order
    constants: List[Constant] = dataclasses.field(default_factory=list)
    enums: List[Enum] = dataclasses.field(default_factory=list)
    opaques: List[Opaque] = dataclasses.field(default_factory=list)
    structs: List[Struct] = dataclasses.field(default_factory=list)
    callbacks: List[Callback] = dataclasses.field(default_factory=list)
    functions: List[Function] = dataclasses.field(default_factory=list)

    def kind_of(self, typename: str) -> Optional[str]:
        for kind, items in (("enum", self.enums), ("opaque", self.opaques),
                            ("struct", self.structs), ("callback", self.callbacks)):
            if any(i.name == typename for i in items):
                return kind
        return None

    def decls_in(self, header: str):
        """Every declaration of one header, in the order of the model lists."""
        for items in (self.constants, self.enums, self.opaques, self.callbacks,
                      self.structs, self.functions):
            for item in items:
                if item.header == header:
                    yield item


# ---------------------------------------------------------------- doxygen

def parse_doc(raw: str) -> Doc:
    """Reads @brief, @param[...] and @returns from a Doxygen comment body."""
    lines = [re.sub(r"^\s*\*?\s?", "", ln) for ln in raw.split("\n")]
    text = "\n".join(lines).strip()
    doc = Doc()
    # Split into "@tag rest" chunks; the text before the first tag is the
    # implicit brief (used by one-line `/** ... */` and `/**< ... */` comments).
    chunks = re.split(r"(?m)(?:^|\s)(?=@(?:brief|param|returns?|since|file|def)\b)", text)
    lead = chunks[0].strip()
    for chunk in chunks[1:]:
        chunk = chunk.strip()
        if not chunk:
            continue
        m = re.match(r"@(\w+)(\[[\w,]+\])?\s*(.*)", chunk, re.S)
        tag, body = m.group(1), m.group(3)
        if tag == "brief":
            doc.brief = _first_paragraph(body)
        elif tag == "param":
            pm = re.match(r"(\w+)\s*(.*)", body, re.S)
            doc.params[pm.group(1)] = _squash(pm.group(2))
        elif tag in ("returns", "return"):
            doc.returns = _first_paragraph(body)
    if not doc.brief:
        doc.brief = _first_paragraph(lead)
    return doc


def _first_paragraph(s: str) -> str:
    return _squash(re.split(r"\n\s*\n", s.strip(), maxsplit=1)[0])


def _squash(s: str) -> str:
    return " ".join(s.split())


def plain(text: str) -> str:
    """Doxygen markup removed: `::yb_x` -> `yb_x`, `@p x`/`@c x` -> `x`."""
    text = re.sub(r"::(\w)", r"\1", text)
    text = re.sub(r"[@\\](?:p|c|a|ref)\s+", "", text)
    return re.sub(r"</?tt>", "", text)


# ---------------------------------------------------------------- lexer

_TOKEN = re.compile(r"""
    (?P<doc_after>/\*\*<.*?\*/)
  | (?P<doc>/\*\*(?!/).*?\*/)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pp>^[ \t]*\#(?:[^\n\\]|\\.)*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<number>(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*)
  | (?P<punct>[{}()\[\];:,*=\-+<>~|&])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X | re.S | re.M)


@dataclasses.dataclass
class Tok:
    kind: str
    text: str
    line: int


def lex(text: str, path: str) -> List[Tok]:
    toks, line = [], 1
    for m in _TOKEN.finditer(text):
        kind, s = m.lastgroup, m.group()
        if kind == "other":
            raise HeaderError("%s:%d: unexpected character %r" % (path, line, s))
        if kind not in ("space", "comment"):
            toks.append(Tok(kind, s, line))
        line += s.count("\n")
    return toks


# ---------------------------------------------------------------- parser

class _HeaderParser:
    def __init__(self, path: str, model: Model, constants: Dict[str, int]):
        self.path = path
        self.name = os.path.basename(path)
        self.model = model
        self.constants = constants  # every constant seen so far, for array sizes
        with open(path, encoding="utf-8") as f:
            self.toks = lex(f.read(), path)
        self.i = 0
        self.pending_doc: Optional[Doc] = None
        self.includes: List[str] = []

    # -- token helpers
    def fail(self, msg: str, tok: Optional[Tok] = None):
        tok = tok or (self.toks[self.i] if self.i < len(self.toks) else None)
        line = tok.line if tok else "EOF"
        near = (" near %r" % tok.text[:40]) if tok else ""
        raise HeaderError("%s:%s: %s%s (not in the FFI-clean subset of doc/conventions.md)"
                          % (self.path, line, msg, near))

    def peek(self, k: int = 0) -> Optional[Tok]:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def next(self) -> Tok:
        tok = self.peek()
        if tok is None:
            self.fail("unexpected end of file")
        self.i += 1
        return tok

    def expect(self, text: str) -> Tok:
        tok = self.next()
        if tok.text != text:
            self.fail("expected %r" % text, tok)
        return tok

    def ident(self) -> str:
        tok = self.next()
        if tok.kind != "ident":
            self.fail("expected a name", tok)
        return tok.text

    def take_doc(self) -> Doc:
        doc, self.pending_doc = self.pending_doc or Doc(), None
        return doc

    def trailing_docs(self, target) -> None:
        """Attaches `/**< … */` comments that follow a field or enum value."""
        while self.peek() is not None and self.peek().kind == "doc_after":
            target.doc = parse_doc(self.next().text[4:-2])

    # -- top level
    def parse(self) -> None:
        guard_open = False
        while self.peek() is not None:
            tok = self.peek()
            if tok.kind == "doc":
                self.next()
                self.pending_doc = parse_doc(tok.text[3:-2])
            elif tok.kind == "pp":
                self.next()
                guard_open = self.directive(tok, guard_open)
            elif tok.kind == "ident" and tok.text in IGNORED_MACROS:
                self.next()
            elif tok.text == "typedef":
                self.typedef()
            elif tok.text == "YB_API":
                self.function()
            else:
                self.fail("unsupported declaration", tok)

    def directive(self, tok: Tok, guard_open: bool) -> bool:
        words = tok.text.strip()[1:].split(None, 2)
        if not words:
            self.fail("empty directive", tok)
        what = words[0]
        if what == "ifndef" and not guard_open and len(words) == 2:
            self.pending_doc = None
            return True
        if what == "endif" and guard_open:
            return False
        if what == "include" and len(words) == 2:
            m = re.fullmatch(r"<yibao/(\w+\.h)>", words[1])
            if m:
                self.includes.append(m.group(1))
            elif words[1] not in ("<stddef.h>", "<stdint.h>"):
                self.fail("unsupported include", tok)
            return guard_open
        if what == "define" and len(words) == 2 and words[1].endswith("_H"):
            self.pending_doc = None  # include guard
            return guard_open
        if what == "define" and len(words) == 3:
            if "(" in words[1]:
                self.fail("function-like macro", tok)
            self.define(words[1], words[2], tok)
            return guard_open
        self.fail("unsupported preprocessor directive", tok)
        return guard_open

    def define(self, name: str, expr: str, tok: Tok) -> None:
        expr = re.sub(r"/\*.*?\*/", "", expr).strip()
        value = self.const_expr(expr, tok)
        self.constants[name] = value
        self.model.constants.append(Constant(name, value, expr, self.take_doc(), self.name))

    def const_expr(self, expr: str, tok: Tok) -> int:
        """An integer literal, a stdint limit or an earlier constant, optionally
        negated or parenthesised."""
        s = expr.strip()
        if s.startswith("(") and s.endswith(")"):
            return self.const_expr(s[1:-1], tok)
        if s.startswith("-"):
            return -self.const_expr(s[1:], tok)
        m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*", s)
        if m:
            return int(m.group(1), 0)
        if s in STDINT_LIMITS:
            return STDINT_LIMITS[s]
        if s in self.constants:
            return self.constants[s]
        self.fail("constant %r is not an integer expression" % expr, tok)
        return 0

    # -- types
    def ctype(self) -> CType:
        const = False
        if self.peek().text == "const":
            self.next()
            const = True
        base = self.ident()
        if base in ("struct", "enum", "union", "unsigned", "signed", "long", "short",
                    "float", "double", "bool", "_Bool"):
            self.fail("type %r" % base)
        if base not in SCALARS and base != "void" and self.model.kind_of(base) is None:
            self.fail("unknown type %r" % base)
        t = CType(base, const)
        consts = []
        while self.peek().text == "*":
            self.next()
            t.pointers += 1
            consts.append(self.peek().text == "const")
            if consts[-1]:
                self.next()
        if any(consts):
            t.ptr_const = tuple(consts)
        kind = self.model.kind_of(base)
        if kind in ("struct", "opaque") and not t.pointers:
            self.fail("%s %s by value" % (kind, base))
        if kind == "callback" and t.pointers:
            self.fail("pointer to callback type %s" % base)
        return t

    def params(self) -> List[Param]:
        self.expect("(")
        if self.peek().text == "void" and self.peek(1).text == ")":
            self.next()
            self.next()
            return []
        out = []
        while True:
            t = self.ctype()
            if t.base == "void" and not t.pointers:
                self.fail("void parameter")
            name = self.ident()
            if self.peek().text == "[":
                self.fail("array parameter")
            out.append(Param(name, t))
            tok = self.next()
            if tok.text == ")":
                return out
            if tok.text != ",":
                self.fail("expected ',' or ')'", tok)
            if self.peek().text == ".":
                self.fail("varargs")

    # -- declarations
    def typedef(self) -> None:
        self.start = self.expect("typedef")
        tok = self.peek()
        if tok.text == "struct":
            self.next()
            tag = self.ident()
            if self.peek().text == "{":
                self.struct_body(tag)
            else:
                name = self.ident()
                self.expect(";")
                if name != tag:
                    self.fail("typedef name %r differs from struct tag %r" % (name, tag), self.start)
                self.model.opaques.append(Opaque(name, self.take_doc(), self.name))
        elif tok.text == "enum":
            self.next()
            self.enum_body(self.ident())
        elif tok.text == "union":
            self.fail("union")
        else:
            doc = self.take_doc()
            ret = self.ctype()
            self.expect("(")
            self.expect("*")
            name = self.ident()
            self.expect(")")
            params = self.params()
            self.expect(";")
            self.model.callbacks.append(Callback(name, ret, params, doc, self.name))

    def struct_body(self, tag: str) -> None:
        doc = self.take_doc()
        self.expect("{")
        fields: List[Field] = []
        while self.peek().text != "}":
            if self.peek().kind == "doc":
                self.pending_doc = parse_doc(self.next().text[3:-2])
                continue
            t = self.ctype()
            name = self.ident()
            if self.peek().text == "[":
                self.next()
                size = self.next()
                if size.kind == "number":
                    t.array = self.const_expr(size.text, size)
                elif size.text in self.constants:
                    t.array = self.constants[size.text]
                else:
                    self.fail("array size must be a number or a constant", size)
                self.expect("]")
            if self.peek().text == ":":
                self.fail("bitfield")
            self.expect(";")
            f = Field(name, t, self.take_doc())
            self.trailing_docs(f)
            fields.append(f)
        self.expect("}")
        name = self.ident()
        self.expect(";")
        if name != tag:
            self.fail("typedef name %r differs from struct tag %r" % (name, tag), self.start)
        if not fields:
            self.fail("struct %s has no fields" % name, self.start)
        self.model.structs.append(Struct(name, fields, doc, self.name))

    def enum_body(self, tag: str) -> None:
        doc = self.take_doc()
        self.expect("{")
        values: List[EnumValue] = []
        while self.peek().text != "}":
            if self.peek().kind == "doc":
                self.pending_doc = parse_doc(self.next().text[3:-2])
                continue
            name = self.ident()
            if self.peek().text != "=":
                self.fail("enum value %s needs an explicit value" % name)
            self.next()
            expr = ""
            while self.peek().text not in (",", "}") and self.peek().kind != "doc_after":
                expr += self.next().text
            v = EnumValue(name, self.const_expr(expr, self.peek()), self.take_doc())
            self.constants[name] = v.value
            self.trailing_docs(v)
            if self.peek().text == ",":
                self.next()
            self.trailing_docs(v)
            values.append(v)
        self.expect("}")
        name = self.ident()
        self.expect(";")
        if name != tag:
            self.fail("typedef name %r differs from enum tag %r" % (name, tag), self.start)
        self.model.enums.append(Enum(name, values, doc, self.name))

    def function(self) -> None:
        self.start = self.expect("YB_API")
        doc = self.take_doc()
        ret = self.ctype()
        name = self.ident()
        params = self.params()
        self.expect(";")
        if not name.startswith("yb_"):
            self.fail("function %s lacks the yb_ prefix" % name, self.start)
        self.model.functions.append(Function(name, ret, params, doc, self.name))


def header_order(include_dir: str) -> List[Tuple[str, List[str]]]:
    """Headers (but machinery) with their yibao includes, sorted so that each
    comes after the headers it includes; ties by name."""
    deps: Dict[str, List[str]] = {}
    for fn in sorted(os.listdir(include_dir)):
        if not fn.endswith(".h") or fn in MACHINERY_HEADERS:
            continue
        with open(os.path.join(include_dir, fn), encoding="utf-8") as f:
            deps[fn] = [d for d in re.findall(r"#\s*include\s*<yibao/(\w+\.h)>", f.read())
                        if d not in MACHINERY_HEADERS]
    order: List[str] = []

    def visit(h: str, stack: Tuple[str, ...]) -> None:
        if h in order:
            return
        if h in stack:
            raise HeaderError("include cycle: %s" % " -> ".join(stack + (h,)))
        if h not in deps:
            raise HeaderError("%s includes missing header yibao/%s" % (stack[-1], h))
        for d in deps[h]:
            visit(d, stack + (h,))
        order.append(h)

    for h in deps:
        visit(h, ())
    return [(h, deps[h]) for h in order]


def parse_headers(include_dir: str) -> Model:
    """Parses every public header of include_dir into one model."""
    model, constants = Model(), {}
    for name, _ in header_order(include_dir):
        p = _HeaderParser(os.path.join(include_dir, name), model, constants)
        p.parse()
        model.headers.append(name)
    names = [d.name for items in (model.constants, model.enums, model.opaques, model.structs,
                                  model.callbacks, model.functions) for d in items]
    names += [v.name for e in model.enums for v in e.values]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise HeaderError("declared twice: " + ", ".join(dup))
    return model
