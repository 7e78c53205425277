import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The simulator's storage: plain maps, one set per simulator, lost on restart. Acceptable only for
 * this development stand-in (the real provider under /oidc stores in PostgreSQL).
 */
export function memoryAdapter() {
  const items = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const byGrant = new Map<string, Set<string>>();

  const live = (key: string | undefined) => {
    const item = key === undefined ? undefined : items.get(key);
    if (!item) return undefined;
    if (item.expiresAt <= Date.now()) {
      items.delete(key!);
      return undefined;
    }
    return item.payload;
  };

  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const key = this.key(id);
      items.set(key, { payload, expiresAt: Date.now() + expiresIn * 1000 });
      if (payload.uid) byUid.set(payload.uid, key);
      if (payload.userCode) byUserCode.set(payload.userCode, key);
      if (payload.grantId) {
        const keys = byGrant.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        byGrant.set(payload.grantId, keys);
      }
    }
    async find(id: string) {
      return live(this.key(id));
    }
    async findByUid(uid: string) {
      return live(byUid.get(uid));
    }
    async findByUserCode(userCode: string) {
      return live(byUserCode.get(userCode));
    }
    async consume(id: string) {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      items.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) items.delete(key);
      byGrant.delete(grantId);
    }
  };
}
