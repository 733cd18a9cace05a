// The site's service worker: keeps the files of one build of the site in
// Cache Storage, so a returning reader's visit waits on the network for the
// page alone (not for every script, style and runtime file, one revalidation
// after another), and a reader who has been here can use the guide and its
// forms offline. The design: docs/development/architecture.md ("The service
// worker"); the figures: docs/development/decisions/0026-service-worker.md.
//
// Why it works this way:
// - The site's own scripts and styles carry no hash in their names, so a kept
//   file may only ever go with a page of the same build. The build writes the
//   BUILD line below (overrides/hooks/site_cache.py): the sha256 of every
//   file. So this script changes with each build and the browser installs the
//   new one; and every file is checked against it before it is kept.
// - A page is asked of the network first (the cache answers it only offline)
//   and checked: a page of another build means the site has changed, and from
//   then on this worker answers nothing from its cache, and has the browser
//   look for its successor.
// - Nothing is downloaded for the cache: it keeps what the reader's pages ask
//   for anyway. A guide page's reader never downloads the Python runtime, and
//   it is kept only once a form page has loaded it.
// - Only this site's files, asked for with GET and no query: anything else is
//   left to the browser, as if this worker were not there.

const BUILD = { id: "", files: {} }; // written by the build

const CACHE_PREFIX = "follow-up-politely:site:";
const CACHE_NAME = CACHE_PREFIX + BUILD.id;
// Opened once: every request this worker answers looks in it.
let siteCache = null;
const openSiteCache = () => (siteCache ??= caches.open(CACHE_NAME));
const SCOPE_PATH = new URL(self.registration.scope).pathname;

// Whether the pages in view are of this worker's build. Unknown (false) until
// a page is checked: the worker may have been stopped and started again since
// a page of another build was seen. Once another build is seen, this worker
// stays out of the way for the rest of its life.
let pagesOfThisBuild = false;
let otherBuildSeen = false;
// The check of the last page asked for: its files wait for it, so they are
// never answered from the cache for a page of another build.
let pageChecked = Promise.resolve();

self.addEventListener("install", (event) => {
  // Taking over at once is safe: a page open from an older build has loaded
  // its scripts already, and this worker answers from its cache only once it
  // has seen a page of its own build.
  event.waitUntil(fillCache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        // Only this worker's own caches of older builds: the Python worker's
        // snapshot lives in a cache of its own and must survive a new build.
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
      }
      // The page's request goes out while this worker starts, not after.
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

// The reader's details across a change of language (handover.mjs): held in
// this worker's memory alone, never in storage, for the one address the page
// being left opens, until that page takes them or HANDOVER_MS has passed.
// Once this worker answers that page's navigation, only the page it opened
// may take them (`resultingClientId`).
const HANDOVER_MS = 30_000;
const handovers = new Map(); // path -> {carried, client, forget}

self.addEventListener("message", (event) => {
  const [reply] = event.ports;
  const { type, path, carried } = event.data ?? {};
  if (!reply || typeof path !== "string") return;
  if (type === "follow-up-politely:handover-keep") {
    handovers.get(path)?.forget(); // the same address handed over again: the latest wins
    const kept = { carried, client: null, forget: () => {} };
    handovers.set(path, kept);
    reply.postMessage(true);
    // Kept alive until then: a worker stopped while idle would lose them.
    event.waitUntil(
      new Promise((done) => {
        kept.forget = done;
        setTimeout(done, HANDOVER_MS);
      }).then(() => {
        if (handovers.get(path) === kept) handovers.delete(path);
      }),
    );
  } else if (type === "follow-up-politely:handover-take") {
    const found = handovers.get(path);
    const mine = found && (found.client === null || found.client === event.source?.id);
    if (mine) {
      handovers.delete(path);
      found.forget();
    }
    reply.postMessage(mine ? found.carried : null);
  }
});

// The page a hand-over is for, as this worker answers its navigation.
function bindHandover(event) {
  if (event.request.mode !== "navigate" || !event.resultingClientId) return;
  const kept = handovers.get(new URL(event.request.url).pathname);
  if (kept && kept.client === null) kept.client = event.resultingClientId;
}

self.addEventListener("fetch", (event) => {
  bindHandover(event);
  const path = sitePath(event.request);
  if (path === null) return; // not one of this build's files: the browser fetches it
  if (path.endsWith(".html")) event.respondWith(pageFromNetworkFirst(event, path));
  else if (path.endsWith(".wasm")) event.respondWith(compiledFromHttpCacheFirst(event, path));
  else event.respondWith(fileFromCacheFirst(event, path));
});

/**
 * The build's name for the file a request asks for (`thank-you/index.html`), or null if it is not one.
 * @param {Request} request
 * @returns {string | null}
 */
function sitePath(request) {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search || !url.pathname.startsWith(SCOPE_PATH)) return null;
  let path = url.pathname.slice(SCOPE_PATH.length);
  if (path === "" || path.endsWith("/")) path += "index.html";
  return Object.hasOwn(BUILD.files, path) ? path : null;
}

// Where a file is kept: the URL a page asks for it by (a page by its folder).
function cacheKey(path) {
  return new URL(SCOPE_PATH + path.replace(/(^|\/)index\.html$/, "$1"), self.location.origin).href;
}

async function pageFromNetworkFirst(event, path) {
  const response = await fromNetworkOrKept(path, async () => (await event.preloadResponse) ?? fetch(event.request));
  if (response.kept) {
    pagesOfThisBuild = !otherBuildSeen; // the cache holds this build's files only
    return response.kept;
  }
  if (response.ok) {
    const [checked, kept] = [response.clone(), response.clone()];
    pageChecked = (async () => {
      pagesOfThisBuild = await isOfThisBuild(path, await checked.arrayBuffer());
      if (pagesOfThisBuild) event.waitUntil(keep(path, kept));
    })().catch(() => {
      pagesOfThisBuild = false;
    });
    event.waitUntil(pageChecked);
  }
  return response;
}

async function fileFromCacheFirst(event, path) {
  await pageChecked;
  if (pagesOfThisBuild && !otherBuildSeen && !newerWorkerWaiting()) {
    const kept = await keptFile(path);
    if (kept) return kept;
  }
  // Past the browser's HTTP cache too, which may hold another build's copy
  // under the same name for up to max-age (GitHub Pages: ten minutes).
  const response = await fromNetworkOrKept(path, () => fetch(new Request(event.request, { cache: "no-cache" })));
  if (response.kept) return response.kept;
  event.waitUntil(keepIfOfThisBuild(path, response));
  return response;
}

// Python's WebAssembly is taken through the browser's HTTP cache while it
// answers, and from this worker's cache only offline. Chromium keeps the code
// it compiles from WebAssembly beside the HTTP cache's copy; answered from
// this worker's cache, Python ran slower on every later visit, as if that code
// were not found (docs/development/decisions/0026-service-worker.md). After
// max-age the HTTP cache's copy costs a revalidation: that is the price.
async function compiledFromHttpCacheFirst(event, path) {
  await pageChecked;
  // After a deploy, past the HTTP cache too, which may hold the last build's copy.
  const request = otherBuildSeen ? new Request(event.request, { cache: "no-cache" }) : event.request;
  const response = await fromNetworkOrKept(path, () => fetch(request));
  if (response.kept) return response.kept;
  // Kept for offline use if installing did not find it (9 MB: hashed only then).
  const copy = response.clone();
  event.waitUntil(isKept(path).then((found) => found || keepIfOfThisBuild(path, copy)));
  return response;
}

/**
 * The network's answer; offline, `{kept}`: this build's copy, if there is one (if not, the network's failure).
 * @param {string} path
 * @param {() => Promise<Response>} fetchIt
 * @returns {Promise<Response | {kept: Response}>}
 */
async function fromNetworkOrKept(path, fetchIt) {
  try {
    return await fetchIt();
  } catch (offline) {
    const kept = await keptFile(path);
    if (!kept) throw offline;
    return { kept };
  }
}

// Keep a copy of a file the network gave, if it is this build's (and no other build was seen).
async function keepIfOfThisBuild(path, response) {
  if (!response.ok || otherBuildSeen) return;
  const [checked, kept] = [response.clone(), response.clone()];
  try {
    if (await isOfThisBuild(path, await checked.arrayBuffer())) await keep(path, kept);
  } catch {
    // Not kept: fetched again next time.
  }
}

// A successor found by the browser's update check is the one to trust.
function newerWorkerWaiting() {
  return Boolean(self.registration.installing || self.registration.waiting);
}

/**
 * Whether a file's bytes are this build's; if not, the site has changed since this worker was made.
 * @param {string} path
 * @param {ArrayBuffer} bytes
 * @returns {Promise<boolean>}
 */
async function isOfThisBuild(path, bytes) {
  if (sameHash(await sha256(bytes), BUILD.files[path])) return true;
  if (!otherBuildSeen) {
    otherBuildSeen = true;
    self.registration.update().catch(() => {}); // offline or refused: the browser tries again on the next visit
  }
  return false;
}

// The response as fetched, not a copy of its bytes: its headers stay as they
// were (WebAssembly must come back as application/wasm to be compiled).
async function keep(path, response) {
  try {
    await (await openSiteCache()).put(cacheKey(path), response);
  } catch {
    // Storage full or refused: the file is simply fetched again next time.
  }
}

// This build's copy of a file, checked against the build's list each time it
// is served: on a shared origin (all of an owner's github.io sites are one),
// another site can put anything in this cache. A copy that is not this
// build's is dropped, and the file is fetched as if none was kept.
async function keptFile(path) {
  try {
    const cache = await openSiteCache();
    const kept = await cache.match(cacheKey(path));
    if (!kept) return undefined;
    if (sameHash(await sha256(await kept.clone().arrayBuffer()), BUILD.files[path])) return kept;
    await cache.delete(cacheKey(path));
  } catch {
    // Storage refused: nothing kept to serve.
  }
  return undefined;
}

// Whether a copy is kept at all, unread: whether it is this build's is asked when it is served.
async function isKept(path) {
  try {
    return Boolean(await (await openSiteCache()).match(cacheKey(path)));
  } catch {
    return false;
  }
}

// On install: this build's files that an older build's cache or the browser's
// own HTTP cache already holds, checked and kept. Nothing is downloaded
// (`only-if-cached`, where it holds), so a guide page's reader never fetches
// the runtime.
async function fillCache() {
  const cache = await openSiteCache();
  const older = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME);
  for (const [path, hash] of Object.entries(BUILD.files)) {
    const key = cacheKey(path);
    try {
      if (await keptFile(path)) continue; // checked: a copy another site put here is dropped
      for await (const found of copiesOf(key, older)) {
        if (sameHash(await sha256(await found.clone().arrayBuffer()), hash)) {
          await keep(path, found);
          break;
        }
      }
    } catch {
      // One file not kept: it is kept when a page next asks for it.
    }
  }
}

// The copies of a file the browser already has: each older build's, then the HTTP cache's (fresh or not).
async function* copiesOf(key, olderCaches) {
  for (const name of olderCaches) {
    const found = await (await caches.open(name)).match(key);
    if (found) yield found;
  }
  if (!(await httpCacheAnswersAlone())) return;
  const cached = await fetch(key, { cache: "only-if-cached", mode: "same-origin" }).catch(() => undefined);
  if (cached?.ok) yield cached;
}

// Whether `only-if-cached` keeps a fetch off the network. WebKit sends it to
// the network: there, filling the cache from the HTTP cache would download the
// whole site (every language, the runtime again), so it is left to the files
// the pages ask for. Asked once, of an address no cache holds, without a body.
let httpCacheAlone = null;
function httpCacheAnswersAlone() {
  httpCacheAlone ??= fetch(new URL(`?only-if-cached-probe=${Date.now()}`, self.location.href), {
    method: "HEAD",
    cache: "only-if-cached",
    mode: "same-origin",
  }).then(
    () => false, // an answer for an address never asked before: it came from the network
    () => true,
  );
  return httpCacheAlone;
}

// The manifest keeps the first characters of each hash (site_cache.py).
function sameHash(sha256Hex, manifestHash) {
  return manifestHash.length > 0 && sha256Hex.slice(0, manifestHash.length) === manifestHash;
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
