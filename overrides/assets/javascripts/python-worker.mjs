// The Python worker: loads Pyodide and the email engine off the main thread,
// then answers requests with generator.api.handle (JSON string in, JSON out).
//
// Messages in:  {replyChannel} first: the BroadcastChannel to answer requests on,
//               {id, request, readersWords}  where request is a JSON string for
//               handle(), and readersWords is false only if it holds nothing the
//               reader gave (Python's memory is kept for the next visit only
//               until such a request reaches it: python-snapshot.mjs).
// Answers, on that channel:
//               {id, response} with handle()'s JSON string,
//               {id, failure}   when Python could not answer.
// Messages out: {status, message} while starting: "loading", "ready" or "error",
//               {progress}      bytes of the runtime downloaded so far.
//
// The sections below, in the order a reader follows them: messages, start,
// runtime files, snapshot, reporting. Their top-level code runs in the order
// written; Python's start is called last, once every section is set up.

// Moments of the start, as User Timing marks: seen in the browser's
// performance panel, and read by the benchmark (scripts/benchmark/) to show
// where a visit's time to ready goes. A mark costs microseconds.
performance.mark("python:start");

const RUNTIME_URL = new URL("../runtime/", import.meta.url).href;

// --- Messages ---
// Registered before anything is awaited: a message that arrives while Python
// loads must wait for it, not be lost.

let replies = self; // until the page names its channel
// The page's first message: its reply channel, and whether Python's memory
// may be kept between visits (not on an origin other sites share).
let settle;
const settings = new Promise((resolve) => {
  settle = resolve;
});
self.onmessage = async (event) => {
  if (event.data.replyChannel) {
    replies = new BroadcastChannel(event.data.replyChannel);
    settle({ keepSnapshots: event.data.keepSnapshots !== false });
    return;
  }
  const { id, request, readersWords } = event.data;
  clearTimeout(idleTimer);
  try {
    const { handle, snapshot } = await engine;
    // Python's memory is kept for the next visit only while nothing the reader
    // typed has reached it (python-snapshot.mjs).
    if (readersWords !== false) snapshot.beforeReadersWords();
    replies.postMessage({ id, response: handle(request) });
  } catch (error) {
    replies.postMessage({ id, failure: describe(error) });
  }
  runWhenIdle();
};

// Work that no answer should wait behind, done once the first previews are
// answered and no request has come for a moment, one job per quiet moment:
// importing the rest of the engine (the etiquette check, the .eml writer, the
// calendar), so the reader's first check or download does not wait for it;
// then keeping Python's memory for the next visit.
const IDLE_MS = 100;
const idleJobs = []; // filled once Python is ready
let idleTimer = 0;
function runWhenIdle() {
  if (!idleJobs.length) return;
  idleTimer = setTimeout(() => {
    idleJobs.shift()();
    runWhenIdle();
  }, IDLE_MS);
}

// --- Start ---
// Restored from the kept snapshot when it can be, which skips Python's
// bootstrap and the imports; started afresh otherwise.

// Resolves to the engine's handle and this start's snapshot; called at the
// end of this script, once the runtime files are asked for.
async function start() {
  try {
    report("loading", "worker_downloading");
    const [{ loadPyodide }, snapshot] = await Promise.all([
      import(new URL("pyodide.mjs", RUNTIME_URL).href),
      snapshots,
    ]);
    const options = {
      indexURL: RUNTIME_URL,
      lockFileURL: new URL("pyodide-lock.json", RUNTIME_URL).href,
      stdout: () => {},
      stderr: () => {},
    };
    let pyodide;
    try {
      pyodide = await snapshot.restore(async (bytes) => {
        const restoring = loadPyodide({ ...options, _loadSnapshot: bytes });
        const python = await Promise.race([restoring, instantiationFailure()]);
        report("loading", "worker_loading_templates");
        putOnPath(python, await engineWheels, { restored: true });
        return python;
      });
    } finally {
      attemptFailed = null;
    }
    if (pyodide) {
      performance.mark("python:snapshot-restored"); // the panel shows a restore, and the tests learn of it here
    } else {
      pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
      report("loading", "worker_loading_templates");
      putOnPath(pyodide, await engineWheels, { restored: false });
    }
    performance.mark("python:runtime");
    const api = pyodide.pyimport("generator.api");
    performance.mark("python:engine");
    // Within this worker only, for the tests that prove the page's policy binds Python too.
    self.pyodide = pyodide;
    started = true;
    self.fetch = realFetch;
    report("ready", "worker_ready");
    idleJobs.push(() => api.warm_up());
    const keeping = snapshot.offer(pyodide);
    if (keeping) idleJobs.push(keeping);
    return { handle: (request) => api.handle(request), snapshot };
  } catch (error) {
    fail(...describe(error));
    throw error;
  }
}

// A damaged .wasm fails to compile, or a tab short of memory cannot give it
// its memory (RangeError, as iOS does), and Pyodide 314 only logs a warning
// and then waits forever: report the failure instead, or, while a snapshot is
// being restored, end that attempt so that a fresh start follows.
let attemptFailed = null;
for (const method of ["instantiate", "instantiateStreaming"]) {
  const original = WebAssembly[method].bind(WebAssembly);
  WebAssembly[method] = async (...args) => {
    try {
      return await original(...args);
    } catch (error) {
      if (attemptFailed) attemptFailed(error);
      else if (error instanceof RangeError) fail(...outOfMemory(error));
      else fail("worker_runtime_damaged", { detail: String(error?.message ?? error) });
      throw error;
    }
  };
}

// Resolves never; rejects if instantiating fails during the attempt it is made for.
function instantiationFailure() {
  return new Promise((_, reject) => {
    attemptFailed = reject;
  });
}

// --- Runtime files ---
// Asked for as early as they can be and each downloaded once, every download
// watched: Pyodide would wait forever on some that fail instead of saying so.

const ENGINE_PACKAGE = "follow-up-politely"; // its name in pyodide-lock.json
const WHEELS_DIR = "/wheels"; // in Pyodide's file system: the wheels, imported from as they are
let downloaded = 0;
const realFetch = self.fetch.bind(self);
self.fetch = fetchForPyodide;

// The files Pyodide fetches first, asked for now, before its own script has
// loaded: the downloads (and the WebAssembly's streaming compile) start a few
// round trips sooner. Pyodide gets these very responses when it asks, so each
// file is still downloaded once. Its main script is imported now for the same
// reason; Pyodide's own import of the same URL gets the same module
// (docs/development/decisions/0013-worker-asks-for-the-first-files.md).
const EARLY_FILES = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const earlyResponses = new Map(
  EARLY_FILES.map((name) => {
    const url = new URL(name, RUNTIME_URL).href;
    const response = watchedFetch(url);
    response.catch(() => {}); // reported by watchedFetch; Pyodide sees the same failure
    return [url, response];
  }),
);
import(new URL("pyodide.asm.mjs", RUNTIME_URL).href).catch(() => {}); // a failure is Pyodide's to report

// The engine and its dependencies are pure-Python wheels of bytecode. They are
// asked for as soon as the lock (their names and sha256) is here, while the
// interpreter downloads and starts; the browser checks each against the lock's
// hash (subresource integrity). Python then imports from the wheel files as
// they are, on sys.path: Pyodide's loadPackage would first unpack them with
// Python's zipfile, on the start-up's critical path
// (docs/development/decisions/0017-wheels-on-sys-path.md).
const engineWheels = earlyResponses
  .get(new URL("pyodide-lock.json", RUNTIME_URL).href)
  .then((response) => response.clone().json()) // a copy: Pyodide reads this very response
  .then(fetchWheels);
engineWheels.catch(() => {}); // reported by watchedFetch, or by Pyodide's own read of the lock

function fetchWheels(lock) {
  const names = [];
  const add = (name) => {
    if (names.includes(name)) return;
    lock.packages[name].depends.forEach(add);
    names.push(name);
  };
  add(ENGINE_PACKAGE);
  return Promise.all(
    names.map(async (name) => {
      const { file_name: file, sha256 } = lock.packages[name];
      const response = await watchedFetch(new URL(file, RUNTIME_URL).href, { integrity: integrityOf(sha256) });
      if (!response.ok) {
        fail("worker_download_refused", { file, status: response.status });
        throw new Error(`${file}: ${response.status}`);
      }
      return { file, bytes: new Uint8Array(await response.arrayBuffer()) };
    }),
  );
}

// The lock's hex sha256 as a subresource-integrity string (base64).
function integrityOf(hexSha256) {
  const bytes = hexSha256.match(/../g).map((pair) => parseInt(pair, 16));
  return `sha256-${btoa(String.fromCharCode(...bytes))}`;
}

// The wheel files go into Pyodide's file system on every start: a snapshot
// keeps Python's memory, where sys.path already names them, not the files.
function putOnPath(pyodide, wheels, { restored }) {
  pyodide.FS.mkdirTree(WHEELS_DIR);
  const path = pyodide.pyimport("sys").path;
  for (const { file, bytes } of wheels) {
    pyodide.FS.writeFile(`${WHEELS_DIR}/${file}`, bytes);
    if (!restored) path.append(`${WHEELS_DIR}/${file}`);
  }
  path.destroy();
}

function fetchForPyodide(input, init) {
  const url = String(input instanceof Request ? input.url : input);
  const early = init?.integrity ? undefined : earlyResponses.get(url);
  if (!early) return watchedFetch(input, init);
  earlyResponses.delete(url);
  return early;
}

// Pyodide waits forever on some failed downloads (a missing .wasm, a body cut
// off mid-way). Every download goes through here instead, so a failure is
// reported at once, naming the file, and the page can offer Retry.
async function watchedFetch(input, init) {
  const url = String(input instanceof Request ? input.url : input);
  const name = decodeURIComponent(new URL(url, RUNTIME_URL).pathname.split("/").pop());
  let response;
  try {
    response = await realFetch(input, init);
  } catch (error) {
    // With an integrity check, a missing, cut-off or altered file all fail alike.
    fail(init?.integrity ? "worker_download_not_intact" : "worker_download_failed", { file: name });
    throw error;
  }
  if (!response.ok) {
    fail("worker_download_refused", { file: name, status: response.status });
    return response;
  }
  if (!response.body) return response;
  // Read a copy of the body alongside Pyodide, to count progress and notice a
  // cut-off download. Pyodide gets the response as fetched, not a new Response
  // around its body: only that one keeps its URL, which Chromium's cache of
  // compiled WebAssembly is keyed by (V8 fills that cache only once enough of
  // the module has reached its top tier, which a short visit does not:
  // docs/development/decisions/0007-response-as-fetched.md).
  watchBody(response.clone().body, name);
  return response;
}

async function watchBody(body, name) {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return reportProgress(true);
      downloaded += value.byteLength;
      reportProgress(false);
    }
  } catch {
    fail("worker_download_cut_off", { file: name });
  }
}

// --- Snapshot ---
// Python's memory from an earlier visit, looked for first thing so a repeat
// visit reads it while the rest loads; its rules are python-snapshot.mjs's.

// A snapshot is valid only for the very runtime it was made from: the lock
// (which names each wheel by its hash) and the standard library identify it.
// Copies of their bodies are taken now, before Pyodide reads them.
const identifyingFiles = ["pyodide-lock.json", "python_stdlib.zip"].map((name) =>
  earlyResponses.get(new URL(name, RUNTIME_URL).href).then((response) => response.clone().arrayBuffer()),
);
identifyingFiles.forEach((file) => file.catch(() => {})); // reported by watchedFetch; no snapshot then
// Imported, not statically: a static import would hold back this script, and
// with it the early requests above, until the module had loaded.
const snapshotModule = import("./python-snapshot.mjs");
// Where Python's memory is kept between visits, looked at before the module
// above has loaded: a first visit's start does not wait for the look.
const SNAPSHOT_PLACE = {
  cacheName: "follow-up-politely:python",
  key: new URL("started-python.snapshot", RUNTIME_URL).href, // never fetched
};
const snapshotFound = self.caches?.match(SNAPSHOT_PLACE.key, { cacheName: SNAPSHOT_PLACE.cacheName }).catch(() => {});
// This start's snapshot, once the page has said whether one may be kept.
const snapshots = Promise.all([snapshotModule, settings]).then(([{ snapshotOfThisStart }, page]) =>
  snapshotOfThisStart({
    place: SNAPSHOT_PLACE,
    found: snapshotFound,
    identifyingFiles,
    keep: page.keepSnapshots,
  }),
);

// --- Reporting ---
// The page hears the start's progress and, once, its failure in words; once
// Python is ready, a failure is the answer to the request it befell.

let failed = false;
let started = false; // once Python is ready, the start-up watch stands down
// Some failures inside Pyodide end in a rejected promise nobody awaits (a
// damaged .wasm that cannot compile): report those rather than hang.
self.addEventListener("unhandledrejection", (event) => fail(...describe(event.reason)));
self.addEventListener("error", (event) => fail(event.message));

// `message` is the [ui] key of the words ("worker_ready"), filled with `slots` in the page's language.
function report(status, message, slots = {}) {
  if (!failed) self.postMessage({ status, message, slots });
}

let lastProgress = 0;
function reportProgress(fileDone) {
  // Progress comes in many small chunks; a few updates a second are plenty.
  const now = performance.now();
  if (failed || (!fileDone && now - lastProgress < 200)) return;
  lastProgress = now;
  self.postMessage({ progress: downloaded });
}

function fail(message, slots) {
  if (failed || started) return;
  report("error", message, slots);
  failed = true;
}

function outOfMemory(error) {
  return ["worker_out_of_memory", { detail: error.message }];
}

// A failure as the words the page says ([ui] key and slots), or as Python or the browser said it.
function describe(error) {
  if (error instanceof RangeError) return outOfMemory(error);
  const message = error instanceof Error ? error.message : String(error);
  // A module import that fails says so in the browser's words; say it in ours.
  const missing = /dynamically imported module: (\S+)/.exec(message);
  return missing ? ["worker_module_missing", { file: missing[1].split("/").pop() }] : [message];
}

// Python starts last: by now every file it needs is asked for, the snapshot
// looked for, and the reporting above is in place.
const engine = start();
engine.catch(() => {}); // reported through the status message
