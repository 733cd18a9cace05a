// Mounts the email forms that the build put into the guide's pages. Each form
// is a thin view: Python (in the worker) fills the template; this module only
// reads the fields, shows the answer as text, and wires the buttons.

import { callPython, onPythonStatus, restartPython, startPython } from "./python-client.mjs";

const LOADING_WORDS = "Loading Python to fill in your email… You can type already; nothing you type is lost.";
const READY_WORDS = "Ready. The preview follows your typing.";

/**
 * Mount every form on the page that is not mounted yet. Safe to call again.
 * @param {ParentNode} root
 * @returns {void}
 */
export function mountForms(root) {
  const forms = root.querySelectorAll("form[data-template]:not([data-mounted])");
  for (const form of forms) mountForm(form);
  if (forms.length) startPython();
}

/**
 * Bring one form to life: fields enabled, preview kept in step with the fields.
 * @param {HTMLFormElement} form
 * @returns {void}
 */
export function mountForm(form) {
  form.dataset.mounted = "true";
  const view = {
    fields: form.querySelector("[data-fields]"),
    subject: form.querySelector('[data-output="subject"]'),
    body: form.querySelector('[data-output="body"]'),
    status: form.querySelector('[role="status"]'),
    retry: form.querySelector('[data-action="retry"]'),
    mailto: form.querySelector('[data-action="mailto"]'),
    progress: form.querySelector("[data-progress]"),
    kind: form.querySelector("[data-preview-kind]"),
    note: form.querySelector("[data-preview-note]"),
  };
  const state = {
    ready: false, // Python has answered at least once
    busy: false, // a render is on its way
    stale: true, // the fields changed since the preview was made
    showAllErrors: false, // the reader tried to use the email: show every problem
    edited: new Set(), // fields the reader has typed in
    errors: [], // the last answer's problems, for the current values
  };
  view.fields.disabled = false;
  form.querySelector("[data-actions]").hidden = false;

  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", (event) => {
    if (event.target.name) state.edited.add(event.target.name);
    markStale();
  });
  // After the focus has moved, so the field being left counts as left.
  form.addEventListener("focusout", () => setTimeout(() => showErrors(form, state)));
  view.retry.addEventListener("click", () => {
    view.retry.hidden = true;
    restartPython();
    form.querySelector("[data-fields] input, [data-fields] textarea")?.focus();
  });
  form.querySelector('[data-action="copy-subject"]').addEventListener("click", () =>
    copy(view.subject.textContent, "Subject"),
  );
  form.querySelector('[data-action="copy-body"]').addEventListener("click", () =>
    copy(view.body.textContent, "Body"),
  );
  view.mailto.addEventListener("click", (event) => {
    if (!usable()) event.preventDefault();
    else say("Opening your mail app… Nothing is sent until you send it there.");
  });

  const stopListening = onPythonStatus((python) => {
    if (!form.isConnected) return stopListening?.();
    view.retry.hidden = python.state !== "error";
    // The bar shows the bytes; the status region only speaks when the state changes.
    view.progress.hidden = python.state !== "loading";
    view.progress.querySelector("progress").value = python.downloaded;
    if (python.state === "error") {
      state.busy = false;
      say(`Python could not start: ${python.message}. What you typed is kept; choose Retry to try again.`);
    } else if (python.state === "ready") {
      if (!state.ready) say(READY_WORDS);
      refresh();
    } else if (python.state === "loading") {
      say(LOADING_WORDS);
    }
  });

  function markStale() {
    state.stale = true;
    delete form.dataset.ready;
    refresh();
  }

  // One render at a time, always of the latest values: typing faster than
  // Python answers skips the in-between states instead of queueing them.
  async function refresh() {
    if (state.busy || !state.stale) return;
    state.busy = true;
    state.stale = false;
    const template = form.dataset.template;
    const values = readValues(form);
    try {
      const answer = await callPython({ op: "preview", template, values });
      const shown = isPristine(form) ? await callPython({ op: "example", template }) : answer;
      if (answer.error || shown.error) throw new Error(answer.error || shown.error);
      state.errors = answer.errors;
      show(shown, isPristine(form));
      state.busy = false;
      if (!state.ready) {
        state.ready = true;
      }
      if (state.stale) refresh();
      else form.dataset.ready = "true";
    } catch (error) {
      state.busy = false;
      state.stale = true; // rendered again once Python is back
      if (!form.isConnected) return;
      if (!view.retry.hidden) return; // the start-up failure is already said
      say(`The preview could not be updated: ${error.message}. What you typed is kept.`);
    }
  }

  function show(answer, pristine) {
    view.subject.textContent = answer.subject;
    view.body.textContent = answer.body;
    view.mailto.href = answer.mailto;
    view.kind.textContent = pristine ? "Example email" : "Your email";
    view.note.textContent = pristine
      ? "This is the guide’s example. Fill in the form and it becomes your email."
      : state.errors.length
        ? "Parts in [brackets] still need your details."
        : "Complete. Copy it, or open it in your mail app.";
    showErrors(form, state);
  }

  // The email may leave the page only when it is complete and up to date.
  function usable() {
    if (!state.ready) {
      say("Python is still loading; your email will be ready in a moment.");
      return false;
    }
    if (isPristine(form) || state.errors.length) {
      state.showAllErrors = true;
      showErrors(form, state);
      const first = state.errors[0];
      form.elements.namedItem(first?.field)?.focus();
      say(`Fill in the form first: ${state.errors.map((e) => e.message).join(" ")}`);
      return false;
    }
    return true;
  }

  function copy(text, what) {
    if (!usable()) return;
    // Written in the click handler itself: browsers allow the clipboard only there.
    navigator.clipboard.writeText(text).then(
      () => say(`${what} copied. Paste it into your email.`),
      () => {
        selectText(what === "Subject" ? view.subject : view.body);
        say(`Your browser did not allow copying. The ${what.toLowerCase()} is selected: press Ctrl+C (or ⌘C) to copy it.`);
      },
    );
  }

  function say(message) {
    // Rewriting the same words would make some screen readers repeat them.
    if (view.status.textContent !== message) view.status.textContent = message;
  }
}

function readValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (element.name && "value" in element) values[element.name] = element.value;
  }
  return values;
}

// Untouched: every field as the page built it. Then the preview shows the
// guide's example rather than a page of [brackets].
function isPristine(form) {
  for (const element of form.elements) {
    if (element instanceof HTMLSelectElement) {
      if ([...element.options].some((option) => option.selected !== option.defaultSelected)) return false;
    } else if ("defaultValue" in element && element.name && element.value !== element.defaultValue) {
      return false;
    }
  }
  return true;
}

function showErrors(form, state) {
  const messages = new Map(state.errors.map((error) => [error.field, error.message]));
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    const field = slot.dataset.errorFor;
    const control = form.elements.namedItem(field);
    const visible = messages.has(field) && (state.showAllErrors || (state.edited.has(field) && !control?.matches(":focus")));
    slot.textContent = visible ? messages.get(field) : "";
    slot.hidden = !visible;
    if (visible) control?.setAttribute("aria-invalid", "true");
    else control?.removeAttribute("aria-invalid");
  }
}

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// Material re-renders the page on instant navigation and announces it through
// document$; without the theme's script (or before it runs) mount once on load.
if (typeof window.document$?.subscribe === "function") {
  window.document$.subscribe(() => mountForms(document));
} else {
  mountForms(document);
}
