"""API tests run through the real app on the ``db`` fixture (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from engine.identity.service import create_client, create_tenant
from engine.settings import Settings
from tests.conftest import Database

API_MODELS = Path(__file__).resolve().parents[1] / "data" / "api"
SECRET = "test-secret-key-that-is-long-enough-for-hs256-0123456789"


@dataclass
class ApiClientInfo:
    client_id: str
    secret: str
    tenant_id: int
    token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Api:
    http: TestClient
    db: Database
    tenants: dict[str, int] = field(default_factory=dict)

    def tenant(self, slug: str) -> int:
        if slug not in self.tenants:
            with self.db.tx() as session:
                self.tenants[slug] = create_tenant(session, slug=slug, name=slug.title()).id
        return self.tenants[slug]

    def client(self, slug: str, *roles: str) -> ApiClientInfo:
        """A registered client of tenant ``slug`` with ``roles``, already holding a token."""
        tenant_id = self.tenant(slug)
        with self.db.tx() as session:
            from engine.identity.models import Tenant

            tenant = session.get(Tenant, tenant_id)
            assert tenant is not None
            client, secret = create_client(session, tenant=tenant, name="test", roles=list(roles))
            info = ApiClientInfo(client.client_id, secret, tenant_id)
        response = self.http.post(
            "/api/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": info.client_id,
                "client_secret": info.secret,
            },
        )
        assert response.status_code == 200, response.text
        info.token = response.json()["access_token"]
        return info

    def deploy(self, who: ApiClientInfo, *names: str) -> Any:
        files = [("files", (n, (API_MODELS / n).read_bytes())) for n in names]
        return self.http.post("/api/v1/process-definitions", files=files, headers=who.headers)


@pytest.fixture
def api(db: Database, tmp_path: Path) -> Iterator[Api]:
    settings = Settings(
        data_dir=tmp_path, secret_key=SECRET, environment="test", run_scheduler=False
    )
    app = create_app(settings, db_engine=db.engine)
    with TestClient(app, raise_server_exceptions=False) as http:
        yield Api(http, db)


@pytest.fixture
def designer(api: Api) -> ApiClientInfo:
    return api.client("gemeente-a", "procesontwerper", "schuldhulpverlener", "intake")


@pytest.fixture
def deployed(api: Api, designer: ApiClientInfo) -> ApiClientInfo:
    """Tenant gemeente-a has api_simple deployed; returns a client with every needed role."""
    response = api.deploy(designer, "api_simple.bpmn", "api_beoordeling.json")
    assert response.status_code == 201, response.text
    return designer
