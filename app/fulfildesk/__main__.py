from fulfildesk.cli import main

raise SystemExit(main())
