"""Built-in plugins; each registers through the ``huzhu`` entry-point group."""
