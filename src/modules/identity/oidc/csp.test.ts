import { describe, expect, it } from 'vitest';
import { withFormTargets } from './csp.js';

describe('withFormTargets', () => {
  const csp = "default-src 'self';form-action 'self';frame-ancestors 'none'";

  it("adds the clients' origins to form-action only", () => {
    expect(
      withFormTargets(csp, [
        'http://127.0.0.1:8976/cb',
        'http://127.0.0.1:8976/other',
        'https://a.example/x?y=1',
      ]),
    ).toBe(
      "default-src 'self';form-action 'self' http://127.0.0.1:8976 https://a.example;frame-ancestors 'none'",
    );
  });

  it('leaves the policy alone without usable URIs or without a policy', () => {
    expect(withFormTargets(csp, ['not a url'])).toBe(csp);
    expect(withFormTargets(undefined, ['https://a.example/cb'])).toBeUndefined();
  });
});
