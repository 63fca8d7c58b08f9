from tests.security.web_world import world  # noqa: F401  (fixture)
