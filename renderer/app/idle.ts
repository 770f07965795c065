/**
 * Work that can wait until the page has nothing else to do: after the current task, the next frame and any input,
 * so that it never delays what the officer is waiting for (a receipt on screen, a keystroke). `timeoutMs` bounds the
 * wait on a page that is never idle. Where `requestIdleCallback` is missing (happy-dom and Node in tests), a timer of
 * zero stands in.
 */
export function whenIdle(task: () => void, timeoutMs = 1_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 0);
  return () => clearTimeout(timer);
}

/** Resolves when the page is next idle (see `whenIdle`). */
export function nextIdle(timeoutMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    whenIdle(resolve, timeoutMs);
  });
}
