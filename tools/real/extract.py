#!/usr/bin/env python3
"""Extract C functions by name, with what they need from the same file.

pirqsim runs real Linux and QEMU code (issue 15): the functions of the MSI
setup path are taken from a source tree at build or run time and compiled in
user space against a shim of the kernel (or QEMU) API.  This script does the
taking:

    extract.py SRC.c --root NAME... [--omit NAME]... [-D SYM[=VAL]]... [-U SYM]...
               [--extra-file OTHER.h]... -o OUT.c [--report OUT.json]

1. Conditional preprocessing: #if/#ifdef/#ifndef/#elif/#else/#endif are
   resolved with the -D/-U symbols and the file's own #defines; a CONFIG_
   symbol neither given nor defined is taken as undefined and listed in the
   report (`unknown_config`), and so is any other unknown symbol a condition
   tests (`unknown_symbols`).  Dead lines become blank lines, so line numbers
   keep their meaning.
2. The file (and each --extra-file) is split into top-level items: function
   definitions, prototypes and other declarations, variable definitions
   (including macro-invocation definitions such as `static DEFINE_MUTEX(x);`
   or `DEFINE_PER_CPU(int, x) = 0;`), struct/union/enum definitions,
   typedefs and #defines.  `#include`, `EXPORT_SYMBOL*`, `module_param*`,
   `early_param`, `__setup`, `*_initcall`, `MODULE_*` and Xen's `*_param`
   lines are dropped.
3. From the roots, the closure by identifier reference is computed: an item
   that names another item's identifier (or `struct TAG` / `union TAG` /
   `enum TAG`) pulls it in, except names given with --omit (the shim provides
   them).
4. OUT.c gets the kept items, extra files first, each file in source order,
   each item preceded by `#line N "path"`.  `static` is kept: the caller may
   append accessors to the same translation unit.
5. --report writes JSON: the kept items (name, kind, file, lines), and the
   external identifiers the kept items use but the files do not define -- the
   shim's API surface -- sorted, each with how it is used (call, type, value;
   'declared' when a kept prototype or extern declares it but nothing kept
   defines it) and by which kept items.  Also: the CONFIG_ and other symbols
   the conditions tested without a value, the member names of the files'
   aggregates (a member given to a macro, list_for_each_entry(p, h, node), is
   no external), locals declared by macros (DECLARE_BITMAP), macro-captured
   locals, and the macros that paste tokens (whose products are not listed).

Exit status: 0 done; 2 on a usage error, an unreadable file or a root that
the files do not define (reported as file:line where there is one).
Python 3 standard library only.
"""

import argparse
import json
import re
import sys

KEYWORDS = set("""
auto break case char const continue default do double else enum extern float
for goto if inline int long register restrict return short signed sizeof static
struct switch typedef union unsigned void volatile while _Bool _Complex
_Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert
_Thread_local asm __asm__ __asm __volatile__ __volatile
__attribute__ __attribute typeof __typeof__ __typeof __inline__ __inline
__extension__ __restrict __restrict__ __const__ __signed__ __label__
__auto_type __alignof__ __func__ __FUNCTION__ __PRETTY_FUNCTION__ __LINE__
__FILE__ __builtin_va_list __int128 defined
""".split())


TYPE_KEYWORDS = set("""
char int long short signed unsigned void float double _Bool bool const volatile
static extern register inline auto restrict __inline__ __inline struct union enum
__signed__ _Atomic __const__ __restrict __restrict__ __int128
""".split())

# Attribute-like macros that take arguments and come after a declarator.
ATTR_CALLS = set("""
__attribute__ __attribute __acquires __releases __must_hold __printf __scanf
__aligned __section __alloc_size __diagnose_as __malloc __cond_acquires
__cond_releases __nonstring __counted_by __free __cleanup __weak_alias asm __asm__
""".split())

DROP_MACROS = re.compile(
    r'^(EXPORT_SYMBOL\w*|EXPORT_PER_CPU_SYMBOL\w*|module_param\w*|early_param|__setup|'
    r'boolean_param|integer_param|custom_param|string_param|size_param|'
    r'__initcall|presmp_initcall|'
    r'\w*_initcall\w*|MODULE_\w+|module_init|module_exit|module_platform_driver|'
    r'core_param|postcore_initcall|arch_initcall|subsys_initcall|fs_initcall|'
    r'device_initcall|late_initcall|console_initcall|security_initcall|'
    r'type_init|DEFINE_STATIC_KEY_FALSE_RO|ALLOW_ERROR_INJECTION)$')

TOKEN_RE = re.compile(r'''
    (?P<ws>[ \t\f\v\r]+)
  | (?P<nl>\n)
  | (?P<bscont>\\\n)
  | (?P<lcomment>//[^\n]*)
  | (?P<bcomment>/\*.*?\*/)
  | (?P<string>(?:u8|u|U|L)?"(?:[^"\\\n]|\\.)*")
  | (?P<char>(?:u8|u|U|L)?'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<number>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
  | (?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|&=|\^=|\|=|\#\#|[{}()\[\];,.<>=+\-*/%&|^!~?:\#])
  | (?P<other>.)
''', re.S | re.X)


class ExtractError(Exception):
    """A problem with the input: reported as one line, exit status 2."""


class Tok:
    __slots__ = ('kind', 'text', 'line', 'start', 'end')

    def __init__(self, kind, text, line, start, end):
        self.kind, self.text, self.line, self.start, self.end = kind, text, line, start, end

    def __repr__(self):
        return '%s:%r@%d' % (self.kind, self.text, self.line)


def lex(text, path):
    """Tokens of C text.  A preprocessor directive is one 'pp' token (its
    text: the logical line without comments); comments and blanks vanish."""
    toks = []
    pos = 0
    line = 1
    bol = True  # at the beginning of a line (only blanks seen)
    n = len(text)
    while pos < n:
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise ExtractError('%s:%d: cannot tokenize' % (path, line))
        kind = m.lastgroup
        s = m.group()
        if kind == 'punct' and s == '#' and bol:
            # A directive: up to the end of the logical line.
            start = pos
            startline = line
            parts = []
            p = pos
            while p < n:
                m2 = TOKEN_RE.match(text, p)
                k2 = m2.lastgroup
                if k2 == 'nl':
                    break
                s2 = m2.group()
                if k2 in ('bscont',):
                    line += 1
                    parts.append(' ')
                elif k2 == 'bcomment':
                    line += s2.count('\n')
                    parts.append(' ')
                elif k2 in ('lcomment',):
                    pass
                else:
                    parts.append(s2)
                p = m2.end()
            toks.append(Tok('pp', ''.join(parts).strip(), startline, start, p))
            pos = p
            continue
        if kind == 'nl':
            line += 1
            bol = True
        elif kind in ('bscont',):
            line += 1
        elif kind == 'bcomment':
            line += s.count('\n')
        elif kind in ('ws', 'lcomment'):
            pass
        else:
            bol = False
            toks.append(Tok(kind, s, line, pos, m.end()))
        pos = m.end()
    return toks


# ---------------------------------------------------------------- preprocessing

class Conditions:
    """Resolves #if conditions with -D/-U symbols and the file's #defines."""

    def __init__(self, defines, undefs):
        self.defines = dict(defines)  # name -> value text
        self.undefs = set(undefs)
        self.unknown_config = set()
        self.unknown_symbols = set()
        self.unevaluable = []

    def is_defined(self, name):
        if name in self.undefs:
            return False
        if name in self.defines:
            return True
        if name.startswith('CONFIG_'):
            self.unknown_config.add(name)
        else:
            self.unknown_symbols.add(name)
        return False

    def value(self, name):
        if not self.is_defined(name):
            return '0'
        v = self.defines[name].strip()
        v = re.sub(r'(?<=[0-9a-fA-FxX])[uUlL]+\b', '', v)
        if re.fullmatch(r'-?(0[xX][0-9a-fA-F]+|[0-9]+)', v):
            return str(int(v, 0))
        if v == '' or v == 'y':
            return '1'
        return '1'

    def evaluate(self, expr, where):
        e = expr
        e = re.sub(r'\bdefined\s*\(\s*(\w+)\s*\)', lambda m: '1' if self.is_defined(m.group(1)) else '0', e)
        e = re.sub(r'\bdefined\s+(\w+)', lambda m: '1' if self.is_defined(m.group(1)) else '0', e)

        def kconfig(m):
            fn, name = m.group(1), m.group(2)
            d = self.is_defined(name)
            mod = d and self.defines.get(name, '').strip() == 'm'
            if fn == 'IS_MODULE':
                return '1' if mod else '0'
            if fn == 'IS_BUILTIN':
                return '1' if d and not mod else '0'
            return '1' if d else '0'
        e = re.sub(r'\b(IS_ENABLED|IS_BUILTIN|IS_MODULE|IS_REACHABLE)\s*\(\s*(\w+)\s*\)', kconfig, e)
        e = re.sub(r'\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b', r'\1', e)
        e = re.sub(r'\b[A-Za-z_]\w*\b', lambda m: self.value(m.group()), e)
        e = e.replace('&&', ' and ').replace('||', ' or ')
        e = re.sub(r'!(?!=)', ' not ', e)
        e = e.replace('/', '//')
        try:
            return bool(eval(e, {'__builtins__': {}}, {}))  # noqa: S307 - digits and operators only
        except Exception:  # pylint: disable=broad-except
            self.unevaluable.append('%s: #if %s' % (where, expr))
            return False


def preprocess(text, path, cond):
    """Blank out the lines of dead branches and of the conditional directives
    themselves; returns the new text (same number of lines)."""
    lines = text.split('\n')
    out = []
    stack = []  # (live_parent, taken, live)
    live = True
    i = 0
    while i < len(lines):
        # Join a directive's continuation lines.
        first = i
        logical = lines[i]
        while logical.endswith('\\') and i + 1 < len(lines):
            i += 1
            logical = logical[:-1] + ' ' + lines[i]
        phys = lines[first:i + 1]
        i += 1
        m = re.match(r'\s*#\s*(\w+)\s*(.*)', logical)
        d = m.group(1) if m else None
        rest = re.sub(r'/\*.*?\*/|//.*', ' ', m.group(2)).strip() if m else ''
        where = '%s:%d' % (path, first + 1)
        if d in ('if', 'ifdef', 'ifndef'):
            if d == 'if':
                v = cond.evaluate(rest, where) if live else False
            else:
                name = rest.split()[0] if rest.split() else ''
                v = cond.is_defined(name) if live else False
                if d == 'ifndef':
                    v = not v
            stack.append((live, v))
            live = live and v
            out.extend([''] * len(phys))
            continue
        if d in ('elif', 'else', 'endif') and stack:
            parent, taken = stack[-1]
            if d == 'elif':
                v = (not taken) and parent and cond.evaluate(rest, where)
                stack[-1] = (parent, taken or v)
                live = parent and v
            elif d == 'else':
                live = parent and not taken
                stack[-1] = (parent, True)
            else:
                stack.pop()
                live = parent
            out.extend([''] * len(phys))
            continue
        if not live:
            out.extend([''] * len(phys))
            continue
        if d == 'define':
            dm = re.match(r'(\w+)(\([^)]*\))?\s*(.*)', rest)
            if dm and dm.group(1) not in cond.undefs:
                cond.defines.setdefault(dm.group(1), dm.group(3) if not dm.group(2) else '1')
        elif d == 'undef':
            name = rest.split()[0] if rest.split() else ''
            if name in cond.defines:
                del cond.defines[name]
        out.extend(phys)
    if stack:
        raise ExtractError('%s: unterminated #if' % path)
    return '\n'.join(out)


# ---------------------------------------------------------------- items

class Item:
    def __init__(self, path, toks, kind):
        self.path = path
        self.toks = toks
        self.kind = kind
        self.names = []
        self.refs = {}  # identifier -> set of uses
        self.locals = set()
        self.members = set()
        self.member_calls = set()
        self.macro_locals = set()
        self.index = 0

    @property
    def line(self):
        return self.toks[0].line

    @property
    def end_line(self):
        return self.toks[-1].line

    def title(self):
        return self.names[0] if self.names else '(%s)' % self.kind


def match_close(toks, i):
    """Index of the token closing the bracket at toks[i]."""
    pairs = {'(': ')', '[': ']', '{': '}'}
    o = toks[i].text
    c = pairs[o]
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if toks[j].kind != 'punct':
            continue
        if t == o:
            depth += 1
        elif t == c:
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def split_items(toks, path):
    """Top-level items of a token list."""
    items = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == 'pp':
            m = re.match(r'#\s*(\w+)\s*(.*)', t.text, re.S)
            d = m.group(1) if m else ''
            if d == 'define':
                it = Item(path, [t], 'macro')
                items.append(it)
            elif d == 'undef':
                it = Item(path, [t], 'undef')
                items.append(it)
            i += 1
            continue
        start = i
        is_func = False
        depth = 0
        saw_paren = False
        saw_eq = False
        while i < n:
            t = toks[i]
            if t.kind == 'pp':
                i += 1  # a directive inside an item stays in its text
                continue
            if t.kind == 'punct':
                if t.text in '([':
                    if t.text == '(' and depth == 0:
                        saw_paren = True
                    depth += 1
                elif t.text in ')]':
                    depth -= 1
                elif t.text == '=' and depth == 0:
                    saw_eq = True
                elif t.text == '{' and depth == 0:
                    head = [x for x in toks[start:i] if x.kind != 'pp']
                    first = head[0].text if head else ''
                    agg = any(x.text in ('struct', 'union', 'enum') for x in head[-3:]) and not \
                        (head and head[-1].text == ')')
                    if saw_paren and not saw_eq and not agg and first not in ('typedef',):
                        is_func = True
                        i = match_close(toks, i)
                        break
                    i = match_close(toks, i)
                elif t.text == ';' and depth == 0:
                    break
            if t.kind == 'punct' and t.text == ')' and depth == 0 and macro_stmt_ends(toks, start, i):
                break
            i += 1
        body = toks[start:i + 1]
        i += 1
        body_np = [x for x in body if x.kind != 'pp']
        if not body_np or (len(body_np) == 1 and body_np[0].text == ';'):
            continue
        if is_func:
            items.append(Item(path, body, 'function'))
        else:
            items.append(Item(path, body, 'declaration'))
    return items


def macro_stmt_ends(toks, start, i):
    """Whether toks[start..i] is a top-level macro invocation with no
    semicolon, "[static] NAME(args)" followed on a later line by what can
    only start another item (QEMU's OBJECT_DECLARE_SIMPLE_TYPE(...))."""
    s = start
    while s < i and toks[s].text == 'static':
        s += 1
    if toks[s].kind != 'ident' or toks[s].text in KEYWORDS or s + 1 >= i or toks[s + 1].text != '(':
        return False
    if match_close(toks, s + 1) != i:
        return False
    if i + 1 >= len(toks):
        return True
    nx = toks[i + 1]
    if nx.line == toks[i].line:
        return False
    if nx.kind == 'punct' and nx.text in (';', '{', '=', ',', '['):
        return False
    if nx.kind == 'ident' and (nx.text.startswith('__') or nx.text in ('const',)):
        return False
    return True


def strip_attrs(toks):
    """Drop __attribute__((...)) and similar groups from a token list."""
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == 'ident' and t.text in ATTR_CALLS and i + 1 < len(toks) and toks[i + 1].text == '(':
            i = match_close(toks, i + 1) + 1
            continue
        out.append(t)
        i += 1
    return out


def declarator_name(chunk):
    """The name a declarator chunk (tokens of `TYPE... DECLARATOR` up to
    `=`, `,` or `;`) declares, or None."""
    chunk = strip_attrs([t for t in chunk if t.kind != 'pp'])
    # Function pointer: ... ( * name ) (...)
    for j in range(len(chunk) - 2):
        if chunk[j].text == '(' and chunk[j + 1].text == '*':
            k = j + 1
            while k < len(chunk) and chunk[k].text in ('*', 'const', 'volatile', '__rcu', '__iomem'):
                k += 1
            if k < len(chunk) and chunk[k].kind == 'ident':
                return chunk[k].text
    # Drop trailing [..] groups and bitfield widths.
    while chunk and chunk[-1].text == ']':
        depth = 0
        for j in range(len(chunk) - 1, -1, -1):
            if chunk[j].text == ']':
                depth += 1
            elif chunk[j].text == '[':
                depth -= 1
                if depth == 0:
                    chunk = chunk[:j]
                    break
        else:
            break
    for j in range(len(chunk) - 1, -1, -1):
        if chunk[j].text == ':':
            chunk = chunk[:j]
            break
    idents = [j for j, t in enumerate(chunk) if t.kind == 'ident']
    if not idents:
        return None
    # "x __read_mostly": a trailing __-identifier right after another
    # identifier is an attribute.
    while len(idents) >= 2 and chunk[idents[-1]].text.startswith('__') and idents[-1] - 1 == idents[-2]:
        idents.pop()
    last = chunk[idents[-1]]
    if last.text in KEYWORDS:
        return None
    return last.text


def split_top(toks, sep):
    """Split tokens at `sep` punctuators outside brackets."""
    parts = [[]]
    depth = 0
    for t in toks:
        if t.kind == 'punct':
            if t.text in '([{':
                depth += 1
            elif t.text in ')]}':
                depth -= 1
            elif t.text == sep and depth == 0:
                parts.append([])
                continue
        parts[-1].append(t)
    return parts


def first_call(toks):
    """Index of the first top-level '(' that is not an attribute group and
    whose previous token is an identifier (the declarator of a function)."""
    depth = 0
    for j, t in enumerate(toks):
        if t.kind != 'punct':
            continue
        if t.text == '(':
            if depth == 0 and j > 0 and toks[j - 1].kind == 'ident' and \
                    toks[j - 1].text not in ATTR_CALLS and toks[j - 1].text not in KEYWORDS:
                return j
            if depth == 0 and j + 3 < len(toks) and toks[j + 1].kind == 'ident' and \
                    toks[j + 2].text == ')' and toks[j + 3].text == '(':
                return j + 3  # "void (name)(args)": a name kept from macro expansion
            depth += 1
        elif t.text == ')':
            depth -= 1
        elif t.text in ('=', '{') and depth == 0:
            return None
    return None


def call_name(toks, c):
    """The name before the parameter list at toks[c]: "name(" or "(name)("."""
    if toks[c - 1].kind == 'ident':
        return toks[c - 1].text
    return toks[c - 2].text


def param_names(toks, lo, hi, out):
    """Names of the parameters between toks[lo] '(' and toks[hi] ')'
    (nested parameter lists of function pointers too)."""
    inner = toks[lo + 1:hi]
    for p in split_top(inner, ','):
        p = [t for t in p if t.kind != 'pp']
        if not p or (len(p) == 1 and p[0].text in ('void', '...')):
            continue
        name = declarator_name(p)
        if name and name not in TYPE_KEYWORDS:
            # a lone type name ("int", "struct x *") declares nothing
            idents = [t for t in p if t.kind == 'ident' and t.text not in KEYWORDS]
            if len(idents) >= 2 or (idents and any(t.text in TYPE_KEYWORDS for t in p)):
                out.add(name)
        for j, t in enumerate(p):
            if t.text == '(' and j + 1 < len(p) and p[j + 1].text != '*':
                pass
        # nested lists: "(*cb)(int a, int b)"
        for j in range(len(p) - 1):
            if p[j].text == ')' and p[j + 1].text == '(':
                param_names(p, j + 1, match_close(p, j + 1), out)


def body_locals(toks, out, macro_locals=None):
    """Approximate the local variables and labels declared in a function
    body: declarations at the start of a statement (TYPE name [= ..][, ..];),
    `for (TYPE name ...`, and `label:`."""
    n = len(toks)
    starts = {0}
    for j, t in enumerate(toks):
        if t.kind == 'punct' and t.text in ('{', '}', ';'):
            starts.add(j + 1)
        if t.kind == 'ident' and t.text == 'for' and j + 1 < n and toks[j + 1].text == '(':
            starts.add(j + 2)
        if t.kind == 'ident' and t.text == 'goto' and j + 1 < n:
            out.add(toks[j + 1].text)
    for s in sorted(starts):
        if s >= n:
            continue
        t = toks[s]
        if t.kind != 'ident':
            continue
        if s + 1 < n and toks[s + 1].text == ':' and t.text not in ('default',) and \
                (s == 0 or toks[s - 1].text != '?'):
            out.add(t.text)  # label
            continue
        if t.text in ('return', 'if', 'while', 'switch', 'do', 'else', 'case', 'goto',
                      'break', 'continue', 'sizeof'):
            continue
        # Find the statement's end at this level.
        depth = 0
        e = s
        while e < n:
            x = toks[e]
            if x.kind == 'punct':
                if x.text in '([{':
                    depth += 1
                elif x.text in ')]}':
                    if depth == 0:
                        break
                    depth -= 1
                elif x.text == ';' and depth == 0:
                    break
            e += 1
        stmt = toks[s:e]
        if re.match(r'(DECLARE|DEFINE)_\w+$|LIST_HEAD$', t.text) and s + 2 < n and \
                toks[s + 1].text == '(' and toks[s + 2].kind == 'ident':
            out.add(toks[s + 2].text)  # DECLARE_BITMAP(name, bits), LIST_HEAD(name)
            if macro_locals is not None:
                macro_locals.add(toks[s + 2].text)
            continue
        if not looks_like_decl(stmt):
            continue
        for chunk in split_top(stmt, ','):
            eq = [j for j, x in enumerate(chunk) if x.text == '=']
            head = chunk[:eq[0]] if eq else chunk
            name = declarator_name(head)
            if name:
                out.add(name)
            for j in range(len(head) - 1):
                if head[j].text == ')' and head[j + 1].text == '(':
                    param_names(head, j + 1, match_close(head, j + 1), out)
        # The first chunk only carries the type; later ones are "*name".


def looks_like_decl(stmt):
    """Whether a statement (tokens, no ';') declares something."""
    s = strip_attrs([t for t in stmt if t.kind != 'pp'])
    if len(s) < 2:
        return False
    eq = [j for j, x in enumerate(s) if x.text == '=' and x.kind == 'punct']
    head = s[:eq[0]] if eq else s
    head = split_top(head, ',')[0]
    if not head:
        return False
    if head[0].text in TYPE_KEYWORDS or head[0].text in ('typeof', '__typeof__'):
        return True
    # "T name", "T *name", "T **name", "T name[..]", "T (*name)(..)"
    j = 0
    if head[j].kind != 'ident':
        return False
    j += 1
    while j < len(head) and head[j].text in ('*', 'const', 'volatile', '__iomem', '__rcu', '__user'):
        j += 1
    if j < len(head) and head[j].kind == 'ident' and head[j].text not in KEYWORDS:
        return j + 1 == len(head) or head[j + 1].text in ('[', ':') or \
            all(x.kind == 'ident' and x.text.startswith('__') for x in head[j + 1:])
    if j < len(head) and head[j].text == '(' and j + 1 < len(head) and head[j + 1].text == '*':
        return j == 1
    return False


def analyse(item):
    """Set the item's names, kind, locals and references."""
    toks = [t for t in item.toks if t.kind != 'pp']
    pps = [t for t in item.toks if t.kind == 'pp']
    names = []
    if item.kind in ('macro', 'undef'):
        m = re.match(r'#\s*(define|undef)\s+(\w+)(\([^)]*\))?(.*)', item.toks[0].text, re.S)
        if not m:
            item.kind = 'dropped'
            return
        item.names = [m.group(2)]
        if item.kind == 'undef':
            item.refs = {m.group(2): {'value'}}
            item.names = []
            return
        params = set(re.findall(r'\w+', m.group(3) or ''))
        params.add('__VA_ARGS__')
        body = lex(m.group(4), item.path)
        record_refs(item, body, params)
        return
    if not toks:
        item.kind = 'dropped'
        return
    head_ident = toks[0].text
    j0 = 0
    while j0 < len(toks) and toks[j0].text in ('static', 'extern', 'const', 'inline'):
        j0 += 1
    if DROP_MACROS.match(head_ident) or (j0 < len(toks) and DROP_MACROS.match(toks[j0].text)):
        item.kind = 'dropped'
        item.names = []
        return
    local = set()
    if item.kind == 'function':
        # the first '{' at depth 0
        brace = len(toks) - 1
        depth = 0
        for j, t in enumerate(toks):
            if t.kind == 'punct':
                if t.text in '([':
                    depth += 1
                elif t.text in ')]':
                    depth -= 1
                elif t.text == '{' and depth == 0:
                    brace = j
                    break
        head = toks[:brace]
        c = first_call(head)
        if c is None:
            raise ExtractError('%s:%d: cannot find the name of this function' % (item.path, item.line))
        names.append(call_name(head, c))
        param_names(head, c, match_close(head, c), local)
        body_locals(toks[brace + 1:-1], local, item.macro_locals)
    else:
        names_kind = classify_decl(item, toks, local)
        names.extend(names_kind)
    for p in pps:
        m = re.match(r'#\s*define\s+(\w+)', p.text)
        if m:
            names.append(m.group(1))
    item.names = names
    item.locals = local
    record_refs(item, toks, local | set(n for n in names if not n.startswith(('struct ', 'union ', 'enum '))))
    for p in pps:
        m = re.match(r'#\s*define\s+(\w+)(\([^)]*\))?(.*)', p.text, re.S)
        if m:
            params = set(re.findall(r'\w+', m.group(2) or '')) | {'__VA_ARGS__'}
            record_refs(item, lex(m.group(3), item.path), params | local)


def struct_members(inner, members):
    """Member names declared in the body of a struct or union (nested
    anonymous or named aggregates too)."""
    for stmt in split_top(inner, ';'):
        stmt = [t for t in stmt if t.kind != 'pp']
        b = next((q for q, t in enumerate(stmt) if t.kind == 'punct' and t.text == '{'), None)
        if b is not None:
            close = match_close(stmt, b)
            struct_members(stmt[b + 1:close], members)
            for chunk in split_top(stmt[close + 1:], ','):
                nm = declarator_name(chunk)
                if nm:
                    members.add(nm)
            continue
        for chunk in split_top(stmt, ','):
            nm = declarator_name(chunk)
            if nm:
                members.add(nm)
            for q in range(len(chunk) - 1):
                if chunk[q].text == ')' and chunk[q + 1].text == '(':
                    param_names(chunk, q + 1, match_close(chunk, q + 1), members)


def classify_decl(item, toks, local):
    """Names declared by a ;-terminated item; sets item.kind."""
    names = []
    toks = [t for t in toks if not (t.kind == 'punct' and t.text == ';' and t is toks[-1])]
    # Aggregate definitions inside: struct/union/enum TAG { ... }
    agg_close = None
    for j, t in enumerate(toks):
        if t.kind == 'punct' and t.text == '{':
            k = j - 1
            tag = None
            if k >= 0 and toks[k].kind == 'ident' and toks[k].text not in ('struct', 'union', 'enum'):
                tag = toks[k].text
                k -= 1
            if k >= 0 and toks[k].text in ('struct', 'union', 'enum'):
                kw = toks[k].text
                close = match_close(toks, j)
                if tag:
                    names.append('%s %s' % (kw, tag))
                inner = toks[j + 1:close]
                if kw == 'enum':
                    for part in split_top(inner, ','):
                        if part and part[0].kind == 'ident':
                            names.append(part[0].text)
                else:
                    members = set()
                    struct_members(inner, members)
                    item.members |= members
                    local |= members
                agg_close = (k, close)
            break
        if t.kind == 'punct' and t.text in ('=', '('):
            break
    if agg_close:
        k, close = agg_close
        rest = toks[:k] + toks[close + 1:]
        item.kind = {'struct': 'struct', 'union': 'union', 'enum': 'enum'}[toks[k].text]
    else:
        rest = toks
    is_typedef = bool(rest) and rest[0].text == 'typedef'
    if is_typedef:
        item.kind = 'typedef'
    # declarators of the rest
    decls = []
    if rest:
        # prefix type: drop the aggregate tokens; what is left is "[typedef|static] [TYPE] d1, d2"
        parts = split_top(rest, ',')
        for idx, part in enumerate(parts):
            eq = [j for j, x in enumerate(part) if x.kind == 'punct' and x.text == '=']
            head = part[:eq[0]] if eq else part
            decls.append((head, bool(eq)))
    macro_def = False
    if decls:
        head, has_init = decls[0]
        hs = strip_attrs(head)
        c = first_call(hs)
        pre = [t for t in hs[:c - 1]] if c else []
        pre_sig = [t for t in pre if t.text not in ('static', 'extern', 'const', 'inline') and
                   not (t.kind == 'ident' and t.text.startswith('__') and t.text not in TYPE_KEYWORDS)]
        if c and not pre_sig and not agg_close and hs[c - 1].text not in TYPE_KEYWORDS:
            # "[static] MACRO(args) [= init];": a macro-invocation definition;
            # it defines the identifiers among its arguments that nothing else
            # defines (resolved in build_index).
            macro_def = True
            item.kind = 'macro-definition'
            close = match_close(hs, c)
            # per argument, its identifiers (not tags: "struct x" names no x)
            args = []
            for arg in split_top(hs[c + 1:close], ','):
                args.append([t.text for q, t in enumerate(arg) if t.kind == 'ident' and
                             t.text not in KEYWORDS and
                             not (q > 0 and arg[q - 1].text in ('struct', 'union', 'enum'))])
            item.macro_args = args
            item.macro_name = hs[c - 1].text
        elif c and not agg_close and not has_init and not any(t.text == '(' and
                                                              hs[q + 1].text == '*' for q, t in enumerate(hs[:-1])):
            if not is_typedef:
                item.kind = 'prototype'
            names.append(call_name(hs, c))
            param_names(hs, c, match_close(hs, c), local)
            for head, _ in decls[1:]:
                nm = declarator_name(head)
                if nm:
                    names.append(nm)
        else:
            for q, (head, _) in enumerate(decls):
                h = head
                if q == 0 and not agg_close:
                    # keep "TYPE declarator"; declarator_name takes the last ident
                    pass
                nm = declarator_name(h)
                if nm and not (agg_close and len([t for t in h if t.kind == 'ident']) == 0):
                    if not (q == 0 and len([t for t in strip_attrs(h) if t.kind == 'ident' and
                                            t.text not in ('typedef', 'static', 'const', 'extern')]) < 2
                            and not agg_close):
                        names.append(nm)
                    elif q > 0:
                        names.append(nm)
                for r in range(len(h) - 1):
                    if h[r].text == ')' and h[r + 1].text == '(':
                        param_names(h, r + 1, match_close(h, r + 1), local)
            if item.kind == 'declaration' and names:
                is_extern = any(t.text == 'extern' for t in rest[:3])
                item.kind = 'extern' if is_extern else 'variable'
    if not names and not macro_def and item.kind == 'declaration':
        # "struct foo;" forward declaration
        if len(toks) == 2 and toks[0].text in ('struct', 'union', 'enum'):
            item.kind = 'forward'
    return names


def record_refs(item, toks, exclude):
    """Record the identifiers toks use (not members, not locals)."""
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.kind == 'ident':
            if t.text in ATTR_CALLS and i + 1 < n and toks[i + 1].text == '(' and \
                    t.text in ('__attribute__', '__attribute'):
                i = match_close(toks, i + 1) + 1
                continue
            prev = toks[i - 1] if i > 0 else None
            nxt = toks[i + 1] if i + 1 < n else None
            if t.text in ('struct', 'union', 'enum') and nxt is not None and nxt.kind == 'ident':
                item.refs.setdefault('%s %s' % (t.text, nxt.text), set()).add('type')
                i += 2
                continue
            if prev is not None and prev.kind == 'punct' and prev.text in ('.', '->'):
                # a member; or a function-like macro of the file used as one
                # (QEMU: "entry->latch(DATA)")
                if nxt is not None and nxt.text == '(':
                    item.member_calls.add(t.text)
                i += 1
                continue
            if (prev is not None and prev.text in ('##', '#')) or (nxt is not None and nxt.text == '##'):
                i += 1  # a fragment of a pasted or stringized token (macro bodies)
                continue
            if t.text in KEYWORDS or t.text in exclude or t.text.startswith('__builtin_'):
                i += 1
                continue
            if nxt is not None and nxt.text == '(':
                use = 'call'
            elif nxt is not None and (nxt.kind == 'ident' or (nxt.text == '*' and i + 2 < n and
                                      toks[i + 2].kind == 'ident' and
                                      (prev is None or prev.text in ('(', ',', ';', '{', '}', 'const', 'static')))):
                use = 'type'
            else:
                use = 'value'
            item.refs.setdefault(t.text, set()).add(use)
        i += 1


# ---------------------------------------------------------------- closure

def build_index(items):
    index = {}
    for it in items:
        for nm in it.names:
            index.setdefault(nm, []).append(it)
    # macro-invocation definitions define those argument identifiers that
    # nothing else defines ("static DEFINE_MUTEX(lock);").
    for it in items:
        if it.kind == 'macro-definition':
            # DEFINE_PER_CPU(type, name[N]): the last argument's first
            # identifier; DEFINE_MUTEX(name), LIST_HEAD(name),
            # DECLARE_BITMAP(name, bits), DECLARE_WORK(name, fn): the first's.
            arg = it.macro_args[-1] if 'PER_CPU' in it.macro_name else it.macro_args[0]
            args = arg[:1] if it.macro_args else []
            own = [a for a in args if a not in index]
            it.names = own
            for nm in own:
                index.setdefault(nm, []).append(it)
            it.refs = {}
            record_refs(it, [t for t in it.toks if t.kind != 'pp'], set(own))
    return index


def closure(roots, omit, index):
    kept = set()
    work = []
    for r in roots:
        for it in index[r]:
            if id(it) not in kept:
                kept.add(id(it))
                work.append(it)
    byid = {}
    while work:
        it = work.pop()
        byid[id(it)] = it
        for ref in it.refs:
            if ref in omit:
                continue
            # "T" typedef'd by a macro or a separate typedef also needs
            # "struct T" (QEMU: OBJECT_DECLARE_SIMPLE_TYPE(T, ...)).
            deps = index.get(ref, []) + index.get('struct ' + ref, []) + index.get('union ' + ref, [])
            for dep in deps:
                if id(dep) not in kept:
                    kept.add(id(dep))
                    work.append(dep)
        for ref in it.member_calls:
            for dep in index.get(ref, []):
                if dep.kind == 'macro' and ref not in omit and id(dep) not in kept:
                    kept.add(id(dep))
                    work.append(dep)
    return list(byid.values())


def item_text(src_text, item):
    s = item.toks[0].start
    e = item.toks[-1].end
    return src_text[s:e]


def parse_defines(values):
    out = {}
    for v in values or []:
        name, _, val = v.partition('=')
        out[name] = val if _ else '1'
    return out


def load(path, cond):
    try:
        with open(path, encoding='utf-8', errors='surrogateescape') as f:
            text = f.read()
    except OSError as e:
        raise ExtractError('%s: %s' % (path, e.strerror))
    text = preprocess(text, path, cond)
    toks = lex(text, path)
    items = split_items(toks, path)
    for it in items:
        analyse(it)
    return text, items


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('src')
    ap.add_argument('--root', action='append', default=[], help='a name to extract (repeatable)')
    ap.add_argument('--optional-root', action='append', default=[],
                    help='a name to extract if the file has it')
    ap.add_argument('--omit', action='append', default=[], help='a name the shim provides')
    ap.add_argument('-D', action='append', default=[], dest='defines', metavar='SYM[=VAL]')
    ap.add_argument('-U', action='append', default=[], dest='undefs', metavar='SYM')
    ap.add_argument('--extra-file', action='append', default=[], help='another file of the same tree')
    ap.add_argument('--path-prefix', default=None,
                    help='strip this prefix from the paths written in #line and the report')
    ap.add_argument('-o', dest='out', required=True)
    ap.add_argument('--report')
    a = ap.parse_args(argv)
    if not a.root and not a.optional_root:
        ap.error('at least one --root')
    try:
        return run(a)
    except ExtractError as e:
        print('extract.py: %s' % e, file=sys.stderr)
        return 2


def run(a):
    cond = Conditions(parse_defines(a.defines), a.undefs)
    files = []
    for p in a.extra_file + [a.src]:
        files.append((p,) + load(p, cond))
    items = [it for _, _, its in files for it in its]
    for k, it in enumerate(items):
        it.index = k
    index = build_index(items)
    missing = [r for r in a.root if r not in index]
    if missing:
        raise ExtractError('%s: no definition of %s' % (a.src, ', '.join(missing)))
    roots = list(a.root) + [r for r in a.optional_root if r in index]
    omit = set(a.omit)
    kept = closure(roots, omit, index)
    kept.sort(key=lambda it: it.index)

    def shown(p):
        if a.path_prefix and p.startswith(a.path_prefix):
            return p[len(a.path_prefix):].lstrip('/')
        return p
    texts = {p: t for p, t, _ in files}
    with open(a.out, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write('/* Extracted by pirqsim tools/real/extract.py from %s: roots %s. */\n'
                % (shown(a.src), ' '.join(roots)))
        for it in kept:
            f.write('#line %d "%s"\n' % (it.line, shown(it.path)))
            f.write(item_text(texts[it.path], it))
            f.write('\n')
    if a.report:
        # Names the kept items only declare (a prototype or an extern from
        # a header, no definition) must come from elsewhere: external too.
        defined = set()
        declared = set()
        for it in kept:
            (declared if it.kind in ('prototype', 'extern') else defined).update(it.names)
        declared -= defined
        # A member name passed to a macro (list_for_each_entry(p, head,
        # list), container_of(p, struct t, member)) is no external.
        member_names = set()
        for it in items:
            member_names.update(it.members)
        # A macro body naming a local or a label of the functions that use
        # it (Xen's ERROR_EXIT: "rc = ...; goto out;") captures it: no external.
        func_locals = set()
        for it in kept:
            if it.kind == 'function':
                func_locals |= it.locals
        captured = set()
        ext = {}
        for it in kept:
            for ref, uses in it.refs.items():
                if ref in defined or (ref in member_names and ref not in declared):
                    continue
                if ref in declared:
                    uses = uses | {'declared'}
                if it.kind == 'macro' and ref in func_locals:
                    captured.add(ref)
                    continue
                e = ext.setdefault(ref, {'uses': set(), 'used_by': set()})
                e['uses'] |= uses
                e['used_by'].add(it.title())
        rep = {
            'source': shown(a.src),
            'extra_files': [shown(p) for p in a.extra_file],
            'roots': roots,
            'missing_optional_roots': [r for r in a.optional_root if r not in index],
            'omit': sorted(omit),
            'defines': parse_defines(a.defines),
            'undefs': sorted(a.undefs),
            'unknown_config': sorted(cond.unknown_config),
            'unknown_symbols': sorted(cond.unknown_symbols),
            'unevaluable_conditions': cond.unevaluable,
            'kept': [{'name': it.title(), 'names': it.names, 'kind': it.kind, 'file': shown(it.path),
                      'lines': [it.line, it.end_line]} for it in kept],
            'member_names': sorted(set().union(*[it.members for it in items])),
            # Macros that paste tokens: the identifiers they make are not
            # in 'external', and their pasted arguments (QEMU's latch(DATA))
            # are listed there though no shim defines them.
            'token_pasting_macros': {it.names[0]: ' '.join(it.toks[0].text.split())
                                     for it in kept if it.kind == 'macro' and '##' in it.toks[0].text},
            'macro_captured_locals': sorted(captured - set(ext)),
            # locals declared by a macro (DECLARE_BITMAP(name, n)): gcc
            # without the shim calls them undeclared.
            'macro_declared_locals': sorted(set().union(*[it.macro_locals for it in kept])),
            'external': sorted(ext),
            'external_detail': {k: {'uses': sorted(v['uses']), 'used_by': sorted(v['used_by'])}
                                for k, v in sorted(ext.items())},
        }
        with open(a.report, 'w', encoding='utf-8') as f:
            json.dump(rep, f, indent=1)
            f.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
