"""链图 Liantu: knowledge graphs of Chinese articles about party-building and industry."""

__version__ = "0.3.0"
