import { createSocket, type Socket } from "node:dgram";
import { decode, encode, type Answer, type Packet } from "dns-packet";
import { chooseRecordSet, type RecordSet } from "./dns-records";

/** Where the server reads its records: every cluster's DNSEndpoints and annotated Services. */
export interface RecordSource {
  lookup(name: string): RecordSet[];
}

/**
 * A small authoritative DNS server on UDP loopback for the demo's zones: A, CNAME and TXT answers
 * from what external-dns would publish, weighted sets chosen per query as Route 53 does. Names it
 * has no record for get NXDOMAIN; other types get an empty answer.
 */
export class DnsServer {
  private socket: Socket | undefined;
  address = "";

  constructor(private readonly source: RecordSource) {}

  async start(host = "127.0.0.1", port = 0): Promise<string> {
    const socket = createSocket("udp4");
    socket.on("message", (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, host, () => resolve());
    });
    this.socket = socket;
    const a = socket.address();
    this.address = `${a.address}:${a.port}`;
    return this.address;
  }

  /** The reply to one query packet, or undefined when it cannot be parsed. */
  answer(msg: Buffer): Buffer | undefined {
    let q: Packet;
    try {
      q = decode(msg);
    } catch {
      return undefined;
    }
    const question = q.questions?.[0];
    if (!question) return undefined;
    const answers: Answer[] = [];
    let known = false;
    let name = question.name.toLowerCase().replace(/\.$/, "");
    // Follow CNAMEs inside the zone, a few steps at most.
    for (let hop = 0; hop < 8; hop++) {
      const sets = this.source.lookup(name);
      if (sets.length === 0) break;
      known = true;
      const cname = sets.find((s) => s.type === "CNAME");
      if (cname && question.type !== "CNAME") {
        answers.push({ type: "CNAME", name, ttl: cname.ttl, data: cname.targets[0]! });
        name = cname.targets[0]!.toLowerCase();
        continue;
      }
      const ofType = sets.filter((s) => s.type === question.type);
      for (const set of chooseRecordSet(ofType))
        for (const t of set.targets) {
          if (set.type === "A") answers.push({ type: "A", name, ttl: set.ttl, data: t });
          else if (set.type === "TXT") answers.push({ type: "TXT", name, ttl: set.ttl, data: t });
          else answers.push({ type: "CNAME", name, ttl: set.ttl, data: t });
        }
      break;
    }
    return encode({
      type: "response",
      id: q.id,
      flags: (known ? 0 : 3) | (1 << 10), // rcode NXDOMAIN when unknown; AA
      questions: q.questions,
      answers,
    });
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}
