"""Makers of bad inputs made at run time (FIFOs, big or generated files), one module
a topic; a case names one as ``make: module:function``."""
