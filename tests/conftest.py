pytest_plugins = [
    "tests.support.services",
    "tests.support.portal",
    "tests.support.oidc",
    "tests.support.auth",
]
