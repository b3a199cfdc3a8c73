"""The digital edition: page images and deep-zoom tiles, article data (pages.json, ALTO, IIIF),
the e-paper viewer's HTML, search index and archive."""
