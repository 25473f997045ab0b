/**
 * Creates an account from the command line; the only way to create the first administrator (the API
 * never lets anyone choose a role).
 *
 *   npm run user:create -- --admin --username root --email root@example.com
 *
 * The password is read from the terminal without echo, or from standard input when it is not a
 * terminal (echo "$PASSWORD" | npm run user:create -- ...). The same rules apply as for registration.
 * Uses DATABASE_URL, or the embedded database under KEEL_DATA_DIR (stop the server first).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase } from "@/lib/db/client";
import { parseCliConfig } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/http/errors";
import { createAccount } from "@/lib/users/register";
import { registerInputSchema } from "@/lib/users/schemas";

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = "";
    for await (const chunk of stdin) data += chunk;
    return data.replace(/\r?\n$/, "");
  }
  process.stdout.write("Password: ");
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let password = "";
    stdin.on("data", (key: string) => {
      for (const char of key) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write("\n");
          resolve(password);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          reject(new Error("Cancelled."));
          return;
        }
        password = char === "\u007f" ? password.slice(0, -1) : password + char;
      }
    });
  });
}

/**
 * The new account's password must be hashed with the server's pepper. Against a real database
 * (DATABASE_URL) a pepper generated here could never match the server's, so refuse instead of
 * creating an account that cannot sign in. (The embedded database's server reads the same generated
 * pepper from KEEL_DATA_DIR as this command does.)
 */
function assertServerPepper(): void {
  const { database, dataDir, passwordPepperSet } = parseCliConfig(process.env);
  if (database.kind === "postgres" && !passwordPepperSet && !fs.existsSync(path.join(dataDir, "password-pepper"))) {
    throw new Error(
      "Set PASSWORD_PEPPER to the value the server uses: with DATABASE_URL this command cannot know it, and an " +
        "account hashed with another pepper could never sign in.",
    );
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      admin: { type: "boolean", default: false },
      username: { type: "string" },
      email: { type: "string" },
    },
  });
  if (!values.username || !values.email) {
    console.error("Usage: npm run user:create -- [--admin] --username <name> --email <address>");
    return 2;
  }
  assertServerPepper();
  const parsed = registerInputSchema.safeParse({ username: values.username, email: values.email, password: await readPassword() });
  if (!parsed.success) {
    for (const [field, messages] of Object.entries(fieldErrorsOf(parsed.error))) console.error(`${field}: ${messages.join(" ")}`);
    return 1;
  }
  try {
    const user = await createAccount({
      username: parsed.data.username,
      email: parsed.data.email,
      role: values.admin ? "ADMIN" : "USER",
      credential: { password: parsed.data.password },
    });
    console.log(`Created ${user.role === "ADMIN" ? "administrator" : "user"} ${user.username} (id ${user.id}).`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(error.message, error.fields ? JSON.stringify(error.fields) : "");
      return 1;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
