"""The public pages' forms, one module per journey: each checks its answers with the core."""
