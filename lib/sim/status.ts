import { type ResourceType } from "./resources";

export interface StatusCause {
  type?: string;
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** An error that answers with a metav1.Status body, as kube-apiserver does. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function qualified(rt: ResourceType): string {
  return rt.group ? `${rt.resource}.${rt.group}` : rt.resource;
}

export const errors = {
  notFound: (rt: ResourceType, name: string) =>
    new ApiError(404, "NotFound", `${qualified(rt)} "${name}" not found`, {
      name,
      group: rt.group,
      kind: rt.resource,
    }),
  namespaceNotFound: (ns: string) =>
    new ApiError(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" }),
  noRoute: () => new ApiError(404, "NotFound", "the server could not find the requested resource", {}),
  alreadyExists: (rt: ResourceType, name: string) =>
    new ApiError(409, "AlreadyExists", `${qualified(rt)} "${name}" already exists`, {
      name,
      group: rt.group,
      kind: rt.resource,
    }),
  conflict: (rt: ResourceType, name: string) =>
    new ApiError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${qualified(rt)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: rt.group, kind: rt.resource },
    ),
  badRequest: (message: string) => new ApiError(400, "BadRequest", message),
  invalid: (rt: ResourceType, name: string, causes: StatusCause[]) => {
    const kindGroup = rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
    const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const summary = list.length === 1 ? list[0] : `[${list.join(", ")}]`;
    return new ApiError(422, "Invalid", `${kindGroup} "${name}" is invalid: ${summary}`, {
      name,
      group: rt.group,
      kind: rt.kind,
      causes,
    });
  },
  methodNotAllowed: () =>
    new ApiError(
      405,
      "MethodNotAllowed",
      "the server does not allow this method on the requested resource",
      {},
    ),
  unsupportedMediaType: (ct: string) =>
    new ApiError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${ct})`,
    ),
  tooLarge: () => new ApiError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"),
  unauthorized: () => new ApiError(401, "Unauthorized", "Unauthorized"),
  gone: (message: string) => new ApiError(410, "Expired", message),
};
