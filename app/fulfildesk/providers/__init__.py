"""Provider clients: one module per API, each owning its wire format, on one HTTP policy."""
