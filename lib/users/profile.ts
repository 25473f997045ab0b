/** The signed-in user's own account (API.md, Profile). */
import { getDb } from "@/lib/db/client";
import { NotFound } from "@/lib/errors";
import { toUserDto, type UserDto } from "./dto";

export interface Profile {
  user: UserDto;
  stats: { orderCount: number };
}

export async function getProfile(userId: number): Promise<Profile> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, email: true, role: true, createdAt: true, _count: { select: { orders: true } } },
  });
  if (!user) throw new NotFound("This account no longer exists.");
  return { user: toUserDto(user), stats: { orderCount: user._count.orders } };
}
