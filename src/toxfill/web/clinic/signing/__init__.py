"""The clinic's passport signing: each clinic's key, made on first use, sealed at rest
(sealing.py), published as a JWKS and rotated (keys.py). The patient link signs passports
with it; a manager rotates it through actions/keys.py, which records why."""
