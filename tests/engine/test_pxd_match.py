"""Every .pxd of the compiled engine describes the .py beside it and belongs to a built module.

Cython takes a .pxd's word for the .py, and some drift only shows at run time or not at all
(checked with Cython 3.3): an instance attribute the .pxd does not declare raises AttributeError
when set; a __slots__ name it does not declare is silently dropped; swapped or renamed arguments
and @cython.locals names that are no variable compile without a word. Others break the build: a
class-body field it does not declare, a class-level value with the name of a declared attribute.
The .pxd files are read line by line (their subset of Cython syntax is small), the .py with ast.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "custom_components" / "netwatch" / "engine"
PXDS = sorted(ENGINE.rglob("*.pxd"))


@dataclass
class PxdFunction:
    """A cdef/cpdef function or method: argument names, which are optional, typed locals."""

    name: str
    args: list[str]
    optional: list[str]
    local_names: list[str]


@dataclass
class PxdClass:
    """A cdef class: its attributes and methods."""

    name: str
    attributes: list[str] = field(default_factory=list)
    methods: dict[str, PxdFunction] = field(default_factory=dict)


@dataclass
class Pxd:
    """What a .pxd declares of its module."""

    variables: list[str] = field(default_factory=list)
    functions: dict[str, PxdFunction] = field(default_factory=dict)
    classes: dict[str, PxdClass] = field(default_factory=dict)
    cimports: list[tuple[str, str]] = field(default_factory=list)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Return (indent, line) with continuation lines joined, comments and extern blocks dropped."""
    out: list[tuple[int, str]] = []
    pending, pending_indent = "", 0
    extern_indent: int | None = None  # inside `cdef extern` (C code): skip its deeper lines
    for raw in text.splitlines():
        indent = len(raw) - len(raw.lstrip())
        if extern_indent is not None and (not raw.strip() or indent > extern_indent):
            continue
        extern_indent = None
        line = raw.split("#", 1)[0].strip()
        if not pending:
            if not line:
                continue
            if line.startswith("cdef extern"):
                extern_indent = indent
                continue
            pending, pending_indent = line, indent
        else:
            pending = f"{pending} {line}"
        if pending.count("(") == pending.count(")"):
            out.append((pending_indent, pending))
            pending = ""
    return out


def _names_after_type(declaration: str) -> list[str]:
    """Return the names of `TYPE a, b, c` (the type may be several words)."""
    first, *rest = declaration.split(",")
    return [first.split()[-1].lstrip("*"), *(name.strip() for name in rest)]


def _function(line: str, local_names: list[str]) -> PxdFunction:
    """Parse `cdef|cpdef [modifiers] RET name(TYPE arg, TYPE arg=*) [noexcept|except X]`."""
    head, _, rest = line.partition("(")
    params = rest.rsplit(")", 1)[0]
    args, optional = [], []
    for param in filter(None, (p.strip() for p in params.split(","))):
        declaration, default = param.partition("=")[::2]
        name = declaration.split()[-1].lstrip("*")
        args.append(name)
        if default:
            optional.append(name)
    return PxdFunction(head.split()[-1], args, optional, local_names)


def parse_pxd(text: str) -> Pxd:
    """Read the declarations of a .pxd."""
    pxd = Pxd()
    owner: PxdClass | None = None
    local_names: list[str] = []
    for indent, line in _logical_lines(text):
        if indent == 0:
            owner = None
        if line.startswith("@cython.locals("):
            local_names = re.findall(r"(\w+)\s*=", line)
        elif match := re.match(r"from\s+([\w.]+)\s+cimport\s+(.+)", line):
            pxd.cimports += [(match[1], name.strip()) for name in match[2].split(",")]
        elif match := re.match(r"cdef\s+class\s+(\w+)", line):
            owner = pxd.classes[match[1]] = PxdClass(match[1])
        elif re.match(r"c?p?def\s", line) and "(" in line:
            function = _function(line, local_names)
            (owner.methods if owner else pxd.functions)[function.name] = function
            local_names = []
        elif line.startswith("cdef "):
            words = line.split(None, 1)[1]
            words = re.sub(r"^(public|readonly)\s+", "", words)
            (owner.attributes if owner else pxd.variables).extend(_names_after_type(words))
    return pxd


# --- the .py side -------------------------------------------------------------------------------


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Return module statements, looking inside `if`/`try` (a fallback def is still a def)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, ast.If):
            out += _top_level(node.body) + _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            out += _top_level(node.body) + _top_level(node.orelse) + _top_level(node.finalbody)
            for handler in node.handlers:
                out += _top_level(handler.body)
    return out


def _bound_names(node: ast.AST) -> set[str]:
    """Return the names a statement binds in its own scope (not in nested functions)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Store):
            names.add(current.id)
        elif isinstance(current, ast.ExceptHandler) and current.name:
            names.add(current.name)
        elif isinstance(current, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in current.names}
        elif (
            isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and current is not node
        ):
            names.add(current.name)
            continue
        if isinstance(current, (ast.Lambda, ast.comprehension)) and current is not node:
            continue
        stack.extend(ast.iter_child_nodes(current))
    return names


def _args(function: ast.FunctionDef) -> list[ast.arg]:
    spec = function.args
    return [*spec.posonlyargs, *spec.args, *spec.kwonlyargs]


def _self_assigned(function: ast.FunctionDef) -> set[str]:
    """Return the attributes a method sets on its instance (`self.x = ...`, setattr(self, "x"))."""
    args = _args(function)
    if not args or any(
        _decorator_name(d) in {"classmethod", "staticmethod"} for d in function.decorator_list
    ):
        return set()
    me = args[0].arg
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id == me:
                names.add(node.attr)
        elif isinstance(node, ast.Call) and len(node.args) >= 2:
            target, name = node.args[0], node.args[1]
            if (
                ast.unparse(node.func) in {"setattr", "object.__setattr__"}
                and isinstance(target, ast.Name)
                and target.id == me
                and isinstance(name, ast.Constant)
                and isinstance(name.value, str)
            ):
                names.add(name.value)
    return names


def _decorator_name(node: ast.expr) -> str:
    return ast.unparse(node.func if isinstance(node, ast.Call) else node)


@dataclass
class PyClass:
    """What a .py class holds, as a cdef class would see it."""

    fields: set[str]
    """Per-instance attributes: __slots__, class-body annotations, what methods set on self."""
    class_level: set[str]
    """Class attributes: plain class-body assignments, ClassVars, methods and properties."""
    properties: set[str]
    methods: dict[str, ast.FunctionDef]


def read_class(node: ast.ClassDef) -> PyClass:
    """Collect a class's attributes and methods."""
    cls = PyClass(set(), set(), set(), {})
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            cls.methods[item.name] = item
            cls.class_level.add(item.name)
            cls.fields |= _self_assigned(item)
            decorators = {_decorator_name(d) for d in item.decorator_list}
            if "property" in decorators or f"{item.name}.setter" in decorators:
                cls.properties.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            kind = cls.class_level if "ClassVar" in ast.unparse(item.annotation) else cls.fields
            kind.add(item.target.id)
        elif isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name) and target.id == "__slots__":
                    cls.fields |= set(ast.literal_eval(item.value))
                elif isinstance(target, ast.Name):
                    cls.class_level.add(target.id)
    return cls


# --- the comparison -----------------------------------------------------------------------------


def compare_function(where: str, declared: PxdFunction, py: ast.FunctionDef | None) -> list[str]:
    """Return how a .py function differs from its declaration (name, arguments, locals)."""
    if py is None:
        return [f"{where}: declared, but the .py has no such function"]
    problems = []
    args = _args(py)
    names = [a.arg for a in args]
    if names != declared.args:
        problems.append(f"{where}: arguments {declared.args} in the .pxd, {names} in the .py")
    positional = [*py.args.posonlyargs, *py.args.args]
    with_default = positional[len(positional) - len(py.args.defaults) :] + [
        a for a, d in zip(py.args.kwonlyargs, py.args.kw_defaults, strict=True) if d is not None
    ]
    optional = [a.arg for a in with_default]
    if optional != declared.optional:
        problems.append(f"{where}: optional {declared.optional} in the .pxd, {optional} in the .py")
    known = set(names) | _bound_names(py)
    problems += [
        f"{where}: @cython.locals names {name!r}, not a variable of the .py function"
        for name in declared.local_names
        if name not in known
    ]
    return problems


def compare_class(declared: PxdClass, py: ast.ClassDef | None) -> list[str]:
    """Return how a .py class differs from its cdef class."""
    where = f"class {declared.name}"
    if py is None:
        return [f"{where}: declared, but the .py has no such class"]
    cls = read_class(py)
    attributes = set(declared.attributes)
    problems = [
        f"{where}.{name}: declared, but the .py class never sets it"
        for name in sorted(attributes - cls.fields)
    ]
    problems += [
        f"{where}.{name}: set by the .py class, not declared (compiled: AttributeError or no build)"
        for name in sorted(cls.fields - attributes - cls.properties)
    ]
    problems += [
        f"{where}.{name}: a class attribute of the .py, declared as an instance attribute "
        "(the C does not compile)"
        for name in sorted(attributes & cls.class_level)
    ]
    for name, method in declared.methods.items():
        problems += compare_function(f"{where}.{name}", method, cls.methods.get(name))
    return problems


def compare_module(pxd_text: str, py_text: str) -> list[str]:
    """Return every way a .py differs from its .pxd (empty when they agree)."""
    pxd = parse_pxd(pxd_text)
    statements = _top_level(ast.parse(py_text).body)
    functions = {n.name: n for n in statements if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in statements if isinstance(n, ast.ClassDef)}
    bound = set().union(*(_bound_names(n) for n in statements))
    problems = [
        f"module variable {name}: declared, but the .py never assigns it"
        for name in pxd.variables
        if name not in bound
    ]
    for name, function in pxd.functions.items():
        problems += compare_function(name, function, functions.get(name))
    for name, cdef_class in pxd.classes.items():
        problems += compare_class(cdef_class, classes.get(name))
    return problems


def build_modules() -> tuple[str, ...]:
    """Return speedups/build.py's MODULES (read, not imported: build.py wants Cython around)."""
    tree = ast.parse((ROOT / "speedups" / "build.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "MODULES":
            modules: tuple[str, ...] = ast.literal_eval(node.value)
            return modules
    raise AssertionError("speedups/build.py has no MODULES")


def _module_of(pxd: Path) -> str:
    return ".".join(pxd.relative_to(ENGINE).with_suffix("").parts)


# --- the tests ----------------------------------------------------------------------------------


def test_every_built_module_exists_once() -> None:
    modules = build_modules()
    assert len(set(modules)) == len(modules)
    missing = [
        m for m in modules if not (ENGINE / Path(*m.split("."))).with_suffix(".py").is_file()
    ]
    assert missing == []


def test_every_pxd_belongs_to_a_built_module() -> None:
    assert PXDS
    stray = [str(p.relative_to(ROOT)) for p in PXDS if _module_of(p) not in build_modules()]
    assert stray == []


@pytest.mark.parametrize("pxd", PXDS, ids=_module_of)
def test_pxd_matches_its_py(pxd: Path) -> None:
    problems = compare_module(pxd.read_text(), pxd.with_suffix(".py").read_text())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pxd", PXDS, ids=_module_of)
def test_cimports_name_declared_classes(pxd: Path) -> None:
    for module, name in parse_pxd(pxd.read_text()).cimports:
        prefix = "custom_components.netwatch.engine."
        assert module.startswith(prefix), module
        source = (ENGINE / Path(*module.removeprefix(prefix).split("."))).with_suffix(".pxd")
        assert name in parse_pxd(source.read_text()).classes, f"{module} cimport {name}"


def _drop_method(source: str, class_name: str, method: str) -> str:
    """Return the source without one method of a class."""
    lines = source.splitlines(keepends=True)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            found = next(n for n in node.body if getattr(n, "name", None) == method)
            assert found.end_lineno is not None
            return "".join(lines[: found.lineno - 1] + lines[found.end_lineno :])
    raise AssertionError(f"no class {class_name}")


def _replace(old: str, new: str, *, words: bool = False) -> Callable[[str], str]:
    def mutate(source: str) -> str:
        pattern = rf"\b{re.escape(old)}\b" if words else re.escape(old)
        changed, count = re.subn(pattern, new.replace("\\", "\\\\"), source)
        assert count, f"{old!r} is not in the source any more: update the mutant"
        return changed

    return mutate


MUTANTS: dict[str, tuple[str, Callable[[str], str]]] = {
    "rename a slot and its uses": (
        "aggregate/tables.pxd",
        _replace("saved_name", "custom_name", words=True),
    ),
    "drop a cpdef method": ("aggregate/hll.pxd", lambda s: _drop_method(s, "RollingHLL", "add")),
    "add an argument": (
        "classify.pxd",
        _replace("now: float) -> FlowBatch", "now: float, x: int)"),
    ),
    "swap two arguments": (
        "scan/probes.pxd",
        _replace("(src_port: int, dst_port: int)", "(dst_port: int, src_port: int)"),
    ),
    "drop a default": (
        "flow/plan.pxd",
        _replace("memoryview, limit: int = 1 << 30", "memoryview, limit: int"),
    ),
    "add a slot": (
        "aggregate/ledger.pxd",
        _replace("__slots__ = (\n", '__slots__ = (\n        "extra",\n'),
    ),
    "set a new attribute": (
        "watch.pxd",
        _replace("self.evicted = 0", "self.evicted = self.seen = 0"),
    ),
    "class value for an attribute": (
        "watch.pxd",
        _replace(
            "    def __init__(self, learning", "    evicted = 0\n\n    def __init__(self, learning"
        ),
    ),
    "rename a typed local": ("watch.pxd", _replace("entry", "found", words=True)),
    "drop a module constant": ("aggregate/hll.pxd", _replace("\n_GOLDEN = ", "\n_GOLDEN_RATIO = ")),
}


@pytest.mark.parametrize("mutant", MUTANTS)
def test_mutants_are_caught(mutant: str) -> None:
    pxd, mutate = MUTANTS[mutant]
    path = ENGINE / pxd
    assert compare_module(path.read_text(), mutate(path.with_suffix(".py").read_text())) != []
