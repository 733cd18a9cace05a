// Injected by the benchmark (scripts/benchmark/runs.py) into every page it
// measures, as an init script: it runs before any script of the page, in both
// the site's pages and the baseline's. Everything is timed inside the page,
// with performance.now() (milliseconds since the navigation started), so no
// polling from Python adds to a figure. Date.now() is noted beside it to line
// the page's moments up with the benchmark server's log of bytes sent (both
// read the machine's clock).
(() => {
  if (window.__bench) return;
  const bench = {
    longTasks: [], // {start, duration} of every long task of the main thread
    readyAt: null, // first form[data-template][data-ready="true"]
    readyWall: null,
    loadAt: null, // the window's load event
    loadWall: null,
    key: null, // the last keystroke: {start, latency}
    latencies: [],
  };
  window.__bench = bench;

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    bench.longTasks = null; // this browser does not report long tasks
  }

  const waiters = new Set();
  function wake() {
    for (const waiter of [...waiters]) {
      if (waiter.done()) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(waiter.value());
      }
    }
  }
  function waitFor(done, value, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      if (done()) return resolve(value());
      const waiter = { done, value, resolve };
      waiter.timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  const formReady = () => document.querySelector('form[data-template][data-ready="true"]') !== null;

  // data-ready appears once the preview reflects the form's current values;
  // data-python is the baseline loader's own state ("loading", then "ready").
  new MutationObserver(() => {
    if (bench.readyAt === null && formReady()) {
      bench.readyAt = performance.now();
      bench.readyWall = Date.now();
    }
    wake();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready", "data-python"] });

  addEventListener("load", () => {
    bench.loadAt = performance.now();
    bench.loadWall = Date.now();
    wake();
  });

  // A keystroke starts when the browser made its keydown event (event.timeStamp)
  // and ends when the preview's text next changes.
  addEventListener("keydown", (event) => {
    bench.key = { start: event.timeStamp, latency: null };
  }, true);

  bench.whenLoaded = (timeoutMs) =>
    waitFor(() => bench.loadAt !== null, () => ({ at: bench.loadAt, wall: bench.loadWall }), timeoutMs, "the load event");

  bench.whenReady = (timeoutMs) =>
    waitFor(() => bench.readyAt !== null, () => ({ at: bench.readyAt, wall: bench.readyWall }), timeoutMs,
      'form[data-ready="true"]');

  // Resolves at once on a page whose Python (if any) is not the baseline's.
  bench.whenPythonSettled = (timeoutMs) =>
    waitFor(() => document.documentElement.dataset.python !== "loading", () => Date.now(), timeoutMs,
      'html[data-python="ready"]');

  bench.watchPreview = () => {
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (bench.key && bench.key.latency === null) {
        bench.key.latency = now - bench.key.start;
        bench.latencies.push(bench.key.latency);
      }
      wake();
    });
    for (const output of document.querySelectorAll("form[data-template] [data-output]")) {
      observer.observe(output, { childList: true, characterData: true, subtree: true });
    }
  };

  // The last keystroke has changed the preview, the form says its preview is current, and a
  // frame has been drawn since: the reader sees the change on screen before the next key, as
  // with any typist (fast typing is some 8 keys a second; a frame is 16 ms). Without that wait
  // the next key would arrive before the last change was painted, and each keystroke's
  // answer would queue behind the painting of the one before.
  bench.settled = (timeoutMs) =>
    waitFor(() => bench.key !== null && bench.key.latency !== null && formReady(), () => bench.key.latency,
      timeoutMs, "the preview to follow a keystroke")
      .then((latency) => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(latency)))));

  bench.takeLatencies = () => bench.latencies.splice(0);

  // Total blocking time: the part over 50 ms of each long task that started
  // before `windowEnd` (ms since navigation). Waits until windowEnd has passed,
  // plus a moment for the last entries to be delivered.
  bench.totalBlockingTime = (windowEnd) =>
    new Promise((resolve) => {
      setTimeout(() => {
        if (bench.longTasks === null) return resolve(null);
        let total = 0;
        for (const task of bench.longTasks) {
          if (task.start < windowEnd) total += Math.max(0, task.duration - 50);
        }
        resolve(total);
      }, Math.max(0, windowEnd - performance.now()) + 250);
    });
})();
