"""The shape of generator/: imports that form no cycle, and only public names of MkDocs, Material and plugins."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Packages whose private (underscore) names the generator must not touch: the next upgrade may remove them.
THIRD_PARTY = ("mkdocs", "material", "mkdocs_static_i18n", "pymdownx", "markdown")


def _modules() -> dict[str, ast.Module]:
    return {f"generator.{path.stem}": ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(GENERATOR.glob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under `if TYPE_CHECKING:` (annotations only: no import at run time)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def import_graph() -> dict[str, set[str]]:
    """generator module -> the generator modules it imports, anywhere in it (top level or inside a function)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for node in _runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "generator":
                graph[name] |= {f"generator.{alias.name}" for alias in node.names if f"generator.{alias.name}" in modules}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
                graph[name].add(node.module)
            elif isinstance(node, ast.Import):
                graph[name] |= {alias.name for alias in node.names if alias.name in modules}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_generator_imports_form_no_cycle():
    graph = import_graph()
    assert graph["generator.building"] >= {"generator.site", "generator.rendering"}  # the graph is really read
    assert find_cycle(graph) is None


def test_site_facts_module_imports_no_other_generator_module():
    assert import_graph()["generator.site"] == set()


def private_names(tree: ast.AST) -> list[str]:
    """Uses of underscore names of MkDocs, Material or their plugins: imported, or reached as attributes of an
    imported module or of what the generator gets from them (config, page, plugin objects)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in THIRD_PARTY:
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            found += [node.module] if any(part.startswith("_") for part in node.module.split(".")) else []
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in THIRD_PARTY and "._" in a.name]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in (*THIRD_PARTY, "config", "page", "plugin", "nav", "files", "env"):
                found.append(f"{owner.id}.{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ("_build_page", "_populate_page", "_title_from_render"):
            found.append(node.value)
    return found


def test_private_names_are_found():
    tree = ast.parse("from mkdocs.commands.build import _build_page\nimport material\nx = page._title_from_render\ny = config._current_page")
    assert private_names(tree) == ["mkdocs.commands.build._build_page", "page._title_from_render", "config._current_page"]


def test_generator_uses_only_public_names_of_mkdocs_material_and_plugins():
    problems = {name: found for name, tree in _modules().items() if (found := private_names(tree))}
    assert problems == {}
