"""Fulfilment Desk: a desktop console that fulfils what players order."""

__version__ = "0.1.0"
APP_NAME = "Fulfilment Desk"
