"""Continuous improvement: the PDSA engine, measures and charts."""
