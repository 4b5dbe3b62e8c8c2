"""spinemets assistant: the faces of the tool (command line, reports; the chat app later).

Importing this package is cheap: nothing here imports Textual.
"""
