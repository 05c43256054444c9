/**
 * Reads the server name (SNI) from a TLS ClientHello without consuming it, so that one listening
 * port can choose per connection between terminating TLS, passing it through, or refusing it, as
 * Envoy's TLS inspector does.
 */
export type HelloParse =
  { kind: "need-more" } | { kind: "not-tls" } | { kind: "hello"; serverName: string | undefined };

const MAX_RECORD = 16384 + 5;

export function parseClientHello(buf: Buffer): HelloParse {
  if (buf.length === 0) return { kind: "need-more" };
  if (buf[0] !== 0x16) return { kind: "not-tls" };
  if (buf.length < 5) return { kind: "need-more" };
  const recordLength = buf.readUInt16BE(3);
  if (recordLength + 5 > MAX_RECORD) return { kind: "not-tls" };
  if (buf.length < 5 + recordLength) return { kind: "need-more" };
  const rec = buf.subarray(5, 5 + recordLength);
  // Handshake header: type (1 = ClientHello), 3-byte length.
  if (rec[0] !== 0x01 || rec.length < 4) return { kind: "not-tls" };
  let p = 4 + 2 + 32; // version, random
  if (p >= rec.length) return { kind: "hello", serverName: undefined };
  p += 1 + rec[p]!; // session id
  if (p + 2 > rec.length) return { kind: "hello", serverName: undefined };
  p += 2 + rec.readUInt16BE(p); // cipher suites
  if (p + 1 > rec.length) return { kind: "hello", serverName: undefined };
  p += 1 + rec[p]!; // compression methods
  if (p + 2 > rec.length) return { kind: "hello", serverName: undefined };
  const end = Math.min(rec.length, p + 2 + rec.readUInt16BE(p));
  p += 2;
  while (p + 4 <= end) {
    const type = rec.readUInt16BE(p);
    const len = rec.readUInt16BE(p + 2);
    const body = rec.subarray(p + 4, p + 4 + len);
    if (type === 0 && body.length >= 5) {
      // server_name_list: list length, then entries of type (0 = host_name), length, name.
      let q = 2;
      while (q + 3 <= body.length) {
        const nameType = body[q]!;
        const nameLen = body.readUInt16BE(q + 1);
        if (nameType === 0) {
          return {
            kind: "hello",
            serverName: body
              .subarray(q + 3, q + 3 + nameLen)
              .toString("ascii")
              .toLowerCase(),
          };
        }
        q += 3 + nameLen;
      }
    }
    p += 4 + len;
  }
  return { kind: "hello", serverName: undefined };
}
