"""Command-line tools over the engine: `python -m custom_components.netwatch.engine.tools`."""
