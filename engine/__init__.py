"""Akkoord kernel: settings, database, tenants, identity, audit trail and the BPMN runtime.

Knows nothing about debt relief and nothing about HTTP.
"""
