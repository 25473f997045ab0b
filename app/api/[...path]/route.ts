// Unknown API paths answer in the API's error shape, not with the web app's HTML 404 page.
import { errorResponse } from "@/lib/http/errors";

const notFound = () => errorResponse("not_found", "There is no such API route.");

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
