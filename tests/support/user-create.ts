/**
 * Runs the admin bootstrap command (`npm run user:create`) the way an operator does, against the
 * storage a test server will use. It must run with the server's PASSWORD_PEPPER, as in production.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { baseServerEnv } from "./server";

const root = path.resolve(__dirname, "../..");

export function createUserWithCli(
  user: { username: string; email: string; password: string; admin?: boolean },
  storage: Record<string, string | undefined>,
): string {
  const env: Record<string, string> = { ...baseServerEnv(), NODE_ENV: "development" };
  for (const [key, value] of Object.entries(storage)) if (value !== undefined) env[key] = value;
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
      // As `npm run user:create` does: the server-only modules it uses may be imported by a script.
      "--conditions=react-server",
      path.join(root, "scripts", "user-create.ts"),
      ...(user.admin ? ["--admin"] : []),
      "--username",
      user.username,
      "--email",
      user.email,
    ],
    { cwd: root, env: env as NodeJS.ProcessEnv, input: `${user.password}\n`, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`user:create failed (${result.status}): ${result.stdout}${result.stderr}`);
  return result.stdout;
}
