// Runs once when a Next.js server process starts (next dev, next start, the standalone server).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Tracing first, so the database drivers it instruments are loaded after it (lib/tracing.ts).
    const { startTracingIfConfigured } = await import("./lib/tracing");
    await startTracingIfConfigured();
    // The features first: they register their job handlers before the worker starts (lib/features.ts).
    const { warmUps } = await import("./lib/features");
    const { startServer } = await import("./lib/server/lifecycle");
    await startServer({ warmUps });
  }
}
