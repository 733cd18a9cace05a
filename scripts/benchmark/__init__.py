"""The benchmark: the site's form page against the standard way of running Pyodide, in headless Chromium.

Run it through ./scripts/bench, which builds the site first. Both sides are
served on 127.0.0.1 the way GitHub Pages serves the site and driven by the same
measuring code (pages/measure.js):

- ours: the site's thank-you/ page, Python in a module Web Worker, started by the form;
- baseline: pages/baseline.html, the same runtime and wheels loaded on the main
  thread, eagerly at page load, as the Pyodide documentation shows, with the
  standard library as Pyodide publishes it.

Each figure is the median over the runs, with min and max; the report ends
with the issue's targets, each judged on an interval of its median. The report
goes to stdout, the figures to a JSON file. This is a measurement, not a test:
the tests run only a short smoke of it (tests/benchmark/).

Its modules, one job each:

- cli: the command's options, and one bench from start to report (`python -m scripts.benchmark`);
- serving: what is served (the site, the baseline's pages and runtime) and the servers that count what they send;
- figures: what each figure is, and the settings it is measured with;
- runs: one run of every figure for one side, in fresh browser profiles;
- cpu and idle: a browser's CPU time read from /proc, and the wait until it is idle;
- memory: the form page's peak memory in Chromium, Firefox and WebKit;
- lighthouse: the pinned Lighthouse, for the bench and for ./scripts/lighthouse;
- targets: the issue's targets judged on an interval of the median (`python -m scripts.benchmark.targets`);
- tables and report: the figures as text; doc: their table in docs/development/benchmark.md
  (`python -m scripts.benchmark.doc`).
"""
