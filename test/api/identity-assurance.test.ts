import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, staffLogin } from '../helpers/login.js';

// A man born 15/03/1990 with birth registered in Đà Nẵng (048), century/sex digit 0 (1900s, male).
const CCCD = '048090123456';
const QR = `${CCCD}||Nguyễn Văn An|15031990|Nam|Tổ 5, Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng|20042021`;

describe('identity assurance with the chip CCCD card (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let citizen: Record<string, string>;
  let officer: Record<string, string>;

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    citizen = (await citizenLogin(t, '0905123456')).headers;
    officer = (await staffLogin(t, 'canbo.haichau@congdanso.danang.vn')).headers;
  });
  afterAll(() => t.close());

  const readQr = (qrText: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/cccd/qr', headers: citizen, payload: { qrText } });

  it('refuses a tampered QR with the reason and a field pointer', async () => {
    const res = await readQr(`${CCCD}||Nguyễn Văn An|15031990`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/qrText', code: 'identity.cccd_qr_fields' });
  });

  it('fills the profile from the QR, maps the pre-2025 address, and keeps the number masked', async () => {
    const res = await readQr(QR);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1990-03-15',
      sex: 'male',
      issueDate: '2021-04-20',
    });
    expect(body.cccd).not.toContain('090123');
    expect(body.addressMapping.newCode).toBe('20242');
    const { rows } = await t.db.query<{ cccd_sealed: string; assurance_level: number }>(
      "select cccd_sealed, assurance_level from identity.accounts where phone = '+84905123456'",
    );
    expect(rows[0]!.cccd_sealed).not.toContain(CCCD);
    expect(rows[0]!.assurance_level).toBe(1);
  });

  it('a counter officer confirms level 2 only with the number that matches the card', async () => {
    const url = '/api/v1/identity/citizens/assurance';
    const wrongCentury = await t.app.inject({
      method: 'POST',
      url,
      headers: officer,
      payload: { phone: '0905 123 456', cccd: '048290123456' },
    });
    expect(wrongCentury.statusCode).toBe(400);
    expect(wrongCentury.json().errors[0].code).toBe('identity.cccd_century');
    const badProvince = await t.app.inject({
      method: 'POST',
      url,
      headers: officer,
      payload: { phone: '0905123456', cccd: '003090123456' },
    });
    expect(badProvince.json().errors[0].code).toBe('identity.cccd_province');
    const citizenTries = await t.app.inject({
      method: 'POST',
      url,
      headers: citizen,
      payload: { phone: '0905123456', cccd: CCCD },
    });
    expect(citizenTries.statusCode).toBe(403);

    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: officer,
      payload: { phone: '0905123456', cccd: CCCD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().assuranceLevel).toBe(2);
    const me = await t.app.inject({ url: '/api/v1/me', headers: citizen });
    expect(me.json().assuranceLevel).toBe(2);
    const { rows } = await t.db.query<{ method: string; verified_by: string }>(
      'select method, verified_by from identity.assurance_evidence where level = 2',
    );
    expect(rows).toEqual([
      expect.objectContaining({ method: 'counter_staff', verified_by: expect.stringMatching(/^staff:/) }),
    ]);
  });

  it('at level 2 refuses a card with another number (the số định danh never changes) and accepts the same card again', async () => {
    // Valid on its own: born 15/03/1990, male, Đà Nẵng; but not the number confirmed at the counter.
    const other = QR.replace(CCCD, '048090654321');
    const refused = await readQr(other);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({
      pointer: '/body/qrText',
      code: 'identity.cccd_other_card',
    });
    const again = await readQr(QR);
    expect(again.statusCode).toBe(200);
    const me = await t.app.inject({ url: '/api/v1/me', headers: citizen });
    expect(me.json().assuranceLevel).toBe(2);
  });

  it('never logs the full CCCD number or the QR text', () => {
    expect(t.logs.text).not.toContain(CCCD);
    expect(t.logs.text).not.toContain('Thạch Thang');
  });
});
