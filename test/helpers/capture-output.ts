// Captures what reaches fd 1/2, whether through process.stdout or pino's direct fs writes, so a
// test can assert a secret never reaches a log line. Set PORTICO_LOG_LEVEL in vi.hoisted first.
import fs from "node:fs";

export function captureOutput(): { text: () => string; restore: () => void } {
  const captured: string[] = [];
  const restores: (() => void)[] = [];
  const text = (chunk: unknown) =>
    typeof chunk === "string"
      ? chunk
      : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array
        ? Buffer.from(chunk).toString("utf8")
        : String(chunk);
  const writeSync = fs.writeSync;
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) captured.push(text(data));
    return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  const write = fs.write;
  fs.write = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) captured.push(text(data));
    return (write as (...a: unknown[]) => void)(fd, data, ...rest);
  }) as typeof fs.write;
  restores.push(() => {
    fs.writeSync = writeSync;
    fs.write = write;
  });
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(text(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = original;
    });
  }
  return { text: () => captured.join(""), restore: () => restores.forEach((r) => r()) };
}
