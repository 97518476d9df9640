// @ts-check
// `npm run docs [-- --port 8080]`: builds the site (the reference and the guides) and serves it on 127.0.0.1.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { writeDocs } from "./docs.js";
import { writeGuides } from "./guides.js";
import { commandLine } from "./lib/cli.js";
import { generatedDir, outputPath } from "./lib/paths.js";

const flags = commandLine("npm run docs --", {
  port: { type: "string", value: "n", description: "the port to serve on (default 8080, or $PORT)" },
  host: { type: "string", value: "address", description: "the address to listen on (default 127.0.0.1)" },
});
const host = flags.host ?? "127.0.0.1";
const portText = flags.port ?? process.env.PORT ?? "8080";
const port = Number(portText);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`docs: --port must be an integer from 1 to 65535, got ${JSON.stringify(portText)}`);
  process.exit(2);
}
if (!existsSync(outputPath(generatedDir, "bundleYaml"))) {
  console.error("docs: generated/openapi.yaml does not exist; run `npm run build` first");
  process.exit(2);
}

console.log(await writeDocs(generatedDir));
console.log(await writeGuides(generatedDir));
const root = path.dirname(outputPath(generatedDir, "docs"));
const TYPES = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "application/yaml" };
/** The site's file a request names (a folder: its index.html), or undefined outside the site. @param {string} pathname */
function siteFile(pathname) {
  const file = path.join(root, decodeURIComponent(pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const page = existsSync(file) && statSync(file).isDirectory() ? path.join(file, "index.html") : file;
  return existsSync(page) && statSync(page).isFile() && page.includes(".") ? page : undefined;
}
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  let file;
  try {
    file = siteFile(pathname);
  } catch {
    file = undefined; // a malformed escape
  }
  if (file && path.basename(file) === "index.html" && !pathname.endsWith("/") && !pathname.endsWith(".html")) {
    res.writeHead(301, { Location: `${pathname}/` }).end(); // a folder: its pages link relative to it
    return;
  }
  const type = file && TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))];
  if (!file || !type) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  res.writeHead(200, { "Content-Type": type });
  createReadStream(file).pipe(res);
});
server.once("error", (error) => {
  console.error(`docs: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () =>
  console.log(`docs: the API reference is at http://${host}:${port}/, the guides at http://${host}:${port}/guides/ (Ctrl-C to stop)`),
);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
