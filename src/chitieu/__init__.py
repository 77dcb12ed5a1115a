"""chitieu: targets and results of Vietnamese government plans, as data."""

__version__ = "0.1.0"
