import { AsyncLocalStorage } from "node:async_hooks";
import type { ContextStore, ContextValues } from "@hexkit/core";
import { defineBench } from "@hexkit/bench";
import { createPinoLogger } from "@hexkit/pino";
import { pino } from "pino";
import type { DestinationStream, LoggerOptions } from "pino";

// A ContextStore on AsyncLocalStorage, as @hexkit/memory's: a bench may not
// depend on another adapter package, and this is all the logger reads.
function contextStore(): ContextStore {
  const storage = new AsyncLocalStorage<ContextValues>();
  const empty: ContextValues = Object.freeze({});
  const current = (): ContextValues => storage.getStore() ?? empty;
  return {
    current,
    run: (values, fn) => storage.run(Object.freeze({ ...current(), ...values }), fn),
    inject: () => ({}),
    extract: () => ({}),
  };
}

// The same line on every side: a request-completed line with four fields.
const message = "request completed";
const fields = { method: "POST", route: "/v1/messages", status: 202, durationMs: 3.25 };
const ids = { correlationId: "01J9ZK3V6Q8W2E5R7T9Y1U3I5O", traceId: "0af7651916cd43dd8448eb211c80319c", tenantId: "tenant-42" };

// Both sides write the same format: level names, epoch time, pid and hostname.
const rawOptions: LoggerOptions = { level: "info", formatters: { level: (label) => ({ level: label }) } };

interface Case {
  readonly fn: () => void;
  /** Run the case's batches inside `context.run(ids)`: one run per batch, not per line. */
  readonly inContext?: boolean;
}

/** Runs each case `iterations` times per round, cases in rotating order; a case's figure is its median round, in lines per CPU second. */
async function interleaved(
  cases: Readonly<Record<string, Case>>,
  options: { rounds: number; iterations: number; context: ContextStore; settle: () => Promise<void> },
): Promise<{ name: string; opsPerSec: number }[]> {
  const names = Object.keys(cases);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const { fn, inContext } = cases[name]!;
      // CPU time, not wall time: on a shared machine a batch that is
      // descheduled half-way would otherwise look twice as slow.
      const batch = (): number => {
        const started = process.cpuUsage();
        for (let i = 0; i < options.iterations; i++) fn();
        const used = process.cpuUsage(started);
        return (used.user + used.system) * 1000;
      };
      const ns = inContext === true ? options.context.run(ids, batch) : batch();
      samples.get(name)!.push((options.iterations * 1e9) / ns);
      // Let the destination drain between cases so that no case pays for another's backlog.
      await options.settle();
    }
  }
  return names.map((name) => {
    const sorted = [...samples.get(name)!].sort((a, b) => a - b);
    return { name, opsPerSec: sorted[Math.floor(sorted.length / 2)]! };
  });
}

/** Checks that both sides write the same line, or the comparison would be meaningless. */
function sameLine(write: (d: DestinationStream) => void, writeRaw: (d: DestinationStream) => void): void {
  const written: string[] = [];
  const collect: DestinationStream = { write: (s: string) => void written.push(s) };
  write(collect);
  writeRaw(collect);
  const [a, b] = written.map((line) => JSON.stringify({ ...(JSON.parse(line) as object), time: 0 }));
  if (a !== b) throw new Error(`the port and raw pino write different lines:\n${a}\n${b}`);
}

export default defineBench({
  kind: "custom",
  group: "pino: the same lines through the Logger port vs raw pino (async sonic-boom to /dev/null, lines per CPU second)",
  baseline: "raw pino",
  targets: { "port (defaults: redaction on, context store)": 0.9, "port, inside a request context": 0.9 },
  run: async () => {
    const destination = pino.destination({ dest: "/dev/null", sync: false });
    const context = contextStore();
    sameLine(
      (d) => {
        createPinoLogger({}, { destination: d, context })._unsafeUnwrap().info(message, fields);
      },
      (d) => {
        pino(rawOptions, d).info(fields, message);
      },
    );
    sameLine(
      (d) => {
        const logger = createPinoLogger({}, { destination: d, context })._unsafeUnwrap();
        context.run(ids, () => {
          logger.info(message, fields);
        });
      },
      (d) => {
        pino(rawOptions, d).child(ids).info(fields, message);
      },
    );
    const raw = pino(rawOptions, destination);
    const rawChild = raw.child(ids);
    const port = createPinoLogger({}, { destination, context })._unsafeUnwrap();
    const portNoRedact = createPinoLogger({ redact: { defaults: false } }, { destination, context })._unsafeUnwrap();

    const rows = await interleaved(
      {
        "raw pino": { fn: () => { raw.info(fields, message); } },
        "port (defaults: redaction on, context store)": { fn: () => { port.info(message, fields); } },
        "port, redaction off": { fn: () => { portNoRedact.info(message, fields); } },
        "raw pino child with the request ids": { fn: () => { rawChild.info(fields, message); } },
        "port, inside a request context": { fn: () => { port.info(message, fields); }, inContext: true },
      },
      { rounds: 40, iterations: 5_000, context, settle: () => port.flush() },
    );
    await port.close();
    destination.end();
    const rawChildOps = rows.find((r) => r.name === "raw pino child with the request ids")!.opsPerSec;
    return rows.map((r) =>
      r.name === "port, inside a request context" ? { ...r, notes: `${(r.opsPerSec / rawChildOps).toFixed(2)}x raw pino child with the same ids` } : r,
    );
  },
});
