"""Home Assistant glue tests (pytest-homeassistant-custom-component)."""
