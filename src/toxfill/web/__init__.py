"""The Django site: the only place Django and ninja are imported."""
