"""audionews: news articles in, a Mandarin podcast out."""

__version__ = "0.1.0"
