// Runs before every page and API route: refuses URLs with hostile bytes (malformed
// percent-encoding, NUL and other control characters) with 400 before any page parses them.
import { NextResponse, type NextRequest } from "next/server";
import { hostileUrlReason } from "@/lib/api/hostile-input";
import { AppError, errorResponse } from "@/lib/errors/app-error";

export function proxy(request: NextRequest) {
  const reason = hostileUrlReason(request.url);
  if (reason) {
    if (request.nextUrl.pathname.startsWith("/api/")) return errorResponse(AppError.badRequest(reason));
    return new NextResponse(`Bad request: ${reason}\n`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
