"""Renderers: the display list to PDF (ReportLab canvas), PDF pages to images (pypdfium2)."""
