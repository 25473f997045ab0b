/**
 * Work after the response, end to end: the job queue (pg-boss on this run's engine) and real e-mail
 * through a real SMTP server on loopback. Each scenario runs on servers of its own so it can stop the
 * mail server, kill the web server, or run two workers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/engine";
import { newUser, tokensFor } from "../support/http";
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
    await new Promise((resolve) => setTimeout(resolve, 1_500));
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
});
