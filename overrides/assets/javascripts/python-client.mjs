// The page's one Python worker: started on first need, shared by every form,
// kept across Material's instant navigation, restarted on request after a failure.

import { t } from "./ui.mjs";

const WORKER_URL = new URL("./python-worker.mjs", import.meta.url).href;

// Loading reports progress as bytes arrive. This long without a word means
// something is stuck, and the reader should hear so rather than wait forever.
const STALL_TIMEOUT_MS = 30_000;
// Once Python is ready, an answer takes milliseconds. This long without one,
// while requests wait, means Python is stuck on one of them: the worker is
// restarted, and that request is never sent again as it was.
const ANSWER_TIMEOUT_MS = 8_000;

let worker = null;
let replies = null; // the BroadcastChannel the worker answers requests on
let nextRequestId = 1;
let stallTimer = 0;
let answerTimer = 0;
let bootstrapUrl = "";
const pending = new Map(); // request id -> {resolve, reject, key}
// Requests that made Python stall, by stallKey: answered at once with an error.
const stalledRequests = new Set();
const listeners = new Set();
let status = { state: "idle", message: "", downloaded: 0 };

/**
 * Start the Python worker unless it runs already.
 * @param {{afterStall?: boolean}} [options] afterStall: a new start because the last one stopped answering
 * @returns {void}
 */
export function startPython({ afterStall = false } = {}) {
  if (worker) return;
  // A module worker started from a blob: bootstrap inherits the page's
  // Content-Security-Policy; one started from its own URL would not.
  bootstrapUrl = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(WORKER_URL)};\n`], { type: "text/javascript" }),
  );
  worker = new Worker(bootstrapUrl, { type: "module", name: "python" });
  performance.mark("python:asked"); // the worker's own marks follow (python-worker.mjs)
  worker.onmessage = receive;
  // Answers come back on a BroadcastChannel of their own, not as the worker's
  // messages: right after a keystroke, Chromium holds a worker's message back
  // until the next frame is drawn (8-16 ms), and a channel's message it does
  // not (docs/development/decisions/0005-answers-on-a-broadcast-channel.md). The name is
  // this page's alone, so no other tab hears the answers.
  const channel = `follow-up-politely-python-${crypto.getRandomValues(new Uint32Array(4)).join("-")}`;
  replies = new BroadcastChannel(channel);
  replies.onmessage = receive;
  worker.postMessage({ replyChannel: channel, keepSnapshots: !originShared() });
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message ? t("worker_not_started", { detail: event.message }) : t("worker_script_missing"));
  };
  setStatus({ state: "loading", message: t("starting_python"), downloaded: 0, afterStall });
}

// Whether other sites share this site's origin (all of an owner's github.io
// sites are one origin): the build says so in every page (hooks/email_forms.py).
function originShared() {
  return document.querySelector('meta[name="follow-up-politely:origin"]')?.content !== "own";
}

/**
 * Whether the reader's browser asks sites to save data (the Save-Data setting,
 * `navigator.connection.saveData`): then Python's runtime, some 6 MB, is
 * downloaded only once the reader begins on a form (startPythonOnFirstUse).
 * @returns {boolean}
 */
export function readerSavesData() {
  return navigator.connection?.saveData === true;
}

/**
 * Start the Python worker once the reader begins on one of these forms: the
 * focus comes into it, or a press or a keystroke in it. Until then the state
 * is "waiting", and the forms show the guide's example, which the build wrote.
 * @param {HTMLFormElement[]} forms
 * @returns {void}
 */
export function startPythonOnFirstUse(forms) {
  if (worker) return;
  const listening = new AbortController();
  const begin = () => {
    listening.abort(); // once: a failed start later waits for Retry, not for the next click
    startPython();
  };
  for (const form of forms) {
    for (const type of ["focusin", "click", "input"]) form.addEventListener(type, begin, { signal: listening.signal });
  }
  if (status.state !== "waiting") {
    setStatus({
      state: "waiting",
      message: t("save_data"),
      downloaded: 0,
    });
  }
}

/**
 * Whether Python waits for the reader to begin on a form (startPythonOnFirstUse).
 * @returns {boolean}
 */
export function pythonWaitsForReader() {
  return status.state === "waiting";
}

/**
 * Stop the worker and start a new one, for the Retry button.
 * @returns {void}
 */
export function restartPython() {
  stopWorker();
  startPython();
}

/**
 * Listen to the worker's state: called at once with the current one, then on each change.
 * @param {(status: {state: "idle"|"waiting"|"loading"|"ready"|"error", message: string, downloaded: number, afterStall?: boolean}) => void} listener
 * @returns {() => void} a function that stops listening
 */
export function onPythonStatus(listener) {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

/**
 * Ask Python for something: the request goes to generator.api.handle as JSON.
 * @param {object} request for example {op: "preview", template: "thank-you", values: {...}}
 * @param {{readersWords?: boolean}} [options] readersWords: false only when the request
 *   holds nothing the reader gave (an untouched form, the guide's example); Python's
 *   memory may be kept for the next visit only until a request that does reaches it
 * @returns {Promise<object>} handle()'s answer, parsed
 */
export function callPython(request, { readersWords = true } = {}) {
  // In the page's language: its emails, labels and check (a language's pages all carry its <html lang>).
  request = { lang: pageLanguage(), ...request };
  const key = stallKey(request);
  if (stalledRequests.has(key)) return Promise.reject(new PythonStalled());
  startPython();
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, key });
    worker.postMessage({ id, request: JSON.stringify(request), readersWords });
    watchAnswers();
  });
}

// The worker names its moments and failures by the key of their words
// ("worker_ready"), and their slots; a failure of Python's own comes as it is.
function workersWords(message, slots) {
  return message.startsWith("worker_") ? t(message, slots) : message;
}

// "pt-BR" is the guide's "pt": a language's code is its <html lang> without the region.
function pageLanguage() {
  return (document.documentElement.lang || "en").split("-")[0].toLowerCase();
}

/** The error of a request that made Python stall: it was stopped, and is not sent again as it was. */
export class PythonStalled extends Error {
  constructor() {
    super("Python took too long with these details and was restarted");
    this.name = "PythonStalled";
  }
}

// A request as it would be sent again: the same but for the moment it was made.
function stallKey(request) {
  return JSON.stringify(request, (name, value) => (name === "now" ? undefined : value));
}

// While requests wait on a ready Python, an answer must come within
// ANSWER_TIMEOUT_MS of the last one; each answer starts the clock again.
function watchAnswers() {
  clearTimeout(answerTimer);
  if (!pending.size || status.state !== "ready") return;
  answerTimer = setTimeout(answerStalled, ANSWER_TIMEOUT_MS);
}

// Python answers in order, so the oldest request waiting is the one it is stuck on.
function answerStalled() {
  const oldest = Math.min(...pending.keys());
  const stuck = pending.get(oldest);
  pending.delete(oldest);
  stalledRequests.add(stuck.key);
  stuck.reject(new PythonStalled());
  stopWorker();
  startPython({ afterStall: true });
}

function receive(event) {
  const message = event.data;
  releaseBootstrap(); // the worker runs, so its bootstrap URL has served its purpose
  if ("progress" in message) {
    setStatus({ ...status, downloaded: message.progress });
    return;
  }
  if (message.status) {
    const words = workersWords(message.message, message.slots);
    if (message.status === "error") fail(words);
    else setStatus({ ...status, state: message.status, message: words });
    return;
  }
  const call = pending.get(message.id);
  if (!call) return;
  pending.delete(message.id);
  watchAnswers();
  if ("failure" in message) call.reject(new Error(message.failure));
  else call.resolve(JSON.parse(message.response));
}

function fail(reason) {
  stopWorker();
  setStatus({ ...status, state: "error", message: reason });
}

function releaseBootstrap() {
  if (bootstrapUrl) URL.revokeObjectURL(bootstrapUrl);
  bootstrapUrl = "";
}

function stopWorker() {
  clearTimeout(stallTimer);
  clearTimeout(answerTimer);
  releaseBootstrap();
  worker?.terminate();
  worker = null;
  replies?.close();
  replies = null;
  for (const call of pending.values()) call.reject(new Error(t("python_stopped")));
  pending.clear();
}

function setStatus(next) {
  status = next;
  watchAnswers();
  clearTimeout(stallTimer);
  if (status.state === "loading") {
    stallTimer = setTimeout(
      () => fail(t("stopped_loading")),
      STALL_TIMEOUT_MS,
    );
  }
  for (const listener of [...listeners]) listener(status);
}
