"""Retention: selectielijst categories, archive dates, legal holds, destruction lists,
the destruction executor, the destruction log and the verklaring van vernietiging.

Public functions other packages may use are listed in ``__all__``.
"""

from retention.archive_dates import ArchiveDates, compute_archive_dates
from retention.selectielijst import Category, get_category

__all__ = ["ArchiveDates", "Category", "compute_archive_dates", "get_category"]
