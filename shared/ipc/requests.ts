import { z } from 'zod';
import type {
  PrintJob,
  ProvisionRequest,
  RendererDiagnostics,
  RendererErrorReport,
  SiteSettingsPatch,
} from './bridge.ts';
import { ID_CARD_DRIVERS, LANGUAGES, PAPER_WIDTHS_MM, SHELL_MODES, hubUrlSchema } from './site-config.ts';

/**
 * What the main process accepts from a page. The page is our own code, but the main process holds the secrets and
 * the printer, so it checks every argument rather than trusting the type the preload was compiled against.
 */
export const languageSchema = z.enum(LANGUAGES);
export const pinArgumentSchema = z.string().max(64);
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,80}$/);

export const provisionRequestSchema = z.strictObject({
  hubUrl: hubUrlSchema,
  enrolmentCode: z.string().min(4).max(40),
  mode: z.enum(SHELL_MODES),
  counterNumber: z.number().int().min(1).max(99),
  language: languageSchema,
}) satisfies z.ZodType<ProvisionRequest>;

export const siteSettingsPatchSchema = z.strictObject({
  printer: z
    .strictObject({ name: z.string().min(1).max(200), paperWidthMm: z.literal(PAPER_WIDTHS_MM) })
    .nullable()
    .optional(),
  kioskIdleTimeoutSeconds: z.number().int().min(20).max(900).optional(),
  language: languageSchema.optional(),
  counterNumber: z.number().int().min(1).max(99).optional(),
  idCardReader: z.strictObject({ driver: z.enum(ID_CARD_DRIVERS) }).optional(),
}) satisfies z.ZodType<SiteSettingsPatch>;

/** 2 MB is ample for a receipt with an inline seal image; a larger document is a bug, not a receipt. */
export const MAX_PRINT_HTML_LENGTH = 2_000_000;

export const printJobSchema = z.strictObject({
  kind: z.enum(['receipt', 'ticket']),
  html: z.string().min(1).max(MAX_PRINT_HTML_LENGTH),
  title: z.string().min(1).max(120),
}) satisfies z.ZodType<PrintJob>;

export const rendererErrorReportSchema = z.object({
  message: z.string().max(4_000),
  stack: z.string().max(20_000).optional(),
  source: z.string().max(200),
}) satisfies z.ZodType<RendererErrorReport>;

export const rendererDiagnosticsSchema = z.object({
  syncStatus: z.unknown(),
  route: z.string().max(500).optional(),
}) satisfies z.ZodType<RendererDiagnostics>;
