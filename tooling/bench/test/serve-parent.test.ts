import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const tsx = import.meta.resolve("tsx");
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("serveParent", () => {
  it("exits when its parent dies without saying stop, so no server outlives a killed bench", async () => {
    const parent = spawn(process.execPath, ["--import", tsx, new URL("./fixtures/orphan-parent.ts", import.meta.url).pathname], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(parent.stdout, "data")) as [Buffer];
    const childPid = Number(line.toString().trim());
    expect(alive(childPid)).toBe(true);
    parent.kill("SIGKILL");
    await once(parent, "exit");
    const deadline = Date.now() + 5_000;
    while (alive(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const orphaned = alive(childPid);
    if (orphaned) process.kill(childPid, "SIGKILL");
    expect(orphaned).toBe(false);
  });
});
