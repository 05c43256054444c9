import { RE2JS } from "re2js";

/**
 * A string the RE2 pattern matches in full (Envoy anchors route regexes at both ends), or undefined
 * when none is found. Generates from the common shapes of route regexes (literals, classes, groups,
 * alternations, quantifiers), then checks the candidate with RE2 itself, so a wrong guess is never
 * sent as if it were a witness.
 */
export function regexWitness(pattern: string): string | undefined {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch {
    return undefined;
  }
  let candidate: string | undefined;
  try {
    candidate = new Generator(pattern).alternation();
  } catch {
    return undefined;
  }
  return candidate !== undefined && re.testExact(candidate) ? candidate : undefined;
}

const CLASS_ESCAPES: Record<string, string> = { d: "1", w: "a", s: " ", D: "a", W: "-", S: "a" };

class Generator {
  private i = 0;
  constructor(private readonly src: string) {}

  /** First alternative of `a|b|c` up to the end or the closing parenthesis. */
  alternation(): string {
    const first = this.sequence();
    while (this.src[this.i] === "|") {
      this.i++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  private quantified(atom: string): string {
    const c = this.src[this.i];
    if (c === "*" || c === "?") {
      this.i++;
      this.lazyMark();
      return "";
    }
    if (c === "+") {
      this.i++;
      this.lazyMark();
      return atom;
    }
    if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        this.i += m[0].length;
        this.lazyMark();
        return atom.repeat(Number(m[1]));
      }
    }
    return atom;
  }

  private lazyMark(): void {
    if (this.src[this.i] === "?") this.i++;
  }

  private atom(): string {
    const c = this.src[this.i++]!;
    switch (c) {
      case "^":
      case "$":
        return "";
      case ".":
        return "a";
      case "(": {
        if (this.src[this.i] === "?") {
          // (?:…), (?P<name>…), (?<name>…), or flags like (?i) / (?i:…).
          const m = /^\?(P?<[A-Za-z_][A-Za-z0-9_]*>|:|[imsU-]+:|[imsU-]+\))/.exec(this.src.slice(this.i));
          if (!m) throw new Error("unsupported group");
          this.i += m[0].length;
          if (m[1]!.endsWith(")")) return "";
        }
        const inner = this.alternation();
        if (this.src[this.i] !== ")") throw new Error("unbalanced group");
        this.i++;
        return inner;
      }
      case "[":
        return this.charClass();
      case "\\":
        return this.escape();
      default:
        return c;
    }
  }

  private escape(): string {
    const c = this.src[this.i++];
    if (c === undefined) throw new Error("dangling escape");
    if (c in CLASS_ESCAPES) return CLASS_ESCAPES[c]!;
    if (c === "p" || c === "P") throw new Error("unicode classes unsupported");
    return c;
  }

  /** A member of `[…]`: the first listed character (or range start), or a character outside `[^…]`. */
  private charClass(): string {
    const negated = this.src[this.i] === "^";
    if (negated) this.i++;
    const ranges: Array<[string, string]> = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      let c = this.src[this.i++]!;
      if (c === "[" && this.src[this.i] === ":") {
        const end = this.src.indexOf(":]", this.i);
        if (end < 0) throw new Error("unterminated POSIX class");
        const name = this.src.slice(this.i + 1, end);
        this.i = end + 2;
        ranges.push(
          name === "digit"
            ? ["0", "9"]
            : name === "lower"
              ? ["a", "z"]
              : name === "upper"
                ? ["A", "Z"]
                : ["a", "a"],
        );
        continue;
      }
      if (c === "\\") c = this.escape();
      let hi = c;
      if (this.src[this.i] === "-" && this.i + 1 < this.src.length && this.src[this.i + 1] !== "]") {
        this.i++;
        hi = this.src[this.i++]!;
        if (hi === "\\") hi = this.escape();
      }
      ranges.push([c, hi]);
    }
    if (this.src[this.i] !== "]") throw new Error("unterminated class");
    this.i++;
    if (!negated) return ranges[0]?.[0] ?? "";
    const inside = (ch: string) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
    return ["a", "x", "1", "Z", "-", "_", "~", "."].find((ch) => !inside(ch)) ?? "~";
  }
}
