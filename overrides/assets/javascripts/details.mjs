// "Type once": the reader's own details carry over between the site's forms.
//
// They live in this module's memory, which Material's instant navigation keeps
// for the whole visit in the tab; nothing is written anywhere. Only when the
// reader ticks "Remember my details on this device" are they kept in
// localStorage, under one key, until "Forget my details" erases it.

/** The fields that carry over: the reader's name and the job's particulars. */
export const SHARED_FIELDS = ["candidate_name", "company", "position", "interviewer"];

/** The planner's answers the etiquette check reads (setCheckContext). */
export const CHECK_CONTEXT_NAMES = [
  "interview_date",
  "interview_time",
  "timeline",
  "already_followed_up",
  "followed_up_on",
];

const STORAGE_KEY = "follow-up-politely:details";

const details = new Map();
// The planner's answers, for the etiquette check's timing items (memory only).
const checkContext = new Map();
const listeners = new Set();
let remembering = readStored();
// Whether this tab's details are in storage as it last wrote them (see store()).
let wroteOnce = remembering;

// Another tab of this site ticked "Remember" (the details appear) or forgot
// them (they vanish): this tab follows, so a forget anywhere holds everywhere
// until the reader ticks "Remember" again, and no tab writes them back.
window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return; // null: all of storage was cleared
  const kept = event.key === null ? null : event.newValue;
  if ((kept !== null) === remembering) return;
  remembering = kept !== null;
  notify();
});

function readStored() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (!stored || typeof stored !== "object") return false;
    for (const name of SHARED_FIELDS) {
      if (typeof stored[name] === "string") details.set(name, stored[name]);
    }
    return true;
  } catch {
    return false; // storage refused (private mode) or damaged: start afresh
  }
}

/**
 * The reader's value of a shared field, or "".
 * @param {string} name
 * @returns {string}
 */
export function sharedValue(name) {
  return details.get(name) ?? "";
}

/**
 * Note a shared field's new value (and keep it, if the reader asked).
 * @param {string} name
 * @param {string} value
 * @returns {void}
 */
export function setSharedValue(name, value) {
  if (!SHARED_FIELDS.includes(name)) return;
  details.set(name, value);
  if (remembering) store();
}

/** @returns {boolean} whether the reader asked to keep their details on this device */
export function isRemembering() {
  return remembering;
}

/**
 * Keep the details on this device, or stop keeping them (which erases them).
 * @param {boolean} on
 * @returns {void}
 */
export function setRemembering(on) {
  remembering = on;
  wroteOnce = false; // the reader's own tick: write, whatever another tab did before
  if (on) store();
  else erase();
  notify();
}

/**
 * Erase the kept details from this device. What the forms show stays.
 * @returns {void}
 */
export function forgetDetails() {
  remembering = false;
  erase();
  notify();
}

/**
 * Listen for changes of the remember setting (all forms show the same choice).
 * @param {() => void} listener
 * @returns {() => void} stops listening
 */
export function onRememberChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The planner's answers that the etiquette check can use.
 * @returns {Record<string, string | boolean>}
 */
export function checkContextValues() {
  return Object.fromEntries(checkContext);
}

/**
 * Note one of the planner's answers for the etiquette check.
 * @param {string} name one of CHECK_CONTEXT_NAMES
 * @param {string | boolean} value
 * @returns {void}
 */
export function setCheckContext(name, value) {
  checkContext.set(name, value);
}

function store() {
  const kept = Object.fromEntries(SHARED_FIELDS.map((name) => [name, details.get(name) ?? ""]));
  try {
    // Gone since this tab last wrote them: another tab forgot them, and its
    // storage event is still on its way. The forget wins.
    if (wroteOnce && localStorage.getItem(STORAGE_KEY) === null) {
      remembering = false;
      notify();
      return;
    }
    localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
    wroteOnce = true;
  } catch {
    // Storage refused: the details still carry over in this tab.
  }
}

function erase() {
  wroteOnce = false;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing could have been stored either.
  }
}

function notify() {
  for (const listener of [...listeners]) listener();
}
