"""Text composition: segment → itemize → linebreak → lines (pure data; no reportlab, no PIL)."""
