import { describe, expect, it } from "vitest";
import { createLabelGuard, createLabelIndex } from "../src/label-guard.js";

describe("createLabelGuard", () => {
  it("admits a complete label set as given", () => {
    const guard = createLabelGuard(["route", "status"], 10);
    const labels = { route: "/a", status: 200 };
    expect(guard(labels)).toEqual(labels);
  });

  it("fills a missing declared label with an empty value", () => {
    const guard = createLabelGuard(["route", "status"], 10);
    expect(guard({ route: "/a" })).toEqual({ route: "/a", status: "" });
    expect(guard(undefined)).toEqual({ route: "", status: "" });
  });

  it("refuses a label that was not declared", () => {
    const guard = createLabelGuard(["route"], 10);
    expect(guard({ route: "/a", path: "/a/123" })).toBe("unknown_label");
    expect(createLabelGuard([], 10)({ route: "/a" })).toBe("unknown_label");
  });

  it("refuses an undeclared label on a label set it already knows", () => {
    const guard = createLabelGuard(["route", "status"], 10);
    expect(guard({ route: "/a", status: 200 })).toEqual({ route: "/a", status: 200 });
    expect(guard({ route: "/a", status: 200, path: "/a/1" })).toBe("unknown_label");
    expect(guard({ route: "/a", path: "/a/1" })).toBe("unknown_label");
    expect(guard({ route: "/b" })).toEqual({ route: "/b", status: "" });
    expect(guard({ route: "/b", path: "/b/1" })).toBe("unknown_label");
  });

  it("does not count a refused label set towards the cap", () => {
    const guard = createLabelGuard(["route"], 1);
    expect(guard({ route: "/a", path: "/a/1" })).toBe("unknown_label");
    expect(guard({ route: "/b" })).toEqual({ route: "/b" });
  });

  it("refuses new label sets past the cap and keeps admitting known ones", () => {
    const guard = createLabelGuard(["route"], 2);
    expect(guard({ route: "/a" })).toEqual({ route: "/a" });
    expect(guard({ route: "/b" })).toEqual({ route: "/b" });
    expect(guard({ route: "/c" })).toBe("label_set_limit");
    expect(guard({ route: "/a" })).toEqual({ route: "/a" });
    expect(guard({ route: "/c" })).toBe("label_set_limit");
  });

  it("counts a number and its string form as the same label set", () => {
    const guard = createLabelGuard(["status"], 1);
    expect(guard({ status: 200 })).toEqual({ status: 200 });
    // The series is the one first seen, whichever form the value came in.
    expect(guard({ status: "200" })).toEqual({ status: 200 });
  });

  it("answers a frozen label set seen last without walking the index, and still refuses what it refused", () => {
    const made: string[] = [];
    const index = createLabelIndex(["route"], 10, (labels) => {
      made.push(String(labels.route));
      return { labels };
    });
    const a = Object.freeze({ route: "/a" });
    const first = index(a);
    expect([index(a) === first, index({ route: "/a" }) === first, made]).toEqual([true, true, ["/a"]]);
    const bad = Object.freeze({ route: "/a", path: "/a/1" });
    expect([index(bad), index(bad)]).toEqual(["unknown_label", "unknown_label"]);
  });

  it("forgets every label set and the count towards the cap when cleared", () => {
    const index = createLabelIndex(["route"], 1, (labels) => ({ labels }));
    const a = Object.freeze({ route: "/a" });
    const before = index(a);
    expect(index({ route: "/b" })).toBe("label_set_limit");
    index.clear();
    const after = index(a);
    expect([after === before, index({ route: "/c" })]).toEqual([false, "label_set_limit"]);
  });

  it("counts the empty label set of an unlabelled metric once", () => {
    const guard = createLabelGuard([], 1);
    expect(guard(undefined)).toEqual({});
    expect(guard({})).toEqual({});
  });
});
