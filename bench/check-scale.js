// @ts-check
// `vpcep-contract check`'s default run against the stateful mock seeded with many services (every
// name fragment matching more than 1,000 of them at 100,000): the run's time, its peak resident
// memory, and its verdict. `node bench/check-scale.js [count]` runs it alone; `npm run bench` prints
// it as a row. The mock runs in the same process, so the figure is the two sharing the machine.
import { fileURLToPath } from "node:url";
import { runCheck } from "../dist/src/contract/check.js";
import { startStatefulMock } from "../dist/src/mock/stateful/stateful.js";
import { service } from "./services.js";

const STATUSES = ["available", "creating", "failed", "deleting"];

/** @param {number} n */
const seeded = (n) => ({
  ...service(n),
  service_name: `orders-api-${n % 89}`,
  status: STATUSES[n % 7 === 0 ? 2 : n % 11 === 0 ? 1 : 0],
  server_type: n % 3 === 0 ? "LB" : "VM",
  created_at: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  updated_at: new Date(Date.UTC(2024, 0, 1) - ((n * 7919) % 100_003) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/** @param {number} count */
export async function checkScaleBench(count = 100_000) {
  const mock = await startStatefulMock({
    services: Array.from({ length: count }, (_, n) => seeded(n)),
    credentials: { tokens: ["bench"] },
  });
  let peak = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const sampling = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const run = await runCheck({
      baseUrl: mock.url,
      projectId: "6e9dfd51d1124e8d8498dce894923a0d",
      auth: { token: "bench" },
      timeoutMs: 120_000,
    });
    const failed = run.results.filter((r) => r.problems.length > 0).map((r) => `${r.name}: ${r.problems[0]}`);
    const notRun = run.results.filter((r) => r.notRun !== undefined && r.problems.length === 0).map((r) => `${r.name}: ${r.notRun}`);
    const used = process.cpuUsage(cpu);
    return {
      count,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakMiB: peak / 1024 / 1024,
      cases: run.results.length,
      failed,
      notRun,
      stopped: run.stopped,
    };
  } finally {
    clearInterval(sampling);
    await mock.stop();
  }
}

/** @param {Awaited<ReturnType<typeof checkScaleBench>>} row */
export function printCheckScaleBench(row) {
  const verdict = row.stopped
    ? `stopped: ${row.stopped}`
    : row.failed.length
      ? `${row.failed.length} failed`
      : row.notRun.length
        ? `${row.notRun.length} not run`
        : "all pass";
  const what = `vpcep-contract check, default run, against the stateful mock with ${row.count.toLocaleString("en")} services (same process)`;
  console.log(`| ${what}: ${row.cases} cases, ${verdict}; wall time | ${row.seconds.toFixed(1)} s | all pass |`);
  console.log(`| the same run: CPU time (user + system), checker and mock | ${row.cpuSeconds.toFixed(1)} s | |`);
  console.log(`| the same run: peak resident memory, checker and mock | ${row.peakMiB.toFixed(0)} MiB | |`);
  for (const line of [...row.failed, ...row.notRun]) console.log(`  ${line}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printCheckScaleBench(await checkScaleBench(Number(process.argv[2] ?? 100_000)));
