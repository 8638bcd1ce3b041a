"""One controller per flow (keys, vouchers, inventory, sync and export, Kinguin search, settings,
purchases; the warehouse lives in `ui/warehouse.py`). See `base.py` for the contract."""
