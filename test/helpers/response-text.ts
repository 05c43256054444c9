import { gunzipSync } from "node:zlib";

/**
 * A response's body as text, a .tar.gz download unpacked to the text of its files (the tar headers
 * between them are kept: they name the files), so what a download holds can be searched like JSON.
 */
export async function responseText(res: Response): Promise<string> {
  if (res.headers.get("content-type") !== "application/gzip") return res.text();
  return gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8");
}
