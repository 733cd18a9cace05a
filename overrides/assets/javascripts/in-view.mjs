// What the reader works on stays in view. On a narrow screen a form's email
// sits under its fields: one step takes the reader to it, and one step back to
// the field they were typing in, with the text and the caret where they left
// them. On a wide screen the email stands beside the fields (forms.css), and
// neither control shows. Whatever the width, a field the focus moves to is
// brought wholly on screen: browsers leave one that shows in part where it is.

/**
 * Wire a form's "See the email" and "Back to where you were typing".
 * @param {HTMLFormElement} form
 * @returns {void}
 */
export function mountJump(form) {
  const bar = form.querySelector("[data-jump]");
  const back = form.querySelector('[data-action="back-to-fields"]');
  const draft = form.querySelector(".fup-form__draft");
  if (!bar || !back || !draft) return;
  let lastField = null;
  form.addEventListener("focusin", (event) => {
    if (event.target.matches?.(".fup-form__entry .fup-field__control")) lastField = event.target;
  });
  const see = bar.querySelector('[data-action="see-email"]');
  // A tap leaves the focus in the field: the reader can read the email and type on.
  see.addEventListener("mousedown", (event) => event.preventDefault());
  see.addEventListener("click", () => draft.scrollIntoView({ block: "start", behavior: scrolling() }));
  back.addEventListener("click", () => {
    const field = lastField ?? form.querySelector(".fup-form__entry .fup-field__control");
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center", behavior: scrolling() });
  });
  bar.hidden = false;
  back.hidden = false;
}

/**
 * Bring each control of the form that takes the focus wholly into view.
 * @param {HTMLFormElement} form
 * @returns {void}
 */
export function keepFocusInView(form) {
  form.addEventListener("focusin", (event) => {
    const box = event.target.getBoundingClientRect();
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
    if (box.top < header || box.bottom > innerHeight) event.target.scrollIntoView({ block: "nearest" });
  });
}

function scrolling() {
  return matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}
