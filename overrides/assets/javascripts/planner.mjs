// The follow-up planner: the reader's interview date and their timeline in,
// Python's plan (generator.planner) out, shown as a short timeline with a
// calendar file to download. Its answers also feed the etiquette check.

import { setCheckContext } from "./details.mjs";
import { saveFile, showPythonState } from "./page-tools.mjs";
import { PythonStalled, callPython, onPythonStatus, restartPython } from "./python-client.mjs";
import { t } from "./ui.mjs";

// Made on first use, not when the module loads: the first Intl formatter of a
// page loads the locale's data on the main thread, and this module loads on
// every page, planner or not (docs/development/decisions/0015-planner-date-format-on-first-use.md).
let dayFormat = null;
function formatDay(isoDay) {
  // As the page's language writes a date ("Mo., 7. Dez. 2026" on a German page).
  dayFormat ??= new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return dayFormat.format(new Date(`${isoDay}T00:00:00Z`));
}

/**
 * Bring the planner to life.
 * @param {HTMLFormElement} form
 * @param {() => void} contextChanged called when answers the etiquette check uses change
 * @returns {void}
 */
export function mountPlanner(form, contextChanged) {
  form.dataset.mounted = "true";
  form.querySelector("[data-fields]").disabled = false;
  const status = form.querySelector('[role="status"]');
  const planView = form.querySelector("[data-plan]");
  const steps = form.querySelector("[data-plan-steps]");
  let latest = null;
  let ready = false;
  let sequence = 0;

  const say = (message) => {
    if (status.textContent !== message) status.textContent = message;
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.querySelector('[data-action="retry"]').addEventListener("click", () => restartPython());
  form.querySelector('[data-action="download-ics"]').addEventListener("click", () => {
    if (!latest?.ok) return;
    saveFile(latest.ics, latest.filename, "text/calendar");
    say(t("plan_downloaded", { filename: latest.filename }));
  });
  const stop = onPythonStatus((python) => {
    if (!form.isConnected) return stop?.();
    showPythonState(form, python, say);
    if (python.state !== "ready") return;
    say(t("planner_ready")); // once per start; a plan shown says so next
    ready = true;
    update(); // again after a restart, for a plan asked for while Python was stopped
  });

  async function update() {
    const inputs = readInputs(form);
    showTimelineInputs(form, inputs.timeline_kind);
    form.querySelector("[data-followed-up-for]").hidden = !inputs.already_followed_up;
    setCheckContext("interview_date", inputs.interview_date);
    setCheckContext("interview_time", inputs.interview_time);
    setCheckContext("timeline", inputs.timeline);
    setCheckContext("already_followed_up", inputs.already_followed_up);
    setCheckContext("followed_up_on", inputs.followed_up_on);
    contextChanged();
    if (!ready) return;
    const mine = ++sequence;
    if (!inputs.interview_date) {
      planView.hidden = true; // nothing to plan yet, and nothing wrong either
      showErrors(form, []);
      return;
    }
    let answer;
    try {
      answer = await callPython({ op: "plan", ...inputs, now: new Date().toISOString() });
    } catch (error) {
      if (mine !== sequence || !form.isConnected) return;
      // Python stopped (it is starting again), or stalled on these dates: the plan waits for a change.
      say(
        error instanceof PythonStalled
          ? t("planner_stalled")
          : t("plan_failed", { error: error.message }),
      );
      return;
    }
    if (mine !== sequence || !form.isConnected) return; // a newer answer is on its way
    showErrors(form, answer.errors ?? []);
    latest = answer;
    planView.hidden = !answer.ok;
    if (answer.ok) {
      steps.replaceChildren(...answer.plan.steps.map(stepItem));
      form.dataset.ready = "true";
      say(t("plan_shown"));
    }
  }
}

function readInputs(form) {
  const value = (name) => form.elements.namedItem(name).value.trim();
  const kind = value("timeline_kind");
  const count = value("timeline_count");
  const timeline =
    kind === "date" ? value("timeline_date") : kind === "none" || !count ? "" : `${count} ${kind.replace("_", " ")}`;
  const followedUp = form.elements.namedItem("already_followed_up").checked;
  return {
    interview_date: value("interview_date"),
    interview_time: value("interview_time"),
    timeline_kind: kind,
    timeline,
    already_followed_up: followedUp,
    followed_up_on: followedUp ? value("followed_up_on") : "",
  };
}

function showTimelineInputs(form, kind) {
  for (const field of form.querySelectorAll("[data-timeline-for]")) {
    field.hidden = !field.dataset.timelineFor.split(" ").includes(kind);
  }
}

function stepItem(step) {
  const item = document.createElement("li");
  item.className = "fup-timeline__step";
  const day = document.createElement("time");
  day.dateTime = step.day;
  day.className = "fup-timeline__day";
  day.textContent = formatDay(step.day);
  const label = document.createElement("strong");
  label.className = "fup-timeline__label";
  label.textContent = step.label;
  const advice = document.createElement("p");
  advice.className = "fup-timeline__advice";
  advice.textContent = step.advice;
  item.append(day, label, advice);
  return item;
}

function showErrors(form, errors) {
  const messages = new Map(errors.map((error) => [error.field, error.message]));
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    const message = messages.get(slot.dataset.errorFor) ?? "";
    slot.textContent = message;
    slot.hidden = !message;
  }
  const date = form.elements.namedItem("interview_date");
  if (messages.has("interview_date") && date.value) date.setAttribute("aria-invalid", "true");
  else date.removeAttribute("aria-invalid");
}
