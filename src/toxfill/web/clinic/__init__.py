"""Clinic records (C6): clinics, members, patients, sessions, lots, follow-ups, adverse events."""
