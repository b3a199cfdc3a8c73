"""Renderers: the display list to PDF (our own writer), PDF pages to images (pypdfium2)."""
