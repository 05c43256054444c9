// The one account the sign-in flood guesses at (half the attempts name it, half name nobody).
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

export async function createUser(): Promise<string> {
  const email = "flood-target@bench.portico";
  await prisma.user.create({
    data: { email, name: "Flood target", passwordHash: await hashPassword("the right password, never sent") },
  });
  return email;
}
