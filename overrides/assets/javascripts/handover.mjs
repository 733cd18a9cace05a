// "Type once", across a change of language: the reader's details, and what
// they typed on the page's forms, go with them to the page in the language
// they chose.
//
// The language switch is a full load (languages.mjs), which clears the tab's
// memory, and nothing typed is written to storage unless the reader asked. So
// they pass through the memory of the site's service worker: the page being
// left hands them over for the one address it opens, and that page takes them,
// once. The worker forgets them when taken or after half a minute
// (service-worker.js). Without a service worker (not supported, refused) the
// switch goes on without them, as before.

import {
  CHECK_CONTEXT_NAMES,
  SHARED_FIELDS,
  checkContextValues,
  setCheckContext,
  setSharedValue,
  sharedValue,
} from "./details.mjs";
import { isAsBuilt } from "./draft.mjs";
import { serviceWorkerNow } from "./offline.mjs";
import { t } from "./ui.mjs";

// The messages service-worker.js answers.
const KEEP = "follow-up-politely:handover-keep";
const TAKE = "follow-up-politely:handover-take";
// Past this the reader's click goes on, and the new page starts, without them.
const WAIT_MS = 1000;
// The new page waits longer: its forms work meanwhile, and a worker still
// starting would hand them over, and forget them, after the page gave up.
const TAKE_WAIT_MS = 5000;

/**
 * Hand the reader's details over for the page at `target`, if there is anything to hand. Settles within WAIT_MS.
 * @param {string} target the address about to be opened
 * @param {Document} [doc]
 * @returns {Promise<void>}
 */
export async function handOver(target, doc = document) {
  const carried = collect(doc);
  if (!Object.keys(carried.shared).length && !Object.keys(carried.forms).length) return;
  await withinWait(async () => {
    const worker = await serviceWorkerNow({ register: true });
    if (worker) await ask(worker, { type: KEEP, path: new URL(target).pathname, carried });
  });
}

/**
 * What the page this one came from handed over for it, or null. Asked of a worker already there, on a
 * page opened anew (not reloaded, not come back to). The referrer would tell more, but browsers and
 * their settings may leave it out.
 * @returns {Promise<Carried | null>}
 */
export async function takeHandover() {
  if (performance.getEntriesByType("navigation")[0]?.type !== "navigate") return null;
  return withinWait(async () => {
    const worker = await serviceWorkerNow({ register: false });
    return worker ? ask(worker, { type: TAKE, path: location.pathname }) : null;
  }, TAKE_WAIT_MS);
}

/**
 * Put what was handed over into the page's mounted forms, where the reader has not typed since the page opened.
 * @param {Carried | null} carried
 * @param {Document} [doc]
 * @returns {void}
 */
export function applyHandover(carried, doc = document) {
  if (!carried || typeof carried !== "object") return;
  for (const [name, value] of Object.entries(stringsOf(carried.shared, SHARED_FIELDS))) {
    if (!sharedValue(name)) setSharedValue(name, value);
  }
  // What the page holds now: a field typed before the answer came keeps its newer value.
  const shared = sharedDetails();
  for (const [name, value] of Object.entries(carried.context ?? {})) {
    const known = CHECK_CONTEXT_NAMES.includes(name) && ["string", "boolean"].includes(typeof value);
    if (known) setCheckContext(name, value);
  }
  const [focused, x, y] = [doc.activeElement, scrollX, scrollY];
  for (const form of doc.querySelectorAll("form[data-template][data-mounted], form[data-planner][data-mounted]")) {
    const typed = carried.forms?.[keyOf(form)] ?? {};
    const filled = fill(form, { ...(typed.values ?? {}), ...shared });
    const cards = Array.isArray(typed.cards) ? typed.cards.slice(0, 20) : [];
    for (const values of cards) {
      form.querySelector('[data-action="add-interviewer"]')?.click();
      const card = [...doc.querySelectorAll(`form[data-panel-of="${form.dataset.template}"]`)].at(-1);
      if (card) fill(card, values ?? {});
    }
    if (filled || cards.length) form.querySelector('[role="status"]').textContent = t("details_carried");
  }
  // Adding a card moves the focus into it and scrolls to it: the reader's place stays where it was.
  if (doc.activeElement !== focused) {
    if (focused instanceof HTMLElement && focused !== doc.body) focused.focus({ preventScroll: true });
    else doc.activeElement?.blur();
    scrollTo(x, y);
  }
}

/**
 * @typedef {{shared: Record<string, string>, context: Record<string, string | boolean>,
 *   forms: Record<string, {values: Record<string, string | boolean>, cards: Record<string, string>[]}>}} Carried
 */

// What the reader has on this page: the details every form shares, the
// planner's answers, and each form's fields changed from how the page built them.
function collect(doc) {
  const shared = sharedDetails();
  const forms = {};
  for (const form of doc.querySelectorAll("form[data-template][data-mounted], form[data-planner][data-mounted]")) {
    const values = changedValues(form);
    const cards = [...doc.querySelectorAll(`form[data-panel-of="${form.dataset.template}"]`)].map(changedValues);
    if (Object.keys(values).length || cards.length) forms[keyOf(form)] = { values, cards };
  }
  return { shared, context: checkContextValues(), forms };
}

function sharedDetails() {
  return Object.fromEntries(SHARED_FIELDS.map((name) => [name, sharedValue(name)]).filter(([, value]) => value));
}

function keyOf(form) {
  return form.dataset.template ?? "planner";
}

function changedValues(form) {
  const values = {};
  for (const element of form.elements) {
    // Nameless: the remember box, the buttons.
    if (!element.name || isAsBuilt(element)) continue;
    values[element.name] = element.type === "checkbox" ? element.checked : element.value;
  }
  return values;
}

// Set each field still as the page built it, as if the reader had typed it:
// the form's own listeners then refresh its draft, counts and plan.
function fill(form, values) {
  let filled = false;
  for (const [name, value] of Object.entries(values)) {
    const control = form.elements.namedItem(name);
    if (!control || control instanceof RadioNodeList) continue;
    if (!isAsBuilt(control) || typeof value !== (control.type === "checkbox" ? "boolean" : "string")) continue;
    if (control instanceof HTMLSelectElement && ![...control.options].some((option) => option.value === value)) {
      continue; // not a choice of this language's form
    }
    if (control.type === "checkbox") control.checked = value;
    else control.value = value;
    control.dispatchEvent(new Event("input", { bubbles: true }));
    control.dispatchEvent(new Event("change", { bubbles: true }));
    filled = true;
  }
  return filled;
}

// Only strings, only of the names given: what the worker answers is the
// site's own, but an origin may be shared (all of an owner's github.io sites).
function stringsOf(object, names) {
  const out = {};
  for (const name of names) if (typeof object?.[name] === "string") out[name] = object[name];
  return out;
}

function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data ?? null);
    worker.postMessage(message, [channel.port2]);
  });
}

function withinWait(work, wait = WAIT_MS) {
  const late = new Promise((resolve) => setTimeout(() => resolve(null), wait));
  return Promise.race([work().catch(() => null), late]);
}
