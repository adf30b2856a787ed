import type { EndInitiator, StreamSession } from './stream-session.js';

/** The running and prepared sessions of one camera, by HomeKit session id. */
export class SessionRegistry {
  private readonly sessions = new Map<string, StreamSession>();

  add(session: StreamSession): void {
    this.sessions.set(session.id, session);
  }

  get(id: string): StreamSession | undefined {
    return this.sessions.get(id);
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Stops every session (or those `which` picks); resolves once they have let go of ffmpeg and their sockets. */
  async stopAll(reason: string, initiator: EndInitiator, which: (session: StreamSession) => boolean = () => true): Promise<void> {
    await Promise.all([...this.sessions.values()].filter(which).map((session) => session.stop(reason, initiator)));
  }

  some(which: (session: StreamSession) => boolean): boolean {
    return [...this.sessions.values()].some(which);
  }
}
