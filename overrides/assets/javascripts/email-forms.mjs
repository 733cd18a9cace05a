// Mounts the email forms that the build put into the guide's pages. Each form
// is a thin view: Python (in the worker) fills the template, checks the draft
// and makes the files; this module reads the fields, shows the answers as text
// and wires the buttons.

import {
  SHARED_FIELDS,
  checkContextValues,
  forgetDetails,
  isRemembering,
  onRememberChange,
  setRemembering,
  setSharedValue,
  sharedValue,
} from "./details.mjs";
import { keepFocusInView, mountJump } from "./in-view.mjs";
import { showCount, valueForPython } from "./field-limits.mjs";
import { copyText, localNow, saveFile, showPythonState } from "./page-tools.mjs";
import { mountPlanner } from "./planner.mjs";
import {
  PythonStalled,
  callPython,
  onPythonStatus,
  pythonWaitsForReader,
  readerSavesData,
  restartPython,
  startPython,
  startPythonOnFirstUse,
} from "./python-client.mjs";

const READY_WORDS = "Ready. The preview follows your typing.";
const STALLED_WORDS =
  "Python took too long with what is in this form, so it was restarted and the preview shows your last draft. Your text is kept: change it and the preview follows again.";
// Planner answers changed: the timing items of every check may change too.
export const CONTEXT_EVENT = "fup:check-context";

/**
 * Mount every form and planner on the page not mounted yet. Safe to call again.
 * @param {ParentNode} root
 * @returns {void}
 */
export function mountForms(root) {
  const forms = [...root.querySelectorAll("form[data-template]:not([data-mounted])")];
  const planners = [...root.querySelectorAll("form[data-planner]:not([data-mounted])")];
  if (!forms.length && !planners.length) return;
  // Python starts now, so it is ready by the time the reader types (a form's
  // first preview, asked for as it mounts, starts it); for a reader whose
  // browser asks to save data, only once they begin on a form.
  const saving = readerSavesData();
  if (saving) startPythonOnFirstUse([...forms, ...planners]);
  for (const form of forms) mountTemplateForm(form);
  for (const planner of planners) mountPlanner(planner, () => document.dispatchEvent(new Event(CONTEXT_EVENT)));
  if (!saving) startPython();
}

/**
 * A template's form: its own draft, the reader's shared details, and any panel cards.
 * @param {HTMLFormElement} form
 * @returns {void}
 */
function mountTemplateForm(form) {
  form.dataset.mounted = "true";
  form.querySelector("[data-fields]").disabled = false;
  restoreSharedDetails(form);
  const cards = new Set();
  const draft = mountDraft(form, {
    templateId: form.dataset.template,
    values: () => readValues(form),
    pristine: () => isPristine(form),
    main: true,
  });
  form.addEventListener("input", (event) => {
    setSharedValue(event.target.name, valueForPython(event.target.value, Number(event.target.dataset.limit ?? 0)));
    for (const card of cards) card.refreshSoon();
  });
  wireRemember(form, draft.say);
  wirePanel(form, cards);
  const refreshAll = () => {
    if (!form.isConnected) return document.removeEventListener(CONTEXT_EVENT, refreshAll);
    draft.refreshSoon();
    for (const card of cards) card.refreshSoon();
  };
  document.addEventListener(CONTEXT_EVENT, refreshAll);
}

/**
 * One draft on the page (a template's form, or one interviewer of a panel):
 * preview, errors, checklist and actions, kept in step with its values.
 * @param {HTMLFormElement} form
 * @param {{templateId: string, values: () => Record<string, string>, pristine: () => boolean, main: boolean}} source
 * @returns {{refreshSoon: () => void, say: (message: string) => void}}
 */
function mountDraft(form, source) {
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
      say(state.stalled ? STALLED_WORDS : READY_WORDS); // once per start: the first, or after a restart
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
        say(STALLED_WORDS);
        return;
      }
      state.stale = true; // rendered again once Python is back
      if (!form.isConnected || form.querySelector('[data-action="retry"]:not([hidden])')) return;
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
      : state.answer.errors.length
        ? "Parts in [brackets] still need your details."
        : "Complete. Copy it, download it, or open it in your mail app.";
    if (pristine) view.check.hidden = true;
    showErrors(form, state);
  }

  function guideRoot() {
    return form.closest("[data-guide-root]")?.dataset.guideRoot ?? "../";
  }

  // The email may leave the page only when it is complete and up to date.
  function usable() {
    if (state.stalled) {
      say(STALLED_WORDS);
      return false;
    }
    if (!state.ready) {
      say("Python is still loading; your email will be ready in a moment.");
      return false;
    }
    const errors = state.answer?.errors ?? [];
    if (source.pristine() || errors.length) {
      state.showAllErrors = true;
      showErrors(form, state);
      const first = errors.find((error) => form.elements.namedItem(error.field));
      (first ? form.elements.namedItem(first.field) : form.closest("form[data-template]")?.elements[0])?.focus();
      say(`Fill in the form first: ${errors.map((e) => e.message).join(" ") || "type your details."}`);
      return false;
    }
    return true;
  }

  function copy(part) {
    if (!usable()) return;
    const shown = part === "subject" ? view.subject : view.body;
    const word = part === "subject" ? "Subject" : "Body";
    copyText(shown.textContent, shown).then((copied) =>
      say(
        copied
          ? `${word} copied. Paste it into your email.`
          : `Your browser did not allow copying. The ${part} is selected: press Ctrl+C (or ⌘C) to copy it.`,
      ),
    );
  }

  function openMailApp(event) {
    if (!usable()) return event.preventDefault();
    if (!state.answer.paste_body) {
      say("Opening your mail app… Nothing is sent until you send it there.");
      return;
    }
    // Too long for a mailto: link, which carries the subject only: put the body
    // on the clipboard in this same click, for pasting into the new email.
    copyText(view.body.textContent, view.body).then((copied) =>
      say(
        copied
          ? "Your email is long, so your mail app gets the subject only. The body is copied: paste it into the message."
          : "Your email is long, so your mail app gets the subject only. The body is selected here: copy it with Ctrl+C (or ⌘C) and paste it into the message.",
      ),
    );
  }

  async function download(format) {
    if (!usable()) return;
    let answer;
    try {
      answer = await callPython({ op: "download", template: source.templateId, values: source.values(), format });
    } catch (error) {
      say(error instanceof PythonStalled ? STALLED_WORDS : `The file could not be made: ${error.message}.`);
      return;
    }
    if (!answer.ok) {
      say(`The file could not be made: ${(answer.errors ?? []).map((e) => e.message).join(" ") || answer.error}`);
      return;
    }
    saveFile(answer.text, answer.filename, answer.mime);
    say(
      format === "eml"
        ? `Downloaded ${answer.filename}: open it and your mail app shows it as a draft, ready to send.`
        : `Downloaded ${answer.filename}.`,
    );
  }

  function say(message) {
    // Rewriting the same words would make some screen readers repeat them.
    if (view.status.textContent !== message) view.status.textContent = message;
  }

  return { refreshSoon, say };
}

/**
 * Show the etiquette check: what to fix first, each with a link to the guide's
 * advice, then what is already good, folded away.
 * @param {HTMLElement} box the [data-check] section
 * @param {{id: string, ok: boolean, advice: string, guide: string, section: string}[]} items
 * @param {string} root the site's root, relative to the page
 * @returns {void}
 */
function showChecklist(box, items, root) {
  const toFix = items.filter((item) => !item.ok);
  const good = items.filter((item) => item.ok);
  box.querySelector("[data-check-summary]").textContent = toFix.length
    ? `${toFix.length} of ${items.length} points of the guide’s advice to look at:`
    : `All ${items.length} points of the guide’s advice are met.`;
  box.querySelector("[data-check-list]").replaceChildren(...toFix.map((item) => checkItem(item, root)));
  box.querySelector("[data-check-good]").replaceChildren(...good.map((item) => checkItem(item, root)));
  box.querySelector("[data-check-good-summary]").textContent = `What’s already good (${good.length})`;
  box.querySelector("[data-check-good-box]").hidden = !good.length;
}

function checkItem(item, root) {
  const row = document.createElement("li");
  row.className = "fup-check__item";
  row.dataset.checkId = item.id;
  row.dataset.ok = String(item.ok);
  const mark = document.createElement("span");
  mark.className = "fup-check__mark";
  mark.textContent = item.ok ? "✓" : "!";
  mark.setAttribute("aria-hidden", "true");
  const text = document.createElement("span");
  const verdict = document.createElement("strong");
  verdict.textContent = item.ok ? "Good: " : "To fix: ";
  const link = document.createElement("a");
  link.href = `${root}${item.guide}/#${item.section}`;
  link.textContent = "See the guide";
  text.append(verdict, `${item.advice} `, link);
  row.append(mark, text);
  return row;
}

// Carry the reader's details into a form they have not typed in yet.
function restoreSharedDetails(form) {
  for (const name of SHARED_FIELDS) {
    const control = form.elements.namedItem(name);
    if (control && !control.value && sharedValue(name)) {
      control.value = sharedValue(name);
      showCount(control);
    }
  }
}

function wireRemember(form, say) {
  const box = form.querySelector("[data-remember]");
  if (!box) return;
  const toggle = box.querySelector("[data-remember-toggle]");
  box.hidden = false;
  const sync = () => {
    toggle.checked = isRemembering();
  };
  sync();
  const stop = onRememberChange(() => (form.isConnected ? sync() : stop()));
  toggle.addEventListener("change", () => {
    setRemembering(toggle.checked);
    say(
      toggle.checked
        ? "Your name, company, position and interviewer will be remembered on this device."
        : "Your details are no longer kept on this device.",
    );
  });
  box.querySelector('[data-action="forget"]').addEventListener("click", () => {
    forgetDetails();
    say("Your details are forgotten on this device. What is in the form stays until you leave the page.");
  });
}

// A panel interview: one more card per interviewer, each with its own draft.
function wirePanel(form, cards) {
  const panel = form.querySelector("[data-panel]");
  const template = document.querySelector(`template[data-panel-card-for="${form.dataset.template}"]`);
  if (!panel || !template) return;
  panel.hidden = false;
  let count = 1;
  panel.querySelector('[data-action="add-interviewer"]').addEventListener("click", () => {
    count += 1;
    const card = cardFrom(template, count);
    const anchor = [...cards].at(-1)?.element ?? form;
    anchor.after(card);
    const draft = mountDraft(card, {
      templateId: form.dataset.template,
      values: () => ({ ...readValues(form), ...readValues(card) }),
      pristine: () => false,
      main: false,
    });
    const entry = { element: card, refreshSoon: draft.refreshSoon };
    cards.add(entry);
    draft.say(`Interviewer ${count} added.`);
    card.querySelector('[data-action="remove-interviewer"]').addEventListener("click", () => {
      cards.delete(entry);
      card.remove();
      panel.querySelector('[data-action="add-interviewer"]').focus();
    });
    card.querySelector("input, textarea")?.focus();
    draft.refreshSoon();
  });
}

function cardFrom(template, number) {
  const card = template.content.firstElementChild.cloneNode(true);
  // The card's ids, labels and headings carry N until it has a number.
  for (const element of [card, ...card.querySelectorAll("*")]) {
    for (const attribute of ["id", "for", "aria-labelledby", "aria-describedby"]) {
      const value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replaceAll("-panel-N", `-panel-${number}`));
    }
  }
  for (const heading of card.querySelectorAll("h3, legend, [data-action=remove-interviewer]")) {
    heading.textContent = heading.textContent.replace(/\bN\b/, String(number));
  }
  card.dataset.member = String(number);
  return card;
}

function readValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (element.name && "value" in element && element.type !== "checkbox") {
      values[element.name] = valueForPython(element.value, Number(element.dataset.limit ?? 0));
    }
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
