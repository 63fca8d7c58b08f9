"""Tokens, 401s, problem+json, headers and the NL API Design Rules surface."""

from __future__ import annotations

import base64
import time

from joserfc import jwt
from joserfc.jwk import OctKey

from tests.api.conftest import SECRET, Api, ApiClientInfo

TOKEN_URL = "/api/v1/oauth/token"


def _claims(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, OctKey.import_key(SECRET), ["HS256"]).claims)


def test_token_carries_tenant_roles_and_audience(api: Api) -> None:
    client = api.client("gemeente-a", "schuldhulpverlener")
    claims = _claims(client.token)
    assert claims["iss"] == "akkoord"
    assert claims["aud"] == "akkoord-api"
    assert claims["sub"] == client.client_id
    assert claims["tenant"] == client.tenant_id
    assert claims["roles"] == ["schuldhulpverlener"]
    assert 0 < int(claims["exp"]) - int(time.time()) <= 3600  # type: ignore[call-overload]


def test_token_with_basic_auth(api: Api, designer: ApiClientInfo) -> None:
    basic = base64.b64encode(f"{designer.client_id}:{designer.secret}".encode()).decode()
    response = api.http.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["token_type"] == "Bearer"


def test_wrong_secret_is_401_problem(api: Api, designer: ApiClientInfo) -> None:
    response = api.http.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": designer.client_id,
            "client_secret": "wrong",
        },
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert "access_token" not in response.text


def test_wrong_grant_type_is_400(api: Api, designer: ApiClientInfo) -> None:
    response = api.http.post(
        TOKEN_URL,
        data={"grant_type": "password", "client_id": designer.client_id, "client_secret": "x"},
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "grant_type"


def test_missing_token_is_401_with_challenge(api: Api) -> None:
    response = api.http.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert body["instance"] == "/api/v1/cases"


def test_bad_expired_and_foreign_tokens_are_401(api: Api, designer: ApiClientInfo) -> None:
    key = OctKey.import_key(SECRET)
    now = int(time.time())
    base = {"iss": "akkoord", "sub": designer.client_id, "tenant": designer.tenant_id}
    expired = jwt.encode({"alg": "HS256"}, {**base, "aud": "akkoord-api", "exp": now - 10}, key)
    other_aud = jwt.encode({"alg": "HS256"}, {**base, "aud": "elsewhere", "exp": now + 60}, key)
    forged = jwt.encode(
        {"alg": "HS256"},
        {**base, "aud": "akkoord-api", "exp": now + 60},
        OctKey.import_key("another-secret-that-is-also-long-enough-0123456789"),
    )
    for token in ("garbage", expired, other_aud, forged):
        response = api.http.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert "www-authenticate" in response.headers


def test_security_and_version_headers_on_every_response(api: Api, designer: ApiClientInfo) -> None:
    for response in (
        api.http.get("/api/v1/cases", headers=designer.headers),
        api.http.get("/api/v1/cases"),
        api.http.get("/api/v1/nothing-here"),
    ):
        assert response.headers["api-version"] == "1.0.0"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
        assert "max-age" in response.headers["strict-transport-security"]
        assert response.headers["cache-control"] == "no-store"


def test_trailing_slash_is_404_not_redirect(api: Api, designer: ApiClientInfo) -> None:
    response = api.http.get("/api/v1/cases/", headers=designer.headers, follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_openapi_is_public_with_contact(api: Api) -> None:
    response = api.http.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["contact"]["email"]
    assert "/api/v1/cases" in spec["paths"]
    assert api.http.get("/api/v1/docs").status_code == 200


def test_unexpected_error_is_bare_500_problem(api: Api) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    api.http.app.add_api_route("/api/v1/explode", explode)  # type: ignore[attr-defined]
    response = api.http.get("/api/v1/explode")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["api-version"] == "1.0.0"
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_token_without_scope_is_401(api: Api, designer: ApiClientInfo) -> None:
    claims = {
        "iss": "akkoord",
        "sub": designer.client_id,
        "tenant": designer.tenant_id,
        "aud": "akkoord-api",
        "exp": int(time.time()) + 60,
    }
    token = jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(SECRET))
    response = api.http.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
