"""`python -m scripts.benchmark`: the benchmark's command (./scripts/bench runs it once the site is built)."""

import sys

from scripts.benchmark.cli import main

sys.exit(main())
