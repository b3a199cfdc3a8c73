"""Text composition: segment → itemize → linebreak → lines (pure data; no PDF or image library)."""
