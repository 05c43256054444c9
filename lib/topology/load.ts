import { parse as parseYaml } from "yaml";
import { parseTopology, type ParseResult } from "./schema";

/**
 * Largest topology document accepted, in UTF-16 code units of the text (about bytes for YAML).
 * A benchmark estate of 10,000 products in 5 clusters (about 29 MiB of YAML) fits; anything larger is more
 * likely a mistake (a log pasted in, a generated loop) than an estate, and parsing it would hold
 * the API and the worker.
 */
export const MAX_TOPOLOGY_CHARS = 64 * 1024 * 1024;

/**
 * Parses YAML or JSON text (JSON is valid YAML) into a validated topology; never throws. YAML
 * merge keys (`<<: *defaults`) are expanded, so shared listener or gateway settings can be written
 * once; aliases stay bounded by the parser's alias limit.
 */
export function parseTopologyText(text: string): ParseResult {
  if (text.length > MAX_TOPOLOGY_CHARS) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return {
      ok: false,
      errors: [
        {
          path: "(root)",
          message: `the document is ${mib(text.length)}; topology documents are limited to ${mib(MAX_TOPOLOGY_CHARS)}`,
          hint: "split the estate into several topologies, or remove what is not topology (comments, pasted output)",
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, merge: true });
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: "(root)", message: (e as Error).message, hint: "fix the YAML/JSON syntax" }],
    };
  }
  return parseTopology(value);
}
