// A gzip-compressed tar archive of text files: how one download carries one YAML stream per cluster.
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";

export interface ArchiveFile {
  /** Path inside the archive, e.g. `east.yaml`. */
  name: string;
  text: string;
}

export async function tarGz(files: readonly ArchiveFile[], mtime = new Date()): Promise<Buffer> {
  const archive = pack();
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  gzip.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on("end", resolve);
    gzip.on("error", reject);
    archive.on("error", reject);
  });
  archive.pipe(gzip);
  for (const f of files) archive.entry({ name: f.name, mtime, mode: 0o644 }, f.text);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
