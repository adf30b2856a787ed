/**
 * sharp, loaded on the first image that needs it rather than with the plugin: libvips is several
 * megabytes of native code and start-up allocations, and a home without privacy rules forwards
 * Ring's JPEGs as they are (jpeg-segments.ts), so it may never decode or draw one.
 *
 * A load that fails rejects every caller: the image paths treat that like any render failure and
 * answer with an error, never with the camera's picture.
 */
import type Sharp from 'sharp';

export type SharpFactory = typeof Sharp;

let loading: Promise<SharpFactory> | undefined;

export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(
    (module) => module.default,
    (error: unknown) => {
      throw new Error(`the image library (sharp) could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    },
  );
  return loading;
}
