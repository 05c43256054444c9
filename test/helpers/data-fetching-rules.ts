// The rules of data fetching (ARCHITECTURE.md, "Data fetching"), checked on the source itself:
// pages read through lib, never Prisma inline; the browser fetches only through apiFetch; every
// query key comes from the key factory; one URL is cached under one key, and one key family fetches
// one URL. Each check takes a file's path and text and returns what breaks the rule, naming the file.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type Source = { file: string; text: string };

/** A query that names both its key and what it fetches: the key family (`clusters.inventory`) and
 * the URL's path with every interpolation as `*` and without its query string. */
export type KeyedFetch = { file: string; key: string; url: string };

export function readSources(root: string, dirs: string[], accept: (file: string) => boolean): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (accept(rel)) out.push({ file: rel, text: readFileSync(path.join(root, rel), "utf8") });
    }
  };
  for (const dir of dirs) walk(dir);
  return out;
}

const parsed = new WeakMap<Source, ts.SourceFile>();

function parse(source: Source): ts.SourceFile {
  let sf = parsed.get(source);
  if (!sf) {
    sf = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    parsed.set(source, sf);
  }
  return sf;
}

function visit(node: ts.Node, each: (n: ts.Node) => void) {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** `prisma.<anything>` or an import of the Prisma client in a page. */
export function inlinePrisma(source: Source): string[] {
  const sf = parse(source);
  const found: string[] = [];
  visit(sf, (n) => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "prisma")
      found.push(
        `${source.file}:${lineOf(sf, n)} queries Prisma inline (${n.getText(sf)}); read through a lib getter`,
      );
    if (
      ts.isImportDeclaration(n) &&
      ts.isStringLiteral(n.moduleSpecifier) &&
      n.moduleSpecifier.text === "@/lib/db/client" &&
      !n.importClause?.isTypeOnly
    )
      found.push(`${source.file}:${lineOf(sf, n)} imports the Prisma client; read through a lib getter`);
  });
  return found;
}

/** Calls of the global fetch: the browser goes through apiFetch (CSRF token, errors as ApiError). */
export function rawFetch(source: Source): string[] {
  const sf = parse(source);
  const found: string[] = [];
  visit(sf, (n) => {
    if (!ts.isCallExpression(n)) return;
    const callee = n.expression;
    const global =
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      ["window", "globalThis", "self"].includes(callee.expression.text) &&
      callee.name.text === "fetch";
    if ((ts.isIdentifier(callee) && callee.text === "fetch") || global)
      found.push(
        `${source.file}:${lineOf(sf, n)} calls fetch directly; use apiFetch from lib/query/api-fetch`,
      );
  });
  return found;
}

/** The key family of `queryKeys.a.b(...)` / `queryKeys.a.all`: "a.b" / "a.all"; null for anything else. */
function keyFamily(expr: ts.Expression): string | null {
  const target = ts.isCallExpression(expr) ? expr.expression : expr;
  const parts: string[] = [];
  let e: ts.Expression = target;
  while (ts.isPropertyAccessExpression(e)) {
    parts.unshift(e.name.text);
    e = e.expression;
  }
  return ts.isIdentifier(e) && e.text === "queryKeys" && parts.length > 0 ? parts.join(".") : null;
}

/** `queryKey:` values that are not a key of the factory (array literals, spreads, variables). */
export function keysOutsideFactory(source: Source): string[] {
  const sf = parse(source);
  const found: string[] = [];
  visit(sf, (n) => {
    if (
      ts.isPropertyAssignment(n) &&
      (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) &&
      n.name.text === "queryKey" &&
      keyFamily(n.initializer) === null
    )
      found.push(
        `${source.file}:${lineOf(sf, n)} builds its query key (${n.initializer.getText(sf)}); take it from queryKeys in lib/query/keys`,
      );
  });
  return found;
}

function urlPattern(arg: ts.Expression, sf: ts.SourceFile): string | null {
  let text: string;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) text = arg.text;
  else if (ts.isTemplateExpression(arg))
    text = arg.head.text + arg.templateSpans.map((s) => `*${s.literal.text}`).join("");
  else return `<${arg.getText(sf)}>`;
  return text.split("?")[0]!;
}

/** Object literals with both `queryKey` and `queryFn`: the key family and the URL apiFetch reads. */
export function keyedFetches(source: Source): KeyedFetch[] {
  const sf = parse(source);
  const out: KeyedFetch[] = [];
  visit(sf, (n) => {
    if (!ts.isObjectLiteralExpression(n)) return;
    const prop = (name: string) =>
      n.properties.find(
        (p): p is ts.PropertyAssignment =>
          ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
      );
    const key = prop("queryKey");
    const fn = prop("queryFn");
    if (!key || !fn) return;
    // A key built from a factory key (`[...queryKeys.a.b(x), extra]`) still counts as that family
    // here, so the URL it caches shows up against the factory's own use of it.
    const init = key.initializer;
    const spread =
      ts.isArrayLiteralExpression(init) && init.elements[0] && ts.isSpreadElement(init.elements[0])
        ? keyFamily(init.elements[0].expression)
        : null;
    const family = keyFamily(init) ?? spread;
    let url: string | null = null;
    visit(fn.initializer, (c) => {
      if (
        url === null &&
        ts.isCallExpression(c) &&
        ts.isIdentifier(c.expression) &&
        c.expression.text === "apiFetch"
      )
        url = c.arguments[0] ? urlPattern(c.arguments[0], sf) : null;
    });
    if (family && url) out.push({ file: source.file, key: family, url });
  });
  return out;
}

/** URLs cached under more than one key family, and key families that fetch more than one URL. */
export function keyUrlClashes(fetches: KeyedFetch[]): string[] {
  const group = (by: (f: KeyedFetch) => string, other: (f: KeyedFetch) => string) => {
    const m = new Map<string, Map<string, string[]>>();
    for (const f of fetches) {
      const inner = m.get(by(f)) ?? new Map<string, string[]>();
      inner.set(other(f), [...(inner.get(other(f)) ?? []), f.file]);
      m.set(by(f), inner);
    }
    return [...m].filter(([, inner]) => inner.size > 1);
  };
  const describe = (inner: Map<string, string[]>) =>
    [...inner].map(([v, files]) => `${v} (${[...new Set(files)].join(", ")})`).join(" and ");
  return [
    ...group(
      (f) => f.url,
      (f) => f.key,
    ).map(([url, keys]) => `${url} is cached under several keys: ${describe(keys)}`),
    ...group(
      (f) => f.key,
      (f) => f.url,
    ).map(([key, urls]) => `queryKeys.${key} fetches several URLs: ${describe(urls)}`),
  ];
}

/** Every key family of the factory (`clusters.inventory`, `clusters.all`, ...). */
export function factoryFamilies(factory: object, prefix = ""): string[] {
  return Object.entries(factory).flatMap(([name, value]) =>
    typeof value === "function" || Array.isArray(value)
      ? [`${prefix}${name}`]
      : factoryFamilies(value as object, `${prefix}${name}.`),
  );
}

/** Key families no source outside the factory names. */
export function unusedFamilies(families: string[], sources: Source[]): string[] {
  const used = new Set<string>();
  for (const source of sources) {
    const sf = parse(source);
    visit(sf, (n) => {
      if (ts.isPropertyAccessExpression(n)) {
        const family = keyFamily(n);
        if (family) used.add(family);
      }
    });
  }
  return families.filter((f) => !used.has(f));
}
