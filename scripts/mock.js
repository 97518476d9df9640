// @ts-check
// `npm run mock [-- --port 4010 --host 127.0.0.1]`: Prism serving the bundled document, with
// --errors so that a response breaking the schema is reported instead of served.
import { existsSync } from "node:fs";
import { flag } from "./lib/cli.js";
import { generatedDir, outputPath } from "./lib/paths.js";
import { startPrism } from "./lib/prism.js";

const document = outputPath(generatedDir, "bundleYaml");
const host = flag("host") ?? process.env.HOST ?? "127.0.0.1";
const portText = flag("port") ?? process.env.PORT ?? "4010";
const port = Number(portText);

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`mock: --port must be an integer from 1 to 65535, got ${JSON.stringify(portText)}`);
  process.exit(2);
}
if (!existsSync(document)) {
  console.error(`mock: ${document} does not exist; run \`npm run build\` first`);
  process.exit(2);
}

try {
  const prism = await startPrism({ document, host, port });
  console.log(`mock: Prism serves ${document} at ${prism.url} (Ctrl-C to stop)`);
  console.log(`mock: try  curl -H 'X-Auth-Token: any' ${prism.url}/v1/6e9dfd51d1124e8d8498dce894923a0d/vpc-endpoint-services`);
  const shutdown = async (/** @type {string} */ signal) => {
    await prism.stop();
    console.log(`mock: stopped (${signal})`);
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(`mock: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
