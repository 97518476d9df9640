#!/usr/bin/env node
import { createRequire } from "node:module";
import { main } from "../dist/src/cli/mock.js";

const args = process.argv.slice(2);
// `--version` alone is answered here, the same way as `vpcep-contract --version`.
if (args.length === 1 && args[0] === "--version") console.log(createRequire(import.meta.url)("../package.json").version);
else process.exitCode = await main(args);
