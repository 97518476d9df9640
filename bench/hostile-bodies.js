// @ts-check
// Hostile inputs that were quadratic (issue 23): a page of 64,000 invalid items (128 KB) through the
// contract validators (the proxy, the checker and `validate` use them), one service with 64,000
// invalid ports through the store's check (the control API, seed files and the MSW handlers use it),
// and 50,000 lifecycle transitions that fall due together. Each is timed once, in process.
import { validateListEndpointServicesResponse } from "../dist/src/document/validators.js";
import { Lifecycle, MockClock } from "../dist/src/mock/state/lifecycle.js";
import { ServiceStore, serviceProblems } from "../dist/src/mock/state/store.js";

const N = 64_000;

/** @param {() => unknown} work */
const timed = (work) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

export function hostileBodiesBench() {
  const page = `{"endpoint_services":[${Array(N).fill("1").join(",")}],"total_count":1}`;
  const pageMs = timed(() => validateListEndpointServicesResponse(200, { "content-type": "application/json" }, page));
  const service = {
    id: "a",
    service_name: "s",
    service_type: "interface",
    status: "available",
    created_at: "2020-01-01T00:00:00Z",
    ports: Array(N).fill(1),
  };
  const serviceMs = timed(() => serviceProblems(service));
  const due = 50_000;
  const creating = Array.from({ length: due }, (_, n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    service_name: `svc-${n}`,
    service_type: /** @type {const} */ ("interface"),
    status: /** @type {const} */ ("creating"),
    created_at: "2020-01-01T00:00:00Z",
  }));
  const store = new ServiceStore(creating);
  const clock = new MockClock();
  const lifecycle = new Lifecycle(store, clock);
  for (const each of creating) lifecycle.schedule(each, { afterMs: 10 });
  clock.advance(10);
  const transitionsMs = timed(() => lifecycle.tick());
  return { pageBytes: page.length, pageMs, serviceMs, due, transitionsMs };
}

/** @param {ReturnType<typeof hostileBodiesBench>} result */
export function printHostileBodiesBench({ pageBytes, pageMs, serviceMs, due, transitionsMs }) {
  console.log(
    `| validate a page of ${N.toLocaleString("en")} invalid items (${Math.round(pageBytes / 1000)} KB), vpcep-openapi/contract | ${pageMs.toFixed(0)} ms | < 1000 ms |`,
  );
  console.log(
    `| check one service with ${N.toLocaleString("en")} invalid ports (control API, seed files, MSW) | ${serviceMs.toFixed(0)} ms | < 1000 ms |`,
  );
  console.log(`| apply ${due.toLocaleString("en")} lifecycle transitions due together | ${transitionsMs.toFixed(0)} ms | < 1000 ms |`);
}
