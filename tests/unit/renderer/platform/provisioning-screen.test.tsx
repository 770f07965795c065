// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { ProvisioningScreen } from '../../../../renderer/platform/provisioning/ProvisioningScreen.tsx';
import type { ProvisioningStatus, TongbanBridge } from '../../../../shared/ipc/bridge.ts';

const NEW_MACHINE: ProvisioningStatus = {
  provisioned: false,
  previouslyEnrolled: false,
  technicianPinSet: false,
  technicianUnlockedUntil: null,
  configProblems: [],
  demoAvailable: true,
};

/** The provisioning screen talks only to the bridge; this one answers from `calls`, and throws what they throw. */
function bridge(calls: Partial<TongbanBridge>): TongbanBridge {
  return new Proxy(calls, {
    get: (target, key: string) =>
      target[key as keyof TongbanBridge] ??
      (() => {
        throw new Error(`unexpected bridge call ${key}`);
      }),
  }) as TongbanBridge;
}

afterEach(cleanup);

describe('the provisioning screen', () => {
  it('offers the demo on a new machine', async () => {
    render(<ProvisioningScreen bridge={bridge({ getProvisioningStatus: async () => NEW_MACHINE })} />);
    await screen.findByRole('button', { name: '试用演示 Try the demo' });
  });

  it('tells the technician an enrolled machine’s configuration broke, and offers no demo', async () => {
    const status: ProvisioningStatus = {
      ...NEW_MACHINE,
      previouslyEnrolled: true,
      technicianPinSet: true,
      demoAvailable: false,
      configProblems: [{ zh: 'config.json 含有未知字段 x', en: 'config.json has an unknown field "x"' }],
    };
    render(<ProvisioningScreen bridge={bridge({ getProvisioningStatus: async () => status })} />);
    await screen.findByRole('heading', { name: /现有配置无法使用/ });
    const text = document.body.textContent!;
    expect(text).toContain('本机曾登记到主岛服务器，但配置文件 config.json 已损坏或缺失');
    expect(text.indexOf('本机曾登记')).toBeLessThan(text.indexOf('This machine was enrolled'));
    expect(text).toContain('config.json 含有未知字段 x');
    expect(screen.queryByRole('button', { name: /试用演示/ })).toBeNull();
    await waitFor(() => expect(screen.getByRole('heading', { name: /技术人员解锁/ })).toBeTruthy());
  });
});
