#!/usr/bin/env python3
"""Fail when the modules of a Rust crate import each other in a cycle.

Usage: scripts/check-module-cycles.py [CRATE_SRC_ROOT_FILE]   (default apps/gateway/src/lib.rs)

The module tree is read from the crate root's `mod name;` declarations (file modules only;
inline `mod tests { .. }` belongs to its file). A module depends on:
  * each child module it declares (`mod x;`), and
  * every module named by a `crate::…` or `super::…` path in its code (comments and string
    literals ignored; `use crate::{a::b, c}` groups expanded), resolved to the longest
    prefix that is a module.
Strongly connected components of more than one module are cycles: each is printed with the
edges that close it, and the exit status is 1. Exit 0 prints the module count.

Layers in apps/gateway (docs/development.md): lib/main → openapi → routes → middleware →
extract/paths → state/config; a lower layer never imports a higher one.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_comments_and_strings(src: str) -> str:
    """Source with comments, string and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    if src[i] == "\n":
                        out.append("\n")
                    i += 1
        elif c == "r" and re.match(r'r#*"', src[i:i + 40]) and (i == 0 or not re.match(r"\w", src[i - 1])):
            m = re.match(r'r(#*)"', src[i:])
            end = '"' + m.group(1)
            j = src.find(end, i + len(m.group(0)))
            j = n if j < 0 else j + len(end)
            out.append("\n" * src.count("\n", i, j) + '""')
            i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append("\n" * src.count("\n", i, j) + '""')
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", src[i:i + 12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", src[i:i + 12])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def inline_modules(code: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every inline `mod name { .. }` block, outermost first."""
    blocks = []
    for m in re.finditer(r"\bmod\s+(" + IDENT + r")\s*\{", code):
        depth, k = 1, m.end()
        while k < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[k], 0)
            k += 1
        blocks.append((m.start(), k, m.group(1)))
    return blocks


def expand_use_tree(tree: str) -> list[str]:
    """`a::{b::c, d}` → ["a::b::c", "a::d"] (whitespace already removed)."""
    depth, brace = 0, -1
    for k, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                brace = k
            depth += 1
        elif ch == "}":
            depth -= 1
    if brace < 0:
        return [tree]
    prefix, inner = tree[:brace], tree[brace + 1:tree.rfind("}")]
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    result = []
    for p in parts:
        if p:
            result.extend(prefix + q for q in expand_use_tree(p))
    return result


class Crate:
    def __init__(self, root_file: str):
        self.files: dict[tuple[str, ...], str] = {}
        self.code: dict[tuple[str, ...], str] = {}
        self._load((), root_file, is_mod_rs=True)

    def _load(self, path: tuple[str, ...], file: str, is_mod_rs: bool) -> None:
        with open(file, encoding="utf-8") as f:
            code = strip_comments_and_strings(f.read())
        self.files[path] = file
        self.code[path] = code
        base = os.path.dirname(file)
        if not is_mod_rs:
            base = os.path.join(base, os.path.splitext(os.path.basename(file))[0])
        for m in re.finditer(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*;", code):
            name = m.group(1)
            flat, nested = os.path.join(base, name + ".rs"), os.path.join(base, name, "mod.rs")
            if os.path.isfile(flat):
                self._load(path + (name,), flat, is_mod_rs=False)
            elif os.path.isfile(nested):
                self._load(path + (name,), nested, is_mod_rs=True)
            else:
                raise SystemExit(f"{file}: module `{name}` has no file")

    def resolve(self, segments: list[str]) -> tuple[str, ...]:
        """The longest prefix of `segments` that is a module."""
        best: tuple[str, ...] = ()
        for k in range(1, len(segments) + 1):
            if tuple(segments[:k]) in self.files:
                best = tuple(segments[:k])
            else:
                break
        return best

    def references(self, module: tuple[str, ...]) -> set[tuple[str, ...]]:
        code = self.code[module]
        inline = inline_modules(code)
        paths: list[tuple[int, list[str]]] = []
        for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", code):
            for p in expand_use_tree(re.sub(r"\s+", "", m.group(1))):
                paths.append((m.start(), re.sub(r"as\w+$", "", p).split("::")))
        for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:\s*::\s*(?:" + IDENT + r"))+)", code):
            paths.append((m.start(), re.sub(r"\s+", "", m.group(1)).split("::")))
        refs = set()
        for at, segs in paths:
            segs = [s for s in segs if s]
            if not segs:
                continue
            if segs[0] == "crate":
                absolute = segs[1:]
            elif segs[0] in ("super", "self"):
                # `super` inside an inline `mod tests { .. }` first leaves the inline module.
                here = list(module) + [n for (start, end, n) in inline if start <= at < end]
                k = 0
                while k < len(segs) and segs[k] in ("super", "self"):
                    if segs[k] == "super":
                        here = here[:-1]
                    k += 1
                absolute = here + segs[k:]
            else:
                continue
            target = self.resolve(absolute)
            if target != module:
                refs.add(target)
        return refs

    def graph(self) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
        g: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        for module in self.files:
            g[module] |= self.references(module)
            if module:
                g[module[:-1]].add(module)
        return g


def strongly_connected(graph: dict) -> list[list]:
    """Tarjan's algorithm, iterative."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = 0
    nodes = sorted(set(graph) | {v for vs in graph.values() for v in vs})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    v = stack.pop()
                    on_stack.discard(v)
                    component.append(v)
                    if v == node:
                        break
                result.append(component)
    return result


def name(module: tuple[str, ...]) -> str:
    return "crate" if not module else "crate::" + "::".join(module)


def main(argv: list[str]) -> int:
    root = argv[1] if len(argv) > 1 else "apps/gateway/src/lib.rs"
    crate = Crate(root)
    graph = crate.graph()
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    if not cycles:
        print(f"no module cycles among {len(crate.files)} modules of {root}")
        return 0
    for c in sorted(cycles, key=len, reverse=True):
        members = set(c)
        print(f"module cycle of {len(c)} modules:")
        for m in c:
            inner = sorted(t for t in graph[m] if t in members)
            print(f"  {name(m)} ({crate.files[m]}) -> " + ", ".join(name(t) for t in inner))
    print(f"{len(cycles)} module cycle(s) in {root}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
