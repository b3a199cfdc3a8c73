"""Page flow: grid → frames → story through frames → page layout (pure data; no reportlab, no PIL)."""
