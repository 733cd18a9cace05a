// Starts the Python worker as early as a page with a form allows: this module
// is async and comes before the theme's script, so on a form page Python loads
// while the theme sets itself up. email-forms.mjs, which runs after the theme,
// finds the worker running (both import the same python-client.mjs module).
// Pages without a form never load Python.

import { startPython } from "./python-client.mjs";

if (document.querySelector("form[data-template], form[data-planner]")) startPython();
