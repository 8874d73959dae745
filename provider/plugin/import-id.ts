import { OpenSolarError } from "./backend";

// The id a user types after `pulumi import opensolar:index:Webhook <name>`: `ORG/WEBHOOK`
// (`4242/4101`), or the webhook id alone for the provider's default org. The engine
// records the id Read answers with, which is the webhook id alone: the org is an output,
// as it is for a webhook the provider created.

export interface ImportId {
  /** undefined: the provider's default org (opensolar:orgId). */
  readonly orgId: number | undefined;
  /** The webhook id as the resource id: digits only. */
  readonly webhookId: string;
}

const IMPORT_ID = /^(?:(\d{1,16})\/)?(\d{1,16})$/;

export function parseImportId(text: string): ImportId {
  const match = IMPORT_ID.exec(text.trim());
  const org = match?.[1];
  const webhook = match?.[2];
  if (webhook === undefined || !isPositive(webhook) || (org !== undefined && !isPositive(org))) {
    throw new OpenSolarError(
      "invalid_input",
      "the import id is not ORG/WEBHOOK (for example 4242/4101) nor a webhook id alone (4101, in the default org): " +
        "both are positive integers. Run `pulumi import opensolar:index:Webhook <name> <org>/<webhook id>` again.",
    );
  }
  return { orgId: org === undefined ? undefined : Number(org), webhookId: String(Number(webhook)) };
}

function isPositive(digits: string): boolean {
  const value = Number(digits);
  return Number.isSafeInteger(value) && value > 0;
}
