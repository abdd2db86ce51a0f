"""The layout check of issue 13: no import cycle, no private name imported across modules, no module over
the size limit, the read side not importing the write stages. Prints what it finds; exit 1 on a breach.

    python -m tools.check_layout
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graph"
MAX_LINES = 400
WRITE_STAGES = ("graph.ingest", "graph.extract", "graph.resolve", "graph.rdf", "graph.pipeline")
READ_SIDE = ("graph.sparql", "graph.serve", "graph.views", "graph.quality")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, name: str) -> list[tuple[str, list[str]]]:
    """(imported module, names) pairs, relative imports resolved; TYPE_CHECKING blocks included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((base, [a.name for a in node.names]))
    return out


def collect() -> tuple[dict[str, Path], dict[str, set[str]], list[str]]:
    modules = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    problems: list[str] = []
    for name, path in modules.items():
        for target, names in imports(path, name):
            if not target.startswith("graph"):
                continue
            # `from graph.x import y` where graph.x.y is a module counts as importing that module
            deps = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules] or [target]
            for dep in deps:
                if dep in modules and dep != name:
                    edges[name].add(dep)
            for n in names:
                if n.startswith("_") and not n.startswith("__") and target != name:
                    problems.append(f"private name: {name} imports {n} from {target}")
            if name.startswith(READ_SIDE) and target.startswith(WRITE_STAGES):
                problems.append(f"read side imports a write stage: {name} -> {target}")
    return modules, edges, problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), a package's __init__ excluded
    from counting its own submodules (importing a package runs its __init__, which is no cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    modules, edges, problems = collect()
    for comp in cycles(edges):
        problems.append("import cycle: " + " <-> ".join(comp))
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in modules.items()}
    for m, n in sorted(sizes.items(), key=lambda kv: -kv[1]):
        if n > MAX_LINES:
            problems.append(f"module over {MAX_LINES} lines: {m} ({n})")
    print(f"{len(modules)} modules, {sum(len(e) for e in edges.values())} internal imports, largest:")
    for m, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {n:5d}  {m}")
    for p in problems:
        print(p)
    print("layout ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
