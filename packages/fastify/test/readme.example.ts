import { type LogFields, type Logger, type LogLevel, errAsync, notFound, okAsync } from "@hexkit/core";
import { createApiKeyAuthenticator, createHttpApp, defineRoute, hashApiKey } from "@hexkit/fastify";
import { createAsyncContextStore, createIdGenerator, createMemoryRateLimiter, createSystemClock } from "@hexkit/memory";
import { z } from "zod";

const [clock, ids, context] = [createSystemClock(), createIdGenerator(), createAsyncContextStore()];
// A JSON line per call, with the request's context (in production: @hexkit/pino).
const log = (b: LogFields): Logger => {
  const at = (level: LogLevel) => (msg: string, f?: LogFields) => { console.log(JSON.stringify({ level, msg, ...context.current(), ...b, ...f })); };
  return { trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), fatal: at("fatal"), child: (m) => log({ ...b, ...m }), isLevelEnabled: () => true };
};
const logger = log({ service: "notes" });

const Note = z.object({ id: z.string(), tenantId: z.string(), text: z.string() });
const notes = new Map<string, z.infer<typeof Note>>();

const routes = [
  defineRoute({
    method: "POST", path: "/v1/notes", summary: "Create a note", tags: ["notes"],
    auth: { scopes: ["notes:write"], tenant: "required" },
    schema: { body: z.object({ text: z.string().min(1).max(500) }) },
    responses: { 201: Note },
    handler: ({ body }, ctx) => {
      const note = { id: ids.next("note"), tenantId: ctx.principal.tenantId ?? "", text: body.text };
      notes.set(note.id, note);
      ctx.setHeader("location", `/v1/notes/${note.id}`);
      return okAsync(note);
    },
  }),
  defineRoute({
    method: "GET", path: "/v1/notes/:id", summary: "Read a note", tags: ["notes"],
    auth: { tenant: "required" },
    schema: { params: z.object({ id: z.string().max(64) }) },
    responses: { 200: Note },
    handler: ({ params }, ctx) => {
      const note = notes.get(params.id);
      return note !== undefined && note.tenantId === ctx.principal.tenantId ? okAsync(note) : errAsync(notFound("Note", params.id));
    },
  }),
];

const app = createHttpApp({
  routes, logger, context, clock,
  authenticator: createApiKeyAuthenticator({
    keys: [{ hash: hashApiKey(process.env.API_KEY ?? "dev-key-change-me"), subject: "dev", tenantId: "t1", scopes: ["notes:write"] }],
  }),
  rateLimiter: createMemoryRateLimiter({ policy: { points: 100, durationMs: 60_000 }, clock }),
  options: { openapi: { title: "Notes", version: "1.0.0" } },
});
(await app.listen({ port: 3000 })).match(
  (address) => { logger.info("listening", { url: address.url }); },
  (error) => { logger.fatal(error.message); process.exitCode = 1; },
);
process.once("SIGTERM", () => void app.close());
