// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ProvisioningScreen } from '../../../../renderer/platform/provisioning/ProvisioningScreen.tsx';
import type { ProvisioningStatus, TongbanBridge } from '../../../../shared/ipc/bridge.ts';

const NEW_MACHINE: ProvisioningStatus = {
  provisioned: false,
  previouslyEnrolled: false,
  technicianPinSet: false,
  technicianUnlockedUntil: null,
  configProblems: [],
  secretsProblem: null,
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

  it('says why when the machine’s state cannot be read, instead of waiting for ever, and tries again', async () => {
    let calls = 0;
    render(
      <ProvisioningScreen
        bridge={bridge({
          getProvisioningStatus: async () => {
            if (++calls === 1) throw new Error("Error invoking remote method 'tongban:get-provisioning-status'");
            return NEW_MACHINE;
          },
        })}
      />,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^操作失败，请重试.*原因：Error invoking remote method/);
    expect(alert.textContent).toContain('The action failed');
    fireEvent.click(screen.getByRole('button', { name: '重试 Try again' }));
    await screen.findByRole('button', { name: '试用演示 Try the demo' });
  });

  it('shows a failed call’s reason and lets the technician go on', async () => {
    render(
      <ProvisioningScreen
        bridge={bridge({
          getProvisioningStatus: async () => NEW_MACHINE,
          setTechnicianPin: async () => {
            throw new Error('disk full');
          },
        })}
      />,
    );
    const input = await screen.findByLabelText(/PIN/);
    fireEvent.change(input, { target: { value: '24681357' } });
    fireEvent.click(screen.getByRole('button', { name: '确定 OK' }));
    expect((await screen.findByRole('alert')).textContent).toContain('原因：disk full');
    fireEvent.change(screen.getByLabelText(/PIN/), { target: { value: '24681357' } });
    expect((screen.getByRole('button', { name: '确定 OK' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains unreadable secrets and resets them only after the technician confirms', async () => {
    const resets: string[] = [];
    const problem = { zh: '本机的凭据文件 secrets.json 已损坏，无法读取。…', en: 'secrets.json is damaged. …' };
    let status: ProvisioningStatus = { ...NEW_MACHINE, secretsProblem: problem, demoAvailable: false };
    render(
      <ProvisioningScreen
        bridge={bridge({
          getProvisioningStatus: async () => status,
          resetSecrets: async () => {
            resets.push('reset');
            status = { ...NEW_MACHINE, demoAvailable: false };
            return { ok: true, value: { folder: '/userData/set-aside/20261126T080000Z' } };
          },
        })}
      />,
    );
    await screen.findByRole('heading', { name: /本机凭据无法读取/ });
    expect(document.body.textContent).toContain('本机的凭据文件 secrets.json 已损坏');
    expect(screen.queryByRole('heading', { name: /设置技术人员 PIN/ })).toBeNull();
    const button = screen.getByRole('button', { name: /重置本机凭据并重新配置/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(button);
    await screen.findByRole('heading', { name: /已重置，正在重新启动/ });
    expect(resets).toEqual(['reset']);
  });
});
