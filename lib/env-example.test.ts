import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every variable lib/env.ts reads is documented in .env.example and in the README's table.
describe(".env.example and README", () => {
  const source = fs.readFileSync(path.join(process.cwd(), "lib", "env.ts"), "utf8");
  const schemaBlock = source.slice(source.indexOf("const schema = z.object({"), source.indexOf("});", source.indexOf("const schema = z.object({")));
  const variables = [...schemaBlock.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!).filter((v) => v !== "NODE_ENV" && v !== "VERCEL");
  const example = fs.readFileSync(path.join(process.cwd(), ".env.example"), "utf8");
  const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");

  it("finds the variables", () => {
    expect(variables.length).toBeGreaterThan(15);
  });

  it.each(variables)("documents %s", (name) => {
    expect(example).toMatch(new RegExp(`^${name}=`, "m"));
    expect(readme.includes(`\`${name}\``) || (name.startsWith("RATE_LIMIT_") && readme.includes(name))).toBe(true);
  });
});
