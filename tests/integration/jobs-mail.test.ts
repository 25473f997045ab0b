/**
 * Work after the response, end to end: the job queue (pg-boss on this run's engine) and real e-mail
 * through a real SMTP server on loopback. Each scenario runs on servers of its own so it can stop the
 * mail server, kill the web server, or run two workers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/engine";
import { newUser, randomIp, tokensFor, uniqueName } from "../support/http";
import { withClient } from "../support/database";
import { startServer } from "../support/server";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();

describe(`e-mail through the job queue (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, mailEnv(sink));
  });

  afterAll(async () => {
    await world?.close();
    await sink?.stop();
  });

  it("registration sends exactly one welcome e-mail, with a text and an HTML part, to the new address", async () => {
    const user = await newUser(world.client);
    const [mail] = await sink.waitFor((m) => m.to.includes(user.email));
    expect(mail!.to).toEqual([user.email]);
    expect(mail!.from).toBe("no-reply@keel.test");
    expect(mail!.parsed.from?.text).toContain("Keel Tests");
    expect(mail!.subject).toBe("Welcome to Keel");
    for (const part of [mail!.text, mail!.html]) {
      expect(part).toContain(user.username);
      expect(part).toContain(`${TEST_APP_URL}/signin`);
      // Who sent it and why.
      expect(part).toMatch(/sent by Keel/);
      expect(part).toMatch(/because an account was created with this address/);
      expect(part).not.toContain(user.password);
    }
    // Nothing more arrives for this user (one job, one delivery).
    await world.mailSettled();
    expect(sink.to(user.email)).toHaveLength(1);
  });

  it("a password change sends a security notice to the account's address", async () => {
    const user = await newUser(world.client);
    const tokens = await tokensFor(world.client, user);
    const newPassword = `${user.password} and more`;
    const changed = await world.client.post(
      "/api/v1/profile/password",
      { currentPassword: user.password, newPassword },
      { token: tokens.accessToken },
    );
    expect(changed.status).toBeLessThan(300);
    const [notice] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject.includes("password was changed"));
    expect(notice!.text).toContain(user.username);
    expect(notice!.text).toMatch(/If you did not/);
    expect(notice!.text).not.toContain(newPassword);
    expect(notice!.html).not.toContain(newPassword);
  });

  it("a registration that fails (the name is taken, even in a race) sends nothing; the one that succeeds sends one", async () => {
    const username = uniqueName("race");
    const attempts = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        world.client.post(
          "/api/v1/auth/register",
          { username, email: `${username}_${i}@example.com`, password: "a long and unusual passphrase 9" },
          { ip: randomIp() },
        ),
      ),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409)).toHaveLength(3);
    const winner = attempts.find((r) => r.status === 201)!.body.user.email as string;
    await sink.waitFor((m) => m.to.includes(winner));
    await world.mailSettled();
    expect(sink.received.filter((m) => m.to.some((to) => to.startsWith(`${username}_`)))).toHaveLength(1);
  });

  it("with the mail server down the request still succeeds, and the e-mail arrives once it is back", async () => {
    await sink.stop();
    try {
      const started = Date.now();
      const user = await newUser(world.client);
      expect(Date.now() - started).toBeLessThan(5_000);
      // At least one attempt failed while the server was down.
      const deadline = Date.now() + 15_000;
      while (!world.server.output().includes("job failed; it will be retried") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(world.server.output()).toContain("job failed; it will be retried");
      expect(sink.to(user.email)).toHaveLength(0);
      await sink.start();
      await sink.waitFor((m) => m.to.includes(user.email), { timeoutMs: 20_000 });
      await world.mailSettled();
      expect(sink.to(user.email)).toHaveLength(1);
    } finally {
      await sink.start().catch(() => undefined);
    }
  });

  it("after the last attempt the job is dead-lettered with its error, visible to the admin, and can be retried", async () => {
    // The admin's sign-in e-mails a new-device notice: let it arrive before the mail server refuses
    // everything, so that the only failure is the one this test makes.
    const notice = (m: { to: string[]; subject: string }) => m.to.includes(world.admin.email.toLowerCase()) && m.subject === "New sign-in to your Keel account";
    const noticesBefore = sink.received.filter(notice).length;
    const adminToken = (await world.adminTokens()).accessToken;
    await sink.waitFor(notice, { count: noticesBefore + 1 });
    sink.rejectRecipients(true);
    let failure: { id: string; queue: string; attempts: number; error: string } | undefined;
    let user;
    try {
      user = await newUser(world.client);
      const deadline = Date.now() + 40_000;
      while (!failure && Date.now() < deadline) {
        const overview = await world.client.get("/api/v1/admin/jobs", { token: adminToken });
        expect(overview.status).toBe(200);
        failure = overview.body.failures.find((f: { error: string }) => /550/.test(f.error));
        if (!failure) await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      sink.rejectRecipients(false);
    }
    expect(failure).toMatchObject({ queue: "send-email", attempts: 3 });
    expect(failure!.error).toMatch(/mailbox unavailable/);
    const overview = await world.client.get("/api/v1/admin/jobs", { token: adminToken });
    expect(overview.body.queues.find((q: { name: string }) => q.name === "send-email").counts.failed).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(overview.body)).not.toContain(user.email);
    expect(sink.to(user.email)).toHaveLength(0);

    // Only administrators see or retry the queue.
    const someone = await tokensFor(world.client, await newUser(world.client));
    expect((await world.client.get("/api/v1/admin/jobs", { token: someone.accessToken })).status).toBe(403);
    expect((await world.client.post(`/api/v1/admin/jobs/${failure!.id}/retry`, undefined, { token: someone.accessToken })).status).toBe(403);

    expect((await world.client.post(`/api/v1/admin/jobs/${failure!.id}/retry`, undefined, { token: adminToken })).status).toBe(204);
    await sink.waitFor((m) => m.to.includes(user.email));
    const after = await world.client.get("/api/v1/admin/jobs", { token: adminToken });
    expect(after.body.failures.map((f: { id: string }) => f.id)).not.toContain(failure!.id);
  });

  it("a server killed (SIGKILL) while a job runs: after the restart the job runs again, and the user gets exactly one e-mail", async () => {
    sink.stallNext();
    const user = await newUser(world.client);
    const deadline = Date.now() + 15_000;
    while (sink.stalled === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.stalled).toBe(1);
    await world.restart("SIGKILL");
    await sink.waitFor((m) => m.to.includes(user.email), { timeoutMs: 40_000 });
    await world.mailSettled();
    expect(sink.to(user.email)).toHaveLength(1);
  });

  it("/dev/mailbox does not exist in production", async () => {
    expect((await fetch(`${world.server.url}/dev/mailbox`)).status).toBe(404);
  });

  it.runIf(engine === "postgres")("two servers on one Postgres run each job exactly once", async () => {
    const second = await world.startAnother();
    const clients = [world.client, (await import("../support/http")).api(second.url)];
    const users = [];
    for (let i = 0; i < 10; i++) users.push(await newUser(clients[i % 2]!));
    for (const user of users) await sink.waitFor((m) => m.to.includes(user.email), { timeoutMs: 30_000 });
    await world.mailSettled();
    for (const user of users) expect(sink.to(user.email)).toHaveLength(1);
    // Not one job ran twice (the delivery table would hide a second run from the user; the queue does not).
    const emails = users.map((u) => u.email);
    const rows = await withClient(world.databaseUrl!, (client) =>
      client.query(
        "SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ANY($1::text[])",
        [emails],
      ),
    );
    expect(rows.rows).toHaveLength(users.length);
    for (const row of rows.rows) expect(row).toEqual({ state: "completed", retry_count: 0 });
  });
});

describe(`jobs from the cron route (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  const CRON_SECRET = "the-cron-secret-of-these-tests";

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, { ...mailEnv(sink), JOB_WORKER: "off", CRON_SECRET });
  });

  afterAll(async () => {
    await world?.close();
    await sink?.stop();
  });

  it("runs due jobs with the secret, and is 401 without it", async () => {
    const user = await newUser(world.client);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sink.to(user.email)).toHaveLength(0); // no worker runs on this server

    const ip = randomIp();
    const without = await world.client.get("/api/v1/internal/jobs/run", { ip });
    expect(without.status).toBe(401);
    expect(without.body.error.code).toBe("unauthenticated");
    const wrong = await world.client.get("/api/v1/internal/jobs/run", { ip, headers: { authorization: `Bearer ${CRON_SECRET}x` } });
    expect(wrong.status).toBe(401);
    expect(sink.to(user.email)).toHaveLength(0);

    const run = await world.client.get("/api/v1/internal/jobs/run", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(run.status).toBe(200);
    expect(run.body.ran).toBeGreaterThanOrEqual(1);
    await sink.waitFor((m) => m.to.includes(user.email), { timeoutMs: 5_000 });
    const again = await world.client.get("/api/v1/internal/jobs/run", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(again.body).toEqual({ ran: 0 });
    expect(sink.to(user.email)).toHaveLength(1);
  });

  it("refuses an address that keeps guessing the secret", async () => {
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      expect((await world.client.get("/api/v1/internal/jobs/run", { ip, headers: { authorization: `Bearer guess-${i}` } })).status).toBe(401);
    }
    const limited = await world.client.get("/api/v1/internal/jobs/run", { ip, headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(limited.status).toBe(429);
  });
});

describe("a production server without a way to send e-mail", () => {
  it("refuses to start and says how to fix it", async () => {
    const attempt = startServer({ env: { MAIL_TRANSPORT: undefined, KEEL_DATA_DIR: "/tmp/keel-never-opened" } });
    await expect(attempt).rejects.toThrow(/SMTP_URL is required in production[\s\S]*MAIL_TRANSPORT=log/);
  });
});
