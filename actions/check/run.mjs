// actions/check: runs `vpcep-contract check` against base-url with the inputs as flags. The
// credentials come from the step's env (OS_TOKEN, or OS_ACCESS_KEY and OS_SECRET_KEY; OS_PROJECT_ID).
// Writes JUnit to the `junit` path; under GitHub Actions the bin itself writes the job summary and
// one annotation per failure. Exits with the bin's code (0 holds, 1 violations, 2 usage, 3 could not test).
import { spawn } from "node:child_process";
import { binCommand, fail, input, setOutput, words } from "../lib.mjs";

const TITLE = "vpcep-contract";
const baseUrl = input("base-url");
if (!baseUrl) fail(TITLE, "vpcep-contract action: input base-url is required, e.g. http://127.0.0.1:8080", 2);
const junit = input("junit") || "vpcep-contract.xml";
const fuzz = input("fuzz");
const flags = [
  "check",
  baseUrl,
  "--reporter",
  input("reporter") || "table",
  "--junit",
  junit,
  "--wait",
  input("wait") || "60",
  ...(fuzz && fuzz !== "0" ? ["--fuzz", fuzz, ...(input("seed") ? ["--seed", input("seed")] : [])] : []),
  ...(input("coverage") === "true" ? ["--coverage"] : []),
  ...words(input("args")),
];
const { command, args } = binCommand("vpcep-contract", fuzz && fuzz !== "0" ? ["fast-check@4"] : []);
const child = spawn(command, [...args, ...flags], { stdio: "inherit" });
child.once("error", (error) => fail(TITLE, `vpcep-contract action: cannot run ${command}: ${error.message}`, 3));
child.once("exit", (code, signal) => {
  const exitCode = code ?? (signal ? 3 : 1);
  setOutput("junit", junit);
  setOutput("exit-code", String(exitCode));
  process.exit(exitCode);
});
