// The site's script on every page (main.html): mounts the forms of each page
// the theme shows, and registers the service worker once the first page's
// start is over; and sends the language selector to the page in view, with
// what the reader typed.

import { mountForms } from "./email-forms.mjs";
import { applyHandover, takeHandover } from "./handover.mjs";
import { followLanguageLinks } from "./languages.mjs";
import { registerServiceWorker } from "./offline.mjs";
import { onPythonStatus } from "./python-client.mjs";
// The modules those import, named here too, so that the browser asks for them
// all once it has this script: DOMContentLoaded, and with it the theme's start,
// waits for every module, and a page that does not preload them (a guide page)
// would otherwise find them one round trip of imports after another.
import "./checklist.mjs";
import "./details.mjs";
import "./draft.mjs";
import "./field-limits.mjs";
import "./in-view.mjs";
import "./page-tools.mjs";
import "./panel.mjs";
import "./planner.mjs";
import "./ui.mjs";

// Material re-renders the page on instant navigation and announces it through
// document$; without the theme's script (or before it runs) mount once on load.
// Mounting waits for a task of its own: document$ speaks inside the theme's
// DOMContentLoaded handler, already a long task on a slow machine, and the
// forms' set-up would only make it longer
// (docs/development/decisions/0014-forms-mount-in-a-task-of-their-own.md).
let serviceWorkerRegistered = false;
// Asked at once: it settles while the theme and the forms start.
const handedOver = takeHandover();
function mountPage() {
  mountForms(document);
  if (serviceWorkerRegistered) return;
  serviceWorkerRegistered = true;
  handedOver.then((carried) => applyHandover(carried));
  // After the first page's forms, and their Python, have started: the service
  // worker's first task must not share the CPU with them (offline.mjs).
  registerServiceWorker(pythonSettled());
}

// Resolves once Python is ready or has failed, or at once if it was not started.
function pythonSettled() {
  return new Promise((resolve) => {
    const stop = onPythonStatus(({ state }) => {
      if (state === "loading") return;
      resolve();
      // onPythonStatus calls back at once, before `stop` is assigned.
      queueMicrotask(() => stop());
    });
  });
}

followLanguageLinks(document);

if (typeof window.document$?.subscribe === "function") {
  window.document$.subscribe(() => setTimeout(mountPage));
} else {
  mountPage();
}
