"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/app/_components/api";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import { readDecimal } from "@/lib/forms/values";
import type { Quote } from "@/lib/shipping/pricing";

const TYPING_PAUSE_MS = 300;

/**
 * The quote for what is in the form, from POST /api/v1/shipping/quote once typing pauses. The API
 * judges the input (and adds the caller's loyalty discount, as it will when the order is placed);
 * its field errors come back on the error. A weight whose typing is ambiguous ("1,000") is refused
 * here with the reason, without asking the API (which would only see text that is not a number).
 */
/** The three dimensions as typed (cm); all blank means none. */
export type TypedDimensions = { lengthCm: string; widthCm: string; heightCm: string };

const DIMENSIONS = ["lengthCm", "widthCm", "heightCm"] as const;

export function useQuote(weight: string, destination: string, dimensions: TypedDimensions = { lengthCm: "", widthCm: "", heightCm: "" }) {
  const settledWeight = useDebouncedValue(weight, TYPING_PAUSE_MS);
  const settledDestination = useDebouncedValue(destination, TYPING_PAUSE_MS);
  const typedDimensions = DIMENSIONS.map((name) => dimensions[name]).join("|");
  const settledDimensions = useDebouncedValue(typedDimensions, TYPING_PAUSE_MS);
  const typed = readDecimal(settledWeight);
  const [length = "", width = "", height = ""] = settledDimensions.split("|");
  const readDimensions = { lengthCm: readDecimal(length), widthCm: readDecimal(width), heightCm: readDecimal(height) };
  const typingFields: Record<string, string[]> = {};
  if (!typed.ok) typingFields.weightKg = [typed.message];
  for (const name of DIMENSIONS) {
    const read = readDimensions[name];
    if (!read.ok) typingFields[name] = [read.message];
  }
  const firstTypingError = Object.values(typingFields)[0]?.[0];
  const typingError = firstTypingError ? new ApiError(400, "validation_failed", firstTypingError, typingFields) : null;
  const withDimensions = [length, width, height].some((value) => value.trim() !== "");
  const valueOf = (read: (typeof readDimensions)["lengthCm"], text: string) => (read.ok ? read.value : text);
  // With dimensions the API's `parcel` shape, without them the first clients' one (same price).
  const body = withDimensions
    ? {
        parcel: {
          weightKg: typed.ok ? typed.value : settledWeight,
          lengthCm: valueOf(readDimensions.lengthCm, length),
          widthCm: valueOf(readDimensions.widthCm, width),
          heightCm: valueOf(readDimensions.heightCm, height),
        },
        destination: settledDestination,
      }
    : { weightKg: typed.ok ? typed.value : settledWeight, destination: settledDestination };
  const complete = settledWeight.trim() !== "" && settledDestination !== "" && typingError === null;
  const query = useQuery<Quote, Error>({
    queryKey: ["quote", settledWeight.trim(), settledDestination, settledDimensions],
    queryFn: ({ signal }) =>
      api<{ quote: Quote }>("/api/v1/shipping/quote", { method: "POST", body, signal }).then((response) => response.quote),
    enabled: complete,
    placeholderData: keepPreviousData,
  });
  const settling = weight !== settledWeight || destination !== settledDestination || typedDimensions !== settledDimensions;
  return { ...query, complete, settling, typingError };
}
