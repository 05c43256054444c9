// Single sign-on through OpenID Connect (authorization code + PKCE, state and nonce), configured
// from the environment. Users are created or updated at the callback, and their role bindings are
// replaced by the ones their groups map to: the identity provider is the source of truth for
// single sign-on users.
import * as client from "openid-client";
import { prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log/logger";
import { parseRole, ROLE_LABELS, type Role } from "./permissions";
import { createSession, type NewSession } from "./session";

export const OIDC_FLOW_COOKIE = "portico_oidc";
export const OIDC_FLOW_TTL_S = 600;

export type RoleMapping = { group: string; role: Role; teamSlug?: string };

export type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  redirectUrl: string;
  groupsClaim: string;
  roleMap: RoleMapping[];
};

/**
 * `portico-admins=admin,platform=platform-engineer,payments-leads=team-lead:payments,auditors=auditor`
 */
export function parseRoleMap(value: string | undefined): RoleMapping[] {
  if (!value?.trim()) return [];
  return value.split(",").map((entry) => {
    const [group, target] = entry.split("=").map((s) => s.trim());
    if (!group || !target)
      throw new Error(
        `PORTICO_OIDC_ROLE_MAP entry "${entry}" must look like group=role or group=team-lead:team.`,
      );
    const [roleName, teamSlug] = target.split(":").map((s) => s.trim());
    const role = parseRole(roleName ?? "");
    if (!role)
      throw new Error(
        `PORTICO_OIDC_ROLE_MAP entry "${entry}": unknown role "${roleName}" (use admin, platform-engineer, team-lead:<team> or auditor).`,
      );
    if (role === "team_lead" && !teamSlug)
      throw new Error(
        `PORTICO_OIDC_ROLE_MAP entry "${entry}": team-lead needs a team, e.g. team-lead:payments.`,
      );
    if (role !== "team_lead" && teamSlug)
      throw new Error(`PORTICO_OIDC_ROLE_MAP entry "${entry}": only team-lead takes a team.`);
    return teamSlug ? { group, role, teamSlug } : { group, role };
  });
}

export function oidcSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
): OidcSettings | null {
  const issuer = env.PORTICO_OIDC_ISSUER?.trim();
  const clientId = env.PORTICO_OIDC_CLIENT_ID?.trim();
  const redirectUrl = env.PORTICO_OIDC_REDIRECT_URL?.trim();
  if (!issuer || !clientId || !redirectUrl) return null;
  return {
    issuer: new URL(issuer),
    clientId,
    clientSecret: env.PORTICO_OIDC_CLIENT_SECRET || undefined,
    redirectUrl,
    groupsClaim: env.PORTICO_OIDC_GROUPS_CLAIM?.trim() || "groups",
    roleMap: parseRoleMap(env.PORTICO_OIDC_ROLE_MAP),
  };
}

/** Role bindings (deduplicated) that a set of groups maps to. */
export function rolesFromGroups(
  groups: readonly string[],
  map: readonly RoleMapping[],
): { role: Role; teamSlug?: string }[] {
  const out = new Map<string, { role: Role; teamSlug?: string }>();
  for (const m of map) {
    if (groups.includes(m.group))
      out.set(
        `${m.role}:${m.teamSlug ?? ""}`,
        m.teamSlug ? { role: m.role, teamSlug: m.teamSlug } : { role: m.role },
      );
  }
  return [...out.values()];
}

const cache = globalThis as unknown as {
  portico_oidc?: { key: string; config: Promise<client.Configuration> };
};

function isLoopback(url: URL) {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

async function configuration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href}|${settings.clientId}`;
  if (cache.portico_oidc?.key !== key) {
    // Note: plain http is accepted only for a loopback issuer (local identity providers in tests).
    const insecure = settings.issuer.protocol === "http:" && isLoopback(settings.issuer);
    const config = client
      .discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err) => {
        delete cache.portico_oidc;
        throw err;
      });
    cache.portico_oidc = { key, config };
  }
  return cache.portico_oidc.config;
}

export type OidcFlow = { state: string; nonce: string; verifier: string; next: string };

/** The identity provider URL to send the browser to, and the flow secrets to keep in a cookie. */
export async function startOidcSignIn(
  settings: OidcSettings,
  next: string,
): Promise<{ url: URL; flow: OidcFlow }> {
  const config = await configuration(settings);
  const flow: OidcFlow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUrl,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}

export function encodeFlow(flow: OidcFlow): string {
  return Buffer.from(JSON.stringify(flow)).toString("base64url");
}

export function decodeFlow(value: string | undefined): OidcFlow | null {
  if (!value) return null;
  try {
    const flow = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<OidcFlow>;
    if (typeof flow.state !== "string" || typeof flow.nonce !== "string" || typeof flow.verifier !== "string")
      return null;
    return {
      state: flow.state,
      nonce: flow.nonce,
      verifier: flow.verifier,
      next: typeof flow.next === "string" ? flow.next : "/",
    };
  } catch {
    return null;
  }
}

/** Exchanges the code, creates or updates the user and their role bindings, opens a session. */
export async function completeOidcSignIn(
  settings: OidcSettings,
  callbackUrl: URL,
  flow: OidcFlow,
  meta: { ip?: string | null; userAgent?: string | null; requestId?: string },
): Promise<{ session: NewSession; userId: string }> {
  const config = await configuration(settings);
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    logger.warn({ err, requestId: meta.requestId }, "OpenID Connect callback rejected");
    throw AppError.unauthenticated(
      "Single sign-on failed: the identity provider's answer could not be verified. Try again.",
    );
  }
  if (!claims)
    throw AppError.unauthenticated("Single sign-on failed: the identity provider returned no ID token.");
  const issuer = claims.iss;
  const subject = claims.sub;
  const email = typeof claims.email === "string" ? claims.email.toLowerCase() : null;
  if (!email)
    throw AppError.unauthenticated(
      "Single sign-on failed: the identity provider did not share an email address (scope `email`).",
    );
  const rawGroups = claims[settings.groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === "string") : [];
  const wanted = rolesFromGroups(groups, settings.roleMap);
  if (wanted.length === 0) {
    await recordAudit(prisma, {
      actor: { email },
      action: "auth.sign-in.failed",
      targetType: "user",
      metadata: { method: "oidc", reason: "no mapped group", groups },
      requestId: meta.requestId,
    });
    throw AppError.forbidden(
      "Your account is not in any group that grants a Portico role. Ask your Portico administrator to add you to one.",
    );
  }
  const name = typeof claims.name === "string" && claims.name ? claims.name : email.split("@")[0]!;

  const userId = await prisma.$transaction(async (tx) => {
    let user = await tx.user.findUnique({
      where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: subject } },
    });
    if (!user) {
      const byEmail = await tx.user.findUnique({ where: { email } });
      // Note: link an existing account by email only when the provider vouches for the address.
      if (byEmail && claims.email_verified !== true) {
        throw AppError.conflict(
          `An account for ${email} already exists; the identity provider has not verified this email, so it cannot be linked.`,
        );
      }
      user = byEmail
        ? await tx.user.update({
            where: { id: byEmail.id },
            data: { oidcIssuer: issuer, oidcSubject: subject },
          })
        : await tx.user.create({ data: { email, name, oidcIssuer: issuer, oidcSubject: subject } });
    }
    if (user.disabled)
      throw AppError.forbidden("This account is disabled. Contact your Portico administrator.");
    await tx.user.update({ where: { id: user.id }, data: { name, email, lastLoginAt: new Date() } });

    const teams = await tx.team.findMany({
      where: { slug: { in: wanted.flatMap((w) => (w.teamSlug ? [w.teamSlug] : [])) } },
    });
    const desired = wanted.flatMap((w) => {
      if (!w.teamSlug) return [{ role: w.role, teamId: null as string | null }];
      const team = teams.find((t) => t.slug === w.teamSlug);
      if (!team)
        logger.warn(
          { team: w.teamSlug },
          "PORTICO_OIDC_ROLE_MAP names a team that does not exist; binding skipped",
        );
      return team ? [{ role: w.role, teamId: team.id as string | null }] : [];
    });
    const current = await tx.roleBinding.findMany({ where: { userId: user.id } });
    const keyOf = (b: { role: Role; teamId: string | null }) => `${b.role}:${b.teamId ?? ""}`;
    const desiredKeys = new Set(desired.map(keyOf));
    const currentKeys = new Set(current.map(keyOf));
    const removed = current.filter((b) => !desiredKeys.has(keyOf(b)));
    const added = desired.filter((b) => !currentKeys.has(keyOf(b)));
    if (removed.length) await tx.roleBinding.deleteMany({ where: { id: { in: removed.map((b) => b.id) } } });
    for (const b of added)
      await tx.roleBinding.create({ data: { userId: user.id, role: b.role, teamId: b.teamId } });
    if (removed.length || added.length) {
      const show = (bs: { role: Role; teamId: string | null }[]) =>
        bs.map((b) => ({ role: ROLE_LABELS[b.role], teamId: b.teamId }));
      await recordAudit(tx, {
        actor: { id: user.id, email },
        action: "user.role.sync-from-idp",
        targetType: "user",
        targetId: user.id,
        before: show(current),
        after: show(desired),
        metadata: { groups },
        requestId: meta.requestId,
      });
    }
    return user.id;
  });
  const session = await createSession(userId, meta);
  return { session, userId };
}
