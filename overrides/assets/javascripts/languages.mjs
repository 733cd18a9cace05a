// The language selector: the page in view, in the language chosen, with a
// full load. Material's instant loading would swap the content within this
// page and keep this language's header, search and <html lang>; and its
// selector's links name the page the reader first loaded, not the one in view
// after instant navigation (hooks/languages.py says why this is here).
//
// Every page exists in every language at the same path under the language's
// folder (/de/thank-you/ beside /thank-you/), so the same page is found from
// the address alone.

import { handOver } from "./handover.mjs";

const SITE_ROOT = new URL("../../", import.meta.url); // this script is assets/javascripts/languages.mjs

// The page at `address` in `lang`: its path below the site's root, past any language's folder.
export function samePageIn(lang, address, languages, root = SITE_ROOT) {
  const url = new URL(address);
  let path = url.pathname.startsWith(root.pathname) ? url.pathname.slice(root.pathname.length) : "";
  const [first, ...rest] = path.split("/");
  if (languages.includes(first)) path = rest.join("/");
  const folder = lang === languages[0] ? "" : `${lang}/`;
  return new URL(folder + path + url.search + url.hash, root).href;
}

// The selector's languages, the site's default first: each one's code is its folder's name.
function languagesOf(doc) {
  return [...doc.querySelectorAll(".md-select a[hreflang]")].map((link) => link.hreflang);
}

export function followLanguageLinks(doc = document) {
  // Capturing, so it runs before the theme's own handler of every link.
  doc.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest(".md-select a[hreflang]") : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      event.stopPropagation();
      const target = samePageIn(link.hreflang, location.href, languagesOf(doc));
      handOver(target, doc).finally(() => location.assign(target));
    },
    true,
  );
}
