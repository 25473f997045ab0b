/** A Prisma client or the client inside an interactive transaction; domain functions accept either. */
import type { PrismaClient } from "./generated/client";
import type { Prisma } from "./generated/client";

export type Db = PrismaClient | Prisma.TransactionClient;

/** The client inside an interactive transaction (`db.$transaction(async (tx) => ...)`). */
export type DbTransaction = Prisma.TransactionClient;
