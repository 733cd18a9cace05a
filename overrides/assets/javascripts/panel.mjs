// A panel interview: one more card per interviewer, each with a draft of its
// own. A card's values are its form's with the card's own on top, so the
// reader's details are typed once. The card comes from a <template> the build
// wrote beside the form (partials/email-form.html).

import { mountDraft, readValues } from "./draft.mjs";
import { t } from "./ui.mjs";

/**
 * Wire a form's "Add another interviewer", if its template has a panel.
 * @param {HTMLFormElement} form the template's form
 * @param {Set<{element: HTMLFormElement, refreshSoon: () => void}>} cards the form's cards, added to and removed from here
 * @returns {void}
 */
export function wirePanel(form, cards) {
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
    draft.say(t("interviewer_added", { n: count }));
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
