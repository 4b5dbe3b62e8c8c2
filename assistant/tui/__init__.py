"""spinemets faces: the full-screen Textual apps (chat, teaching): app, widgets, screens."""
