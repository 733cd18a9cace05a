// The light / dark / automatic switch in the header, answered here instead of by
// the theme: mounted by the theme, the switch restyled the whole page twice
// inside the theme's start-up task, which then ran past 50 ms (README
// "Benchmark"). The page is drawn in the right palette from the start by the
// inline script of partials/javascripts/palette.html; this module only answers
// the reader's changes, so it does nothing at all until the switch is used.
// The markup, attributes and stored value are the theme's own, so its style
// sheets and its inline script keep working with them.

const SWITCH = "[data-palette]";
const AUTOMATIC = "(prefers-color-scheme)";
const SYSTEM_LIGHT = matchMedia("(prefers-color-scheme: light)");
const COLOUR_KEYS = ["scheme", "primary", "accent"];

/** @param {Element} form @returns {HTMLInputElement[]} the palettes, in the switch's order */
function palettesOf(form) {
  return [...form.querySelectorAll('input[name="__palette"]')];
}

/**
 * The colours a palette stands for: its own, or for "automatic", those of the
 * light or dark palette that the system's setting matches.
 * @param {Element} form
 * @param {HTMLInputElement} palette
 * @returns {Record<string, string>}
 */
function coloursOf(form, palette) {
  let source = palette;
  if (palette.dataset.mdColorMedia === AUTOMATIC) {
    const media = SYSTEM_LIGHT.matches ? "(prefers-color-scheme: light)" : "(prefers-color-scheme: dark)";
    source = palettesOf(form).find((each) => each.dataset.mdColorMedia === media) ?? palette;
  }
  const colours = { media: palette.dataset.mdColorMedia ?? "" };
  for (const key of COLOUR_KEYS) colours[key] = source.getAttribute(`data-md-color-${key}`) ?? "";
  return colours;
}

/**
 * Put the page in the palette at `index` and show that palette's switch.
 * @param {Element} form
 * @param {number} index
 * @returns {Record<string, string>} the colours applied
 */
function applyPalette(form, index) {
  const palettes = palettesOf(form);
  const colours = coloursOf(form, palettes[index]);
  // The theme's style sheet stops every transition while this attribute is on,
  // so the page changes colour at once rather than element by element.
  document.body.setAttribute("data-md-color-switching", "");
  for (const [key, value] of Object.entries(colours)) document.body.setAttribute(`data-md-color-${key}`, value);
  palettes.forEach((palette, at) => {
    const label = palette.nextElementSibling;
    if (label instanceof HTMLLabelElement) label.hidden = at !== index;
  });
  setTimeout(() => document.body.removeAttribute("data-md-color-switching"));
  return colours;
}

// The reader picked a palette (by clicking its switch, or with the arrow keys):
// apply it and keep the choice for the next page, as the theme would.
document.addEventListener("change", (event) => {
  const palette = event.target;
  const form = palette instanceof HTMLInputElement && palette.name === "__palette" ? palette.closest(SWITCH) : null;
  if (!form) return;
  const index = palettesOf(form).indexOf(palette);
  const color = applyPalette(form, index);
  window.__md_set?.("__palette", { index, color });
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
SYSTEM_LIGHT.addEventListener("change", () => {
  const form = document.querySelector(SWITCH);
  if (!form) return;
  const palettes = palettesOf(form);
  const index = palettes.findIndex((each) => each.checked);
  if (index >= 0 && palettes[index].dataset.mdColorMedia === AUTOMATIC) applyPalette(form, index);
});
