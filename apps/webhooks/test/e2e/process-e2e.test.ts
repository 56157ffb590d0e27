import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { mintToken } from "../../src/auth/mint-token.js";

const appDir = join(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "webhooks-e2e-"));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `pnpm start`'s command with no config file, on port 0, and reads its log lines. */
function startService() {
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: { ...process.env, PORT: "0", WEBHOOKS__DATA_DIR: dataDir, WEBHOOKS__EGRESS__ALLOW: "127.0.0.0/8" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: { msg?: string; url?: string }[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl)) as { msg?: string; url?: string };
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        // The egress note is the last start-up line: by then every note has been read.
        const url = lines.find((l) => l.msg?.includes("listening"))?.url;
        if (url && line.msg?.startsWith("egress guard")) resolve(url);
      }
    });
    child.once("exit", (code) => { reject(new Error(`exited with ${code}: ${stderr}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  /** The exit code with what the process said last, so a failed exit explains itself. */
  const outcome = async () => ({ code: await exited, stderr, lastLines: lines.slice(-5) });
  return { child, lines, listening, exited, outcome };
}

describe("The service process on embedded defaults", () => {
  it("starts with no config file, says where the dev secret is, serves tokens from it, and stops cleanly on SIGTERM", async () => {
    const service = startService();
    // Never leave the child running, whatever fails below.
    onTestFinished(() => {
      if (service.child.exitCode === null) service.child.kill("SIGKILL");
    });
    const url = await service.listening;
    expect(service.lines.some((l) => l.msg?.includes("cli token --tenant t1"))).toBe(true);
    const secret = readFileSync(join(dataDir, "dev-jwt-secret"), "utf8").trim();
    const token = await mintToken({ secret, issuer: "hexkit-webhooks", audience: "hexkit-webhooks", tenantClaim: "tenant_id" }, { tenantId: "t1" });
    expect((await fetch(`${url}/v1/endpoints`)).status).toBe(401);
    const listed = await fetch(`${url}/v1/endpoints`, { headers: { authorization: `Bearer ${token}` } });
    expect(await listed.json()).toEqual({ data: [], nextCursor: null });
    service.child.kill("SIGTERM");
    expect(await service.outcome()).toMatchObject({ code: 0 });
    expect(service.lines.map((l) => l.msg)).toContain("stopped");
  }, 30_000);
});
