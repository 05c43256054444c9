import { chmodSync, openSync, closeSync, writeSync } from "node:fs";

/**
 * Writes a file only its owner can read or write (0600), whatever the umask and whether or not it
 * existed before: `writeFileSync`'s `mode` applies only when the file is created.
 */
export function writeSecretFile(path: string, data: string): void {
  const fd = openSync(path, "w", 0o600);
  try {
    // Note: chmod before writing, so the secret is never readable by others, even for a moment.
    chmodSync(path, 0o600);
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
}
