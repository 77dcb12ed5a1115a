"""Vietnamese administrative units (both versions of the provincial hierarchy) and province maps."""
