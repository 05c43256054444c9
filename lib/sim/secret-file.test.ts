import { mkdtempSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeSecretFile } from "./secret-file";
import { saveState } from "./state-file";

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("files holding secrets", () => {
  it("writes a new file owner-only, whatever the umask", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portico-secret-"));
    const previous = process.umask(0);
    try {
      writeSecretFile(path.join(dir, "kubeconfig"), "token: x");
    } finally {
      process.umask(previous);
    }
    expect(modeOf(path.join(dir, "kubeconfig"))).toBe(0o600);
  });

  it("narrows a file that existed world-readable", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "portico-secret-")), "kubeconfig");
    writeFileSync(file, "old", { mode: 0o644 });
    expect(modeOf(file)).not.toBe(0o600);
    writeSecretFile(file, "new");
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe("new");
  });

  it("saves the simulator's state file (admin tokens, TLS key) owner-only", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "portico-state-")), "state.json");
    writeFileSync(file, "{}", { mode: 0o644 });
    saveState(file, { version: 1, adminToken: "secret", clusters: {} });
    expect(modeOf(file)).toBe(0o600);
  });
});
