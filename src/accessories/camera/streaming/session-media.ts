import type { RtpPacket } from 'werift-rtp';
import type { HomeKitAudio } from './audio-plan.js';

/** What HomeKit selected in the START command (from hap-nodejs VideoInfo and AudioInfo). */
export interface StreamSelection {
  video: { payloadType: number; rtcpInterval: number; width: number; height: number; mtu: number };
  audio: HomeKitAudio & { rtcpInterval: number };
}

export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** Where a media source delivers: the session protects and sends, and watches the clock. */
export interface MediaSink {
  video(rtp: RtpPacket): void;
  audio(rtp: RtpPacket): void;
  /** The source is connected; from now on video is expected within the session's limit. */
  answered(): void;
  /** The source is gone or failed; the session ends with this reason. */
  end(reason: string): void;
}

/** What a stream shows: Ring's live call, or the privacy placeholder. */
export interface SessionMedia {
  /** Why the source already failed before START, if it did. */
  readonly failure: string | undefined;
  /** Called once the source fails before START (the session then ends early). */
  onFailure(listener: (reason: string) => void): void;
  start(selection: StreamSelection, sink: MediaSink): void;
  /** Decrypted talk-back RTP from HomeKit. */
  talkback(rtp: Buffer): void;
  /** Releases everything (processes, sockets, the Ring call); resolves once they are gone. */
  stop(): Promise<void>;
}
