import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { MobilePhone } from '../accounts/schema.js';
import type { AssuranceService } from './service.js';

const CardQrBody = z.strictObject({
  /** The text the browser decoded from the QR on the chip card. */
  qrText: z.string().min(1).max(2000),
});

const CardQrView = z
  .object({
    cccd: z.string().describe('masked: only the last 3 digits'),
    fullName: z.string(),
    dateOfBirth: z.string(),
    sex: z.enum(['male', 'female']),
    address: z.string(),
    issueDate: z.string(),
    /** Today's commune for the printed (possibly pre-2025) address; `partial`: the citizen must choose. */
    addressMapping: z
      .object({
        newCode: z.string().nullable(),
        candidates: z.array(z.object({ code: z.string(), name: z.string() })),
        partial: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'CccdCardReading' });

const ConfirmBody = z.strictObject({
  phone: MobilePhone,
  cccd: z.string().min(1).max(40),
});

export function assuranceRoutes(service: AssuranceService) {
  return async (app: App) => {
    app.post(
      '/api/v1/me/cccd/qr',
      {
        schema: {
          tags: ['identity'],
          summary:
            'Fill the profile from the QR on the chip CCCD card (decoded in the browser, checked here)',
          body: CardQrBody,
          response: { 200: CardQrView },
          security: [{ session: [] }],
        },
        // A volunteer may read the card for the citizen (recorded with both ids); level 2 stays at the counter.
        config: { allowAssisted: true },
      },
      async (req) => service.readCardQr(req.actor, req.body.qrText, req.id),
    );
    app.post(
      '/api/v1/identity/citizens/assurance',
      {
        schema: {
          tags: ['identity'],
          summary: 'Counter staff or a community-team member confirms level 2 after seeing the card',
          body: ConfirmBody,
          response: { 200: z.object({ accountId: z.uuid(), assuranceLevel: z.literal(2) }) },
          security: [{ session: [] }],
        },
      },
      async (req) => service.confirmLevel2(req.actor, req.body, req.id),
    );
  };
}
