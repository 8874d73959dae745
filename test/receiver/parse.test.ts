import { parsePayload, webhookPayloadSchema, type PayloadProblem, type WebhookPayload } from "pulumi-opensolar/receiver";
import { FIXTURES } from "./fixtures";

function parsed(body: unknown): WebhookPayload {
  const result = parsePayload(body);
  if (!result.ok) throw new Error(`expected a valid payload, got ${JSON.stringify(result.problems)}`);
  return result.payload;
}

function problems(body: unknown): PayloadProblem[] {
  const result = parsePayload(body);
  if (result.ok) throw new Error("expected problems, got a valid payload");
  return result.problems;
}

describe("parsePayload: good deliveries", () => {
  it.each(Object.entries(FIXTURES))("accepts the %s fixture as an object, text and bytes", (_name, fixture) => {
    const fromObject = parsed(fixture);
    expect(parsed(JSON.stringify(fixture))).toEqual(fromObject);
    expect(parsed(Buffer.from(JSON.stringify(fixture)))).toEqual(fromObject);
    expect(parsed(new TextEncoder().encode(JSON.stringify(fixture)))).toEqual(fromObject);
  });

  it("normalizes a Project CREATE and exposes the timestamp as a Date", () => {
    expect(parsed(FIXTURES.projectCreate)).toEqual({
      timestamp: "1732800000",
      date: new Date(1732800000 * 1000),
      model: "Project",
      model_id: 2001,
      identifier: "crm-42",
      event: "CREATE",
      event_id: 501,
      fields: FIXTURES.projectCreate.fields,
    });
  });

  it("turns numeric-string ids into numbers", () => {
    expect(parsed(FIXTURES.projectUpdateStringIds)).toMatchObject({ model_id: 2001, event_id: 502, event: "UPDATE" });
  });

  it("has no fields on DELETE, even when some are sent", () => {
    const payload = parsed({ ...FIXTURES.projectDelete, fields: { id: 1 } });
    expect(payload.event).toBe("DELETE");
    expect("fields" in payload).toBe(false);
  });

  it("narrows by model and event", () => {
    const payload = parsed(FIXTURES.contactUpdate);
    if (payload.model !== "Contact" || payload.event === "DELETE") throw new Error("expected a Contact change");
    expect(payload.fields.email).toBe("ada@example.test");
    expect(parsed(FIXTURES.eventCreate)).toMatchObject({ model: "Event", fields: { title: "Site inspection" } });
  });

  it("tolerates a numeric timestamp and identifier, and drops unknown top-level properties", () => {
    const payload = parsed({ ...FIXTURES.eventCreate, timestamp: 1732800240, identifier: 77, extra: true });
    expect(payload).toMatchObject({ timestamp: "1732800240", identifier: "77" });
    expect(payload).not.toHaveProperty("extra");
  });

  it("is the same as the exported zod schema", () => {
    expect(webhookPayloadSchema.parse(FIXTURES.projectCreate)).toEqual(parsed(FIXTURES.projectCreate));
  });
});

describe("parsePayload: a catalog of bad bodies", () => {
  const valid = FIXTURES.projectCreate as unknown as Record<string, unknown>;
  const without = (key: string) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key));

  it.each<[string, unknown, PayloadProblem[]]>([
    ["empty text", "", [{ path: "", message: "is empty" }]],
    ["whitespace", "  \n", [{ path: "", message: "is empty" }]],
    ["not UTF-8", Buffer.from([0xff, 0xfe, 0x00]), [{ path: "", message: "is not UTF-8 text" }]],
    ["a JSON list", "[]", [{ path: "", message: "must be a JSON object" }]],
    ["null", null, [{ path: "", message: "must be a JSON object" }]],
    ["a number", 42, [{ path: "", message: "must be a JSON object" }]],
    ["an empty object", {}, [
      { path: "timestamp", message: "is required" },
      { path: "model", message: "is required" },
      { path: "model_id", message: "is required" },
      { path: "identifier", message: "is required" },
      { path: "event", message: "is required" },
      { path: "event_id", message: "is required" },
    ]],
    ["no timestamp", without("timestamp"), [{ path: "timestamp", message: "is required" }]],
    ["a date for a timestamp", { ...valid, timestamp: "2024-11-28T00:00:00Z" }, [
      { path: "timestamp", message: "must be unix seconds as a string of digits" },
    ]],
    ["an unknown model", { ...valid, model: "Site" }, [{ path: "model", message: 'must be one of "Project", "Contact", "Event"' }]],
    ["a lowercase model", { ...valid, model: "project" }, [{ path: "model", message: 'must be one of "Project", "Contact", "Event"' }]],
    ["an unknown event", { ...valid, event: "PATCH" }, [{ path: "event", message: 'must be one of "CREATE", "UPDATE", "DELETE"' }]],
    ["a negative model_id", { ...valid, model_id: -1 }, [{ path: "model_id", message: "must be a whole number (or a string of digits)" }]],
    ["a fractional event_id", { ...valid, event_id: 1.5 }, [{ path: "event_id", message: "must be a whole number (or a string of digits)" }]],
    ["a non-numeric id string", { ...valid, model_id: "12a" }, [{ path: "model_id", message: "must be a whole number (or a string of digits)" }]],
    ["an object identifier", { ...valid, identifier: {} }, [{ path: "identifier", message: "must be a string" }]],
    ["CREATE without fields", without("fields"), [{ path: "fields", message: "is required for CREATE and UPDATE" }]],
    ["fields as a list", { ...valid, fields: [] }, [{ path: "fields", message: "must be an object" }]],
    ["several problems at once", { ...without("fields"), model_id: "x", event: "UPDATE" }, [
      { path: "model_id", message: "must be a whole number (or a string of digits)" },
      { path: "fields", message: "is required for CREATE and UPDATE" },
    ]],
  ])("reports %s", (_name, body, expected) => {
    expect(problems(body)).toEqual(expected);
  });

  it("reports text that is not JSON", () => {
    expect(problems("{not json")).toEqual([{ path: "", message: expect.stringMatching(/^is not JSON \(/) }]);
  });
});
