import { idPath } from "@/lib/http/params";
import { json, noContent, route, routeMethods } from "@/lib/http/route";
import { changeRoleSchema, changeUserRole, deleteUser } from "@/lib/users/administration";
import { userResponseSchema } from "@/lib/users/dto";
import * as sample from "@/app/api/v1/example-values";

const changeUserRoleRoute = route(
  {
    method: "PATCH",
    path: "/api/v1/admin/users/{id}",
    operationId: "changeUserRole",
    tag: "Administration",
    summary: "Change a user's role",
    description: "The last administrator cannot be demoted (409). Takes effect on the user's next request.",
    access: "admin",
    params: idPath("user"),
    body: changeRoleSchema.meta({ id: "ChangeRoleRequest", example: { role: "ADMIN" } }),
    responses: { 200: { description: "Changed.", schema: userResponseSchema } },
    errors: ["conflict"],
    examples: { params: { id: "7" }, request: { role: "ADMIN" }, response: { user: { ...sample.user, role: "ADMIN" } } },
  },
  async ({ params, body, meta }) => json({ user: await changeUserRole(params.id, body, meta) }),
);

const deleteUserRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/admin/users/{id}",
    operationId: "deleteUser",
    tag: "Administration",
    summary: "Delete a user and their orders",
    description: "Their tokens and cookies stop working at once. The last administrator cannot be deleted (409).",
    access: "admin",
    params: idPath("user"),
    responses: { 204: { description: "Deleted." } },
    errors: ["conflict"],
    examples: { params: { id: "7" }, response: null },
  },
  async ({ params, meta }) => {
    await deleteUser(params.id, meta);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(changeUserRoleRoute, deleteUserRoute);
