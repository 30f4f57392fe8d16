"""Makers of bad inputs that are made at run time (FIFOs, big or generated files), one module a topic."""
