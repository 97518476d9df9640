// vpcep-mock's options: each flag, the kind of value it takes, which go with --stateful and which
// take a number. The bin reads them from the command line, startMock as camelCase options
// (`--rate-limit` is `rateLimit`). No Node built-in.
export const MOCK_OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  help: { type: "boolean" },
  version: { type: "boolean" },
  stateful: { type: "boolean" },
  data: { type: "string" },
  token: { type: "string", multiple: true },
  "access-key": { type: "string", multiple: true },
  "secret-key": { type: "string", multiple: true },
  "security-token": { type: "string", multiple: true },
  credentials: { type: "string" },
  "rate-limit": { type: "string" },
  faults: { type: "string" },
  seed: { type: "string" },
  "creating-ms": { type: "string" },
  "creating-becomes": { type: "string" },
  "deleting-ms": { type: "string" },
  "no-control": { type: "boolean" },
  "control-token": { type: "string" },
  cors: { type: "string" },
  proxy: { type: "string" },
  record: { type: "string" },
  "strict-query": { type: "boolean" },
  "startup-timeout": { type: "string" },
  "example-data": { type: "boolean" },
  "record-body-limit": { type: "string" },
  "upstream-timeout": { type: "string" },
  // Connection bounds of every mode (connectionBoundsOf below).
  "max-connections": { type: "string" },
  "headers-timeout": { type: "string" },
  "request-timeout": { type: "string" },
  "keep-alive-timeout": { type: "string" },
} as const;

export const STATEFUL_ONLY = [
  "data",
  "token",
  "access-key",
  "secret-key",
  "security-token",
  "credentials",
  "rate-limit",
  "faults",
  "seed",
  "creating-ms",
  "creating-becomes",
  "deleting-ms",
  "no-control",
  "control-token",
  "cors",
] as const;

/** The flags that take a number: a negative one reaches their range check (`--rate-limit -1`). */
export const NUMERIC_FLAGS = [
  "port",
  "rate-limit",
  "faults",
  "seed",
  "creating-ms",
  "deleting-ms",
  "startup-timeout",
  "record-body-limit",
  "upstream-timeout",
  "max-connections",
  "headers-timeout",
  "request-timeout",
  "keep-alive-timeout",
] as const;

/** A flag's name as an option (`rate-limit` → `rateLimit`). */
export const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
