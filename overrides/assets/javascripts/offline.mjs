// Registers the site's service worker (service-worker.js, at the site's root),
// which keeps this build's files for a returning reader and for offline use.
// It registers once the page has loaded, the browser is idle and, on a page
// that starts Python, Python is ready: its first task, keeping the files the
// browser has already downloaded, must not share the CPU with the page's own
// start.

const SCRIPT_URL = new URL("../../service-worker.js", import.meta.url);

/**
 * Register the service worker once the page has loaded and `settled` has resolved, when the browser is idle.
 * @param {Promise<unknown>} settled what the page does first, which the registration must not slow
 * @returns {void}
 */
export function registerServiceWorker(settled) {
  // Absent where the page is not a secure context (http: other than localhost):
  // the site works as before, without repeat-visit or offline help.
  if (!("serviceWorker" in navigator)) return;
  const loaded =
    document.readyState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  Promise.all([loaded, settled])
    .then(whenIdle)
    .then(() => navigator.serviceWorker.register(SCRIPT_URL))
    .catch(() => {}); // refused (storage off, blocked): nothing is lost but the repeat-visit speed
}

function whenIdle() {
  return new Promise((resolve) =>
    "requestIdleCallback" in window ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 200),
  );
}

/**
 * The site's service worker that runs now, in charge of the page or not yet; registered at once if asked and absent.
 * @param {{register: boolean}} options
 * @returns {Promise<ServiceWorker | null>}
 */
export async function serviceWorkerNow({ register }) {
  if (!("serviceWorker" in navigator)) return null;
  let registration = await navigator.serviceWorker.getRegistration(SCRIPT_URL.href);
  if (!registration && register) registration = await navigator.serviceWorker.register(SCRIPT_URL);
  return registration?.active ?? registration?.waiting ?? registration?.installing ?? null;
}
