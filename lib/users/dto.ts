/** The only shape in which a user leaves the server (API.md: `user`). Never a database row. */
import type { Role } from "@/lib/db/generated/enums";

export interface UserDto {
  id: number;
  username: string;
  email: string;
  role: Role;
  createdAt: string;
}

export function toUserDto(user: { id: number; username: string; email: string; role: Role; createdAt: Date }): UserDto {
  return { id: user.id, username: user.username, email: user.email, role: user.role, createdAt: user.createdAt.toISOString() };
}
