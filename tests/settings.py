"""Django settings for the test suite: the real settings with a throwaway key and data dir."""

import os
import tempfile

os.environ.setdefault("TOXFILL_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TOXFILL_DATA_DIR", tempfile.mkdtemp(prefix="toxfill-test-"))
# The test client speaks plain http; tests/web/test_deploy.py checks the HTTPS settings.
os.environ.setdefault("TOXFILL_HTTPS", "0")

from toxfill.web.settings import *  # noqa: F403

# Whitenoise warns (an error under -W error) when the collected-static folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Fast hashing for the many test accounts; the argon2 setting itself is tested on its own.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A "replica" that is the default test database itself (Django's test mirror), for the tests
# of reads from a replica (tests/web/test_read_replica.py, clinic/test_read_your_writes.py).
# Nothing reads it unless a test turns the router on (DATABASE_ROUTERS). Without a pool:
# Django closes only the primary's pool before it drops the test database.
_replica = DATABASES.get("replica", DATABASES["default"])  # noqa: F405
_options = _replica.get("OPTIONS")
DATABASES["replica"] = {  # noqa: F405
    **_replica,
    "OPTIONS": {k: v for k, v in _options.items() if k != "pool"}
    if isinstance(_options, dict)
    else {},
    "TEST": {"MIRROR": "default"},
}
