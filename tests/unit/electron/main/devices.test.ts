import { describe, expect, it } from 'vitest';
import { Devices } from '../../../../electron/main/devices/index.ts';
import { SIMULATED_CARDS, createIdCardReader } from '../../../../electron/main/devices/id-card-reader.ts';
import { IPC_EVENTS, type IdCardRead } from '../../../../shared/ipc/bridge.ts';
import { validateResidentId } from '../../../../shared/domain/identity/index.ts';
import { RecordingLogger } from '../../../helpers/fake-electron.ts';

const devices = () => {
  const sent: Array<{ channel: string; card: IdCardRead }> = [];
  const instance = new Devices({
    log: new RecordingLogger(),
    sendToApp: (channel, card) => sent.push({ channel, card: card as IdCardRead }),
  });
  return { instance, sent };
};

describe('the simulated ID-card reader', () => {
  it('has sample cards whose ID numbers pass the national check and match their birth date and sex', () => {
    for (const card of SIMULATED_CARDS) {
      const result = validateResidentId(card.idNumber, { today: '2026-11-26' });
      expect(result.ok, card.idNumber).toBe(true);
      expect(result).toMatchObject({ value: card.idNumber, birthDate: card.birthDate, sex: card.sex });
    }
  });

  it('is the driver chosen by "simulated", and no driver is made for "none"', () => {
    expect(createIdCardReader('simulated')?.name).toBe('simulated');
    expect(createIdCardReader('none')).toBeNull();
  });
});

describe('Devices', () => {
  it('delivers each simulated read to the app window with name, ID number, address and photo', async () => {
    const { instance, sent } = devices();
    await instance.configure('simulated');
    expect(instance.simulateIdCardRead()).toEqual({ ok: true, value: undefined });
    expect(instance.simulateIdCardRead()).toEqual({ ok: true, value: undefined });
    expect(sent.map((s) => s.channel)).toEqual([IPC_EVENTS.idCardRead, IPC_EVENTS.idCardRead]);
    expect(sent[0]?.card).toMatchObject({
      name: SIMULATED_CARDS[0]!.name,
      idNumber: SIMULATED_CARDS[0]!.idNumber,
      address: SIMULATED_CARDS[0]!.address,
      driver: 'simulated',
      photo: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    });
    expect(sent[1]?.card.idNumber).toBe(SIMULATED_CARDS[1]!.idNumber);
  });

  it('refuses a simulated read on a machine with a real reader or none, and stops reading when reconfigured', async () => {
    const { instance, sent } = devices();
    await instance.configure('none');
    expect(instance.simulateIdCardRead()).toMatchObject({ ok: false, error: { code: 'reader-not-simulated' } });
    await instance.configure('simulated');
    await instance.configure('none');
    expect(instance.simulateIdCardRead()).toMatchObject({ ok: false });
    expect(sent).toEqual([]);
  });
});
