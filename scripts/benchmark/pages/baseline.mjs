// The baseline: the same runtime and wheels as the site, started the way the
// Pyodide documentation shows: on the main thread, eagerly, as the page loads.
// Then every input re-renders the preview at once, in the input event itself.
// Served by the benchmark (scripts/benchmark/serving.py) at /baseline/, with
// the site's runtime at /baseline/runtime/.

import { loadPyodide } from "./runtime/pyodide.mjs";

// The moments of the start the site's worker marks too (python-worker.mjs),
// so the benchmark shows both sides' time to ready the same way. Here the
// page asks for Python as this module runs, and Python starts at once.
performance.mark("python:asked");
performance.mark("python:start");

const indexURL = new URL("./runtime/", import.meta.url).href;

// The benchmark waits on this to know when the page's downloads are over.
document.documentElement.dataset.python = "loading";

const pyodide = await loadPyodide({ indexURL, lockFileURL: new URL("pyodide-lock.json", indexURL).href });
await pyodide.loadPackage("follow-up-politely");
performance.mark("python:runtime");
const api = pyodide.pyimport("generator.api");
performance.mark("python:engine");
document.documentElement.dataset.python = "ready";

for (const form of document.querySelectorAll("form[data-template]")) {
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", () => render(form));
  render(form);
}

// The same answer as the site's form shows: the guide's example while the form
// is untouched, else the preview of the values typed.
function render(form) {
  const template = form.dataset.template;
  const call = (request) => JSON.parse(api.handle(JSON.stringify(request)));
  const answer = call({ op: "preview", template, values: readValues(form) });
  const shown = isPristine(form) ? call({ op: "example", template }) : answer;
  form.querySelector('[data-output="subject"]').textContent = shown.subject;
  form.querySelector('[data-output="body"]').textContent = shown.body;
  form.dataset.ready = "true";
}

function readValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (element.name && "value" in element) values[element.name] = element.value;
  }
  return values;
}

function isPristine(form) {
  for (const element of form.elements) {
    if (element instanceof HTMLSelectElement) {
      if ([...element.options].some((option) => option.selected !== option.defaultSelected)) return false;
    } else if ("defaultValue" in element && element.name && element.value !== element.defaultValue) {
      return false;
    }
  }
  return true;
}
