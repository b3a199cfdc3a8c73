"""Deliverables: the print package (PDFs), the web package (thumbnails) and the build report."""
