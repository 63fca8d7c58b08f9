from tests.retention.conftest import clock_2020, team  # noqa: F401  (fixtures)
from tests.security.web_world import world  # noqa: F401  (fixture)
