"""summarise: grounded, structured records from defence and geopolitics news."""

__version__ = "0.1.0"
