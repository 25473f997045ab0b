import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listMailbox, readMailboxMessage, storeInMailbox } from "./mailbox";

const mail = (subject: string) => ({ from: "Keel <no-reply@localhost>", to: "ada@example.com", subject, text: "t", html: "<p>h</p>" });

describe("the development mailbox", () => {
  it("keeps messages in the data folder and lists them newest first", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-mailbox-"));
    await storeInMailbox(dir, mail("first"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storeInMailbox(dir, mail("second"));
    const listed = await listMailbox(dir);
    expect(listed.map((m) => m.subject)).toEqual(["second", "first"]);
    expect(await readMailboxMessage(dir, listed[1]!.id)).toMatchObject({ subject: "first", to: "ada@example.com" });
  });

  it("is empty before the first message, and reads nothing outside its folder", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-mailbox-"));
    expect(await listMailbox(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, "secret.json"), "{}");
    expect(await readMailboxMessage(path.join(dir, "mailbox"), "../secret")).toBeNull();
    expect(await readMailboxMessage(dir, "../../etc/passwd")).toBeNull();
  });
});
