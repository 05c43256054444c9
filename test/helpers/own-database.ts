// Import this first in a test file whose subject is global state (the newest revision): it points
// DATABASE_URL at a fresh, migrated database of the file's own before anything opens the shared
// client, so the file's revisions never disturb files running in parallel. Call dropOwnDatabase()
// in afterAll.
import { createDatabase } from "../create-database";

const own = await createDatabase("own");
process.env.DATABASE_URL = own.url;
export const OWN_DATABASE_URL = own.url;

export function dropOwnDatabase(): Promise<void> {
  return own.drop();
}
