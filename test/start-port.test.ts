// `npm start` and `npm run dev` leave the port to Next.js, which takes it from PORT (default 3000):
// a platform that assigns the port through PORT gets the app on it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("PORT", () => {
  it("is not overridden by the start and dev scripts, and Next.js's CLI reads it", () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.start).toBe("next start");
    expect(scripts.dev).toBe("next dev");
    for (const command of ["start", "dev"]) {
      const help = spawnSync("npx", ["next", command, "--help"], { encoding: "utf8" });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/-p, --port <port>.*env: PORT\)/);
    }
  });
});
