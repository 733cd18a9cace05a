// The light / dark / automatic switch in the header, answered here instead of by
// the theme: mounted by the theme, the switch restyled the whole page twice
// inside the theme's start-up task, which then ran past 50 ms
// (docs/development/decisions/0027-palette-switch-answered-by-the-site.md).
// The page is drawn in the right palette from the start by the
// inline script of partials/javascripts/palette.html, whose `__fup_palette`
// puts a palette on the page, there and here alike; this module only answers
// the reader's changes, so it does nothing at all until the switch is used.
// The markup, attributes and stored value are the theme's own, so its style
// sheets keep working with them.

const SWITCH = "[data-palette]";
const AUTOMATIC = "(prefers-color-scheme)";

/** @param {Element} form @returns {HTMLInputElement[]} the palettes, in the switch's order */
function palettesOf(form) {
  return [...form.querySelectorAll('input[name="__palette"]')];
}

/**
 * Put the page in the palette at `index` (the inline script's `__fup_palette`),
 * with every transition stopped meanwhile, as the theme's style sheet does
 * while the body is marked as switching: the page changes colour at once.
 * @param {number} index
 * @returns {Record<string, string>} the palette's colours, as applied
 */
function switchTo(index) {
  document.body.setAttribute("data-md-color-switching", "");
  const color = window.__fup_palette(index);
  setTimeout(() => document.body.removeAttribute("data-md-color-switching"));
  return color;
}

// The reader picked a palette (by clicking its switch, or with the arrow keys):
// apply it and keep the choice for the next page, as the theme would.
document.addEventListener("change", (event) => {
  const palette = event.target;
  const form = palette instanceof HTMLInputElement && palette.name === "__palette" ? palette.closest(SWITCH) : null;
  if (!form) return;
  const index = palettesOf(form).indexOf(palette);
  window.__md_set?.("__palette", { index, color: switchTo(index) });
});

// Enter on the switch moves on to the next palette, as with the theme's switch.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.target instanceof Element)) return;
  const form = event.target.closest(SWITCH);
  if (!form) return;
  event.preventDefault();
  const palettes = palettesOf(form);
  const next = palettes[(Math.max(0, palettes.findIndex((each) => each.checked)) + 1) % palettes.length];
  next.click();
  next.focus();
});

// On "automatic", follow the system when its setting changes while the page is open.
matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => {
  const form = document.querySelector(SWITCH);
  if (!form) return;
  const palettes = palettesOf(form);
  const index = palettes.findIndex((each) => each.checked);
  if (index >= 0 && palettes[index].dataset.mdColorMedia === AUTOMATIC) switchTo(index);
});
