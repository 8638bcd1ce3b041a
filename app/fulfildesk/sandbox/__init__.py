"""Sandbox providers: the four provider contracts served on loopback for demo mode and tests.

Imports `domain` at most; never the console's providers, store, services or ui.
"""
