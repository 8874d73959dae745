// The fields a delivery may carry. Which ones arrive is up to the webhook's payload_fields;
// their types follow OpenSolar's API and are not checked at runtime (a receiver that
// rejected an unexpected type would only make OpenSolar retry the delivery forever).

/** A contact as listed in `project.contacts_data`. */
export interface ContactSummary {
  id?: number;
  email?: string | null;
  first_name?: string | null;
  family_name?: string | null;
  phone?: string | null;
  [field: string]: unknown;
}

/** A system as listed in `project.systems`. */
export interface SystemSummary {
  url?: string;
  kw_stc?: number | null;
  output_annual_kwh?: number | null;
  price_including_tax?: number | null;
  modules?: unknown[];
  inverters?: unknown[];
  batteries?: unknown[];
  others?: unknown[];
  [field: string]: unknown;
}

/** A team member assigned to a project (`project.assigned_role_data` and friends). */
export interface RoleSummary {
  id?: number;
  user_email?: string | null;
  first_name?: string | null;
  family_name?: string | null;
  phone?: string | null;
  [field: string]: unknown;
}

/** `fields` of a Project delivery: the documented default payload fields, and any others. */
export interface ProjectFields {
  id?: number;
  identifier?: string | null;
  address?: string | null;
  zip?: string | null;
  state?: string | null;
  locality?: string | null;
  county?: string | null;
  country_iso2?: string | null;
  lat?: number | null;
  lon?: number | null;
  notes?: string | null;
  site_notes?: string | null;
  stage?: number | null;
  actions?: unknown;
  contacts_data?: ContactSummary[];
  systems?: SystemSummary[];
  /** API URL of the sold system. */
  system_sold?: string | null;
  /** API URL of the sold payment option. */
  payment_option_sold?: string | null;
  sold_date?: string | null;
  installation_date?: string | null;
  system_installed?: string | null;
  assigned_role_data?: RoleSummary | null;
  assigned_installer_role_data?: RoleSummary | null;
  assigned_site_inspector_role_data?: RoleSummary | null;
  events_data?: unknown[];
  usage?: unknown;
  utility_tariff_or_guess?: { data?: unknown; [field: string]: unknown } | null;
  utility_tariff_proposed_or_guess?: { data?: unknown; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** `fields` of a Contact delivery. */
export type ContactFields = ContactSummary;

/** `fields` of an Event delivery; OpenSolar documents no event fields by name. */
export interface EventFields {
  id?: number;
  [field: string]: unknown;
}
