"use client";
/**
 * A time in the reader's own locale and time zone ("29 Nov 2026, 22:35"), which only the browser
 * knows. The server renders the UTC form (format.ts) in the same box; after hydration it is
 * replaced, so nothing mismatches. Never wraps mid-date (nowrap); the swap changes only the
 * width of an inline run of text, not the height of anything.
 */
import { useEffect, useState } from "react";
import { formatDate, formatTime } from "./format";

const TIME = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "time" | "date"): Intl.DateTimeFormat {
  let cached = TIME.get(kind);
  if (!cached) {
    cached = new Intl.DateTimeFormat(undefined, kind === "time" ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" });
    TIME.set(kind, cached);
  }
  return cached;
}

export function LocalTime({ iso, kind = "time" }: { iso: string; kind?: "time" | "date" }) {
  const fallback = kind === "time" ? formatTime(iso) : formatDate(iso);
  const [text, setText] = useState(fallback);
  useEffect(() => {
    // The locale and zone are the browser's: known only after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setText(formatter(kind).format(new Date(iso)));
  }, [iso, kind]);
  return (
    <time dateTime={iso} className="local-time" title={formatTime(iso)}>
      {text}
    </time>
  );
}
