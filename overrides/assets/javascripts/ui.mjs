// What the page's scripts show, in the page's language: the build writes the
// language's strings into every page (main.html, from generator/languages/),
// so a script never carries a sentence of its own.

let strings;

/**
 * A string of the page's language, its {slots} filled.
 * @param {string} key its key in the language file's [ui]
 * @param {Record<string, string | number>} [slots] what fills its {slots}
 * @returns {string}
 */
export function t(key, slots = {}) {
  strings ??= JSON.parse(document.getElementById("follow-up-politely:ui")?.textContent || "{}");
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in slots ? String(slots[name]) : whole));
}
