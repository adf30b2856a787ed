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

  /** Stops every session; resolves once all of them have let go of ffmpeg and their sockets. */
  async stopAll(reason: string, initiator: EndInitiator): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.stop(reason, initiator)));
  }
}
