"""Make the engine importable on an interpreter without Home Assistant (foreign-platform tests).

`custom_components/netwatch/__init__.py` is the Home Assistant glue and imports homeassistant;
the engine below it never does (a test enforces that). Registering the two parent packages as
plain namespace modules lets `custom_components.netwatch.engine` import without the glue.
"""

import os
import sys
import types
from pathlib import Path

_SRC = Path(os.environ.get("NETWATCH_SRC", Path(__file__).resolve().parents[2]))
for _name, _path in (
    ("custom_components", _SRC / "custom_components"),
    ("custom_components.netwatch", _SRC / "custom_components" / "netwatch"),
):
    _module = types.ModuleType(_name)
    _module.__path__ = [str(_path)]
    sys.modules.setdefault(_name, _module)
