"""The debt relief case file: clients, households, income and expenses, debts and
creditors, VTLB, settlement proposals and legal deadlines.

Public API for other packages: the functions in ``casefiles.service``; pure calculators in
``casefiles.vtlb``, ``casefiles.settlement`` and ``casefiles.legal_calendar``.
"""
