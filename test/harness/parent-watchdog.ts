/**
 * Makes the Homebridge child end itself when the test runner that spawned it is gone.
 *
 * Why: the harness kills its children on every orderly exit path, but a runner killed with SIGKILL
 * (or a crashed worker) runs no handlers; without this the child would keep its port and pairing.
 * Only the process whose parent is the named runner arms the watchdog: child bridges inherit the
 * environment but their parent is Homebridge, which already ends them when it stops.
 */
export const PARENT_PID_ENV = 'TRYGR_HARNESS_PARENT_PID';

const CHECK_EVERY_MS = 1000;

export function shouldArmWatchdog(expectedParent: string | undefined, actualParent: number): boolean {
  return expectedParent !== undefined && Number(expectedParent) === actualParent;
}

export function installParentWatchdog(): void {
  const expected = process.env[PARENT_PID_ENV];
  if (!shouldArmWatchdog(expected, process.ppid)) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    // process.ppid is read from the OS on each access; it changes to the reaper once the runner dies.
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.stderr.write('[parent-watchdog] test runner is gone; shutting Homebridge down\n');
    process.kill(process.pid, 'SIGTERM');
  }, CHECK_EVERY_MS);
  timer.unref();
}
