"""Tenants (municipalities), users, API clients and roles."""
