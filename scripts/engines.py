"""Firefox and WebKit behind one small page interface, for the engine suite and the benchmark.

Neither engine has a Playwright that runs here: Firefox is driven over WebDriver
BiDi by puppeteer-core (firefox_bridge.mjs, a Node process), WebKitGTK by
Selenium through WebKitWebDriver and MiniBrowser on a private Xvfb display.
Both pages take the same calls, so every test runs unchanged in each engine.
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, override

BRIDGE = Path(__file__).with_name("firefox_bridge.mjs")

# How each engine is found: a variable names it, else Debian's place for it.
FIREFOX = os.environ.get("FIREFOX_PATH") or shutil.which("firefox-esr") or shutil.which("firefox") or ""
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER_PATH") or shutil.which("WebKitWebDriver") or ""
MINIBROWSER = os.environ.get("MINIBROWSER_PATH") or next(iter(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser")), "")


class EnginePage(Protocol):
    """What a test does with a page, the same in every engine."""

    name: str

    def goto(self, url: str) -> None:
        """Open `url` and wait for its load event."""

    def reload(self) -> None:
        """Load the page again, as a reader's repeat visit does."""

    def evaluate(self, source: str, argument: Any = None) -> Any:
        """Run `source`, a JavaScript function (async or not), with `argument`; its result, as JSON."""

    def type(self, selector: str, text: str) -> None:
        """Click into the element and type `text`, key by key, as a reader would."""

    def set_viewport(self, width: int, height: int) -> None:
        """Make the page's viewport this size (or as near as the engine's window allows)."""

    def screenshot(self, path: Path) -> None:
        """Save what the window shows as a PNG."""

    def logged_errors(self) -> list[str]:
        """What the engine itself logged as errors since the last call."""

    def browser_pid(self) -> int:
        """The process the engine's other processes (the page's among them) descend from."""

    def close(self) -> None:
        """End the browser and remove its profile."""


class EngineMissing(Exception):
    """The engine is not installed here: ./scripts/test installs it."""


class FirefoxPage(EnginePage):
    """A Firefox tab, through the Node bridge: one JSON command per line, one answer per line."""

    name = "firefox"

    def __init__(self, width: int, height: int, collector: str, proxy_port: int) -> None:
        if not FIREFOX:
            raise EngineMissing("no Firefox: set FIREFOX_PATH, or run ./scripts/test, which installs firefox-esr")
        self._profile = tempfile.mkdtemp(prefix="engine-firefox-")
        self._ids = itertools.count(1)
        self._bridge = subprocess.Popen(
            ["node", str(BRIDGE), FIREFOX, self._profile, str(proxy_port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ | {"PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
        self._call("open", collector=collector, width=width, height=height)

    def _call(self, command: str, **args: Any) -> Any:
        assert self._bridge.stdin
        assert self._bridge.stdout
        self._bridge.stdin.write(json.dumps({"id": next(self._ids), "command": command, "args": args}) + "\n")
        self._bridge.stdin.flush()
        line = self._bridge.stdout.readline()
        if not line:
            raise RuntimeError(f"Firefox's bridge ended during {command!r}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError(f"Firefox, {command}: {answer['error']}")
        return answer["value"]

    @override
    def goto(self, url: str) -> None:
        self._call("goto", url=url)

    @override
    def reload(self) -> None:
        self._call("reload")

    @override
    def evaluate(self, source: str, argument: Any = None) -> Any:
        return self._call("evaluate", source=source, argument=argument)

    @override
    def type(self, selector: str, text: str) -> None:
        self._call("type", selector=selector, text=text)

    @override
    def set_viewport(self, width: int, height: int) -> None:
        self._call("viewport", width=width, height=height)

    @override
    def screenshot(self, path: Path) -> None:
        self._call("screenshot", path=str(path), fullPage=False)

    @override
    def logged_errors(self) -> list[str]:
        """What Firefox itself logged as errors since the last call: CSP refusals and uncaught errors included."""
        return list(self._call("errors"))

    @override
    def browser_pid(self) -> int:
        return int(self._call("pid"))

    @override
    def close(self) -> None:
        if self._bridge.stdin:
            self._bridge.stdin.close()
        try:
            self._bridge.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._bridge.kill()
        if self._bridge.stdout:
            self._bridge.stdout.close()
        shutil.rmtree(self._profile, ignore_errors=True)


class _Display:
    """A private Xvfb for MiniBrowser, which has no headless mode; stopped by its own PID."""

    def __init__(self) -> None:
        if not shutil.which("Xvfb"):
            raise EngineMissing("no Xvfb for WebKit's MiniBrowser: run ./scripts/test, which installs xvfb")
        read, write = os.pipe()
        self._server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1600x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as chosen:
            self.name = ":" + chosen.readline().strip()

    def stop(self) -> None:
        self._server.terminate()
        self._server.wait(timeout=10)


class WebKitPage(EnginePage):
    """A MiniBrowser window, through Selenium and WebKitWebDriver, on its own Xvfb display."""

    name = "webkit"

    def __init__(self, width: int, height: int, collector: str, proxy_port: int) -> None:
        if not (WEBKIT_DRIVER and MINIBROWSER):
            raise EngineMissing(
                "no WebKitGTK: run ./scripts/test, which installs webkit2gtk-driver and libwebkit2gtk-4.1-0"
            )
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        self._display = _Display()
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        # GLib's proxy resolver reads these: a request for another host reaches the tests' server.
        proxy = f"http://127.0.0.1:{proxy_port}/"
        env = {"DISPLAY": self._display.name, "http_proxy": proxy, "https_proxy": proxy, "no_proxy": "127.0.0.1"}
        service = Service(WEBKIT_DRIVER, env=os.environ | env)
        try:
            with warnings.catch_warnings():
                # Selenium 4.51 warns about its own way of connecting to the driver it started.
                warnings.simplefilter("ignore", DeprecationWarning)
                self._driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self._display.stop()
            raise
        # WebKitWebDriver has no script that runs before the page's own: the collector runs as
        # each page loads, and the CSP reports (conftest.py) cover what came before it.
        self._collector = collector
        self.set_viewport(width, height)

    @override
    def goto(self, url: str) -> None:
        self._driver.get(url)
        self._driver.execute_script(f"({self._collector})()")

    @override
    def reload(self) -> None:
        self._driver.refresh()
        self._driver.execute_script(f"({self._collector})()")

    @override
    def evaluate(self, source: str, argument: Any = None) -> Any:
        answer = self._driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve().then(() => ({source})(arguments[0]))"
            ".then((value) => done({ok: true, value: value ?? null}),"
            " (error) => done({ok: false, error: String(error)}));",
            argument,
        )
        if not answer["ok"]:
            raise RuntimeError(f"WebKit: {answer['error']}")
        return answer["value"]

    @override
    def type(self, selector: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        element = self._driver.find_element(By.CSS_SELECTOR, selector)
        self._driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        element.send_keys(text)

    @override
    def set_viewport(self, width: int, height: int) -> None:
        # The window's size is the viewport's plus MiniBrowser's toolbar: made up for once measured.
        self._driver.set_window_size(width, height)
        inner = self._driver.execute_script("return [innerWidth, innerHeight]")
        self._driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])

    @override
    def screenshot(self, path: Path) -> None:
        self._driver.save_screenshot(str(path))

    @override
    def logged_errors(self) -> list[str]:
        """WebKitWebDriver gives no console log: the collector and the CSP reports stand in for it."""
        return []

    @override
    def browser_pid(self) -> int:
        # WebKitWebDriver, which started MiniBrowser, which starts the web processes.
        return int(self._driver.service.process.pid)

    @override
    def close(self) -> None:
        try:
            self._driver.quit()
        finally:
            self._display.stop()


ENGINES: dict[str, Callable[[int, int, str, int], EnginePage]] = {"firefox": FirefoxPage, "webkit": WebKitPage}
