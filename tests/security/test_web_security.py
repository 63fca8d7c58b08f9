"""CSRF, cookie flags, security headers, escaping and tenant isolation of the web UI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.web.sessions import SESSION_COOKIE
from tests.security.web_world import PASSWORD, WebWorld, csrf_of, login


def test_login_without_csrf_token_is_refused(world: WebWorld) -> None:
    world.client.get("/login")
    answer = world.client.post(
        "/login", data={"username": "anna", "password": PASSWORD, "tenant": "utrecht"}
    )
    assert answer.status_code == 403
    assert SESSION_COOKIE not in world.client.cookies


def test_form_with_a_wrong_csrf_token_is_refused(world: WebWorld) -> None:
    login(world.client, "anna")
    answer = world.client.post("/meldingen/nieuw", data={"csrf_token": "0" * 64, "lastName": "X"})
    assert answer.status_code == 403
    assert "beveiligingscode" in answer.text


def test_csrf_token_of_one_session_does_not_work_in_another(world: WebWorld) -> None:
    login(world.client, "anna")
    token = csrf_of(world.client.get("/meldingen/nieuw").text)
    other = TestClient(world.client.app, base_url="http://127.0.0.1")
    login(other, "anna")
    answer = other.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 403


def test_session_cookie_is_httponly_samesite_and_secure_off_localhost(world: WebWorld) -> None:
    token = csrf_of(world.client.get("/login").text)
    answer = world.client.post(
        "/login",
        data={"csrf_token": token, "username": "anna", "password": PASSWORD, "tenant": "utrecht"},
        follow_redirects=False,
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain http on localhost only

    remote = TestClient(world.client.app, base_url="https://akkoord.utrecht.example")
    token = csrf_of(remote.get("/login").text)
    answer = remote.post(
        "/login",
        data={"csrf_token": token, "username": "anna", "password": PASSWORD, "tenant": "utrecht"},
        follow_redirects=False,
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_pages_carry_security_headers(world: WebWorld) -> None:
    for path in ("/login", "/.well-known/security.txt"):
        headers = world.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"]


def test_security_txt_names_the_tenant_contact(world: WebWorld) -> None:
    from engine.identity.models import Tenant

    with world.db.tx() as session:
        for tenant in session.query(Tenant):
            tenant.settings = {"web": {"security_contact": "mailto:cert@utrecht.example"}}
    text = world.client.get("/.well-known/security.txt").text
    assert "Contact: mailto:cert@utrecht.example" in text
    assert "Expires: " in text


def test_xss_payload_in_a_client_name_is_shown_as_text(world: WebWorld) -> None:
    login(world.client, "anna")
    page = world.client.get(f"/zaken/{world.case_a}").text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Bakker" in page
    assert '<img src=x onerror="alert(1)">' not in page


def test_case_of_another_tenant_is_not_found(world: WebWorld) -> None:
    login(world.client, "anna")
    assert world.client.get(f"/zaken/{world.case_a}").status_code == 200
    answer = world.client.get(f"/zaken/{world.case_b}")
    assert answer.status_code == 404
    assert "Bakker" not in answer.text
    assert world.client.get(f"/zaken/{world.case_b}/diagram.bpmn").status_code == 404


def test_pages_need_a_login(world: WebWorld) -> None:
    answer = world.client.get(f"/zaken/{world.case_a}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")


def test_logout_ends_the_session_on_the_server(world: WebWorld) -> None:
    login(world.client, "anna")
    stolen = world.client.cookies[SESSION_COOKIE]
    token = csrf_of(world.client.get("/").text)
    world.client.post("/logout", data={"csrf_token": token})
    replay = TestClient(world.client.app, base_url="http://127.0.0.1")
    replay.cookies.set(SESSION_COOKIE, stolen)
    assert replay.get("/", follow_redirects=False).status_code == 303
