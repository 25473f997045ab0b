/** Path parameters. A malformed id names no resource, so it is a 404 like a missing one. */
import { NotFound } from "@/lib/errors";

export function idParam(value: string | undefined, what = "resource"): number {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
    throw new NotFound(`There is no such ${what}.`);
  }
  return Number(value);
}
