"""The publish stage: manifest, RSS feed, web pages."""
