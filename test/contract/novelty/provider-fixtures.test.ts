// The novelty report of the provider's published bodies (test/fixtures/provider/): what today's
// service sends, by its own material, that the document does not describe. A one-service body of
// another operation (`service-*.json`) is read as a service of a page. The list is pinned: a
// document change that describes one of these, or a new fixture that shows something new, changes it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findNovelties, noveltyMarkdown, type SeenAnswer } from "../../../src/contract/novelty.js";

const dir = path.join(import.meta.dirname, "..", "..", "fixtures", "provider");

async function providerAnswers(): Promise<SeenAnswer[]> {
  const answers: SeenAnswer[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith(".json")).sort()) {
    const { _source, _refused, ...body } = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    const [kind, status] = file.split("-");
    if (kind === "service")
      answers.push({ where: `${file} (one service)`, status: 200, body: { endpoint_services: [body], total_count: 1 } });
    else answers.push({ where: file, status: Number(status), body });
  }
  return answers;
}

describe("the novelty report of the provider's bodies", () => {
  it("names the status and the error codes the document does not describe, each with its file", async () => {
    const answers = await providerAnswers();
    expect(answers.length).toBeGreaterThanOrEqual(19);
    const novelties = findNovelties(answers);
    expect(novelties.map((n) => [n.kind, n.item, n.where])).toEqual([
      ["status", "414", "error-414-apigw-0201-signing-guide.json"],
      ["error code", "APIG.0303", "error-401-apig-0303-signature-expired-kualalumpur.json"],
      ["error code", "APIG.0308", "error-429-apig-0308-faq.json"],
      ["error code", "APIGW.0201 (with status 414)", "error-414-apigw-0201-signing-guide.json"],
      ["error code", "AS.0001", "error-400-huawei-api-reference-general.json"],
    ]);
    const markdown = noveltyMarkdown(novelties, { suite: "provider bodies" });
    expect(markdown).toMatch(/saw 1 status and 4 error codes that the document does not describe/);
    expect(markdown).toContain(
      '| error code | `AS.0001` | `"The format of message is error"` | 1 | `error-400-huawei-api-reference-general.json` |',
    );
    // The contract checks guide (docs/contract-checks.md) shows this report as it is written.
    const guide = await readFile(path.join(import.meta.dirname, "..", "..", "..", "docs", "contract-checks.md"), "utf8");
    const shown = /\n```markdown\n([\s\S]*?)```\n/.exec(guide)?.[1];
    expect(shown, "docs/contract-checks.md shows the report in a ```markdown block").toBeDefined();
    expect(shown!.trim()).toBe(markdown.trim());
  });
});
