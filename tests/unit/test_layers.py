"""The layers of app/ import only downward, so no module of the project imports another
that (through any chain) imports it back, and no import hides inside a function."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "facilitation")
# Allowed direction, top to bottom; a module may import its own layer or any lower one.
LAYERS = [
    ("app.sockets", "app.pages", "app.export"),
    ("app.services",),
    ("app.broadcast",),
    ("app.views",),
    ("app.store",),
    ("app.models", "app.extensions", "app.errors", "app.presence", "app.network",
     "app.security", "app.i18n", "app.qr", "app.config"),
    ("facilitation",),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, bool]]:
    """The project's modules `name` imports, each with whether the import is at module
    level (False: inside a function or class body)."""
    tree = ast.parse(path.read_text())
    top_level = {id(node) for node in tree.body}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # `from app import broadcast` imports the module app.broadcast.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, id(node) in top_level))
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: {t for t, _ in imports_of(name, path, known)} for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def layer_of(name: str) -> int | None:
    for depth, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return depth
    return None


def test_the_project_has_no_import_circle():
    edges = graph()

    assert len(edges) > 30 and "app.services.rounds" in edges
    assert cycles(edges) == []


def test_the_circle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_project_import_hides_inside_a_function():
    found = modules()
    known = set(found)

    hidden = {name: [t for t, top in imports_of(name, path, known) if not top]
              for name, path in found.items()}

    assert {name: targets for name, targets in hidden.items() if targets} == {}


def test_imports_only_go_down_the_layers():
    upward = []
    for name, targets in graph().items():
        depth = layer_of(name)
        for target in targets:
            target_depth = layer_of(target)
            if depth is not None and target_depth is not None and target_depth < depth:
                upward.append(f"{name} -> {target}")

    assert upward == []
