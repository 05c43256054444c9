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

const BOOLEAN_FLAGS = new Set(["json", "help"]);
const ALIASES: Record<string, string> = { f: "file", h: "help" };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("-")) {
      const raw = arg.replace(/^--?/, "");
      const eq = raw.indexOf("=");
      const name0 = eq >= 0 ? raw.slice(0, eq) : raw;
      const name = ALIASES[name0] ?? name0;
      if (BOOLEAN_FLAGS.has(name)) {
        flags.set(name, true);
        continue;
      }
      const value = eq >= 0 ? raw.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`option --${name} needs a value`);
      flags.set(name, value);
    } else if (command === undefined) {
      command = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
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
