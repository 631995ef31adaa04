import { z } from 'zod';
import type { RestoreEvent } from '../restore/restore-runner.js';
import type { FarFacts } from './far-facts.js';
import type { FarRestoreResult } from './far-restore-result.js';

// What the far helper may answer, checked before anything here reads it: a far host (or a login script
// printing JSON) is input like any other. Unknown fields are dropped; a wrong shape is no answer.

const text = z.string().max(4096);
const count = z.number().finite().nonnegative();

const CheckSchema = z.object({ id: text, name: text, ok: z.boolean(), detail: text, fix: text.optional(), items: z.array(text).max(1000).optional() });
const OutcomeLine = z.object({ ok: z.boolean(), detail: text });

export const FarFactsSchema = z.object({
  host: text,
  os: text,
  node: text,
  user: text,
  stage: z.object({ path: text, freeBytes: count.optional(), error: text.optional() }),
  install: z
    .object({
      path: text,
      name: text,
      layout: text,
      nocobaseVersion: text.optional(),
      envFile: text.optional(),
      settings: z.record(text, text),
      appKeyMac: text.optional(),
      storagePath: text,
      storageFreeBytes: count.optional(),
      items: z.array(z.object({ id: text, kind: z.enum(['database', 'files']), engine: text.optional(), status: text, reason: text.optional(), place: text.optional(), serverVersion: text.optional(), sizeBytes: count.optional(), insideCompose: z.boolean().optional() })).max(10000),
    })
    .optional(),
  installError: z.object({ reason: text, hint: text.optional() }).optional(),
  tools: z.array(z.object({ label: text, path: text.optional(), version: text.optional(), major: count.optional() })).max(100),
  definers: z.record(text, z.union([text, z.array(z.object({ definer: text, exists: z.boolean().optional() })).max(1000)])).optional(),
}) satisfies z.ZodType<FarFacts>;

export const FarRestoreResultSchema = z.object({
  result: z.enum(['restored', 'refused', 'failed', 'interrupted']),
  reason: text.optional(),
  checks: z.array(CheckSchema).max(10000),
  skipped: z.array(z.object({ id: text, reason: text })).max(10000),
  safetySet: text.optional(),
  steps: z.array(z.object({ id: text, status: z.enum(['restored', 'failed', 'rolled-back']), error: text.optional(), notes: z.array(text).max(100).optional() })).max(10000),
  notes: z.array(text).max(1000),
  upgrade: z.object({ ran: z.boolean(), ok: z.boolean(), detail: text }).optional(),
  started: OutcomeLine.optional(),
}) satisfies z.ZodType<FarRestoreResult>;

export const RestoreEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('checks'), checks: z.array(CheckSchema).max(10000) }),
  z.object({ type: z.literal('safety'), dir: text }),
  z.object({ type: z.literal('step'), id: text, phase: z.enum(['start', 'done', 'failed', 'undone']), detail: text.optional() }),
  z.object({ type: z.literal('progress'), id: text, bytes: count, total: count.optional(), seconds: count }),
  z.object({ type: z.literal('upgrade'), outcome: z.object({ ran: z.boolean(), ok: z.boolean(), detail: text }) }),
  z.object({ type: z.literal('app'), action: z.enum(['stop', 'start']), outcome: OutcomeLine }),
]) satisfies z.ZodType<RestoreEvent>;

export const FarErrorSchema = z.object({ message: text, hint: text.optional(), code: text.optional() });
