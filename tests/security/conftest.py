import pytest

from tests.support.oidc import provider_settings


@pytest.fixture
def portal_settings(rogue_provider):
    # A configured provider, so the sign-in routes answer as in production.
    return provider_settings(rogue_provider.issuer)
