// Builds the served files: ../build/site/widget.js (one self-contained script,
// socket.io-client included), ../build/site/index.html (the demo clinic page;
// the widget reads the clinic's facts from the server) and
// ../build/site/rest.html (the plain REST-channel test page from ../web/).
//
//   npm ci && npm run build
//
// Environment: SITE_DIR (default ../build/site, relative to the project root).
import { build } from "esbuild";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const outDir = resolve(root, process.env.SITE_DIR || "build/site");
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

await copyFile(resolve(here, "demo/index.html"), resolve(outDir, "index.html"));
await copyFile(resolve(root, "web/index.html"), resolve(outDir, "rest.html"));

console.log(`widget ${pkg.version}: wrote widget.js, index.html and rest.html in ${outDir}`);
