"""Public pages for people considering treatment (C2-C5): no login, no tables."""
