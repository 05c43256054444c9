import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { AppError } from "@/lib/errors/app-error";
import { connectionFromKubeconfig, listKubeconfigContexts } from "./parse-kubeconfig";

const CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");

function kubeconfig(users: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  const names = Object.keys(users);
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443", "certificate-authority-data": CA } }],
    users: names.map((n) => ({ name: n, user: users[n] })),
    contexts: names.map((n) => ({
      name: `ctx-${n}`,
      context: { cluster: "c", user: n, namespace: "default" },
    })),
    "current-context": `ctx-${names[0]}`,
    ...extra,
  });
}

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error("expected a 400");
}

describe("listKubeconfigContexts", () => {
  it("lists every context with its auth kind and whether Portico can use it, without secrets", () => {
    const text = kubeconfig({
      sa: { token: "canary-list-token" },
      cert: { "client-certificate-data": "Y2VydA==", "client-key-data": "a2V5" },
      eks: {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token"],
        },
      },
      gke: { "auth-provider": { name: "gcp" } },
      files: { "token-file": "/var/run/secrets/token" },
      basic: { username: "admin", password: "canary-password" },
      empty: {},
    });
    const { contexts, currentContext } = listKubeconfigContexts(text);
    expect(currentContext).toBe("ctx-sa");
    const byName = Object.fromEntries(contexts.map((c) => [c.name, c]));
    expect(byName["ctx-sa"]).toMatchObject({
      auth: "token",
      usable: true,
      current: true,
      server: "https://10.0.0.1:6443",
      namespace: "default",
    });
    expect(byName["ctx-cert"]).toMatchObject({ auth: "client-certificate", usable: true });
    expect(byName["ctx-eks"]).toMatchObject({ auth: "exec", usable: false });
    expect(byName["ctx-eks"]!.problem).toMatch(/exec plugin \(aws\).*cannot run it.*service account/);
    expect(byName["ctx-gke"]!.problem).toMatch(/auth-provider plugin \(gcp\)/);
    expect(byName["ctx-files"]!.problem).toMatch(/token-file.*--flatten/);
    expect(byName["ctx-basic"]!.problem).toMatch(/user name and password/);
    expect(byName["ctx-empty"]!.problem).toMatch(/no token or client certificate/);
    const shown = JSON.stringify(contexts);
    expect(shown).not.toContain("canary-list-token");
    expect(shown).not.toContain("canary-password");
  });

  it("explains documents that are not kubeconfigs", () => {
    expect(badRequest(() => listKubeconfigContexts("{ not yaml: ["))).toMatch(/not valid YAML/);
    expect(badRequest(() => listKubeconfigContexts("just a string"))).toMatch(/not a YAML mapping/);
    expect(badRequest(() => listKubeconfigContexts("kind: Deployment\napiVersion: apps/v1\n"))).toMatch(
      /is a Deployment, not a kubeconfig/,
    );
    expect(badRequest(() => listKubeconfigContexts("kind: Config\ncontexts: []\n"))).toMatch(/no contexts/);
    expect(badRequest(() => listKubeconfigContexts("x".repeat(300 * 1024)))).toMatch(/larger than 256 KiB/);
  });

  it("refuses YAML alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 60 },
        (_, i) => `b${i}: &b${i} [*${i === 0 ? "a" : `b${i - 1}`}, *${i === 0 ? "a" : `b${i - 1}`}]`,
      ),
    ].join("\n");
    expect(badRequest(() => listKubeconfigContexts(bomb))).toMatch(/not valid YAML/);
  });
});

describe("connectionFromKubeconfig", () => {
  it("returns the server, CA and token of the chosen context", () => {
    const text = kubeconfig({ sa: { token: "tok-1" }, other: { token: "tok-2" } });
    expect(connectionFromKubeconfig(text)).toEqual({
      context: "ctx-sa",
      server: "https://10.0.0.1:6443",
      caData: CA,
      insecureSkipTlsVerify: false,
      credentials: { token: "tok-1" },
    });
    expect(connectionFromKubeconfig(text, "ctx-other").credentials).toEqual({ token: "tok-2" });
  });

  it("returns client certificates", () => {
    const text = kubeconfig({ cert: { "client-certificate-data": "Y2VydA==", "client-key-data": "a2V5" } });
    expect(connectionFromKubeconfig(text).credentials).toEqual({
      clientCertificateData: "Y2VydA==",
      clientKeyData: "a2V5",
    });
  });

  it("refuses plugins and unknown contexts with a message that says what to do", () => {
    const text = kubeconfig({ eks: { exec: { command: "aws" } }, ok: { token: "t" } });
    expect(badRequest(() => connectionFromKubeconfig(text, "ctx-eks"))).toMatch(
      /exec plugin.*docs\/rbac\/portico-rbac.yaml/,
    );
    expect(badRequest(() => connectionFromKubeconfig(text, "nope"))).toMatch(
      /no context "nope"; it has: ctx-eks, ctx-ok/,
    );
  });

  it("never reads files named in an uploaded kubeconfig", () => {
    // If client-node parsed this, it would read the file from the server's disk and use its
    // contents as the bearer token sent to the uploader's server.
    const dir = mkdtempSync(path.join(tmpdir(), "portico-kubeconfig-"));
    const secretFile = path.join(dir, "server-secret");
    writeFileSync(secretFile, "canary-server-file-contents");
    const text = kubeconfig({ sneaky: { "token-file": secretFile } });
    const message = badRequest(() => connectionFromKubeconfig(text));
    expect(message).toMatch(/refers to files on your machine \(token-file\)/);
    expect(message).not.toContain("canary-server-file-contents");
    const ca = stringify({
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: "https://10.0.0.1", "certificate-authority": secretFile } }],
      users: [{ name: "u", user: { token: "t" } }],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    });
    expect(badRequest(() => connectionFromKubeconfig(ca, "x"))).toMatch(/certificate-authority/);
  });

  it("refuses proxies, TLS server name overrides and impersonation", () => {
    const proxied = stringify({
      kind: "Config",
      clusters: [{ name: "c", cluster: { server: "https://10.0.0.1", "proxy-url": "http://proxy:3128" } }],
      users: [{ name: "u", user: { token: "t", as: "admin" } }],
      contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    });
    expect(badRequest(() => connectionFromKubeconfig(proxied, "x"))).toMatch(/proxy-url/);
    const impersonating = proxied.replace(/\s+proxy-url: .*\n/, "\n");
    expect(badRequest(() => connectionFromKubeconfig(impersonating, "x"))).toMatch(/impersonates/);
  });
});
