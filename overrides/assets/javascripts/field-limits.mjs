// Each field's limit, as the engine declares it (data-limit, from the catalog):
// shown to the reader as they near it, and kept to when a value goes to Python.
// Python is the judge: it refuses a value past the limit, naming the field. The
// page never cuts what the reader typed; it only sends no more of a value than
// Python needs to see that it is too long, so no paste can make a request large.

const SHOW_FROM = 0.8; // of the limit: below this the count stays out of the way

/**
 * How many characters Python counts in the text (code points; a lone surrogate is one).
 * @param {string} text
 * @returns {number}
 */
export function characterCount(text) {
  let pairs = 0;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        index++;
      }
    }
  }
  return text.length - pairs;
}

/**
 * The value as it goes to Python: whole when it may be within the limit, else
 * its start, still more characters than the limit (each is one or two UTF-16
 * units), so Python refuses it as too long without reading a whole paste.
 * @param {string} value
 * @param {number} limit
 * @returns {string}
 */
export function valueForPython(value, limit) {
  const enough = 2 * limit + 2;
  return limit > 0 && value.length > enough ? value.slice(0, enough) : value;
}

/**
 * Show or hide a field's count after its value changed: from 80 % of the limit on,
 * "1,650 of 2,000 characters"; past it, how many too many.
 * @param {HTMLInputElement | HTMLTextAreaElement} control
 * @returns {void}
 */
export function showCount(control) {
  const limit = Number(control.dataset.limit);
  const slot = control.form?.querySelector(`[data-count-for="${control.name}"]`);
  if (!slot || !limit) return;
  // The common case, decided without counting: far from the limit.
  const count = control.value.length < SHOW_FROM * limit ? 0 : characterCount(control.value);
  const near = count >= SHOW_FROM * limit;
  slot.hidden = !near;
  if (!near) {
    slot.textContent = "";
    return;
  }
  const over = count - limit;
  const words = `${count.toLocaleString("en")} of ${limit.toLocaleString("en")} characters`;
  slot.textContent = over > 0 ? `${words}: ${over.toLocaleString("en")} too many.` : `${words}.`;
  slot.toggleAttribute("data-over", over > 0);
}
