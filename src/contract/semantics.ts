// What the parameters mean, checked against the answers of a server that keeps state: filters return
// only what matches, total_count counts the matches, sorting holds within and across pages, and
// pages are disjoint and together complete. Each is compared with one full listing (the baseline).
import { queryParameters } from "../../generated/contract-validators.js";
import { maxPageSize } from "../../generated/operations.js";
import { timestampMs } from "../timestamps.js";
import { CaseNotRun } from "./http.js";
import { checkLimitZero, checkServerTypeFilter } from "./query-meaning.js";
import { contractProblems, expectStatus, NO_SUCH_ID, servicesOf, totalOf, type Problems, type Service, type Suite } from "./suite.js";

const enumOf = (name: string) => queryParameters.find((p) => p.name === name)?.enum ?? [];
const maxLimit = () => maxPageSize;

function timeOf(service: Service, key: string): number | undefined {
  const value = key === "update_at" ? (service.updated_at ?? service.update_at) : service.created_at;
  return typeof value === "string" ? timestampMs(value) : undefined;
}

const idList = (services: readonly Service[]) => services.map((s) => String(s.id));

/** Walks pages of `size` with the query; stops at a short page, at total_count or after maxPages. */
async function walk(
  get: (q: Record<string, string | number>) => ReturnType<Suite["get"]>,
  query: Record<string, string | number>,
  size: number,
  maxPages: number,
  problems: Problems,
) {
  const pages: Service[][] = [];
  const totals: (number | undefined)[] = [];
  let status: number | undefined;
  let ended = false;
  for (let n = 0; n < maxPages && !ended; n++) {
    const answer = await get({ ...query, limit: size, offset: n * size });
    status = answer.status;
    if (!expectStatus(answer, 200, problems)) break;
    problems.addAll(contractProblems(answer), `page ${n + 1}`);
    const services = servicesOf(answer);
    pages.push(services);
    totals.push(totalOf(answer));
    const total = totals[0];
    ended = services.length < size || total === undefined || (n + 1) * size >= total;
  }
  const capped = pages.length === maxPages && !ended;
  return { pages, totals, status, capped };
}

/** The case could not see every page: not run (after the problems the pages it saw showed). */
function stopAtCap(capped: boolean, maxPages: number, size: number, total: number | undefined): void {
  if (capped)
    throw new CaseNotRun(
      `stopped at the page cap (${maxPages} pages of ${size}) before the end of the list (total_count ${String(total)}); the rest was not seen`,
    );
}

export async function runSemantics(suite: Suite, maxPages: number): Promise<void> {
  const size = maxLimit();
  let baseline: Service[] = [];
  let complete = false;
  let baselineTotal: number | undefined;
  await suite.run("semantics: the listing (baseline for the others)", async (get, problems) => {
    const answer = await get({ limit: size, sort_key: "create_at", sort_dir: "asc" });
    if (!expectStatus(answer, 200, problems)) return answer.status;
    problems.addAll(contractProblems(answer));
    baseline = servicesOf(answer);
    baselineTotal = totalOf(answer);
    complete = baselineTotal !== undefined && baselineTotal === baseline.length;
    return answer.status;
  });

  for (const status of enumOf("status")) {
    await suite.run(`semantics: status=${status} returns only ${status} services, total_count counts them`, async (get, problems) => {
      const answer = await get({ status, limit: size });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      servicesOf(answer).forEach((s, i) => {
        if (s.status !== status)
          problems.add("filter-status", `endpoint_services[${i}].status`, `${JSON.stringify(s.status)} in an answer to status=${status}`);
      });
      const expected = baseline.filter((s) => s.status === status).length;
      if (complete && totalOf(answer) !== expected)
        problems.add("total-count", "total_count", `${String(totalOf(answer))}, but ${expected} of the listed services are ${status}`);
      return answer.status;
    });
  }

  const named = baseline.find((s) => typeof s.service_name === "string" && s.service_name.length >= 2);
  if (!named)
    suite.skip("semantics: endpoint_service_name matches names containing it, ignoring case", "no listed service has a name to search for");
  else {
    const name = named.service_name as string;
    const fragment = name.slice(1, Math.min(name.length, 6));
    const swapped = [...fragment].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    await suite.run("semantics: endpoint_service_name matches names containing it, ignoring case", async (get, problems) => {
      const answer = await get({ endpoint_service_name: swapped, limit: size });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      const found = servicesOf(answer);
      found.forEach((s, i) => {
        if (typeof s.service_name !== "string" || !s.service_name.toLowerCase().includes(swapped.toLowerCase())) {
          problems.add(
            "filter-name",
            `endpoint_services[${i}].service_name`,
            `${JSON.stringify(s.service_name)} does not contain ${JSON.stringify(swapped)} (ignoring case)`,
          );
        }
      });
      if (!idList(found).includes(String(named.id)))
        problems.add("filter-name", "endpoint_services", `service ${String(named.id)} named ${JSON.stringify(name)} is missing`);
      const expected = baseline.filter(
        (s) => typeof s.service_name === "string" && s.service_name.toLowerCase().includes(swapped.toLowerCase()),
      ).length;
      if (complete && totalOf(answer) !== expected)
        problems.add(
          "total-count",
          "total_count",
          `${String(totalOf(answer))}, but ${expected} listed names contain ${JSON.stringify(swapped)}`,
        );
      return answer.status;
    });
  }

  await suite.run("semantics: id returns at most that service", async (get, problems) => {
    const known = baseline[0];
    const wanted = known ? String(known.id) : NO_SUCH_ID;
    const answer = await get({ id: wanted });
    if (!expectStatus(answer, 200, problems)) return answer.status;
    const found = idList(servicesOf(answer));
    if (found.length > 1) problems.add("filter-id", "endpoint_services", `${found.length} services for id=${wanted}`);
    for (const id of found) if (id !== wanted) problems.add("filter-id", "endpoint_services", `service ${id} in an answer to id=${wanted}`);
    if (known && found.length === 0) problems.add("filter-id", "endpoint_services", `the listed service ${wanted} is missing`);
    const unknown = await get({ id: NO_SUCH_ID });
    if (expectStatus(unknown, 200, problems) && servicesOf(unknown).length > 0)
      problems.add("filter-id", "endpoint_services", `${servicesOf(unknown).length} services for an id no service has`);
    return answer.status;
  });

  for (const limit of [1, 2]) {
    await suite.run(`semantics: limit=${limit} is respected, total_count counts the matches, not the page`, async (get, problems) => {
      const answer = await get({ limit });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      const count = servicesOf(answer).length;
      const total = totalOf(answer);
      if (count > limit) problems.add("limit-respected", "endpoint_services", `${count} services for limit=${limit}`);
      if (total !== undefined && count < Math.min(limit, total))
        problems.add("limit-respected", "endpoint_services", `${count} services for limit=${limit} although total_count is ${total}`);
      if (complete && total !== baseline.length)
        problems.add("total-count", "total_count", `${String(total)} for limit=${limit}, but the listing counts ${baseline.length}`);
      return answer.status;
    });
  }

  await checkLimitZero(suite);
  await checkServerTypeFilter(suite);

  // Pages of 2 show paging at work; a longer list gets pages large enough to be seen whole within
  // the page cap (up to the largest page), so a server with many services is checked, not capped.
  const walkSize = Math.min(size, Math.max(2, Math.ceil((baselineTotal ?? 0) / maxPages)));

  for (const key of enumOf("sort_key")) {
    for (const dir of enumOf("sort_dir")) {
      await suite.run(`semantics: sort_key=${key} sort_dir=${dir} order holds within and across pages`, async (get, problems) => {
        const { pages, totals, status, capped } = await walk(get, { sort_key: key, sort_dir: dir }, walkSize, maxPages, problems);
        const sequence = pages.flatMap((page, p) => page.map((service, i) => ({ service, where: `page ${p + 1} item ${i + 1}` })));
        let previous: { time: number; where: string; id: string } | undefined;
        for (const { service, where } of sequence) {
          const time = timeOf(service, key);
          if (time === undefined) continue;
          if (previous && (dir === "asc" ? time < previous.time : time > previous.time)) {
            problems.add(
              "sort-order",
              "order",
              `service ${String(service.id)} (${where}) comes after ${previous.id} (${previous.where}) but is ${dir === "asc" ? "older" : "newer"} by ${key}`,
            );
          }
          previous = { time, where, id: String(service.id) };
        }
        stopAtCap(capped, maxPages, walkSize, totals[0]);
        return status;
      });
    }
  }

  await suite.run("paging: pages are disjoint and together complete, total_count is stable", async (get, problems) => {
    const { pages, totals, status, capped } = await walk(get, { sort_key: "create_at", sort_dir: "asc" }, walkSize, maxPages, problems);
    const seenOn = new Map<string, number>();
    pages.forEach((page, n) => {
      if (n > 0 && totals[n] !== totals[0])
        problems.add("total-count-stable", "total_count", `changed from ${String(totals[0])} to ${String(totals[n])} on page ${n + 1}`);
      for (const id of idList(page)) {
        const earlier = seenOn.get(id);
        if (earlier !== undefined) problems.add("pages-disjoint", `id ${id}`, `on page ${earlier} and again on page ${n + 1}`);
        else seenOn.set(id, n + 1);
      }
    });
    const walkedAll = pages.length < maxPages || pages.flat().length >= (totals[0] ?? Infinity);
    if (complete && walkedAll) {
      const missing = idList(baseline).filter((id) => !seenOn.has(id));
      if (missing.length)
        problems.add("pages-complete", "pages", `${missing.length} listed services on no page (${missing.slice(0, 5).join(", ")})`);
    }
    stopAtCap(capped, maxPages, walkSize, totals[0]);
    return status;
  });
}
