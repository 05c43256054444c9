// Placeholder replaced by the database setup (fresh database per run).
export default async function setup() {}
