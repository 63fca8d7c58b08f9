// Small behaviour for every page. No inline scripts: the CSP forbids them.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRF-Token"] = csrfToken();
});

// Ask before destructive actions: <button data-confirm="Weet u het zeker?">
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const message = submitter && submitter.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Repeated rows in task forms: <button data-add-row="fieldname"> clones the template row.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const add = target && target.closest("[data-add-row]");
  if (add) {
    event.preventDefault();
    const name = add.getAttribute("data-add-row");
    const template = document.getElementById(`row-template-${name}`);
    const list = document.getElementById(`rows-${name}`);
    if (!template || !list) return;
    const index = list.querySelectorAll("[data-row]").length;
    const html = template.innerHTML.replaceAll("__INDEX__", String(index));
    list.insertAdjacentHTML("beforeend", html);
    const first = list.lastElementChild && list.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
    return;
  }
  const remove = target && target.closest("[data-remove-row]");
  if (remove) {
    event.preventDefault();
    const row = remove.closest("[data-row]");
    if (row) row.remove();
  }
});

// Focus the error summary when a form comes back with errors (NL Design System pattern).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary instanceof HTMLElement) summary.focus();
});
