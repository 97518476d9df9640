// The package's own files, found by its name (Node resolves a package's name from inside it through
// its `exports`), so the same code works from src/ (tests) and dist/src/ (the package).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The path of an exported file of the package (`vpcep-openapi/openapi.yaml`). */
export const packageFile = (exported: string) => require.resolve(`vpcep-openapi/${exported}`);

export function packageVersion(): string {
  return (require("vpcep-openapi/package.json") as { version: string }).version;
}
