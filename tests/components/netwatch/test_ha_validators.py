"""Translations, icons and manifest pass Home Assistant's own validators and loaders.

The rules come from ha_rules.py (Home Assistant's validators plus hassfest's stated rules); the
runtime half drives the real flows and loads the files through Home Assistant's translation
loader and integration loader, so what the UI looks up is checked, not a copy of it.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from typing import Any

import probatio as pb
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import translation
from homeassistant.helpers.selector import SelectSelector
from homeassistant.loader import async_get_integration
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netwatch.const import DOMAIN
from tests.helpers import PROJECT

from . import ha_rules

INTEGRATION = PROJECT / "custom_components" / DOMAIN
EN = json.loads((INTEGRATION / "translations" / "en.json").read_text())
OPTION_STEPS = ("networks", "syslog", "geoip", "detection", "forwarding", "devices")


def test_translations_pass_home_assistants_rules() -> None:
    """Every string and every key of en.json is valid (HTML, placeholders, URLs, key shape)."""
    ha_rules.translations_schema()(EN)


def test_icons_pass_home_assistants_rules() -> None:
    """icons.json: Material Design Icons under valid platform and translation keys."""
    ha_rules.icons_schema()(json.loads((INTEGRATION / "icons.json").read_text()))


def test_manifest_passes_home_assistants_rules() -> None:
    """manifest.json fits Home Assistant's Manifest type and the custom-integration rules."""
    ha_rules.manifest_schema(DOMAIN)(json.loads((INTEGRATION / "manifest.json").read_text()))


@pytest.mark.parametrize(
    ("validator", "bad"),
    [
        (ha_rules.translation_key, "all:1/10"),  # netwatch 0.1.0's selector option keys
        (ha_rules.translation_key, "denied__1"),
        (ha_rules.translation_key, "_x"),
        (ha_rules.translation_text, "Documents go to <prefix>-flows."),  # shown as UNCLOSED_TAG
        (ha_rules.translation_text, "for example https://elastic.local:9200"),
        (ha_rules.translation_text, "see '{path}'"),
        (ha_rules.translation_text, "a {bad-name} placeholder"),
        (ha_rules.translation_text, " padded"),
        (ha_rules.state_text, "{count} scans"),
    ],
)
def test_the_rules_reject_what_home_assistant_rejects(validator: Any, bad: str) -> None:
    with pytest.raises(pb.Invalid):
        validator(bad)


def test_the_manifest_rules_reject_bad_manifests() -> None:
    manifest = json.loads((INTEGRATION / "manifest.json").read_text())
    schema = ha_rules.manifest_schema(DOMAIN)
    for bad in (
        {**manifest, "integration_type": "thing"},  # not in HA's Manifest type
        {**manifest, "unknown_key": True},
        {**manifest, "requirements": ["geoip2>=5"]},
        {key: value for key, value in manifest.items() if key != "version"},
    ):
        with pytest.raises(pb.Invalid):
            schema(bad)


async def test_home_assistants_loader_accepts_the_integration(hass: HomeAssistant) -> None:
    """The integration loader reads the manifest, the version and every dependency."""
    integration = await async_get_integration(hass, DOMAIN)
    manifest = json.loads((INTEGRATION / "manifest.json").read_text())
    assert str(integration.version) == manifest["version"]
    assert not integration.is_built_in
    assert await integration.resolve_dependencies() is not None
    for dependency in (*integration.dependencies, *integration.after_dependencies):
        assert (await async_get_integration(hass, dependency)).is_built_in


def _flat(tree: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}.{key}")
        else:
            yield f"{prefix}.{key}", value


@pytest.mark.parametrize(
    "category", ["config", "options", "selector", "entity", "device", "issues", "exceptions"]
)
async def test_home_assistants_translation_loader_reads_everything(
    hass: HomeAssistant, category: str
) -> None:
    """HA's own loader returns every string of the category, unchanged."""
    loaded = await translation.async_get_translations(hass, "en", category, {DOMAIN})
    ours = dict(_flat(EN[category], f"component.{DOMAIN}.{category}"))
    assert loaded == ours


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _check_form(kind: str, result: Any, loaded: dict[str, str]) -> None:
    """Each field has a label and a description; selects have option labels; placeholders set."""
    assert result["type"] is FlowResultType.FORM, result
    base = f"component.{DOMAIN}.{kind}.step.{result['step_id']}"
    texts = [text for key, text in loaded.items() if key.startswith(f"{base}.")]
    for marker, selector in result["data_schema"].schema.items():
        field = str(marker)
        assert f"{base}.data.{field}" in loaded, f"{kind} {result['step_id']}: no label {field}"
        assert f"{base}.data_description.{field}" in loaded, f"no description of {field}"
        if isinstance(selector, SelectSelector) and (key := selector.config.get("translation_key")):
            for option in selector.config["options"]:
                value = option if isinstance(option, str) else option["value"]
                ha_rules.translation_key(value)
                assert f"component.{DOMAIN}.selector.{key}.options.{value}" in loaded
    given = set(result.get("description_placeholders") or {})
    needed = set().union(*(_placeholders(text) for text in texts))
    assert needed <= given, f"{kind} {result['step_id']}: placeholders {needed - given} not given"


async def _loaded(hass: HomeAssistant) -> dict[str, str]:
    out: dict[str, str] = {}
    for category in ("config", "options", "selector"):
        out |= await translation.async_get_translations(hass, "en", category, {DOMAIN})
    return out


async def test_every_form_the_flows_show_is_translated(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """User, reconfigure, re-authentication and every options step, as the UI renders them."""
    loaded = await _loaded(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    _check_form("config", result, loaded)
    hass.config_entries.flow.async_abort(result["flow_id"])

    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    for start in (mock_entry.start_reconfigure_flow, mock_entry.start_reauth_flow):
        result = await start(hass)
        _check_form("config", result, loaded)
        hass.config_entries.flow.async_abort(result["flow_id"])

    menu = await hass.config_entries.options.async_init(mock_entry.entry_id)
    assert menu["type"] is FlowResultType.MENU
    assert set(menu["menu_options"]) == set(OPTION_STEPS)
    for step in OPTION_STEPS:
        assert f"component.{DOMAIN}.options.step.init.menu_options.{step}" in loaded
        menu = await hass.config_entries.options.async_init(mock_entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            menu["flow_id"], {"next_step_id": step}
        )
        _check_form("options", result, loaded)
        hass.config_entries.options.async_abort(result["flow_id"])
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_netwatch_registers_no_service_without_a_description(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Services need services.yaml (and icons, translations): netwatch offers none."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.services.async_services_for_domain(DOMAIN) == {}
    assert not (INTEGRATION / "services.yaml").exists()
    assert "services" not in EN
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
