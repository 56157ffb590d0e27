import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { ok } from "@hexkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { integrationHarness, testPrefix, until } from "./support.js";

interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
}

const children: Child[] = [];

function spawnWorker(queueName: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--conditions=@hexkit/source", "--import", "tsx", "test/fixtures/worker-child.ts"], {
    cwd: new URL("..", import.meta.url),
    env: {
      ...process.env,
      QUEUE_NAME: queueName,
      PREFIX: testPrefix,
      REDIS_URL: "redis://127.0.0.1:6379",
      LOCK_DURATION_MS: "1000",
      STALLED_INTERVAL_MS: "300",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  const entry = { process: child, lines };
  children.push(entry);
  return entry;
}

const has = (child: Child, prefix: string) => () => child.lines.some((line) => line.startsWith(prefix));

afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill("SIGKILL");
});

describe("bullmq workers in separate processes", () => {
  const { openQueue } = integrationHarness("crash");

  it("runs a job again on another worker when its worker is killed with SIGKILL mid-job", async () => {
    const queue = openQueue();
    const doomed = spawnWorker(queue.settings.queueName, { HOLD_MS: "60000" });
    await until(has(doomed, "ready"), "the first worker", 15_000);
    const { id } = (await queue.enqueue("work", { n: 7 }))._unsafeUnwrap();
    await until(has(doomed, `started ${id} 7`), "the job to start on the first worker");
    const survivor = spawnWorker(queue.settings.queueName, { HOLD_MS: "0" });
    await until(has(survivor, "ready"), "the second worker", 15_000);

    doomed.process.kill("SIGKILL");
    await once(doomed.process, "exit");

    await until(has(survivor, `completed ${id} 7`), "the job to complete on the second worker", 15_000);
    expect(doomed.lines).not.toContain(`completed ${id} 7`);
    await until(async () => (await queue.counts())._unsafeUnwrap().active === 0, "the queue to settle");
    expect(await queue.counts()).toEqual(ok({ waiting: 0, delayed: 0, active: 0, deadLettered: 0 }));
    expect(await queue.deadLetters()).toEqual(ok([]));
  });

  it("finishes the job in flight on SIGTERM and leaves the waiting ones to the next worker", async () => {
    const queue = openQueue();
    const first = spawnWorker(queue.settings.queueName, { HOLD_MS: "500" });
    await until(has(first, "ready"), "the first worker", 15_000);
    const ids = (await queue.enqueueMany([1, 2, 3].map((n) => ({ name: "work" as const, payload: { n } }))))._unsafeUnwrap().map((job) => job.id);
    await until(has(first, `started ${ids[0]} 1`), "the first job to start");
    first.process.kill("SIGTERM");
    const [code] = (await once(first.process, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(first.lines.filter((line) => !line.startsWith("ready"))).toEqual([`started ${ids[0]} 1`, `completed ${ids[0]} 1`, "stopped 1 0"]);

    const next = spawnWorker(queue.settings.queueName, { HOLD_MS: "0" });
    await until(() => next.lines.filter((line) => line.startsWith("completed")).length === 2, "the rest", 15_000);
    expect(next.lines.filter((line) => line.startsWith("completed")).sort()).toEqual([`completed ${ids[1]} 2`, `completed ${ids[2]} 3`].sort());
  });
});
