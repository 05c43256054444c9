// Client-certificate authentication over real mutual TLS. The simulator only speaks bearer tokens,
// so this test runs a minimal HTTPS "API server" that requires a client certificate signed by its CA
// (certificates made with the openssl CLI, as the simulator does).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeCredentials } from "@/lib/clusters/validate-connection-settings";
import { ClusterClient } from "./cluster-client";
import { KubeApiError } from "./kube-api-error";

type Pem = {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  otherCert: string;
  otherKey: string;
};

function makeCertificates(): Pem {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-mtls-"));
  const run = (args: string[]) =>
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  try {
    run([
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "2",
      "-subj",
      "/CN=test-ca",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign",
    ]);
    writeFileSync(path.join(dir, "server.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    writeFileSync(path.join(dir, "client.cnf"), "extendedKeyUsage=clientAuth\n");
    run(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=apiserver"]);
    run([
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.crt",
      "-days",
      "2",
      "-extfile",
      "server.cnf",
    ]);
    run(["req", ...ec, "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=portico/O=portico"]);
    run([
      "x509",
      "-req",
      "-in",
      "client.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "client.crt",
      "-days",
      "2",
      "-extfile",
      "client.cnf",
    ]);
    // A certificate from another CA, which the server must not accept.
    run([
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "other.key",
      "-out",
      "other.crt",
      "-days",
      "2",
      "-subj",
      "/CN=intruder",
    ]);
    const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
    return {
      ca: read("ca.crt"),
      serverCert: read("server.crt"),
      serverKey: read("server.key"),
      clientCert: read("client.crt"),
      clientKey: read("client.key"),
      otherCert: read("other.crt"),
      otherKey: read("other.key"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let pem: Pem;
let server: Server;
let url = "";
const clients: ClusterClient[] = [];
const b64 = (s: string) => Buffer.from(s).toString("base64");

beforeAll(async () => {
  pem = makeCertificates();
  server = createServer(
    { cert: pem.serverCert, key: pem.serverKey, ca: pem.ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      res.setHeader("content-type", "application/json");
      if (!socket.authorized) {
        res.statusCode = 401;
        res.end(
          JSON.stringify({
            kind: "Status",
            status: "Failure",
            message: "Unauthorized",
            reason: "Unauthorized",
            code: 401,
          }),
        );
        return;
      }
      const cn = socket.getPeerCertificate().subject?.CN;
      res.end(
        JSON.stringify({ major: "1", minor: "31", gitVersion: `v1.31.0+${cn}`, platform: "linux/amd64" }),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(credentials: ConstructorParameters<typeof ClusterClient>[0]["credentials"]) {
  const c = new ClusterClient(
    { name: "mtls", server: url, caData: b64(pem.ca), credentials },
    { allowInsecure: true, retry: { maxAttempts: 1 } },
  );
  clients.push(c);
  return c;
}

describe("client certificate authentication", () => {
  it("presents the client certificate and key from kubeconfig-style base64 data", async () => {
    const creds = normalizeCredentials({
      clientCertificateData: b64(pem.clientCert),
      clientKeyData: b64(pem.clientKey),
    });
    expect(await client(creds).version()).toMatchObject({ gitVersion: "v1.31.0+portico" });
  });

  it("accepts PEM text as well", async () => {
    expect(
      await client({ clientCertificateData: pem.clientCert, clientKeyData: pem.clientKey }).version(),
    ).toMatchObject({ major: "1" });
  });

  it("is refused with a certificate from another CA", async () => {
    const err = await client({ clientCertificateData: b64(pem.otherCert), clientKeyData: b64(pem.otherKey) })
      .version()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).kind).toBe("unauthorized");
  });

  it("checks that registered certificates and keys parse", () => {
    expect(() =>
      normalizeCredentials({ clientCertificateData: b64("nope"), clientKeyData: b64(pem.clientKey) }),
    ).toThrow(/not a PEM certificate/);
    expect(() =>
      normalizeCredentials({ clientCertificateData: b64(pem.clientCert), clientKeyData: b64("nope") }),
    ).toThrow(/not a PEM private key/);
  });
});
