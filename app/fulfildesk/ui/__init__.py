"""The only layer that imports Qt."""
