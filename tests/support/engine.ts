/** Which database engine this integration run uses, and the server variables that select it. */
export type TestEngine = "embedded" | "postgres";

export function testEngine(): TestEngine {
  const engine = process.env.KEEL_TEST_ENGINE ?? "embedded";
  if (engine !== "embedded" && engine !== "postgres") {
    throw new Error(`KEEL_TEST_ENGINE must be "embedded" or "postgres", not "${engine}"`);
  }
  return engine;
}

export function engineServerEnv(
  engine: TestEngine,
  where: { dataDir: string; databaseUrl?: string },
): Record<string, string | undefined> {
  return {
    KEEL_DATA_DIR: where.dataDir,
    DATABASE_URL: engine === "postgres" ? where.databaseUrl : undefined,
  };
}
