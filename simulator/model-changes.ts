import type { SimulatorContext } from "./context";
import { checkChangeInput } from "./model-change-input";
import type { ModelChangeResult } from "./types";

/** Checks and applies a change, then delivers it: what `simulator.models.change` and the control route do. */
export async function makeChange(ctx: SimulatorContext, input: unknown): Promise<ModelChangeResult> {
  const change = ctx.models.apply(checkChangeInput(input));
  return { change, deliveries: await ctx.deliveries.dispatch(change) };
}
