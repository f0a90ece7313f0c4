"""Repository rules that hassfest and HACS enforce, checked locally."""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import PROJECT

INTEGRATION = PROJECT / "custom_components" / "netwatch"
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "hacs",
    "persistent_directory",
    "render_readme",
}


def _manifest() -> dict[str, Any]:
    return json.loads((INTEGRATION / "manifest.json").read_text())


def test_manifest_keys_sorted_and_complete() -> None:
    """domain and name first, the rest sorted; custom-integration keys present and valid."""
    manifest = _manifest()
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    for key in (
        "version",
        "iot_class",
        "documentation",
        "issue_tracker",
        "codeowners",
        "config_flow",
        "integration_type",
        "requirements",
    ):
        assert key in manifest, key
    assert manifest["iot_class"] == "local_push"
    assert manifest["integration_type"] in ("service", "hub")
    assert manifest["documentation"].startswith("https://")
    assert "home-assistant.io" not in manifest["documentation"]
    assert all("==" in req for req in manifest["requirements"])
    assert not any(
        req.split("==")[0] in ("aiohttp", "voluptuous") for req in manifest["requirements"]
    )


def test_manifest_lists_imported_components() -> None:
    """Every homeassistant.components.X imported is a dependency (or is always loaded)."""
    manifest = _manifest()
    declared = set(manifest.get("dependencies", [])) | set(manifest.get("after_dependencies", []))
    always = {"sensor", "event", "diagnostics", "repairs", "binary_sensor"}  # platforms / helpers
    used = set()
    for path in INTEGRATION.rglob("*.py"):
        used |= set(re.findall(r"homeassistant\.components\.(\w+)", path.read_text()))
    assert used - declared - always == set()


def test_only_one_manifest_in_repository() -> None:
    """hassfest validates every manifest.json: there must be exactly ours."""
    found = [
        p
        for p in PROJECT.rglob("manifest.json")
        if "node_modules" not in p.parts and ".git" not in p.parts
    ]
    assert found == [INTEGRATION / "manifest.json"]


def test_hacs_json() -> None:
    """hacs.json has only allowed keys; its minimum is the oldest Home Assistant tested."""
    from awesomeversion import AwesomeVersion
    from homeassistant.const import __version__ as ha_version

    hacs = json.loads((PROJECT / "hacs.json").read_text())
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"]
    if os.environ.get("NETWATCH_HA") == "min":  # scripts/rig's minimum set
        assert hacs["homeassistant"] == ha_version
    else:
        assert AwesomeVersion(ha_version) >= AwesomeVersion(hacs["homeassistant"])
    readme = (PROJECT / "README.md").read_text()
    assert f"Minimum Home Assistant: {hacs['homeassistant']}" in readme


def test_brand_icon_is_256_png() -> None:
    """brand/icon.png is a 256x256 PNG."""
    data = (INTEGRATION / "brand" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (256, 256)


# The Integration Quality Scale's rules (bronze, silver, gold, platinum), as hassfest lists them.
QUALITY_RULES = {
    *("action-setup", "appropriate-polling", "brands", "common-modules", "config-flow"),
    *("config-flow-test-coverage", "dependency-transparency", "docs-actions", "docs-conditions"),
    *("docs-high-level-description", "docs-installation-instructions"),
    *("docs-removal-instructions", "docs-triggers", "entity-event-setup", "entity-unique-id"),
    *("has-entity-name", "runtime-data", "test-before-configure", "test-before-setup"),
    "unique-config-entry",
    *("action-exceptions", "config-entry-unloading", "docs-configuration-parameters"),
    *("docs-installation-parameters", "entity-unavailable", "integration-owner"),
    *("log-when-unavailable", "parallel-updates", "reauthentication-flow", "test-coverage"),
    *("devices", "diagnostics", "discovery", "discovery-update-info", "docs-data-update"),
    *("docs-examples", "docs-known-limitations", "docs-supported-devices"),
    *("docs-supported-functions", "docs-troubleshooting", "docs-use-cases", "dynamic-devices"),
    *("entity-category", "entity-device-class", "entity-disabled-by-default"),
    *("entity-translations", "exception-translations", "icon-translations"),
    *("reconfiguration-flow", "repair-issues", "stale-devices"),
    *("async-dependency", "inject-websession", "strict-typing"),
}


def test_quality_scale_is_complete() -> None:
    """Every one of the 54 rules has a status; exemptions carry a reason."""
    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())["rules"]
    assert len(QUALITY_RULES) == 54
    assert set(rules) == QUALITY_RULES
    for name, value in rules.items():
        status = value if isinstance(value, str) else value["status"]
        assert status in ("done", "todo", "exempt"), name
        if status == "exempt":
            assert isinstance(value, dict), name
            assert value.get("comment"), name


def test_translations_cover_flows_and_entities() -> None:
    """Every form field has a label and a description; every sensor key has a name and icon."""
    en = json.loads((INTEGRATION / "translations" / "en.json").read_text())
    icons = json.loads((INTEGRATION / "icons.json").read_text())
    for step in (*en["config"]["step"].values(), *en["options"]["step"].values()):
        assert set(step.get("data", {})) == set(step.get("data_description", {}))
    from custom_components.netwatch import sensor_collector as sc
    from custom_components.netwatch import sensor_descriptions as sd

    descriptions = (
        *sc.COLLECTOR_SENSORS,
        *sc.FORWARDER_SENSORS,
        *sd.NETWORK_SENSORS,
        *sd.DEVICE_SENSORS,
        *sd.COUNTRY_SENSORS,
    )
    for description in descriptions:
        assert description.translation_key in en["entity"]["sensor"]
        assert description.translation_key in icons["entity"]["sensor"]
    text = json.dumps(en)
    assert "[%key:" not in text  # not resolved for custom integrations


def test_readme_commands_exist() -> None:
    """The README's two commands exist and .ci/run calls the test command."""
    readme = (PROJECT / "README.md").read_text()
    assert "scripts/demo" in readme
    assert "scripts/test" in readme
    assert Path(PROJECT / "scripts" / "demo").stat().st_mode & 0o111
    assert "scripts/test" in (PROJECT / ".ci" / "run").read_text()


# Ways code found the old test data beside the checkout (this file is exempt: it names them).
OUTSIDE_DATA = re.compile(
    r"""NETWATCH_SHARED|\.\./shared|shared/testdata|/src/shared|["']shared["']"""
)
TEXT_SUFFIXES = {".py", ".mjs", ".js", ".ts", ".json", ".md", ".sh", ".toml", ".yaml", ".yml", ""}


def test_nothing_reads_test_data_from_outside_the_repository() -> None:
    """Tests, benchmarks, scripts and the demo read data only from inside the checkout."""
    roots = ("tests", "benchmarks", "scripts", "custom_components", "frontend", ".ci", ".github")
    offenders = []
    for root in roots:
        for path in (PROJECT / root).rglob("*"):
            if "node_modules" in path.parts or not path.is_file() or path == Path(__file__):
                continue
            if path.suffix not in TEXT_SUFFIXES or path.stat().st_size > 1_000_000:
                continue
            text = path.read_text(errors="replace")
            offenders += [
                f"{path.relative_to(PROJECT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
                for m in OUTSIDE_DATA.finditer(text)
            ]
    offenders += [
        f"README.md: {m.group()}"
        for m in OUTSIDE_DATA.finditer((PROJECT / "README.md").read_text())
    ]
    assert offenders == []


def test_github_workflows_run_the_real_checkers_and_ci() -> None:
    """hassfest and the HACS action validate the published repository; CI runs .ci/run."""
    flows = {
        path.name: yaml.safe_load(path.read_text())
        for path in (PROJECT / ".github" / "workflows").glob("*.yaml")
    }
    steps = [
        step for flow in flows.values() for job in flow["jobs"].values() for step in job["steps"]
    ]
    uses = {str(step.get("uses", "")).split("@")[0] for step in steps}
    assert {"home-assistant/actions/hassfest", "hacs/action"} <= uses
    hacs = next(s for s in steps if str(s.get("uses", "")).startswith("hacs/action@"))
    assert hacs["with"]["category"] == "integration"
    assert any(".ci/run" in str(step.get("run", "")) for step in steps)


def _imported_top_level_modules() -> set[str]:
    import ast
    import sys

    def optional(tree: ast.AST) -> set[ast.AST]:
        """Imports inside `try: ... except ImportError` (the optional compiled engine)."""
        nodes: set[ast.AST] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers
            ):
                nodes |= {n for stmt in node.body for n in ast.walk(stmt)}
        return nodes

    found: set[str] = set()
    for path in INTEGRATION.rglob("*.py"):
        tree = ast.parse(path.read_text())
        skip = optional(tree)
        for node in ast.walk(tree):
            if node in skip:
                continue
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"homeassistant", "custom_components"}


def test_manifest_lists_exactly_the_libraries_the_code_imports() -> None:
    """dependency-transparency: imported packages Home Assistant does not bring are pinned."""
    from importlib import metadata

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    provided = {
        norm(re.split(r"[ ;<>=!~\[]", req, maxsplit=1)[0])
        for req in metadata.requires("homeassistant") or []
    }
    dists = metadata.packages_distributions()
    imported = {norm(dist) for module in _imported_top_level_modules() for dist in dists[module]}
    pins = dict(req.split("==") for req in _manifest()["requirements"])
    assert {norm(name) for name in pins} == imported - provided
    for name, version in pins.items():
        assert metadata.version(name) == version, name
