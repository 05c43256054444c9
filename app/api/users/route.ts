import { json, route } from "@/lib/api/handler";
import { listUsers } from "@/lib/auth/list-users";

// Lists users and their role bindings (no secrets). Permission: user:read
export const GET = route({ permission: "user:read" }, async () => json({ users: await listUsers() }));
