// The last step: checked against the document, or a 500 in its place.
import { describe, expect, it, vi } from "vitest";
import { createResponder } from "../../../src/mock/respond.js";

describe("createResponder", () => {
  it("sends a documented answer as JSON with its request id and fault", () => {
    const { respond } = createResponder(() => {});
    const answer = respond(
      "r1",
      { status: 404, body: { error_code: "EndPoint.0005", error_msg: "The requested resource does not exist." } },
      { kind: "reset" },
    );
    expect(answer).toEqual({
      status: 404,
      headers: { "Content-Type": "application/json", "X-Request-Id": "r1" },
      body: '{"error_code":"EndPoint.0005","error_msg":"The requested resource does not exist."}',
      fault: { kind: "reset" },
    });
  });

  it("never sends an answer the document refuses: 500 EndPoint.0001, the problems reported", () => {
    const report = vi.fn();
    const answer = createResponder(report).respond("r", { status: 200, body: { total_count: "many" } });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error_code: "EndPoint.0001", error_msg: "System error. Please retry." });
    expect(report).toHaveBeenCalledOnce();
    expect(report.mock.calls[0]![0].join("; ")).toMatch(/endpoint_services|total_count/);
  });

  it("sends a text body as it is, unchecked when asked", () => {
    const answer = createResponder(() => {}).respond("r", { status: 200, body: "not json" }, undefined, true);
    expect(answer.body).toBe("not json");
  });
});
