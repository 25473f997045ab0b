/**
 * Labels and tracking in a real browser: an administrator marks a customer's addressed order paid
 * (the label is the owner's: the administrator's view of the order offers none), the customer
 * downloads its label (the PDF's bytes are opened), the administrator adds a tracking event on the
 * admin orders page, the recipient gets the news by e-mail (read from the test SMTP server), and
 * anyone, signed out, follows the parcel on /track, from the e-mail's link and from the form.
 * Adding an address, quoting with dimensions and placing an addressed order in the browser are
 * e2e/shipments.spec.ts's walk; this one continues from an addressed order.
 */
import { PDFDocument } from "pdf-lib";
import { pdfText } from "../tests/support/pdf-text";
import { adminAccount, newSignedInAccount, placeOrdersThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mail";
import { checkPage } from "./support/page-check";

test("paid order: label download, a tracking event, and the public tracking page signed out", async ({ page, browser }) => {
  const customer = await newSignedInAccount(page, "tracked");
  const recipientEmail = `erika-${customer.username}@example.de`;
  await placeOrdersThroughApi(page, 1, {
    parcel: { weightKg: 1.5 },
    recipient: { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", email: recipientEmail },
    sender: { name: "Ada Lovelace", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" },
    contents: { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" },
  });
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
  // The administrator's view of the customer's order offers no label: the label route is the
  // owner's, like GET /orders/{id} (a link there would only lead to a 404).
  await admin.goto(`/orders/${orderId}`);
  await expect(admin.getByTestId("order-customer")).toHaveText(customer.username);
  await expect(admin.getByTestId("order-status")).toHaveText("Paid");
  await expect(admin.getByTestId("download-label")).toHaveCount(0);
  expect((await admin.request.get(`/api/v1/orders/${orderId}/label`)).status()).toBe(404);

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
  expect(text).toContain("Erika Mustermann");
  expect(text).toContain("51147 Köln");
  expect(text).toContain("Ada Lovelace");
  expect(text.replaceAll(" ", "")).toContain(trackingNumber);

  // The administrator records where the parcel is.
  try {
    await admin.goto(`/admin/orders?customer=${customer.username}`);
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

  // The recipient reads the news in their e-mail, with the link to the public tracking page.
  const news = await waitForMail(recipientEmail, /Your parcel is in transit/);
  expect(news.subject).toBe(`Your parcel is in transit (${trackingNumber})`);
  expect(news.text).toContain("Hello Erika Mustermann,");
  expect(news.text).toContain("Location: Leipzig hub.");
  expect(news.text).not.toContain("Handed to the night truck.");
  // The link, as the app's own origin wrote it (APP_URL is the test's base URL).
  const link = new RegExp(`Track the parcel: https?://[^\\s/]+(/track/${trackingNumber})\\s`).exec(news.text);
  expect(link, news.text).not.toBeNull();

  // Anyone, signed out, follows it: from the e-mail's link, and from the form, typed the way it is
  // printed on the label.
  const stranger = await browser.newContext();
  try {
    const anyone = await stranger.newPage();
    await anyone.goto(link![1]!);
    await expect(anyone.getByTestId("track-status")).toHaveText("In transit");
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
