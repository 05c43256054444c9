import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact";

describe("redactSecrets", () => {
  it("hides values under secret-looking keys at any depth", () => {
    expect(
      redactSecrets({
        name: "east",
        credentials: "abc",
        nested: [{ apiKey: "k", clientSecret: "s", host: "h" }],
        tokenHash: null,
      }),
    ).toEqual({
      name: "east",
      credentials: REDACTED,
      nested: [{ apiKey: REDACTED, clientSecret: REDACTED, host: "h" }],
      tokenHash: null,
    });
  });

  it("turns dates and bigints into JSON-safe values", () => {
    expect(redactSecrets({ at: new Date("2026-01-01T00:00:00Z"), n: 5n })).toEqual({
      at: "2026-01-01T00:00:00.000Z",
      n: "5",
    });
  });
});
