// Every worker a page starts is bound by the page's own Content-Security-Policy.
// A worker started from its own URL takes its policy from that file's headers,
// and GitHub Pages sends none: the theme's search worker could reach any
// origin. Started from a blob: bootstrap instead, a worker inherits the page's
// policy, as the Python worker does. A classic script, so it runs before the
// theme's bundle starts the search worker.
(() => {
  const PageWorker = window.Worker;
  const bootstrap = (url, options) => {
    const source =
      options?.type === "module"
        ? `import ${JSON.stringify(url)};`
        : // The theme's search worker loads its language files relative to its own address.
          `const base = ${JSON.stringify(url)};
const load = self.importScripts.bind(self);
self.importScripts = (...urls) => load(...urls.map((each) => new URL(each, base).href));
importScripts(base);`;
    return URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  };
  window.Worker = class BoundWorker extends PageWorker {
    constructor(scriptURL, options) {
      const url = new URL(scriptURL, document.baseURI);
      const ownFile = url.origin === location.origin && url.protocol.startsWith("http");
      super(ownFile ? bootstrap(url.href, options) : scriptURL, options);
    }
  };
})();
