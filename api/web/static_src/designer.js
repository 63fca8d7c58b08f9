// Process designer: the bpmn-js modeler with the properties panel.
// The page holds <div data-bpmn-modeler data-src=... data-validate=... data-deploy=...>.
import BpmnModeler from "bpmn-js/lib/Modeler";
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
} from "bpmn-js-properties-panel";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

function showMessages(box, title, messages, ok) {
  box.replaceChildren();
  box.className = ok ? "utrecht-alert utrecht-alert--ok" : "utrecht-alert utrecht-alert--error";
  const heading = document.createElement("p");
  heading.className = "utrecht-paragraph";
  const strong = document.createElement("strong");
  strong.textContent = title;
  heading.append(strong);
  box.append(heading);
  if (messages.length) {
    const list = document.createElement("ul");
    list.className = "utrecht-unordered-list";
    for (const message of messages) {
      const item = document.createElement("li");
      item.className = "utrecht-unordered-list__item";
      item.textContent = message;
      list.append(item);
    }
    box.append(list);
  }
  box.hidden = false;
  box.focus();
}

async function startDesigner(container) {
  const modeler = new BpmnModeler({
    container: container.querySelector("[data-canvas]"),
    propertiesPanel: { parent: container.querySelector("[data-panel]") },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule],
  });
  const box = container.querySelector("[data-messages]");
  const fileName = container.dataset.filename || "proces.bpmn";
  let marked = [];

  const response = await fetch(container.dataset.src, { credentials: "same-origin" });
  await modeler.importXML(await response.text());
  modeler.get("canvas").zoom("fit-viewport");

  function clearMarks() {
    const canvas = modeler.get("canvas");
    for (const id of marked) canvas.removeMarker(id, "akkoord-error");
    marked = [];
  }

  async function send(url) {
    clearMarks();
    const { xml } = await modeler.saveXML({ format: true });
    const body = new FormData();
    body.append("csrf_token", csrfToken());
    body.append("file_name", fileName);
    body.append("content", xml);
    const reply = await fetch(url, { method: "POST", body, credentials: "same-origin" });
    const result = await reply.json();
    const registry = modeler.get("elementRegistry");
    const canvas = modeler.get("canvas");
    for (const error of result.errors || []) {
      if (error.element && registry.get(error.element)) {
        canvas.addMarker(error.element, "akkoord-error");
        marked.push(error.element);
      }
    }
    const messages = (result.errors || []).map((e) => (e.element ? `${e.element}: ${e.message}` : e.message));
    showMessages(box, result.title, messages, result.ok);
  }

  container.querySelector("[data-validate]").addEventListener("click", () => send(container.dataset.validate));
  container.querySelector("[data-deploy]").addEventListener("click", () => send(container.dataset.deploy));
  const upload = container.querySelector("[data-upload]");
  upload.addEventListener("change", async () => {
    const file = upload.files && upload.files[0];
    if (!file) return;
    clearMarks();
    try {
      await modeler.importXML(await file.text());
      modeler.get("canvas").zoom("fit-viewport");
      showMessages(box, `Bestand ${file.name} geladen. Valideer of publiceer het.`, [], true);
    } catch (error) {
      showMessages(box, "Dit bestand is geen leesbaar BPMN-model.", [String(error.message || error)], false);
    }
  });
  const download = container.querySelector("[data-download]");
  download.addEventListener("click", async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([xml], { type: "application/xml" }));
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const container = document.querySelector("[data-bpmn-modeler]");
  if (container) startDesigner(container);
});
