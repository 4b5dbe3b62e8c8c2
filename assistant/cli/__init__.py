"""spinemets faces: command line: the spinemets parser and one module per subcommand group."""
