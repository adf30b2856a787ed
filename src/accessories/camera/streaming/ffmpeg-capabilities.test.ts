import { parseEncoders, probeFfmpeg } from './ffmpeg-capabilities.js';

describe('ffmpeg capabilities', () => {
  test('encoder names come out of `ffmpeg -encoders`, the legend does not', () => {
    const listing = [
      'Encoders:',
      ' V..... = Video',
      ' A..... = Audio',
      ' ------',
      ' V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC',
      ' A..X.. opus                 Opus',
      ' A..... libopus              libopus Opus (codec opus)',
      ' A..... libfdk_aac           Fraunhofer FDK AAC (codec aac)',
    ].join('\n');
    expect([...parseEncoders(listing)].sort()).toEqual(['libfdk_aac', 'libopus', 'libx264', 'opus']);
  });

  test('a missing ffmpeg is reported by path, not thrown', async () => {
    const result = await probeFfmpeg('/nonexistent/trygr-ffmpeg');
    expect(result).toEqual({ available: false, path: '/nonexistent/trygr-ffmpeg', problem: 'ffmpeg was not found at "/nonexistent/trygr-ffmpeg"' });
  });
});
