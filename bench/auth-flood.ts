// The attacker half of `npm run bench:auth`, a process of its own so its work does not sit on the
// event loop that times /api/health: BENCH_AUTH_ATTEMPTS wrong passwords at BENCH_AUTH_BASE, each
// from its own address; prints the count of each answer's status as one JSON line.
const base = process.env.BENCH_AUTH_BASE!;
const email = process.env.BENCH_AUTH_EMAIL!;
const attempts = Number(process.env.BENCH_AUTH_ATTEMPTS ?? 2000);
const concurrency = Number(process.env.BENCH_AUTH_CONCURRENCY ?? 100);

async function main() {
  const statuses: Record<number, number> = {};
  let next = 0;
  const flood = async () => {
    while (next < attempts) {
      const i = next++;
      const res = await fetch(`${base}/api/auth/sign-in`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          // TEST-NET-3 addresses, one per attempt: no per-address wait spares any hashing.
          "x-forwarded-for": `203.0.${Math.floor(i / 250)}.${i % 250}`,
        },
        body: JSON.stringify({ email: i % 2 ? email : `nobody-${i}@bench.portico`, password: `guess-${i}` }),
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, flood));
  console.log(JSON.stringify(statuses));
}

void main();
