"""Letters and the document register. Other packages use only what is named here."""

from documents.destruction import destroy_case_content
from documents.production import render_pending

__all__ = ["destroy_case_content", "render_pending"]
