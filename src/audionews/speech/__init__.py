"""Speech engines behind one interface, plus the clip cache."""
