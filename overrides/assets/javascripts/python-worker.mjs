// The Python worker: loads Pyodide and the email engine off the main thread,
// then answers requests with generator.api.handle (JSON string in, JSON out).
//
// Messages in:  {id, request}  where request is a JSON string for handle().
// Messages out: {id, response} with handle()'s JSON string,
//               {id, failure}   when Python could not answer,
//               {status, message} while starting: "loading", "ready" or "error".

const RUNTIME_URL = new URL("../runtime/", import.meta.url).href;
const ENGINE_PACKAGE = "follow-up-politely";

// Registered before anything is awaited: a message that arrives while Python
// loads must wait for it, not be lost.
self.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    const handle = await engine;
    self.postMessage({ id, response: handle(request) });
  } catch (error) {
    self.postMessage({ id, failure: describe(error) });
  }
};

const engine = start();
engine.catch(() => {}); // reported through the status message below

async function start() {
  try {
    report("loading", "Downloading Python…");
    const { loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME_URL).href);
    const pyodide = await loadPyodide({
      indexURL: RUNTIME_URL,
      lockFileURL: new URL("pyodide-lock.json", RUNTIME_URL).href,
      stdout: () => {},
      stderr: () => {},
    });
    report("loading", "Loading the email templates…");
    // loadPackage reports a failed download through errorCallback and does
    // not throw, so collect what it says and fail with it.
    const problems = [];
    await pyodide.loadPackage(ENGINE_PACKAGE, {
      messageCallback: () => {},
      errorCallback: (message) => problems.push(message),
      checkIntegrity: true,
    });
    if (problems.length) throw new Error(problems.join(" "));
    const api = pyodide.pyimport("generator.api");
    const handle = (request) => api.handle(request);
    report("ready", "Python is ready.");
    return handle;
  } catch (error) {
    report("error", describe(error));
    throw error;
  }
}

function report(status, message) {
  self.postMessage({ status, message });
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
