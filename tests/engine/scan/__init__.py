"""Tests of the scan detector (engine/scan)."""
