// Builds the served files: ../build/site/widget.js (one self-contained script,
// socket.io-client included), ../build/site/index.html (the demo clinic page,
// with the clinic's facts filled in from clinic.yml) and ../build/site/rest.html
// (the plain REST-channel test page from ../web/).
//
//   npm ci && npm run build
//
// Environment: SITE_DIR (default ../build/site), CLINIC_CONFIG (default
// ../clinic.yml, relative to the project root).
import { build } from "esbuild";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const outDir = resolve(root, process.env.SITE_DIR || "build/site");
const clinicFile = resolve(root, process.env.CLINIC_CONFIG || "clinic.yml");
const pkg = JSON.parse(await readFile(resolve(here, "package.json"), "utf8"));

await mkdir(outDir, { recursive: true });

await build({
  entryPoints: [resolve(here, "src/widget.js")],
  outfile: resolve(outDir, "widget.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2019"],
  minify: true,
  sourcemap: true,
  legalComments: "eof",
  loader: { ".css": "text" },
  define: { __WIDGET_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});

// The demo page: {{placeholders}} come from clinic.yml, HTML-escaped.
const clinicConfig = YAML.parse(await readFile(clinicFile, "utf8")) || {};
const clinic = clinicConfig.clinic || {};
const values = {
  "clinic.name": clinic.name || "Our clinic",
  "clinic.phone": clinic.phone || "",
  "clinic.email": clinic.email || "",
  "clinic.address": clinic.address || "",
  "clinic.booking_url": /^https?:\/\//i.test(clinic.booking_url || "") ? clinic.booking_url : "#",
  "clinic.emergency_number": clinic.emergency_number || "",
  privacy_notice: (clinicConfig.privacy_notice || "").trim(),
};
const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const demo = await readFile(resolve(here, "demo/index.html"), "utf8");
const page = demo.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, key) => {
  if (!(key in values)) throw new Error(`demo/index.html: unknown placeholder ${match}`);
  return escapeHtml(values[key]);
});
await writeFile(resolve(outDir, "index.html"), page);
await copyFile(resolve(root, "web/index.html"), resolve(outDir, "rest.html"));

console.log(`widget ${pkg.version}: wrote widget.js, index.html and rest.html in ${outDir}`);
