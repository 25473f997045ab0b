/**
 * Shipping labels: a 4 x 6 inch PDF (the thermal printers' size) made with pdf-lib, carrying the
 * sender, the recipient in the destination's address format, the weight, the zone, the order's id
 * and the tracking number as a Code 128 barcode (bwip-js) with the number printed under it.
 *
 * Names and addresses print in any of the scripts the label fonts cover (lib/tracking/label-fonts.ts:
 * Latin, Greek, Cyrillic, Arabic, Japanese); a character none of them has prints as "?" rather than
 * breaking the label. A line that mixes directions ("Ahmed أحمد 12") is laid out by the Unicode
 * Bidirectional Algorithm (bidi-js): each line's direction is that of its first strong letter, its
 * runs are drawn left to right in the algorithm's visual order, and brackets in right-to-left runs
 * are mirrored, so that it reads as a person typed it. Arabic is shaped by fontkit within its run.
 */
import "server-only";
import bidiFactory from "bidi-js";
import bwipjs from "bwip-js/node";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { addressLines } from "./address-lines";
import { type LabelFont, type LabelFontName, labelFonts, sharedFontkit } from "./label-fonts";
import type { PartyAddress } from "./parties";

/** What a label shows; filled from the order (lib/tracking/label-order.ts). */
export interface LabelInput {
  orderId: number;
  /** Keel's S10 number: the barcode. */
  trackingNumber: string;
  sender: PartyAddress | null;
  recipient: PartyAddress | null;
  /** ISO alpha-2; printed when the order has no recipient address (orders placed before addresses). */
  destination: string;
  /** The weight that was charged (chargeable weight when the order has dimensions), in kg. */
  weightKg: number;
  zone: string;
  /** When the label was made. */
  printedAt: Date;
}

const POINTS_PER_INCH = 72;
export const LABEL_SIZE = { width: 4 * POINTS_PER_INCH, height: 6 * POINTS_PER_INCH } as const;
const MARGIN = 14;
const INK = rgb(0, 0, 0);

/**
 * bwip-js's options for the barcode: Code 128 of exactly the tracking number, no text of its own
 * (the label prints the number under it in its own font). Exported for the unit test that decodes it.
 */
export function barcodeOptions(trackingNumber: string) {
  return { bcid: "code128", text: trackingNumber, scale: 4, height: 18, includetext: false, paddingwidth: 0 } as const;
}

export function barcodePng(trackingNumber: string): Promise<Buffer> {
  return bwipjs.toBuffer(barcodeOptions(trackingNumber));
}

/** "KE123456785US" as people read it off a label: "KE 1234 5678 5 US". */
export function spacedTrackingNumber(number: string): string {
  return /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/.test(number)
    ? `${number.slice(0, 2)} ${number.slice(2, 6)} ${number.slice(6, 10)} ${number.slice(10, 11)} ${number.slice(11)}`
    : number;
}

interface Run {
  text: string;
  font: PDFFont;
}

type EmbeddedFonts = Record<LabelFontName, { pdf: PDFFont; covers: LabelFont["covers"] }>;

/** Regular text's fonts, in fallback order. */
const FALLBACK: readonly LabelFontName[] = ["latin", "arabic", "japanese"];
/** A font the label does not need: never chosen, so its PDFFont is never touched. */
const UNUSED = { pdf: undefined as unknown as PDFFont, covers: () => false };

// Characters that print in whatever font the text around them is in.
const NEUTRAL = /[\s\p{P}\p{N}]/u;
// Control, format (bidi overrides, zero-width), private-use and unpaired surrogate characters have no
// business on a label: dropped, so they can neither reorder the text nor leave a gap. Line and
// paragraph separators too: a label line is one line, and the bidi algorithm would start a new
// paragraph at one.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;
// fontkit sets a run right to left (reversing its glyphs) when the first letter that has a script of
// its own is of a right-to-left script; of those, the label fonts cover only Arabic (the others
// print as "?", a neutral). Arabic-Indic digits are of the Arabic script too.
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RIGHT_TO_LEFT_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

const bidi = bidiFactory();

/**
 * One run of a line as it is drawn: one font, one bidi embedding level (odd: right to left), and its
 * text in the order fontkit must be given it to show it in visual order (logical for a run fontkit
 * reverses itself, so that Arabic is shaped from the text as typed).
 */
export interface LineRun {
  text: string;
  font: LabelFontName;
  level: number;
}

/**
 * A line cut into runs, each in the first font (of `order`) that covers its characters and of one
 * embedding level, in visual order (left to right) as the Unicode Bidirectional Algorithm gives it:
 * embedding levels per character (the paragraph's direction from its first strong letter), the
 * reordering of the line, and mirrored characters (brackets) in right-to-left runs.
 */
export function lineRuns(line: string, fonts: Record<LabelFontName, { covers: LabelFont["covers"] }>, order: readonly LabelFontName[]): LineRun[] {
  const chars: { text: string; font: LabelFontName }[] = [];
  // Trimmed: the algorithm's rule for trailing whitespace (L1) then changes no level.
  for (const char of line.replace(INVISIBLE, "").trim()) {
    const codePoint = char.codePointAt(0)!;
    const previous = chars.at(-1);
    if (previous && NEUTRAL.test(char) && fonts[previous.font].covers(codePoint)) {
      chars.push({ text: char, font: previous.font });
      continue;
    }
    const name = order.find((candidate) => fonts[candidate].covers(codePoint));
    chars.push({ text: name ? char : "?", font: name ?? order[0]! });
  }
  const text = chars.map((char) => char.text).join("");
  if (!text) return [];

  // bidi-js works in UTF-16 code units: levels, segments and mirrors are indexed by them.
  const embedding = bidi.getEmbeddingLevels(text);
  const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels);
  const logical: { start: number; end: number; font: LabelFontName; level: number }[] = [];
  const runAt = new Array<number>(text.length);
  let offset = 0;
  for (const char of chars) {
    const level = embedding.levels[offset]!;
    const last = logical.at(-1);
    if (last && last.font === char.font && last.level === level) last.end += char.text.length;
    else logical.push({ start: offset, end: offset + char.text.length, font: char.font, level });
    runAt.fill(logical.length - 1, offset, offset + char.text.length);
    offset += char.text.length;
  }

  const visual = Array.from(text, (_, index) => index);
  for (const [start, end] of bidi.getReorderSegments(text, embedding)) {
    visual.splice(start!, end! - start! + 1, ...visual.slice(start, end! + 1).reverse());
  }
  const runOrder = [...new Set(visual.map((index) => runAt[index]!))];

  return runOrder.map((index) => {
    const run = logical[index]!;
    let typed = "";
    for (let i = run.start; i < run.end; i++) typed += mirrored.get(i) ?? text[i];
    const scripted = SCRIPTED.exec(typed)?.[0];
    const fontkitReverses = scripted !== undefined && RIGHT_TO_LEFT_SCRIPT.test(scripted);
    // Right to left in visual order: fontkit reverses the runs of a right-to-left script itself;
    // the others (brackets, "?") are given reversed. A left-to-right run that fontkit would
    // reverse (Arabic-Indic digits) is given reversed, so that fontkit turns it back.
    const rightToLeft = run.level % 2 === 1;
    return { text: rightToLeft === fontkitReverses ? typed : [...typed].reverse().join(""), font: run.font, level: run.level };
  });
}

/** The line's runs in visual order, with their embedded fonts. */
function runsOf(text: string, fonts: EmbeddedFonts, order: readonly LabelFontName[]): Run[] {
  return lineRuns(text, fonts, order).map((run) => ({ text: run.text, font: fonts[run.font].pdf }));
}

const widthOf = (runs: Run[], size: number) => runs.reduce((total, run) => total + run.font.widthOfTextAtSize(run.text, size), 0);

/**
 * One line at (x, y), shrunk to fit `maxWidth` (down to 6 pt) and then cut with an ellipsis: a long
 * name or street never runs off the label or over the next block.
 */
function drawLine(page: PDFPage, text: string, x: number, y: number, size: number, maxWidth: number, fonts: EmbeddedFonts, bold = false): void {
  const order: readonly LabelFontName[] = bold ? ["latinBold", ...FALLBACK] : FALLBACK;
  let runs = runsOf(text, fonts, order);
  let fitted = size;
  while (widthOf(runs, fitted) > maxWidth && fitted > 6) fitted -= 0.5;
  if (widthOf(runs, fitted) > maxWidth) {
    let chars = [...text.replace(INVISIBLE, "")];
    while (chars.length > 1 && widthOf(runsOf(`${chars.join("")}…`, fonts, order), fitted) > maxWidth) chars = chars.slice(0, -1);
    runs = runsOf(`${chars.join("")}…`, fonts, order);
  }
  let cursor = x;
  for (const run of runs) {
    page.drawText(run.text, { x: cursor, y, size: fitted, font: run.font, color: INK });
    cursor += run.font.widthOfTextAtSize(run.text, fitted);
  }
}

function formatWeight(kg: number): string {
  return `${kg.toFixed(3)} kg`;
}

/** The label as PDF bytes. */
export async function renderLabel(input: LabelInput): Promise<Uint8Array> {
  const files = await labelFonts();
  const doc = await PDFDocument.create();
  doc.registerFontkit(sharedFontkit);
  doc.setTitle(`Shipping label ${input.trackingNumber}`);
  doc.setSubject(`Keel order ${input.orderId}`);
  doc.setProducer("Keel");
  doc.setCreator("Keel");
  doc.setCreationDate(input.printedAt);
  doc.setModificationDate(input.printedAt);
  const senderLines = input.sender ? addressLines(input.sender) : ["(sender not recorded)"];
  const recipientLines = input.recipient ? addressLines(input.recipient) : [`Destination: ${input.destination}`];
  // Only the fonts the label's text needs are embedded (parsing Noto Sans JP costs ~1 s of CPU), and
  // only the glyphs it uses (subset: the whole of Noto Sans JP would make every label 5 MB).
  const needed = new Set<LabelFontName>(["latin", "latinBold"]);
  for (const char of [...senderLines, ...recipientLines].join("").replace(INVISIBLE, "")) {
    const name = FALLBACK.find((candidate) => files[candidate].covers(char.codePointAt(0)!));
    if (name) needed.add(name);
  }
  const fonts = Object.fromEntries(
    await Promise.all(
      (Object.keys(files) as LabelFontName[]).map(async (name) => [
        name,
        needed.has(name) ? { pdf: await doc.embedFont(files[name].bytes, { subset: true }), covers: files[name].covers } : UNUSED,
      ]),
    ),
  ) as EmbeddedFonts;

  const page = doc.addPage([LABEL_SIZE.width, LABEL_SIZE.height]);
  const { width, height } = LABEL_SIZE;
  const inner = width - 2 * MARGIN;
  let y = height - MARGIN - 9;

  // Sender (small, top left) and the zone (large, top right).
  drawLine(page, "FROM", MARGIN, y, 7, 60, fonts, true);
  const zoneWidth = 80;
  drawLine(page, input.zone, width - MARGIN - zoneWidth, y - 16, 26, zoneWidth, fonts, true);
  y -= 10;
  for (const line of senderLines.slice(0, 7)) {
    drawLine(page, line, MARGIN, y, 8, inner - zoneWidth - 8, fonts);
    y -= 10;
  }

  y = Math.min(y, height - 110) - 8;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: width - MARGIN, y }, thickness: 1.5, color: INK });
  y -= 16;

  // Recipient: the largest text of the label.
  drawLine(page, "TO", MARGIN, y, 8, 60, fonts, true);
  y -= 17;
  for (const line of recipientLines.slice(0, 8)) {
    drawLine(page, line, MARGIN + 8, y, 13, inner - 8, fonts);
    y -= 17;
  }

  y = Math.min(y, 190);
  page.drawLine({ start: { x: MARGIN, y }, end: { x: width - MARGIN, y }, thickness: 1.5, color: INK });
  y -= 16;
  drawLine(page, `Weight ${formatWeight(input.weightKg)}`, MARGIN, y, 10, inner / 2, fonts, true);
  drawLine(page, `Zone ${input.zone}`, MARGIN + inner / 2, y, 10, inner / 2, fonts, true);
  y -= 14;
  drawLine(page, `Order #${input.orderId}`, MARGIN, y, 10, inner / 2, fonts);
  drawLine(page, input.printedAt.toISOString().slice(0, 10), MARGIN + inner / 2, y, 10, inner / 2, fonts);

  // The barcode across the bottom, the number under it.
  const png = await doc.embedPng(await barcodePng(input.trackingNumber));
  const barcodeWidth = inner;
  const barcodeHeight = 72;
  page.drawImage(png, { x: MARGIN, y: MARGIN + 22, width: barcodeWidth, height: barcodeHeight });
  const spaced = spacedTrackingNumber(input.trackingNumber);
  const numberWidth = fonts.latinBold.pdf.widthOfTextAtSize(spaced, 14);
  page.drawText(spaced, { x: (width - numberWidth) / 2, y: MARGIN + 4, size: 14, font: fonts.latinBold.pdf, color: INK });

  return doc.save();
}
