// Builds the OpenAPI 3.1 description from the route modules: each handler made by route() carries
// its permission and the zod schemas it parses with (and, where declared, the one its answer has).
// Nothing here is written by hand per endpoint, so the description follows the code.
import { z } from "zod";
import { PERMISSION_TABLE, type Permission } from "@/lib/auth/permissions";
import { ERROR_STATUS } from "@/lib/errors/app-error";
import { endpointsOf, type Endpoint, type RouteModuleLike } from "./endpoints";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  try {
    const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    delete out.$schema;
    return out;
  } catch {
    // A schema with a construct JSON Schema cannot express is documented loosely rather than not at all.
    return { type: "object" };
  }
}

/** `/api/users/[id]` → `/api/users/{id}`; catch-alls become one `{slug}` parameter. */
export function openApiPath(path: string): string {
  return path.replace(/\[(\.\.\.)?([^\]]+)\]/g, "{$2}");
}

function pathParameters(path: string) {
  return [...path.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((m) => ({
    name: m[2]!,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = toSchema(schema);
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: "query",
    required: required.has(name) && s.default === undefined,
    schema: s,
    ...(typeof s.description === "string" ? { description: s.description } : {}),
  }));
}

const ERROR_RESPONSE = { $ref: "#/components/responses/Error" };

function operation(e: Endpoint) {
  const options = e.options;
  const success = {
    "application/json": { schema: options.response ? toSchema(options.response, "output") : {} },
  };
  const permission = e.permission;
  const secured = permission !== "public";
  const area = e.path.split("/")[2] ?? "api";
  const op: Record<string, unknown> = {
    operationId: `${e.method.toLowerCase()}${e.path
      .replace(/^\/api/, "")
      .replace(/\[\.\.\.([^\]]+)\]/g, "By-$1")
      .replace(/\[([^\]]+)\]/g, "By-$1")
      .split(/[/.\-]/)
      .filter(Boolean)
      .map((s) => s[0]!.toUpperCase() + s.slice(1))
      .join("")}`,
    tags: [area],
    summary: secured ? PERMISSION_TABLE[permission as Permission].description : `${e.method} ${e.path}`,
    description: secured ? `Requires the \`${permission}\` permission.` : "Open to anonymous callers.",
    "x-permission": permission,
    security: secured ? [{ session: [], csrf: [] }, { bearer: [] }] : [],
    parameters: [...pathParameters(e.path), ...queryParameters(options.query)],
    responses: {
      "200": { description: "Success", content: success },
      ...(e.method === "POST" ? { "201": { description: "Created", content: success } } : {}),
      ...(e.method === "DELETE" ? { "204": { description: "Done" } } : {}),
      "400": ERROR_RESPONSE,
      ...(secured ? { "401": ERROR_RESPONSE, "403": ERROR_RESPONSE } : {}),
      "404": ERROR_RESPONSE,
      ...(options.body ? { "413": ERROR_RESPONSE, "415": ERROR_RESPONSE, "422": ERROR_RESPONSE } : {}),
    },
  };
  if (options.body) {
    op.requestBody = {
      required: true,
      content: { "application/json": { schema: toSchema(options.body) } },
      ...(options.maxBytes ? { description: `At most ${options.maxBytes} bytes.` } : {}),
    };
  }
  return op;
}

export function buildOpenApi(modules: Record<string, RouteModuleLike>, opts: { version?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpointsOf(modules)) {
    const key = openApiPath(e.path);
    paths[key] ??= {};
    paths[key][e.method.toLowerCase()] = operation(e);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Portico API",
      version: opts.version ?? "0.1.0",
      description:
        "Control plane for gateways per product on Istio. Browser sessions send the portico_csrf cookie value as " +
        "x-csrf-token on mutations; automation sends `Authorization: Bearer ptc_...`. See docs/api.md.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal API token (POST /api/tokens)." },
        session: { type: "apiKey", in: "cookie", name: "portico_session" },
        csrf: {
          type: "apiKey",
          in: "header",
          name: "x-csrf-token",
          description: "Value of the portico_csrf cookie; mutations only.",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string", description: "What went wrong, written for a person." },
                details: { description: "Field issues ({path, message}[]) or analyzer findings." },
              },
            },
          },
        },
      },
      responses: {
        Error: {
          description: "An error in the one shape every endpoint uses.",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}
