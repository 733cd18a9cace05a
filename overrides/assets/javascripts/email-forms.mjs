// Mounts the email forms that the build put into the guide's pages, and the
// planner: each form gets its draft (draft.mjs), the reader's shared details
// (details.mjs) and, for a panel interview, a card per interviewer (panel.mjs).

import {
  SHARED_FIELDS,
  forgetDetails,
  isRemembering,
  onRememberChange,
  setRemembering,
  setSharedValue,
  sharedValue,
} from "./details.mjs";
import { isPristine, mountDraft, readValues } from "./draft.mjs";
import { showCount, valueForPython } from "./field-limits.mjs";
import { wirePanel } from "./panel.mjs";
import { mountPlanner } from "./planner.mjs";
import { readerSavesData, startPython, startPythonOnFirstUse } from "./python-client.mjs";
import { t } from "./ui.mjs";

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
        ? t("remembered")
        : t("not_kept"),
    );
  });
  box.querySelector('[data-action="forget"]').addEventListener("click", () => {
    forgetDetails();
    say(t("forgotten"));
  });
}
