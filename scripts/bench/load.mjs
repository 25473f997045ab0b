// One autocannon run, in its own process (so the load generator never shares the server's event
// loop): reads its options as JSON from argv[2], prints the summary as JSON on stdout.
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import Stripe from "stripe";

const { expectStatus, stripeWebhookSecret, ...options } = JSON.parse(process.argv[2]);

/**
 * Stripe's webhook intake: every request a new event, signed the way Stripe signs (the SDK's own
 * test signer), so that none is answered as a replay. The event is a failure for a PaymentIntent the
 * server does not know: verified, recorded once and applied, without asking Stripe's API anything.
 */
function signedStripeEvents(secret) {
  const { webhooks } = new Stripe("sk_test_bench");
  return [
    {
      setupRequest(request) {
        const id = randomBytes(12).toString("hex");
        const payload = JSON.stringify({
          id: `evt_bench_${id}`,
          object: "event",
          created: Math.floor(Date.now() / 1000),
          type: "payment_intent.payment_failed",
          livemode: false,
          data: { object: { id: `pi_bench_${id}`, object: "payment_intent", amount: 1000, currency: "usd", last_payment_error: { message: "declined" } } },
        });
        const signature = webhooks.generateTestHeaderString({ payload, secret });
        return { ...request, method: "POST", body: payload, headers: { ...request.headers, "content-type": "application/json", "stripe-signature": signature } };
      },
    },
  ];
}

const result = await autocannon({
  ...options,
  ...(stripeWebhookSecret ? { requests: signedStripeEvents(stripeWebhookSecret) } : {}),
  renderProgressBar: false,
  renderResultsTable: false,
  renderLatencyTable: false,
});
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
