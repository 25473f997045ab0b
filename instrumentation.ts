// Runs once when a Next.js server process starts (next dev, next start, the standalone server).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Tracing first, so the database drivers it instruments are loaded after it (lib/tracing.ts).
    const { startTracingIfConfigured } = await import("./lib/tracing");
    await startTracingIfConfigured();
    const { startServer } = await import("./lib/server/lifecycle");
    await startServer();
  }
}
