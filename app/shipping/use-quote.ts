"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/app/_components/api";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import { decimalFromForm } from "@/lib/forms/values";
import type { Quote } from "@/lib/shipping/pricing";

const TYPING_PAUSE_MS = 300;

/**
 * The quote for what is in the form, from POST /api/v1/shipping/quote once typing pauses. The API
 * judges the input (and adds the caller's loyalty discount, as it will when the order is placed);
 * its field errors come back on the error.
 */
export function useQuote(weight: string, destination: string) {
  const settledWeight = useDebouncedValue(weight, TYPING_PAUSE_MS);
  const settledDestination = useDebouncedValue(destination, TYPING_PAUSE_MS);
  const complete = settledWeight.trim() !== "" && settledDestination !== "";
  const query = useQuery<Quote, Error>({
    queryKey: ["quote", settledWeight.trim(), settledDestination],
    queryFn: ({ signal }) =>
      api<{ quote: Quote }>("/api/v1/shipping/quote", {
        method: "POST",
        body: { weightKg: decimalFromForm(settledWeight), destination: settledDestination },
        signal,
      }).then((body) => body.quote),
    enabled: complete,
    placeholderData: keepPreviousData,
  });
  const settling = weight !== settledWeight || destination !== settledDestination;
  return { ...query, complete, settling };
}
