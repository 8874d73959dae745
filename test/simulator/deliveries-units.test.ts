import { deliveryHeaders } from "../../simulator/delivery-post";
import { firesFor, selectPayloadFields } from "../../simulator/field-paths";
import { toCsv } from "../../simulator/list-answers";
import { isLoopbackAddress, isLoopbackHost } from "../../simulator/loopback";
import { changedPaths } from "../../simulator/models";
import type { ModelChange } from "../../simulator";

const change = (overrides: Partial<ModelChange>): ModelChange => ({
  orgId: 1,
  model: "project",
  event: "UPDATE",
  model_id: 1,
  event_id: 1,
  identifier: "p",
  timestamp: "0",
  fields: {},
  changed_fields: [],
  ...overrides,
});

describe("deliveries: the pure parts", () => {
  it("finds changed paths, parents included, list indices left out", () => {
    expect(changedPaths({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual(["b"]);
    expect(changedPaths({ s: [{ k: 1, m: 1 }, { k: 2, m: 1 }] }, { s: [{ k: 1, m: 1 }, { k: 3, m: 1 }] })).toEqual(["s", "s.k"]);
    expect(changedPaths({ s: [{ k: 1 }] }, { s: [{ k: 1 }, { k: 2, m: 3 }] })).toEqual(["s", "s.k", "s.m"]);
    expect(changedPaths({ t: null }, { t: { data: 1 } })).toEqual(["t", "t.data"]);
    expect(changedPaths({ s: [] }, { s: null })).toEqual(["s"]);
    expect(changedPaths({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(changedPaths({}, { n: 1 })).toEqual(["n"]);
  });

  it("matches triggers", () => {
    const update = change({ changed_fields: ["systems", "systems.kw_stc"] });
    expect(firesFor(["project.systems.kw_stc"], update)).toBe(true);
    expect(firesFor(["project.systems"], update)).toBe(true);
    expect(firesFor(["project.systems.modules"], update)).toBe(false);
    expect(firesFor(["project.*"], update)).toBe(true);
    expect(firesFor(["contact.*", "event.*"], update)).toBe(false);
    expect(firesFor(null, update)).toBe(true);
    expect(firesFor(null, change({}))).toBe(false); // an UPDATE that changed nothing
    expect(firesFor([], change({ event: "CREATE" }))).toBe(false);
    expect(firesFor(["project.anything"], change({ event: "DELETE" }))).toBe(true);
    expect(firesFor(["project", "project.", "stage"], change({ event: "CREATE" }))).toBe(false);
  });

  it("selects payload fields with the record's shape", () => {
    const fields = { a: 1, list: [{ x: 1, y: 2 }, { x: 3 }, null, 4], obj: { data: { d: 1 }, other: 2 }, gone: null };
    expect(selectPayloadFields(fields, "project", ["project.list.x", "project.obj.data", "project.gone.data", "project.none"])).toEqual({
      list: [{ x: 1 }, { x: 3 }, null],
      obj: { data: { d: 1 } },
      gone: null,
    });
    expect(selectPayloadFields(fields, "project", ["project.obj", "project.obj.data"])).toEqual({ obj: fields.obj });
    expect(selectPayloadFields(fields, "project", ["project.obj.data", "project.obj"])).toEqual({ obj: fields.obj });
    expect(selectPayloadFields(fields, "project", ["contact.*"])).toEqual({});
    expect(selectPayloadFields(fields, "project", ["project.*"])).toEqual(fields);
    expect(selectPayloadFields({ address: "x", secret: 1 }, "project", [])).toEqual({ address: "x" });
  });

  it("tells loopback hosts apart without asking DNS", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST.", "api.localhost", "[::1]", "::1", "[::ffff:127.0.0.1]"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
    for (const host of ["10.0.0.1", "0.0.0.0", "example.com", "localhost.example.com", "[::]", "[2001:db8::1]", "128.0.0.1"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
    expect(isLoopbackAddress("::ffff:10.0.0.1")).toBe(false);
    expect(isLoopbackHost(new URL("http://[::ffff:127.0.0.1]/").hostname)).toBe(true);
    expect(isLoopbackHost(new URL("http://[::ffff:10.0.0.1]/").hostname)).toBe(false);
  });

  it("turns configured headers into request headers", () => {
    expect(deliveryHeaders("")).toEqual({ "Content-Type": "application/json" });
    expect(deliveryHeaders('{"A": "1", "content-type": "text/plain", "N": 2}')).toEqual({
      A: "1",
      N: "2",
      "Content-Type": "application/json",
    });
    expect(deliveryHeaders("not json")).toBeUndefined();
    expect(deliveryHeaders("[]")).toBeUndefined();
  });

  it("writes CSV as Python's csv module does", () => {
    expect(toCsv(["a", "b", "c"], [{ a: 'say "hi", then', b: true, c: null }, { a: "x\ny", b: false, c: 3 }])).toBe(
      'a,b,c\r\n"say ""hi"", then",True,\r\n"x\ny",False,3\r\n',
    );
  });
});
