"""The print package: PDF/X pages for the press, the preflight that judges them, and the PDF
scanner the preflight reads them with."""
