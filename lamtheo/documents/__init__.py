"""Party-format documents (Hướng dẫn 36-HD/VPTW layout) rendered to DOCX and PDF.

Public API::

    from lamtheo.documents import (PartyDocument, Signature, Heading, Paragraph, BulletList, Table,
                                   PageBreak, render_docx, render_pdf, render, file_response)

Nothing here touches the database; the renderers import python-docx / WeasyPrint lazily.
"""

from .api import content_disposition, exporters, file_response, register_exporter, render
from .blocks import Block, BulletList, Heading, PageBreak, Paragraph, PartyDocument, Signature, Table
from .docx_renderer import render_docx
from .pdf_renderer import render_pdf
from .profiles import FormatProfile, all_profiles, get_profile, profile_for_date

__all__ = [
    "Block",
    "BulletList",
    "FormatProfile",
    "Heading",
    "PageBreak",
    "Paragraph",
    "PartyDocument",
    "Signature",
    "Table",
    "all_profiles",
    "content_disposition",
    "exporters",
    "file_response",
    "get_profile",
    "profile_for_date",
    "register_exporter",
    "render",
    "render_docx",
    "render_pdf",
]
