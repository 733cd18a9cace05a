// One draft of an email on the page: a template's form, or one interviewer's
// card of a panel. Python (in the worker) fills the template, checks the draft
// and makes the files; this module reads the fields, shows the answers as text
// and wires the draft's buttons.

import { checkContextValues } from "./details.mjs";
import { showChecklist } from "./checklist.mjs";
import { showCount, valueForPython } from "./field-limits.mjs";
import { keepFocusInView, mountJump } from "./in-view.mjs";
import { copyText, localNow, saveFile, showPythonState } from "./page-tools.mjs";
import { PythonStalled, callPython, onPythonStatus, pythonWaitsForReader, restartPython } from "./python-client.mjs";
import { t } from "./ui.mjs";

const READY_WORDS = () => t("ready_preview");
const STALLED_WORDS = () => t("stalled_form");

/**
 * One draft on the page (a template's form, or one interviewer of a panel):
 * preview, errors, checklist and actions, kept in step with its values.
 * @param {HTMLFormElement} form
 * @param {{templateId: string, values: () => Record<string, string>, pristine: () => boolean, main: boolean}} source
 * @returns {{refreshSoon: () => void, say: (message: string) => void}}
 */
export function mountDraft(form, source) {
  const view = {
    subject: form.querySelector('[data-output="subject"]'),
    body: form.querySelector('[data-output="body"]'),
    status: form.querySelector('[role="status"]'),
    mailto: form.querySelector('[data-action="mailto"]'),
    kind: form.querySelector("[data-preview-kind]"),
    note: form.querySelector("[data-preview-note]"),
    check: form.querySelector("[data-check]"),
  };
  const state = {
    ready: false, // Python has answered at least once
    busy: false, // a render is on its way
    stale: true, // the values changed since the preview was made
    showAllErrors: false, // the reader tried to use the email: show every problem
    edited: new Set(), // fields the reader has typed in
    answer: null, // the last answer for the current values
    stalled: false, // Python stalled on the current values; the preview is of earlier ones
  };
  form.querySelector("[data-actions]").hidden = false;
  mountJump(form);
  keepFocusInView(form);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", (event) => {
    if (event.target.name) state.edited.add(event.target.name);
    showCount(event.target);
    refreshSoon();
  });
  // After the focus has moved, so the field being left counts as left.
  form.addEventListener("focusout", () => setTimeout(() => showErrors(form, state)));
  form.querySelector('[data-action="retry"]')?.addEventListener("click", () => restartPython());
  form.querySelector('[data-action="copy-subject"]').addEventListener("click", () => copy("subject"));
  form.querySelector('[data-action="copy-body"]').addEventListener("click", () => copy("body"));
  form.querySelector('[data-action="download-eml"]').addEventListener("click", () => download("eml"));
  form.querySelector('[data-action="download-txt"]').addEventListener("click", () => download("txt"));
  view.mailto.addEventListener("click", openMailApp);

  // Ask for the first preview now: Python answers it the moment it is ready,
  // without waiting for the page to hear that it is. (Python waiting for the
  // reader, the build's example stands until then, and readiness asks for it.)
  if (source.main && !pythonWaitsForReader()) refresh();

  const stopListening = onPythonStatus((python) => {
    if (!form.isConnected) return stopListening?.();
    if (!source.main) return; // a panel card follows its form's words
    showPythonState(form, python, say);
    if (python.state === "error") state.busy = false;
    if (python.state === "ready") {
      say(state.stalled ? STALLED_WORDS() : READY_WORDS()); // once per start: the first, or after a restart
      refresh();
    }
  });

  function refreshSoon() {
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
    const template = source.templateId;
    const pristine = source.pristine();
    try {
      const planned = checkContextValues(); // the planner's answers, if the reader gave any
      const context = { ...planned, now: localNow() };
      const values = source.values();
      const readersWords = !pristine || Object.keys(planned).length > 0;
      // The draft first and the etiquette check in a second request: the check
      // is most of Python's work, and the preview follows the keys sooner without it.
      const answer = await callPython({ op: "preview", template, values, context, checks: false }, { readersWords });
      const shown = pristine ? await callPython({ op: "example", template, checks: false }, { readersWords: false }) : answer;
      if (answer.error || shown.error) throw new Error(answer.error || shown.error);
      state.answer = answer;
      show(shown, pristine);
      // Values typed meanwhile get their own check, in the refresh that follows.
      if (!pristine && !state.stale) {
        const checked = await callPython({ op: "check", template, values, context });
        if (checked.error) throw new Error(checked.error);
        if (!state.stale) {
          showChecklist(view.check, checked.checks, guideRoot());
          view.check.hidden = false;
        }
      }
      state.busy = false;
      state.ready = true;
      state.stalled = false;
      delete form.dataset.stalled;
      if (state.stale) refresh();
      else form.dataset.ready = "true";
    } catch (error) {
      state.busy = false;
      if (error instanceof PythonStalled) {
        // The preview keeps the last draft, which no longer matches the fields:
        // it may not leave the page until a change of the values is answered.
        state.stalled = true;
        form.dataset.stalled = "true";
        say(STALLED_WORDS());
        return;
      }
      state.stale = true; // rendered again once Python is back
      if (!form.isConnected || form.querySelector('[data-action="retry"]:not([hidden])')) return;
      say(t("preview_failed", { error: error.message }));
    }
  }

  function show(answer, pristine) {
    view.subject.textContent = answer.subject;
    view.body.textContent = answer.body;
    view.mailto.href = answer.mailto;
    view.kind.textContent = pristine ? t("preview_example") : t("preview_yours");
    view.note.textContent = pristine
      ? t("preview_note_example")
      : state.answer.errors.length
        ? t("preview_note_blanks")
        : t("preview_note_complete");
    if (pristine) view.check.hidden = true;
    showErrors(form, state);
  }

  function guideRoot() {
    return form.closest("[data-guide-root]")?.dataset.guideRoot ?? "../";
  }

  // The email may leave the page only when it is complete and up to date.
  function usable() {
    if (state.stalled) {
      say(STALLED_WORDS());
      return false;
    }
    if (!state.ready) {
      say(t("still_loading"));
      return false;
    }
    const errors = state.answer?.errors ?? [];
    if (source.pristine() || errors.length) {
      state.showAllErrors = true;
      showErrors(form, state);
      const first = errors.find((error) => form.elements.namedItem(error.field));
      (first ? form.elements.namedItem(first.field) : form.closest("form[data-template]")?.elements[0])?.focus();
      say(t("fill_first", { errors: errors.map((e) => e.message).join(" ") || t("fill_first_details") }));
      return false;
    }
    return true;
  }

  function copy(part) {
    if (!usable()) return;
    const shown = part === "subject" ? view.subject : view.body;
    const word = part === "subject" ? t("subject") : t("body");
    copyText(shown.textContent, shown).then((copied) =>
      say(
        copied
          ? t("copied", { part: word })
          : part === "subject"
            ? t("copy_refused_subject")
            : t("copy_refused_body"),
      ),
    );
  }

  function openMailApp(event) {
    if (!usable()) return event.preventDefault();
    if (!state.answer.paste_body) {
      say(t("opening_mail"));
      return;
    }
    // Too long for a mailto: link, which carries the subject only: put the body
    // on the clipboard in this same click, for pasting into the new email.
    copyText(view.body.textContent, view.body).then((copied) =>
      say(
        copied
          ? t("long_email_copied")
          : t("long_email_selected"),
      ),
    );
  }

  async function download(format) {
    if (!usable()) return;
    let answer;
    try {
      answer = await callPython({ op: "download", template: source.templateId, values: source.values(), format });
    } catch (error) {
      say(error instanceof PythonStalled ? STALLED_WORDS() : t("file_failed", { error: error.message }));
      return;
    }
    if (!answer.ok) {
      say(t("file_failed", { error: (answer.errors ?? []).map((e) => e.message).join(" ") || answer.error }));
      return;
    }
    saveFile(answer.text, answer.filename, answer.mime);
    say(
      format === "eml"
        ? t("downloaded_eml", { filename: answer.filename })
        : t("downloaded", { filename: answer.filename }),
    );
  }

  function say(message) {
    // Rewriting the same words would make some screen readers repeat them.
    if (view.status.textContent !== message) view.status.textContent = message;
  }

  return { refreshSoon, say };
}

/**
 * A form's values as Python gets them, by field name.
 * @param {HTMLFormElement} form
 * @returns {Record<string, string>}
 */
export function readValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (element.name && "value" in element && element.type !== "checkbox") {
      values[element.name] = valueForPython(element.value, Number(element.dataset.limit ?? 0));
    }
  }
  return values;
}

/**
 * Whether the form is untouched: every field as the page built it. Then the
 * preview shows the guide's example rather than a page of [brackets].
 * @param {HTMLFormElement} form
 * @returns {boolean}
 */
export function isPristine(form) {
  return [...form.elements].every((element) => !element.name || isAsBuilt(element));
}

/**
 * Whether one field is as the page built it: its value, its choice, its tick.
 * @param {Element} element
 * @returns {boolean}
 */
export function isAsBuilt(element) {
  if (element instanceof HTMLSelectElement) {
    return [...element.options].every((option) => option.selected === option.defaultSelected);
  }
  if (element.type === "checkbox") return element.checked === element.defaultChecked;
  return !("defaultValue" in element) || element.value === element.defaultValue;
}

// Each field's error under it: once the reader has typed in it and left it, or
// for every field once they tried to use an email that is not complete.
function showErrors(form, state) {
  const errors = state.answer?.errors ?? [];
  const messages = new Map(errors.map((error) => [error.field, error.message]));
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    const field = slot.dataset.errorFor;
    const control = form.elements.namedItem(field);
    const visible =
      messages.has(field) && (state.showAllErrors || (state.edited.has(field) && !control?.matches(":focus")));
    slot.textContent = visible ? messages.get(field) : "";
    slot.hidden = !visible;
    if (visible) control?.setAttribute("aria-invalid", "true");
    else control?.removeAttribute("aria-invalid");
  }
}
