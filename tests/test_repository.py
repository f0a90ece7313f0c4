"""Repository rules that hassfest and HACS enforce, checked locally."""

from __future__ import annotations

import json
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
    """hacs.json has only allowed keys and the minimum HA version the suite runs on."""
    from homeassistant.const import __version__ as ha_version

    hacs = json.loads((PROJECT / "hacs.json").read_text())
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"]
    assert hacs["homeassistant"] == ha_version
    assert (
        _manifest()["version"] == json.loads((INTEGRATION / "manifest.json").read_text())["version"]
    )


def test_brand_icon_is_256_png() -> None:
    """brand/icon.png is a 256x256 PNG."""
    data = (INTEGRATION / "brand" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (256, 256)


def test_quality_scale_is_complete() -> None:
    """Every rule has a status; exemptions carry a reason."""
    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())["rules"]
    assert len(rules) >= 50
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
