import documented from "../fixtures/opensolar-default-fields.json";
import * as provider from "../../provider/webhook/defaults";
import * as simulator from "../../simulator";
import { create, useSimulator } from "./helpers";

// The fixture is transcribed from OpenSolar's page; both code copies must match it, so a
// slip in either list fails here instead of passing through the other.
describe.each([
  ["the provider", provider],
  ["the simulator", simulator],
])("%s's default field lists", (_owner, lists) => {
  it("are the documented trigger_fields, in the page's order", () => {
    expect([...lists.DEFAULT_TRIGGER_FIELDS]).toEqual(documented.trigger_fields);
  });

  it("are the documented payload_fields, in the page's order", () => {
    expect([...lists.DEFAULT_PAYLOAD_FIELDS]).toEqual(documented.payload_fields);
  });

  it("cannot be changed by a caller", () => {
    expect(Object.isFrozen(lists.DEFAULT_TRIGGER_FIELDS)).toBe(true);
    expect(Object.isFrozen(lists.DEFAULT_PAYLOAD_FIELDS)).toBe(true);
  });
});

describe("a webhook created with blank lists", () => {
  const sim = useSimulator();

  it.each([
    ["absent", {}],
    ["null", { trigger_fields: null, payload_fields: null }],
    ["blank", { trigger_fields: [], payload_fields: [] }],
  ])("stores the documented lists when they are %s", async (_case, lists) => {
    const created = await create(sim(), 1, lists);
    expect(created.trigger_fields).toEqual(documented.trigger_fields);
    expect(created.payload_fields).toEqual(documented.payload_fields);
  });
});
