"""Entry point frozen by PyInstaller."""

from fulfildesk.cli import main

raise SystemExit(main())
