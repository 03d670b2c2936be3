/** Validates fault configurations coming through the admin route or the CLI. */
import { z } from 'zod';
import type { FaultConfig } from './fault-types';

const matcher = z
  .object({
    area: z.enum(['entra', 'graph', 'vault', 'admin', 'other']).optional(),
    method: z.string().min(1).optional(),
    pathPrefix: z.string().startsWith('/').optional(),
    pathPattern: z
      .string()
      .refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression')
      .optional(),
  })
  .strict();

const trigger = {
  probability: z.number().min(0).max(1).optional(),
  nextRequests: z.number().int().min(0).optional(),
};

export const faultConfigSchema = z
  .object({
    latency: z.array(z.object({ match: matcher, delayInMs: z.number().int().min(0).max(120_000) }).strict()).optional(),
    throttle: z.array(z.object({ match: matcher, retryAfterInSeconds: z.number().int().min(0).max(3600), ...trigger }).strict()).optional(),
    serverErrors: z.array(z.object({ match: matcher, status: z.number().int().min(500).max(599).optional(), ...trigger }).strict()).optional(),
    vaultUnavailable: z.union([z.boolean(), z.object({ mode: z.enum(['503', 'reset']) }).strict()]).optional(),
    entraUnavailable: z.boolean().optional(),
  })
  .strict();

export function parseFaultConfig(input: unknown): { ok: true; config: FaultConfig } | { ok: false; message: string } {
  const parsed = faultConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}
