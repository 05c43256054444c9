import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateTls } from "./tls";

describe("TLS material", () => {
  it("makes a CA and a 127.0.0.1 serving certificate it signed", () => {
    const t = generateTls();
    const ca = new X509Certificate(t.ca);
    const cert = new X509Certificate(t.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86400_000);
  });
});
