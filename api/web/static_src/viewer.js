// Read-only BPMN diagram of a case with the current step(s) highlighted.
// <div data-bpmn-viewer data-src="/zaken/<id>/diagram.bpmn" data-active="Task_1 Task_2">
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";

async function showDiagram(container) {
  const viewer = new NavigatedViewer({ container });
  const response = await fetch(container.dataset.src, { credentials: "same-origin" });
  if (!response.ok) {
    container.textContent = "Het procesdiagram kon niet worden geladen.";
    return;
  }
  try {
    await viewer.importXML(await response.text());
  } catch (error) {
    container.textContent = "Het procesdiagram kon niet worden getoond.";
    return;
  }
  const canvas = viewer.get("canvas");
  canvas.zoom("fit-viewport");
  const active = (container.dataset.active || "").split(" ").filter(Boolean);
  const registry = viewer.get("elementRegistry");
  for (const id of active) {
    if (registry.get(id)) canvas.addMarker(id, "akkoord-active");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const container of document.querySelectorAll("[data-bpmn-viewer]")) {
    showDiagram(container);
  }
});
