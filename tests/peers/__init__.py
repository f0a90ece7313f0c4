"""Reusable real-peer scenarios for tests (network namespaces, scanners, log daemons)."""
