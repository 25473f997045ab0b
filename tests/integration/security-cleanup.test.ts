/**
 * The security-cleanup job (lib/security-centre/cleanup.ts), run the way a platform without long-running
 * processes runs it: through the cron route. Expired session records and activity older than
 * ACTIVITY_RETENTION_DAYS go; live sessions and recent activity stay.
 *
 * Postgres only: the test ages rows with SQL beside the running server, which PGlite (one owner of
 * its data folder) does not allow. The job's code is the same on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../support/database";
import { testEngine } from "../support/engine";
import { newUser, tokensFor } from "../support/http";
import { type MailWorld, startMailWorld } from "../support/mail-world";

const engine = testEngine();
const CRON_SECRET = "the-cron-secret-of-the-cleanup-test";

describe.skipIf(engine !== "postgres")("the security-cleanup job (postgres; skipped on embedded: it ages rows beside the server)", () => {
  let world: MailWorld;

  beforeAll(async () => {
    // No worker in the server: nothing runs until the cron route is called, so the test decides when.
    world = await startMailWorld(engine, { JOB_WORKER: "off", CRON_SECRET, ACTIVITY_RETENTION_DAYS: "30" });
  });

  afterAll(async () => {
    await world?.close();
  });

  it("deletes expired session records and activity past its retention, and keeps the rest", async () => {
    const user = await newUser(world.client);
    await tokensFor(world.client, user);
    const current = await tokensFor(world.client, user);
    const listed = await world.client.get("/api/v1/profile/sessions", { token: current.accessToken });
    expect(listed.status).toBe(200);
    const sessions = listed.body.items as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    const expired = sessions.find((session) => !session.current)!.id;
    const live = sessions.find((session) => session.current)!.id;

    const sql = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
      withClient(world.databaseUrl!, async (db) => (await db.query<T>(text, values)).rows);
    const [oldest] = await sql<{ id: number }>("SELECT min(id) AS id FROM activities WHERE user_id = $1", [user.id]);
    await sql("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1", [expired]);
    await sql("UPDATE activities SET at = now() - interval '31 days' WHERE id = $1", [oldest!.id]);
    const activityBefore = await sql<{ id: number }>("SELECT id FROM activities WHERE user_id = $1 ORDER BY id", [user.id]);
    expect(activityBefore.length).toBeGreaterThanOrEqual(2);

    const run = await world.client.get("/api/v1/internal/jobs/run", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(run.status).toBe(200);

    const sessionsAfter = await sql<{ id: string }>("SELECT id::text AS id FROM sessions WHERE user_id = $1", [user.id]);
    expect(sessionsAfter.map((row) => row.id)).toEqual([live]);
    const activityAfter = await sql<{ id: number }>("SELECT id FROM activities WHERE user_id = $1 ORDER BY id", [user.id]);
    expect(activityAfter.map((row) => row.id)).toEqual(activityBefore.map((row) => row.id).filter((id) => id !== oldest!.id));
    // The live session still works; the cleanup only removed what had ended.
    expect((await world.client.get("/api/v1/profile", { token: current.accessToken })).status).toBe(200);
  });
});
