// Every bad input a user can give the client or the signer: a VpcepConfigError naming the field,
// at construction (or on the call, for per-call inputs), never a platform TypeError, a hang or a
// silent default, and never carrying the value of a secret.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createVpcepClient,
  type PagingQuery,
  type RequestOptions,
  signRequest,
  VpcepConfigError,
  type VpcepClientOptions,
} from "vpcep-openapi";
import { GETTING_STARTED_URL } from "../../src/floor/reference-url.js";

/** Every secret below contains this marker; no message may contain it. */
const MARK = "S3CR3T";
const token = `tok-${MARK}-1`;
const aksk = { accessKey: `AK${MARK}AK`, secretKey: `SK${MARK}SK` };
const base: VpcepClientOptions = { projectId: "6e9dfd51d1124e8d8498dce894923a0d", baseUrl: "http://127.0.0.1:9", auth: { token } };
const withAuth = (auth: unknown) => ({ ...base, auth }) as VpcepClientOptions;
const withOptions = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as VpcepClientOptions;

type Row = [what: string, options: unknown, message: RegExp];

const constructionCases: Row[] = [
  // the options object
  ["no options", undefined, /createVpcepClient needs an options object/],
  ["null options", null, /createVpcepClient needs an options object/],
  ["an unknown option (a typo)", withOptions({ timeout: 5000 }), /options has unknown field\(s\) timeout; known: projectId, region/],
  // projectId
  ["an empty projectId", withOptions({ projectId: "" }), new RegExp(`projectId must be the project's ID.*${escape(GETTING_STARTED_URL)}`)],
  ["a projectId with a line break", withOptions({ projectId: "6e9d\n" }), /projectId must be the project's ID/],
  ["a numeric projectId", withOptions({ projectId: 42 }), /projectId must be the project's ID/],
  // auth: shapes
  ["no auth", withAuth(undefined), /auth must be \{ token \} or \{ accessKey, secretKey, securityToken\? \}, not undefined/],
  ["null auth", withAuth(null), /auth must be .*, not null/],
  ["a token and an access key at once", withAuth({ token, ...aksk }), /auth must be .*, not both/],
  ["an access key without secret key", withAuth({ accessKey: aksk.accessKey }), /secretKey is missing/],
  ["a secret key without access key", withAuth({ secretKey: aksk.secretKey }), /accessKey is missing/],
  ["an unknown auth field", withAuth({ ...aksk, sessionToken: `x${MARK}` }), /auth has unknown field\(s\) sessionToken/],
  // auth: values that cannot travel in a header
  ["an empty token", withAuth({ token: "" }), /auth\.token is empty/],
  ["a numeric token", withAuth({ token: 12345 }), /auth\.token must be a string, not number/],
  ["a token with a line break inside", withAuth({ token: `tok-\n${MARK}` }), /auth\.token contains a line break/],
  ["a token with a trailing newline (read from a file)", withAuth({ token: `${token}\n` }), /auth\.token contains a line break/],
  ["a token with a carriage return", withAuth({ token: `${token}\r` }), /auth\.token contains a line break/],
  ["a token with a leading space", withAuth({ token: ` ${token}` }), /auth\.token starts or ends with white space/],
  ["a token with a non-Latin-1 character", withAuth({ token: `${token}€` }), /auth\.token contains a character outside printable ASCII/],
  ["a token with a Latin-1 letter", withAuth({ token: `${token}é` }), /auth\.token contains a character outside printable ASCII/],
  ["a token with a NUL", withAuth({ token: `${token}\0x` }), /auth\.token contains a character outside printable ASCII/],
  ["an access key with a line break", withAuth({ ...aksk, accessKey: `AK\n${MARK}` }), /auth\.accessKey contains a line break/],
  [
    "a secret key with a non-Latin-1 character",
    withAuth({ ...aksk, secretKey: `SK${MARK}\u4e00` }),
    /auth\.secretKey contains a character outside printable ASCII/,
  ],
  ["an empty secret key", withAuth({ ...aksk, secretKey: "" }), /auth\.secretKey is empty/],
  [
    "a security token with a line break",
    withAuth({ ...aksk, securityToken: `ST${MARK}\nST` }),
    /auth\.securityToken contains a line break/,
  ],
  ["an empty security token", withAuth({ ...aksk, securityToken: "" }), /auth\.securityToken is empty/],
  ["a null security token", withAuth({ ...aksk, securityToken: null }), /auth\.securityToken must be a string, not null/],
  // fetch, userAgent
  ["a fetch that is not a function", withOptions({ fetch: "fetch" }), /fetch must be a function like globalThis\.fetch, not string/],
  ["a null fetch", withOptions({ fetch: null }), /fetch must be a function like globalThis\.fetch, not null/],
  ["a userAgent with a line break", withOptions({ userAgent: "app/1\r\nX-Evil: 1" }), /userAgent contains a line break/],
  // region, baseUrl
  ["no region nor baseUrl", { projectId: "p", auth: { token } }, /give region \(e\.g\. "eu-de"\) or baseUrl/],
  ["both region and baseUrl", withOptions({ region: "eu-de" }), /give region or baseUrl, not both/],
  [
    "an unknown region",
    { ...base, baseUrl: undefined, region: "mars-1" },
    /unknown region "mars-1"; known regions: cn-north-4, .*; for a newer region pass its baseUrl/,
  ],
  ["a secret put in region by mistake", { ...base, baseUrl: undefined, region: `sk${MARK}sk` }, /unknown region; known regions/],
  ["a secret put in an option's name by mistake", withOptions({ [`tok-${MARK}`]: 1 }), /options has unknown field\(s\) \?; known/],
  ["a numeric region", { ...base, baseUrl: undefined, region: 1 }, /region must be a string/],
  ["a relative baseUrl", withOptions({ baseUrl: "/v1" }), /baseUrl is not an absolute URL/],
  ["a baseUrl that is not a string", withOptions({ baseUrl: new URL("http://127.0.0.1:4010") }), /baseUrl must be a string, not object/],
  ["an ftp: baseUrl", withOptions({ baseUrl: "ftp://127.0.0.1/" }), /baseUrl must be an http: or https: URL, not ftp:/],
  ["a file: baseUrl", withOptions({ baseUrl: "file:///tmp/x" }), /baseUrl must be an http: or https: URL, not file:/],
  ["a baseUrl with a query", withOptions({ baseUrl: "http://127.0.0.1:4010/?x=1" }), /baseUrl must not carry a query/],
  ["a baseUrl with an empty query", withOptions({ baseUrl: "http://127.0.0.1:4010?" }), /baseUrl must not carry a query/],
  ["a baseUrl with a fragment", withOptions({ baseUrl: "http://127.0.0.1:4010/#top" }), /baseUrl must not carry a fragment/],
  [
    "a baseUrl with a password",
    withOptions({ baseUrl: `http://user:${MARK}@127.0.0.1:4010` }),
    /baseUrl must not carry a user name or password/,
  ],
  ["an unparsable baseUrl holding a secret", withOptions({ baseUrl: `http://[${MARK}` }), /baseUrl is not an absolute URL/],
  // retry
  ["retry: true", withOptions({ retry: true }), /retry must be an object \{ attempts\?, baseDelayMs\?, maxDelayMs\? \} or false/],
  ["retry: null", withOptions({ retry: null }), /retry must be an object/],
  [
    "an unknown retry field (a typo)",
    withOptions({ retry: { attemps: 2 } }),
    /retry has unknown field\(s\) attemps; known: attempts, baseDelayMs, maxDelayMs/,
  ],
  ["zero attempts", withOptions({ retry: { attempts: 0 } }), /retry\.attempts must be an integer from 1 to 10/],
  ["fractional attempts", withOptions({ retry: { attempts: 1.5 } }), /retry\.attempts must be an integer from 1 to 10/],
  ["eleven attempts", withOptions({ retry: { attempts: 11 } }), /retry\.attempts must be an integer from 1 to 10/],
  ["attempts as a string", withOptions({ retry: { attempts: "3" } }), /retry\.attempts must be an integer/],
  ["a negative baseDelayMs", withOptions({ retry: { baseDelayMs: -1 } }), /retry\.baseDelayMs must be a number of milliseconds from 0/],
  ["a NaN baseDelayMs", withOptions({ retry: { baseDelayMs: Number.NaN } }), /retry\.baseDelayMs must be a number/],
  ["an infinite maxDelayMs", withOptions({ retry: { maxDelayMs: Infinity } }), /retry\.maxDelayMs must be a number of milliseconds/],
  [
    "maxDelayMs below baseDelayMs",
    withOptions({ retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 100 } }),
    /retry\.maxDelayMs must not be below retry\.baseDelayMs/,
  ],
  // timeoutMs
  ["a zero timeout", withOptions({ timeoutMs: 0 }), /timeoutMs must be a number of milliseconds above 0/],
  ["a negative timeout", withOptions({ timeoutMs: -5 }), /timeoutMs must be a number of milliseconds above 0/],
  [
    "an infinite timeout",
    withOptions({ timeoutMs: Infinity }),
    /timeoutMs must be a number of milliseconds above 0 and at most 2147483647/,
  ],
  ["a NaN timeout", withOptions({ timeoutMs: Number.NaN }), /timeoutMs must be a number/],
  ["a timeout past what timers allow", withOptions({ timeoutMs: 2 ** 31 }), /timeoutMs must be .* at most 2147483647/],
  ["a timeout as a string", withOptions({ timeoutMs: "1000" }), /timeoutMs must be a number/],
  ["zero pages", withOptions({ maxPages: 0 }), /maxPages must be an integer number of pages from 1 to 1000000/],
  ["a fraction of a page", withOptions({ maxPages: 1.5 }), /maxPages must be an integer/],
  ["more pages than allowed", withOptions({ maxPages: 1_000_001 }), /maxPages must be .* from 1 to 1000000/],
  ["pages as a string", withOptions({ maxPages: "10" }), /maxPages must be an integer/],
];

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every surface a message can reach: message, String(), stack, JSON. */
const surfaces = (error: unknown) => {
  const e = error as Error;
  return [e.message, String(e), e.stack ?? "", JSON.stringify(e), JSON.stringify({ ...e })].join("\n");
};

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("createVpcepClient refuses every bad option when it is created", () => {
  it.each(constructionCases)("%s", (_what, options, message) => {
    const error = thrownBy(() => createVpcepClient(options as VpcepClientOptions));
    expect(error).toBeInstanceOf(VpcepConfigError);
    expect((error as Error).message).toMatch(message);
    expect(surfaces(error)).not.toContain(MARK);
  });

  it("throws before any request: the fetch is never called", () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return new Response("{}");
    };
    expect(() => createVpcepClient({ ...base, fetch, auth: { token: `bad\n${MARK}` } })).toThrow(VpcepConfigError);
    expect(calls).toBe(0);
  });
});

describe("a runtime that lacks what an option needs", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("no global fetch and no fetch option", () => {
    vi.stubGlobal("fetch", undefined);
    const error = thrownBy(() => createVpcepClient(base));
    expect(error).toBeInstanceOf(VpcepConfigError);
    expect((error as Error).message).toBe("this runtime has no global fetch; pass options.fetch");
    expect(() => createVpcepClient({ ...base, fetch: async () => new Response("{}") })).not.toThrow();
  });

  it("AK/SK without Web Crypto (a browser page on http:)", () => {
    vi.stubGlobal("crypto", {});
    const error = thrownBy(() => createVpcepClient(withAuth(aksk)));
    expect(error).toBeInstanceOf(VpcepConfigError);
    expect((error as Error).message).toBe("AK/SK signing needs Web Crypto (crypto.subtle): browsers have it on https: pages only");
    expect(surfaces(error)).not.toContain(MARK);
    expect(() => createVpcepClient(base)).not.toThrow();
  });
});

describe("the options that are valid keep working", () => {
  const answering = (status: number) => {
    const seen: Request[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return new Response(
        JSON.stringify(
          status === 200 ? { endpoint_services: [], total_count: 0 } : { error_code: "EndPoint.0001", error_msg: "System error." },
        ),
        { status },
      );
    };
    return { seen, fetch };
  };

  it("retry: { attempts: 2 } alone takes the other fields from the defaults", async () => {
    const { seen, fetch } = answering(503);
    await expect(
      createVpcepClient({ ...base, fetch, retry: { attempts: 2, baseDelayMs: 1 } }).listEndpointServices(),
    ).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(2);
    const defaults = answering(503);
    await expect(
      createVpcepClient({ ...base, fetch: defaults.fetch, retry: { attempts: 2 } }).listEndpointServices(),
    ).rejects.toMatchObject({ status: 503 });
    expect(defaults.seen).toHaveLength(2);
  });

  it("a baseUrl with a path prefix and a trailing slash keeps the prefix once", async () => {
    const { seen, fetch } = answering(200);
    await createVpcepClient({ ...base, baseUrl: "http://127.0.0.1:9/gateway/", fetch }).listEndpointServices({ limit: 1 });
    expect(seen[0]!.url).toBe(`http://127.0.0.1:9/gateway/v1/${base.projectId}/vpc-endpoint-services?limit=1`);
  });

  it("a region from the environment (a plain string) type-checks and resolves", () => {
    const region: string = "eu-nl";
    expect(() => createVpcepClient({ projectId: "p", region, auth: { token } })).not.toThrow();
  });
});

describe("per-call inputs are checked on the call", () => {
  let calls = 0;
  const client = createVpcepClient({
    ...base,
    fetch: async () => {
      calls++;
      return new Response('{"endpoint_services":[],"total_count":0}');
    },
  });
  const firstOf = async (pages: AsyncIterable<unknown>) => {
    for await (const service of pages) return service;
  };
  it.each([
    [
      "a signal that is not an AbortSignal",
      () => client.listEndpointServices({}, { signal: "stop" as unknown as AbortSignal }),
      /request options must be \{ signal\?: AbortSignal \}/,
    ],
    [
      "null request options",
      () => client.listEndpointServices({}, null as unknown as undefined),
      /request options must be \{ signal\?: AbortSignal \}/,
    ],
    ["a null query", () => client.listEndpointServices(null as unknown as undefined), /query must be an object/],
    ["a string query", () => client.listEndpointServices("limit=5" as unknown as undefined), /query must be an object/],
    ["an array query", () => client.listEndpointServices(["limit"] as unknown as undefined), /query must be an object/],
    // Only { signal } is per call: timeoutMs, retry and the rest belong to createVpcepClient.
    [
      "a client option given per call (timeoutMs: -1)",
      () => client.listEndpointServices({}, { timeoutMs: -1 } as RequestOptions),
      /request options has unknown field\(s\) timeoutMs; known: signal$/,
    ],
    [
      "a misspelt signal",
      () => client.listEndpointServices({}, { signl: 1 } as RequestOptions),
      /request options has unknown field\(s\) signl/,
    ],
    [
      "request options as an array",
      () => client.listEndpointServices({}, [] as RequestOptions),
      /request options must be \{ signal\?: AbortSignal \}/,
    ],
    ["paging options with a typo", () => client.listAllEndpointServices({}, { signl: 1 } as RequestOptions), /unknown field\(s\) signl/],
    // The walk chooses limit and offset: a query's own would be overwritten without a word.
    [
      "a limit in the query of paginateEndpointServices",
      () => firstOf(client.paginateEndpointServices({ limit: 5 } as PagingQuery)),
      /must not hold limit: the walk sets limit and offset itself \(pages of 1000\); to bound the requests of a walk use the client's maxPages option; for one page of a size of your own call listEndpointServices\(\{ limit, offset \}\)/,
    ],
    [
      "an offset in the query of listAllEndpointServices",
      () => client.listAllEndpointServices({ offset: 1000 } as PagingQuery),
      /must not hold offset/,
    ],
    [
      "a null query to listAllEndpointServices",
      () => client.listAllEndpointServices(null as unknown as PagingQuery),
      /query must be an object/,
    ],
    [
      "a string query to paginateEndpointServices",
      () => firstOf(client.paginateEndpointServices("x" as PagingQuery)),
      /query must be an object/,
    ],
  ])("%s rejects with a VpcepConfigError, before any request", async (_what, call, message) => {
    const before = calls;
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepConfigError);
    expect((error as Error).message).toMatch(message);
    expect(calls).toBe(before);
  });

  it("a limit of undefined in a paging query is no limit: the walk runs", async () => {
    await expect(client.listAllEndpointServices({ limit: undefined } as PagingQuery)).resolves.toEqual([]);
  });
});

describe("signRequest refuses every bad input with a VpcepConfigError", () => {
  const url = "https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services?limit=1";
  const request = () => new Request(url);
  const signCases: [string, () => Promise<Request>, RegExp][] = [
    ["an invalid Date", () => signRequest(request(), aksk, { date: new Date("nope") }), /options\.date is an invalid date/],
    ["a Date past the year 9999", () => signRequest(request(), aksk, { date: new Date("+010000-01-01T00:00:00Z") }), /years 0000 to 9999/],
    ["a negative year", () => signRequest(request(), aksk, { date: new Date("-000001-01-01T00:00:00Z") }), /years 0000 to 9999/],
    ["NaN epoch milliseconds", () => signRequest(request(), aksk, { date: Number.NaN }), /options\.date is an invalid date/],
    ["epoch milliseconds out of range", () => signRequest(request(), aksk, { date: 1e20 }), /options\.date is an invalid date/],
    [
      "an ISO string instead of an X-Sdk-Date",
      () => signRequest(request(), aksk, { date: "2019-11-15T03:36:55Z" }),
      /X-Sdk-Date, YYYYMMDDTHHMMSSZ/,
    ],
    ["an X-Sdk-Date without its Z", () => signRequest(request(), aksk, { date: "20191115T033655" }), /X-Sdk-Date, YYYYMMDDTHHMMSSZ/],
    ["an X-Sdk-Date with month 13", () => signRequest(request(), aksk, { date: "20191315T033655Z" }), /not a real UTC date/],
    ["an X-Sdk-Date with hour 24", () => signRequest(request(), aksk, { date: "20191115T243655Z" }), /not a real UTC date/],
    [
      "a null date",
      () => signRequest(request(), aksk, { date: null as unknown as Date }),
      /options\.date must be a Date, epoch milliseconds or an X-Sdk-Date string, not null/,
    ],
    [
      "null options",
      () => signRequest(request(), aksk, null as unknown as undefined),
      /signRequest's options must be an object \{ date\?, signedHeaders\? \}, not null/,
    ],
    ["options as a string", () => signRequest(request(), aksk, "now" as unknown as undefined), /options must be an object/],
    ["an unknown option", () => signRequest(request(), aksk, { dates: 1 } as unknown as undefined), /unknown field\(s\) dates/],
    [
      "signedHeaders as a string",
      () => signRequest(request(), aksk, { signedHeaders: "host;x-sdk-date" as unknown as string[] }),
      /options\.signedHeaders must be an array of header names/,
    ],
    [
      "an empty signed header name",
      () => signRequest(request(), aksk, { signedHeaders: ["host", "", "x-sdk-date"] }),
      /options\.signedHeaders must hold only header names/,
    ],
    [
      "a signed header name with a space",
      () => signRequest(request(), aksk, { signedHeaders: ["x sdk date"] }),
      /options\.signedHeaders must hold only header names/,
    ],
    [
      "signed headers without x-sdk-date",
      () => signRequest(request(), aksk, { signedHeaders: ["host"] }),
      /signedHeaders must include x-sdk-date/,
    ],
    [
      "a signed header the request lacks",
      () => signRequest(request(), aksk, { signedHeaders: ["host", "x-sdk-date", "x-missing"] }),
      /request lacks: x-missing/,
    ],
    ["a null request", () => signRequest(null as unknown as Request, aksk), /signRequest needs a Request or a URL, not null/],
    ["a relative URL", () => signRequest("/v1/p/vpc-endpoint-services", aksk), /signRequest needs an absolute URL/],
    ["an ftp: URL", () => signRequest("ftp://h.example/x", aksk), /signs http: and https: URLs, not ftp:/],
    ["a URL with a password", () => signRequest(`https://u:${MARK}@h.example/x`, aksk), /must not carry a user name or password/],
    ["null credentials", () => signRequest(request(), null as unknown as typeof aksk), /AK\/SK signing needs credentials/],
    ["an empty access key", () => signRequest(request(), { ...aksk, accessKey: "" }), /accessKey is empty/],
    [
      "an access key with a line break",
      () => signRequest(request(), { ...aksk, accessKey: `AK\n${MARK}` }),
      /accessKey contains a line break/,
    ],
    [
      "a secret key with a non-Latin-1 character",
      () => signRequest(request(), { ...aksk, secretKey: `${MARK}\u20ac` }),
      /secretKey contains a character outside printable ASCII/,
    ],
    [
      "a security token with a line break",
      () => signRequest(request(), { ...aksk, securityToken: `${MARK}\n` }),
      /securityToken contains a line break/,
    ],
  ];

  it.each(signCases)("%s", async (_what, call, message) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VpcepConfigError);
    expect((error as Error).message).toMatch(message);
    expect(surfaces(error)).not.toContain(MARK);
  });
});

describe("under any input at all", () => {
  const secretish = fc.string({ maxLength: 12 }).map((s) => `${s}${MARK}${s}`);
  const anyValue = fc.oneof(
    fc.anything(),
    secretish,
    fc.constantFrom(undefined, null, "", "eu-de", "http://127.0.0.1:4010", 0, -1, Infinity, Number.NaN, true, false),
  );
  const anyAuth = fc.oneof(
    anyValue,
    fc.record({ token: fc.oneof(secretish, anyValue) }, { requiredKeys: [] }),
    fc.record(
      { accessKey: fc.oneof(secretish, anyValue), secretKey: fc.oneof(secretish, anyValue), securityToken: fc.oneof(secretish, anyValue) },
      { requiredKeys: [] },
    ),
  );
  const anyOptions = fc.oneof(
    anyValue,
    fc.record(
      {
        projectId: fc.oneof(fc.constant("6e9dfd51d1124e8d8498dce894923a0d"), anyValue),
        region: anyValue,
        baseUrl: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), anyValue),
        auth: anyAuth,
        fetch: fc.oneof(
          fc.constant(async () => new Response("{}")),
          anyValue,
        ),
        timeoutMs: fc.oneof(fc.double(), anyValue),
        retry: fc.oneof(
          fc.record(
            {
              attempts: fc.oneof(fc.integer(), anyValue),
              baseDelayMs: fc.oneof(fc.double(), anyValue),
              maxDelayMs: fc.oneof(fc.double(), anyValue),
            },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
        userAgent: anyValue,
      },
      { requiredKeys: [] },
    ),
  );

  it("createVpcepClient returns a client or throws a VpcepConfigError, and no message holds a secret", () => {
    fc.assert(
      fc.property(anyOptions, (options) => {
        const error = thrownBy(() => createVpcepClient(options as VpcepClientOptions));
        if (error === undefined) return;
        expect(error).toBeInstanceOf(VpcepConfigError);
        expect(surfaces(error)).not.toContain(MARK);
      }),
      { seed: 12, numRuns: 3000 },
    );
  });

  it("signRequest signs or rejects with a VpcepConfigError, and no message holds a secret", async () => {
    const anyDate = fc.oneof(
      fc.date(),
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.constantFrom("20191115T033655Z", "99991231T235959Z", "00000101T000000Z"),
      anyValue,
    );
    const anySignOptions = fc.oneof(
      anyValue,
      fc.record(
        { date: anyDate, signedHeaders: fc.oneof(fc.array(fc.string()), fc.constant(["host", "x-sdk-date"]), anyValue) },
        { requiredKeys: [] },
      ),
    );
    const anyInput = fc.oneof(
      fc.webUrl({ withQueryParameters: true }),
      fc.constant("https://vpcep.eu-de.otc.t-systems.com/v1/p/vpc-endpoint-services"),
      anyValue,
    );
    await fc.assert(
      fc.asyncProperty(anyInput, anyAuth, anySignOptions, async (input, credentials, options) => {
        const error = await signRequest(input as string, credentials as typeof aksk, options as undefined).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error === undefined) return;
        expect(error).toBeInstanceOf(VpcepConfigError);
        expect(surfaces(error)).not.toContain(MARK);
      }),
      { seed: 34, numRuns: 1500 },
    );
  });
});
