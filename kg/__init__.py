"""链图 Liantu: knowledge graphs of Chinese articles about party-building and industry."""

__version__ = "0.1.0"
