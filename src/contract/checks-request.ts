// The checks of what any server answers, whatever it holds: valid requests get a valid page,
// invalid ones the documented refusal with its code, and requests without or with a wrong
// credential the documented 401.
import { type QueryParameterConstraints, queryParameterList as queryParameters } from "../document/query-parameters.js";
import type { CheckContext } from "./check-context.js";
import type { Check } from "./check-unit.js";
import type { Credentials } from "./http.js";
import { UNLISTED_VALUE } from "./query-meaning.js";
import { contractProblems } from "./suite.js";

const enums = () => queryParameters.filter((p): p is QueryParameterConstraints & { enum: string[] } => Array.isArray(p.enum));
const integer = (name: string) => queryParameters.find((p) => p.name === name && p.type === "integer");

export const responses: Check = {
  name: "responses",
  description: "Valid requests are answered 200 with a page valid for the document: status, content type, headers and body.",
  sends:
    "no parameters; each enum value of each parameter; server_type's known values and one no version lists; public_border_group; offset=0; the longest endpoint_service_name",
  expects: "200, application/json, a body valid for the 200 schema",
  async run(ctx) {
    await ctx.valid("valid: no parameters", {});
    for (const parameter of enums())
      for (const value of parameter.enum) await ctx.valid(`valid: ${parameter.name}=${value}`, { [parameter.name]: value });
    if (queryParameters.some((p) => p.name === "public_border_group"))
      await ctx.valid("valid: public_border_group=center", { public_border_group: "center" });
    // An open enumeration (`known`, never `enum`): a known value and one no version lists are both valid.
    for (const parameter of queryParameters.filter((p) => p.known?.length)) {
      await ctx.valid(`valid: ${parameter.name}=${parameter.known![0]}`, { [parameter.name]: parameter.known![0]! });
      await ctx.valid(`valid: ${parameter.name}=${UNLISTED_VALUE} (open enumeration: a value no version lists)`, {
        [parameter.name]: UNLISTED_VALUE,
      });
    }
    const offset = integer("offset");
    if (offset?.minimum !== undefined) await ctx.valid(`boundary: offset=${offset.minimum} (minimum)`, { offset: offset.minimum });
    for (const parameter of queryParameters.filter((p) => p.maxLength !== undefined))
      await ctx.valid(`boundary: ${parameter.name} of ${parameter.maxLength} characters (maximum)`, {
        [parameter.name]: "n".repeat(parameter.maxLength!),
      });
  },
};

export const refusals: Check = {
  name: "refusals",
  description: "Each documented refusal: an invalid value of each parameter is answered 400 with the code the document names for it.",
  sends:
    "limit above its maximum, below its minimum and not a number; offset below its minimum; a value outside each enumeration; a string one character longer than its maxLength",
  expects:
    "400, a documented error body, and the parameter's code (EndPoint.0006 limit, EndPoint.0010 offset, EndPoint.0017 sort_key, EndPoint.0018 sort_dir, EndPoint.0019 status, EndPoint.1003 endpoint_service_name, EndPoint.0002 the others)",
  async run(ctx) {
    const limit = integer("limit");
    const offset = integer("offset");
    if (limit?.maximum !== undefined)
      await ctx.refused(`invalid: limit=${limit.maximum + 1} is refused with 400`, { limit: limit.maximum + 1 }, "limit");
    if (limit?.minimum !== undefined)
      await ctx.refused(`invalid: limit=${limit.minimum - 1} is refused with 400`, { limit: limit.minimum - 1 }, "limit");
    await ctx.refused("invalid: limit=ten is refused with 400", { limit: "ten" }, "limit");
    if (offset?.minimum !== undefined)
      await ctx.refused(`invalid: offset=${offset.minimum - 1} is refused with 400`, { offset: offset.minimum - 1 }, "offset");
    for (const parameter of enums())
      await ctx.refused(
        `invalid: ${parameter.name}=not-a-${parameter.name} is refused with 400`,
        { [parameter.name]: `not-a-${parameter.name}` },
        parameter.name,
      );
    for (const parameter of queryParameters.filter((p) => p.maxLength !== undefined))
      await ctx.refused(
        `invalid: ${parameter.name} of ${parameter.maxLength! + 1} characters is refused with 400`,
        { [parameter.name]: "n".repeat(parameter.maxLength! + 1) },
        parameter.name,
      );
  },
};

/** A credential no server should accept: never derived from the real one, so it cannot leak it. */
export const WRONG_TOKEN = "vpcep-contract-check-wrong-token";
const WRONG_SECRET = "vpcep-contract-check-wrong-secret-key";

/** The wrong credential of the same kind as the run's: a made-up token, or the access key signed with a wrong secret key. */
export const wrongCredential = (auth: Credentials | undefined): Credentials =>
  auth && !("token" in auth) ? { accessKey: auth.accessKey, secretKey: WRONG_SECRET } : { token: WRONG_TOKEN };

const OPEN = "--open: the server is open by design; authentication not checked";

async function refusedWith(
  ctx: CheckContext,
  name: string,
  check: "auth-missing" | "auth-wrong",
  credentials: Credentials | null,
  what: string,
) {
  if (ctx.options.open) return ctx.suite.skip(name, OPEN);
  await ctx.suite.run(name, async (get, problems) => {
    const answer = await get({ limit: 1 }, { credentials, refusalExpected: true });
    if (answer.status !== 401)
      problems.add(
        check,
        "status",
        `expected 401 (the document's answer to ${what}), got ${answer.status}${answer.status === 200 ? "; for a server open by design, pass --open" : ""}`,
      );
    if (answer.status >= 400) problems.addAll(contractProblems(answer));
    return answer.status;
  });
}

export const authMissing: Check = {
  name: "auth-missing",
  description: "A request without credentials is refused as the document says.",
  sends: "GET ?limit=1 with neither X-Auth-Token nor a signature",
  expects: "401 with a documented error body (skipped with --open)",
  run: (ctx) =>
    refusedWith(ctx, "auth: a request without credentials is refused with 401", "auth-missing", null, "a request without credentials"),
};

export const authWrong: Check = {
  name: "auth-wrong",
  description: "A request with a wrong credential is refused as the document says.",
  sends: "GET ?limit=1 with a made-up X-Auth-Token (or, for AK/SK runs, the access key signed with a wrong secret key)",
  expects:
    "401 with a documented error body (skipped with --open, and with --stateless: a mock that keeps no state accepts any credential)",
  needsState: "a mock that keeps no state (--stateless) accepts any credential",
  run: (ctx) =>
    refusedWith(
      ctx,
      "auth: a request with a wrong credential is refused with 401",
      "auth-wrong",
      wrongCredential(ctx.suite.target.auth),
      "a request with a wrong credential",
    ),
};
