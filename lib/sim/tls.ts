import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

export interface TlsMaterial {
  /** PEM of the CA that signed the serving certificate: certificate-authority-data. */
  ca: string;
  cert: string;
  key: string;
}

// kubectl refuses to send bearer tokens over plain HTTP, so clusters serve HTTPS. Node can sign but
// not build X.509 certificates, and not every machine has the openssl CLI: this is the little DER
// needed for a CA and a 127.0.0.1 serving certificate (ECDSA P-256, SHA-256).

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const explicit = (n: number, ...c: Buffer[]) => tlv(0xa0 + n, ...c);
const int = (b: Buffer) => tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const bitString = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
  return tlv(0x17, Buffer.from(s, "ascii"));
}

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), utf8(cn))));
const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function certificate(
  subject: string,
  issuer: string,
  publicKey: KeyObject,
  signer: KeyObject,
  extensions: Buffer[],
): string {
  const now = Date.now();
  const serial = randomBytes(16);
  // Positive and minimally encoded: no high bit, no leading zero byte.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const tbs = seq(
    explicit(0, int(Buffer.from([2]))),
    int(serial),
    ECDSA_SHA256,
    name(issuer),
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 10 * 365 * 86400_000))),
    name(subject),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, seq(...extensions)),
  );
  const der = seq(tbs, ECDSA_SHA256, bitString(sign("sha256", tbs, signer)));
  const b64 = der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export interface KeyPairPem {
  cert: string;
  key: string;
}

const pkcs8 = (k: KeyObject) =>
  createPrivateKey(k.export({ type: "pkcs8", format: "pem" })).export({
    type: "pkcs8",
    format: "pem",
  }) as string;

/** A self-signed CA (ECDSA P-256) that can sign serving certificates with issueServerCertificate. */
export function generateCa(commonName: string): KeyPairPem {
  const ca = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const cert = certificate(commonName, commonName, ca.publicKey, ca.privateKey, [
    extension("2.5.29.19", true, seq(bool(true))), // basicConstraints CA:TRUE
    extension("2.5.29.15", true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
  ]);
  return { cert, key: pkcs8(ca.privateKey) };
}

/** A serving certificate for DNS names ("*.example.com" too) and IPv4 addresses, signed by ca. */
export function issueServerCertificate(
  ca: KeyPairPem,
  caName: string,
  subject: string,
  names: { dns?: string[]; ips?: string[] },
): KeyPairPem {
  const server = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const san = [
    ...(names.ips ?? []).map((ip) => tlv(0x87, Buffer.from(ip.split(".").map(Number)))),
    ...(names.dns ?? []).map((d) => tlv(0x82, Buffer.from(d, "ascii"))),
  ];
  const cert = certificate(subject, caName, server.publicKey, createPrivateKey(ca.key), [
    extension("2.5.29.19", true, seq()), // CA:FALSE
    extension("2.5.29.15", true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"))), // serverAuth
    extension("2.5.29.17", false, seq(...san)), // subjectAltName
  ]);
  return { cert, key: pkcs8(server.privateKey) };
}

export function generateTls(): TlsMaterial {
  const ca = generateCa("portico-sim-ca");
  const server = issueServerCertificate(ca, "portico-sim-ca", "portico-sim", {
    ips: ["127.0.0.1"],
    dns: ["localhost"],
  });
  return { ca: ca.cert, cert: server.cert, key: server.key };
}
