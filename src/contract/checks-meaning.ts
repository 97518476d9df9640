// The checks of what the parameters mean, against a server that keeps state: each compares answers
// with the baseline listing (walked whole, in creation order) or with each other. A case whose
// baseline cannot be had is not run, with the reason.
import { queryParameters as queryParameterLimits } from "../document/facts.js";
import { maxPageSize } from "../document/operation.js";
import type { Check } from "./check-unit.js";
import { listed, type Listed, pagingProblems, stopAtCap, walk } from "./listing.js";
import { checkLimitZero, checkServerTypeFilter } from "./query-meaning.js";
import { CaseNotRun } from "./http.js";
import { contractProblems, expectStatus, NO_SUCH_ID, type Problems, servicesOf, totalOf } from "./suite.js";

const STATE = "needs a server that keeps state";
const limits = queryParameterLimits as Record<string, { enum?: readonly string[]; default?: unknown } | undefined>;
const enumOf = (name: string) => limits[name]?.enum ?? [];
const timeOf = (service: Listed, key: string) => (key === "update_at" ? service.updated : service.created);

export const paging: Check = {
  name: "paging",
  description: "Walked with offset and limit, the pages are disjoint, together complete, and total_count is stable and counts them.",
  sends:
    "sort_key=create_at&sort_dir=asc with limit=2, then pages of the smallest size that covers total_count within the page cap, then one page past the end",
  expects:
    "no service on two pages, total_count the same on every page and equal to the services walked, nothing past the end; this walk is the baseline the other meaning checks compare with",
  needsState: STATE,
  async run(ctx) {
    await ctx.suite.run("paging: pages are disjoint and together complete, total_count is stable", async (get, problems) => {
      const baseline = await ctx.walkBaseline(get, problems);
      // A walk that found no fault but could not finish (the page cap, a redirect, an answer too large) is not run.
      if ("reason" in baseline && ("capped" in baseline || problems.length === 0)) throw new CaseNotRun(baseline.reason);
      return 200;
    });
  },
};

export const defaults: Check = {
  name: "defaults",
  description: "A query that omits limit, offset, sort_key and sort_dir gets the documented defaults.",
  sends: "GET with no parameters",
  expects: `a page of min(${String(limits["limit"]?.default)}, total) services from offset 0, ordered by ${String(limits["sort_key"]?.default)} ${String(limits["sort_dir"]?.default)}: the first services of the listing in that order`,
  needsState: STATE,
  async run(ctx) {
    const pageSize = Number(limits["limit"]?.default ?? 10);
    const key = String(limits["sort_key"]?.default ?? "create_at");
    const dir = String(limits["sort_dir"]?.default ?? "desc");
    await ctx.withBaseline(
      `defaults: without limit a page holds ${pageSize} services (the documented default)`,
      async (get, problems, baseline) => {
        const answer = await get({});
        if (!expectStatus(answer, 200, problems)) return answer.status;
        const count = servicesOf(answer).length;
        const expected = Math.min(pageSize, baseline.services.length);
        if (count !== expected)
          problems.add(
            "default-page-size",
            "endpoint_services",
            `${count} services without limit, expected ${expected} (default limit ${pageSize}, ${baseline.services.length} listed)`,
          );
        return answer.status;
      },
    );
    await ctx.withBaseline(
      `defaults: without sort_key and sort_dir the page is ordered by ${key} ${dir}`,
      async (get, problems, baseline) => {
        const answer = await get({});
        if (!expectStatus(answer, 200, problems)) return answer.status;
        const page = servicesOf(answer).map(listed);
        orderProblems(
          page.map((s, i) => ({ service: s, where: `item ${i + 1}` })),
          key,
          dir,
          problems,
          "default-order",
        );
        // The page holds the first services in that order: none left out is further ahead.
        const onPage = new Set(page.map((s) => s.id));
        const times = page.map((s) => timeOf(s, key)).filter((t): t is number => t !== undefined);
        if (times.length === 0) return answer.status;
        const edge = dir === "desc" ? Math.min(...times) : Math.max(...times);
        const ahead = baseline.services.find((s) => {
          const time = timeOf(s, key);
          return !onPage.has(s.id) && time !== undefined && (dir === "desc" ? time > edge : time < edge);
        });
        if (ahead)
          problems.add(
            "default-order",
            "endpoint_services",
            `service ${ahead.id} is missing: it comes before the page's last service by ${key} ${dir}`,
          );
        return answer.status;
      },
    );
  },
};

export const limit: Check = {
  name: "limit",
  description: "limit is respected at 1, 2 and the maximum, and total_count counts the matches, not the page.",
  sends: `limit=1, limit=2, limit=${maxPageSize}`,
  expects: "min(limit, total) services, and total_count equal to the listing's",
  needsState: STATE,
  async run(ctx) {
    for (const size of [1, 2, maxPageSize]) {
      const name =
        size === maxPageSize
          ? `limit: limit=${size} (the maximum) is respected, total_count counts the matches, not the page`
          : `semantics: limit=${size} is respected, total_count counts the matches, not the page`;
      await ctx.partlyWithBaseline(name, async (get, problems, baseline) => {
        const answer = await get({ limit: size });
        if (!expectStatus(answer, 200, problems)) return answer.status;
        problems.addAll(contractProblems(answer));
        const count = servicesOf(answer).length;
        if (count > size) problems.add("limit-respected", "endpoint_services", `${count} services for limit=${size}`);
        if (!baseline) {
          // total_count counts the matches whatever the page: the same for another limit.
          const other = totalOf(await get({ limit: size === 1 ? 2 : 1 }));
          if (totalOf(answer) !== other)
            problems.add(
              "total-count",
              "total_count",
              `${String(totalOf(answer))} for limit=${size}, but ${String(other)} for limit=${size === 1 ? 2 : 1}`,
            );
          return answer.status;
        }
        const listed = baseline.services.length;
        if (count > size) return answer.status;
        else if (count < Math.min(size, listed))
          problems.add("limit-respected", "endpoint_services", `${count} services for limit=${size} although ${listed} are listed`);
        if (totalOf(answer) !== listed)
          problems.add("total-count", "total_count", `${String(totalOf(answer))} for limit=${size}, but the listing counts ${listed}`);
        return answer.status;
      });
    }
  },
};

export const limitZero: Check = {
  name: "limit-zero",
  description: "limit=0 gets one of the answers the document's x-limit-zero allows.",
  sends: "limit=0, and no parameters (for total_count)",
  expects: "400 EndPoint.0006, or 200 with no services and the full total_count",
  needsState: STATE,
  run: (ctx) => checkLimitZero(ctx.suite),
};

export const offset: Check = {
  name: "offset",
  description: "offset=k starts the page at the k-th service, and an offset at total_count gives an empty page.",
  sends: "sort_key=create_at&sort_dir=asc with limit=3, then offset=1&limit=2; limit=1 (for total_count), then offset=total_count",
  expects: "the page at offset 1 is the 2nd and 3rd service of the page at offset 0; no services at offset=total_count",
  needsState: STATE,
  async run(ctx) {
    await ctx.suite.run("offset: offset=1 starts at the second service", async (get, problems) => {
      const order = { sort_key: "create_at", sort_dir: "asc" } as const;
      const first = await get({ ...order, limit: 3 });
      if (!expectStatus(first, 200, problems)) return first.status;
      const ids = servicesOf(first).map((s) => String(s.id));
      const shifted = await get({ ...order, limit: 2, offset: 1 });
      if (!expectStatus(shifted, 200, problems)) return shifted.status;
      const got = servicesOf(shifted).map((s) => String(s.id));
      const want = ids.slice(1, 3);
      if (got.length !== want.length || got.some((id, i) => id !== want[i]))
        problems.add(
          "offset-respected",
          "endpoint_services",
          `[${got.join(", ")}] at offset=1&limit=2, expected [${want.join(", ")}] (items 2 and 3 at offset 0)`,
        );
      return shifted.status;
    });
    await ctx.suite.run("boundary: offset=total_count gives an empty page", async (get, problems) => {
      const first = await get({ limit: 1 });
      const total = totalOf(first);
      if (first.status !== 200 || total === undefined)
        throw new CaseNotRun(`total_count unavailable (the answer to limit=1 was ${first.status})`);
      const end = await get({ offset: total, limit: 10 });
      if (expectStatus(end, 200, problems) && servicesOf(end).length !== 0)
        problems.add("offset-at-end", "endpoint_services", `${servicesOf(end).length} services at offset=${total}, expected none`);
      problems.addAll(contractProblems(end));
      return end.status;
    });
  },
};

function orderProblems(
  sequence: readonly { service: Listed; where: string }[],
  key: string,
  dir: string,
  problems: Problems,
  check: "sort-order" | "default-order" = "sort-order",
) {
  let previous: { time: number; where: string; id: string } | undefined;
  for (const { service, where } of sequence) {
    const time = timeOf(service, key);
    if (time === undefined) continue;
    if (previous && (dir === "asc" ? time < previous.time : time > previous.time))
      problems.add(
        check,
        "order",
        `service ${service.id} (${where}) comes after ${previous.id} (${previous.where}) but is ${dir === "asc" ? "older" : "newer"} by ${key}`,
      );
    previous = { time, where, id: service.id };
  }
}

export const sortOrder: Check = {
  name: "sort-order",
  description: "Each sort_key in each sort_dir orders the whole list, within and across pages.",
  sends: "each sort_key × sort_dir, walked in the baseline's page size",
  expects: "every service in order by that key and direction; the pages disjoint and holding every listed service",
  needsState: STATE,
  async run(ctx) {
    for (const key of enumOf("sort_key"))
      for (const dir of enumOf("sort_dir")) {
        const name = `semantics: sort_key=${key} sort_dir=${dir} order holds within and across pages`;
        await ctx.withBaseline(name, async (get, problems, baseline) => {
          // The baseline is this walk (create_at asc): judge it without walking again.
          const walked =
            key === "create_at" && dir === "asc"
              ? {
                  services: baseline.services.map((s, i) => ({ ...s, page: Math.floor(i / baseline.size) + 1 })),
                  totals: [],
                  status: 200,
                  capped: false,
                }
              : await walk(get, { sort_key: key, sort_dir: dir }, baseline.size, ctx.options.maxPages, problems);
          orderProblems(
            walked.services.map((s, i) => ({ service: s, where: `page ${s.page} item ${(i % baseline.size) + 1}` })),
            key,
            dir,
            problems,
          );
          pagingProblems({ ...walked, answered: true }, problems);
          const seen = new Set(walked.services.map((s) => s.id));
          const missing = baseline.services.filter((s) => !seen.has(s.id));
          if (!walked.capped && walked.status === 200 && missing.length)
            problems.add(
              "pages-complete",
              "pages",
              `${missing.length} listed services on no page (${missing
                .slice(0, 5)
                .map((s) => s.id)
                .join(", ")})`,
            );
          stopAtCap({ ...walked, answered: true }, ctx.options.maxPages, baseline.size);
          return walked.status;
        });
      }
  },
};

export const filterStatus: Check = {
  name: "filter-status",
  description: "status= returns only services of that status, and total_count counts them.",
  sends: "status=<each documented value> with the baseline's page size",
  expects: "only services of that status (none for a status no service has); total_count equal to the listing's count of that status",
  needsState: STATE,
  async run(ctx) {
    for (const status of enumOf("status"))
      await ctx.partlyWithBaseline(
        `semantics: status=${status} returns only ${status} services, total_count counts them`,
        async (get, problems, baseline) => {
          const answer = await get({ status, limit: baseline?.size ?? maxPageSize });
          if (!expectStatus(answer, 200, problems)) return answer.status;
          servicesOf(answer).forEach((s, i) => {
            if (s.status !== status)
              problems.add(
                "filter-status",
                `endpoint_services[${i}].status`,
                `${JSON.stringify(s.status)} in an answer to status=${status}`,
              );
          });
          if (!baseline) return answer.status;
          const expected = baseline.services.filter((s) => s.status === status).length;
          if (totalOf(answer) !== expected)
            problems.add("total-count", "total_count", `${String(totalOf(answer))}, but ${expected} of the listed services are ${status}`);
          return answer.status;
        },
      );
  },
};

const containsFolded = (name: unknown, fragment: string) => typeof name === "string" && name.toLowerCase().includes(fragment.toLowerCase());
const swapCase = (text: string) => [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

/** A fragment of a listed name that matches as few services as possible (so its matches fit one page), and its service. */
function rareFragment(services: readonly Listed[]) {
  let best: { fragment: string; service: Listed; matches: number } | undefined;
  for (const service of services.slice(0, 200)) {
    if (typeof service.name !== "string" || service.name.length < 2) continue;
    const fragment = service.name.slice(1, Math.min(service.name.length, 24));
    const matches = services.filter((s) => containsFolded(s.name, fragment)).length;
    if (!best || matches < best.matches) best = { fragment, service, matches };
    if (matches === 1) break;
  }
  return best;
}

/** A name fragment no listed service contains. */
function absentFragment(services: readonly Listed[]): string {
  for (let n = 0; ; n++) {
    const fragment = `zq${n}-no-such-name`;
    if (!services.some((s) => containsFolded(s.name, fragment))) return fragment;
  }
}

export const filterName: Check = {
  name: "filter-name",
  description: "endpoint_service_name= matches the names that contain it, ignoring case, and no others.",
  sends: "a fragment of a listed name in swapped case (the rarest among the first 200 names), and a fragment no listed name contains",
  expects:
    "every service whose name contains the fragment (ignoring case) and no other, total_count counting them; none for the absent fragment",
  needsState: STATE,
  async run(ctx) {
    const name = "semantics: endpoint_service_name matches names containing it, ignoring case";
    const baseline = await ctx.baseline();
    const rare = "services" in baseline ? rareFragment(baseline.services) : undefined;
    if ("services" in baseline && !rare)
      return ctx.suite.notRun(name, "no listed service has a name of 2 characters or more to search for");
    await ctx.withBaseline(name, async (get, problems, { services, size }) => {
      const { fragment, matches } = rare!;
      const asked = swapCase(fragment);
      const answer = await get({ endpoint_service_name: asked, limit: Math.min(maxPageSize, Math.max(size, matches)) });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      const found = servicesOf(answer);
      found.forEach((s, i) => {
        if (!containsFolded(s.service_name, asked))
          problems.add(
            "filter-name",
            `endpoint_services[${i}].service_name`,
            `${JSON.stringify(s.service_name)} does not contain ${JSON.stringify(asked)} (ignoring case)`,
          );
      });
      const ids = new Set(found.map((s) => String(s.id)));
      // Asked with a page as large as the matches (up to the largest page): every match is on it.
      if (matches <= maxPageSize)
        for (const s of services.filter((s) => containsFolded(s.name, asked)).slice(0, maxPageSize))
          if (!ids.has(s.id))
            problems.add("filter-name", "endpoint_services", `service ${s.id} named ${JSON.stringify(s.name)} is missing`);
      if (totalOf(answer) !== matches)
        problems.add(
          "total-count",
          "total_count",
          `${String(totalOf(answer))}, but ${matches} listed names contain ${JSON.stringify(asked)}`,
        );
      return answer.status;
    });
    await ctx.withBaseline(
      "semantics: endpoint_service_name that no name contains returns no services",
      async (get, problems, { services }) => {
        const absent = absentFragment(services);
        const answer = await get({ endpoint_service_name: absent });
        if (!expectStatus(answer, 200, problems)) return answer.status;
        if (servicesOf(answer).length > 0 || totalOf(answer) !== 0)
          problems.add(
            "filter-name",
            "endpoint_services",
            `${servicesOf(answer).length} services (total_count ${String(totalOf(answer))}) for a name no listed service contains`,
          );
        return answer.status;
      },
    );
  },
};

export const filterId: Check = {
  name: "filter-id",
  description: "id= returns that service only, and no service for an id no service has.",
  sends: "limit=1 (for a listed id), then that id; an id no service has",
  expects: "exactly that service; no services and total_count 0",
  needsState: STATE,
  async run(ctx) {
    // The id comes from one page, not from the baseline: a broken walk must not hide a broken id filter.
    await ctx.suite.run("semantics: id returns at most that service", async (get, problems) => {
      const first = await get({ limit: 1 });
      if (!expectStatus(first, 200, problems)) return first.status;
      const known = servicesOf(first)[0];
      if (!known) throw new CaseNotRun("the list is empty: no id to ask for");
      const wanted = String(known.id);
      const answer = await get({ id: wanted });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      const found = servicesOf(answer).map((s) => String(s.id));
      if (found.length > 1) problems.add("filter-id", "endpoint_services", `${found.length} services for id=${wanted}`);
      for (const id of found)
        if (id !== wanted) problems.add("filter-id", "endpoint_services", `service ${id} in an answer to id=${wanted}`);
      if (found.length === 0) problems.add("filter-id", "endpoint_services", `the listed service ${wanted} is missing`);
      return answer.status;
    });
    await ctx.suite.run("semantics: id that no service has returns no services", async (get, problems) => {
      const answer = await get({ id: NO_SUCH_ID });
      if (!expectStatus(answer, 200, problems)) return answer.status;
      if (servicesOf(answer).length > 0 || totalOf(answer) !== 0)
        problems.add(
          "filter-id",
          "endpoint_services",
          `${servicesOf(answer).length} services (total_count ${String(totalOf(answer))}) for an id no service has`,
        );
      return answer.status;
    });
  },
};

export const filterServerType: Check = {
  name: "filter-server-type",
  description:
    "server_type= returns only services of that type, or is ignored (the unfiltered page); a value no version lists is never refused.",
  sends: "sort_key=create_at&sort_dir=asc in the baseline's page size, unfiltered, with a listed server_type and with one no version lists",
  expects: "only services of that type, total_count counting them; or exactly the unfiltered page",
  needsState: STATE,
  async run(ctx) {
    const baseline = await ctx.baseline();
    const size = "size" in baseline ? baseline.size : Math.min(maxPageSize, 10);
    await checkServerTypeFilter(ctx.suite, size);
  },
};
