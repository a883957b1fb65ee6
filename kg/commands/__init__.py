"""Larger `kg` commands, each in its own module, imported only when run."""
