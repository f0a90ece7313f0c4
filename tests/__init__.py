"""netwatch tests."""
