// Small page helpers the forms share: saving a file, copying with a fallback,
// local time for the etiquette check, and Python's state in words.

import { t } from "./ui.mjs";

/**
 * Offer text as a file download, made in the page: nothing goes to a server.
 * @param {string} text
 * @param {string} filename
 * @param {string} mime
 * @returns {void}
 */
export function saveFile(text, filename, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; a moment later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Copy text to the clipboard; where the browser refuses, select it for Ctrl+C.
 * Must be called in the click handler itself: browsers allow the clipboard only there.
 * @param {string} text
 * @param {Element} shownIn the element that shows the text, selected if copying is refused
 * @returns {Promise<boolean>} whether the text reached the clipboard
 */
export function copyText(text, shownIn) {
  if (!navigator.clipboard?.writeText) {
    // No Clipboard API (an older browser, or a page not served over HTTPS): the
    // older copy command still works on a selection, here inside the click.
    selectContents(shownIn);
    return Promise.resolve(copySelection());
  }
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => {
      selectContents(shownIn);
      return false;
    },
  );
}

function selectContents(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function copySelection() {
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/**
 * The reader's local date and time as YYYY-MM-DDTHH:MM, as the etiquette check reads "now".
 * @returns {string}
 */
export function localNow() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

export const LOADING_WORDS = () => t("loading_python");
const STALL_WORDS = () => t("python_restarting");

/**
 * Show Python's start-up state in a form: status words, the progress bar, Retry.
 * @param {HTMLFormElement} form
 * @param {{state: string, message: string, downloaded: number}} python
 * @param {(message: string) => void} say
 * @returns {void}
 */
export function showPythonState(form, python, say) {
  const retry = form.querySelector('[data-action="retry"]');
  const progress = form.querySelector("[data-progress]");
  if (retry) retry.hidden = python.state !== "error";
  // The bar shows the bytes; the status region only speaks when the state changes.
  if (progress) {
    progress.hidden = python.state !== "loading";
    progress.querySelector("progress").value = python.downloaded;
  }
  if (python.state === "error") {
    say(t("python_failed", { error: python.message }));
  } else if (python.state === "loading") {
    say(python.afterStall ? STALL_WORDS() : LOADING_WORDS());
  } else if (python.state === "waiting") {
    say(python.message);
  }
}
