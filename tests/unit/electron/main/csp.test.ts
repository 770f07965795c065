import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withCspMeta } from '../../../../electron/main/csp.ts';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the bundle: no remote, inline or eval', () => {
    expect(directives(contentSecurityPolicy())['script-src']).toEqual(["'self'"]);
  });

  it('forbids frames, plugins, base changes and form posts', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy['frame-src']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['form-action']).toEqual(["'none'"]);
  });

  it('lets the desktop page connect only to its own origin, where the hub proxy lives', () => {
    expect(directives(contentSecurityPolicy())['connect-src']).toEqual(["'self'"]);
  });

  it('adds the configured hub for a build that talks to it directly', () => {
    expect(directives(contentSecurityPolicy({ connectSources: ['https://hub.example:8787'] }))['connect-src']).toEqual([
      "'self'",
      'https://hub.example:8787',
    ]);
  });
});

describe('withCspMeta', () => {
  it('replaces an existing policy tag and adds one where there is none', () => {
    expect(
      withCspMeta('<head><meta http-equiv="Content-Security-Policy" content="x"></head>', "default-src 'self'"),
    ).toBe(`<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'" /></head>`);
    expect(withCspMeta('<html><head></head></html>', "default-src 'self'")).toContain(
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="default-src 'self'" />`,
    );
  });
});
