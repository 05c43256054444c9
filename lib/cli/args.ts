import { parseArgs as parseNodeArgs, type ParseArgsConfig } from "node:util";

/** Thrown for bad usage or an unreadable input; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** False for unreadable files, where the usage text would only hide the message. */
    readonly showUsage = true,
  ) {
    super(message);
  }
}

export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string | true>;
}

// Every option of every command; each command then allows only its own (allowOnly).
const OPTIONS = {
  file: { type: "string", short: "f" },
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  ...Object.fromEntries(
    [
      "access-log",
      "after",
      "before",
      "ca",
      "cluster",
      "context",
      "format",
      "kubeconfig",
      "live",
      "max-error-rate",
      "network",
      "out-dir",
      "product",
      "product-gateway",
      "prometheus",
      "region",
      "revision",
      "shared",
      "window",
      "zone",
    ].map((name) => [name, { type: "string" }] as const),
  ),
} satisfies ParseArgsConfig["options"];

/** Reads argv with node:util's parseArgs, turning its errors into usage errors. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseNodeArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}`);
    const needsValue = /Option '(?:-\w, )?--([^ ']+)/.exec(message);
    if (needsValue) throw new UsageError(`option --${needsValue[1]} needs a value`);
    throw new UsageError(message);
  }
  const [command, extra] = parsed.positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === false || value === undefined) continue;
    if (value === "") throw new UsageError(`option --${name} needs a value`);
    flags.set(name, value as string | true);
  }
  return { command, flags };
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = args.flags.get(name);
  if (typeof v !== "string") throw new UsageError(`missing --${name}`);
  return v;
}

export function optionalFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

export function allowOnly(args: ParsedArgs, allowed: string[]): void {
  for (const k of args.flags.keys()) {
    if (!allowed.includes(k)) throw new UsageError(`unknown option --${k} for ${args.command ?? "portico"}`);
  }
}
