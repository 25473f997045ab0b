import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from "@zxing/library";
import bidiFactory from "bidi-js";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { s10Number } from "./s10";
import { barcodePng, LABEL_SIZE, lineRuns, renderLabel, spacedTrackingNumber } from "./label";
import { type LabelFontName, labelFonts, sharedFontkit } from "./label-fonts";
import { pdfText } from "@/tests/support/pdf-text";

/** Reads a Code 128 barcode from a PNG the way a scanner would (ZXing), independently of bwip-js. */
function decodeCode128(png: Buffer): { text: string; format: BarcodeFormat } {
  const image = PNG.sync.read(png);
  const luminance = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < luminance.length; i++) {
    const [r, g, b, a] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!, image.data[i * 4 + 3]!];
    // Transparent pixels are the paper (white).
    luminance[i] = a === 0 ? 255 : Math.round((r + g + b) / 3);
  }
  // A quiet zone around the bars, as on paper.
  const pad = 40;
  const width = image.width + 2 * pad;
  const padded = new Uint8ClampedArray(width * image.height).fill(255);
  for (let y = 0; y < image.height; y++) padded.set(luminance.subarray(y * image.width, (y + 1) * image.width), y * width + pad);
  const reader = new MultiFormatReader();
  reader.setHints(new Map([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]]]));
  const result = reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(padded, width, image.height))));
  return { text: result.getText(), format: result.getBarcodeFormat() };
}

const address = (name: string, country: string, rest: Partial<Record<string, string>> = {}) => ({
  name,
  line1: rest.line1 ?? "1 Main Street",
  city: rest.city ?? "Springfield",
  postalCode: rest.postalCode ?? "12345",
  country,
  ...rest,
});

// The first label of a process parses the fonts (Noto Sans JP is 5.7 MB): seconds on a loaded machine.
describe("shipping labels", { timeout: 30_000 }, () => {
  it("encode exactly the tracking number as Code 128", async () => {
    for (const serial of [0, 1, 12_345_678, 99_999_999, 47_312_482]) {
      const number = s10Number(serial, "US");
      expect(decodeCode128(await barcodePng(number))).toEqual({ text: number, format: BarcodeFormat.CODE_128 });
    }
  });

  it("is one 4 x 6 in page that carries the sender, the recipient in any script, weight, zone and order", async () => {
    const trackingNumber = s10Number(12_345_678, "DE");
    const pdf = await renderLabel({
      orderId: 4242,
      trackingNumber,
      sender: address("Ada Lovelace", "DE", { line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", company: "Analytical Engines GmbH" }),
      recipient: address("山田太郎", "JP", { line1: "千代田1-1", city: "千代田区", region: "東京都", postalCode: "100-0001" }),
      destination: "JP",
      weightKg: 2.1,
      zone: "INTL",
      printedAt: new Date("2026-12-05T08:00:00Z"),
    });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual(LABEL_SIZE);
    // Subset fonts: a few glyphs of Noto Sans JP, not its 5.7 MB.
    expect(pdf.byteLength).toBeLessThan(400_000);

    const text = await pdfText(pdf);
    for (const expected of ["Ada Lovelace", "Analytical Engines GmbH", "10117 Berlin", "山田太郎", "東京都", "100-0001", "2.100 kg", "INTL", "Order #4242", spacedTrackingNumber(trackingNumber)]) {
      expect(text).toContain(expected);
    }
  });

  it("prints Cyrillic and Arabic names, and survives what no font has", async () => {
    const pdf = await renderLabel({
      orderId: 7,
      trackingNumber: s10Number(5, "US"),
      sender: address("Иван Петров", "RU", { line1: "ул. Ленина 5", city: "Москва", postalCode: "101000" }),
      recipient: address("محمد علي", "EG", { line1: "12 Tahrir Square", city: "Cairo", postalCode: "11511", line2: "\u202Eevil\u202C 🚀 \u{10FFFD}" }),
      destination: "EG",
      weightKg: 0.001,
      zone: "INTL",
      printedAt: new Date("2026-12-05T08:00:00Z"),
    });
    const text = await pdfText(pdf);
    expect(text).toContain("Иван Петров");
    expect(text).toContain("ул. Ленина 5");
    expect(text).toContain("محمد علي");
    expect(text).toContain("0.001 kg");
    // The override characters are dropped, the emoji (no font has it) prints as "?".
    expect(text).not.toContain("\u202E");
    expect(text).toContain("evil");
  });

  it("fits a 100-character name on the label", async () => {
    const pdf = await renderLabel({
      orderId: 8,
      trackingNumber: s10Number(6, "US"),
      sender: null,
      recipient: address("W".repeat(100), "US", { line1: "x".repeat(100), city: "New York", region: "NY", postalCode: "10001" }),
      destination: "US",
      weightKg: 1,
      zone: "US",
      printedAt: new Date("2026-12-05T08:00:00Z"),
    });
    const text = await pdfText(pdf);
    expect(text).toContain("WWWW");
    expect(text).toContain("…");
    expect(text).toContain("sender not recorded");
  });

  describe("lines that mix directions", () => {
    const FALLBACK: LabelFontName[] = ["latin", "arabic", "japanese"];
    const bidi = bidiFactory();

    /** What the runs show, left to right: the characters of the glyphs fontkit lays out for each run. */
    async function shown(line: string): Promise<string> {
      const fonts = await labelFonts();
      return lineRuns(line, fonts, FALLBACK)
        .map((run) =>
          sharedFontkit
            .create(fonts[run.font].bytes)
            .layout(run.text)
            .glyphs.map((glyph) => String.fromCodePoint(...glyph.codePoints))
            .join(""),
        )
        .join("");
    }

    it("draws the runs of an Arabic + Latin + digits line in the visual order of the bidi algorithm", async () => {
      const line = "Ahmed أحمد 12";
      // Left to right paragraph (its first letter is Latin); "أحمد 12" is one right-to-left stretch,
      // so the digits come left of the Arabic name.
      expect(lineRuns(line, await labelFonts(), FALLBACK)).toEqual([
        { text: "Ahmed ", font: "latin", level: 0 },
        { text: "12", font: "arabic", level: 2 },
        { text: "أحمد ", font: "arabic", level: 1 },
      ]);
      const levels = bidi.getEmbeddingLevels(line);
      expect(await shown(line)).toBe(bidi.getReorderedString(line, levels));
      expect(await shown(line)).toBe("Ahmed 12 دمحأ");
    });

    it("matches the algorithm for right-to-left lines, mirrored brackets and Arabic-Indic digits", async () => {
      for (const line of ["محمد (علي) 12", "12 Tahrir Square, القاهرة", "شارع ٢٦ يوليو", "Иван [محمد] 山田 7", "محمد علي"]) {
        expect(await shown(line), line).toBe(bidi.getReorderedString(line, bidi.getEmbeddingLevels(line)));
      }
      // The brackets of a right-to-left stretch are mirrored: "(" opens to the left of its text.
      expect(await shown("محمد (علي)")).toBe("(يلع) دمحم");
    });

    it("drops what could reorder a line before the algorithm sees it", async () => {
      expect(await shown("evil\u202Egnp.exe")).toBe("evilgnp.exe");
      expect(await shown("a\u2067أحمد\u2069 b\u2029")).toBe(await shown("aأحمد b"));
    });
  });
});
