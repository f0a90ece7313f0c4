import inspect
import homeassistant.components.automation.helpers as h
print(inspect.getsource(h)[:2500])
from homeassistant.helpers import selector
print(selector.TextSelector.CONFIG_SCHEMA)
print(selector.NumberSelector.CONFIG_SCHEMA)
from homeassistant.components.blueprint import schemas
src=inspect.getsource(schemas); i=src.index("BLUEPRINT_SCHEMA = "); print(src[i:i+2500])
