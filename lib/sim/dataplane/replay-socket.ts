import { Duplex } from "node:stream";
import { type Socket } from "node:net";

/**
 * A stream over socket that first replays bytes already read from it. The TLS inspector reads the
 * ClientHello before deciding what to do; TLSSocket over a raw net.Socket would read the
 * descriptor directly and never see those bytes, but over a generic Duplex it reads through JS.
 */
export function replaySocket(socket: Socket, head: Buffer): Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (socket.destroyed) return cb(new Error("socket closed"));
      socket.write(chunk, () => cb());
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  d.push(head);
  socket.on("data", (chunk: Buffer) => {
    if (!d.push(chunk)) socket.pause();
  });
  socket.on("end", () => d.push(null));
  socket.on("close", () => d.destroy());
  socket.on("error", (e) => d.destroy(e));
  return d;
}
