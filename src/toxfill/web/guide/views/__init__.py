"""The public pages, one module per journey."""
