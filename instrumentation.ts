// Runs once when a Next.js server process starts (next dev, next start, the standalone server).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before anything else is loaded: one copy in memory of each server chunk Turbopack wrote several
    // times (lib/server/chunk-dedupe.ts). Node's own server in production only: `next dev` rewrites
    // and reloads its chunks, and on Vercel each function loads one route.
    if (process.env.NODE_ENV === "production" && process.env.VERCEL !== "1") {
      const { installChunkDedupe } = await import("./lib/server/chunk-dedupe");
      installChunkDedupe();
    }
    // Tracing first, so the database drivers it instruments are loaded after it (lib/tracing.ts).
    const { startTracingIfConfigured } = await import("./lib/tracing");
    await startTracingIfConfigured();
    // The features first: they register their job handlers before the worker starts (lib/features.ts).
    const { warmUps } = await import("./lib/features");
    const { startServer } = await import("./lib/server/lifecycle");
    await startServer({ warmUps });
  }
}
