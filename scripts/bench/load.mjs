// One autocannon run, in its own process (so the load generator never shares the server's event
// loop): reads its options as JSON from argv[2], prints the summary as JSON on stdout.
import autocannon from "autocannon";

const { expectStatus, ...options } = JSON.parse(process.argv[2]);
const result = await autocannon({ ...options, renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
// Responses other than the expected status (any 2xx unless the scenario names one), errors, timeouts.
const unexpected = Object.entries(result.statusCodeStats)
  .filter(([status]) => (expectStatus ? Number(status) !== expectStatus : !status.startsWith("2")))
  .reduce((sum, [, stats]) => sum + stats.count, 0);
const non2xx = unexpected + result.errors + result.timeouts;
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    non2xx,
    statusCodes: result.statusCodeStats,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
