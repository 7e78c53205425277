import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin } from '../helpers/login.js';

const HAI_CHAU = '01a212f6-8b6b-773d-a956-c7996d502390';

/** Agency admins name staff by work e-mail; lists show who holds each role (identity ↔ directory). */
describe('staff roles named by e-mail (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    headers = (await staffLogin(t, 'quantri.haichau@congdanso.danang.vn')).headers;
  });
  afterAll(() => t.close());

  it('lists roles with the holder’s name and e-mail', async () => {
    const res = await t.app.inject({ url: `/api/v1/directory/agencies/${HAI_CHAU}/staff-roles`, headers });
    expect(res.statusCode).toBe(200);
    const officer = res.json().items.find((r: { role: string }) => r.role === 'officer');
    expect(officer.account).toEqual({
      fullName: 'Đặng Thị Châu',
      email: 'canbo.haichau@congdanso.danang.vn',
    });
  });

  // Probe finding (issue 9, item 2): an agency admin could make a citizen account an officer.
  it('refuses a role for a citizen account exactly as for an unknown id', async () => {
    const url = `/api/v1/directory/agencies/${HAI_CHAU}/staff-roles`;
    const { rows } = await t.db.query<{ id: string }>(
      "select id from identity.accounts where kind = 'citizen' limit 1",
    );
    const grant = (accountId: string) =>
      t.app.inject({ method: 'POST', url, headers, payload: { accountId, role: 'officer' } });
    const citizen = await grant(rows[0]!.id);
    const unknown = await grant('01a212f6-8b6b-773d-a956-000000000000');
    expect(citizen.statusCode).toBe(400);
    expect(citizen.json().errors).toEqual(unknown.json().errors);
    expect(citizen.body).not.toContain('Nguyễn');
  });

  it('grants a role by e-mail, and refuses an unknown e-mail or both ways at once', async () => {
    const url = `/api/v1/directory/agencies/${HAI_CHAU}/staff-roles`;
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { email: 'Motcua@CongDanSo.DaNang.vn', role: 'reception' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().account.fullName).toBe('Võ Minh Tiếp');

    const unknown = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { email: 'khong-co@congdanso.danang.vn', role: 'officer' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({
      pointer: '/body/email',
      code: 'directory.account_unknown',
    });

    const both = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { email: 'motcua@congdanso.danang.vn', accountId: HAI_CHAU, role: 'officer' },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].code).toBe('directory.account_or_email');
  });
});
