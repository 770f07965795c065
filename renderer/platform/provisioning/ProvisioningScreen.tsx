import { useEffect, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import type {
  BridgeError,
  DemoInfo,
  Language,
  LocalizedText,
  ProvisioningStatus,
  ShellMode,
  TongbanBridge,
} from '../../../shared/ipc/bridge.ts';

/**
 * The first-run screen of a new machine, for the technician who sets it up (and for a newcomer who only wants to see
 * the app: the demo button). Chinese first, English second, as everything a technician reads. It talks only to the
 * bridge; after a successful provisioning the shell replaces this page with the app in the chosen mode.
 */
export function ProvisioningScreen({ bridge }: { bridge: TongbanBridge }) {
  const [status, setStatus] = useState<ProvisioningStatus | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoInfo | null>(null);
  const [done, setDone] = useState(false);
  const [restarting, setRestarting] = useState(false);

  const [loadError, setLoadError] = useState<BridgeError | null>(null);

  const refresh = () =>
    bridge.getProvisioningStatus().then(
      (next) => {
        setStatus(next);
        setLoadError(null);
      },
      (error: unknown) => setLoadError(callFailed(error)),
    );
  useEffect(() => {
    void refresh();
  }, []);

  // Every call is caught: a failure the main process did not put into words still reaches the technician.
  const run = async <T,>(action: () => Promise<{ ok: true; value: T } | { ok: false; error: BridgeError }>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (!result.ok) setError(result.error);
      await refresh();
      return result.ok ? result.value : null;
    } catch (caught) {
      setError(callFailed(caught));
      return null;
    } finally {
      setBusy(false);
    }
  };

  if (!status) {
    return (
      <Page>
        {loadError ? (
          <>
            <div role="alert" style={styles.error}>
              <Text text={loadError.message} />
            </div>
            <button style={styles.primary} onClick={() => void refresh()}>
              重试 Try again
            </button>
          </>
        ) : (
          <p role="status">正在读取本机状态… Reading this machine’s state…</p>
        )}
      </Page>
    );
  }
  const unlocked = status.technicianUnlockedUntil !== null;

  return (
    <Page>
      <h1 style={{ margin: '0 0 4px' }}>通办 · 本机配置</h1>
      <p style={styles.en}>Tongban · Set up this machine</p>

      {(status.configProblems.length > 0 || status.previouslyEnrolled) && (
        <Section title={{ zh: '现有配置无法使用', en: 'The saved configuration cannot be used' }} tone="warning">
          {status.previouslyEnrolled && <Text text={PREVIOUSLY_ENROLLED_HINT} />}
          <ul>
            {status.configProblems.map((problem, i) => (
              <li key={i}>
                <Text text={problem} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {error && (
        <div role="alert" style={styles.error}>
          <Text text={error.message} />
        </div>
      )}

      {restarting ? (
        <Section title={{ zh: '已重置，正在重新启动…', en: 'Reset; restarting…' }}>
          <Text
            text={{
              zh: '旧的凭据、配置和本地数据库已移到用户数据目录的 set-aside 文件夹中。重新启动后请设置技术人员 PIN 并重新登记。',
              en: 'The old credentials, configuration and local database were moved into the set-aside folder of the user-data folder. After the restart, choose the technician PIN and enrol again.',
            }}
          />
        </Section>
      ) : status.secretsProblem ? (
        <SecretsReset
          problem={status.secretsProblem}
          busy={busy}
          onReset={async () => {
            if (await run(() => bridge.resetSecrets())) setRestarting(true);
          }}
        />
      ) : done || demo ? (
        <Section title={{ zh: '配置完成，正在打开…', en: 'Done; opening the app…' }}>
          {demo && (
            <>
              <p>
                演示站点 {demo.siteCode}。可用以下民警登录 / Demo site {demo.siteCode}. Sign in as:
              </p>
              <ul>
                {demo.officers.map((officer) => (
                  <li key={officer.id}>
                    {officer.name}（{officer.id}）PIN <code>{officer.pin}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      ) : (
        <>
          {status.demoAvailable && !status.provisioned && (
            <Section title={{ zh: '第一次使用？', en: 'New here?' }}>
              <p>
                试用演示：在本机启动内置的主岛服务器和演示数据，立即打开一个可用的窗口。
                <br />
                <span style={styles.en}>
                  Try the demo: starts the built-in hub with demo data on this machine and opens a working counter.
                </span>
              </p>
              <button
                style={styles.primary}
                disabled={busy}
                onClick={async () => setDemo(await run(() => bridge.startDemo()))}
              >
                试用演示 Try the demo
              </button>
            </Section>
          )}

          {!status.technicianPinSet ? (
            <PinForm
              title={{ zh: '设置技术人员 PIN', en: 'Choose the technician PIN' }}
              hint={{
                zh: '6 至 12 位数字。之后配置本机、修改设置或退出自助终端都需要此 PIN。',
                en: '6 to 12 digits. Needed from now on to provision this machine, change its settings or leave a kiosk.',
              }}
              busy={busy}
              onSubmit={(pin) => run(() => bridge.setTechnicianPin(pin))}
            />
          ) : !unlocked ? (
            <PinForm
              title={{ zh: '技术人员解锁', en: 'Technician unlock' }}
              busy={busy}
              onSubmit={(pin) => run(() => bridge.unlockTechnician(pin))}
            />
          ) : (
            <>
              <EnrolForm
                busy={busy}
                onSubmit={async (request) => {
                  if (await run(() => bridge.provision(request))) setDone(true);
                }}
              />
              {status.previouslyEnrolled && (
                <button style={styles.secondary} disabled={busy} onClick={() => void run(() => bridge.quitApp())}>
                  退出程序（修复 config.json 后重新启动） Quit the app (to repair config.json, then start it again)
                </button>
              )}
            </>
          )}
        </>
      )}
    </Page>
  );
}

function PinForm(props: {
  title: LocalizedText;
  hint?: LocalizedText;
  busy: boolean;
  onSubmit: (pin: string) => Promise<unknown>;
}) {
  const [pin, setPin] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await props.onSubmit(pin);
    setPin('');
  };
  return (
    <Section title={props.title}>
      {props.hint && <Text text={props.hint} />}
      <form onSubmit={submit} style={styles.form}>
        <Field label={{ zh: 'PIN', en: 'PIN' }}>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            maxLength={12}
            style={styles.input}
          />
        </Field>
        <button type="submit" style={styles.primary} disabled={props.busy || pin.length < 6}>
          确定 OK
        </button>
      </form>
    </Section>
  );
}

function EnrolForm(props: {
  busy: boolean;
  onSubmit: (request: {
    hubUrl: string;
    enrolmentCode: string;
    mode: ShellMode;
    counterNumber: number;
    language: Language;
  }) => Promise<void>;
}) {
  const [hubUrl, setHubUrl] = useState('https://');
  const [enrolmentCode, setCode] = useState('');
  const [mode, setMode] = useState<ShellMode>('counter');
  const [counterNumber, setCounter] = useState(1);
  const [language, setLanguage] = useState<Language>('zh-CN');
  return (
    <Section title={{ zh: '登记到主岛服务器', en: 'Enrol with the hub' }}>
      <Text
        text={{
          zh: '在主岛服务器上运行 npm run hub -- enroll --site <站点> --name <名称> 获取登记码（24 小时内有效，只能用一次）。',
          en: 'Get an enrolment code at the hub with npm run hub -- enroll --site <site> --name <name> (valid 24 hours, once).',
        }}
      />
      <form
        style={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          void props.onSubmit({
            hubUrl: hubUrl.trim(),
            enrolmentCode: enrolmentCode.trim(),
            mode,
            counterNumber,
            language,
          });
        }}
      >
        <Field label={{ zh: '主岛服务器地址', en: 'Hub URL' }}>
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} style={styles.input} />
        </Field>
        <Field label={{ zh: '登记码', en: 'Enrolment code' }}>
          <input
            value={enrolmentCode}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            placeholder="ABCDE-FGHJK"
            style={styles.input}
          />
        </Field>
        <Field label={{ zh: '运行模式', en: 'Mode' }}>
          <select value={mode} onChange={(e) => setMode(e.target.value as ShellMode)} style={styles.input}>
            <option value="counter">窗口 Counter</option>
            <option value="kiosk">自助终端 Kiosk</option>
          </select>
        </Field>
        <Field label={{ zh: '窗口号', en: 'Counter number' }}>
          <input
            type="number"
            min={1}
            max={99}
            value={counterNumber}
            onChange={(e) => setCounter(Number(e.target.value))}
            style={styles.input}
          />
        </Field>
        <Field label={{ zh: '界面语言', en: 'Language' }}>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} style={styles.input}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </Field>
        <button type="submit" style={styles.primary} disabled={props.busy || !enrolmentCode}>
          登记 Enrol
        </button>
      </form>
    </Section>
  );
}

/** The bridge call itself failed (it threw): what the person at the screen reads, with the reason. */
function callFailed(error: unknown): BridgeError {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'bridge-call-failed',
    message: {
      zh: `操作失败，请重试；如仍失败，请导出诊断信息并联系技术支持。原因：${reason}`,
      en: `The action failed; try again, and if it fails again export the diagnostics and contact support. Reason: ${reason}`,
    },
  };
}

/** Unreadable secrets: what is lost, and the technician's reset after an explicit confirmation. */
function SecretsReset(props: { problem: LocalizedText; busy: boolean; onReset: () => Promise<void> }) {
  const [confirmed, setConfirmed] = useState(false);
  return (
    <Section title={{ zh: '本机凭据无法读取', en: "This machine's credentials cannot be read" }} tone="warning">
      <Text text={props.problem} />
      <label style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        <span>
          我是技术人员，已了解本机需要重新登记，本地数据库无法再解密（旧文件保留在 set-aside 文件夹中）。
          <br />
          <span style={styles.en}>
            I am the technician; this machine must be enrolled again and its local database can no longer be decrypted
            (the old files are kept in the set-aside folder).
          </span>
        </span>
      </label>
      <button style={styles.primary} disabled={props.busy || !confirmed} onClick={() => void props.onReset()}>
        重置本机凭据并重新配置 Reset the credentials and set up again
      </button>
    </Section>
  );
}

/** For the technician in front of a machine that was enrolled once and whose configuration broke. */
const PREVIOUSLY_ENROLLED_HINT: LocalizedText = {
  zh: '本机曾登记到主岛服务器，但配置文件 config.json 已损坏或缺失。本机的设备凭据仍保留，不会被演示覆盖。请技术人员输入 PIN 解锁后：在主岛服务器生成新的登记码重新登记（将替换原设备凭据，本机数据保留）；或退出程序、修复 config.json 后重新启动。',
  en: 'This machine was enrolled with a hub, but its config.json is damaged or missing. Its device token is still kept and the demo cannot overwrite it. A technician unlocks with the PIN, then either enrols again with a new code from the hub (this replaces the device token; local data is kept) or quits the app, repairs config.json and starts it again.',
};

const Text = ({ text }: { text: LocalizedText }) => (
  <p>
    {text.zh}
    <br />
    <span style={styles.en}>{text.en}</span>
  </p>
);

const Field = ({ label, children }: { label: LocalizedText; children: ReactNode }) => (
  <label style={{ display: 'grid', gap: 4 }}>
    <span>
      {label.zh} <span style={styles.en}>{label.en}</span>
    </span>
    {children}
  </label>
);

const Section = ({ title, tone, children }: { title: LocalizedText; tone?: 'warning'; children: ReactNode }) => (
  <section style={{ ...styles.section, ...(tone === 'warning' ? { borderColor: '#d97706' } : {}) }}>
    <h2 style={{ margin: '0 0 8px', fontSize: 20 }}>
      {title.zh} <span style={styles.en}>{title.en}</span>
    </h2>
    {children}
  </section>
);

const Page = ({ children }: { children: ReactNode }) => (
  <main
    style={{
      maxWidth: 720,
      margin: '40px auto',
      padding: '0 24px',
      fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
      color: '#1f2933',
    }}
  >
    {children}
  </main>
);

const styles = {
  en: { color: '#52606d', fontSize: '0.9em' },
  section: { border: '1px solid #cbd2d9', borderRadius: 8, padding: 16, margin: '16px 0' },
  form: { display: 'grid', gap: 12, maxWidth: 420 },
  input: { fontSize: 18, padding: '6px 8px' },
  primary: { fontSize: 18, padding: '8px 16px', cursor: 'pointer', justifySelf: 'start' },
  secondary: { fontSize: 16, padding: '6px 12px', cursor: 'pointer' },
  error: { background: '#fde8e8', border: '1px solid #e12d39', borderRadius: 8, padding: '4px 16px', margin: '16px 0' },
} satisfies Record<string, CSSProperties>;
