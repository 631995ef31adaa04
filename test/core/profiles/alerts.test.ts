import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeAlerts, pingUrl, sendAlerts, type RunReport } from '../../../source/core/profiles/alerts.js';
import { waitFor } from '../../support/wait-for.js';
import { isGone } from './process-gone.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local server on a free port that records every request and answers `status` (or never, when `silent`). */
async function server(status = 200, silent = false): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (!silent) res.writeHead(status, { 'content-type': 'text/plain' }).end('OK');
    });
  });
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

function report(event: RunReport['event'], extra: Partial<RunReport> = {}): RunReport {
  return { profile: 'nightly', install: 'prod', event, startedAt: '2025-01-01T02:00:00.000Z', host: 'backup-1', ...extra };
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tmp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbtest-alerts-'));
  made.push(dir);
  return dir;
};

describe('ping URLs', () => {
  it('follow the Healthchecks convention on the path, keeping a query and dropping a trailing slash', () => {
    expect(pingUrl('https://hc-ping.com/abc', 'start')).toBe('https://hc-ping.com/abc/start');
    expect(pingUrl('https://hc-ping.com/abc', 'success')).toBe('https://hc-ping.com/abc');
    expect(pingUrl('https://hc-ping.com/abc', 'failure')).toBe('https://hc-ping.com/abc/fail');
    expect(pingUrl('https://hc-ping.com/abc/', 'start')).toBe('https://hc-ping.com/abc/start');
    expect(pingUrl('https://hc-ping.com/abc/', 'success')).toBe('https://hc-ping.com/abc');
    expect(pingUrl('https://hc-ping.com/abc/?rid=1&x=y', 'failure')).toBe('https://hc-ping.com/abc/fail?rid=1&x=y');
    expect(pingUrl('https://hc-ping.com/abc?rid=1', 'success')).toBe('https://hc-ping.com/abc?rid=1');
  });

  it('put the event where {event} stands, as Uptime Kuma push URLs need', () => {
    const kuma = 'https://kuma.example/api/push/TOKEN?status={event}&msg=nbbackup';
    expect(pingUrl(kuma, 'start')).toBe('https://kuma.example/api/push/TOKEN?status=start&msg=nbbackup');
    expect(pingUrl(kuma, 'success')).toBe('https://kuma.example/api/push/TOKEN?status=success&msg=nbbackup');
    expect(pingUrl(kuma, 'failure')).toBe('https://kuma.example/api/push/TOKEN?status=fail&msg=nbbackup');
  });
});

describe('sending alerts', () => {
  it('pings start, success and failure on their own paths, with a GET', async () => {
    const { base, seen } = await server();
    const ping = `${base}/ping/uuid-1?rid=7`;
    for (const event of ['start', 'success', 'failure'] as const) {
      expect(await sendAlerts({ ping }, report(event))).toEqual([{ channel: 'ping', ok: true, detail: 'ping: HTTP 200' }]);
    }
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /ping/uuid-1/start?rid=7', 'GET /ping/uuid-1?rid=7', 'GET /ping/uuid-1/fail?rid=7']);
  });

  it('posts the failure report to the webhook, and a success only when asked to', async () => {
    const { base, seen } = await server();
    const webhook = `${base}/hook/secret-token`;
    const failure = report('failure', { error: 'pg_dump: connection refused', finishedAt: '2025-01-01T02:00:05.000Z', durationSeconds: 5 });
    expect(await sendAlerts({ webhook }, failure)).toEqual([{ channel: 'webhook', ok: true, detail: 'webhook: HTTP 200' }]);
    expect(await sendAlerts({ webhook }, report('success'))).toEqual([]);
    expect(await sendAlerts({ webhook }, report('start'))).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual(failure);

    const success = report('success', { set: '2025-01-01T02-00-00', bytes: 1234 });
    expect(await sendAlerts({ webhook, onSuccess: true }, success)).toEqual([{ channel: 'webhook', ok: true, detail: 'webhook: HTTP 200' }]);
    expect(await sendAlerts({ webhook, onSuccess: true }, report('start'))).toEqual([]);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1].body)).toEqual(success);
  });

  it('sends only the report fields, whatever else the object it is given holds', async () => {
    const { base, seen } = await server();
    const full = {
      ...report('failure'),
      finishedAt: '2025-01-01T02:00:05.000Z',
      durationSeconds: 5,
      bytes: 10,
      set: 'set-1',
      items: [{ id: 'main', status: 'failed', password: 'hunter2' }],
      error: 'boom',
      password: 'hunter2',
      env: { DB_PASSWORD: 'hunter2' },
    } as unknown as RunReport;
    await sendAlerts({ webhook: `${base}/w` }, full);
    const body = JSON.parse(seen[0].body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['bytes', 'durationSeconds', 'error', 'event', 'finishedAt', 'host', 'install', 'items', 'profile', 'set', 'startedAt']);
    expect(body.items).toEqual([{ id: 'main', status: 'failed' }]);
    expect(seen[0].body).not.toContain('hunter2');
  });

  it('reports a failing endpoint as not ok, with its HTTP status', async () => {
    const { base } = await server(500);
    const outcomes = await sendAlerts({ webhook: `${base}/w`, ping: `${base}/p` }, report('failure'));
    expect(outcomes).toEqual([
      { channel: 'webhook', ok: false, detail: 'webhook: HTTP 500' },
      { channel: 'ping', ok: false, detail: 'ping: HTTP 500' },
    ]);
  });

  it('gives up on a server that never answers, saying it timed out', async () => {
    const { base } = await server(200, true);
    const outcomes = await sendAlerts({ webhook: `${base}/w`, ping: `${base}/p`, timeoutSeconds: 1 }, report('failure'));
    expect(outcomes).toEqual([
      { channel: 'webhook', ok: false, detail: 'webhook: timed out after 1 s' },
      { channel: 'ping', ok: false, detail: 'ping: timed out after 1 s' },
    ]);
  });

  it('refuses URLs that are not http or https, without sending anything', async () => {
    const outcomes = await sendAlerts({ webhook: 'ftp://files.example/upload', ping: 'file:///etc/passwd' }, report('failure'));
    expect(outcomes.map((o) => o.ok)).toEqual([false, false]);
    expect(outcomes[0].detail).toBe('webhook: only http and https URLs are allowed, not ftp:');
    expect(outcomes[1].detail).toBe('ping: only http and https URLs are allowed, not file:');
    expect(await sendAlerts({ webhook: 'not a url' }, report('failure'))).toEqual([{ channel: 'webhook', ok: false, detail: 'webhook: not a valid URL' }]);
  });

  it('never shows the path or query of a URL it could not reach', async () => {
    const [outcome] = await sendAlerts({ ping: 'http://user:pw@127.0.0.1:1/secret-path?token=s3cret' }, report('start'));
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).not.toMatch(/secret-path|s3cret|pw/);
  });

  it('feeds the report to the command on stdin, with the event in its environment', async () => {
    const dir = tmp();
    const out = path.join(dir, 'report.json');
    const envOut = path.join(dir, 'env.txt');
    const script = 'cat > "$1"; printf "%s %s %s %s" "$NBBACKUP_EVENT" "$NBBACKUP_PROFILE" "$NBBACKUP_RESULT" "$NBBACKUP_SET" > "$2"';
    const failure = report('failure', { set: 'set-9', error: 'disk full' });
    const outcomes = await sendAlerts({ command: ['sh', '-c', script, 'alert', out, envOut] }, failure);
    expect(outcomes).toEqual([{ channel: 'command', ok: true, detail: 'command: exit 0' }]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(failure);
    expect(readFileSync(envOut, 'utf8')).toBe('failure nightly failure set-9');
  });

  it('runs the command on success only when asked to, and never at the start', async () => {
    const dir = tmp();
    const marker = path.join(dir, 'ran');
    const command = ['sh', '-c', 'cat >/dev/null; echo "$NBBACKUP_EVENT" >> "$1"', 'alert', marker];
    expect(await sendAlerts({ command }, report('start'))).toEqual([]);
    expect(await sendAlerts({ command }, report('success'))).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    expect(await sendAlerts({ command, onSuccess: true }, report('success'))).toEqual([{ channel: 'command', ok: true, detail: 'command: exit 0' }]);
    expect(readFileSync(marker, 'utf8')).toBe('success\n');
  });

  it('says how a failing command exited', async () => {
    expect(await sendAlerts({ command: ['sh', '-c', 'exit 3'] }, report('failure'))).toEqual([{ channel: 'command', ok: false, detail: 'command: exit 3' }]);
  });

  it('kills a command that hangs, with what it started', async () => {
    const pidFile = path.join(tmp(), 'pid');
    const command = ['sh', '-c', 'sleep 1000 & echo $! > "$1"; wait', 'alert', pidFile];
    const [outcome] = await sendAlerts({ command, timeoutSeconds: 1 }, report('failure'));
    expect(outcome).toEqual({ channel: 'command', ok: false, detail: 'command: timed out after 1 s' });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => isGone(pid), { what: `the command's sleep (pid ${pid}) to end` });
  });

  it('reports a command that does not exist, without throwing', async () => {
    expect(await sendAlerts({ command: ['/no/such/nbbackup-notify', 'x'] }, report('failure'))).toEqual([
      { channel: 'command', ok: false, detail: 'command: not found: /no/such/nbbackup-notify' },
    ]);
    expect(await sendAlerts({ command: ['nbbackup-no-such-notifier'] }, report('failure'))).toEqual([
      { channel: 'command', ok: false, detail: 'command: not found: nbbackup-no-such-notifier' },
    ]);
  });

  it('runs all channels, and nothing without settings', async () => {
    const { base, seen } = await server();
    const outcomes = await sendAlerts({ webhook: `${base}/w`, ping: `${base}/p`, command: ['true'] }, report('failure'));
    expect(outcomes.map((o) => `${o.channel} ${o.ok}`)).toEqual(['command true', 'webhook true', 'ping true']);
    expect(seen.map((s) => s.url).sort()).toEqual(['/p/fail', '/w']);
    expect(await sendAlerts(undefined, report('failure'))).toEqual([]);
    expect(await sendAlerts({}, report('failure'))).toEqual([]);
  });
});

describe('describing alerts', () => {
  it('names each channel by host only, never a path or query', () => {
    const line = describeAlerts({
      webhook: 'https://hooks.example.com/services/T000/B000/XXXX?token=abc',
      ping: 'https://hc-ping.com/5f3c-uuid',
      command: ['/usr/bin/notify-send', '--token=abc', 'backup'],
    });
    expect(line).toBe('webhook hooks.example.com, ping hc-ping.com, command notify-send');
    expect(describeAlerts({ ping: 'https://kuma.example:3001/api/push/T?status={event}', webhook: 'https://h.example/x', onSuccess: true })).toBe(
      'webhook h.example, ping kuma.example:3001 (on success too)',
    );
    expect(describeAlerts({ webhook: 'nonsense' })).toBe('webhook (invalid URL)');
    expect(describeAlerts(undefined)).toBe('no alerts');
    expect(describeAlerts({ timeoutSeconds: 5 })).toBe('no alerts');
  });
});
