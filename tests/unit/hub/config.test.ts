import { expect, it } from 'vitest';
import { ConfigError, exposureNotice, hubConfigFromEnv } from '../../../hub/config.ts';

it('tells the technician, Chinese first, that HOST=0.0.0.0 opens the hub to the whole network', () => {
  const notice = exposureNotice(hubConfigFromEnv({ HOST: '0.0.0.0', PORT: '8787' }));
  expect(notice).toMatch(/^注意：中心在本机所有网络接口上监听.*HOST=0\.0\.0\.0.* \/ note: .*every network interface/);
});

it('names a LAN address the hub is bound to, and says nothing for loopback', () => {
  expect(exposureNotice(hubConfigFromEnv({ HOST: '192.168.10.5' }))).toContain('192.168.10.5');
  expect(exposureNotice(hubConfigFromEnv({}))).toBeUndefined();
  expect(exposureNotice(hubConfigFromEnv({ HOST: 'localhost' }))).toBeUndefined();
});

it('reads PORT strictly: 8787 when unset or empty, a refusal naming PORT for "abc", "80x" or 70000', () => {
  expect(hubConfigFromEnv({}).port).toBe(8787);
  expect(hubConfigFromEnv({ PORT: '' }).port).toBe(8787);
  expect(hubConfigFromEnv({ PORT: '9000' }).port).toBe(9000);
  for (const PORT of ['abc', '80x', '70000', '-1', '1e3'])
    expect(() => hubConfigFromEnv({ PORT })).toThrow(ConfigError);
  expect(() => hubConfigFromEnv({ PORT: 'abc' })).toThrow(/^PORT 应为.* \/ PORT must be/);
});
