"""toxfill: compare, choose, plan and safely follow up injectable treatments, with every
clinical statement cited."""

__version__ = "0.1.0"
