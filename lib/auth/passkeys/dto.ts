import type { PasskeyDto } from "./schemas";

/** The passkey row fields the DTO is made of. */
export const passkeyDtoSelect = { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true } as const;

export function toPasskeyDto(row: { id: number; name: string; createdAt: Date; lastUsedAt: Date | null; deviceType: string; backedUp: boolean }): PasskeyDto {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    deviceType: row.deviceType === "multiDevice" ? "multiDevice" : "singleDevice",
    backedUp: row.backedUp,
  };
}
