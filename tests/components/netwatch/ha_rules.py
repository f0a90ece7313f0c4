"""Home Assistant's rules for an integration's files, built from Home Assistant's own validators.

hassfest, the checker Home Assistant runs on integrations, lives in HA core's repository
(script/hassfest) and ships neither in the homeassistant wheel nor in its sdist (which holds
homeassistant/ and tests/ only); the published repository runs the real one through the hassfest
GitHub action (.github/workflows/validate.yaml). Here the validators it is built on come from the
installed homeassistant package -- config_validation's string_with_no_html, slug, icon and
schema_with_slug_keys, the loader's Manifest type (as a probatio schema) -- and the few rules
hassfest adds on top (shape of translation keys, placeholders, no URLs, no leading/trailing spaces,
`mdi:` icons, required manifest keys) are restated below in our words.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import probatio as pb
from awesomeversion import AwesomeVersion, AwesomeVersionException, AwesomeVersionStrategy
from homeassistant.helpers import config_validation as cv
from homeassistant.loader import Manifest

# A translation key: lower-case letters and digits in groups joined by single '-' or '_'.
_KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_SINGLE_QUOTED_PLACEHOLDER = re.compile(r"'\{\w+\}'")
_URL = re.compile(
    r"((ftp|ftps|scp|https?|mqtts?|socket|socks5)://|www\.)"
    r"[a-z0-9]+([-.][a-z0-9]+)*\.[a-z]{2,5}(:\d{1,5})?(/.*)?",
    re.IGNORECASE,
)
_REFERENCE_WITH_TEXT = re.compile(r"(.+\[%)|(%\].+)")
IOT_CLASSES = frozenset(
    {"assumed_state", "calculated", "cloud_polling", "cloud_push", "local_polling", "local_push"}
)
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
"""The version schemes Home Assistant's loader accepts for a custom integration."""


def translation_key(value: Any) -> str:
    """Accept a key the frontend can look up: [a-z0-9] groups joined by single - or _."""
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise pb.Invalid(f"invalid translation key {value!r}: use [a-z0-9-_], no - or _ at an end")
    return value


def _text(value: Any, *, placeholders: bool) -> str:
    text = cv.string_with_no_html(value)
    if text != text.strip():
        raise pb.Invalid("the string starts or ends with white space")
    if _SINGLE_QUOTED_PLACEHOLDER.search(text):
        raise pb.Invalid("a placeholder inside single quotes")
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as err:
        raise pb.Invalid(f"unbalanced braces: {err}") from err
    if fields and not placeholders:
        raise pb.Invalid("placeholders are not allowed here")
    if bad := [field for field in fields if not field.isidentifier()]:
        raise pb.Invalid(f"placeholders must be identifiers: {bad}")
    if _URL.search(text):
        raise pb.Invalid("a URL in the string: pass it as a description placeholder")
    if _REFERENCE_WITH_TEXT.search(text):
        raise pb.Invalid("a [%key:...%] reference combined with other text")
    return text


def translation_text(value: Any) -> str:
    """Accept a translated string (placeholders allowed)."""
    return _text(value, placeholders=True)


def state_text(value: Any) -> str:
    """Accept a translated state (no placeholders)."""
    return _text(value, placeholders=False)


def _keyed(value_schema: Any, keys: Callable[[Any], Any] = translation_key) -> Callable[..., Any]:
    return cv.schema_with_slug_keys(value_schema, slug_validator=keys)


def _fields_have_labels(flow: dict[str, Any]) -> dict[str, Any]:
    for step_id, step in flow.get("step", {}).items():
        if extra := set(step.get("data_description", {})) - set(step.get("data", {})):
            raise pb.Invalid(f"step {step_id}: data_description without data: {sorted(extra)}")
    return flow


def _flow_schema() -> Any:
    step = {
        pb.Optional("title"): translation_text,
        pb.Optional("description"): translation_text,
        pb.Optional("data"): {str: translation_text},
        pb.Optional("data_description"): {str: translation_text},
        pb.Optional("menu_options"): {str: translation_text},
        pb.Optional("menu_option_descriptions"): {str: translation_text},
        pb.Optional("submit"): translation_text,
        pb.Optional("sections"): {
            str: {
                pb.Optional("name"): translation_text,
                pb.Optional("description"): translation_text,
                pb.Optional("data"): {str: translation_text},
                pb.Optional("data_description"): {str: translation_text},
            }
        },
    }
    flow = {
        pb.Required("step"): {str: step},
        pb.Optional("flow_title"): translation_text,
        pb.Optional("initiate_flow"): {pb.Required("user"): translation_text},
    }
    for section in ("error", "abort", "progress", "create_entry"):
        flow[pb.Optional(section)] = {str: translation_text}
    return pb.All(pb.Schema(flow), _fields_have_labels)


def _description_or_fix_flow(issue: Any) -> Any:
    if not isinstance(issue, dict) or ("description" in issue) == ("fix_flow" in issue):
        raise pb.Invalid("an issue has a description or a fix_flow (one of them)")
    return issue


def translations_schema() -> pb.Schema:
    """Return the schema of translations/en.json for a non-helper integration."""
    issue = pb.All(
        _description_or_fix_flow,
        pb.Schema(
            {
                pb.Required("title"): translation_text,
                pb.Optional("description"): translation_text,
                pb.Optional("fix_flow"): _flow_schema(),
            }
        ),
    )
    entity = {
        pb.Optional("name"): translation_text,
        pb.Optional("state"): _keyed(state_text),
        pb.Optional("state_attributes"): _keyed(
            {pb.Optional("name"): state_text, pb.Optional("state"): _keyed(state_text)}
        ),
        pb.Optional("unit_of_measurement"): state_text,
    }
    field = {
        pb.Required("name"): str,
        pb.Required("description"): translation_text,
        pb.Optional("example"): translation_text,
    }
    return pb.Schema(
        {
            pb.Optional("title"): translation_text,
            pb.Optional("config"): _flow_schema(),
            pb.Optional("options"): _flow_schema(),
            pb.Optional("issues"): {str: issue},
            pb.Optional("exceptions"): _keyed({pb.Optional("message"): translation_text}, cv.slug),
            pb.Optional("entity"): _keyed(_keyed(entity), cv.slug),
            pb.Optional("device"): _keyed({pb.Optional("name"): translation_text}),
            pb.Optional("selector"): _keyed(
                {
                    pb.Optional(part): _keyed(translation_text)
                    for part in ("options", "choices", "unit_of_measurement")
                },
                pb.Any("_", cv.slug),
            ),
            pb.Optional("services"): _keyed(
                {
                    pb.Required("name"): translation_text,
                    pb.Required("description"): translation_text,
                    pb.Optional("fields"): _keyed(field),
                    pb.Optional("sections"): _keyed(
                        {pb.Required("name"): str, pb.Optional("description"): translation_text}
                    ),
                }
            ),
            pb.Optional("common"): {cv.slug: translation_text},
        }
    )


def _mdi(value: str) -> str:
    if not value.startswith("mdi:"):
        raise pb.Invalid(f"{value!r} is not a Material Design Icon (mdi:...)")
    return value


def icons_schema() -> pb.Schema:
    """Return the schema of icons.json."""
    icon = pb.All(cv.string_with_no_html, cv.icon, _mdi)
    states = _keyed(icon)
    entity = {
        pb.Optional("default"): icon,
        pb.Optional("state"): states,
        pb.Optional("range"): {pb.Coerce(float): icon},
        pb.Optional("state_attributes"): _keyed(
            {pb.Optional("default"): icon, pb.Optional("state"): states}
        ),
    }
    service = pb.Any(icon, {pb.Optional("service"): icon, pb.Optional("sections"): states})
    return pb.Schema(
        {
            pb.Optional("entity"): _keyed(_keyed(entity), cv.slug),
            pb.Optional("services"): _keyed(service),
        }
    )


def _version(value: str) -> str:
    try:
        AwesomeVersion(value, ensure_strategy=VERSION_STRATEGIES)
    except AwesomeVersionException as err:
        raise pb.Invalid(f"{value!r} is not a version Home Assistant's loader accepts") from err
    return value


def _https(value: str) -> str:
    if not value.startswith("https://"):
        raise pb.Invalid(f"{value!r} is not an https:// URL")
    return value


def manifest_schema(domain: str) -> Any:
    """Return the schema of a custom integration's manifest.json (HA's Manifest type first)."""
    typed = pb.create_typeddict_schema(Manifest)
    rules = pb.Schema(
        {
            pb.Required("domain"): pb.All(str, pb.In([domain])),
            pb.Required("name"): str,
            pb.Required("codeowners"): [pb.Match(r"^@[\w.-]+(/[\w.-]+)?$")],
            pb.Required("documentation"): pb.All(str, _https),
            pb.Required("iot_class"): pb.In(sorted(IOT_CLASSES)),
            pb.Required("version"): pb.All(str, _version),
            pb.Optional("issue_tracker"): pb.All(str, _https),
            pb.Optional("requirements"): [pb.Match(r"^[A-Za-z0-9._-]+(\[[\w,]+\])?==[\w.]+$")],
        },
        extra=pb.ALLOW_EXTRA,
    )
    return pb.All(typed, rules)
