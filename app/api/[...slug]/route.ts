import { route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors/app-error";

// Any /api path no route matches: a JSON 404 instead of the HTML not-found page. Permission: public
const notFound = route({ permission: "public" }, async ({ req }) => {
  throw new AppError(
    "NOT_FOUND",
    `No API endpoint ${req.method} ${new URL(req.url).pathname}. See the API reference in docs/.`,
  );
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
