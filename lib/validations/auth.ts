// Input schemas for sign-in, API tokens and role bindings.
import { z } from "zod";
import { parseRole } from "@/lib/auth/permissions";

export const signInSchema = z.object({
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: z
    .string({ error: "Enter your password." })
    .min(1, { error: "Enter your password." })
    .max(1024, { error: "The password is longer than 1024 characters; no Portico password is." }),
});

export const signOutQuerySchema = z.object({
  /** Where to return after signing in again; anything off Portico's origin is replaced by "/". */
  next: z.string().max(2048).optional(),
});

/** Accepts `platform-engineer` (the public spelling) as well as `platform_engineer`. */
export const roleSchema = z
  .string({ error: "Choose a role: admin, platform-engineer, team-lead or auditor." })
  .transform((value, ctx) => {
    const role = parseRole(value);
    if (!role) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown role "${value}": use admin, platform-engineer, team-lead or auditor.`,
      });
      return z.NEVER;
    }
    return role;
  });

// Note: strict, so a misspelled field (`expiresIn`) is refused instead of silently giving the token
// the longest life allowed.
export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1, { error: "Give the token a name so you can recognise it later." }).max(100),
  role: roleSchema,
  /** Days until the token expires; omitted, the longest life allowed (PORTICO_TOKEN_MAX_LIFETIME_DAYS). */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const grantRoleSchema = z.strictObject({
  role: roleSchema,
  teamSlug: z.string().trim().min(1).max(100).optional(),
});
