// Runs once when a Next.js server process starts (next dev, next start, the standalone server).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/server/lifecycle");
    await startServer();
  }
}
