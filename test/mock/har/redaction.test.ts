// Recordings and reports never carry a secret: URLs lose user and password and secret-named
// parameters, bodies lose secret-named fields (found in review).
import { describe, expect, it } from "vitest";
import { redactBody } from "../../../src/mock/har.js";
import { redactUrl } from "../../../src/redact.js";

describe("recordings and reports", () => {
  it("mask user and password, and every parameter or field named like a secret", () => {
    const url = redactUrl(
      "https://alice:PASSWORD@h.example/v1/p/vpc-endpoint-services?limit=1&access_token=TOK&X-Amz-Signature=SIG&signature=S2",
    );
    for (const secret of ["alice", "PASSWORD", "TOK", "SIG", "S2"]) expect(url).not.toContain(secret);
    expect(url).toContain("limit=1");
    const body = redactBody(
      JSON.stringify({ access_token: "T1", secretAccessKey: "T2", credential: { access: "T3", secret: "T4" }, name: "kept" }),
    );
    for (const secret of ["T1", "T2", "T3", "T4"]) expect(body).not.toContain(secret);
    expect(body).toContain("kept");
    expect(redactBody("secret=T5&token=T6&name=kept")).toBe("secret=***&token=***&name=kept");
  });
});
