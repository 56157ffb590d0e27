import { describe, expect, it } from "vitest";
import { createAsyncContextStore } from "@hexkit/memory";

const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("createAsyncContextStore", () => {
  it("is empty outside any run", () => {
    expect(createAsyncContextStore().current()).toEqual({});
  });

  it("merges run values over the current context, only inside fn", () => {
    const store = createAsyncContextStore();
    store.run({ correlationId: "c1", tenantId: "t1" }, () => {
      store.run({ tenantId: "t2" }, () => {
        expect(store.current()).toEqual({ correlationId: "c1", tenantId: "t2" });
      });
      expect(store.current()).toEqual({ correlationId: "c1", tenantId: "t1" });
    });
    expect(store.current()).toEqual({});
  });

  it("keeps the context across awaits and timers", async () => {
    const store = createAsyncContextStore();
    const seen = await store.run({ correlationId: "c1" }, async () => {
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return store.current();
    });
    expect(seen).toEqual({ correlationId: "c1" });
  });

  it("keeps concurrent flows apart", async () => {
    const store = createAsyncContextStore();
    const read = (id: string): Promise<string | undefined> =>
      store.run({ correlationId: id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return store.current().correlationId;
      });
    expect(await Promise.all([read("a"), read("b")])).toEqual(["a", "b"]);
  });

  it("injects the correlation id, tenant and trace context into a carrier", () => {
    const store = createAsyncContextStore();
    const carrier = store.run({ correlationId: "c1", tenantId: "t1", traceparent, tracestate: "k=v", other: "x" }, () =>
      store.inject(),
    );
    expect(carrier).toEqual({ "x-request-id": "c1", "x-hexkit-tenant-id": "t1", traceparent, tracestate: "k=v" });
  });

  it("injects an empty carrier outside any run", () => {
    expect(createAsyncContextStore().inject()).toEqual({});
  });

  it("extracts what inject wrote, with the trace id of the traceparent", () => {
    const store = createAsyncContextStore();
    expect(store.extract({ "x-request-id": "c1", "x-hexkit-tenant-id": "t1", traceparent, unknown: "ignored" })).toEqual({
      correlationId: "c1",
      tenantId: "t1",
      traceparent,
      traceId: "0af7651916cd43dd8448eb211c80319c",
    });
  });

  it("reads carrier keys in any case and ignores a malformed traceparent's trace id", () => {
    const store = createAsyncContextStore();
    expect(store.extract({ "X-Request-Id": "c1", traceparent: "garbage" })).toEqual({ correlationId: "c1", traceparent: "garbage" });
  });
});
