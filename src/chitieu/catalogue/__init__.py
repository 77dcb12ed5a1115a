"""The indicator catalogue: standard entries with codes, a province's own entries, linking facts."""
