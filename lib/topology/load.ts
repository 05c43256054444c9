import { parse as parseYaml } from "yaml";
import { parseTopology, type ParseResult } from "./schema";

/** Parses YAML or JSON text (JSON is valid YAML) into a validated topology; never throws. */
export function parseTopologyText(text: string): ParseResult {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: "(root)", message: (e as Error).message, hint: "fix the YAML/JSON syntax" }],
    };
  }
  return parseTopology(value);
}
