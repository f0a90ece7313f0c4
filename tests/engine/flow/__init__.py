"""Tests of the flow engine."""
