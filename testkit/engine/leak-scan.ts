import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { filesUnder } from "./files-under";

// The leak scan every e2e test file gets from its E2eSession: each secret the session
// configured or saw (the API token, every header value of a program, of OpenSolar's
// webhooks and of secret stack outputs) is looked for in every text the engine produced
// (output, errors, exports, steps, plain outputs) and in every file the backend, the CLI
// (verbose logs included) and the workspaces wrote. Plain, JSON-escaped, URL-encoded and
// base64 forms count. Occurrences are reported with their place, never with the secret.
//
// One exception, counted and reported, never silent: @pulumi/pulumi's own debug records of
// an RPC answer ("RegisterResource RPC finished: ... resp: ..."), which print a resource's
// inputs and outputs with secret values in plain text, as the protocol carries them
// between engine and program. Every Node.js program with a secret output shows them at
// `-v=3` and up or with `--debug`. What is in them is also in state, where it is checked
// strictly, and credentials (the API token is never a resource property) get no exception.

/** Shorter strings would match by chance ("true", "Bearer"), so they are not secrets here. */
export const MIN_SECRET_LENGTH = 8;
/** Occurrences listed per secret and place; the count is always complete. */
const LISTED_PER_PLACE = 3;

/**
 * "credential": may appear nowhere (the API token: the provider reads it in its own process).
 * "value": a resource property's secret value (a header value), which the SDK's RPC debug
 * records may show.
 */
export type SecretKind = "credential" | "value";

export interface Occurrence {
  /** What the secret is, e.g. `header "Authorization" of webhook crm-sync`. Never the value. */
  readonly secret: string;
  /** A file path or a description of a text, with `:line:column`. */
  readonly where: string;
  /** The line around it, every secret replaced by «secret». */
  readonly excerpt: string;
}

export interface LeakReport {
  readonly secrets: number;
  readonly texts: number;
  readonly textBytes: number;
  readonly files: number;
  readonly fileBytes: number;
  /** Leaks: each fails the session. */
  readonly occurrences: readonly Occurrence[];
  /** Leaks beyond those listed. */
  readonly unlisted: number;
  /** Secret values inside @pulumi/pulumi's RPC debug records (see above): not leaks of this package. */
  readonly inSdkRpcRecords: number;
}

interface Secret {
  readonly label: string;
  readonly kind: SecretKind;
}

interface Form {
  readonly bytes: Buffer;
  readonly secret: Secret;
}

export class LeakScan {
  private readonly secrets = new Map<string, Secret>();
  private readonly texts: Array<{ where: string; text: string }> = [];
  private readonly dirs = new Set<string>();

  /**
   * Looks for `value` from now on (strings of MIN_SECRET_LENGTH characters or more; each
   * whitespace-separated part of that length too, so "Bearer <value>" covers <value>).
   */
  declare(value: unknown, label: string, kind: SecretKind = "value"): void {
    if (typeof value !== "string") return;
    for (const candidate of new Set([value, ...value.split(/\s+/)])) {
      if (candidate.length < MIN_SECRET_LENGTH) continue;
      const known = this.secrets.get(candidate);
      // A credential stays one, whatever else declares the same string.
      if (!known || (kind === "credential" && known.kind !== "credential")) this.secrets.set(candidate, { label, kind });
    }
  }

  /** Every string inside `value` (objects, arrays), as secrets. */
  declareAll(value: unknown, label: string, kind: SecretKind = "value"): void {
    if (typeof value === "string") this.declare(value, label, kind);
    else if (Array.isArray(value)) for (const item of value) this.declareAll(item, label, kind);
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) this.declareAll(item, `${label}.${key}`, kind);
    }
  }

  /** A text to scan at the end, e.g. the engine's output of one operation. */
  record(where: string, text: string | undefined): void {
    if (text) this.texts.push({ where, text });
  }

  /** A folder whose files (at the time of the scan) are scanned, recursively. */
  watch(dir: string): void {
    this.dirs.add(path.resolve(dir));
  }

  get declaredSecrets(): number {
    return this.secrets.size;
  }

  get recordedTexts(): number {
    return this.texts.length;
  }

  scan(): LeakReport {
    // Longest first: "Bearer <v>" is reported once, not again as <v>.
    const forms: Form[] = [...this.secrets]
      .flatMap(([value, secret]) => encodedForms(value).map((form) => ({ bytes: Buffer.from(form), secret })))
      .sort((a, b) => b.bytes.length - a.bytes.length);
    const masks = forms.map((form) => form.bytes.toString());
    const occurrences: Occurrence[] = [];
    let unlisted = 0;
    let inSdkRpcRecords = 0;
    const visit = (where: string, content: Buffer): void => {
      const seen: Array<[number, number]> = [];
      for (const { bytes, secret } of forms) {
        let listed = 0;
        for (let at = content.indexOf(bytes); at !== -1; at = content.indexOf(bytes, at + bytes.length)) {
          const end = at + bytes.length;
          if (seen.some(([from, to]) => at >= from && end <= to)) continue;
          seen.push([at, end]);
          if (secret.kind === "value" && insideSdkRpcRecord(content, at)) inSdkRpcRecords++;
          else if (listed < LISTED_PER_PLACE) {
            occurrences.push({ secret: secret.label, ...located(where, content, at, bytes.length, masks) });
            listed++;
          } else unlisted++;
        }
      }
    };
    let textBytes = 0;
    for (const { where, text } of this.texts) {
      const content = Buffer.from(text);
      textBytes += content.length;
      visit(where, content);
    }
    let files = 0;
    let fileBytes = 0;
    for (const file of [...this.dirs].flatMap(filesUnder)) {
      const content = readContent(file);
      files++;
      fileBytes += content.length;
      visit(file, content);
    }
    return { secrets: this.secrets.size, texts: this.texts.length, textBytes, files, fileBytes, occurrences, unlisted, inSdkRpcRecords };
  }
}

/** How a secret can appear: as is, inside JSON, URL-encoded, base64 (at any alignment). */
export function encodedForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret);
  for (let shift = 0; shift < 3; shift++) {
    // base64 of the secret after `shift` other bytes: keep the characters only its bytes make.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const core = encoded.slice(Math.ceil((shift * 4) / 3), Math.floor(((shift + bytes.length) * 4) / 3));
    if (core.length >= MIN_SECRET_LENGTH) forms.add(core);
  }
  return [...forms];
}

// @pulumi/pulumi (runtime/resource.js, runtime/invoke.js) logs each RPC answer at debug level
// as `<RPC> RPC finished: <label>; err: <err>, resp: <protobuf fields joined by commas>`.
const SDK_RPC_RECORD = /(?:RegisterResource|RegisterResourceOutputs|ReadResource|getResource Invoke|Invoke|Call) RPC finished: [^\n]*?resp: /g;
// Where the next record starts: an engine output line of another severity or source, or
// the next JSON record of a log file. Inside the record, only code lines of a serialized
// provider (the `__provider` property) break lines.
const NEXT_RECORD = /\n\s*(?:debug|info|warning|error): |\n\{"|\npulumi-opensolar debug: /;
const RECORD_WINDOW = 256 * 1024;

/** True when `offset` lies in the protobuf dump of such a record, on one of its comma-joined lines. */
function insideSdkRpcRecord(content: Buffer, offset: number): boolean {
  const from = Math.max(0, offset - RECORD_WINDOW);
  const before = content.toString("utf8", from, offset);
  let start = -1;
  for (const match of before.matchAll(SDK_RPC_RECORD)) start = match.index + match[0].length;
  if (start === -1 || NEXT_RECORD.test(before.slice(start))) return false;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = content.indexOf(0x0a, offset);
  const line = before.slice(lineStart) + content.toString("utf8", offset, lineEnd === -1 ? content.length : lineEnd);
  // Protobuf dumps join empty fields with commas; no display or log line looks like that.
  return line.includes(",,,");
}

/** One line per occurrence, for a test failure; the secret itself is never printed. */
export function describeLeaks(report: LeakReport): string {
  const lines = report.occurrences.map((occurrence) => `  - ${occurrence.secret} in ${occurrence.where}\n      ${occurrence.excerpt}`);
  const more = report.unlisted > 0 ? [`  ... and ${report.unlisted} more occurrences`] : [];
  return [
    `e2e leak scan: ${report.occurrences.length + report.unlisted} occurrence(s) of a secret in plain text (values not shown):`,
    ...lines,
    ...more,
    summarize(report),
  ].join("\n");
}

export function summarize(report: LeakReport): string {
  return (
    `leak scan: ${report.occurrences.length + report.unlisted} occurrences of ${report.secrets} secrets in ` +
    `${report.texts} texts (${formatBytes(report.textBytes)}) and ${report.files} files (${formatBytes(report.fileBytes)}); ` +
    `${report.inSdkRpcRecords} secret values inside @pulumi/pulumi's own RPC debug records, not counted`
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function located(where: string, content: Buffer, offset: number, length: number, masks: readonly string[]): Omit<Occurrence, "secret"> {
  const lineStart = content.lastIndexOf(0x0a, offset) + 1;
  let line = 1;
  for (let at = content.indexOf(0x0a); at !== -1 && at < offset; at = content.indexOf(0x0a, at + 1)) line++;
  const before = content.toString("utf8", Math.max(lineStart, offset - 60), offset);
  const after = content.toString("utf8", offset + length, Math.min(content.length, offset + length + 60));
  let excerpt = `${before}\0${after}`.split("\n")[0] ?? "";
  for (const mask of masks) excerpt = excerpt.split(mask).join("\0");
  excerpt = excerpt.replace(/[^\x20-\x7e\0]/g, "?").replace(/\0/g, "«secret»");
  return { where: `${where}:${line}:${offset - lineStart + 1}`, excerpt };
}

function readContent(file: string): Buffer {
  const content = fs.readFileSync(file);
  if (!file.endsWith(".gz")) return content;
  try {
    return gunzipSync(content);
  } catch {
    return content;
  }
}

