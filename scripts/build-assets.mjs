// Builds the web UI assets into api/static/build/ (not committed).
// Copies the NL Design System CSS (Utrecht components + design tokens), htmx and the
// bpmn-js stylesheets/fonts, and bundles the small entries in api/web/static_src/ with
// esbuild. No CDN: everything the browser loads is served by Akkoord itself.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "api", "static", "build");
const src = join(root, "api", "web", "static_src");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const copies = [
  ["@utrecht/component-library-css/dist/index.css", "utrecht-components.css"],
  ["@utrecht/design-tokens/dist/theme.css", "utrecht-theme.css"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["bpmn-js/dist/assets/diagram-js.css", "bpmn/diagram-js.css"],
  ["bpmn-js/dist/assets/bpmn-js.css", "bpmn/bpmn-js.css"],
  ["bpmn-js/dist/assets/bpmn-font", "bpmn/bpmn-font"],
  ["@bpmn-io/properties-panel/dist/assets/properties-panel.css", "bpmn/properties-panel.css"],
];
for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    throw new Error(`missing asset ${from}: run npm ci first`);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(source, join(out, to), { recursive: true });
}

await build({
  entryPoints: {
    app: join(src, "app.js"),
    viewer: join(src, "viewer.js"),
    designer: join(src, "designer.js"),
  },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  sourcemap: false,
  legalComments: "linked",
  logLevel: "warning",
});
console.log(`assets built in ${out}`);
