// vpcep-mock: the contract's mock server. By default Prism serving the bundled document with
// --errors; with --stateful, the stateful mock over seed data that honours the query.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { exampleServices } from "../../generated/contract-validators.js";
import { PRISM_PACKAGE, probePort, startPrism, type RunningMock } from "../mock/prism.js";
import { checkSeed, startStatefulMock } from "../mock/stateful.js";
import { parseArgs, portFlag, UsageError } from "./args.js";

const USAGE = `usage: vpcep-mock [--host 127.0.0.1] [--port 4010] [--stateful [--data services.json]]

  (default)    Prism serving the contract, with --errors (needs ${PRISM_PACKAGE})
  --stateful   filters, sorts and pages seed data like the provider; every answer is validated
  --data FILE  seed data for --stateful: a JSON array of services, or a page { "endpoint_services": [...] };
               default: the services of the document's examples`;

const bundled = (name: string) => fileURLToPath(new URL(`../../../generated/${name}`, import.meta.url));

export async function main(argv: readonly string[]): Promise<number> {
  let running: RunningMock;
  try {
    const { positional, flags } = parseArgs(argv, ["stateful", "help"], ["host", "port", "data"]);
    if (flags.has("help")) {
      console.log(USAGE);
      return 0;
    }
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (flags.has("data") && !flags.has("stateful")) throw new UsageError("--data goes with --stateful");
    const host = String(flags.get("host") ?? "127.0.0.1");
    const port = portFlag(flags.get("port"), 4010);
    if (port !== 0) {
      try {
        await probePort(host, port);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        console.error(code === "EADDRINUSE" ? `vpcep-mock: port ${port} on ${host} is already in use; choose another with --port` : `vpcep-mock: cannot listen on ${host}:${port}: ${(error as Error).message}`);
        return 1;
      }
    }
    if (flags.has("stateful")) {
      const file = flags.get("data");
      const services = typeof file === "string" ? checkSeed(JSON.parse(await readFile(file, "utf8")), file) : [...exampleServices];
      running = await startStatefulMock({ services, host, port, onInvalidAnswer: (problems) => console.error(`vpcep-mock: refused an invalid answer: ${problems.join("; ")}`) });
      console.log(`vpcep-mock: ready at ${running.url} (stateful, ${services.length} services)`);
    } else {
      running = await startPrism({ document: bundled("openapi.yaml"), host, port });
      console.log(`vpcep-mock: ready at ${running.url} (Prism, --errors)`);
    }
  } catch (error) {
    if (error instanceof UsageError) console.error(`vpcep-mock: ${error.message}\n${USAGE}`);
    else console.error(`vpcep-mock: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError ? 2 : 1;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.stop();
  console.log("vpcep-mock: stopped");
  return 0;
}
