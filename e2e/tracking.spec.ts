/**
 * Labels and tracking in a real browser: an administrator marks a customer's order paid, the
 * customer downloads its label (the PDF's bytes are opened), the administrator adds a tracking event
 * on the admin orders page, and anyone, signed out, follows the parcel on /track.
 */
import { PDFDocument } from "pdf-lib";
import { pdfText } from "../tests/support/pdf-text";
import { adminAccount, newSignedInAccount, placeOrdersThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { checkPage } from "./support/page-check";

test("paid order: label download, a tracking event, and the public tracking page signed out", async ({ page, browser }) => {
  const customer = await newSignedInAccount(page, "tracked");
  await placeOrdersThroughApi(page, 1, { weightKg: 1.5, destination: "DE" });
  const orderId = ((await (await page.request.get("/api/v1/orders?limit=1")).json()).items[0] as { id: number }).id;
  await page.goto(`/orders/${orderId}`);
  // No label before payment.
  await expect(page.getByTestId("download-label")).toHaveCount(0);

  // The administrator works in a browser of their own, closed once the tracking event is recorded.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInThroughApi(admin.request, adminAccount());
  await admin.goto(`/admin/orders?customer=${customer.username}`);
  const row = admin.locator(`[data-testid="admin-order-row"][data-order-id="${orderId}"]`);
  await row.getByLabel("New status").selectOption("paid");
  await row.getByLabel("How was it paid? (cash, invoice number)").fill("Cash at the counter");
  await row.getByRole("button", { name: "Change status" }).click();
  // A status change asks for confirmation first (issue 31 item 8).
  await row.getByRole("button", { name: "Confirm change" }).click();
  await expect(row.getByTestId("admin-order-status")).toHaveText("Paid");
  await expect(row).toContainText(/tracking KE[0-9]{9}[A-Z]{2}/);

  // The customer downloads the label: a one-page 4 x 6 in PDF with the order and its tracking number.
  await page.reload();
  const trackingNumber = (await page.getByTestId("order-tracking").textContent())!.trim();
  expect(trackingNumber).toMatch(/^KE[0-9]{9}[A-Z]{2}$/);
  const downloading = page.waitForEvent("download");
  await page.getByTestId("download-label").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`keel-label-${orderId}.pdf`);
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    download.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      stream.on("error", reject);
    }, reject);
  });
  const pdf = await PDFDocument.load(bytes);
  expect(pdf.getPageCount()).toBe(1);
  expect(pdf.getPage(0).getSize()).toEqual({ width: 288, height: 432 });
  const text = await pdfText(bytes);
  expect(text).toContain(`Order #${orderId}`);
  expect(text).toContain("1.500 kg");
  expect(text.replaceAll(" ", "")).toContain(trackingNumber);

  // The administrator records where the parcel is.
  try {
    await admin.reload();
    await row.getByLabel("Tracking event", { exact: true }).selectOption("in_transit");
    await row.getByLabel("Location (public)").fill("Leipzig hub");
    await row.getByLabel("Note (customer only)").fill("Handed to the night truck.");
    await row.getByRole("button", { name: "Add tracking event" }).click();
    await expect(row.getByTestId(`tracking-message-${orderId}`)).toHaveText(`Recorded on order #${orderId}: in transit.`);
    await expect(row.getByTestId("admin-order-tracking-latest")).toHaveText("Latest: In transit, Leipzig hub");
  } finally {
    await adminContext.close();
  }

  // The customer sees the event and its note on the order page.
  await page.reload();
  await expect(page.getByTestId("order-tracking-event")).toHaveCount(1);
  await expect(page.getByTestId("order-tracking-event")).toContainText("In transit · Leipzig hub");
  await expect(page.getByTestId("order-tracking-event")).toContainText("Handed to the night truck.");

  // Anyone, signed out, follows it from the form, typed the way it is printed on the label.
  const stranger = await browser.newContext();
  try {
    const anyone = await stranger.newPage();
    await anyone.goto("/track");
    await checkPage(anyone, "track-form");
    await anyone.getByLabel("Tracking number").fill(`${trackingNumber.slice(0, 2)} ${trackingNumber.slice(2, 6)} ${trackingNumber.slice(6, 10)} ${trackingNumber.slice(10, 11)} ${trackingNumber.slice(11)}`);
    await anyone.getByRole("button", { name: "Track" }).click();
    await expect(anyone).toHaveURL(new RegExp(`/track/${trackingNumber}$`));
    await expect(anyone.getByTestId("track-status")).toHaveText("In transit");
    await expect(anyone.getByTestId("track-destination")).toHaveText("Germany");
    await expect(anyone.getByTestId("track-timeline")).toContainText("In transit · Leipzig hub");
    await expect(anyone.getByTestId("track-timeline")).toContainText("Paid");
    await expect(anyone.locator("main")).not.toContainText("Handed to the night truck.");
    await expect(anyone.locator("main")).not.toContainText(customer.username);
    await checkPage(anyone, "track-parcel");

    // A typo in the check digit is said on the form, without a lookup.
    const digit = Number(trackingNumber[10]);
    await anyone.goto(`/track?number=${trackingNumber.slice(0, 10)}${(digit + 1) % 10}${trackingNumber.slice(11)}`);
    await expect(anyone.getByTestId("number-error")).toContainText("This is not a tracking number");
  } finally {
    await stranger.close();
  }
});
