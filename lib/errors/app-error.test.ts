import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorResponse, fromZodError, toAppError } from "./app-error";

describe("AppError", () => {
  it("maps codes to HTTP statuses and the JSON shape", async () => {
    const res = errorResponse(AppError.notFound("Cluster east"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "NOT_FOUND", message: "Cluster east was not found." },
    });
    expect(new AppError("PAYLOAD_TOO_LARGE", "x").status).toBe(413);
    expect(new AppError("UNPROCESSABLE", "x").status).toBe(422);
  });

  it("turns zod errors into a 400 naming each field path", () => {
    const schema = z.object({
      hosts: z.array(z.object({ name: z.string().min(1, "Host name is required") })),
    });
    const parsed = schema.safeParse({ hosts: [{ name: "" }] });
    const err = fromZodError(parsed.error!);
    expect(err.status).toBe(400);
    expect(err.message).toBe("Invalid request body: hosts[0].name: Host name is required");
    expect(err.details).toEqual({ issues: [{ path: "hosts[0].name", message: "Host name is required" }] });
  });

  it("hides the text of unexpected errors", () => {
    const err = toAppError(new Error('relation "secret_table" does not exist'));
    expect(err.code).toBe("INTERNAL");
    expect(err.message).not.toContain("secret_table");
  });
});
