// Precompile Python to bytecode inside Pyodide itself (under Node), at build time.
//
// Pyodide ships the standard library as .py sources, and wheels hold sources
// too, so a browser compiles every module it imports on each visit: most of
// Python's start-up. Bytecode is only valid for the exact interpreter that
// wrote it, and the host has no Python of Pyodide's version, so the very
// Pyodide the site serves writes it.
//
// The engine's Jinja2 templates are compiled here too, by the engine's own
// environment, into its wheel (generator.render.ShippedTemplateCode): Jinja2
// would otherwise compile each in the browser on first use. The situation
// files' front matter goes in parsed, as JSON (generator.situations).
//
// Run by scripts/build_runtime.py:  node scripts/precompile.mjs PYODIDE_DIR JOB_JSON
// where JOB_JSON is
//   {"wheels": [[source, target], ...],   each wheel with its .py replaced by .pyc
//    "full_stdlib": path,                 the whole standard library as .pyc
//    "stdlib": path,                      only the top-level modules and packages the page imports
//    "requests": [json, ...]}             ... while the target wheels answer these requests
//                                         (and of encodings, no legacy character sets)
// It prints the top-level names the trimmed standard library keeps.

import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const [pyodideDir, jobPath] = process.argv.slice(2);
if (!pyodideDir || !jobPath) {
  console.error("usage: node scripts/precompile.mjs PYODIDE_DIR JOB_JSON");
  process.exit(2);
}
// A failure inside Pyodide would otherwise print a line of its minified source: say only what went wrong.
process.on("uncaughtException", (error) => {
  console.error(`precompile: ${error.message}`);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  console.error(`precompile: ${error?.message ?? error}`);
  process.exit(1);
});
const job = JSON.parse(readFileSync(jobPath, "utf8"));
const indexURL = pyodideDir.endsWith("/") ? pyodideDir : `${pyodideDir}/`;
const pyodide = await loadPyodide({
  indexURL,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
const py = (code, values) => {
  for (const [name, value] of Object.entries(values)) pyodide.globals.set(name, value);
  return pyodide.runPython(code);
};

py(COMPILER_SOURCE(), {});

for (const [source, target] of job.wheels) {
  pyodide.FS.writeFile("/tmp/in.whl", readFileSync(source));
  py("compile_wheel('/tmp/in.whl', '/tmp/out.whl')", {});
  writeFileSync(target, pyodide.FS.readFile("/tmp/out.whl"));
}

py("compile_stdlib('/tmp/full.zip', None)", {});
writeFileSync(job.full_stdlib, pyodide.FS.readFile("/tmp/full.zip"));

// Install the precompiled wheels, for the templates below.
const problems = [];
await pyodide.loadPackage(
  job.wheels.map(([, target]) => target),
  { messageCallback: () => {}, errorCallback: (message) => problems.push(message) },
);
if (problems.length) throw new Error(problems.join(" "));
// The engine's templates compiled by this Jinja2 in this Python, added to the engine's wheel.
for (const [, target] of job.wheels) {
  pyodide.FS.writeFile("/tmp/wheel.whl", readFileSync(target));
  if (py("add_compiled_templates('/tmp/wheel.whl')", {})) writeFileSync(target, pyodide.FS.readFile("/tmp/wheel.whl"));
}
const kept = py("compile_stdlib('/tmp/trimmed.zip', kept_top_levels(imported.to_py()))", {
  imported: await importedByThePage(job),
}).toJs();
writeFileSync(job.stdlib, pyodide.FS.readFile("/tmp/trimmed.zip"));
console.log(kept.join("\n"));

// The standard library's files the page imports (paths inside its zip), seen the page's way: a fresh Pyodide started
// as python-worker.mjs starts it on a first visit (to keep a snapshot, the wheels on sys.path as
// they are), answering every request, warming up and keeping its snapshot. Not the instance
// above: the compiler and Pyodide's package installer import modules the page never needs
// (tarfile, sysconfig, csv: 100 KB).
async function importedByThePage({ wheels, requests }) {
  const PAGE_REQUESTS_SOURCE = `
import json

import generator.api

for request in requests:
    answer = json.loads(generator.api.handle(request))
    if not answer["ok"] and "errors" not in answer:  # a field's error is an answer too
        raise SystemExit(f"the request {request[:80]} failed: {str(answer)[:200]}")
generator.api.warm_up()
`;
  const STDLIB_MODULES_SOURCE = `
import sys

STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
sorted(
    {
        where[len(STDLIB_ZIP) + 1 :]
        for module in list(sys.modules.values())
        if (where := getattr(module, "__file__", None) or "").startswith(STDLIB_ZIP + "/")
    }
)
`;
  const page = await loadPyodide({
    indexURL,
    stdout: () => {},
    stderr: (line) => console.error(line),
    _makeSnapshot: true,
  });
  page.FS.mkdirTree("/wheels");
  const path = page.pyimport("sys").path;
  for (const [, target] of wheels) {
    const file = `/wheels/${basename(target)}`;
    page.FS.writeFile(file, readFileSync(target));
    path.append(file);
  }
  path.destroy();
  page.globals.set("requests", requests);
  page.runPython(PAGE_REQUESTS_SOURCE);
  page.globals.delete("requests"); // a snapshot keeps no reference to JavaScript
  page.makeMemorySnapshot();
  return page.runPython(STDLIB_MODULES_SOURCE).toJs();
}

function COMPILER_SOURCE() {
  return `
import base64
import csv
import hashlib
import importlib.util
import io
import sys
import sysconfig
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
SITE_PACKAGES = sysconfig.get_path("purelib")
# A fixed date and order, so the same inputs make the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)
# Pyodide imports these itself as it starts and installs packages.
ALWAYS = {"pyodide", "_pyodide"}
# Of encodings, the package Python finds a codec in by its name when text is encoded, the codecs
# of Unicode and of bytes-to-bytes transforms. Its other 97 modules are legacy character sets
# (code pages, ISO 8859, Mac, KOI8, the East Asian ones): 200 KB, more than any other part of
# the served library, that nothing the engine writes is encoded to (kept_top_levels checks).
ENCODINGS_KEPT = {
    "__init__", "aliases", "ascii", "latin_1", "charmap", "undefined", "rot_13",
    "utf_7", "utf_8", "utf_8_sig", "utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le",
    "idna", "punycode", "raw_unicode_escape", "unicode_escape",
    "base64_codec", "bz2_codec", "hex_codec", "quopri_codec", "uu_codec", "zlib_codec",
}


def pyc(source, filename, optimize=0):
    # Unchecked hash-based: valid without its source beside it, and byte-stable.
    code = compile(source, filename, "exec", dont_inherit=True, optimize=optimize)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def stdlib_optimize(name):
    # The standard library as python -OO compiles it, without docstrings and
    # asserts: 14 % fewer bytes to download, and nothing on the engine's path
    # reads a docstring (the suite inside Pyodide runs on the same bytecode).
    # Pyodide's own packages keep theirs: as it starts, it reads them to
    # document its built-in methods (_pyodide/docstring.py), and fails without.
    return 0 if name.split("/")[0].removesuffix(".py") in ALWAYS else 2


def wheel_files(path):
    """A wheel's files, (name, bytes) in name order, without its RECORD (written anew by write_wheel)."""
    with zipfile.ZipFile(path) as wheel:
        return [
            (info.filename, wheel.read(info.filename))
            for info in sorted(wheel.infolist(), key=lambda i: i.filename)
            if not info.is_dir() and not info.filename.endswith(".dist-info/RECORD")
        ]


def compile_wheel(source_path, target_path):
    files = []
    for name, data in wheel_files(source_path):
        if name.endswith(".py"):
            data, name = pyc(data, f"{SITE_PACKAGES}/{name}"), name + "c"
        files.append((name, data))
    write_wheel(files, target_path)


def add_compiled_templates(path):
    # The engine's wheel only (the one with the generator package): its
    # templates compiled by its own environment, as generator.render's
    # ShippedTemplateCode reads them. True if the wheel was rewritten.
    files = wheel_files(path)
    if "generator/__init__.pyc" not in dict(files):
        return False
    import importlib

    compiled = importlib.import_module("generator.render").compile_templates()
    # The situation files' front matter, parsed and checked, so the browser reads the catalog as JSON.
    compiled.update(importlib.import_module("generator.situations").shipped_files())
    # The languages' data (dates, greetings, the check's words) as JSON too: no TOML parser in the browser.
    compiled.update(importlib.import_module("generator.languages").shipped_files())
    # ... which stands for the TOML files: the browser reads the JSON alone.
    files = [(name, data) for name, data in files if not (name.startswith("generator/languages/") and name.endswith(".toml"))]
    write_wheel(sorted(files + [(f"generator/{name}", code) for name, code in compiled.items()]), path)
    return True


def write_wheel(files, target_path):
    files = list(files)
    dist_info = next(n for n, _ in files if n.endswith(".dist-info/METADATA")).removesuffix("METADATA")
    record_name = dist_info + "RECORD"
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\\n")
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([record_name, "", ""])
    files.append((record_name, rows.getvalue().encode()))
    with zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files:
            target.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED, 9)


def kept_top_levels(imported):
    # Whole top-level modules and packages, so a lazy import inside one still finds its module.
    names = set(ALWAYS) | {path.split("/")[0].removesuffix(".py") for path in imported}
    codecs = {path.removeprefix("encodings/").removesuffix(".py") for path in imported if path.startswith("encodings/")}
    if codecs - ENCODINGS_KEPT:
        raise SystemExit(f"the page uses codecs the served library leaves out: {sorted(codecs - ENCODINGS_KEPT)}")
    return names


def served(name, keep):
    top, _, rest = name.partition("/")
    if top == "encodings":
        return rest.removesuffix(".py") in ENCODINGS_KEPT
    return top.removesuffix(".py") in keep


def compile_stdlib(target_path, keep):
    with zipfile.ZipFile(STDLIB_ZIP) as source, zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            name = info.filename
            if info.is_dir() or (keep is not None and not served(name, keep)):
                continue
            data = source.read(name)
            if name.endswith(".py"):
                data, name = pyc(data, f"{STDLIB_ZIP}/{name}", stdlib_optimize(name)), name + "c"
            target.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED, 9)
    return sorted(keep or [])
`;
}
