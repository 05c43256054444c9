-- A user holds each global role (team is NULL) at most once. Postgres treats NULLs as distinct in a
-- unique index by default, so the index is rebuilt with NULLS NOT DISTINCT (PostgreSQL 15+) under
-- the same name Prisma's schema expects.
DROP INDEX "RoleBinding_userId_role_teamId_key";
CREATE UNIQUE INDEX "RoleBinding_userId_role_teamId_key" ON "RoleBinding"("userId", "role", "teamId") NULLS NOT DISTINCT;
