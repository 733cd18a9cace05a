// Firefox for the engine suite, over WebDriver BiDi with puppeteer-core (no geckodriver).
// The Python side (engines.py) writes one JSON command per line on stdin and reads one JSON
// answer per line on stdout: {id, ok, value} or {id, ok: false, error}.
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath, profileDir, proxyPort] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  userDataDir: profileDir || undefined,
  // Every request for another host goes to the tests' server, which refuses and notes it.
  extraPrefsFirefox: {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": Number(proxyPort),
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": Number(proxyPort),
    "network.proxy.allow_hijacking_localhost": false,
    "browser.shell.checkDefaultBrowser": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
  },
});
let page = null;
const errors = [];

async function openPage({ collector, width, height }) {
  page = await browser.newPage();
  await page.setViewport({ width, height });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message ?? error}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  // Before the page's own scripts run, on every document this page loads.
  await page.evaluateOnNewDocument(`(${collector})()`);
  return true;
}

// Each command's arguments arrive as one object; the answer must be JSON.
const commands = {
  open: openPage,
  goto: async ({ url }) => (await page.goto(url, { waitUntil: "load" }), page.url()),
  reload: async () => (await page.reload({ waitUntil: "load" }), page.url()),
  evaluate: async ({ source, argument }) => page.evaluate(`(${source})(${JSON.stringify(argument)})`),
  type: async ({ selector, text }) => (await page.type(selector, text), true),
  press: async ({ key }) => (await page.keyboard.press(key), true),
  viewport: async ({ width, height }) => (await page.setViewport({ width, height }), true),
  screenshot: async ({ path, fullPage }) => (await page.screenshot({ path, fullPage }), path),
  errors: async () => errors.splice(0),
  pid: async () => browser.process()?.pid ?? null,
  closePage: async () => (await page.close(), (page = null), true),
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, command, args } = JSON.parse(line);
  try {
    const value = await commands[command](args ?? {});
    process.stdout.write(JSON.stringify({ id, ok: true, value: value ?? null }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ id, ok: false, error: String(error?.stack ?? error) }) + "\n");
  }
}
await browser.close();
