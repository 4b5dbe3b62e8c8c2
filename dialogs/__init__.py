"""spinemets dialogue: the guided conversation (built in a later issue)."""
