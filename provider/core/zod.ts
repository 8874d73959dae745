import { config, locales } from "zod/mini";

// The zod the provider validates with: zod's mini build (functional checks, the same core
// and messages as `zod`). The provider's code is loaded on the critical path of every
// operation's first call, and the classic build was 200 KB of the dynamic provider's bundle,
// as long to load and to build its schemas as all the rest. Mini's functions are each their
// own export, so the bundle carries only the ones used: import this module as a namespace
// (`import * as z`) and never pass the namespace around as a value.
// Mini leaves the message locale unset: English, as `zod` itself sets it, unless the
// process chose one already.
if (config().localeError === undefined) config(locales.en());

export * from "zod/mini";
