// The etiquette check's answer under a draft, built as elements and text, never
// as HTML: the advice comes from Python.

import { t } from "./ui.mjs";

/**
 * Show the etiquette check: what to fix first, each with a link to the guide's
 * advice, then what is already good, folded away.
 * @param {HTMLElement} box the [data-check] section
 * @param {{id: string, ok: boolean, advice: string, guide: string, section: string}[]} items
 * @param {string} root the site's root, relative to the page
 * @returns {void}
 */
export function showChecklist(box, items, root) {
  const toFix = items.filter((item) => !item.ok);
  const good = items.filter((item) => item.ok);
  box.querySelector("[data-check-summary]").textContent = toFix.length
    ? t("check_summary_fix", { fix: toFix.length, total: items.length })
    : t("check_summary_met", { total: items.length });
  box.querySelector("[data-check-list]").replaceChildren(...toFix.map((item) => checkItem(item, root)));
  box.querySelector("[data-check-good]").replaceChildren(...good.map((item) => checkItem(item, root)));
  box.querySelector("[data-check-good-summary]").textContent = t("check_good_count", { count: good.length });
  box.querySelector("[data-check-good-box]").hidden = !good.length;
}

function checkItem(item, root) {
  const row = document.createElement("li");
  row.className = "fup-check__item";
  row.dataset.checkId = item.id;
  row.dataset.ok = String(item.ok);
  const mark = document.createElement("span");
  mark.className = "fup-check__mark";
  mark.textContent = item.ok ? "✓" : "!";
  mark.setAttribute("aria-hidden", "true");
  const text = document.createElement("span");
  const verdict = document.createElement("strong");
  verdict.textContent = item.ok ? t("check_good_word") : t("check_fix_word");
  const link = document.createElement("a");
  link.href = `${root}${item.guide}/#${item.section}`;
  link.textContent = t("check_see_guide");
  text.append(verdict, `${item.advice} `, link);
  row.append(mark, text);
  return row;
}
