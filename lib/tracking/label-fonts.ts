/**
 * The fonts a label is printed in: Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic and Noto
 * Sans JP (Japanese kana and kanji, which also covers most Chinese names), from the
 * @expo-google-fonts packages (TTF files under the SIL Open Font License) so that labels print the
 * same on every machine, whatever fonts it has. pdf-lib has no font fallback: a line is cut into
 * runs, each in the first font that has all of its characters (lib/tracking/label.ts).
 *
 * Read once per process (Noto Sans JP is 5.7 MB; parsing it takes ~100 ms). next.config.js traces
 * the files into the standalone server.
 */
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";

const FONTS_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts");

/** In fallback order: the first that has a character prints it. */
export const LABEL_FONT_FILES = {
  latin: path.join(FONTS_DIR, "noto-sans", "400Regular", "NotoSans_400Regular.ttf"),
  latinBold: path.join(FONTS_DIR, "noto-sans", "700Bold", "NotoSans_700Bold.ttf"),
  arabic: path.join(FONTS_DIR, "noto-sans-arabic", "400Regular", "NotoSansArabic_400Regular.ttf"),
  japanese: path.join(FONTS_DIR, "noto-sans-jp", "400Regular", "NotoSansJP_400Regular.ttf"),
} as const;

export type LabelFontName = keyof typeof LABEL_FONT_FILES;

export interface LabelFont {
  bytes: Uint8Array;
  /** Whether the font has a glyph for the character (fontkit's cmap lookup). */
  covers(codePoint: number): boolean;
}

const parsed = new Map<Uint8Array, ReturnType<typeof fontkit.create>>();

/**
 * fontkit for pdf-lib (PDFDocument.registerFontkit) that parses each label font once per process:
 * pdf-lib parses the font it embeds anew for every document, and fontkit's first layout of a font
 * (its GSUB/GPOS tables) is most of a label's CPU time. A parsed font is read-only to layout and
 * subsetting (each document makes its own subset), so documents can share it.
 */
export const sharedFontkit = {
  create(bytes: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsed.get(bytes);
    if (!font) {
      font = fontkit.create(bytes);
      parsed.set(bytes, font);
    }
    return font;
  },
};

let loading: Promise<Record<LabelFontName, LabelFont>> | undefined;

export function labelFonts(): Promise<Record<LabelFontName, LabelFont>> {
  loading ??= (async () => {
    const entries = await Promise.all(
      Object.entries(LABEL_FONT_FILES).map(async ([name, file]) => {
        const bytes = new Uint8Array(await fs.readFile(file));
        const font = sharedFontkit.create(bytes);
        return [name, { bytes, covers: (codePoint: number) => font.hasGlyphForCodePoint(codePoint) }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<LabelFontName, LabelFont>;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
