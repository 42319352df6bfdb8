"""facilitation/ is the method as plain Python: no web framework, no database, no I/O."""
import ast
from pathlib import Path

FORBIDDEN = {"flask", "flask_socketio", "flask_sqlalchemy", "flask_login", "flask_babel",
             "sqlalchemy", "socketio", "engineio", "app", "requests", "os", "socket"}
CORE = Path(__file__).resolve().parents[2] / "facilitation"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_method_imports_no_framework_database_or_io():
    offenders = {
        path.name: sorted(imported_roots(path) & FORBIDDEN) for path in CORE.glob("*.py")
    }

    assert {name: found for name, found in offenders.items() if found} == {}
    assert len(offenders) >= 4
