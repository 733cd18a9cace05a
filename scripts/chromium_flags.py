"""The flags every headless Chromium of this project starts with.

The browser tests, the tests inside Pyodide, the benchmark and the Lighthouse
script all use them; pytest finds this module through pyproject's pythonpath.
"""

# Keep Chromium from reaching for the network on its own (updates, sync, safe browsing): the only
# requests should be the page's own, which the tests guard and the benchmark counts.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
