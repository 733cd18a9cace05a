// A repeat visit starts Python from where the first visit's had got to, not
// from scratch: a memory snapshot (Pyodide's own, private `_makeSnapshot` and
// `_loadSnapshot`) of the interpreter once started, with the engine imported,
// kept in this browser's Cache Storage. Restoring it skips Python's bootstrap
// and the imports: most of a repeat visit's time
// (docs/development/decisions/0019-snapshot-kept-in-the-browser.md).
//
// What is kept is Python's memory *before any request carrying what the reader
// typed reached it* (the worker says when one is about to), so no trace of
// their words can be in it; a browser test types a canary and searches the
// stored bytes for it. It is made in the reader's own browser from the files
// this site served: nothing is downloaded for it.
//
// A snapshot is only valid with the very runtime it was made from: it holds
// the standard library's index and the engine's modules. So it is stored with
// the sha256 of what identifies that runtime (the lock, which names every
// wheel by its hash, and the standard library), and a visit after the site
// changed starts from scratch and keeps a new one. Pyodide itself refuses a
// snapshot of another build of its WebAssembly.
//
// None of that proves a snapshot is this site's own: every check the page can
// make, another page of the same origin can make too, and make true of a
// snapshot of its own choosing, which would then run as this site's Python. On
// an origin of its own, only this site writes here. On a shared one (a
// project's github.io address is its owner's origin, shared by all their sites)
// there is no such proof, so no snapshot is kept and any found is removed:
// Python starts from scratch on every visit.
//
// The worker calls snapshotOfThisStart once per start; the rest is this
// module's own. Where a snapshot is kept ({cacheName, key}: a Cache Storage
// cache, and a URL never fetched) is the worker's to say: it looks there first
// thing, before this module has loaded.

const IDENTITY_HEADER = "x-runtime-sha256";
const LENGTH_HEADER = "x-snapshot-length";

/**
 * One start's dealings with snapshots: restoring the one kept, if it may be,
 * and keeping one of this start for the next visit.
 * @param {object} start
 * @param {{cacheName: string, key: string}} start.place where snapshots are kept
 * @param {Promise<Response | undefined>} start.found what the worker's early look at `place` answered
 * @param {Promise<ArrayBuffer>[]} start.identifyingFiles the bodies of the files that identify the runtime
 * @param {boolean} start.keep whether snapshots may be kept and restored: not on an origin other sites share
 */
export function snapshotOfThisStart({ place, found, identifyingFiles, keep }) {
  // Hashed only when needed: a snapshot was kept, or one is to be kept.
  let identity = null;
  const identify = () => (identity ??= runtimeIdentity(identifyingFiles));
  // Begun now, so a kept snapshot is read and checked while Pyodide loads.
  const kept = keptSnapshot(place, found, keep, identify);
  let restored = false;
  let take = null; // set while this start's memory may still be kept

  return {
    /**
     * Start Python from the kept snapshot, if there is one it may restore.
     * Never an error: a snapshot that fails to restore is removed, and the
     * answer is null, as when none was kept: Python is then to start afresh.
     * @template T
     * @param {(bytes: Promise<Uint8Array>) => Promise<T>} attempt starts Pyodide from the bytes
     * @returns {Promise<T | null>}
     */
    async restore(attempt) {
      const snapshot = await kept;
      if (!snapshot) return null;
      try {
        const python = await attempt(snapshot.bytes);
        restored = true;
        return python;
      } catch {
        // Of another version of the site, damaged, of another build of Pyodide
        // (it checks), or more memory than this tab could give.
        await forgetSnapshot(place);
        return null;
      }
    },

    /**
     * Offer a fresh start's memory for the next visit: nothing when it was
     * restored (the kept one stands) or when snapshots may not be kept.
     * Otherwise the job that keeps it, for the worker to run when idle after
     * the first previews and the warm-up, so the next visit has all of the
     * engine imported; taken earlier if the reader's words come first.
     * @param {{makeMemorySnapshot: () => Uint8Array}} pyodide started with `_makeSnapshot`
     * @returns {(() => Promise<void>) | null}
     */
    offer(pyodide) {
      if (restored || !keep) return null;
      let taken = null;
      take = () => {
        take = null;
        try {
          taken = pyodide.makeMemorySnapshot();
        } catch {
          // Pyodide refuses a state it cannot restore: the next visit starts from scratch.
        }
      };
      return async () => {
        take?.();
        const bytes = taken;
        taken = null;
        if (bytes) await identify().then((identity) => keepSnapshot(place, bytes, identity), () => {});
      };
    },

    /**
     * Called just before a request carrying the reader's words reaches
     * Python: the memory to keep is taken now, if it is still to be taken.
     * After this, nothing of this start is kept.
     */
    beforeReadersWords() {
      take?.();
    },
  };
}

// The kept snapshot this start may restore, or null. On an origin other sites
// share one found may be theirs: it is removed, never restored.
async function keptSnapshot(place, found, keep, identify) {
  const stored = await found;
  if (keep) return storedSnapshot(stored, identify);
  if (stored) await forgetSnapshot(place);
  return null;
}

/**
 * The sha256 (hex) of the runtime's identifying files, in order.
 * @param {Promise<ArrayBuffer>[]} files
 * @returns {Promise<string>}
 */
async function runtimeIdentity(files) {
  const bodies = await Promise.all(files);
  const joined = new Uint8Array(bodies.reduce((total, body) => total + body.byteLength + 8, 0));
  let at = 0;
  for (const body of bodies) {
    // Each file's length first, so two files cannot run together into another pair.
    new DataView(joined.buffer).setBigUint64(at, BigInt(body.byteLength));
    joined.set(new Uint8Array(body), at + 8);
    at += body.byteLength + 8;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The snapshot found kept, if any: `bytes` resolves to it once
 * read, and rejects if it is of another runtime or damaged (then Python
 * starts from scratch).
 * @param {Response | undefined} stored what Cache Storage answered
 * @param {() => Promise<string>} identify the runtime's identity, asked for only if a snapshot is kept
 * @returns {{bytes: Promise<Uint8Array>} | null}
 */
function storedSnapshot(stored, identify) {
  if (!stored) return null;
  const bytes = checkedBytes(stored, identify);
  bytes.catch(() => {}); // seen by whoever awaits it
  return { bytes };
}

async function checkedBytes(stored, identify) {
  // Read while the runtime's files are hashed.
  const [body, identity] = await Promise.all([stored.arrayBuffer(), identify()]);
  if (stored.headers.get(IDENTITY_HEADER) !== identity) throw new Error("a snapshot of another version of the site");
  if (String(body.byteLength) !== stored.headers.get(LENGTH_HEADER)) throw new Error("an incomplete snapshot");
  return withZeroPages(new Uint8Array(body));
}

/**
 * Keep a snapshot for the next visit. Best effort: a full or refused storage
 * only means the next visit starts from scratch.
 * @param {{cacheName: string, key: string}} place
 * @param {Uint8Array} bytes
 * @param {string} identity
 * @returns {Promise<void>}
 */
async function keepSnapshot({ cacheName, key }, bytes, identity) {
  try {
    if (!self.caches) return;
    const cache = await self.caches.open(cacheName);
    const stored = withoutZeroPages(bytes);
    const headers = { [IDENTITY_HEADER]: identity, [LENGTH_HEADER]: String(stored.byteLength) };
    await cache.put(key, new Response(stored, { headers }));
  } catch {
    // Nothing to tell the reader: the page works the same without it.
  }
}

/**
 * Remove the kept snapshot: one that failed to restore, or one found on an origin other sites share.
 * @param {{cacheName: string, key: string}} place
 */
async function forgetSnapshot({ cacheName, key }) {
  try {
    await (await self.caches.open(cacheName)).delete(key);
  } catch {
    // Storage unavailable: nothing is kept either.
  }
}

// Most of Python's memory is zeros. Only the pages that are not all zeros are
// stored, after an index of them, so a repeat visit reads less than half the
// bytes (reading is a good part of its time; compressing instead would cost
// more than it saves) and the reader's disk keeps less. Layout, little-endian:
// u32 snapshot length, u32 page count, u32 page numbers (ascending), then those
// pages' bytes (the last page of the snapshot may be short).
const PAGE = 4096;

function withoutZeroPages(snapshot) {
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength >> 2);
  const pages = [];
  for (let page = 0; page * PAGE < snapshot.byteLength; page++) {
    const end = Math.ceil(Math.min((page + 1) * PAGE, snapshot.byteLength) / 4);
    for (let word = (page * PAGE) / 4; word < end; word++) {
      if (words[word] !== 0) {
        pages.push(page);
        break;
      }
    }
  }
  const pageBytes = (page) => Math.min(PAGE, snapshot.byteLength - page * PAGE);
  const head = 8 + 4 * pages.length;
  const stored = new Uint8Array(head + pages.reduce((total, page) => total + pageBytes(page), 0));
  const view = new DataView(stored.buffer);
  view.setUint32(0, snapshot.byteLength, true);
  view.setUint32(4, pages.length, true);
  let at = head;
  pages.forEach((page, index) => {
    view.setUint32(8 + 4 * index, page, true);
    stored.set(snapshot.subarray(page * PAGE, page * PAGE + pageBytes(page)), at);
    at += pageBytes(page);
  });
  return stored;
}

function withZeroPages(stored) {
  const damaged = () => new Error("a damaged snapshot");
  if (stored.byteLength < 8) throw damaged();
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const length = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  if (count > Math.ceil(length / PAGE) || 8 + 4 * count > stored.byteLength) throw damaged();
  const snapshot = new Uint8Array(length); // all zeros
  let at = 8 + 4 * count;
  let previous = -1;
  for (let index = 0; index < count; index++) {
    const page = view.getUint32(8 + 4 * index, true);
    const size = Math.min(PAGE, length - page * PAGE);
    if (page <= previous || size <= 0 || at + size > stored.byteLength) throw damaged();
    snapshot.set(stored.subarray(at, at + size), page * PAGE);
    previous = page;
    at += size;
  }
  if (at !== stored.byteLength) throw damaged();
  return snapshot;
}
