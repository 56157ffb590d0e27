import { okAsync } from "@hexkit/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpApp, defineRoute } from "../src/index.js";
import { silentLogger } from "./fakes.js";

describe("createHttpApp: smoke", () => {
  it("answers a typed route", async () => {
    const route = defineRoute({
      method: "POST",
      path: "/echo/:id",
      auth: "none",
      schema: { params: z.object({ id: z.string() }), body: z.object({ n: z.number() }) },
      responses: { 201: z.object({ id: z.string(), n: z.number() }) },
      handler: (input) => okAsync({ id: input.params.id, n: input.body.n }),
    });
    const app = createHttpApp({ routes: [route], logger: silentLogger });
    const res = await app.fastify.inject({ method: "POST", url: "/echo/a", payload: { n: 1 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: "a", n: 1 });
    await app.close();
  });
});
