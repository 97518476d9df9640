// The files the package ships beside its code, found in one way that works from src/ (tests) and
// from dist/src/ (the installed package): through the package's own `exports`, by its name.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The path of the bundled document (`generated/openapi.yaml` or `.json`): Prism reads it from disk. */
export const bundledDocumentPath = (format: "yaml" | "json" = "yaml"): string => require.resolve(`vpcep-openapi/openapi.${format}`);

/** The package's version, from its package.json. */
export const packageVersion = (): string => (require("vpcep-openapi/package.json") as { version: string }).version;
