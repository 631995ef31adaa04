// A scheduled profile runs unattended: the operator learns that a run failed — or never happened —
// from a webhook, a command of their own and a dead-man's-switch ping, never from the run itself.
import path from 'node:path';
import { errorLine } from '../errors.js';
import { runBounded } from './bounded-command.js';

export interface AlertSettings {
  /** argv array, run without a shell; the report JSON goes to its stdin, and env NBBACKUP_EVENT/NBBACKUP_PROFILE/NBBACKUP_RESULT/NBBACKUP_SET */
  readonly command?: readonly string[];
  /** POSTed a JSON report on failure (and on success when onSuccess) */
  readonly webhook?: string;
  /** Healthchecks/Uptime-Kuma style ping URL called at start, success and failure */
  readonly ping?: string;
  readonly onSuccess?: boolean;
  /** per call, default 10 */
  readonly timeoutSeconds?: number;
}

export type RunEvent = 'start' | 'success' | 'failure';

export interface RunReport {
  readonly profile: string;
  readonly install: string;
  readonly event: RunEvent;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly durationSeconds?: number;
  readonly bytes?: number;
  readonly set?: string;
  readonly items?: readonly { id: string; status: string }[];
  readonly error?: string;
  readonly host: string;
}

export interface AlertOutcome {
  readonly channel: 'command' | 'webhook' | 'ping';
  readonly ok: boolean;
  readonly detail: string;
}

const DEFAULT_TIMEOUT_SECONDS = 10;
/** The fields a report may carry out of the machine; anything else an object happens to hold stays home. */
const REPORT_KEYS = ['profile', 'install', 'event', 'startedAt', 'finishedAt', 'durationSeconds', 'bytes', 'set', 'items', 'error', 'host'] as const;

/**
 * Sends `report` on every channel `settings` name, all at once, each bounded by the timeout. Never
 * throws: an alert that cannot be delivered must not turn a good backup into a failed one.
 */
export async function sendAlerts(settings: AlertSettings | undefined, report: RunReport): Promise<AlertOutcome[]> {
  if (!settings) return [];
  const seconds = timeoutOf(settings);
  // Start is only a heartbeat; webhooks and commands speak when something needs reading.
  const speaks = report.event === 'failure' || (report.event === 'success' && settings.onSuccess === true);
  const body = reportJson(report);
  const sends: Promise<AlertOutcome>[] = [];
  if (settings.command && speaks) sends.push(guard('command', () => runCommand(settings.command ?? [], report, body, seconds)));
  if (settings.webhook && speaks) sends.push(guard('webhook', () => request('webhook', settings.webhook ?? '', { method: 'POST', body, headers: { 'content-type': 'application/json' } }, seconds)));
  if (settings.ping) sends.push(guard('ping', () => request('ping', pingUrl(settings.ping ?? '', report.event), { method: 'GET' }, seconds)));
  return await Promise.all(sends);
}

/**
 * The URL to call for `event`: `{event}` in it becomes start|success|fail; otherwise Healthchecks'
 * convention — `<base>/start`, `<base>`, `<base>/fail` — on the path, keeping any query.
 */
export function pingUrl(base: string, event: RunEvent): string {
  const word = event === 'failure' ? 'fail' : event;
  if (base.includes('{event}')) return base.split('{event}').join(word);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return base; // refused later, with a reason, by the one place that checks URLs
  }
  const trimmed = url.pathname.replace(/\/+$/, '');
  url.pathname = event === 'success' ? trimmed || '/' : `${trimmed}/${word}`;
  return url.toString();
}

/** "webhook hooks.example.com, ping hc-ping.com, command notify-send": hosts only, as tokens live in paths. */
export function describeAlerts(settings: AlertSettings | undefined): string {
  const parts: string[] = [];
  if (settings?.webhook) parts.push(`webhook ${hostOf(settings.webhook)}`);
  if (settings?.ping) parts.push(`ping ${hostOf(settings.ping.split('{event}').join('start'))}`);
  const program = settings?.command?.[0];
  // Only the program's name: its arguments may hold a token too.
  if (program) parts.push(`command ${path.basename(program)}`);
  if (!parts.length) return 'no alerts';
  const line = parts.join(', ');
  return settings?.onSuccess && (settings.webhook || program) ? `${line} (on success too)` : line;
}

async function runCommand(command: readonly string[], report: RunReport, body: string, seconds: number): Promise<AlertOutcome> {
  const env = { NBBACKUP_EVENT: report.event, NBBACKUP_PROFILE: report.profile, NBBACKUP_RESULT: report.event, NBBACKUP_SET: report.set ?? '' };
  const run = await runBounded({ command, env, input: body, timeoutSeconds: seconds });
  return { channel: 'command', ok: run.ok, detail: `command: ${run.detail}` };
}

async function request(channel: 'webhook' | 'ping', address: string, init: RequestInit, seconds: number): Promise<AlertOutcome> {
  const url = httpUrl(address);
  if (typeof url === 'string') return { channel, ok: false, detail: `${channel}: ${url}` };
  try {
    const headers = { ...init.headers, 'user-agent': 'nbbackup', ...basicAuth(url) };
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(seconds * 1000), headers });
    // The answer's body is of no use; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    return { channel, ok: response.ok, detail: `${channel}: HTTP ${response.status}` };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { channel, ok: false, detail: `${channel}: timed out after ${seconds} s` };
    return { channel, ok: false, detail: `${channel}: ${withoutUrl(fetchReason(error), address, url)}` };
  }
}

/** The URL, or why it is refused: only http and https leave the machine. */
function httpUrl(address: string): URL | string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'not a valid URL';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : `only http and https URLs are allowed, not ${url.protocol}`;
}

/** fetch refuses URLs with a user and password in them; endpoints behind basic auth are common, so they move to a header. */
function basicAuth(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

/** fetch says only "fetch failed"; the cause says what (ECONNREFUSED, ENOTFOUND). */
function fetchReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return errorLine(cause ?? error);
}

/** A detail is shown and logged, so the URL's path and query (where tokens live) never appear in it. */
function withoutUrl(text: string, address: string, url: URL): string {
  return [address, url.toString()].reduce((line, secret) => line.split(secret).join(url.host), text);
}

function hostOf(address: string): string {
  try {
    return new URL(address).host || '(invalid URL)';
  } catch {
    return '(invalid URL)';
  }
}

/** The report as sent: only the known fields, items reduced to id and status. */
function reportJson(report: RunReport): string {
  const picked: Record<string, unknown> = {};
  for (const key of REPORT_KEYS) {
    const value = report[key];
    if (value === undefined) continue;
    picked[key] = key === 'items' ? (value as RunReport['items'])?.map(({ id, status }) => ({ id, status })) : value;
  }
  return JSON.stringify(picked);
}

async function guard(channel: AlertOutcome['channel'], send: () => Promise<AlertOutcome>): Promise<AlertOutcome> {
  try {
    return await send();
  } catch (error) {
    return { channel, ok: false, detail: `${channel}: ${errorLine(error)}` };
  }
}

function timeoutOf(settings: AlertSettings): number {
  const seconds = settings.timeoutSeconds;
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}
