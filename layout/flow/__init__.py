"""Page flow: grid → frames → story through frames → page layout (pure data; no PDF or image library)."""
