// @ts-check
// `npm run docs [-- --port 8080]`: builds the reference site and serves it on 127.0.0.1.
import { createReadStream, existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { writeDocs } from "./docs.js";
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
const root = path.dirname(outputPath(generatedDir, "docs"));
const server = createServer((req, res) => {
  const name = new URL(req.url ?? "/", "http://localhost").pathname;
  if (name !== "/" && name !== "/index.html") {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  createReadStream(path.join(root, "index.html")).pipe(res);
});
server.once("error", (error) => {
  console.error(`docs: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => console.log(`docs: the API reference is at http://${host}:${port}/ (Ctrl-C to stop)`));
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
